"""The files a commune receives: scans and photos (OCR), old Word files, .odt, header tables, and
hostile files, each refused with a clear Vietnamese message.

The scans are made here: a known paper is rendered with Typst, drawn as a picture, turned a little,
sprinkled with noise, lit unevenly, saved as PNG, JPEG or a PDF without text, and read back. The
expected fields are the ones the paper was made with. Tests that need Tesseract or LibreOffice carry
the marker `ocr`; the others run everywhere.
"""

import datetime as dt
import io
import os
import random
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from thidua.documents.builders import bullets, heading, paras
from thidua.documents.model import Block, BlockKind, Document, Signer
from thidua.documents.reader import DocumentReadError, read_document
from thidua.lib.limits import LimitExceeded, Limits, bounded

DECISION = Document(
    doc_type="QUYẾT ĐỊNH",
    issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
    parent_issuer="UBND HUYỆN GIỒNG TRÔM",
    number="37",
    symbol="QĐ-UBND",
    place="Mỹ Thạnh",
    date=dt.date(2024, 12, 18),
    abstract="Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích trong phong trào thi đua năm 2024",
    authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
    bases=[
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Xét đề nghị của công chức Văn phòng – Thống kê xã",
    ],
    body=[
        Block(
            kind=BlockKind.ARTICLE, label="1", level=1, text="Tặng Giấy khen cho 03 tập thể và 05 cá nhân."
        ),
        Block(
            kind=BlockKind.ARTICLE, label="2", level=1, text="Mỗi tập thể, cá nhân được thưởng theo quy định."
        ),
        Block(
            kind=BlockKind.ARTICLE, label="3", level=1, text="Văn phòng xã và các tập thể, cá nhân thi hành."
        ),
    ],
    signer=Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
    recipients=["Như Điều 3", "Lưu: VT"],
)

PLAN = Document(
    doc_type="KẾ HOẠCH",
    issuer="ỦY BAN NHÂN DÂN XÃ TÂN HÒA",
    parent_issuer="UBND HUYỆN CHÂU THÀNH",
    number="105",
    symbol="KH-UBND",
    place="Tân Hòa",
    date=dt.date(2025, 3, 4),
    abstract="Tổ chức phong trào thi đua “Dân vận khéo” năm 2025",
    body=[
        heading(
            "I",
            1,
            "MỤC ĐÍCH, YÊU CẦU",
            paras(["Phát huy vai trò của cán bộ, công chức trong công tác dân vận."]),
        ),
        heading(
            "II",
            1,
            "NỘI DUNG",
            bullets(
                ["Xây dựng mô hình dân vận khéo ở mỗi ấp.", "Biểu dương điển hình tiên tiến vào cuối năm."]
            ),
        ),
    ],
    signer=Signer(title_lines=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name="Lê Thị Bích Ngọc"),
    recipients=["UBND huyện", "Lưu: VT"],
)

HEADER_FIELDS = ("issuer", "number_symbol", "date", "doc_type", "signer_name")


def _expected(model: Document) -> dict:
    return {
        "issuer": model.issuer,
        "number_symbol": f"{model.number}/{model.symbol}",
        "date": model.date.isoformat(),
        "doc_type": model.doc_type,
        "signer_name": model.signer.name,
    }


def _fields(parsed) -> dict:
    data = parsed.to_json()
    return {key: data[key] for key in HEADER_FIELDS}


def _page(model: Document, dpi: int = 300) -> Image.Image:
    """The first page of the paper as Typst prints it, drawn in grey at `dpi`."""
    import pypdfium2 as pdfium

    from thidua.documents.render_pdf import render_pdf

    pdf = pdfium.PdfDocument(render_pdf(model))
    try:
        return pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def _scanned(page: Image.Image, *, angle: float, seed: int, specks: int = 400) -> Image.Image:
    """The page as a scanner gives it back: slightly turned, with grey grain and dark specks."""
    rnd = random.Random(seed)
    turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    grain = Image.effect_noise(turned.size, 18).point(lambda v: v - 128)
    scan = Image.blend(turned, Image.merge("L", [grain]).convert("L"), 0.08)
    draw = ImageDraw.Draw(scan)
    for _ in range(specks):
        x, y = rnd.randrange(scan.width), rnd.randrange(scan.height)
        draw.ellipse((x, y, x + rnd.randint(1, 3), y + rnd.randint(1, 3)), fill=rnd.randint(0, 90))
    return scan


def _photographed(page: Image.Image, *, angle: float) -> Image.Image:
    """The page as a phone photographs it on a desk: smaller, turned, lit from one side (the far
    side a third darker), slightly blurred, in colour."""
    small = page.resize((page.width * 2 // 3, page.height * 2 // 3), Image.Resampling.LANCZOS)
    turned = small.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=235)
    light = Image.linear_gradient("L").rotate(90).resize(turned.size).point(lambda v: 255 - v // 3)
    lit = Image.composite(turned, Image.new("L", turned.size, 0), light)
    lit = Image.eval(Image.merge("RGB", [lit, lit, lit]), lambda v: v)
    lit = Image.blend(lit, Image.new("RGB", lit.size, (180, 150, 120)), 0.06)  # a warm lamp
    return lit.filter(ImageFilter.GaussianBlur(0.6))


def _bytes(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


# --- scans and photos (Tesseract) -----------------------------------------------------------


@pytest.mark.ocr
@pytest.mark.parametrize(("model", "angle", "fmt"), [(DECISION, 1.5, "PNG"), (PLAN, -2.0, "JPEG")])
def test_a_scan_is_read_by_ocr_with_its_header_and_signer(model, angle, fmt):
    scan = _scanned(_page(model), angle=angle, seed=7)
    parsed = read_document(_bytes(scan, fmt, quality=75) if fmt == "JPEG" else _bytes(scan, fmt), "scan.img")
    assert _fields(parsed) == _expected(model)
    assert parsed.document.place == model.place
    assert any("nhận dạng chữ (OCR)" in w for w in parsed.warnings)


@pytest.mark.ocr
@pytest.mark.parametrize("turn", [90, 180])
def test_a_page_scanned_on_its_side_or_upside_down_is_turned_upright(turn):
    scan = _scanned(_page(PLAN), angle=0.5, seed=3).rotate(turn, expand=True)
    parsed = read_document(_bytes(scan, "PNG"), "nghieng.png")
    assert _fields(parsed) == _expected(PLAN)


@pytest.mark.ocr
def test_a_phone_photo_lit_from_one_side_is_read():
    photo = _photographed(_page(DECISION), angle=-1.2)
    parsed = read_document(_bytes(photo, "JPEG", quality=85), "anh-chup.jpg")
    assert _fields(parsed) == _expected(DECISION)


@pytest.mark.ocr
def test_a_pdf_without_a_text_layer_is_read_page_by_page_by_ocr():
    first = _scanned(_page(PLAN, dpi=200), angle=1.0, seed=3).convert("RGB")
    second = _scanned(Image.new("L", first.size, 255), angle=0, seed=4).convert("RGB")
    pdf = _bytes(first, "PDF", resolution=200, save_all=True, append_images=[second])
    parsed = read_document(pdf, "ban-scan.pdf")
    assert _fields(parsed) == _expected(PLAN)
    assert any("nhận dạng chữ (OCR)" in w for w in parsed.warnings)


@pytest.mark.ocr
def test_a_pdf_whose_first_page_is_scanned_and_the_rest_typed_reads_both():
    from pypdf import PdfReader, PdfWriter

    from thidua.documents.render_pdf import render_pdf

    scan = _scanned(_page(DECISION), angle=-1.0, seed=8).convert("RGB")
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_bytes(scan, "PDF", resolution=300))))
    writer.append(PdfReader(io.BytesIO(render_pdf(PLAN))))
    out = io.BytesIO()
    writer.write(out)
    parsed = read_document(out.getvalue(), "mot-phan-scan.pdf")
    assert _fields(parsed)["number_symbol"] == "37/QĐ-UBND"  # from the scanned first page
    assert "Dân vận khéo" in str(parsed.to_json())  # from the typed second page
    assert any("nhận dạng chữ (OCR)" in w for w in parsed.warnings)


@pytest.mark.ocr
def test_ocr_reads_at_most_the_pages_of_the_setting_and_says_so(settings):
    settings.THIDUA_OCR_MAX_PAGES = 1
    page = _scanned(_page(DECISION), angle=0.5, seed=5).convert("RGB")
    pdf = _bytes(page, "PDF", resolution=300, save_all=True, append_images=[page, page])
    parsed = read_document(pdf, "ba-trang.pdf")
    assert parsed.document.number == DECISION.number
    assert any("có 3 trang; chỉ 1 trang đầu" in w for w in parsed.warnings)


@pytest.mark.ocr
def test_a_picture_without_a_document_is_told_so():
    """A cat, as far as a test can draw one: fur of noise, two eyes, ears, whiskers."""
    rnd = random.Random(11)
    cat = Image.merge("RGB", [Image.effect_noise((900, 700), 60)] * 3)
    draw = ImageDraw.Draw(cat)
    draw.ellipse((250, 200, 650, 600), fill=(200, 140, 60))
    draw.polygon([(260, 300), (300, 120), (380, 230)], fill=(190, 130, 50))
    draw.polygon([(640, 300), (600, 120), (520, 230)], fill=(190, 130, 50))
    for x in (360, 540):
        draw.ellipse((x - 30, 330, x + 30, 390), fill=(120, 200, 80))
        draw.ellipse((x - 8, 335, x + 8, 385), fill=(10, 10, 10))
    for _ in range(6):
        y = rnd.randint(440, 480)
        draw.line((450, 460, rnd.choice((150, 750)), y), fill=(240, 240, 240), width=2)
    with pytest.raises(DocumentReadError, match="Không tìm thấy chữ của một văn bản"):
        read_document(_bytes(cat, "JPEG", quality=90), "meo.jpg")


@pytest.mark.ocr
def test_a_blank_scanned_pdf_is_told_to_have_no_text():
    blank = _scanned(Image.new("L", (1654, 2339), 255), angle=0, seed=1).convert("RGB")
    with pytest.raises(DocumentReadError, match="không có lớp chữ.*không tìm thấy văn bản"):
        read_document(_bytes(blank, "PDF", resolution=200), "trang-trang.pdf")


# --- old Word files and RTF (LibreOffice) ---------------------------------------------------


def _converted(data: bytes, suffix: str, target: str, tmp_path: Path) -> bytes:
    source = tmp_path / f"paper{suffix}"
    source.write_bytes(data)
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / f"paper.{target.split(':')[0]}").read_bytes()


@pytest.mark.ocr
@pytest.mark.parametrize("target", ["doc:MS Word 97", "rtf"])
def test_an_old_word_file_is_read_through_libreoffice(target, tmp_path):
    from thidua.documents.render_docx import render_docx

    old = _converted(render_docx(DECISION), ".docx", target, tmp_path)
    parsed = read_document(old, f"cu.{target[:3]}")
    assert _fields(parsed) == _expected(DECISION)
    assert parsed.document.parent_issuer == DECISION.parent_issuer


@pytest.mark.ocr
def test_libreoffice_over_its_time_is_stopped_with_all_its_processes(settings, tmp_path):
    from thidua.documents.render_docx import render_docx

    old = _converted(render_docx(PLAN), ".docx", "doc:MS Word 97", tmp_path)
    settings.THIDUA_OFFICE_SECONDS = 0.3
    with pytest.raises(DocumentReadError, match="quá 0.3 giây"):
        read_document(old, "cham.doc")
    assert _gone("thidua-office-")


@pytest.mark.ocr
def test_an_odt_written_by_libreoffice_is_read(tmp_path):
    from thidua.documents.render_docx import render_docx

    odt = _converted(render_docx(PLAN), ".docx", "odt", tmp_path)
    parsed = read_document(odt, "ke-hoach.odt")
    assert _fields(parsed) == _expected(PLAN)
    assert parsed.document.signer.title_lines == PLAN.signer.title_lines


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(int(entry))
    return found


# --- tools missing: said, with what to install (no tool needed) -----------------------------


def test_a_missing_tesseract_is_named_with_its_packages(settings):
    settings.THIDUA_TESSERACT = "tesseract-khong-co"
    page = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(page).text((100, 100), "QUYẾT ĐỊNH", fill=0)
    with pytest.raises(DocumentReadError, match="chưa cài Tesseract.*tesseract-ocr-vie"):
        read_document(_bytes(page, "PNG"), "scan.png")
    with pytest.raises(DocumentReadError, match="không có lớp chữ.*chưa cài Tesseract"):
        read_document(_bytes(page.convert("RGB"), "PDF"), "scan.pdf")


def test_a_tesseract_without_vietnamese_data_is_named_with_its_package(settings, tmp_path):
    english_only = tmp_path / "tesseract"
    english_only.write_text('#!/bin/sh\necho "List of available languages (2):"\necho eng\necho osd\n')
    english_only.chmod(0o755)
    settings.THIDUA_TESSERACT = str(english_only)
    page = Image.new("L", (1240, 1754), 255)
    with pytest.raises(DocumentReadError, match="chưa có dữ liệu tiếng Việt.*tesseract-ocr-vie"):
        read_document(_bytes(page, "PNG"), "scan.png")


def test_a_missing_libreoffice_is_named_for_an_old_word_file(settings):
    settings.THIDUA_SOFFICE = "soffice-khong-co"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    with pytest.raises(DocumentReadError, match="chưa cài LibreOffice.*libreoffice-writer-nogui"):
        read_document(ole, "cu.doc")


# --- .odt and .docx whose header is a table (no tool needed) -------------------------------

_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def _odt(body: str) -> bytes:
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS}><office:body><office:text>{body}</office:text></office:body></office:document-content>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _cell(*paragraphs: str, **attrs: str) -> str:
    extra = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f"<table:table-cell{extra}>"
        + "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
        + "</table:table-cell>"
    )


ODT_HEADER = (
    "<table:table><table:table-column table:number-columns-repeated='2'/>"
    "<table:table-row>"
    + _cell("UBND HUYỆN GIỒNG TRÔM", "<text:span>ỦY BAN NHÂN DÂN</text:span> XÃ MỸ THẠNH")
    + _cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    + "</table:table-row><table:table-row>"
    + _cell("Số:<text:s text:c='2'/>37/QĐ‑UBND")
    + _cell("Mỹ Thạnh, ngày 18 tháng 12 năm 2024")
    + "</table:table-row></table:table>"
)
ODT_BODY = (
    "<text:p>QUYẾT ĐỊNH</text:p>"
    "<text:p>Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích trong phong trào thi đua năm 2024</text:p>"
    "<text:p>CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH</text:p>"
    "<text:p>Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;</text:p>"
    "<text:p>QUYẾT ĐỊNH:</text:p>"
    "<text:p>Điều 1. Tặng Giấy khen cho 03 tập thể và 05 cá nhân.<text:note><text:note-body>"
    "<text:p>chú thích</text:p></text:note-body></text:note></text:p>"
    "<text:list><text:list-item><text:p>Điều 2. Văn phòng xã thi hành Quyết định này.</text:p></text:list-item></text:list>"
    "<table:table><table:table-row>"
    + _cell("Nơi nhận:", "- Như Điều 2;", "- Lưu: VT.")
    + _cell("CHỦ TỊCH", "", "Phạm Thanh Diễn")
    + "</table:table-row></table:table>"
)


def test_an_odt_with_a_header_table_is_read_column_by_column():
    parsed = read_document(_odt(ODT_HEADER + ODT_BODY), "quyet-dinh.odt")
    assert _fields(parsed) == _expected(DECISION)
    assert parsed.document.parent_issuer == "UBND HUYỆN GIỒNG TRÔM"
    assert parsed.document.place == "Mỹ Thạnh"
    assert "chú thích" not in str(parsed.to_json())  # a footnote is not the body


def test_an_odt_header_with_a_merged_cell_keeps_each_line_once():
    merged = (
        "<table:table><table:table-row>"
        + _cell(
            "UBND HUYỆN GIỒNG TRÔM", "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH", "Số: 37/QĐ-UBND", number_rows_spanned="2"
        )
        + _cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
        + "</table:table-row><table:table-row><table:covered-table-cell/>"
        + _cell("Mỹ Thạnh, ngày 18 tháng 12 năm 2024")
        + "</table:table-row></table:table>"
    )
    parsed = read_document(_odt(merged + ODT_BODY), "quyet-dinh.odt")
    assert _fields(parsed) == _expected(DECISION)
    assert not any("37/QĐ-UBND" in w for w in parsed.warnings)


def test_a_docx_whose_header_is_a_table_is_read_column_by_column():
    import docx

    word = docx.Document()
    header = word.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND HUYỆN CHÂU THÀNH\nỦY BAN NHÂN DÂN XÃ TÂN HÒA"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 105/KH-UBND"
    header.cell(1, 1).text = "Tân Hòa, ngày 04 tháng 3 năm 2025"
    for text in (
        "KẾ HOẠCH",
        "Tổ chức phong trào thi đua “Dân vận khéo” năm 2025",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Phát huy vai trò của cán bộ, công chức trong công tác dân vận.",
    ):
        word.add_paragraph(text)
    signature = word.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "Nơi nhận:\n- UBND huyện;\n- Lưu: VT."
    signature.cell(0, 1).text = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nLê Thị Bích Ngọc"
    out = io.BytesIO()
    word.save(out)
    parsed = read_document(out.getvalue(), "ke-hoach.docx")
    assert _fields(parsed) == _expected(PLAN)
    assert parsed.document.parent_issuer == "UBND HUYỆN CHÂU THÀNH"
    assert parsed.document.signer.title_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


# --- hostile and broken files (no tool needed) ----------------------------------------------


def _bomb(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("names", "filename"),
    [
        ({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<" + b" " * (60 << 20)}, "bom.docx"),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b" " * (60 << 20)},
            "bom.odt",
        ),
    ],
)
def test_a_zip_bomb_posing_as_a_document_is_refused_from_its_directory(names, filename):
    data = _bomb(names)
    assert len(data) < 200_000
    with pytest.raises(DocumentReadError, match="bom nén"):
        read_document(data, filename)


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 is the catalogue), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def test_a_pdf_declaring_a_million_pages_is_refused():
    pdf = _raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>", PAGE]
    )
    with pytest.raises(DocumentReadError, match="quá nhiều trang \\(1.000.000\\)"):
        read_document(pdf, "trieu-trang.pdf")


def test_a_pdf_holding_a_million_pages_in_a_few_bytes_is_refused_quickly():
    """A page tree that lists the same branch a thousand times, each listing one page a thousand
    times, while declaring a single page."""
    kids = b" ".join([b"4 0 R"] * 1000)
    leaves = b" ".join([b"3 0 R"] * 1000)
    pdf = _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>",
            PAGE,
            b"<< /Type /Pages /Parent 2 0 R /Kids [" + leaves + b"] /Count 1 >>",
        ]
    )
    started = time.monotonic()
    with pytest.raises(DocumentReadError, match="quá nhiều trang"):
        read_document(pdf, "cay-trang.pdf")
    assert time.monotonic() - started < 10


def test_a_pdf_whose_page_tree_loops_is_refused():
    pdf = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])
    with pytest.raises(DocumentReadError, match="quá nhiều trang|PDF bị hỏng"):
        read_document(pdf, "vong.pdf")


def test_a_pdf_locked_with_a_password_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="mat-khau", owner_password="chu")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DocumentReadError, match="mật khẩu"):
        read_document(out.getvalue(), "khoa.pdf")


def test_a_word_file_locked_with_a_password_is_refused():
    locked = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 500
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 500
    )
    with pytest.raises(DocumentReadError, match="mật khẩu"):
        read_document(locked, "khoa.docx")


def test_a_text_of_50_mb_is_refused_before_it_is_read():
    started = time.monotonic()
    with pytest.raises(DocumentReadError, match="quá lớn \\(50 MB\\)"):
        read_document(("Căn cứ Luật Thi đua, khen thưởng;\n" * 1_600_000).encode()[: 50 << 20], "dai.txt")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_get_a_vietnamese_message(seed):
    data = random.Random(seed).randbytes(200_000)
    with pytest.raises(DocumentReadError):
        read_document(data, "ngau-nhien.bin")


@pytest.mark.parametrize(
    ("magic", "filename"),
    [
        (b"%PDF-1.7\n", "a.pdf"),
        (b"\x89PNG\r\n\x1a\n", "a.png"),
        (b"\xff\xd8\xff\xe0", "a.jpg"),
        (b"PK\x03\x04", "a.odt"),
    ],
)
def test_random_bytes_behind_a_real_signature_get_a_vietnamese_message(magic, filename):
    data = magic + random.Random(9).randbytes(50_000)
    with pytest.raises(DocumentReadError, match="hỏng"):
        read_document(data, filename)


def test_an_iphone_heic_photo_is_told_how_to_send_it_instead():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + random.Random(3).randbytes(5000)
    with pytest.raises(DocumentReadError, match="HEIC.*JPEG"):
        read_document(heic, "IMG_0001.HEIC")


def test_a_truncated_photo_is_told_to_be_broken():
    page = Image.new("RGB", (1200, 1600), "white")
    ImageDraw.Draw(page).rectangle((100, 100, 1100, 300), fill="black")
    whole = _bytes(page, "PNG")
    with pytest.raises(DocumentReadError, match="Ảnh bị hỏng hoặc không trọn vẹn"):
        read_document(whole[: len(whole) // 2], "cat-doi.png")


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded():
    huge = _bytes(Image.new("1", (9000, 8000), 1), "PNG")
    assert len(huge) < 1_000_000
    with pytest.raises(DocumentReadError, match="Ảnh quá lớn"):
        read_document(huge, "khong-lo.png")


def test_a_converter_left_running_is_killed_with_the_reading():
    """What the reading started (here a `sleep` in a process group of its own, as a converter
    runs) dies with it when the reading is over its time."""
    seconds = f"3{os.getpid()}{random.randrange(10**6)}"

    def reading() -> None:
        subprocess.Popen(["sleep", seconds], process_group=0)
        time.sleep(60)

    with pytest.raises(LimitExceeded, match="quá 1 giây"):
        bounded(reading, limits=Limits(parse_seconds=1))
    assert _gone(seconds)


def _gone(marker: str) -> bool:
    """No process with `marker` is left: a SIGKILL is delivered asynchronously, so a killed process
    may still show for a moment on a loaded machine."""
    deadline = time.monotonic() + 2
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _processes_with(marker) == []


def test_a_process_left_behind_by_a_finished_reading_is_killed():
    seconds = f"3{os.getpid()}{random.randrange(10**6)}"

    def reading() -> str:
        subprocess.Popen(["sleep", seconds])
        return "xong"

    assert bounded(reading, limits=Limits(parse_seconds=10)) == "xong"
    assert _gone(seconds)


# --- where papers are uploaded ---------------------------------------------------------------


def test_the_upload_pages_offer_scans_photos_and_old_word_files(client, personas, tree):
    from django.urls import reverse

    client.force_login(personas["officer"])
    for url in (reverse("documents:upload") + f"?unit={tree.commune.pk}", reverse("movements:from_document")):
        page = client.get(url).content.decode()
        accept = re.search(r'type="file"[^>]*accept="([^"]+)"|accept="([^"]+)"[^>]*type="file"', page)
        assert accept, url
        offered = set((accept.group(1) or accept.group(2)).split(","))
        assert {".doc", ".odt", ".pdf", ".jpg", ".png", ".docx", ".txt"} <= offered


@pytest.mark.ocr
def test_a_photo_uploaded_on_the_documents_page_shows_its_fields_and_the_ocr_warning(client, personas, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(personas["officer"])
    photo = SimpleUploadedFile(
        "anh.jpg", _bytes(_scanned(_page(PLAN), angle=1.0, seed=2), "JPEG", quality=80)
    )
    url = reverse("documents:upload") + f"?unit={tree.commune.pk}"
    page = client.post(url, {"unit": tree.commune.pk, "file": photo}).content.decode()
    assert "105/KH-UBND" in page and "Lê Thị Bích Ngọc" in page
    assert "nhận dạng chữ (OCR)" in page


def test_a_text_opening_like_a_picture_or_after_blank_lines_is_still_told_by_its_bytes():
    from thidua.documents.reader.files import file_text

    form = "BM-01/TĐKT\nỦY BAN NHÂN DÂN XÃ MỸ THẠNH\n"
    assert file_text(form.encode(), "mau.txt") == form
    with pytest.raises(DocumentReadError, match="PDF bị hỏng"):
        file_text(b"\r\n%PDF-1.4 broken", "tai-ve.pdf")

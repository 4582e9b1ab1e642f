"""Opening an uploaded file by its type into plain text.

Text (.txt), Word (.docx), OpenDocument (.odt, its content.xml read here), old Word files (.doc,
.rtf: converted to .docx by LibreOffice headless), PDF (its text layer; a scan without one is read
by OCR) and photos or scans of a paper (.jpg, .png, .tif, .webp: OCR). The type is told by the
bytes, not by the name.

OCR runs the `tesseract` command with its Vietnamese data rather than a Python wrapper: the
command is all a wrapper would call, and running it ourselves keeps it in a process group we can
kill at its own time limit, and in the session that `thidua.lib.limits.bounded` kills when the
whole reading is over its time. Each page is prepared with Pillow first: turned as the camera
says, brought to about 200 dpi, evened out where a photo is lit unevenly, straightened (a
projection profile finds the slant), its rules erased and its specks cleaned; a page that reads
badly is turned upright by Tesseract's orientation detection. The text is rebuilt from the boxes
of the letters Tesseract gives (hOCR). PDF pages are rendered with pypdfium2.

Every refusal is a DocumentReadError with a Vietnamese message; `file_reading` also returns the
notes the reader should pass on (the text came from OCR, pages left unread).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from thidua.documents.reader.parsed import MAX_BYTES, DocumentReadError
from thidua.lib.limits import LimitExceeded, Limits, check_zip

# What an upload field offers to pick (the `accept` of its file input); the bytes decide the type.
ACCEPTED = ".docx,.doc,.odt,.rtf,.pdf,.jpg,.jpeg,.png,.tif,.tiff,.webp,.txt"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
IMAGE_FORMATS = {"PNG", "JPEG", "TIFF", "WEBP", "BMP", "MPO"}
# A page is brought to this width in pixels, about 200 dpi for A4: administrative papers are set
# in 13–14 pt, so their letters are then the size Tesseract reads best (at 300 dpi it glues bold
# words: "ỦY BANNHÂNDÂN"), and a page takes half the time.
OCR_WIDTH = 1700
# The resolution that width gives an A4 page (8.27 inches wide), told to Tesseract: left to guess,
# it guesses from the first letters it sees and then joins the words of a bold line.
OCR_DPI = round(OCR_WIDTH / 8.27)
# Pixels decoded from one picture at most (a "pixel bomb" is a tiny file of a huge blank image).
MAX_PIXELS = 60_000_000
# Slants corrected, in degrees either way; a page turned more than this is photographed again.
MAX_SKEW = 6.0
# Words Tesseract must read with confidence before we say that the picture holds a document.
MIN_WORDS = 8


@dataclass(frozen=True)
class FileLimits:
    ocr_pages: int = 20
    pdf_pages: int = 500
    ocr_page_seconds: float = 30.0
    office_seconds: float = 60.0
    # The time of the whole reading when a file may need OCR or LibreOffice (`reading_limits`).
    slow_seconds: float = 180.0

    @classmethod
    def current(cls) -> FileLimits:
        default = cls()
        return cls(
            ocr_pages=getattr(settings, "THIDUA_OCR_MAX_PAGES", default.ocr_pages),
            pdf_pages=getattr(settings, "THIDUA_PDF_MAX_PAGES", default.pdf_pages),
            ocr_page_seconds=getattr(settings, "THIDUA_OCR_PAGE_SECONDS", default.ocr_page_seconds),
            office_seconds=getattr(settings, "THIDUA_OFFICE_SECONDS", default.office_seconds),
            slow_seconds=getattr(settings, "THIDUA_SLOW_READ_SECONDS", default.slow_seconds),
        )


def reading_limits(data: bytes) -> Limits:
    """The limits of reading these bytes: more time for a file that may go through OCR or
    LibreOffice (a PDF, a picture, an old Word file), the usual ones for the rest."""
    limits = Limits.current()
    if _is_pdf(data) or data.startswith((OLE, b"{\\rtf", *IMAGE_MAGIC)) or _is_picture(data):
        return replace(limits, parse_seconds=max(limits.parse_seconds, FileLimits.current().slow_seconds))
    return limits


def file_text(data: bytes, filename: str) -> str:
    """The text of the bytes of an uploaded file; raise DocumentReadError with a Vietnamese message."""
    return file_reading(data, filename)[0]


def file_reading(data: bytes, filename: str) -> tuple[str, list[str]]:
    """(the text of an uploaded file, notes for the reader's warnings); raise DocumentReadError."""
    if len(data) > MAX_BYTES:
        raise DocumentReadError(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": len(data) // 1024 // 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise DocumentReadError(_("Tệp rỗng, không có nội dung."))
    name = (filename or "").lower()
    notes: list[str] = []
    if _is_pdf(data):
        return _pdf_text(data, notes), notes
    if data.startswith(b"PK\x03\x04"):
        return _zip_text(data), notes
    if data.startswith(OLE):
        return _ole_text(data), notes
    if data.startswith(b"{\\rtf"):
        return _docx_text(_office_to_docx(data, ".rtf")), notes
    if data.startswith(IMAGE_MAGIC) or _is_picture(data):
        return _image_text(data, notes), notes
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        raise DocumentReadError(
            _(
                "Ảnh HEIC/AVIF (thường từ iPhone) chưa đọc được. Hãy đặt máy ảnh chụp ở định dạng "
                "JPEG (“Tương thích nhất”) hoặc gửi ảnh dưới dạng .jpg rồi tải lên."
            )
        )
    if name.endswith((".pdf", ".docx", ".doc", ".odt", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp")):
        raise DocumentReadError(_("Tệp bị hỏng hoặc không đúng định dạng như tên tệp cho biết."))
    return _decode_text(data), notes


def _is_pdf(data: bytes) -> bool:
    """A PDF opens with "%PDF", though some tools leave blank lines or a byte-order mark before it."""
    return data[:1024].lstrip(b"\x00\t\r\n \xef\xbb\xbf").startswith(b"%PDF")


def _is_picture(data: bytes) -> bool:
    """A WebP or a BMP, whose first bytes alone could open a text ("BM-01 …")."""
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return webp or (data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00")


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentReadError(_("Tệp không phải văn bản (có dữ liệu nhị phân).")) from None
    else:
        if b"\x00" in data:
            raise DocumentReadError(_("Tệp không phải văn bản (có dữ liệu nhị phân)."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentReadError(
                _("Không đọc được tệp: không phải văn bản Unicode (UTF-8). Hãy lưu lại với mã UTF-8.")
            ) from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(3, len(text) // 100):
        raise DocumentReadError(_("Tệp không phải văn bản (có nhiều ký tự điều khiển)."))
    return text


# --- PDF ------------------------------------------------------------------------------------


def _pdf_text(data: bytes, notes: list[str]) -> str:
    from pypdf import PdfReader

    limits = FileLimits.current()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise DocumentReadError(
                    _("Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
                )
        count = _page_count(reader, limits.pdf_pages)
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            lines = text.splitlines()
            # The page number printed in the top margin from page 2 on.
            if number > 1 and lines and lines[0].strip().isdigit():
                lines = lines[1:]
            pages.append("\n".join(lines))
    except (DocumentReadError, MemoryError):
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise DocumentReadError(
            _("Tệp PDF bị hỏng, không đọc được (%(error)s).") % {"error": type(exc).__name__}
        ) from None
    text = "\n".join(pages)
    if len(text.strip()) < 20:
        return _ocr_pdf(data, count, notes, limits)
    scanned = [index for index, page in enumerate(pages) if len(page.strip()) < 20]
    if scanned:
        _ocr_some_pages(data, pages, scanned, notes, limits)
    return "\n".join(pages)


def _page_count(reader, limit: int) -> int:
    """The pages of the PDF, counted by walking its page tree without building the pages; refuse
    a PDF that declares or holds more than `limit` (a tree may list the same branch a million
    times in a few bytes, or loop back on itself)."""
    root = reader.trailer["/Root"]["/Pages"].get_object()
    declared = root.get("/Count", 0)
    if isinstance(declared, int) and declared > limit:
        raise _too_many_pages(declared, limit)
    pages = nodes = 0
    stack = [root]
    while stack:
        node = stack.pop()
        nodes += 1
        if nodes > 4 * limit + 100:
            raise _too_many_pages(pages, limit)
        kids = node.get("/Kids")
        if kids is None:
            pages += 1
            if pages > limit:
                raise _too_many_pages(pages, limit)
            continue
        stack.extend(kid.get_object() for kid in kids)
    return pages


def _too_many_pages(pages: int, limit: int) -> DocumentReadError:
    return DocumentReadError(
        _("Tệp PDF có quá nhiều trang (%(pages)s); giới hạn là %(limit)s trang.")
        % {"pages": f"{pages:,}".replace(",", "."), "limit": limit}
    )


def _ocr_pdf(data: bytes, count: int, notes: list[str], limits: FileLimits) -> str:
    """A PDF without a text layer (a scan): its first pages rendered and read by OCR."""
    try:
        command = _tesseract()
    except DocumentReadError as exc:
        raise DocumentReadError(
            _("Tệp PDF không có lớp chữ (có thể là bản scan). %(why)s") % {"why": exc}
        ) from None
    texts = _ocr_pdf_pages(data, range(min(count, limits.ocr_pages)), command, limits)
    _notes_of_ocr(notes, count, limits)
    return _document_text(
        texts,
        _(
            "Tệp PDF không có lớp chữ (có thể là bản scan) và nhận dạng chữ không tìm thấy văn bản "
            "trên trang nào. Hãy quét lại rõ nét (300 dpi) hoặc tải lên bản .docx."
        ),
    )


def _ocr_some_pages(
    data: bytes, pages: list[str], scanned: list[int], notes: list[str], limits: FileLimits
) -> None:
    """A PDF typed in part and scanned in part (a scanned first page with its signature and seal,
    a typed annex): the pages without text are read by OCR into `pages`, in their place."""
    try:
        command = _tesseract()
    except DocumentReadError as exc:
        notes.append(
            _("Các trang %(pages)s không có lớp chữ nên chưa được đọc: %(why)s")
            % {"pages": ", ".join(str(i + 1) for i in scanned), "why": exc}
        )
        return
    read = _ocr_pdf_pages(data, scanned[: limits.ocr_pages], command, limits)
    found = False
    for index, (text, confident) in zip(scanned, read, strict=False):
        if confident >= MIN_WORDS:
            pages[index] = text
            found = True
    if found:
        _notes_of_ocr(notes, len(scanned), limits)


def _ocr_pdf_pages(data: bytes, indices, command: str, limits: FileLimits) -> list[tuple[str, int]]:
    """The pages `indices` of a PDF rendered with pypdfium2 and read by OCR."""
    import pypdfium2 as pdfium

    texts = []
    try:
        document = pdfium.PdfDocument(data)
    except Exception:
        raise DocumentReadError(_("Tệp PDF bị hỏng, không vẽ được trang để nhận dạng chữ.")) from None
    try:
        for index in indices:
            if index >= len(document):
                break
            page = document[index]
            width, height = page.get_size()
            # The page as wide as OCR_WIDTH, never more than MAX_PIXELS whatever its shape.
            scale = min(OCR_WIDTH / max(min(width, height), 1), (MAX_PIXELS / max(width * height, 1)) ** 0.5)
            image = page.render(scale=scale, grayscale=True).to_pil()
            texts.append(_ocr_upright(_prepare(image, photo=False), command, limits))
            page.close()
    finally:
        document.close()
    return texts


# --- zip-based files: .docx, .odt -----------------------------------------------------------


def _zip_text(data: bytes) -> str:
    try:
        check_zip(data)  # a zip bomb is refused from its directory, before anything opens it
    except LimitExceeded as exc:
        raise DocumentReadError(str(exc)) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except Exception:
        raise DocumentReadError(_("Tệp nén bị hỏng, không đọc được.")) from None
    if "word/document.xml" in names:
        return _docx_text(data)
    if mimetype == ODT_MIMETYPE or ("content.xml" in names and not mimetype):
        return _odt_text(data)
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise DocumentReadError(
            _("Đây là tệp OpenDocument nhưng không phải văn bản (.odt). Hãy tải lên văn bản .odt hoặc .docx.")
        )
    raise DocumentReadError(_("Tệp nén này không phải tài liệu Word (.docx) hay OpenDocument (.odt)."))


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        check_zip(data)
    except LimitExceeded as exc:
        raise DocumentReadError(str(exc)) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise DocumentReadError(_("Tệp .docx bị hỏng, không đọc được.")) from None

    out: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.extend(_paragraph_lines(Paragraph(element, document)))
            out.append("")
        elif tag == "tbl":
            rows = [[cell for cell in row.cells] for row in Table(element, document).rows]
            out.extend(_table_or_layout(rows))
    return "\n".join(out)


def _table_or_layout(rows: list[list]) -> list[str]:
    if not rows or not any(rows):
        return []
    return _layout_lines(rows) if _is_layout(rows) else _table_lines(rows)


def _paragraph_lines(paragraph) -> list[str]:
    return paragraph.text.replace("\v", "\n").split("\n")


def _is_layout(rows: list[list]) -> bool:
    """A table that only lays out the header or the signature, not a table of the body."""
    flat = " ".join(c.text for row in rows for c in row)
    layout = any(k in flat for k in ("CỘNG HÒA", "Nơi nhận", "Số:", "Độc lập"))
    # A signature block alone: one row, two cells, one of them empty.
    cells = [c.text.strip() for c in rows[0]] if len(rows) == 1 else []
    # Two signers side by side: each cell of the first row opens with a title in capitals ("THƯ KÝ"
    # | "CHỦ TỌA"), their names in the row under it.
    first = rows[0] if len(rows) <= 2 else []
    titles = [next((p.text.strip() for p in c.paragraphs if p.text.strip()), "") for c in first]
    pair = len(titles) == 2 and all(t and t.upper() == t and len(t) < 60 for t in titles)
    return layout or pair or (len(cells) == 2 and cells.count("") == 1)


def _layout_lines(rows: list[list]) -> list[str]:
    """Header and signature tables: read column by column, like a person does."""
    out: list[str] = []
    columns = max(len(r) for r in rows) if rows else 0
    for col in range(columns):
        seen = set()
        for row in rows:
            if col < len(row) and id(row[col]._tc) not in seen:
                seen.add(id(row[col]._tc))
                for p in row[col].paragraphs:
                    out.extend(_paragraph_lines(p))
        out.append("")
    return out


def _table_lines(rows: list[list]) -> list[str]:
    """A table of the body as "|"-separated rows, as `render_text` writes it."""
    out: list[str] = []
    for row in rows:
        cells = []
        last = None
        for cell in row:
            if cell._tc is last:
                continue  # merged cell repeated by python-docx
            last = cell._tc
            cells.append(cell.text.replace("\n", " ").replace("|", "/").strip())
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out


# .odt: its content.xml, read with a parser that resolves no entity and fetches nothing.

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
# Repeated empty columns or rows are written once with a count; more than this are only padding.
_MAX_REPEAT = 64


class _OdtParagraph:
    def __init__(self, text: str):
        self.text = text


class _OdtCell:
    """A cell of an .odt table with what the .docx table readers use: `text`, `paragraphs`, and
    `_tc`, the same object for every place a merged cell covers."""

    def __init__(self, paragraphs: list[_OdtParagraph]):
        self.paragraphs = paragraphs
        self.text = "\n".join(p.text for p in paragraphs)
        self._tc = self


def _odt_text(data: bytes) -> str:
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("content.xml"), parser)
    except Exception:
        raise DocumentReadError(_("Tệp .odt bị hỏng, không đọc được.")) from None
    body = root.find(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    if body is None:
        raise DocumentReadError(_("Tệp .odt không có phần văn bản."))
    out: list[str] = []
    _odt_blocks(body, out)
    # Word's non-breaking hyphen comes as U+2011 ("1234/QĐ‑UBND"), an optional one as U+00AD.
    return "\n".join(out).replace("\u2011", "-").replace("\u00ad", "")


def _odt_blocks(parent, out: list[str]) -> None:
    for element in parent:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in (f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"):
            out.extend(_odt_inline(element).replace("\v", "\n").split("\n"))
            out.append("")
        elif tag == f"{{{_TABLE}}}table":
            out.extend(_table_or_layout(_odt_rows(element)))
        elif tag in (f"{{{_TEXT}}}list", f"{{{_TEXT}}}list-item", f"{{{_TEXT}}}section"):
            _odt_blocks(element, out)


def _odt_inline(element) -> str:
    """The text of a paragraph: spans and links opened, spaces, tabs and line breaks kept; notes
    and comments left out."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == f"{{{_TEXT}}}s":
            parts.append(" " * min(int(child.get(f"{{{_TEXT}}}c", "1") or 1), 100))
        elif tag == f"{{{_TEXT}}}tab":
            parts.append("\t")
        elif tag == f"{{{_TEXT}}}line-break":
            parts.append("\n")
        elif tag in (f"{{{_TEXT}}}note", f"{{{_OFFICE}}}annotation", f"{{{_OFFICE}}}annotation-end"):
            pass
        else:
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt_rows(table) -> list[list]:
    """The rows of an .odt table as grids of cells, a merged cell repeated where it spans."""
    rows: list[list] = []
    owners: dict[tuple[int, int], _OdtCell] = {}
    for row in table.iter(f"{{{_TABLE}}}table-row"):
        if _parent_table(row) is not table:
            continue  # a row of a table nested in a cell
        repeat = min(int(row.get(f"{{{_TABLE}}}number-rows-repeated", "1") or 1), _MAX_REPEAT)
        for _copy in range(repeat):
            r = len(rows)
            cells: list = []
            for cell in row:
                tag = cell.tag if isinstance(cell.tag, str) else ""
                count = min(int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1") or 1), _MAX_REPEAT)
                for _column in range(count):
                    c = len(cells)
                    if tag == f"{{{_TABLE}}}covered-table-cell":
                        cells.append(owners.get((r, c)) or _OdtCell([]))
                    elif tag == f"{{{_TABLE}}}table-cell":
                        paragraphs = [
                            _OdtParagraph(_odt_inline(p))
                            for p in cell.iter(f"{{{_TEXT}}}p", f"{{{_TEXT}}}h")
                            if _parent_table(p) is table
                        ]
                        owner = _OdtCell(paragraphs)
                        across = min(
                            int(cell.get(f"{{{_TABLE}}}number-columns-spanned", "1") or 1), _MAX_REPEAT
                        )
                        down = min(int(cell.get(f"{{{_TABLE}}}number-rows-spanned", "1") or 1), _MAX_REPEAT)
                        for i in range(down):
                            for j in range(across):
                                owners[(r + i, c + j)] = owner
                        cells.append(owner)
            rows.append(cells)
    return rows


def _parent_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != f"{{{_TABLE}}}table":
        parent = parent.getparent()
    return parent


# --- old Word files through LibreOffice ----------------------------------------------------


def _ole_text(data: bytes) -> str:
    """An OLE compound file: an old Word file (.doc), or a .docx locked with a password."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise DocumentReadError(_("Tệp Word được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."))
    return _docx_text(_office_to_docx(data, ".doc"))


def _office_to_docx(data: bytes, suffix: str) -> bytes:
    """The bytes of an old Word or RTF file converted to .docx by LibreOffice headless, in a
    temporary directory with a profile of its own, within a time limit."""
    command = getattr(settings, "THIDUA_SOFFICE", "soffice")
    soffice = shutil.which(command)
    if soffice is None:
        raise DocumentReadError(
            _(
                "Máy chủ chưa cài LibreOffice nên không đọc được tệp Word cũ (.doc). Người quản trị "
                "cần cài gói libreoffice-writer-nogui; trong lúc chờ, hãy mở tệp bằng Word và lưu "
                "lại thành .docx rồi tải lên."
            )
        )
    limits = FileLimits.current()
    with tempfile.TemporaryDirectory(prefix="thidua-office-") as tmp:
        folder = Path(tmp)
        source = folder / f"van-ban{suffix}"
        source.write_bytes(data)
        (folder / "out").mkdir()
        _run(
            [
                soffice,
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--nologo",
                "--nodefault",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(folder / "out"),
                str(source),
            ],
            seconds=limits.office_seconds,
            home=folder,
            too_long=_("LibreOffice chuyển tệp Word cũ quá %(seconds)s giây nên đã dừng."),
        )
        converted = folder / "out" / "van-ban.docx"
        if not converted.exists() or converted.stat().st_size == 0:
            raise DocumentReadError(
                _(
                    "LibreOffice không chuyển được tệp này sang .docx: tệp bị hỏng hoặc không phải văn bản Word."
                )
            )
        return converted.read_bytes()


def _run(
    command: list[str], *, seconds: float, too_long: str, stdin: bytes | None = None, home: Path | None = None
) -> subprocess.CompletedProcess:
    """Run a converter in a process group of its own, killed whole when it goes over `seconds`."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "OMP_THREAD_LIMIT": "1",  # one page at a time on a shared machine; threads gain little
        "HOME": str(home or tempfile.gettempdir()),
    }
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        process_group=0,
    )
    try:
        out, err = process.communicate(stdin, timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid)
        process.communicate()
        raise DocumentReadError(too_long % {"seconds": f"{seconds:g}"}) from None
    finally:
        _kill_group(process.pid)  # anything it left behind (LibreOffice's helpers)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


# --- pictures through OCR -------------------------------------------------------------------


def _image_text(data: bytes, notes: list[str]) -> str:
    from PIL import Image

    limits = FileLimits.current()
    texts = []
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS:
                raise DocumentReadError(_("Định dạng ảnh này chưa đọc được; hãy dùng ảnh .jpg hoặc .png."))
            frames = getattr(image, "n_frames", 1)
            for index in range(min(frames, limits.ocr_pages)):
                image.seek(index)
                page = _decoded(image)  # a broken picture is told before a missing Tesseract
                texts.append(_ocr_upright(_prepare(page, photo=True), _tesseract(), limits))
    except (DocumentReadError, MemoryError):
        raise  # out of memory: told by the reading's limits, not as a broken picture
    except Image.DecompressionBombError:
        raise DocumentReadError(_("Ảnh quá lớn; hãy chụp lại với độ phân giải thấp hơn.")) from None
    except Exception:
        raise DocumentReadError(
            _("Ảnh bị hỏng hoặc không trọn vẹn, không đọc được. Hãy chụp hoặc quét lại rồi tải lên.")
        ) from None
    _notes_of_ocr(notes, frames, limits)
    return _document_text(
        texts,
        _(
            "Không tìm thấy chữ của một văn bản trong ảnh. Hãy chụp thẳng, đủ sáng, rõ nét cả trang "
            "văn bản (hoặc quét ở 300 dpi) rồi tải lên lại."
        ),
    )


def _decoded(image):
    """The picture decoded, at most MAX_PIXELS (a large JPEG is decoded at a smaller scale)."""
    width, height = image.size
    if image.format == "JPEG" and width * height > MAX_PIXELS // 2:
        image.draft("L", (width // 2, height // 2))
        width, height = image.size
    if width * height > MAX_PIXELS:
        raise DocumentReadError(
            _("Ảnh quá lớn (%(width)s × %(height)s điểm ảnh); hãy chụp lại với độ phân giải thấp hơn.")
            % {"width": width, "height": height}
        )
    image.load()
    return image


def _prepare(image, *, photo: bool):
    """A grey page for Tesseract: upright as the camera recorded, about 200 dpi, evenly lit, with
    its slant straightened, its rules erased and cleaned of specks."""
    from PIL import Image, ImageFilter, ImageOps

    if photo:
        image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    gray = image.convert("L")
    # The narrower side is the width of the page, whether the picture was taken upright or not.
    width = min(gray.size)
    if not 0.85 * OCR_WIDTH <= width <= 1.2 * OCR_WIDTH:
        factor = min(OCR_WIDTH / width, 3.0)
        gray = gray.resize(
            (round(gray.width * factor), round(gray.height * factor)), Image.Resampling.LANCZOS
        )
    if photo:
        gray = _even_light(gray)
    angle = _skew(gray)
    if abs(angle) >= 0.2:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    # Specks of dust and the grain of a scanner or a camera out, strokes of letters kept.
    return _erase_rules(gray).filter(ImageFilter.MedianFilter(3))


def _even_light(gray):
    """Divide the picture by its paper (the brightest nearby, blurred): a shadow or a lamp's
    gradient across a photographed page becomes even white, the ink stays dark."""
    from PIL import Image, ImageFilter, ImageMath

    small = gray.resize((max(gray.width // 16, 1), max(gray.height // 16, 1)), Image.Resampling.BOX)
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
    paper = paper.resize(gray.size, Image.Resampling.BILINEAR)
    even = ImageMath.lambda_eval(
        lambda a: a["convert"](a["min"](a["g"] * 255 / (a["p"] + 1), 255), "L"),
        g=gray.convert("F"),
        p=paper.convert("F"),
    )
    return even


def _erase_rules(gray):
    """The page without its rules (under the issuer and the motto) and the borders of its tables,
    which Tesseract reads as rows of digits or "|": a stretch of ink that stays unbroken over
    a centimetre across (or down) is a line, not a letter (the top of a bold "TẾ" is half that)."""
    from PIL import Image, ImageChops, ImageFilter

    ink = gray.point(lambda v: 255 if v < 200 else 0)  # a thin rule is drawn in grey
    width, height = ink.size
    span = max(OCR_WIDTH // 16, 8)
    across = ink.resize((max(width // span, 1), height), Image.Resampling.BOX).point(
        lambda v: 255 if v > 235 else 0
    )
    down = ink.resize((width, max(height // span, 1)), Image.Resampling.BOX).point(
        lambda v: 255 if v > 235 else 0
    )
    lines = ImageChops.lighter(
        across.resize((width, height), Image.Resampling.NEAREST),
        down.resize((width, height), Image.Resampling.NEAREST),
    ).filter(ImageFilter.MaxFilter(3))
    return Image.composite(Image.new("L", gray.size, 255), gray, lines)


def _skew(gray) -> float:
    """The angle (degrees, counter-clockwise) that makes the lines of text level: the one whose
    rows of ink are the most contrasted (a projection profile), coarse then fine."""
    from PIL import Image, ImageOps

    small = gray.copy()
    small.thumbnail((700, 700))
    ink = ImageOps.invert(small).point(lambda v: 255 if v > 96 else 0)

    def contrast(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        rows = list(turned.resize((1, turned.height), Image.Resampling.BOX).getdata())
        mean = sum(rows) / len(rows)
        return sum((v - mean) ** 2 for v in rows)

    best = max(range(-round(MAX_SKEW), round(MAX_SKEW) + 1), key=contrast)
    best = max((best + step / 4 for step in range(-2, 3)), key=contrast)
    return max((best + step / 10 for step in range(-2, 3)), key=contrast)


def _tesseract() -> str:
    """The tesseract command, checked at each reading (a few milliseconds beside the OCR itself):
    installed, with its Vietnamese data."""
    command = shutil.which(getattr(settings, "THIDUA_TESSERACT", "tesseract"))
    if command is None:
        raise DocumentReadError(
            _(
                "Máy chủ chưa cài Tesseract nên không đọc được ảnh chụp hay bản scan. Người quản trị "
                "cần cài các gói tesseract-ocr và tesseract-ocr-vie; trong lúc chờ, hãy tải lên bản "
                ".docx hoặc PDF có lớp chữ."
            )
        )
    listed = subprocess.run([command, "--list-langs"], capture_output=True, timeout=30, check=False)
    if "vie" not in (listed.stdout + listed.stderr).decode(errors="replace").split():
        raise DocumentReadError(
            _(
                "Tesseract trên máy chủ chưa có dữ liệu tiếng Việt nên không đọc được ảnh chụp hay bản "
                "scan. Người quản trị cần cài gói tesseract-ocr-vie."
            )
        )
    return command


def _ocr_upright(gray, command: str, limits: FileLimits) -> tuple[str, int]:
    """`_ocr` of the page; when it finds next to no words, the page may lie on its side or upside
    down (a phone held sideways, a sheet fed the wrong way): Tesseract's orientation detection is
    asked, and the page read again turned upright."""
    from PIL import Image

    text, confident, words = _ocr(gray, command, limits)
    # Upright, most words are read with confidence; a page on its side gives a few shaky ones.
    if confident >= MIN_WORDS and confident >= 0.6 * words:
        return text, confident
    buffer = io.BytesIO()
    gray.save(buffer, format="PNG", compress_level=1)
    result = _run(
        [command, "stdin", "stdout", "--psm", "0", "--dpi", str(OCR_DPI)],
        stdin=buffer.getvalue(),
        seconds=limits.ocr_page_seconds,
        too_long=_("Nhận dạng chữ một trang quá %(seconds)s giây nên đã dừng."),
    )
    turn = 0
    for line in result.stdout.decode("utf-8", errors="replace").splitlines():
        name, _sep, value = line.partition(":")
        if name.strip() == "Rotate" and value.strip() in ("90", "180", "270"):
            turn = int(value)
    if not turn:
        return text, confident
    # Tesseract gives the turn clockwise; Pillow turns counter-clockwise.
    upright = gray.rotate(-turn, resample=Image.Resampling.NEAREST, expand=True, fillcolor=255)
    # The slant measured on a page lying on its side means nothing: measured again upright.
    angle = _skew(upright)
    if abs(angle) >= 0.2:
        upright = upright.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    again, sure, _words = _ocr(upright, command, limits)
    return (again, sure) if sure > confident else (text, confident)


def _ocr(gray, command: str, limits: FileLimits) -> tuple[str, int, int]:
    """The text Tesseract reads on one prepared page, with the count of words read with confidence
    and of all words kept.

    Tesseract's hOCR gives the box of every letter: the text is rebuilt from them, a line per line
    and a blank line between paragraphs, with a space wherever two letters stand a space apart
    (its Vietnamese model sometimes joins the words of a bold line: "ỦY BANNHÂNDÂN"), and the
    specks it read as "_", "|" or a doubtful mark left out.
    """
    buffer = io.BytesIO()
    gray.save(buffer, format="PNG", compress_level=1)
    result = _run(
        [command, "stdin", "stdout", "-l", "vie", "--psm", "3", "--dpi", str(OCR_DPI)]
        + ["-c", "hocr_char_boxes=1", "hocr"],
        stdin=buffer.getvalue(),
        seconds=limits.ocr_page_seconds,
        too_long=_("Nhận dạng chữ một trang quá %(seconds)s giây nên đã dừng."),
    )
    if result.returncode != 0:
        raise DocumentReadError(_("Nhận dạng chữ (Tesseract) không đọc được trang này."))
    return _hocr_text(result.stdout)


def _hocr_text(hocr: bytes) -> tuple[str, int, int]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    root = etree.fromstring(hocr, parser)
    if root is None:
        return "", 0, 0
    out: list[str] = []
    confident = words = 0
    previous: tuple[int, int, int, int] | None = None
    for block in root.iter("{*}div"):
        if "ocr_carea" not in (block.get("class") or ""):
            continue
        if out and out[-1]:
            out.append("")  # a new block of text: the other column, the signature
        previous = None
        for line in block.iter("{*}span"):
            if not (line.get("class") or "").startswith(
                ("ocr_line", "ocrx_line", "ocr_caption", "ocr_header")
            ):
                continue
            line_box = _title_box(line.get("title") or "", "bbox")
            kept, sure = _line_words(line, line_box)
            if not kept:
                continue
            confident += sure
            words += len(kept)
            # A blank line where the page leaves one: a gap of half a line between two lines
            # (between the abstract and the authority, paragraphs set apart, articles).
            if previous and line_box and out and out[-1]:
                height = previous[3] - previous[1]
                if line_box[1] - previous[3] > 0.5 * height:
                    out.append("")
            out.append(" ".join(kept))
            previous = line_box
    return "\n".join(out).strip("\n"), confident, words


def _line_words(line, line_box: tuple[int, int, int, int] | None) -> tuple[list[str], int]:
    """The words of a line worth keeping, and how many of them were read with confidence."""
    kept: list[str] = []
    confident = 0
    line_height = line_box[3] - line_box[1] if line_box else 0
    for word in line.iter("{*}span"):
        if word.get("class") != "ocrx_word":
            continue
        conf = _title_number(word.get("title") or "", "x_wconf")
        box = _title_box(word.get("title") or "", "bbox")
        # A letter is at least half as tall as its line; a flat "E" or "5" is the stub of a rule.
        flat = box is not None and box[3] - box[1] < 0.35 * line_height
        for part in _spaced(word):
            if flat and any(ch.isalnum() for ch in part):
                continue
            if not part or set(part) <= set("_|~") or conf < 20:
                continue  # a speck, a rule or the edge of a table read as a letter
            if not any(ch.isalnum() for ch in part) and conf < 80 and (kept or part not in "-+–•"):
                continue  # a stray mark ("`", ":", "»") read with doubt, except a bullet
            if conf >= 60 and sum(ch.isalpha() for ch in part) >= 2:
                confident += 1
            kept.append(part)
    return kept, confident


def _spaced(word) -> list[str]:
    """The word cut where two of its letters stand a space apart: a gap wider than a third of the
    letters' height (letters of a word stand a tenth apart, words half their height)."""
    boxes = []
    for char in word.iter("{*}span"):
        if char.get("class") == "ocrx_cinfo":
            box = _title_box(char.get("title") or "", "x_bboxes")
            if box is None:
                return ["".join(word.itertext()).strip()]
            boxes.append((box, char.text or ""))
    if not boxes:
        return ["".join(word.itertext()).strip()]
    heights = sorted(b[3] - b[1] for b, _text in boxes)
    height = heights[len(heights) // 2]
    parts = [boxes[0][1]]
    for (before, _b), (after, text) in zip(boxes, boxes[1:], strict=False):
        if after[0] - before[2] > height / 3:
            parts.append(text)
        else:
            parts[-1] += text
    return [p.strip() for p in parts]


def _title_number(title: str, key: str) -> float:
    for item in title.split(";"):
        name, _sep, value = item.strip().partition(" ")
        if name == key:
            try:
                return float(value.split()[0])
            except (ValueError, IndexError):
                return 0.0
    return 0.0


def _title_box(title: str, key: str) -> tuple[int, int, int, int] | None:
    for item in title.split(";"):
        name, _sep, value = item.strip().partition(" ")
        if name == key:
            numbers = value.split()
            if len(numbers) == 4 and all(n.lstrip("-").isdigit() for n in numbers):
                left, top, right, bottom = (int(n) for n in numbers)
                return left, top, right, bottom
    return None


def _document_text(pages: list[tuple[str, int]], refusal: str) -> str:
    """The OCR text of the pages, or `refusal` when they hold too few words to be a document."""
    if sum(confident for _text, confident in pages) < MIN_WORDS:
        raise DocumentReadError(refusal)
    return "\n\n".join(text for text, _confident in pages)


def _notes_of_ocr(notes: list[str], pages: int, limits: FileLimits) -> None:
    notes.append(
        _(
            "Văn bản được đọc bằng nhận dạng chữ (OCR) từ ảnh hoặc bản scan: hãy kiểm tra kỹ số, ngày, "
            "tên người và đơn vị."
        )
    )
    if pages > limits.ocr_pages:
        notes.append(
            _("Bản scan có %(pages)s trang; chỉ %(limit)s trang đầu được nhận dạng chữ.")
            % {"pages": pages, "limit": limits.ocr_pages}
        )

"""Zip bombs and endless files, generated here, posted where people upload: each is refused with a
Vietnamese message, quickly, without the server's memory growing (`thidua.lib.limits`)."""

import io
import resource
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from thidua.access import SYSTEM
from thidua.documents.reader import DocumentReadError, read_document
from thidua.lib import limits
from thidua.lib.excel import WorkbookError, open_workbook
from thidua.movements import workbook
from thidua.movements.models import ProgressReport
from thidua.movements.tests import conftest as movement_fixtures
from thidua.people.importing import import_people

movement = movement_fixtures.movement
indicators = movement_fixtures.indicators
targets = movement_fixtures.targets

SECONDS = 10  # "quickly", with room for a busy test machine
GROWTH_KB = 150 * 1024  # the whole bomb inflated would be hundreds of MB
REFUSED = "bom nén|quá nhiều|quá dài|giới hạn"

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xlsx_bomb(rows: int = 10_000, columns: int = 200) -> bytes:
    """A workbook of rows × columns cells (2 million by default), its sheet XML written here."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr(
            "_rels/.rels",
            _RELS.format(f'<Relationship Id="r1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'),
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="Số liệu" sheetId="1" r:id="r1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            _RELS.format(f'<Relationship Id="r1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'),
        )
        row = ("<row>" + "<c><v>1</v></c>" * columns + "</row>").encode()
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            for _ in range(rows):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def _docx_bomb(megabytes: int = 400) -> bytes:
    """A .docx whose document.xml is `megabytes` of one paragraph repeated, streamed into the zip."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph = "<w:p><w:r><w:t>Điều 1. Khen thưởng các tập thể và cá nhân.</w:t></w:r></w:p>".encode()
    chunk = paragraph * (1024 * 1024 // len(paragraph))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr(
            "_rels/.rels",
            _RELS.format(f'<Relationship Id="r1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'),
        )
        with z.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(f'<w:document xmlns:w="{w}"><w:body>'.encode())
            for _ in range(megabytes):
                document.write(chunk)
            document.write(b"</w:body></w:document>")
    return buffer.getvalue()


def _many_entries(count: int = 100_000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", "<x/>")
        for i in range(count):
            z.writestr(f"{i:x}", b"")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bombs():
    return {
        "xlsx": _xlsx_bomb(),
        "docx": _docx_bomb(),
        "entries": _many_entries(),
        "lines": b"a\n" * 2_000_000,
    }


def _refused(call, error, message: str = REFUSED) -> str:
    """Run `call`, which must raise `error` matching `message`, quickly and without memory growth."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    with pytest.raises(error, match=message) as caught:
        call()
    assert time.monotonic() - start < SECONDS
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < GROWTH_KB
    return str(caught.value)


def test_the_bombs_are_what_they_claim(bombs):
    assert 20_000 < len(bombs["xlsx"]) < 400_000
    assert len(bombs["docx"]) < 2 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bombs["docx"])) as z:
        assert z.getinfo("word/document.xml").file_size >= 400_000_000
    assert len(bombs["entries"]) < 10 * 1024 * 1024
    assert bombs["lines"].count(b"\n") == 2_000_000


def test_a_hamlet_head_posting_a_two_million_cell_workbook_is_refused(client, personas, tree, targets, bombs):
    client.force_login(personas["representative"])
    url = reverse("movements:figures_import", args=[targets["hamlet_income"].movement_id])
    upload = io.BytesIO(bombs["xlsx"])
    upload.name = "so-lieu.xlsx"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    response = client.post(url + f"?unit={tree.hamlet.pk}", {"unit": tree.hamlet.pk, "file": upload})
    assert time.monotonic() - start < SECONDS
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < GROWTH_KB
    assert response.status_code == 200
    assert "bom nén" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_every_workbook_import_refuses_the_bombs(tree, movement, bombs):
    for data in (bombs["xlsx"], bombs["entries"]):
        _refused(lambda d=data: open_workbook(d), WorkbookError)
        _refused(
            lambda d=data: workbook.import_figures(actor=SYSTEM, movement=movement, unit=tree.hamlet, data=d),
            WorkbookError,
        )
        _refused(
            lambda d=data: workbook.import_commitments(
                actor=SYSTEM, movement=movement, unit=tree.hamlet, year=2026, data=d
            ),
            WorkbookError,
        )
        _refused(lambda d=data: import_people(actor=SYSTEM, unit=tree.commune, data=d), WorkbookError)


@override_settings(THIDUA_UPLOAD_MAX_ZIP_RATIO=10**9, THIDUA_UPLOAD_MAX_UNCOMPRESSED_BYTES=10**9)
def test_without_the_zip_checks_the_cells_are_counted_as_they_stream(bombs):
    message = _refused(lambda: open_workbook(bombs["xlsx"]), WorkbookError, "quá nhiều ô có dữ liệu")
    assert "400.000" in message


@override_settings(THIDUA_SHEET_MAX_ROWS=5, THIDUA_SHEET_MAX_COLUMNS=3)
def test_rows_and_columns_are_capped():
    wb = Workbook()
    for _ in range(6):
        wb.active.append([1])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(WorkbookError, match="quá nhiều dòng"):
        open_workbook(buffer.getvalue())
    wb = Workbook()
    wb.active["XFD1"] = 1  # one cell, far to the right
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(WorkbookError, match="quá nhiều cột"):
        open_workbook(buffer.getvalue())


def test_the_reader_refuses_the_docx_bomb_and_the_many_entries(bombs):
    message = _refused(lambda: read_document(bombs["docx"], "quyet-dinh.docx"), DocumentReadError)
    assert "giải nén" in message
    message = _refused(lambda: read_document(bombs["entries"], "quyet-dinh.docx"), DocumentReadError)
    assert "quá nhiều phần" in message


def test_import_doc_refuses_the_bombs_and_two_million_lines(bombs, tmp_path):
    for name, data, message in [
        ("bom.docx", bombs["docx"], "giải nén"),
        ("dai.txt", bombs["lines"], "Văn bản quá dài"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        _refused(lambda p=path: call_command("import_doc", str(p)), CommandError, message)


@override_settings(THIDUA_PARSE_SECONDS=0.5)
def test_a_text_that_reads_too_slowly_is_stopped_with_a_message(monkeypatch):
    """Whatever makes a reading slow, the reader's child is stopped at the limit. The parser is made
    to hang here (a sleep in the forked child), so the test does not depend on this machine's speed."""
    from thidua.documents.reader import document

    monkeypatch.setattr(document, "read_text", lambda text: time.sleep(30))
    text = "UBND XÃ MỸ THẠNH\nSố: 01/QĐ-UBND\nQUYẾT ĐỊNH\n".encode()
    message = _refused(lambda: read_document(text, "cham.txt"), DocumentReadError, "giây")
    assert "0,5 giây" in message


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


@override_settings(THIDUA_PARSE_MEMORY_MB=64)
def test_parsing_is_bounded_in_memory():
    with pytest.raises(limits.LimitExceeded, match="64 MB bộ nhớ"):
        limits.bounded(_allocate, 512)
    assert limits.bounded(_allocate, 1) == 1024 * 1024


def test_a_real_workbook_and_document_still_read():
    wb = Workbook()
    for i in range(2000):
        wb.active.append([f"Nguyễn Văn {i}", "Nam", 1970, "Nông dân", "", "Ấp Mỹ Hòa", "0909"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert open_workbook(buffer.getvalue()).active.max_row == 2000


def _with_row_number(number: str) -> bytes:
    """A one-sheet workbook whose second row claims the row number `number` in its XML."""
    wb = Workbook()
    wb.active.append(["Mã", "Giá trị"])
    wb.active.append(["Đ1", 1])
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="2"', f'<row r="{number}"'.encode())
                assert f'r="{number}"'.encode() in data
            target.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize("number", ["1e9", "1000000000.0", "999999999999"])
def test_a_row_numbered_a_billion_is_refused_before_a_list_is_sized_by_it(number):
    """The fast reader fills the rows a sheet skips: a row claiming to be the billionth must be
    counted as such by the limits, not read as row 0 and then expanded to a billion empty rows."""
    with pytest.raises(WorkbookError, match="quá nhiều dòng"):
        open_workbook(_with_row_number(number), read_only=True)


@pytest.mark.parametrize("number", ["7.5", "abc", "inf"])
def test_a_row_number_that_is_not_a_number_is_a_message_not_a_crash(number):
    from thidua.lib.excel import sheet_values

    wb = open_workbook(_with_row_number(number), read_only=True)
    with pytest.raises(WorkbookError, match="dòng đánh số sai"):
        sheet_values(wb.active)

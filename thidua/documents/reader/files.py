"""Opening an uploaded file by its type (.txt, .docx, .pdf text layer) into plain text."""

from __future__ import annotations

import io
import unicodedata
import zipfile

from django.utils.translation import gettext as _

from thidua.documents.reader.parsed import MAX_BYTES, DocumentReadError
from thidua.lib.limits import LimitExceeded, check_zip


def file_text(data: bytes, filename: str) -> str:
    """The text of the bytes of an uploaded file; raise DocumentReadError with a Vietnamese message."""
    if len(data) > MAX_BYTES:
        raise DocumentReadError(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": len(data) // 1024 // 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise DocumentReadError(_("Tệp rỗng, không có nội dung."))
    name = (filename or "").lower()
    if data.startswith(b"%PDF"):
        return _pdf_text(data)
    if data.startswith(b"PK\x03\x04"):
        return _docx_text(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentReadError(
            _("Đây là tệp Word cũ (.doc). Hãy mở bằng Word và lưu lại thành .docx rồi tải lên.")
        )
    if name.endswith((".pdf", ".docx")):
        raise DocumentReadError(_("Tệp bị hỏng hoặc không đúng định dạng như tên tệp cho biết."))
    return _decode_text(data)


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
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


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

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
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            lines = text.splitlines()
            # The page number printed in the top margin from page 2 on.
            if number > 1 and lines and lines[0].strip().isdigit():
                lines = lines[1:]
            pages.append("\n".join(lines))
    except DocumentReadError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on broken files
        raise DocumentReadError(
            _("Tệp PDF bị hỏng, không đọc được (%(error)s).") % {"error": type(exc).__name__}
        ) from None
    text = "\n".join(pages)
    if len(text.strip()) < 20:
        raise DocumentReadError(
            _("Tệp PDF không có lớp chữ (có thể là bản scan). Hãy tải lên bản .docx hoặc PDF có chữ.")
        )
    return text


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        check_zip(data)  # a zip bomb is refused from its directory, before python-docx opens it
    except LimitExceeded as exc:
        raise DocumentReadError(str(exc)) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentReadError(_("Tệp nén này không phải tài liệu Word (.docx)."))
        document = docx.Document(io.BytesIO(data))
    except DocumentReadError:
        raise
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
            out.extend(_layout_lines(rows) if _is_layout(rows) else _table_lines(rows))
    return "\n".join(out)


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

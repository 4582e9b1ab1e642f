"""The reader's two entry points, step by step: a file into text, text into a ParsedDocument."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.documents.model import Document
from thidua.documents.reader.body import read_preamble, tree
from thidua.documents.reader.content import read_content
from thidua.documents.reader.files import file_reading, reading_limits
from thidua.documents.reader.header import read_abstract, read_header
from thidua.documents.reader.lines import clean_lines, paragraphs
from thidua.documents.reader.parsed import DocumentReadError, ParsedDocument
from thidua.documents.reader.signature import (
    read_annexes,
    read_tail,
    split_annexes,
    split_attached,
    split_tail,
)
from thidua.lib.limits import LimitExceeded, bounded, check_lines


def read_document(data: bytes, filename: str) -> ParsedDocument:
    """Read the bytes of an uploaded file; raise DocumentReadError with a Vietnamese message.

    The reading runs in a child process bounded in time and memory (`thidua.lib.limits`), and a
    text longer than any real document is refused before it is parsed. A file that may go
    through OCR or LibreOffice gets more time (`reading_limits`).
    """
    try:
        return bounded(_read_file, data, filename, limits=reading_limits(data))
    except LimitExceeded as exc:
        raise DocumentReadError(str(exc)) from None


def _read_file(data: bytes, filename: str) -> ParsedDocument:
    text, notes = file_reading(data, filename)
    check_lines(text)
    parsed = read_text(text)
    parsed.warnings[:0] = notes
    return parsed


def read_text(text: str) -> ParsedDocument:
    """Parse extracted text into a ParsedDocument."""
    lines = clean_lines(text)
    if not any(lines):
        raise DocumentReadError(_("Tệp không có nội dung chữ."))
    doc = Document()
    parsed = ParsedDocument(document=doc, source_text=text)
    type_at = read_header(lines, doc, parsed.warnings)
    rest = lines[read_abstract(lines, type_at, doc, parsed.warnings) :]
    # The annexes after the signature, then the tail: recipients and signer block.
    rest, annex_lines = split_annexes(rest)
    if not annex_lines:
        rest, annex_lines = split_attached(rest)
    doc.annexes = read_annexes(annex_lines)
    body_lines, tail_lines = split_tail(rest)
    read_tail(tail_lines, doc, parsed.warnings)
    body = paragraphs(body_lines)
    doc.body = tree(body[read_preamble(body, doc) :])
    read_content(parsed, body)
    return parsed

"""Read an existing administrative document (a text, Word or PDF file, a scan, a photo) into the model.

The entry point is `read_document(data, filename) -> ParsedDocument`; `read_text` parses text
that is already extracted. Real documents are messy (merged header columns, stray spaces in
numbers, rules of dashes, "|" tables, signer blocks beside the recipients), so every step is a
tolerant heuristic, and whatever cannot be placed is kept as a raw block or named in
`warnings`: nothing is dropped silently.

Text pasted from web pages comes with words glued together, decorations and layout "|" glued to
the lines and lines wrapped in the middle; `lines` mends these before anything is read (glued
words are split by `thidua.lib.syllables`), and `ParsedDocument.source_text` keeps the text as
it came. A post without a header is read for what it has, the rest named in `warnings`.

The steps, one module each: `files` (a file by its type into text), `lines` (text into clean
lines and paragraphs), `header` (issuer, number, place and date, type, abstract, addressees),
`body` (preamble and the tree of sections and items), `signature` (recipients, signer,
confirmations, annexes) and `content` (issuer, campaigns, period and quotas the text names);
`patterns` holds the line shapes they share and `document` chains them.
"""

from thidua.documents.reader.body import read_body
from thidua.documents.reader.content import body_text
from thidua.documents.reader.document import read_document, read_text
from thidua.documents.reader.parsed import MAX_BYTES, DocumentReadError, ParsedDocument

__all__ = [
    "MAX_BYTES",
    "DocumentReadError",
    "ParsedDocument",
    "body_text",
    "read_body",
    "read_document",
    "read_text",
]

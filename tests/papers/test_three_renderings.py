"""One look everywhere: the .docx, the PDF and the screen's preview of every paper type come from
the same document model and show the same words in the same order.

What is ignored, being typography rather than words: how the words are spaced and broken into
lines (whitespace is normalised, Unicode composed, and a PDF line ending in a word's hyphen, as
"02/TTr-" before "HĐTĐKT", is joined to the next as the .docx holds it); the page numbers the PDF prints at the top of
its pages from page 2 (the .docx keeps them in its page header, a field Word fills in). Nothing
else: a word missing, added, split or moved in one rendering fails the test.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import docx
from pypdf import PdfReader

from tests.papers.pdfs import normalise

# A line broken after the hyphen inside a word ("02/TTr-" + "HĐTĐKT"), not a dash between words.
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n[ \t]*(?=\w)")


def docx_words(data: bytes) -> list[str]:
    """The body in reading order: paragraphs, and tables row by row, cell by cell."""
    document = docx.Document(io.BytesIO(data))
    texts = []
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            for row in item.rows:
                cells = [c for i, c in enumerate(row.cells) if i == 0 or c._tc is not row.cells[i - 1]._tc]
                texts.extend(p.text for cell in cells for p in cell.paragraphs)  # a merged cell once
        else:
            texts.append(item.text)
    return normalise(" ".join(texts)).split()


def pdf_words(data: bytes) -> list[str]:
    texts = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        lines = page.extract_text().splitlines()
        if number > 1 and lines and lines[0].strip() == str(number):
            lines = lines[1:]  # the running page number
        texts.extend(lines)
    return normalise(_HYPHEN_BREAK.sub(r"\1-", "\n".join(texts))).split()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")  # a new element starts a new word (divs, cells, paragraphs)


def html_words(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return normalise(" ".join(parser.parts)).split()


def _first_difference(a: list[str], b: list[str]) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return (
                f"word {i}: …{' '.join(a[max(0, i - 5) : i + 5])}… / …{' '.join(b[max(0, i - 5) : i + 5])}…"
            )
    return f"lengths {len(a)} / {len(b)}: …{' '.join(a[-5:])} / …{' '.join(b[-5:])}"


def test_every_paper_type_shows_the_same_words_in_the_same_order_in_docx_pdf_and_html(papers):
    differing = []
    for paper in papers:
        word, pdf, html = docx_words(paper.docx), pdf_words(paper.pdf), html_words(paper.html)
        if pdf != word:
            differing.append(f"{paper.name} PDF vs .docx: {_first_difference(pdf, word)}")
        if html != word:
            differing.append(f"{paper.name} HTML vs .docx: {_first_difference(html, word)}")
    assert not differing, "\n".join(differing)


def test_every_certificate_shows_the_same_words_in_the_same_order_in_docx_pdf_and_html(certificates):
    """A Giấy khen and a Giấy chứng nhận from the same model: its lines, the verification code,
    the date and the signer, word for word, in the .docx, the PDF and the screen."""
    differing = []
    for cert in certificates:
        word, pdf, html = docx_words(cert.docx), pdf_words(cert.pdf), html_words(cert.html)
        assert cert.model.recipient.split()[0] in word
        if pdf != word:
            differing.append(f"{cert.name} PDF vs .docx: {_first_difference(pdf, word)}")
        if html != word:
            differing.append(f"{cert.name} HTML vs .docx: {_first_difference(html, word)}")
    assert not differing, "\n".join(differing)


def test_the_comparison_sees_a_word_moved():
    """The extraction keeps the order: the same words in another order do not compare equal."""
    assert html_words("<p>Điều 1.</p><p>Điều 2.</p>") != html_words("<p>Điều 2.</p><p>Điều 1.</p>")

"""Every paper of the demo opened in LibreOffice prints as Word and the PDF do: the header's lines
whole, the number and the date on one line, the short rules right under their lines, and the
header and signature block line for line as in the Typst PDF (read by pdftotext, both)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.papers.pdfs import (
    LEFT_MARGIN,
    POINTS_PER_MM,
    TEXT_WIDTH,
    Word,
    column_lines,
    header_rules,
    layout_lines,
    normalise,
    words,
)
from thidua.documents.layout import (
    FOOT_COLUMNS,
    HEAD_COLUMNS,
    HEAD_OUTDENT_MM,
    HEAD_WIDTH_MM,
    PAIR_COLUMNS,
    whole_headings,
)
from thidua.documents.model import date_line, walk

HEAD_LEFT = LEFT_MARGIN - HEAD_OUTDENT_MM * POINTS_PER_MM
HEAD_SPLIT = HEAD_LEFT + HEAD_COLUMNS[0] * HEAD_WIDTH_MM * POINTS_PER_MM
FOOT_SPLIT = LEFT_MARGIN + FOOT_COLUMNS[0] * TEXT_WIDTH
PAIR_SPLIT = LEFT_MARGIN + PAIR_COLUMNS[0] * TEXT_WIDTH


@pytest.fixture(scope="session")
def typst_pdfs(papers, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("typst")
    for paper in papers:
        (folder / f"{paper.name}.pdf").write_bytes(paper.pdf)
    return {paper.name: folder / f"{paper.name}.pdf" for paper in papers}


def _both(request, paper):
    return {
        "LibreOffice": request.getfixturevalue("libreoffice_pdfs")[paper.name],
        "Typst": request.getfixturevalue("typst_pdfs")[paper.name],
    }


def _find(found: list[Word], text: str, start: int = 0) -> int:
    """Index of the first word of `text` (a run of words) in `found`, from `start`."""
    wanted = text.split()
    for i in range(start, len(found) - len(wanted) + 1):
        if [w.text for w in found[i : i + len(wanted)]] == wanted:
            return i
    raise AssertionError(f"{text!r} not found")


def _header(found: list[Word], paper) -> list[Word]:
    """The words of page 1 above the paper's type line (KẾ HOẠCH, QUYẾT ĐỊNH …)."""
    first_page = [w for w in found if w.page == 1]
    motto = first_page[_find(first_page, paper.model.motto)]
    type_word = next(w for w in first_page if w.y0 > motto.y1 and w.text == paper.model.doc_type.split()[0])
    return [w for w in first_page if w.y1 <= type_word.y0]


def _signature(found: list[Word], paper) -> list[Word]:
    """The words of the block of "Nơi nhận" and the signer, down to the signer's name; of two
    signers side by side, from their titles down to the last line of "Nơi nhận" under them."""
    doc = paper.model
    signer = doc.signer
    if doc.signs_in_pairs:
        anchor = doc.cosigner.title_lines[0]
    else:
        anchor = "Nơi nhận:" if doc.recipient_lines else signer.title_lines[0]
    start = _find(found, anchor)
    ends = [x for x in (signer.name, doc.cosigner.name, *doc.recipient_lines[-1:]) if x]
    last = max(
        (found[_find(found, end, start) + len(end.split()) - 1] for end in ends), key=lambda w: (w.page, w.y1)
    )
    top = found[start]
    return [
        w
        for w in found
        if (top.page, top.y0 - 4) <= (w.page, w.y0) and (w.page, w.y1) <= (last.page, last.y1 + 2)
    ]


def paper_ids(papers):
    return [p.name for p in papers]


def test_every_paper_type_keeps_its_header_lines_whole_in_libreoffice(papers, libreoffice_pdfs):
    broken = {}
    for paper in papers:
        lines = layout_lines(libreoffice_pdfs[paper.name])
        missing = [h for h in paper.header_lines if not any(normalise(h) in line for line in lines)]
        if missing:
            broken[paper.name] = missing
    assert broken == {}


@pytest.mark.parametrize("renderer", ["LibreOffice", "Typst"])
def test_the_number_and_the_date_share_one_line(papers, renderer, request):
    apart = []
    for paper in papers:
        doc = paper.model
        pdf = _both(request, paper)[renderer]
        number = f"Số: {doc.number_symbol}" if doc.number or doc.symbol else ""
        together = normalise(f"{number} {date_line(doc.place, doc.date)}")
        if not any(line.endswith(together) for line in layout_lines(pdf)):
            apart.append(paper.name)
    assert apart == []


def test_libreoffice_prints_the_header_and_signature_block_line_for_line_as_the_pdf(papers, request):
    """Each column of the header and of the signature block, line by line (whitespace normalised):
    a line broken in one and whole in the other, or a word elsewhere, differs."""
    differing = []
    for paper in papers:
        office, typst = (words(pdf) for pdf in _both(request, paper).values())
        foot_split = PAIR_SPLIT if paper.model.signs_in_pairs else FOOT_SPLIT
        for part, split_at, region in (
            ("header", HEAD_SPLIT, _header),
            ("signature", foot_split, _signature),
        ):
            pair = [column_lines(region(found, paper), split_at=split_at) for found in (office, typst)]
            for side, office_lines, typst_lines in zip(("left", "right"), *pair, strict=True):
                if office_lines != typst_lines:
                    differing.append(f"{paper.name} {part} {side}:\n  {office_lines}\n  {typst_lines}")
    assert not differing, "\n".join(differing)


def test_the_header_columns_read_as_the_model_prints_them(papers, request):
    """The header's columns hold exactly the model's lines, in order, in both PDFs."""
    for paper in papers:
        doc = paper.model
        left = [*doc.parent_issuer_lines, *doc.issuer_lines]
        if doc.number or doc.symbol:
            left.append(f"Số: {doc.number_symbol}")
        right = [doc.national_title, doc.motto, date_line(doc.place, doc.date)]
        expected = ([normalise(x) for x in left], [normalise(x) for x in right])
        for renderer, pdf in _both(request, paper).items():
            got = column_lines(_header(words(pdf), paper), split_at=HEAD_SPLIT)
            assert got == expected, (paper.name, renderer)


@pytest.mark.parametrize("renderer", ["LibreOffice", "Typst"])
def test_the_short_rules_sit_right_under_the_issuer_and_the_motto(papers, renderer, request):
    """Under each header column one short rule, centred, a few points under the line above it (the
    rule under an empty paragraph of a full line's height stood a line apart in LibreOffice)."""
    wrong = {}
    for paper in papers:
        pdf = _both(request, paper)[renderer]
        header = _header(words(pdf), paper)
        bottom = max(w.y1 for w in header)
        rules = header_rules(pdf, above=bottom)
        columns = [(HEAD_SPLIT, HEAD_LEFT + HEAD_WIDTH_MM * POINTS_PER_MM)]
        if paper.model.issuer or paper.model.parent_issuer:  # a person's own report has no issuer
            columns.append((HEAD_LEFT, HEAD_SPLIT))
        for x0, x1 in columns:
            inside = [r for r in rules if x0 <= r.x0 and r.x1 <= x1]
            centred = inside and abs((inside[0].x0 + inside[0].x1) / 2 - (x0 + x1) / 2) < 8
            if len(inside) != 1 or not centred or not 1 <= inside[0].gap <= 8:
                wrong[(paper.name, x0)] = inside
    assert wrong == {}


@pytest.mark.parametrize("renderer", ["LibreOffice", "Typst"])
def test_every_certificate_keeps_its_lines_whole_on_one_landscape_page(certificates, renderer, request):
    """A Giấy khen and a Giấy chứng nhận, converted by LibreOffice from their .docx or printed by
    Typst: one landscape page each, every line of the model whole (the national title, the grantor,
    the recipient, the date), the signer's title and name and the verification code on it."""
    assert certificates
    broken = {}
    for cert in certificates:
        pdf = (
            request.getfixturevalue("libreoffice_pdfs")[cert.name]
            if renderer == "LibreOffice"
            else _typst_file(cert, request)
        )
        reader = PdfReader(pdf)
        box = reader.pages[0].mediabox
        assert len(reader.pages) == 1 and box.width > box.height, cert.name
        lines = layout_lines(pdf)
        model = cert.model
        wanted = [text for _role, text in model.lines]
        wanted += [model.date_line, *model.signer.title_lines, model.signer.name, model.verify_line]
        missing = [w for w in wanted if not any(normalise(w) in line for line in lines)]
        if missing:
            broken[cert.name] = missing
    assert broken == {}


def _typst_file(cert, request) -> Path:
    path = request.getfixturevalue("tmp_path") / f"{cert.name}.pdf"
    path.write_bytes(cert.pdf)
    return path


def test_the_councils_papers_name_the_commune_over_the_council_each_on_one_line(papers, request):
    """Decree 30: the parent body above ("UBND XÃ MỸ THẠNH"), the issuing body below ("HỘI ĐỒNG THI
    ĐUA – KHEN THƯỞNG"), each whole on its own line, in LibreOffice as in the PDF."""
    council = [p for p in papers if p.model.issuer.startswith("HỘI ĐỒNG THI ĐUA")]
    assert {p.model.doc_type for p in council} >= {"BIÊN BẢN", "TỜ TRÌNH"}
    for paper in council:
        for renderer, pdf in _both(request, paper).items():
            left, _right = column_lines(_header(words(pdf), paper), split_at=HEAD_SPLIT)
            # The commune's council, or the province's ("UBND TỈNH TÂY NINH") on the communes' proposals.
            parent = "UBND TỈNH TÂY NINH" if paper.name.startswith("tinh-") else "UBND XÃ MỸ THẠNH"
            assert left[:2] == [parent, "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"], (paper.name, renderer)


@pytest.mark.parametrize("renderer", ["LibreOffice", "Typst"])
def test_the_secretary_and_the_chair_sign_the_minutes_side_by_side(papers, renderer, request):
    """ "THƯ KÝ" on the left and "CHỦ TỌA" on the right on one line, their names on one line under
    them, and "Nơi nhận" under both."""
    minutes = [p for p in papers if p.model.doc_type == "BIÊN BẢN"]
    assert minutes
    for paper in minutes:
        doc = paper.model
        found = words(_both(request, paper)[renderer])
        at = _find(found, "THƯ KÝ")
        secretary, chair = found[at], found[_find(found, "CHỦ TỌA", at)]
        assert secretary.page == chair.page and abs(secretary.middle - chair.middle) < 3
        assert secretary.x1 < PAIR_SPLIT < chair.x0
        names = [found[_find(found, name, at)] for name in (doc.cosigner.name, doc.signer.name)]
        assert all(n.y0 > secretary.y1 for n in names) and abs(names[0].middle - names[1].middle) < 3
        assert names[0].x1 < PAIR_SPLIT < names[1].x0
        recipients = found[_find(found, "Nơi nhận:")]
        assert (recipients.page, recipients.y0) > (names[0].page, names[0].y1)


@pytest.mark.parametrize("renderer", ["LibreOffice", "Typst"])
def test_two_signers_side_by_side_have_their_names_on_one_line(papers, renderer, request):
    """Beside a block of more title lines (the confirming body of a report of achievement), the
    other block is padded: both names print on one line, each title line whole in its column."""
    pairs = [p for p in papers if p.model.signs_in_pairs]
    assert {p.model.doc_type for p in pairs} >= {"BIÊN BẢN", "BÁO CÁO"}
    for paper in pairs:
        doc = paper.model
        found = words(_both(request, paper)[renderer])
        at = _find(found, doc.cosigner.title_lines[0])
        left, right = (found[_find(found, name, at)] for name in (doc.cosigner.name, doc.signer.name))
        assert left.page == right.page and abs(left.middle - right.middle) < 3, paper.name
        lines = layout_lines(_both(request, paper)[renderer], page=left.page)
        for title in [*doc.cosigner.title_lines, *doc.signer.title_lines]:
            assert any(normalise(title) in line for line in lines), (paper.name, title)


@pytest.mark.parametrize("renderer", ["LibreOffice", "Typst"])
def test_a_number_and_symbol_in_the_text_is_never_broken_at_its_hyphen(papers, renderer, request):
    """ "Tờ trình số 02/TTr-HĐTĐKT", "Nghị định số 91/2017/NĐ-CP" stay whole on their line."""
    from thidua.documents.layout import NUMBER_SYMBOL
    from thidua.documents.model import walk

    broken, seen = {}, 0
    for paper in papers:
        doc = paper.model
        texts = [*doc.basis_lines, *(b.text for b in walk(doc.body))]
        symbols = {m.group() for text in texts for m in NUMBER_SYMBOL.finditer(text)}
        seen += len(symbols)
        pdf = _both(request, paper)[renderer]
        lines = [line for page in range(1, len(PdfReader(pdf).pages) + 1) for line in layout_lines(pdf, page)]
        missing = [symbol for symbol in symbols if not any(symbol in line for line in lines)]
        if missing:
            broken[paper.name] = missing
    assert seen > 5 and broken == {}


def _tables(model) -> list[list[list[str]]]:
    """The rows of every table of a paper, its annexes' too."""
    blocks = [*model.body, *(block for annex in model.annexes for block in annex.blocks)]
    return [b.rows for b in walk(blocks) if b.kind == "table" and b.rows]


def _heading_problems(found: list[Word], rows: list[list[str]], expected: int) -> list[str]:
    """What breaks in a table's heading row: a heading kept whole (`whole_headings`) over several
    lines, a word broken."""
    header, whole = rows[0], whole_headings(rows)
    first, last = header[0].split()[0], header[-1].split()[0]
    starts = [
        w
        for w in found
        if w.text == first
        and any(o.page == w.page and o.text == last and abs(o.middle - w.middle) < 2 for o in found)
    ]
    if len(starts) != expected:
        return [f"{len(starts)} heading rows of {header} found, {expected} expected"]
    problems = []
    for start in starts:
        band = [w for w in found if w.page == start.page and start.y0 - 2 <= w.y0 <= start.y1 + 45]
        for c, cell in enumerate(header):
            wanted = cell.split()
            if c not in whole:
                problems += [
                    f"{cell!r}: {word!r} broken" for word in wanted if word not in {w.text for w in band}
                ]
                continue
            one_line = False
            for w in (w for w in band if w.text == wanted[0]):
                line = sorted(
                    (o for o in band if abs(o.middle - w.middle) < 2 and o.x0 >= w.x0), key=lambda o: o.x0
                )
                one_line = one_line or [o.text for o in line[: len(wanted)]] == wanted
            if not one_line:
                problems.append(f"{cell!r} not on one line")
    return problems


@pytest.mark.parametrize("renderer", ["LibreOffice", "Typst"])
def test_no_table_heading_of_the_minutes_or_the_decision_breaks_over_lines(papers, renderer, request):
    """The minutes' vote tables and the decision's annex, as an official's Word table: a short
    heading ("Hạng", "Đồng ý", "Tỷ lệ", "Ngưỡng", "Kết quả", "STT", "Số tiền (đồng)") on one
    line, no word of a longer one broken."""
    checked = set()
    for paper in papers:
        if paper.model.doc_type not in {"BIÊN BẢN", "QUYẾT ĐỊNH"}:
            continue
        found = words(_both(request, paper)[renderer])
        tables = _tables(paper.model)
        headers = [rows[0] for rows in tables]
        for rows in tables:
            problems = _heading_problems(found, rows, headers.count(rows[0]))
            assert not problems, (paper.name, renderer, problems)
        checked.add(paper.model.doc_type)
        vote_tables = [h for h in headers if "Tỷ lệ" in h]
        assert paper.model.doc_type != "BIÊN BẢN" or vote_tables, "the minutes have no vote table"
    assert checked == {"BIÊN BẢN", "QUYẾT ĐỊNH"}


def _on_one_line(found: list[Word], text: str) -> bool:
    """Whether the words of `text` follow one another on one line somewhere in `found`."""
    wanted = text.split()
    for w in found:
        if w.text != wanted[0]:
            continue
        line = sorted(
            (o for o in found if o.page == w.page and abs(o.middle - w.middle) < 2 and o.x0 >= w.x0),
            key=lambda o: o.x0,
        )
        if [o.text for o in line[: len(wanted)]] == wanted:
            return True
    return False


@pytest.mark.parametrize("renderer", ["LibreOffice", "Typst"])
def test_each_group_row_of_the_decision_annex_stands_whole_on_one_line(papers, renderer, request):
    """ "TẬP THỂ (02 tập thể)", "CÁ NHÂN (03 cá nhân)" span the table as in Word: never wrapped."""
    seen = 0
    for paper in papers:
        if paper.model.doc_type != "QUYẾT ĐỊNH":
            continue
        found = words(_both(request, paper)[renderer])
        for annex in paper.model.annexes:
            for block in walk(annex.blocks):
                if block.kind != "table":
                    continue
                for r in block.merged_rows:
                    label = next(text for _c, _span, text in block.row_cells(r) if len(text) > 3)
                    assert _on_one_line(found, label), (paper.name, renderer, label)
                    seen += 1
    assert seen >= 2

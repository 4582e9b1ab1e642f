"""The notice board of a hamlet (bảng tin ấp): one printable A4 sheet of the month's news.

What it holds is what the portal shows anyone, for the hamlet's commune: good examples published
that month (`selectors.public_examples()`, so the consent rules apply), commendation decisions
signed that month, and public notices of nominations open during it; a QR code leads to the portal.
A month with nothing new prints a sheet saying so. Not a Decree 30 paper (no issuer, number or
signature), so it has its own Typst layout, with the papers' font and compiler (`render_pdf`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import Truncator

from thidua.commendations.models import Notice
from thidua.commendations.selectors import public_decisions
from thidua.documents.qr import qr_svg
from thidua.documents.render_pdf import PREAMBLE, compile_source, s
from thidua.examples.selectors import commune_of, public_examples
from thidua.lib.vn import format_date_short
from thidua.units.models import Unit

STORY_WORDS = 60
MAX_ITEMS = 12  # per section: an A4 sheet on a board, not an archive


@dataclass
class Board:
    hamlet: Unit
    commune: Unit
    year: int
    month: int
    portal_url: str
    examples: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    notices: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.examples or self.decisions or self.notices)


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, following


def board_of(hamlet: Unit, year: int, month: int, *, portal_url: str) -> Board:
    commune = commune_of(hamlet)
    first, following = _month_bounds(year, month)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(following, dt.time()))
    examples = public_examples().filter(
        unit__path__startswith=commune.path, published_at__gte=start, published_at__lt=end
    )
    decisions = public_decisions().filter(commune=commune, signed_on__gte=first, signed_on__lt=following)
    notices = Notice.objects.filter(commune=commune, starts_on__lt=following, ends_on__gte=first).order_by(
        "starts_on", "id"
    )
    return Board(
        hamlet=hamlet,
        commune=commune,
        year=year,
        month=month,
        portal_url=portal_url,
        examples=list(examples.order_by("published_at", "id")[:MAX_ITEMS]),
        decisions=list(decisions.order_by("signed_on", "id")[:MAX_ITEMS]),
        notices=list(notices[:MAX_ITEMS]),
    )


def hamlet_label(hamlet: Unit) -> str:
    """ "ấp Mỹ Hòa" from "Ấp Mỹ Hòa" (or from "Mỹ Hòa"), as it reads after "Bảng tin"."""
    name = unicodedata.normalize("NFC", hamlet.name).strip()
    if name[:3].lower() == "ấp ":
        return "ấp " + name[3:].strip()
    return "ấp " + name


def filename(board: Board) -> str:
    """ "Bảng tin ấp Mỹ Hòa 12-2026.pdf"."""
    label = hamlet_label(board.hamlet).replace("/", "-").replace("\\", "-")
    return f"Bảng tin {label} {board.month:02d}-{board.year}.pdf"


def _heading(text: str) -> str:
    return f'#v(4mm)\n#block(below: 2mm, text(size: 15pt, weight: "bold", {s(text.upper())}))\n'


def _item(title: str, line: str = "", body: str = "") -> str:
    parts = [f'#text(weight: "bold", {s(title)})']
    if line:
        parts.append(f'#text(style: "italic", size: 12pt, {s(line)})')
    if body:
        parts.append(f"#{s(body)}")
    return "#block(below: 3mm, breakable: false)[" + " \\\n".join(parts) + "]\n"


def board_source(board: Board) -> str:
    out = [
        PREAMBLE,
        '#set page(paper: "a4", margin: (x: 18mm, y: 15mm))\n',
        "#set par(justify: false)\n",
        f"#align(center, text(size: 13pt, {s(board.commune.name.upper())}))\n",
        f'#align(center, text(size: 24pt, weight: "bold", {s("BẢNG TIN " + hamlet_label(board.hamlet).upper())}))\n',
        f"#align(center, text(size: 15pt, {s(f'Tháng {board.month:02d} năm {board.year}')}))\n",
        "#line(length: 100%, stroke: 0.8pt)\n",
    ]
    if board.is_empty:
        out.append("#v(20mm)\n")
        out.append(
            f"#align(center, text(size: 16pt, {s('Tháng này chưa có tin mới về thi đua – khen thưởng.')}))\n"
        )
    if board.examples:
        out.append(_heading("Gương người tốt, việc tốt"))
        for e in board.examples:
            who = " · ".join(x for x in (str(e.get_kind_display()), e.unit.name, e.subject) if x)
            out.append(_item(e.title, who, Truncator(e.story).words(STORY_WORDS, truncate="…")))
    if board.decisions:
        out.append(_heading("Quyết định khen thưởng"))
        for d in board.decisions:
            title = f"Quyết định số {d.number_label}" if d.number_label else str(d.title)
            line = f"Ký ngày {format_date_short(d.signed_on)} · {d.n} cá nhân, tập thể được khen thưởng"
            out.append(_item(title, line, str(d.title) if d.number_label else ""))
    if board.notices:
        out.append(_heading("Công khai danh sách đề nghị khen thưởng"))
        for n in board.notices:
            line = f"Lấy ý kiến từ {format_date_short(n.starts_on)} đến {format_date_short(n.ends_on)}"
            out.append(_item(n.title, line, "Bà con góp ý tại Cổng thông tin hoặc tại Ủy ban nhân dân xã."))
    out.append(
        "#place(bottom, float: true, clearance: 6mm, grid(columns: (28mm, 1fr), column-gutter: 5mm, align: horizon,\n"
        f'  image(bytes({s(qr_svg(board.portal_url))}), format: "svg", width: 28mm),\n'
        f"  text(size: 12pt, [#{s('Quét mã để xem đầy đủ trên Cổng thông tin thi đua – khen thưởng:')} \\ "
        f"#{s(board.portal_url)} \\ #{s('In ngày ' + format_date_short(timezone.localdate()))}]),\n"
        "))\n"
    )
    return "".join(out)


def render_board(board: Board) -> bytes:
    return compile_source(board_source(board))

"""The papers of a movement, each built whole here from the Decree 30 document model and the
generic blocks of `documents.builders`: the Kế hoạch (`plan_model`, from a movement) and the Báo
cáo sơ kết / tổng kết (`review_model`, from a review's results). `plan_document` and
`review_report` build the same papers from plain values (the demo register, tests).

The document text is Vietnamese whatever the interface language: it is the administrative
document itself, not a screen. Figures and percentages are written by `lib.vn`.
"""

from __future__ import annotations

import datetime as dt
import re

from thidua.documents.builders import bullets, clauses, heading, paras, sections_to_blocks, table
from thidua.documents.model import Block, BlockKind, Document, Signer, clause
from thidua.lib.vn import format_date_long, format_figure, format_percent, padded
from thidua.movements.models import CommitmentState, Movement, ReviewPeriod
from thidua.units.models import Unit

ADMINISTRATIVE = ("commune", "district", "province", "nation")
KIND_WORDS = {"collective": "tập thể", "individual": "cá nhân", "household": "hộ gia đình"}

# The parts of the report only people can write: the officer replaces these in the edit form.
PLACEHOLDER = "[CẦN BỔ SUNG: {}]"


# --- who issues and signs -------------------------------------------------------------------


def _administrative(unit: Unit) -> Unit:
    """The nearest commune/district/province at or above the unit (its People's Committee)."""
    if unit.kind in ADMINISTRATIVE:
        return unit
    above = Unit.objects.ancestors(unit).filter(kind__in=ADMINISTRATIVE).order_by("-path").first()
    return above or unit


def issuer_lines(unit: Unit) -> tuple[str, str, str]:
    """(issuer, parent issuer, place) for the heading of a document the unit issues."""
    admin = _administrative(unit)
    place = re.sub(r"^(Xã|Phường|Thị trấn|Huyện|Tỉnh|Thành phố)\s+", "", admin.name)
    if unit.kind in ADMINISTRATIVE:
        return f"ỦY BAN NHÂN DÂN {unit.name.upper()}", "", place
    parent = f"ỦY BAN NHÂN DÂN {admin.name.upper()}" if admin.pk != unit.pk else ""
    return unit.name.upper(), parent, place


def signer_titles(unit: Unit) -> list[str]:
    """Who signs for the unit; the name is filled in (and the titles adjusted) in the documents app."""
    if unit.kind in ADMINISTRATIVE:
        return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    if unit.kind == "hamlet":
        return ["TRƯỞNG ẤP"]
    return ["THỦ TRƯỞNG ĐƠN VỊ"]


def signer_name(unit: Unit) -> str:
    """Who signs for the unit: its chairman (a leader whose title is "Chủ tịch", else its first
    leader), or a hamlet's head; "" when nobody holds the role."""
    from thidua.accounts.models import Role, RoleGrant
    from thidua.lib.text import fold

    role = Role.REPRESENTATIVE if unit.kind == "hamlet" else Role.LEADER
    grants = RoleGrant.objects.filter(unit=unit, role=role, user__is_active=True).select_related("user")
    ordered = sorted(grants.order_by("id"), key=lambda g: not fold(g.title).startswith("chu tich"))
    return ordered[0].user.full_name if ordered else ""


# --- the plan (kế hoạch) ----------------------------------------------------------------------


def plan_document(
    *,
    issuer: str,
    parent_issuer: str = "",
    place: str,
    date: dt.date | None,
    title: str,
    abstract: str = "",
    bases: list[str],
    sections: list[dict],
    signer: Signer,
    recipients: list[str],
    intro: list[str] | None = None,
) -> Document:
    """Kế hoạch phát động phong trào thi đua; `title` is the movement's name, `sections` as
    `documents.builders.sections_to_blocks` takes them."""
    return Document(
        doc_type="KẾ HOẠCH",
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=date,
        abstract=abstract or f"Về việc phát động phong trào thi đua “{title}”",
        bases=clauses(bases),
        body=paras(intro or []) + sections_to_blocks(sections),
        signer=signer,
        recipients=list(recipients) or ["Lưu: VT"],
    )


def _reward_section(movement: Movement) -> dict:
    reward: dict = {"title": "Khen thưởng", "paragraphs": Movement.lines(movement.commendation_text)}
    quotas = list(movement.quotas.all())
    if quotas:
        counts = ", ".join(f"{padded(q.per_period)} {KIND_WORDS[q.recipient_kind]}" for q in quotas)
        awards = "; ".join(sorted({q.awards for q in quotas if q.awards}))
        sentence = f"Mỗi kỳ sơ kết, Hội đồng Thi đua – Khen thưởng xét chọn {counts} để khen thưởng"
        reward["items"] = [
            {"title": "Chỉ tiêu khen thưởng", "bullets": [sentence + (f" ({awards})." if awards else ".")]}
        ]
    return reward


def _plan_sections(movement: Movement) -> list[dict]:
    """Mục đích, Nội dung, Hình thức – thời gian, Khen thưởng, Tổ chức thực hiện (when there are duties)."""
    sections = []
    if movement.purpose_lines():
        sections.append({"title": "Mục đích, yêu cầu", "bullets": movement.purpose_lines()})
    content = {"title": "Nội dung thi đua", "bullets": movement.content_lines()}
    if movement.programme_lines():
        content["paragraphs"] = ["Gắn với: " + "; ".join(map(clause, movement.programme_lines())) + "."]
    sections.append(content)
    timing = (
        f"Thời gian thực hiện: từ {format_date_long(movement.period_start)} "
        f"đến {format_date_long(movement.period_end)}."
    )
    sections.append(
        {"title": "Hình thức, thời gian", "paragraphs": [*Movement.lines(movement.form_and_time), timing]}
    )
    sections.append(_reward_section(movement))
    duties = list(movement.duties.select_related("unit").order_by("unit__path", "id"))
    if duties:
        sections.append(
            {
                "title": "Tổ chức thực hiện",
                "bullets": [
                    f"{d.unit.name}: {clause(d.text)}"
                    + (f" (thời hạn: {format_date_long(d.due_date)})" if d.due_date else "")
                    for d in duties
                ],
            }
        )
    return sections


def plan_model(movement: Movement) -> Document:
    """The Kế hoạch of a movement from its data."""
    issuer, parent_issuer, place = issuer_lines(movement.unit)
    return plan_document(
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=movement.plan_date,
        title=movement.name,
        bases=movement.legal_basis_lines(),
        intro=Movement.lines(movement.preamble) if movement.preamble else None,
        sections=_plan_sections(movement),
        signer=Signer(title_lines=signer_titles(movement.unit), name=signer_name(movement.unit)),
        recipients=[*movement.recipient_lines(), "Lưu: VT"],
    )


# --- the review report (báo cáo sơ kết / tổng kết) --------------------------------------------


def _figure(value: float | int | None) -> str:
    """A plan or actual figure with its own decimals ("98,5", "2,25"), grouped ("1.250")."""
    return format_figure(value or 0)


def _target_met(row: dict) -> bool:
    if row.get("met") is not None:
        return bool(row["met"])
    return bool(row.get("target")) and row.get("actual", 0) >= row["target"]


def _completion(row: dict) -> str:
    """The completion the caller gives (it knows the indicator's direction), else actual ÷ target."""
    if row.get("percent") is not None:
        return format_percent(row["percent"])
    if not row.get("target"):
        return "—"
    return format_percent(100 * row.get("actual", 0) / row["target"], 1)


def _target_rows(targets: list[dict]) -> list[list[str]]:
    return [
        [
            padded(i),
            x["name"],
            f"{_figure(x.get('target'))} {x.get('unit', '')}".strip(),
            x.get("actual_text") or f"{_figure(x.get('actual'))} {x.get('unit', '')}".strip(),
            _completion(x),
            "Đạt" if _target_met(x) else "Chưa đạt",
        ]
        for i, x in enumerate(targets, 1)
    ]


def _ranking_table(ranking: list[dict]) -> Block:
    """Already ranked ({"rank", "tied", "unit", "percent", "met"}), or ranked here by "score"
    (ties keep the given order)."""
    if any("rank" in r for r in ranking):
        rows = [
            [
                str(r["rank"]) + (" (đồng hạng)" if r.get("tied") else ""),
                r["unit"],
                format_percent(r["percent"]),
                r.get("met", ""),
            ]
            for r in ranking
        ]
        return table(["Hạng", "Đơn vị", "Hoàn thành", "Chỉ tiêu đạt"], rows)
    ranked = sorted(ranking, key=lambda r: -r.get("score", 0))
    rows = [[str(i), r["unit"], _figure(r.get("score"))] for i, r in enumerate(ranked, 1)]
    return table(["Hạng", "Đơn vị", "Điểm"], rows)


def _results_part(results: dict) -> Block:
    """I. Kết quả: how it was organised, the targets (when any), the units' ranking (when any)."""
    children = [heading("1", 2, "Công tác tổ chức, phát động", paras(results.get("overview", [])))]
    targets = results.get("targets", [])
    if targets:
        met = sum(1 for x in targets if _target_met(x))
        summary = Block(kind=BlockKind.PARAGRAPH, text=f"Đạt và vượt {met}/{len(targets)} chỉ tiêu đề ra.")
        header = ["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ", "Đánh giá"]
        children.append(
            heading("2", 2, "Kết quả thực hiện các chỉ tiêu", [summary, table(header, _target_rows(targets))])
        )
    ranking = results.get("ranking", [])
    if ranking:
        children.append(
            heading(str(len(children) + 1), 2, "Kết quả thi đua của các đơn vị", [_ranking_table(ranking)])
        )
    return heading("I", 1, "KẾT QUẢ THỰC HIỆN PHONG TRÀO", children)


def review_report(
    *,
    issuer: str,
    parent_issuer: str = "",
    place: str,
    date: dt.date | None,
    movement: str,
    period: str,
    results: dict,
    signer: Signer,
    recipients: list[str],
    final: bool = False,
    bases: list[str] | None = None,
) -> Document:
    """Báo cáo sơ kết (or tổng kết, `final=True`) of a movement from a dict of results.

    `results` keys (all optional): "overview" (paragraphs on how the movement was organised),
    "targets" ([{"name", "target", "actual", "unit"}]: completion is actual ÷ target unless the
    caller, who knows the indicator's direction, gives "percent" and "met" — and "actual_text" for
    a figure not reported), "ranking" ([{"unit", "score"}], ranked here by score, ties keep the given
    order; or already ranked: [{"rank", "tied", "unit", "percent", "met"}]), "good_examples"
    ([{"name", "unit", "deed"}]), "strengths", "weaknesses", "lessons" (lists of sentences),
    "next_label" ("năm 2016") and "next_steps" (sentences).
    """
    kind = "tổng kết" if final else "sơ kết"
    examples = [
        f"{e['name']} ({e['unit']}): {e['deed']}" if e.get("unit") else f"{e['name']}: {e['deed']}"
        for e in results.get("good_examples", [])
    ]
    assessment = [
        heading("1", 2, "Ưu điểm", bullets(results.get("strengths", []))),
        heading("2", 2, "Hạn chế", bullets(results.get("weaknesses", []))),
        heading("3", 2, "Bài học kinh nghiệm", bullets(results.get("lessons", []))),
    ]
    next_label = results.get("next_label", "thời gian tới")
    body = [
        _results_part(results),
        heading(
            "II",
            1,
            "ĐIỂN HÌNH TIÊN TIẾN, GƯƠNG NGƯỜI TỐT VIỆC TỐT",
            bullets(examples) or paras(["Không có."]),
        ),
        heading("III", 1, "ĐÁNH GIÁ CHUNG", assessment),
        heading(
            "IV", 1, f"PHƯƠNG HƯỚNG, NHIỆM VỤ {next_label.upper()}", bullets(results.get("next_steps", []))
        ),
    ]
    return Document(
        doc_type="BÁO CÁO",
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=date,
        abstract=f"{kind.capitalize()} phong trào thi đua “{movement}” {period}",
        bases=clauses(bases or []),
        body=body,
        signer=signer,
        recipients=[*recipients, "Lưu: VT"],
    )


def period_label(period: ReviewPeriod, results: dict) -> str:
    """ "năm 2025" for a yearly review, "giai đoạn 2025–2027" for a final review over several years."""
    years = results["years"]
    if not results["final"] or len(years) < 2:
        return f"năm {years[0] if years else period.year}"
    return f"giai đoạn {years[0]}–{years[-1]}"


def _overview(results: dict) -> list[str]:
    """What the data says of how the movement was organised, after a placeholder for the rest."""
    paragraphs = [PLACEHOLDER.format("công tác tổ chức, phát động, tuyên truyền phong trào")]
    c = results["commitments"]
    registered = sum(c.values())
    if registered:
        paragraphs.append(
            f"Có {registered} lượt đơn vị đăng ký thi đua: {c[CommitmentState.APPROVED]} được duyệt, "
            f"{c[CommitmentState.RETURNED]} trả lại để hoàn chỉnh, "
            f"{c[CommitmentState.SUBMITTED] + c[CommitmentState.DRAFT]} chưa duyệt."
        )
    duties = results["duties"]
    if duties["total"]:
        text = f"Hoàn thành {duties['done']}/{duties['total']} nhiệm vụ được phân công"
        if duties["overdue"]:
            late = "; ".join(f"{d['unit']}: {d['text']}" for d in duties["overdue"])
            text += f"; {len(duties['overdue'])} nhiệm vụ quá hạn chưa hoàn thành ({late})"
        paragraphs.append(text + ".")
    for covenant in results["covenants"]:
        signed = " " + format_date_long(covenant["signed_on"]) if covenant["signed_on"] else ""
        paragraphs.append(
            f"Giao ước thi đua “{covenant['name']}”{signed} giữa: {', '.join(covenant['units'])}."
        )
    if results["overall"] is not None:
        paragraphs.append(f"Mức hoàn thành bình quân các chỉ tiêu: {format_percent(results['overall'])}.")
    awards = results["awards"]
    if awards:
        paragraphs.append(
            "Khen thưởng: "
            + "; ".join(
                f"{a['award']} cho {a['name']}"
                + (f" (Quyết định số {a['decision']})" if a["decision"] else "")
                for a in awards
            )
            + "."
        )
    return paragraphs


def _review_targets(results: dict) -> list[dict]:
    many_years = len({t["year"] for t in results["targets"]}) > 1
    return [
        {
            "name": f"{t['name']} – {t['unit']}" + (f" ({t['year']})" if many_years else ""),
            "target": t["target"],
            "actual": t["actual"] or 0,
            "actual_text": None if t["reported"] else "Chưa báo cáo",
            "percent": t["percent"],
            "met": t["met"],
            "unit": t["measure"],
        }
        for t in results["targets"]
    ]


def review_model(movement: Movement, period: ReviewPeriod, results: dict) -> Document:
    """The Báo cáo sơ kết / tổng kết of a review from `review.review_results`.

    The percent and the verdict of each target come from the movement's own completion rules (a
    decrease target is met by going down), the ranking with its shared ranks from the dashboard.
    """
    issuer, parent_issuer, place = issuer_lines(movement.unit)
    final = results["final"]
    next_label = "giai đoạn tới" if final else f"năm {period.year + 1}"
    bases = []
    if movement.plan_label:
        bases.append(f"Căn cứ {movement.plan_label} về phát động phong trào thi đua “{movement.name}”")
    ranking = [
        {
            "rank": r["rank"],
            "tied": r["tied"],
            "unit": r["unit"],
            "percent": r["percent"],
            "met": f"{r['met']}/{r['total']}",
        }
        for r in results["ranking"]
    ]
    examples = [
        {"name": e["name"] or e["kind"], "unit": e["unit"], "deed": e["title"]} for e in results["examples"]
    ]
    return review_report(
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=None,
        movement=movement.name,
        period=period_label(period, results),
        final=final,
        bases=bases,
        results={
            "overview": _overview(results),
            "targets": _review_targets(results),
            "ranking": ranking,
            "good_examples": examples,
            "strengths": [PLACEHOLDER.format("ưu điểm")],
            "weaknesses": [PLACEHOLDER.format("hạn chế, nguyên nhân")],
            "lessons": [PLACEHOLDER.format("bài học kinh nghiệm")],
            "next_label": next_label,
            "next_steps": [PLACEHOLDER.format(f"phương hướng, nhiệm vụ {next_label}")],
        },
        signer=Signer(title_lines=signer_titles(movement.unit), name=signer_name(movement.unit)),
        recipients=movement.recipient_lines(),
    )


__all__ = [
    "PLACEHOLDER",
    "issuer_lines",
    "period_label",
    "plan_document",
    "plan_model",
    "review_model",
    "review_report",
    "signer_name",
    "signer_titles",
]

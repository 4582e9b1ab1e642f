"""Excel exports of a survey: every response, and the summary of the results."""

import io
from collections.abc import Callable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.lib.excel import text_cell
from thidua.surveys.models import Answer, Survey
from thidua.surveys.selectors import Results


def _text(ws, value: str) -> WriteOnlyCell:
    # A citizen's comment starting with "=" must stay text, never become a formula.
    return text_cell(ws, value)


def _bold(ws, value) -> WriteOnlyCell:
    cell = text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
    cell.font = Font(bold=True)
    return cell


def responses_xlsx(survey: Survey, progress: Callable[[int, int], None] | None = None) -> bytes:
    """One row per response, one column per question (score 1–5), then expectations and comments;
    `progress(done, total)` is told every thousand rows (the background job's progress bar)."""
    questions = list(survey.questions.all())
    scores: dict[int, dict[int, int]] = {}
    for response_id, question_id, score in (
        Answer.objects.filter(response__survey=survey)
        .values_list("response_id", "question_id", "score")
        .iterator()
    ):
        scores.setdefault(response_id, {})[question_id] = score
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Phiếu khảo sát")
    ws.append(
        [_bold(ws, h) for h in ["STT", "Thời điểm", "Dịch vụ đã sử dụng"]]
        + [_bold(ws, f"C{q.position}. {q.text}") for q in questions]
        + [_bold(ws, "Mong đợi"), _bold(ws, "Góp ý")]
    )
    tz = timezone.get_current_timezone()
    total = survey.responses.count() if progress is not None else 0
    for number, response in enumerate(survey.responses.order_by("created_at", "id").iterator(), start=1):
        if progress is not None and number % 1000 == 0:
            progress(number, max(total, number))
        row_scores = scores.get(response.pk, {})
        ws.append(
            [number, response.created_at.astimezone(tz).replace(tzinfo=None), _text(ws, response.service)]
            + [row_scores.get(q.pk) for q in questions]
            + [_text(ws, response.expectations), _text(ws, response.comments)]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_xlsx(res: Results) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tổng hợp")
    ws.append([_bold(ws, res.survey.title)])
    ws.append(["Số phiếu", res.responses])
    ws.append(["Chỉ số hài lòng chung (%)", res.overall_index])
    ws.append([])
    ws.append(
        [_bold(ws, h) for h in ["Yếu tố / tiêu chí", "Số ý kiến", "Điểm trung bình", "Tỷ lệ hài lòng (%)"]]
        + [_bold(ws, f"Mức {i}") for i in range(1, 6)]
    )
    for element in res.elements:
        ws.append([_bold(ws, element.label), element.n, element.mean, element.index])
        for stat in element.questions:
            ws.append(
                [
                    _text(ws, f"C{stat.question.position}. {stat.question.text}"),
                    stat.n,
                    stat.mean,
                    stat.pct_satisfied,
                ]
                + stat.counts
            )
    ws.append([])
    ws.append([_bold(ws, "Dịch vụ đã sử dụng"), _bold(ws, "Số phiếu")])
    for service, n in res.services:
        ws.append([_text(ws, service), n])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

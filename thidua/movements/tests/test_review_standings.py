"""The review report and the roll-up read the read model: after any sequence of figures, corrections,
deletions and target changes, their figures equal those computed from the reports themselves."""

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.lib.errors import ServiceError
from thidua.movements import completion as calc
from thidua.movements import review, selectors
from thidua.movements.models import PeriodKind, Target

from . import test_standings
from .test_standings import OPERATIONS, TODAY, YEARS, _apply

two_years = test_standings.two_years  # the same movement over two years, a fixture


def _from_the_reports(movement, scope) -> list:
    rows, _raw, _reports = selectors.targets_at_latest(movement, scope)
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATIONS, min_size=1, max_size=25))
def test_the_review_report_and_the_rollup_state_the_figures_of_the_reports(
    operations, two_years, tree, indicators, personas
):
    saved = transaction.savepoint()
    try:
        for op in operations:
            try:
                with transaction.atomic():
                    _apply(op, two_years, tree, indicators, personas["officer"])
            except ServiceError:
                pass  # a refused write changes nothing
        for scope in ({"year": YEARS[0]}, {"year": YEARS[1]}, {}):
            assert selectors.targets_at_standing(two_years, scope) == _from_the_reports(two_years, scope)
        lineage = Target.objects.filter(movement__lineage__startswith=two_years.lineage)
        assert selectors.movement_rollup(two_years) == selectors.sql_rollup(lineage)
        for period in two_years.periods.filter(kind__in=review.REVIEW_KINDS):
            final = period.kind == PeriodKind.FINAL
            rows = _from_the_reports(two_years, {} if final else {"year": period.year})
            stated = review.review_results(two_years, period, today=TODAY)
            assert stated["targets"] == [review._target(row) for row in rows]
            assert stated["overall"] == calc.as_percent(calc.rollup(row.done for row in rows))
            assert stated["ranking"] == review._ranking(rows)
    finally:
        transaction.savepoint_rollback(saved)


def test_the_review_report_reads_no_report(two_years, tree, indicators, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = personas["officer"]
    for op in [("report", 0, YEARS[1], 1, 30), ("report", 3, YEARS[1], 2, 12)]:
        _apply(op, two_years, tree, indicators, officer)
    period = two_years.periods.filter(kind__in=review.REVIEW_KINDS).order_by("end").first()
    with CaptureQueriesContext(connection) as ctx:
        review.review_results(two_years, period, today=TODAY)
        selectors.movement_rollup(two_years)
    assert not [q["sql"] for q in ctx.captured_queries if "movements_progressreport" in q["sql"]]

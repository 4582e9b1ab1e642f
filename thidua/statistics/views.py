"""Thin views: access gives the unit, the engine fills the form, a renderer writes it."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from thidua import access
from thidua.lib.downloads import attachment
from thidua.lib.paging import page_number
from thidua.statistics import exports, selectors
from thidua.statistics.definitions import FormDefinition, get_form, regime_for

# Years a form may be asked for: the software's history, and one ahead of today.
FIRST_YEAR = 2000


def _last_year() -> int:
    return timezone.localdate().year + 1


def _form_and_unit(request, unit_pk: int, year: int, code: str):
    unit = access.get_statistics_unit(request.user, unit_pk)
    # The form of the regime in force that year: a form id names the form of the year's regime.
    form = get_form(code, year)
    if form is None or not FIRST_YEAR <= year <= _last_year():
        raise Http404
    return form, unit


def _default_year() -> int:
    """The reporting year in progress: from 1 December it is next year's."""
    today = timezone.localdate()
    return today.year + 1 if today.month == 12 else today.year


@require_GET
def form_index(request):
    units = selectors.reporting_units(request.user)
    if not units:
        raise Http404
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = _default_year()
    year = min(max(year, FIRST_YEAR), _last_year())
    regime = regime_for(year)
    forms: list[FormDefinition] = list(regime.forms.values())
    return render(
        request,
        "statistics/index.html",
        {
            "units": units,
            "forms": forms,
            "regime": regime,
            "year": year,
            "years": range(_default_year(), _default_year() - 6, -1),
        },
    )


@require_GET
def form_view(request, unit_pk: int, year: int, code: str):
    form, unit = _form_and_unit(request, unit_pk, year, code)
    result = selectors.compute_form(form, unit, year)
    communes = []
    if unit.kind == selectors.UnitKind.PROVINCE:
        communes = list(unit.children.filter(kind=selectors.UnitKind.COMMUNE).order_by("name")[:500])
    header_rows = [[cell for cell in form.header if cell.row == index] for index in range(form.header_rows)]
    seen_notes: set[str] = set()
    lines = []
    for line in result.rows:
        # A reason given once is not repeated under each of the rows it explains.
        note = "" if line.row.note in seen_notes else line.row.note
        seen_notes.add(line.row.note)
        lines.append(_line(line, note, unit, year, form))
    return render(
        request,
        "statistics/form.html",
        {
            "header_rows": header_rows,
            "lines": lines,
            "result": result,
            "form": form,
            "unit": unit,
            "year": year,
            "reporting_body": selectors.reporting_body(unit),
            "receiving_body": selectors.receiving_body(unit),
            "communes": communes,
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < _last_year() else None,
        },
    )


def _line(line, note: str, unit, year: int, form: FormDefinition) -> dict:
    return {
        "row": line.row,
        "note": note,
        "cells": [
            {
                "value": value,
                "url": ""
                if line.row.heading
                else reverse("statistics:cell", args=[unit.pk, year, form.id, line.row.key, column.key]),
            }
            for value, column in zip(line.values, form.columns, strict=True)
        ],
    }


@require_GET
def form_xlsx(request, unit_pk: int, year: int, code: str):
    form, unit = _form_and_unit(request, unit_pk, year, code)
    result = selectors.compute_form(form, unit, year)
    return attachment(exports.form_xlsx(result), exports.file_name(result, "xlsx"))


@require_GET
def form_pdf(request, unit_pk: int, year: int, code: str):
    form, unit = _form_and_unit(request, unit_pk, year, code)
    result = selectors.compute_form(form, unit, year)
    return attachment(exports.form_pdf(result), exports.file_name(result, "pdf"))


@require_GET
def cell_view(request, unit_pk: int, year: int, code: str, row: str, column: str):
    form, unit = _form_and_unit(request, unit_pk, year, code)
    records = selectors.cell_records(form, unit, year, row, column)
    if records is None:
        raise Http404
    form_row, form_column = form.row(row), form.column(column)
    page = records.page(page_number(request.GET.get("page")), 50)
    start, end = selectors.reporting_period(year)
    return render(
        request,
        "statistics/cell.html",
        {
            "form": form,
            "unit": unit,
            "year": year,
            "row": form_row,
            "row_label": form_row.label.lstrip("-+ ") if form_row else "",
            "column": form_column,
            "page": page,
            "count": len(records),
            "start": start,
            "end": end,
        },
    )

"""Excel for movements: a figures workbook and a commitments workbook per unit (download, fill
in, upload back) and the dashboard tables as a workbook.

An upload is all-or-nothing: every cell is checked first and nothing is saved if any row is
wrong, unless the user asks to import only the valid rows. Reading and checking live here; the
saving goes through the movements services (`progress_report_import`, `commitment_save`).

- `figures`: the figures of a period, one row per target of a unit's subtree;
- `commitments`: a unit's registration for one year (pledges and titles);
- `dashboard`: the dashboard's tables, one sheet each;
- `_sheets`: what they share (the look of a template, reading numbers and dates).
"""

from thidua.movements.workbook.commitments import (
    CATALOGUE_SHEET,
    PLEDGE_COLUMNS,
    PLEDGE_SHEET,
    TITLE_COLUMNS,
    TITLE_SHEET,
    commitments_workbook,
    import_commitments,
)
from thidua.movements.workbook.dashboard import dashboard_workbook
from thidua.movements.workbook.figures import COLUMNS, SHEET, figures_workbook, import_figures

__all__ = [
    "CATALOGUE_SHEET",
    "COLUMNS",
    "PLEDGE_COLUMNS",
    "PLEDGE_SHEET",
    "SHEET",
    "TITLE_COLUMNS",
    "TITLE_SHEET",
    "commitments_workbook",
    "dashboard_workbook",
    "figures_workbook",
    "import_commitments",
    "import_figures",
]

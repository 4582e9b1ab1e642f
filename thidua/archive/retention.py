"""The retention periods thidua starts with, per document type, and the arithmetic of a period.

The defaults follow our reading of Circular 10/2022/TT-BNV (retention periods of the common records
of agencies, including emulation and commendation records): plans, yearly reports, council minutes
and commendation decisions are kept permanently; proposals, notices, letters and invitations for a
number of years. They are data (`RetentionRule`), loaded by a migration and edited by the officer
on the "Lưu trữ" page when the circular in force says otherwise. A type with no rule is kept
permanently: nothing is ever offered for destruction by default.
"""

from django.utils.translation import gettext_lazy as _

BASIS = "Thông tư 10/2022/TT-BNV (mặc định; đối chiếu văn bản hiện hành)"

# (document type, years or None for permanent)
DEFAULTS: tuple[tuple[str, int | None], ...] = (
    ("QUYẾT ĐỊNH", None),
    ("KẾ HOẠCH", None),
    ("BÁO CÁO", None),
    ("BIÊN BẢN", None),
    ("NGHỊ QUYẾT", None),
    ("QUY CHẾ", None),
    ("QUY ĐỊNH", None),
    ("CHỈ THỊ", None),
    ("ĐỀ ÁN", None),
    ("CHƯƠNG TRÌNH", 20),
    ("PHƯƠNG ÁN", 20),
    ("HƯỚNG DẪN", 20),
    ("TỜ TRÌNH", 20),
    ("GIẤY KHEN", 20),
    ("THÔNG BÁO", 10),
    ("CÔNG VĂN", 10),
    ("GIẤY MỜI", 5),
)

PERMANENT = _("Vĩnh viễn")


def last_year_kept(year: int, years: int | None) -> int | None:
    """The last calendar year a paper of `year` is kept: the period counts whole years from
    1 January after the year of the paper (the year its file closes). None: permanent."""
    return None if years is None else year + years


def period_text(years: int | None) -> str:
    return str(PERMANENT) if years is None else str(_("%(n)s năm") % {"n": years})

"""The notice each public form gives about the personal data it takes (Law 91/2025/QH15, art. 13):
who keeps it, for what, for how long, and where to ask for it to be corrected or deleted.

The keeper is the People's Committee of the commune (or ward) the form belongs to; the time comes
from the data map's retention rules (`thidua.privacy.datamap.retention_text`), so the notice and
the scheduled purge cannot say different things.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.units.models import Unit, UnitKind

# The data each public form takes, named as in the data map.
OBJECTION_CONTACT = "objection_contact"
EXAMPLE_REPORTER = "example_reporter"
SURVEY_RESPONSE = "survey_response"

PURPOSES: dict[str, Promise] = {
    OBJECTION_CONTACT: gettext_lazy(
        "xem xét ý kiến về danh sách đề nghị khen thưởng và trả lời người gửi khi cần"
    ),
    EXAMPLE_REPORTER: gettext_lazy("xác minh việc tốt được phản ánh và liên hệ lại người phản ánh khi cần"),
    SURVEY_RESPONSE: gettext_lazy(
        "tổng hợp mức độ hài lòng của người dân với dịch vụ hành chính (phiếu không ghi tên)"
    ),
}

FALLBACK_RETENTION = gettext_lazy("theo quy định lưu trữ hồ sơ của xã")

# Units whose People's Committee keeps the records of the units below them.
_KEEPERS = (UnitKind.COMMUNE, UnitKind.DISTRICT, UnitKind.PROVINCE)
_ADMINISTRATIVE_WORDS = ("Xã ", "Phường ", "Đặc khu ", "Thị trấn ", "Huyện ", "Tỉnh ", "Thành phố ")


def keeper_unit(unit: Unit | None) -> Unit | None:
    """The commune (else district, province) at or above the unit: its People's Committee keeps the data."""
    if unit is None or unit.kind in _KEEPERS:
        return unit
    above = Unit.objects.ancestors(unit).filter(kind__in=_KEEPERS).order_by("-path").first()
    return above or unit


def keeper_name(unit: Unit | None) -> str:
    """'Ủy ban nhân dân xã Mỹ Thạnh'; for a form serving several communes, the commune concerned."""
    keeper = keeper_unit(unit)
    if keeper is None:
        return _("Ủy ban nhân dân xã, phường nơi có sự việc")
    if keeper.kind not in _KEEPERS:
        return keeper.name
    name = keeper.name
    # Officials write "Ủy ban nhân dân xã Mỹ Thạnh": the unit's kind word in lower case.
    if name.startswith(_ADMINISTRATIVE_WORDS):
        name = name[0].lower() + name[1:]
    return _("Ủy ban nhân dân %(unit)s") % {"unit": name}


def retention(data_class: str) -> str:
    """How long the data is kept, from the data map; a general wording where the map names no time."""
    try:
        from thidua.privacy.datamap import retention_text
    except ImportError:  # a data map not installed yet: the notice still tells where to ask
        return str(FALLBACK_RETENTION)
    try:
        return str(retention_text(data_class))
    except LookupError:
        return str(FALLBACK_RETENTION)


def notice(unit: Unit | None, data_class: str) -> dict[str, str]:
    """What the notice partial (`privacy/_notice.html`) shows."""
    return {
        "keeper": keeper_name(unit),
        "purpose": str(PURPOSES[data_class]),
        "retention": retention(data_class),
    }

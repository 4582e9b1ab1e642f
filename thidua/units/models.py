"""The organisation tree: every kind of unit, at any depth.

A unit's place in the tree is a materialised path (fixed-width base-36 segments), so a
subtree is one indexed prefix query and whole provinces load in bulk.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

SEGMENT = 4  # 36**4 ≈ 1.7 million children per unit
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def path_segment(number: int) -> str:
    """Sibling number → fixed-width base-36 segment (0 → '0000')."""
    if not 0 <= number < 36**SEGMENT:
        raise ValueError("sibling number out of range")
    digits = []
    for _i in range(SEGMENT):
        number, rem = divmod(number, 36)
        digits.append(ALPHABET[rem])
    return "".join(reversed(digits))


class UnitKind(models.TextChoices):
    NATION = "nation", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện, quận, thị xã")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    HAMLET = "hamlet", _("Ấp, thôn, tổ dân phố")
    FRONT = "front", _("Mặt trận Tổ quốc")
    MASS_ORG = "mass_org", _("Đoàn thể")
    SECTOR = "sector", _("Ngành, cơ quan")
    COUNCIL = "council", _("Hội đồng")
    OTHER = "other", _("Tập thể khác")


# Kinds that are territories (they contain people and other units) rather than bodies.
TERRITORIAL_KINDS = {UnitKind.NATION, UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.HAMLET}


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        """The unit and everything below it."""
        return self.filter(path__startswith=unit.path)

    def descendants(self, unit: "Unit") -> "UnitQuerySet":
        return self.subtree(unit).exclude(pk=unit.pk)

    def ancestors(self, unit: "Unit") -> "UnitQuerySet":
        prefixes = [unit.path[:i] for i in range(SEGMENT, len(unit.path), SEGMENT)]
        return self.filter(path__in=prefixes).order_by("depth")


class Unit(models.Model):
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(
        _("mã"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Mã hành chính chính thức, nếu có."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    search_key = models.CharField(max_length=255, editable=False, db_index=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=models.Q(depth__gte=0), name="unit_depth_non_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_kind_display(self) -> str:
        """The kind's name in the screen's language. Django's own looks it up by hashing every
        label of the choices, a translation each, on every call: a fifth of a list page's time."""
        try:
            return str(UnitKind(self.kind).label)
        except ValueError:
            return self.kind

    def is_within(self, other: "Unit") -> bool:
        """True when self is other or lies below it."""
        return self.path.startswith(other.path)

    @property
    def is_territorial(self) -> bool:
        return self.kind in TERRITORIAL_KINDS

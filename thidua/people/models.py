"""Individuals, their memberships in units, and households."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")
    OTHER = "other", _("Khác")


class Category(models.TextChoices):
    OFFICIAL = "official", _("Cán bộ")
    CIVIL_SERVANT = "civil_servant", _("Công chức")
    PUBLIC_EMPLOYEE = "public_employee", _("Viên chức")
    PART_TIME = "part_time", _("Người hoạt động không chuyên trách")
    WORKER = "worker", _("Công nhân, người lao động")
    FARMER = "farmer", _("Nông dân")
    BUSINESS = "business", _("Doanh nhân, hộ kinh doanh")
    STUDENT = "student", _("Học sinh, sinh viên")
    ARMED = "armed", _("Lực lượng vũ trang")
    CITIZEN = "citizen", _("Người dân")


class PersonQuerySet(models.QuerySet):
    def in_subtree(self, unit) -> "PersonQuerySet":
        # A subquery on the unit index beats a join when the subtree holds most of the table.
        from thidua.units.models import Unit

        return self.filter(unit__in=Unit.objects.subtree(unit).values("id"))

    def search(self, query: str) -> "PersonQuerySet":
        """People with a word of their name starting the query, diacritics and case ignored."""
        from thidua.lib.text import fold

        key = fold(query)
        if not key:
            return self
        return self.filter(id__in=PersonNameKey.objects.filter(**key_prefix(key)).values("person_id"))


class Person(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    category = models.CharField(
        _("đối tượng"), max_length=20, choices=Category.choices, default=Category.CITIZEN
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("nơi sinh hoạt"),
        on_delete=models.PROTECT,
        related_name="residents",
        help_text=_("Xã hoặc ấp nơi cá nhân cư trú hoặc công tác."),
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    search_key = models.CharField(max_length=150, editable=False, db_index=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["search_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_range",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class PersonNameKey(models.Model):
    """A folded tail of a person's name starting at a word, for indexed search (see lib.text.word_suffixes)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=150, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="personnamekey_unique")]

    def __str__(self) -> str:
        return self.key


def key_prefix(key: str) -> dict:
    """Lookups for keys starting with `key` that a B-tree index can serve as a range.

    SQLite cannot use an index for LIKE (case-insensitive by default), so the range does the
    narrowing and startswith keeps the answer exact under any collation.
    """
    return {"key__gte": key, "key__lt": key + "\uffff", "key__startswith": key}


def name_keys_for(people) -> list[PersonNameKey]:
    """The search keys of saved people, to bulk-insert beside them."""
    from thidua.lib.text import word_suffixes

    return [
        PersonNameKey(person_id=p.pk, key=k)
        for p in people
        for k in dict.fromkeys(word_suffixes(p.search_key))
    ]


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="memberships"
    )
    title = models.CharField(_("chức danh trong đơn vị"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [models.UniqueConstraint(fields=["person", "unit"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.person} – {self.unit}"


class Household(models.Model):
    head = models.ForeignKey(
        Person, verbose_name=_("chủ hộ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hamlet = models.ForeignKey(
        "units.Unit", verbose_name=_("ấp"), on_delete=models.PROTECT, related_name="households"
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")

    def __str__(self) -> str:
        return _("Hộ %(name)s") % {"name": self.head.full_name if self.head_id else self.address or self.pk}

"""Accounts and the roles they hold on units (inherited down each unit's subtree)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    OFFICER = "officer", _("Cán bộ thi đua – khen thưởng")
    LEADER = "leader", _("Lãnh đạo (Chủ tịch, Phó Chủ tịch)")
    COUNCIL = "council", _("Thành viên Hội đồng Thi đua – Khen thưởng")
    REPRESENTATIVE = "representative", _("Đại diện đơn vị (Trưởng ấp, người đứng đầu đoàn thể)")
    VIEWER = "viewer", _("Người xem")


class RoleGrant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    title = models.CharField(_("chức danh"), max_length=120, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyền theo đơn vị")
        verbose_name_plural = _("quyền theo đơn vị")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="rolegrant_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

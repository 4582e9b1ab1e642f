"""Signing keys of an organisation, the trust roots and revocation lists the admin configured, and the
signed copies of issued papers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class KeyKind(models.TextChoices):
    PKCS12 = "pkcs12", _("Tệp khóa PKCS#12 (.p12, .pfx)")
    PKCS11 = "pkcs11", _("Thiết bị ký số (USB token, PKCS#11)")


class SigningKey(models.Model):
    """An organisation's key to sign its papers with. A PKCS#12 file is kept as uploaded — still
    locked by its passphrase, which is never stored and is asked each time someone signs; a token
    is found by its PKCS#11 module, its label and the key's label, and its PIN is asked each time."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="signing_keys", verbose_name=_("cơ quan")
    )
    label = models.CharField(_("tên gọi"), max_length=200)
    kind = models.CharField(_("loại khóa"), max_length=10, choices=KeyKind.choices)
    pkcs12 = models.BinaryField(
        _("tệp khóa (đã khóa bằng mật khẩu)"), blank=True, default=b"", editable=False
    )
    module_path = models.CharField(_("thư viện PKCS#11"), max_length=255, blank=True)
    token_label = models.CharField(_("tên thiết bị"), max_length=100, blank=True)
    key_label = models.CharField(_("tên khóa trên thiết bị"), max_length=100, blank=True)
    certificate = models.BinaryField(_("chứng thư số (DER)"), editable=False)
    subject = models.CharField(_("chủ thể chứng thư"), max_length=500)
    not_after = models.DateTimeField(_("hết hạn"))
    fingerprint = models.CharField(_("vân tay SHA-256"), max_length=64)
    active = models.BooleanField(_("đang dùng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa ký số")
        verbose_name_plural = _("khóa ký số")
        ordering = ["unit", "label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="pkcs11", module_path__gt="", token_label__gt="", key_label__gt="")
                | Q(kind="pkcs12"),
                name="signatures_key_token_named",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class AnchorKind(models.TextChoices):
    ROOT = "root", _("Chứng thư gốc tin cậy")
    INTERMEDIATE = "intermediate", _("Chứng thư trung gian")
    CRL = "crl", _("Danh sách chứng thư bị thu hồi (CRL)")


class TrustAnchor(models.Model):
    """What a signature is checked against: root certificates (the national root among them), the
    intermediates that lead to them, and revocation lists. Uploaded by an admin, never downloaded."""

    kind = models.CharField(_("loại"), max_length=12, choices=AnchorKind.choices)
    label = models.CharField(_("tên gọi"), max_length=300)
    der = models.BinaryField(_("nội dung (DER)"), editable=False)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư tin cậy")
        verbose_name_plural = _("chứng thư tin cậy")
        ordering = ["kind", "label"]

    def __str__(self) -> str:
        return self.label


class SignedPaper(models.Model):
    """The signed PDF of an issued paper, kept as a stored file; one per document."""

    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="signed_paper", verbose_name=_("văn bản")
    )
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="signed_papers")
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    signer = models.CharField(_("người ký (theo chứng thư)"), max_length=500)
    timestamped = models.BooleanField(_("có dấu thời gian"), default=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("thời điểm ký"))

    class Meta:
        verbose_name = _("bản ký số")
        verbose_name_plural = _("bản ký số")

    def __str__(self) -> str:
        return f"{self.document} ({self.signer})"


class ImageKind(models.TextChoices):
    SIGNATURE = "signature", _("Ảnh chữ ký (màu xanh)")
    SEAL = "seal", _("Ảnh con dấu (màu đỏ)")


class SignatureImage(models.Model):
    """The images a digitally signed paper shows (Decree 30/2020, Appendix I): a signer's signature,
    one per person, and an organisation's seal, one per unit, at its actual size."""

    kind = models.CharField(_("loại ảnh"), max_length=10, choices=ImageKind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signature_image",
        verbose_name=_("người ký"),
    )
    unit = models.OneToOneField(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="seal_image",
        verbose_name=_("cơ quan"),
    )
    png = models.BinaryField(_("ảnh PNG"), editable=False)
    width_mm = models.PositiveSmallIntegerField(_("đường kính thật (mm)"), default=36)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ảnh chữ ký, con dấu")
        verbose_name_plural = _("ảnh chữ ký, con dấu")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="signature", user__isnull=False, unit__isnull=True)
                | Q(kind="seal", unit__isnull=False, user__isnull=True),
                name="signatures_image_owner",
            ),
            models.CheckConstraint(
                condition=Q(width_mm__gte=10, width_mm__lte=80), name="signatures_image_width"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class SignedAttachment(models.Model):
    """An attachment sent as its own file with an issued paper (an annex, a list), signed by the
    organisation: its signature shows at the top right of page 1 with the paper's number and symbol
    and the signing time (Decree 30/2020, Appendix I)."""

    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="signed_attachments",
        verbose_name=_("văn bản chính"),
    )
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="signed_attachments")
    name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("thời điểm ký"))

    class Meta:
        verbose_name = _("văn bản kèm theo đã ký số")
        verbose_name_plural = _("văn bản kèm theo đã ký số")
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return self.name

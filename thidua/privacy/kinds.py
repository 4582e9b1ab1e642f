"""The vocabulary of the data map: kinds of personal data, legal bases, who sees a field, and the
entries shared by many models. The retention classes are in `keeps.py`.

Glossary: data class = loại dữ liệu cá nhân; legal basis = căn cứ pháp lý; retention = thời hạn lưu.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua import access
from thidua.accounts.models import Role
from thidua.privacy.keeps import RETENTION

# Who may see a field on the public portal, beside the roles of accounts.Role.
PUBLIC = "public"


class DataClass(models.TextChoices):
    IDENTITY = "identity", _("Nhận dạng cơ bản (họ tên, giới tính, năm sinh, nơi sinh sống)")
    CONTACT = "contact", _("Liên hệ (điện thoại, địa chỉ, thư điện tử)")
    WORK = "work", _("Công tác, chức vụ, thành tích, khen thưởng")
    SENSITIVE = (
        "sensitive",
        _("Kỷ luật, thanh tra, khiếu nại, thu hồi khen thưởng (xử lý như dữ liệu nhạy cảm)"),
    )
    OPINION = "opinion", _("Ý kiến, nội dung người dân gửi")
    COUNCIL = "council", _("Tham dự và biểu quyết của thành viên Hội đồng")
    ACCOUNT = "account", _("Tài khoản đăng nhập của cán bộ")
    STAFF_TRACE = "staff_trace", _("Dấu vết công việc của cán bộ (ai tạo, ai duyệt, ai ký)")
    NETWORK = "network", _("Địa chỉ mạng, thiết bị, mã phiên")
    FILE = "file", _("Tệp minh chứng, ảnh, tệp xuất")
    AUDIT_COPY = "audit_copy", _("Bản sao trong nhật ký thay đổi")


class Basis(models.TextChoices):
    """Why thidua may process the data. Law 91/2025/QH15 lets a state body process personal data
    without consent to carry out a duty the law gives it; the article number is to be checked
    against the law's final text and Decree 356/2025/NĐ-CP."""

    EMULATION = (
        "emulation",
        _(
            "Nhiệm vụ thi đua, khen thưởng của cơ quan nhà nước: Luật Thi đua, khen thưởng số 06/2022/QH15 "
            "(Điều 13, 17, 84), Nghị định 152/2025/NĐ-CP; xử lý không cần sự đồng ý để thực hiện nhiệm vụ "
            "theo luật định (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15)"
        ),
    )
    ELIGIBILITY = (
        "eligibility",
        _(
            "Điều kiện xét khen thưởng: Nghị định 152/2025/NĐ-CP Điều 4 (tạm hoãn khi đang xem xét kỷ luật, "
            "thanh tra, khiếu nại), Luật Thi đua, khen thưởng Chương VII (hủy, thu hồi); Luật 91/2025/QH15"
        ),
    )
    PUBLIC_NOTICE = (
        "public_notice",
        _(
            "Công khai danh sách và tiếp nhận ý kiến: Luật Thi đua, khen thưởng Điều 5 (công khai, minh bạch), "
            "Nghị định 152/2025/NĐ-CP; người gửi tự cung cấp để được trả lời"
        ),
    )
    CONSENT = "consent", _("Sự đồng ý của người dân khi gửi hoặc khi được nêu gương (Luật 91/2025/QH15)")
    SURVEY = (
        "survey",
        _(
            "Đo lường sự hài lòng (Quyết định 1001/QĐ-BNV); phiếu không hỏi thông tin cá nhân, người dân tự nguyện ghi"
        ),
    )
    SECURITY = (
        "security",
        _(
            "Bảo đảm an toàn hệ thống, chống đoán mật khẩu và gửi tràn: nghĩa vụ bảo vệ dữ liệu của bên "
            "kiểm soát (Luật 91/2025/QH15), Luật An toàn thông tin mạng số 86/2015/QH13"
        ),
    )
    ACCOUNTABILITY = (
        "accountability",
        _(
            "Ghi vết trách nhiệm của cán bộ khi thực hiện nhiệm vụ: Luật Thi đua, khen thưởng Điều 13, "
            "Luật Lưu trữ số 33/2024/QH15"
        ),
    )


# The short name of each basis, for the map's table (the full text is listed once below it).
BASIS_SHORT = {
    Basis.EMULATION: _("Nhiệm vụ thi đua, khen thưởng"),
    Basis.ELIGIBILITY: _("Điều kiện xét khen thưởng"),
    Basis.PUBLIC_NOTICE: _("Công khai, tiếp nhận ý kiến"),
    Basis.CONSENT: _("Sự đồng ý"),
    Basis.SURVEY: _("Khảo sát hài lòng"),
    Basis.SECURITY: _("An toàn hệ thống"),
    Basis.ACCOUNTABILITY: _("Ghi vết trách nhiệm"),
}

# Short names for the map's tables.
ROLE_SHORT = {
    Role.ADMIN: _("quản trị"),
    Role.OFFICER: _("cán bộ TĐKT"),
    Role.LEADER: _("lãnh đạo"),
    Role.COUNCIL: _("Hội đồng"),
    Role.REPRESENTATIVE: _("trưởng ấp, đoàn thể"),
    Role.VIEWER: _("người xem"),
}


@dataclass(frozen=True)
class Personal:
    """One personal field: its kind, purpose, legal basis, who sees it, how long it is kept."""

    data_class: DataClass
    purpose: Promise
    basis: Basis
    seen_by: tuple[str, ...]
    keep: str
    note: Promise | str = ""

    def __post_init__(self) -> None:
        if self.keep not in RETENTION:
            raise ValueError(f"unknown retention class {self.keep!r}")
        unknown = set(self.seen_by) - set(Role) - {PUBLIC}
        if unknown:
            raise ValueError(f"unknown roles {unknown}")


@dataclass(frozen=True)
class ModelMap:
    """Every concrete field of one model: personal ones with their entry, the others named as not
    personal (a space-separated list, so that a new field is never classified by default)."""

    model: str
    personal: dict[str, Personal] = field(default_factory=dict)
    other: str = ""

    @property
    def not_personal(self) -> tuple[str, ...]:
        return tuple(self.other.split())


ADMIN, OFFICER, LEADER, COUNCIL, REPRESENTATIVE, VIEWER = (
    Role.ADMIN,
    Role.OFFICER,
    Role.LEADER,
    Role.COUNCIL,
    Role.REPRESENTATIVE,
    Role.VIEWER,
)
EVERY_ROLE = (ADMIN, OFFICER, LEADER, COUNCIL, REPRESENTATIVE, VIEWER)
STAFF = (ADMIN, OFFICER)
STAFF_AND_LEADER = (ADMIN, OFFICER, LEADER)
# Who sees contacts and conduct facts is decided in thidua/access.py; the map reads the same sets.
CONTACT_SIGHT = tuple(role for role in Role if role in access.CONTACT_ROLES)
# Discipline, inspection and complaint facts; a council member only for the nominations on its agenda.
SENSITIVE_SIGHT = tuple(role for role in Role if role in access.CONDUCT_ROLES or role == Role.COUNCIL)
COUNCIL_AGENDA = _("Hội đồng: chỉ các đề nghị trong phiên họp của mình.")


def entry(data_class, purpose, basis, seen_by, keep, note="") -> Personal:
    return Personal(data_class, purpose, basis, tuple(seen_by), keep, note)


# Entries shared by many models.
STAFF_TRACE = entry(
    DataClass.STAFF_TRACE,
    _("Biết cán bộ nào đã tạo, duyệt, ký hoặc xử lý"),
    Basis.ACCOUNTABILITY,
    STAFF_AND_LEADER,
    "dossier",
)
RECIPIENT = entry(
    DataClass.IDENTITY,
    _("Người được đề nghị, được khen thưởng"),
    Basis.EMULATION,
    EVERY_ROLE + (PUBLIC,),
    "dossier",
    _("Công khai: họ tên, đơn vị và danh hiệu khi danh sách được công khai hoặc có quyết định."),
)
CLIENT_KEY = entry(
    DataClass.NETWORK, _("Giới hạn số lần gửi từ một địa chỉ"), Basis.SECURITY, (), "client_key"
)


def roles_text(seen_by: tuple[str, ...]) -> str:
    names = [str(ROLE_SHORT[r]) for r in Role if r in seen_by]
    if all(r in seen_by for r in Role):
        names = [gettext("mọi vai trò")]
    if PUBLIC in seen_by:
        names.append(gettext("công khai trên cổng thông tin"))
    return "; ".join(names)

"""Retention classes: how long each kind of personal data is kept and what happens then.

The durations are settings `RETENTION_*` (days), read when asked, so that a commune's settings and
the tests' overrides are what the public notices (`datamap.retention_text`), the data map and the
purge (`privacy/retention.py`) all use.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Keep:
    """A retention class: how long one kind of data is kept and what happens then. `setting` names
    the number of days (0 = kept, no purge); `purged` says whether `thidua cron` erases it."""

    key: str
    label: Promise
    text: Promise  # the rule in words; %(days)s is replaced by the configured number of days
    setting: str = ""
    default_days: int = 0
    purged: bool = False

    def days(self) -> int:
        if not self.setting:
            return 0
        return int(getattr(settings, self.setting, self.default_days))

    def describe(self) -> str:
        """The rule as a phrase that reads after "Thời hạn lưu giữ: ", with the configured days."""
        days = self.days()
        if self.setting and days == 0:
            return gettext("lâu dài, không tự động xóa")
        return str(self.text) % {"days": days}


def _keeps(*keeps: Keep) -> dict[str, Keep]:
    return {keep.key: keep for keep in keeps}


RETENTION: dict[str, Keep] = _keeps(
    Keep(
        "objection_contact",
        _("Họ tên, liên hệ của người gửi ý kiến về danh sách công khai"),
        _("%(days)s ngày sau khi ý kiến được xử lý xong, rồi tự động xóa họ tên và liên hệ"),
        "RETENTION_OBJECTION_CONTACT_DAYS",
        180,
        purged=True,
    ),
    Keep(
        "example_reporter",
        _("Họ tên, liên hệ của người phản ánh việc tốt"),
        _("%(days)s ngày sau khi phản ánh được công bố hoặc không được công nhận, rồi tự động xóa"),
        "RETENTION_EXAMPLE_REPORTER_DAYS",
        180,
        purged=True,
    ),
    Keep(
        "client_key",
        _("Mã chống gửi tràn (băm có khóa từ địa chỉ mạng) của ý kiến, phản ánh, phiếu khảo sát"),
        _("%(days)s ngày (chỉ dùng để giới hạn số lần gửi trong một giờ), rồi tự động xóa"),
        "RETENTION_CLIENT_KEY_DAYS",
        1,
        purged=True,
    ),
    Keep(
        "survey_response",
        _("Phiếu khảo sát và ý kiến ghi thêm"),
        _(
            "phiếu không gắn với người gửi và được lưu cùng kết quả khảo sát; mã chống gửi tràn tự động "
            "xóa sau %(days)s ngày"
        ),
        "RETENTION_CLIENT_KEY_DAYS",
        1,
    ),
    Keep(
        "login_address",
        _("Địa chỉ mạng, thiết bị, tên đăng nhập của các lần đăng nhập (django-axes)"),
        _("%(days)s ngày sau lần đăng nhập, rồi tự động xóa"),
        "RETENTION_LOGIN_ADDRESS_DAYS",
        30,
        purged=True,
    ),
    Keep(
        "session",
        _("Phiên đăng nhập"),
        _("đến khi phiên hết hạn (đăng xuất hoặc sau 2 tuần), rồi tự động xóa"),
        purged=True,
    ),
    Keep(
        "evidence_unawarded",
        _("Tệp minh chứng của đề nghị không được khen thưởng (không đạt, đã rút)"),
        _("%(days)s ngày sau khi đề nghị kết thúc, rồi tự động xóa"),
        "RETENTION_EVIDENCE_UNAWARDED_DAYS",
        5 * 365,
        purged=True,
    ),
    Keep(
        "evidence_awarded",
        _("Tệp minh chứng của đề nghị đã có quyết định khen thưởng"),
        _("%(days)s ngày sau ngày ký quyết định, rồi tự động xóa"),
        "RETENTION_EVIDENCE_AWARDED_DAYS",
        0,
        purged=True,
    ),
    Keep(
        "job_file",
        _("Tệp xuất, giấy khen in trong nền"),
        _("%(days)s ngày sau khi làm xong, rồi tự động xóa"),
        "THIDUA_JOB_KEEP_DAYS",
        7,
        purged=True,
    ),
    Keep(
        "person_record",
        _("Hồ sơ cá nhân trong danh sách của xã"),
        _(
            "khi người đó còn thuộc đơn vị; cán bộ sửa, ẩn danh hoặc xóa theo yêu cầu của người đó khi luật "
            "cho phép (quyết định và lịch sử khen thưởng được giữ theo quy định lưu trữ)"
        ),
    ),
    Keep(
        "dossier",
        _("Hồ sơ đề nghị, quyết định, giấy khen"),
        _(
            "lâu dài, cùng hồ sơ khen thưởng theo quy định lưu trữ (Luật Lưu trữ số 33/2024/QH15 và danh mục "
            "thời hạn bảo quản tài liệu của ngành Nội vụ — cần đối chiếu)"
        ),
    ),
    Keep(
        "eligibility",
        _("Kỷ luật, thanh tra, khiếu nại, xếp loại dùng để xét điều kiện"),
        _(
            "khi còn ảnh hưởng đến việc xét khen thưởng, cán bộ thi đua xóa khi hết hiệu lực; kết quả kiểm tra "
            "điều kiện của từng đề nghị được lưu cùng hồ sơ đề nghị"
        ),
    ),
    Keep(
        "example",
        _("Điển hình, gương người tốt việc tốt, sự đồng ý công bố"),
        _("khi điển hình còn được công bố và người được nêu gương còn đồng ý; rút đồng ý thì gỡ xuống"),
    ),
    Keep(
        "account",
        _("Tài khoản cán bộ"),
        _("khi tài khoản còn dùng; quản trị viên khóa tài khoản khi cán bộ nghỉ việc, chuyển công tác"),
    ),
    Keep(
        "audit",
        _("Nhật ký thay đổi, nhật ký xem dữ liệu nhạy cảm"),
        _(
            "lâu dài (không sửa được); giá trị cá nhân trong nhật ký được thay bằng “[đã xóa]” khi dữ liệu "
            "gốc hết thời hạn lưu hoặc theo yêu cầu hợp pháp"
        ),
    ),
)

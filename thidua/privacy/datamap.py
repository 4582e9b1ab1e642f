"""The data map: every concrete field of every model of the installation, either a personal field
(what kind, why, on what legal basis, who sees it, how long it is kept) or named as not personal.

This is the one source: the admin page (`privacy:datamap`), `thidua personal-data-map --markdown`
and the README section "Dữ liệu cá nhân" are generated from it, the public forms' notices read their
retention through `retention_text`, and a guard test fails naming any field of any model that has
no entry here. Who sees a field states the rule of `thidua/access.py`; it does not enforce it.
"""

from collections.abc import Iterator

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.privacy.datamap_domain import DOMAIN_MAP
from thidua.privacy.keeps import RETENTION
from thidua.privacy.kinds import (
    ADMIN,
    CONTACT_SIGHT,
    EVERY_ROLE,
    PUBLIC,
    STAFF,
    STAFF_AND_LEADER,
    STAFF_TRACE,
    Basis,
    DataClass,
    ModelMap,
    Personal,
    entry,
)

_p = entry
D = DataClass
B = Basis
_JOB_OWNER = _p(D.STAFF_TRACE, _("Trả tệp cho người đã yêu cầu"), B.ACCOUNTABILITY, STAFF, "job_file")
_LOGIN = {
    "user_agent": _p(
        D.NETWORK, _("Nhận ra thiết bị khi có dấu hiệu đoán mật khẩu"), B.SECURITY, (), "login_address"
    ),
    "ip_address": _p(D.NETWORK, _("Khóa địa chỉ đoán mật khẩu"), B.SECURITY, (), "login_address"),
    "username": _p(D.ACCOUNT, _("Khóa tài khoản bị đoán mật khẩu"), B.SECURITY, (), "login_address"),
}

_FOUNDATION: tuple[ModelMap, ...] = (
    # --- people ---------------------------------------------------------------------------
    ModelMap(
        "people.Person",
        {
            "full_name": _p(
                D.IDENTITY,
                _("Người trong danh sách của xã: đăng ký thi đua, đề nghị, khen thưởng"),
                B.EMULATION,
                EVERY_ROLE + (PUBLIC,),
                "person_record",
                _("Công khai: họ tên, đơn vị và danh hiệu khi được công khai, khen thưởng, nêu gương."),
            ),
            "search_key": _p(
                D.IDENTITY, _("Tìm theo tên không dấu"), B.EMULATION, EVERY_ROLE, "person_record"
            ),
            "gender": _p(
                D.IDENTITY,
                _("Ưu tiên nữ khi bằng điểm (Nghị định 152/2025/NĐ-CP Điều 4); thống kê"),
                B.EMULATION,
                EVERY_ROLE,
                "person_record",
            ),
            "birth_year": _p(
                D.IDENTITY, _("Phân biệt người trùng tên"), B.EMULATION, EVERY_ROLE, "person_record"
            ),
            "position": _p(
                D.WORK, _("Xét tiêu chuẩn theo đối tượng"), B.EMULATION, EVERY_ROLE, "person_record"
            ),
            "category": _p(
                D.WORK, _("Xét tiêu chuẩn theo đối tượng"), B.EMULATION, EVERY_ROLE, "person_record"
            ),
            "unit": _p(
                D.IDENTITY,
                _("Ấp, đoàn thể, cơ quan của người đó"),
                B.EMULATION,
                EVERY_ROLE + (PUBLIC,),
                "person_record",
            ),
            "household": _p(
                D.IDENTITY, _("Khen thưởng hộ gia đình"), B.EMULATION, EVERY_ROLE, "person_record"
            ),
            "phone": _p(
                D.CONTACT, _("Liên hệ khi xác minh, trao thưởng"), B.EMULATION, CONTACT_SIGHT, "person_record"
            ),
            "note": _p(D.WORK, _("Ghi chú của cán bộ"), B.EMULATION, STAFF, "person_record"),
        },
        "id is_sample created_at updated_at",
    ),
    ModelMap(
        "people.PersonNameKey",
        {"key": _p(D.IDENTITY, _("Tìm theo từng phần của tên"), B.EMULATION, EVERY_ROLE, "person_record")},
        "id person",
    ),
    ModelMap(
        "people.Membership",
        {
            "person": _p(
                D.WORK, _("Hội viên, thành viên của đoàn thể"), B.EMULATION, EVERY_ROLE, "person_record"
            ),
            "title": _p(D.WORK, _("Chức danh trong đoàn thể"), B.EMULATION, EVERY_ROLE, "person_record"),
        },
        "id unit",
    ),
    ModelMap(
        "people.Household",
        {
            "head": _p(
                D.IDENTITY,
                _("Chủ hộ của hộ được khen thưởng"),
                B.EMULATION,
                EVERY_ROLE + (PUBLIC,),
                "person_record",
            ),
            "address": _p(
                D.CONTACT, _("Địa chỉ hộ gia đình"), B.EMULATION, STAFF_AND_LEADER, "person_record"
            ),
        },
        "id hamlet is_sample",
    ),
    # --- accounts --------------------------------------------------------------------------
    ModelMap(
        "accounts.User",
        {
            "username": _p(
                D.ACCOUNT,
                _("Đăng nhập; ghi tên người thực hiện"),
                B.ACCOUNTABILITY,
                STAFF_AND_LEADER,
                "account",
            ),
            "full_name": _p(
                D.ACCOUNT, _("Hiển thị người thực hiện"), B.ACCOUNTABILITY, EVERY_ROLE, "account"
            ),
            "first_name": _p(
                D.ACCOUNT, _("Trường của Django, không dùng"), B.ACCOUNTABILITY, (ADMIN,), "account"
            ),
            "last_name": _p(
                D.ACCOUNT, _("Trường của Django, không dùng"), B.ACCOUNTABILITY, (ADMIN,), "account"
            ),
            "email": _p(
                D.CONTACT, _("Gửi thư nhắc việc, đặt lại mật khẩu"), B.ACCOUNTABILITY, (ADMIN,), "account"
            ),
            "password": _p(D.ACCOUNT, _("Mật khẩu đã băm (không đọc lại được)"), B.SECURITY, (), "account"),
            "last_login": _p(D.ACCOUNT, _("Phát hiện tài khoản bỏ không"), B.SECURITY, (ADMIN,), "account"),
            "person": _p(
                D.ACCOUNT, _("Cán bộ là người trong danh sách cá nhân"), B.ACCOUNTABILITY, (ADMIN,), "account"
            ),
        },
        "id is_superuser is_staff is_active date_joined groups user_permissions",
    ),
    ModelMap(
        "accounts.RoleGrant",
        {
            "user": _p(
                D.ACCOUNT, _("Ai giữ vai trò nào ở đơn vị nào"), B.ACCOUNTABILITY, (ADMIN,), "account"
            ),
            "title": _p(D.WORK, _("Chức danh của cán bộ"), B.ACCOUNTABILITY, EVERY_ROLE, "account"),
        },
        "id unit role granted_at",
    ),
    ModelMap("auth.Group", {}, "id name permissions"),
    ModelMap("auth.Permission", {}, "id name content_type codename"),
    ModelMap("contenttypes.ContentType", {}, "id app_label model"),
    ModelMap(
        "sessions.Session",
        {
            "session_key": _p(D.NETWORK, _("Giữ trạng thái đăng nhập"), B.SECURITY, (), "session"),
            "session_data": _p(D.ACCOUNT, _("Mã người đã đăng nhập"), B.SECURITY, (), "session"),
        },
        "expire_date",
    ),
    ModelMap(
        "admin.LogEntry",
        {
            "user": _p(
                D.STAFF_TRACE,
                _("Thao tác của chủ cài đặt trong trang quản trị Django"),
                B.ACCOUNTABILITY,
                (),
                "audit",
            ),
            "object_repr": _p(D.AUDIT_COPY, _("Tên bản ghi đã sửa"), B.ACCOUNTABILITY, (), "audit"),
            "change_message": _p(D.AUDIT_COPY, _("Trường đã sửa"), B.ACCOUNTABILITY, (), "audit"),
        },
        "id action_time content_type object_id action_flag",
    ),
    ModelMap(
        "axes.AccessAttempt",
        {**_LOGIN, "get_data": _LOGIN["username"], "post_data": _LOGIN["username"]},
        "id http_accept path_info attempt_time failures_since_start",
    ),  # fmt: skip
    ModelMap("axes.AccessFailureLog", dict(_LOGIN), "id http_accept path_info attempt_time locked_out"),
    ModelMap(
        "axes.AccessLog",
        {
            **_LOGIN,
            "session_hash": _p(
                D.NETWORK, _("Nối lần đăng nhập với lần đăng xuất"), B.SECURITY, (), "login_address"
            ),
        },
        "id http_accept path_info attempt_time logout_time",
    ),
    ModelMap("axes.AccessAttemptExpiration", {}, "access_attempt expires_at"),
    ModelMap(
        "django_tasks_database.DBTaskResult",
        {},
        "id status enqueued_at started_at finished_at args_kwargs priority task_path worker_ids queue_name "
        "backend_name run_after return_value exception_class_path traceback",
    ),
    # --- units, audit, files, jobs ----------------------------------------------------------
    ModelMap(
        "units.Unit", {}, "id name short_name kind code parent path depth search_key is_sample created_at"
    ),
    ModelMap(
        "audit.AuditEntry",
        {
            "actor": STAFF_TRACE,
            "actor_label": STAFF_TRACE,
            "object_repr": _p(
                D.AUDIT_COPY, _("Tên bản ghi đã thay đổi"), B.ACCOUNTABILITY, STAFF_AND_LEADER, "audit"
            ),
            "before": _p(
                D.AUDIT_COPY, _("Giá trị trước khi thay đổi"), B.ACCOUNTABILITY, STAFF_AND_LEADER, "audit"
            ),
            "after": _p(
                D.AUDIT_COPY, _("Giá trị sau khi thay đổi"), B.ACCOUNTABILITY, STAFF_AND_LEADER, "audit"
            ),
        },
        "id created_at unit unit_path action verb model object_id prev_hash hash version content_digest seal redacted",
    ),
    ModelMap("audit.AuditHead", {}, "id last_hash count"),
    ModelMap(
        "files.StoredFile",
        {
            "original_name": _p(
                D.FILE, _("Tên tệp khi tải về (có thể có tên người)"), B.EMULATION, EVERY_ROLE[:4], "dossier"
            ),
            "uploaded_by": STAFF_TRACE,
        },
        "id sha256 size content_type path created_at",
    ),
    ModelMap(
        "jobs.Job",
        {
            "owner": _JOB_OWNER,
            "file_path": _p(
                D.FILE, _("Tệp xuất có thể chứa họ tên, đánh giá"), B.EMULATION, STAFF, "job_file"
            ),
        },
        "id kind unit params state progress message file_name key attempts created_at started_at updated_at "
        "finished_at",
    ),
)

# The domain apps (movements, documents, commendations, examples, surveys) are mapped beside this.
MAP: tuple[ModelMap, ...] = _FOUNDATION + DOMAIN_MAP


def model_maps() -> dict[str, ModelMap]:
    return {entry.model: entry for entry in MAP}


def entries() -> Iterator[tuple[str, str, Personal]]:
    """(model label, field name, entry) of every personal field, in the map's order."""
    for model_map in MAP:
        for name, personal in model_map.personal.items():
            yield model_map.model, name, personal


def model_fields(model: type[models.Model]) -> list[str]:
    """The fields the map must classify: concrete columns and many-to-many links."""
    names = [f.name for f in model._meta.concrete_fields]
    names += [f.name for f in model._meta.local_many_to_many]
    return names


def unclassified() -> list[str]:
    """`app.Model.field` of every field of every installed model that the map does not classify,
    and of every field the map names that no longer exists; empty when the map is complete."""
    maps = model_maps()
    problems: list[str] = []
    installed = set()
    for model in apps.get_models():
        label = model._meta.label
        installed.add(label)
        model_map = maps.get(label)
        declared = set(model_map.personal) | set(model_map.not_personal) if model_map else set()
        fields = model_fields(model)
        problems += [f"{label}.{name}" for name in fields if name not in declared]
        problems += [f"{label}.{name} (không còn)" for name in sorted(declared - set(fields))]
    problems += [f"{label} (không còn)" for label in maps if label not in installed]
    return problems


def retention_text(data_class: str) -> str:
    """How long a retention class ("objection_contact", "example_reporter", "survey_response", …) is
    kept, as a Vietnamese phrase that reads after "Thời hạn lưu giữ: ", with the configured days."""
    return RETENTION[data_class].describe()


__all__ = ["MAP", "PUBLIC", "RETENTION", "entries", "model_maps", "retention_text", "unclassified"]

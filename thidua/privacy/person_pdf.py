"""The PDF of a person's data (`person_export.person_data`), through the documents' Typst setup:
one heading per part, one table per record, every value printed verbatim (`render_pdf.s`)."""

import datetime as dt
import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from thidua.documents.render_pdf import PAGE, PREAMBLE, compile_source, s
from thidua.lib.vn import format_date_long, format_date_short, format_number

PARTS = {
    "person": gettext_lazy("Thông tin cá nhân"),
    "household": gettext_lazy("Hộ gia đình"),
    "memberships": gettext_lazy("Thành viên các đơn vị, tổ chức"),
    "accounts": gettext_lazy("Tài khoản sử dụng thidua"),
    "movements": gettext_lazy("Tham gia phong trào thi đua"),
    "task_ratings": gettext_lazy("Xếp loại hoàn thành nhiệm vụ"),
    "initiatives": gettext_lazy("Sáng kiến"),
    "disciplines": gettext_lazy("Kỷ luật, thanh tra, khiếu nại"),
    "nominations": gettext_lazy("Đề nghị khen thưởng"),
    "awards": gettext_lazy("Khen thưởng đã nhận"),
    "examples": gettext_lazy("Gương điển hình"),
    "objections_about": gettext_lazy("Ý kiến người dân về việc đề nghị khen thưởng"),
    "sent": gettext_lazy("Ý kiến, phản ánh do chính người này gửi"),
    "sensitive_reads": gettext_lazy("Lượt xem số điện thoại, thông tin kỷ luật"),
    "audit": gettext_lazy("Nhật ký thay đổi"),
}

LABELS = {
    "id": gettext_lazy("Mã"),
    "full_name": gettext_lazy("Họ và tên"),
    "gender": gettext_lazy("Giới tính"),
    "birth_year": gettext_lazy("Năm sinh"),
    "position": gettext_lazy("Chức vụ"),
    "category": gettext_lazy("Đối tượng"),
    "unit": gettext_lazy("Đơn vị"),
    "phone": gettext_lazy("Điện thoại"),
    "note": gettext_lazy("Ghi chú"),
    "created_at": gettext_lazy("Thời điểm tạo"),
    "updated_at": gettext_lazy("Thời điểm sửa"),
    "hamlet": gettext_lazy("Ấp"),
    "address": gettext_lazy("Địa chỉ"),
    "is_head": gettext_lazy("Chủ hộ"),
    "title": gettext_lazy("Tiêu đề, chức danh"),
    "year": gettext_lazy("Năm"),
    "level": gettext_lazy("Xếp loại"),
    "state": gettext_lazy("Trạng thái"),
    "award_type": gettext_lazy("Danh hiệu, hình thức"),
    "recipient_name": gettext_lazy("Tên người nhận"),
    "achievement": gettext_lazy("Thành tích"),
    "decision": gettext_lazy("Quyết định"),
    "amount": gettext_lazy("Tiền thưởng (đồng)"),
    "story": gettext_lazy("Nội dung"),
    "text": gettext_lazy("Nội dung"),
    "resolution": gettext_lazy("Kết quả xử lý"),
    "read_at": gettext_lazy("Thời điểm xem"),
    "reader": gettext_lazy("Người xem"),
    "kind": gettext_lazy("Loại"),
    "place": gettext_lazy("Trang, tệp"),
    "actor": gettext_lazy("Người thực hiện"),
    "action": gettext_lazy("Thao tác"),
    "object_repr": gettext_lazy("Đối tượng"),
    "verb": gettext_lazy("Mô tả"),
    "model": gettext_lazy("Loại bản ghi"),
    "object_id": gettext_lazy("Mã bản ghi"),
    "changes": gettext_lazy("Giá trị (trước → sau)"),
    "evidence": gettext_lazy("Minh chứng"),
    "return_reason": gettext_lazy("Lý do trả lại"),
    "external_ref": gettext_lazy("Quyết định (ngoài hệ thống)"),
    "annulled": gettext_lazy("Đã hủy"),
    "annul_reason": gettext_lazy("Lý do hủy"),
    "consents": gettext_lazy("Đồng ý công bố"),
    "published_at": gettext_lazy("Ngày công bố"),
    "nomination": gettext_lazy("Đề nghị"),
    "name": gettext_lazy("Người gửi"),
    "contact": gettext_lazy("Liên hệ"),
    "movement": gettext_lazy("Phong trào"),
    "joined_on": gettext_lazy("Ngày tham gia"),
    "username": gettext_lazy("Tên đăng nhập"),
    "roles": gettext_lazy("Vai trò"),
}
_BOOKKEEPING = {"id", "created_at", "updated_at"}


def _changes(entry: dict[str, Any]) -> str:
    """'field: before → after' for each value an audit entry changed (all values of a creation)."""
    before, after = entry.get("before") or {}, entry.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return _value("", [before, after])
    lines = []
    for key in sorted(set(before) | set(after)):
        if key in _BOOKKEEPING or before.get(key) == after.get(key):
            continue
        was, now = (_value("", side.get(key)) if key in side else "" for side in (before, after))
        lines.append(f"{key}: {was} → {now}" if was else f"{key}: {now}")
    return "\n".join(lines)


def _audit_row(entry: dict[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in entry.items() if k not in {"before", "after"}}
    row["changes"] = _changes(entry)
    return row


def _value(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return pgettext("yes or no", "Có") if value else pgettext("yes or no", "Không")
    if isinstance(value, int) and key in {"amount"}:
        return format_number(value)
    if isinstance(value, str) and (key.endswith("_at") or key.endswith("_on") or key == "last_login"):
        try:
            return format_date_short(
                dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            )
        except ValueError:
            return value
    if isinstance(value, dict) and set(value) == {"id", "name"}:
        return str(value["name"])
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _table(record: dict[str, Any]) -> str:
    cells = []
    for key, value in record.items():
        cells.append(f'text(weight: "bold", {s(str(LABELS.get(key, key)))})')
        cells.append(s(_value(key, value)))
    return f"#table(columns: (35%, 65%), align: left, {', '.join(cells)})\n\n"


def _part(key: str, value: Any) -> str:
    out = [f"== {_heading(key)}\n\n"]
    if key == "sent":
        value = [*value.get("objections", []), *value.get("reports", [])]
    if value is None or value == []:
        out.append(f"{_text(_('Không có.'))}\n\n")
    elif isinstance(value, dict):
        out.append(_table(value))
    else:
        out.extend(_table(_audit_row(item) if key == "audit" else item) for item in value)
    return "".join(out)


def _heading(key: str) -> str:
    return f"#{s(str(PARTS[key]))}"


def _text(value: str) -> str:
    return f"#{s(value)}"


def person_pdf(data: dict[str, Any]) -> bytes:
    """The PDF of one person's data, every part in the export's order."""
    return compile_source(person_source(data))


def person_source(data: dict[str, Any]) -> str:
    person = data["person"]
    generated = dt.datetime.fromisoformat(data["generated_at"])
    head = (
        "#set text(size: 12pt)\n#show heading: set text(size: 13pt)\n#show table: set par(justify: false)\n"
        f'#align(center, text(weight: "bold", size: 14pt, {s(_("DỮ LIỆU CÁ NHÂN ĐANG ĐƯỢC LƯU GIỮ"))}))\n\n'
        f"#align(center, {s(person['full_name'])})\n\n"
        f"#align(center, emph({s(_('Lập %(date)s') % {'date': format_date_long(generated)})}))\n\n"
    )
    body = "".join(_part(key, data[key]) for key in PARTS if key in data)
    return PREAMBLE + PAGE + head + body

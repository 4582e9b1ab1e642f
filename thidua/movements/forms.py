"""Parsing and validating movement input; the services decide what is allowed."""

import datetime as dt
import re
from decimal import Decimal
from typing import NamedTuple

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from thidua.documents.reader.files import ACCEPTED
from thidua.files.forms import UploadField
from thidua.lib.forms import VietnameseDecimalField, YesNoField
from thidua.lib.vn import format_figure
from thidua.movements.models import Cadence, Direction, Indicator, Movement, MovementKind, RecipientKind
from thidua.movements.reform import after_districts
from thidua.movements.services.plan import shift_years
from thidua.units.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

MOVEMENT_FORM_FIELDS = (
    "name",
    "kind",
    "plan_number",
    "plan_date",
    "period_start",
    "period_end",
    "cadence",
    "report_grace_days",
    "legal_bases",
    "preamble",
    "purposes",
    "content_items",
    "form_and_time",
    "commendation_text",
    "programmes",
    "recipients",
    "criteria_set",
)


# How a plan is written (Kế hoạch phát động phong trào thi đua): the heading part, then sections
# I to V. Each field carries a one-line hint and an example taken from real commune plans.
PLAN_SECTIONS = (
    (
        _("Văn bản kế hoạch"),
        "",
        ("unit", "name", "kind", "plan_number", "plan_date", "legal_bases", "preamble"),
    ),
    (_("I. Mục đích, yêu cầu"), "", ("purposes",)),
    (_("II. Nội dung thi đua"), "", ("content_items", "programmes", "criteria_set")),
    (_("III. Hình thức, thời gian"), "", ("form_and_time", "period_start", "period_end")),
    (
        _("IV. Khen thưởng"),
        "",
        ("commendation_text", "quota_collective", "quota_individual", "quota_household", "awards"),
    ),
    (
        _("V. Tổ chức thực hiện"),
        _(
            "Nhiệm vụ của từng ngành, đoàn thể, ấp và chỉ tiêu giao cho từng đơn vị được ghi sau khi lưu, "
            "ở mục “Nhiệm vụ” và “Giao chỉ tiêu” của phong trào."
        ),
        ("cadence", "report_grace_days", "recipients"),
    ),
)

PLAN_GUIDE = {
    "unit": (_("Cơ quan ban hành kế hoạch và phát động phong trào."), _("UBND xã Mỹ Thạnh")),
    "name": (
        _("Tên phong trào như sẽ in trên kế hoạch, không cần chữ “phong trào thi đua” ở đầu."),
        _("Đồng khởi mới; Thi đua thực hiện thắng lợi nhiệm vụ năm 2026"),
    ),
    "kind": (
        _("Thường xuyên: theo năm công tác; theo chuyên đề: một nhiệm vụ trong một thời gian nhất định."),
        _("Theo chuyên đề – “Cả nước chung tay vì người nghèo”"),
    ),
    "plan_number": (_("Số, ký hiệu ghi trên kế hoạch; để trống khi chưa ban hành."), "23/KH-UBND"),
    "plan_date": (_("Ngày ký ban hành kế hoạch."), _("ngày 13 tháng 3 năm 2015")),
    "legal_bases": (
        _("Văn bản của cấp trên làm căn cứ, mỗi dòng một văn bản."),
        _("Kế hoạch số 519/KH-UBND ngày 09/3/2015 của UBND huyện Giồng Trôm"),
    ),
    "preamble": (
        _("Đoạn mở đầu: vì sao phát động phong trào vào lúc này."),
        _("Nhân kỷ niệm 55 năm ngày Bến Tre Đồng khởi, UBND xã xây dựng kế hoạch…"),
    ),
    "purposes": (
        _("Điều phong trào muốn đạt và yêu cầu khi tổ chức; mỗi dòng một ý."),
        _("Phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến"),
    ),
    "content_items": (
        _("Những việc cụ thể các đơn vị thi đua thực hiện; mỗi dòng một ý."),
        _("Tập trung thực hiện Chương trình xây dựng nông thôn mới"),
    ),
    "programmes": (
        _("Chương trình, cuộc vận động mà phong trào gắn với; mỗi dòng một."),
        _("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    ),
    "criteria_set": (
        _("Chọn khi phong trào chấm theo một bộ tiêu chí; để trống nếu không."),
        _("Bộ tiêu chí xã nông thôn mới"),
    ),
    "form_and_time": (
        _("Cách tổ chức: phát động, đăng ký, sơ kết, tổng kết."),
        _("Phát động sâu rộng từ xã đến ấp; sơ kết hằng năm, tổng kết cuối năm 2020"),
    ),
    "period_start": (_("Ngày phong trào bắt đầu."), _("01/01/2026")),
    "period_end": (_("Ngày tổng kết phong trào."), _("31/12/2026")),
    "commendation_text": (
        _("Ai xét khen, vào dịp nào, khen những ai."),
        _("Hằng năm Hội đồng Thi đua – Khen thưởng xã xét chọn 02 tập thể, 03 cá nhân xuất sắc"),
    ),
    "quota_collective": (_("Số tập thể Hội đồng được chọn khen mỗi kỳ; để trống nếu không khen."), "2"),
    "quota_individual": (_("Số cá nhân được chọn khen mỗi kỳ; để trống nếu không khen."), "3"),
    "quota_household": (_("Số hộ gia đình được chọn khen mỗi kỳ; để trống nếu không khen."), "5"),
    "awards": (_("Hình thức khen cho những người được chọn."), _("Giấy khen của Chủ tịch UBND xã")),
    "cadence": (_("Các đơn vị báo cáo kết quả bao lâu một lần."), _("Hằng quý")),
    "report_grace_days": (_("Số ngày sau cuối kỳ để đơn vị gửi báo cáo."), "10"),
    "recipients": (
        _("Nơi nhận ghi cuối kế hoạch, mỗi dòng một nơi."),
        _("Phòng Nội vụ; Các ngành, đoàn thể; Trưởng các ấp; Lưu: VT"),
    ),
}


class PlanField(NamedTuple):
    field: forms.BoundField
    example: str


class PlanSection(NamedTuple):
    title: str
    note: str
    fields: list[PlanField]


class MovementForm(forms.ModelForm):
    quota_collective = forms.IntegerField(label=_("Số tập thể được khen mỗi kỳ"), min_value=0, required=False)
    quota_individual = forms.IntegerField(label=_("Số cá nhân được khen mỗi kỳ"), min_value=0, required=False)
    quota_household = forms.IntegerField(
        label=_("Số hộ gia đình được khen mỗi kỳ"), min_value=0, required=False
    )
    awards = forms.CharField(label=_("Hình thức khen thưởng"), max_length=255, required=False)

    class Meta:
        model = Movement
        fields = MOVEMENT_FORM_FIELDS
        widgets = {
            "plan_date": DATE,
            "period_start": DATE,
            "period_end": DATE,
            "legal_bases": forms.Textarea(attrs={"rows": 3}),
            "preamble": forms.Textarea(attrs={"rows": 3}),
            "purposes": forms.Textarea(attrs={"rows": 5}),
            "content_items": forms.Textarea(attrs={"rows": 5}),
            "form_and_time": forms.Textarea(attrs={"rows": 3}),
            "commendation_text": forms.Textarea(attrs={"rows": 3}),
            "programmes": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(label=_("Đơn vị phát động"), queryset=units)
            self.order_fields(["unit"])
        self.fields["kind"].choices = MovementKind.choices
        self.fields["cadence"].choices = Cadence.choices
        for name, (hint, _example) in PLAN_GUIDE.items():
            if name in self.fields:
                self.fields[name].help_text = hint

    def sections(self) -> list[PlanSection]:
        """The fields grouped as the plan is written, each with its example."""
        result = []
        for title, note, names in PLAN_SECTIONS:
            fields = [PlanField(self[n], PLAN_GUIDE[n][1]) for n in names if n in self.fields]
            if fields:
                result.append(PlanSection(str(title), str(note), fields))
        return result

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def quotas(self) -> list[tuple[str, int]]:
        return [
            (RecipientKind.COLLECTIVE, self.cleaned_data.get("quota_collective") or 0),
            (RecipientKind.INDIVIDUAL, self.cleaned_data.get("quota_individual") or 0),
            (RecipientKind.HOUSEHOLD, self.cleaned_data.get("quota_household") or 0),
        ]


def quota_initial(movement: Movement) -> dict:
    """The quota boxes of the form filled from a movement's quotas."""
    quotas = {q.recipient_kind: q for q in movement.quotas.all()}
    initial: dict = {f"quota_{kind}": q.per_period for kind, q in quotas.items()}
    initial["awards"] = next((q.awards for q in quotas.values() if q.awards), "")
    return initial


def copy_initial(source: Movement, *, today: dt.date) -> dict:
    """The form of a new plan started from an earlier one of the same unit: its fields, its period
    moved on by its own length (a one-year plan by a year, a five-year plan by five) until it is
    not over yet, the years in its name moved with it, no number or date of its own yet, and no
    district abolished before its date among its recipients and bases."""
    span = source.period_end.year - source.period_start.year + 1
    shift = span
    while source.period_end.year + shift < today.year:
        shift += span
    years = range(source.period_start.year, source.period_end.year + 1)
    name = re.sub(
        r"\b(\d{4})\b", lambda m: str(int(m[1]) + shift) if int(m[1]) in years else m[1], source.name
    )
    initial = {f: getattr(source, f) for f in MOVEMENT_FORM_FIELDS if f not in ("plan_number", "plan_date")}
    initial["criteria_set"] = source.criteria_set_id
    start = shift_years(source.period_start, shift)
    initial = after_districts(
        initial, unit=source.unit, dated=max(start, today)
    )  # written today at the earliest
    return (
        initial
        | quota_initial(source)
        | {
            "unit": source.unit_id,
            "name": name,
            "period_start": start,
            "period_end": shift_years(source.period_end, shift),
        }
    )


class PledgeForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Chỉ tiêu"), queryset=Indicator.objects.all(), required=False)
    value = VietnameseDecimalField(label=_("Giá trị đăng ký"), min_value=0, required=False)
    deadline = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("indicator") and data.get("value") is None:
            self.add_error("value", _("Hãy nhập giá trị cho chỉ tiêu đã chọn."))
        if data.get("value") is not None and not data.get("indicator"):
            self.add_error("indicator", _("Hãy chọn chỉ tiêu."))
        return data


PledgeFormSet = forms.formset_factory(PledgeForm, extra=3, max_num=20)


class CommitmentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị đăng ký"), queryset=None)
    year = forms.IntegerField(label=_("Năm"))
    titles = forms.CharField(
        label=_("Danh hiệu đăng ký (mỗi dòng một danh hiệu)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Ấp văn hóa\nTập thể lao động tiên tiến"}),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].error_messages["invalid_choice"] = _("Bạn không đăng ký được cho đơn vị này.")


class ResultsPublicForm(forms.Form):
    public = forms.BooleanField(label=_("Công bố kết quả cho các đơn vị tham gia"), required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TargetForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    indicator = forms.ModelChoiceField(label=_("Chỉ tiêu"), queryset=Indicator.objects.all())
    year = forms.IntegerField(label=_("Năm"))
    value = VietnameseDecimalField(label=_("Giá trị chỉ tiêu"), min_value=0)
    baseline = VietnameseDecimalField(label=_("Giá trị gốc của đơn vị"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class IndicatorForm(forms.ModelForm):
    baseline = VietnameseDecimalField(label=_("Giá trị gốc"), required=False)

    class Meta:
        model = Indicator
        fields = ("name", "measure", "direction", "baseline")


class FiguresImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    only_valid = forms.BooleanField(label=_("Chỉ nhập các dòng hợp lệ, bỏ qua dòng lỗi"), required=False)


CONFIRM_LABEL = _("Tôi xác nhận số liệu này đúng")


def report_form(targets, data=None, files=None, initial_values=None, *, confirm: bool = False):
    """One value per target of the unit in the period (Có / Không for a yes/no indicator), a note
    and the evidence; with `confirm`, the box that lets implausible figures be saved."""
    form = forms.Form(data, files)
    initial_values = initial_values or {}
    for target in targets:
        indicator = target.indicator
        name, initial = f"value_{target.pk}", initial_values.get(target.pk)
        if indicator.direction == Direction.YES_NO:
            form.fields[name] = YesNoField(label=indicator.name, required=False, initial=initial)
            continue
        help_text = _("Chỉ tiêu: %(value)s %(measure)s") % {
            "value": format_figure(target.value),
            "measure": indicator.measure,
        }
        form.fields[name] = VietnameseDecimalField(
            label=indicator.name, required=False, min_value=0, help_text=help_text.strip(), initial=initial
        )
    form.fields["note"] = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    form.fields["evidence"] = UploadField(label=_("Minh chứng (ảnh, văn bản)"), required=False)
    if confirm:
        add_confirm(form)
    return form


def add_confirm(form: forms.Form) -> None:
    """The box ticked to save figures that look wrong but are right."""
    form.fields["confirm"] = forms.BooleanField(label=CONFIRM_LABEL, required=False)


class DutyForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=None)
    text = forms.CharField(label=_("Nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    due_date = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CovenantForm(forms.Form):
    name = forms.CharField(label=_("Tên giao ước"), max_length=255)
    signed_on = forms.DateField(label=_("Ngày ký"), required=False, widget=DATE)
    content = forms.CharField(
        label=_("Nội dung giao ước"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị ký giao ước"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn các đơn vị ký giao ước.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units

    def clean_units(self):
        units = self.cleaned_data["units"]
        if len(units) < 2:
            raise forms.ValidationError(_("Giao ước thi đua cần ít nhất hai đơn vị."))
        return units


class CommitmentsImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    year = forms.IntegerField(label=_("Năm"))
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), required=False)
    only_valid = forms.BooleanField(label=_("Chỉ nhập các dòng hợp lệ, bỏ qua dòng lỗi"), required=False)

    def __init__(self, *args, units, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.movement = movement

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not self.movement.period_start.year <= year <= self.movement.period_end.year:
            raise forms.ValidationError(_("Năm đăng ký phải nằm trong thời gian của phong trào."))
        return year


class PlanUploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện kế hoạch"), queryset=None)
    file = forms.FileField(
        label=_("Kế hoạch nhận từ cấp trên (.docx, .doc, .odt, .pdf, bản scan, ảnh chụp hoặc .txt)"),
        error_messages={"required": _("Chọn tệp kế hoạch để tải lên.")},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DutyDraftForm(forms.Form):
    """One duty read from a received plan; a row without a unit is left out."""

    unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=None, required=False)
    text = forms.CharField(
        label=_("Nhiệm vụ"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    due_date = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("unit") and not (data.get("text") or "").strip():
            self.add_error("text", _("Hãy ghi nội dung nhiệm vụ."))
        return data


DutyDraftFormSet = forms.formset_factory(DutyDraftForm, extra=1, max_num=60)


# --- the grid of targets ------------------------------------------------------------------

YES_WORDS = {"1", "có", "co", "x", "đạt", "dat", "yes"}
NO_WORDS = {"0", "không", "khong", "chưa", "chua", "no"}


class YesNoCellField(forms.CharField):
    """A yes/no target typed in a grid cell: Có / Không (or 1 / 0, x), read as 1 or 0."""

    def to_python(self, value):
        text = (super().to_python(value) or "").strip().lower()
        if not text:
            return None
        if text in YES_WORDS:
            return Decimal(1)
        if text in NO_WORDS:
            return Decimal(0)
        raise forms.ValidationError(_("Ghi “Có” hoặc “Không” (hoặc 1, 0)."), code="invalid")

    def prepare_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return pgettext("yes or no", "Có") if value >= 1 else pgettext("yes or no", "Không")
        return value


def cell_name(unit_id: int, indicator_id: int) -> str:
    return f"c_{unit_id}_{indicator_id}"


class GridCell(NamedTuple):
    field: forms.BoundField
    guide: Decimal | None
    yes_no: bool


class TargetGridForm(forms.Form):
    """One box per unit × indicator of the grid (`c_<unit>_<indicator>`), each read the Vietnamese
    way (a decimal comma, as pasted from Excel); a box not sent is left as it is."""

    UNKNOWN = _("Bảng gửi lên có ô không thuộc phong trào này; chưa lưu gì, hãy tải lại trang.")

    def __init__(self, data=None, *, grid, confirm: bool = False):
        super().__init__(data)
        self.grid = grid
        for row, unit in enumerate(grid.units):
            for col, indicator in enumerate(grid.indicators):
                name = cell_name(unit.pk, indicator.pk)
                if indicator.direction == Direction.YES_NO:
                    cell: forms.Field = YesNoCellField(required=False)
                else:
                    cell = VietnameseDecimalField(required=False, min_value=0)
                cell.label = f"{unit.name} – {indicator.name}"
                cell.initial = grid.values.get((unit.pk, indicator.pk))
                cell.widget.attrs.update(
                    {"aria-label": cell.label, "data-row": row, "data-col": col, "class": "cell"}
                )
                self.fields[name] = cell
        if confirm:
            add_confirm(self)

    def clean(self):
        data = super().clean()
        if any(key.startswith("c_") and key not in self.fields for key in self.data):
            raise forms.ValidationError(self.UNKNOWN, code="unknown_cell")
        return data

    def cells(self):
        """The cells sent, as (unit, indicator, value or None) for `services.targets_assign`."""
        from thidua.movements.services import TargetCell

        return [
            TargetCell(unit, indicator, self.cleaned_data.get(cell_name(unit.pk, indicator.pk)))
            for unit in self.grid.units
            for indicator in self.grid.indicators
            if cell_name(unit.pk, indicator.pk) in self.data
        ]

    def add_cell_errors(self, errors: dict[tuple[int, int], str]) -> None:
        for (unit_id, indicator_id), message in errors.items():
            self.add_error(cell_name(unit_id, indicator_id), message)

    def rows(self) -> list[tuple[Unit, list[GridCell]]]:
        return [
            (
                unit,
                [
                    GridCell(
                        self[cell_name(unit.pk, ind.pk)],
                        self.grid.guide.get((unit.pk, ind.pk)),
                        ind.direction == Direction.YES_NO,
                    )
                    for ind in self.grid.indicators
                ],
            )
            for unit in self.grid.units
        ]

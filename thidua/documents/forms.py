import re
from dataclasses import replace

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.documents.model import TYPE_CODES
from thidua.documents.model import Document as DocumentModel
from thidua.documents.reader import MAX_BYTES
from thidua.documents.reader.files import ACCEPTED


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản"),
        help_text=_(
            "Tệp .docx, .doc, .odt, .pdf (cả bản scan), ảnh chụp văn bản (.jpg, .png) hoặc .txt; "
            "tối đa 10 MB. Bản scan và ảnh chụp được nhận dạng chữ, mất vài giây mỗi trang."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn; giới hạn là 10 MB."))
        return file


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=300)


class IssueForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _lines(text: str, *, strip_marker: bool = False) -> list[str]:
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if strip_marker:
            line = re.sub(r"^[-+•]\s*", "", line)
            line = re.sub(r"\s*[;.,]+$", "", line)
        if line:
            out.append(line)
    return out


def _lines_field(label, rows: int, help_text) -> forms.CharField:
    """An optional text box of one item a line (addressees, bases, recipients, signer titles)."""
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class DocumentEditForm(forms.Form):
    """The editable parts of a document as text: one item a line, the body as plain text.

    The body is the plain text a typed document has (headings "I." / "1." / "a)", "Điều 1.",
    bullets "- ", table rows "| … | … |", a blank line between paragraphs); the reader turns
    it back into the block tree, so the officer edits text, not a data structure.
    """

    doc_type = forms.ChoiceField(label=_("Loại văn bản"))
    abstract = forms.CharField(
        label=_("Trích yếu"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    addressees = _lines_field(
        _("Kính gửi"), 2, _("Mỗi dòng một nơi; để trống nếu văn bản không có phần kính gửi.")
    )
    bases = _lines_field(_("Căn cứ"), 4, _("Mỗi dòng một căn cứ; dấu chấm phẩy ở cuối được thêm khi in."))
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 24, "class": "doc-body-edit"}),
        help_text=_(
            "Đề mục bắt đầu bằng “I.”, “1.”, “a)” hoặc “Điều 1.”; gạch đầu dòng bằng “- ” hoặc “+ ”; "
            "bảng là các dòng “| ô | ô |”; để một dòng trống giữa các đoạn."
        ),
    )
    recipients = _lines_field(_("Nơi nhận"), 5, _("Mỗi dòng một nơi nhận, dòng cuối thường là “Lưu: VT”."))
    signer_title = _lines_field(
        _("Thẩm quyền, chức vụ người ký"),
        2,
        _("Mỗi dòng một dòng in, ví dụ “KT. CHỦ TỊCH” rồi “PHÓ CHỦ TỊCH”."),
    )
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=100, required=False)

    def __init__(self, *args, model: DocumentModel, **kwargs):
        from thidua.documents.render_text import blocks_text

        initial = {
            "doc_type": model.doc_type,
            "abstract": model.abstract,
            "place": model.place,
            "addressees": "\n".join(model.addressees),
            "bases": "\n".join(model.bases),
            "body": blocks_text(model.body),
            "recipients": "\n".join(model.recipients),
            "signer_title": "\n".join(model.signer.title_lines),
            "signer_name": model.signer.name,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.model = model
        types = list(TYPE_CODES)
        if model.doc_type and model.doc_type not in types:
            types.insert(0, model.doc_type)
        self.fields["doc_type"].choices = [(t, t.capitalize()) for t in types]

    def clean_abstract(self):
        return " ".join(self.cleaned_data["abstract"].split())

    def clean_signer_title(self):
        lines = [line.upper() for line in _lines(self.cleaned_data["signer_title"])]
        for line in lines:
            if len(line) > 120:
                raise forms.ValidationError(_("Mỗi dòng chức vụ người ký tối đa 120 ký tự."))
        return lines

    def clean_body(self):
        from thidua.documents.reader import read_body

        return read_body(self.cleaned_data["body"])

    def edited_model(self) -> DocumentModel:
        """The document model with the edited parts; issuer, annexes and the rest are kept."""
        data = self.cleaned_data
        return replace(
            self.model,
            doc_type=data["doc_type"],
            abstract=data["abstract"],
            place=data["place"].strip(),
            addressees=_lines(data["addressees"], strip_marker=True),
            bases=_lines(data["bases"], strip_marker=True),
            body=data["body"],
            recipients=_lines(data["recipients"], strip_marker=True),
            signer=replace(
                self.model.signer, title_lines=data["signer_title"], name=data["signer_name"].strip()
            ),
        )

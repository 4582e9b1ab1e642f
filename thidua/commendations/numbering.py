"""Numbering and rendering of a decision, behind one small interface.

A signed decision is issued through `thidua.documents`: a "QUYẾT ĐỊNH" document of the
commune with its articles and the annex list, numbered from the commune's register of outgoing
documents (one yearly series per issuing body, Decree 30/2020), and rendered to .docx / PDF by
that app. The decision keeps the document's number and a link to it.
"""

import datetime as dt

from django.utils.translation import gettext as _

from thidua.lib.vn import format_money


def _model(decision, awards, signed_on: dt.date, signer_name: str):
    from thidua.documents.model import Annex, Block, BlockKind, Signer
    from thidua.documents.model import Document as DocumentModel

    commune = decision.commune
    issuer = f"ỦY BAN NHÂN DÂN {commune.name.upper()}"
    place = commune.name.removeprefix("Xã ").removeprefix("Phường ")
    rows = [["STT", "Họ tên / tập thể", "Danh hiệu, hình thức", "Tiền thưởng (đồng)"]]
    for i, award in enumerate(awards, 1):
        rows.append([f"{i:02d}", award.recipient_name, award.award_type.name, format_money(award.amount)])
    rows.append(["", "Tổng cộng", "", format_money(sum(a.amount for a in awards))])
    body = [
        Block(
            kind=BlockKind.ARTICLE,
            label="1",
            text=_(
                "Khen thưởng %(n)s tập thể, cá nhân, hộ gia đình có tên trong danh sách kèm theo "
                "đã có thành tích trong năm %(year)s."
            )
            % {"n": len(awards), "year": decision.year},
        ),
        Block(
            kind=BlockKind.ARTICLE,
            label="2",
            text=_(
                "Tiền thưởng theo Nghị định số 152/2025/NĐ-CP, mức lương cơ sở %(base)s, trích từ Quỹ thi đua, "
                "khen thưởng xã."
            )
            % {"base": format_money(decision.base_salary)},
        ),
        Block(
            kind=BlockKind.ARTICLE,
            label="3",
            text=_(
                "Văn phòng HĐND và UBND xã, Hội đồng Thi đua – Khen thưởng xã và các tập thể, cá nhân có tên "
                "tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
            ),
        ),
    ]
    return DocumentModel(
        doc_type="QUYẾT ĐỊNH",
        issuer=issuer,
        place=place,
        date=signed_on,
        abstract=decision.title,
        authority_line=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune.name.upper()}",
        bases=[
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết Luật Thi đua, khen thưởng;",
            "Theo đề nghị của Hội đồng Thi đua – Khen thưởng xã.",
        ],
        body=body,
        signer=Signer(title_lines=["CHỦ TỊCH"], name=signer_name),
        recipients=["Như Điều 3;", "Lưu: VT."],
        annexes=[
            Annex(
                title="DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
                blocks=[Block(kind=BlockKind.TABLE, rows=rows)],
            )
        ],
    )


def issue(*, decision, awards, signed_on: dt.date, signer_name: str, actor):
    """Issue the decision's document from the register; returns (number, "NN/QĐ-UBND", document).
    Runs inside the signing transaction, so a failed signing leaves no number taken."""
    from thidua.access import Action
    from thidua.documents.services import document_create_draft, document_issue

    model = _model(decision, awards, signed_on, signer_name)
    document = document_create_draft(
        actor=actor, unit=decision.commune, model=model, is_sample=decision.is_sample
    )
    document = document_issue(actor=actor, document=document, date=signed_on, authority=Action.DECISION_SIGN)
    return document.number, f"{document.number:02d}/{document.symbol}", document

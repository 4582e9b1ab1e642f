"""Demo register of Mỹ Thạnh: the seed plan 23/KH-UBND of 13/03/2015 as an issued document, read
from its text with the reader, and an invented draft (a yearly review report) flagged as sample.

The 2015 series of the commune moves up to 23, so documents issued later in the demo take
numbers after it; the commendations demo issues its own documents in other years' series.
"""

from pathlib import Path

from thidua.access import SystemActor
from thidua.documents import services
from thidua.documents.model import Signer
from thidua.documents.reader import read_document
from thidua.movements.papers import review_report

ACTOR = SystemActor("load-demo")
SEED_PLAN = Path(__file__).parent / "data" / "000_e0bb06a9f56f42be.txt"


def seed_plan():
    """The seed plan read from its text: (the document model, its number)."""
    parsed = read_document(SEED_PLAN.read_bytes(), SEED_PLAN.name)
    return parsed.document, int(parsed.document.number)


def load(ctx) -> None:
    commune = ctx.commune
    plan, number = seed_plan()
    services.document_record_issued(actor=ACTOR, unit=commune, model=plan, number=number, date=plan.date)
    chairman = ctx.users["chutich"].full_name
    draft = review_report(
        issuer=plan.issuer,
        parent_issuer=plan.parent_issuer,
        place=plan.place,
        date=None,
        movement="Đồng khởi mới",
        period="năm 2015",
        results={
            "overview": [
                "Ủy ban nhân dân xã đã phát động phong trào đến 6/6 ấp và các ngành, đoàn thể; Đài truyền "
                "thanh xã và tổ thông tin các ấp tuyên truyền thường xuyên (số liệu mẫu)."
            ],
            "targets": [
                {"name": "Hộ đạt chuẩn gia đình văn hóa", "target": 2400, "actual": 2465, "unit": "hộ"},
                {"name": "Tiêu chí nông thôn mới đạt", "target": 19, "actual": 17, "unit": "tiêu chí"},
                {"name": "Hồ sơ một cửa giải quyết đúng hạn", "target": 100, "actual": 98.5, "unit": "%"},
            ],
            "ranking": [
                {"unit": name, "score": score}
                for name, score in zip(
                    ["Ấp Mỹ Hòa", "Ấp Mỹ Lợi", "Ấp Thạnh Hòa", "Ấp Thạnh Lợi", "Ấp Mỹ An", "Ấp Thạnh An"],
                    [94, 91.5, 88, 86, 85.5, 82],
                    strict=True,
                )
            ],
            "good_examples": [
                {"name": "Hội Nông dân xã", "unit": "", "deed": "vận động hội viên hiến đất làm 3 km đường"},
            ],
            "strengths": ["Các ấp, ngành, đoàn thể hưởng ứng tích cực; nhiều mô hình mới được nhân rộng."],
            "weaknesses": ["Còn 2 tiêu chí nông thôn mới chưa đạt."],
            "lessons": ["Chỉ tiêu phải cụ thể, giao rõ đơn vị phụ trách và thường xuyên kiểm tra."],
            "next_label": "năm 2016",
            "next_steps": ["Tập trung hoàn thành 2 tiêu chí nông thôn mới còn lại."],
        },
        signer=Signer(title_lines=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name=chairman),
        recipients=["Phòng Nội vụ huyện", "TT. Đảng ủy, HĐND xã", "HĐTĐKT xã"],
        bases=[
            f"Thực hiện Kế hoạch số {plan.number_symbol} ngày {plan.date:%d/%m/%Y} của Ủy ban nhân dân xã"
        ],
    )
    services.document_create_draft(actor=ACTOR, unit=commune, model=draft, is_sample=True)


__all__ = ["SEED_PLAN", "load", "seed_plan"]

"""The commendation papers, each built whole here from the Decree 30 document model
(`thidua.documents.model`) and the generic blocks of `thidua.documents.builders`.

- `minutes`: Biên bản họp Hội đồng of a closed session (`session_minutes`).
- `notice`: Thông báo công khai of a notice (`notice_paper`, from plain data `public_notice`).
- `submission`: the council's Tờ trình for a draft decision (`submission_paper`, from plain data
  `submission_document`).
- `decision`: Quyết định khen thưởng of a signed decision (`decision_paper`, from plain data
  `award_decision`); `numbering.issue` numbers and issues it.
- `achievement`: Báo cáo thành tích of a nominee (`achievement_report`).
- `certificates`: Giấy khen / Giấy chứng nhận of a signed decision (`decision_certificates`,
  `certificates_pdf`, `certificates_docx`, `certificates_zip`; `wording` says what each paper
  prints), each laid out from the document model's `Certificate`.
"""

from thidua.commendations.papers.achievement import achievement_report
from thidua.commendations.papers.certificates import (
    CertificateData,
    certificates_docx,
    certificates_pdf,
    certificates_source,
    certificates_zip,
    decision_certificates,
    qr_svg,
    wording,
)
from thidua.commendations.papers.common import decision_abstract
from thidua.commendations.papers.decision import award_decision, decision_paper
from thidua.commendations.papers.minutes import session_minutes
from thidua.commendations.papers.notice import notice_paper, public_notice
from thidua.commendations.papers.submission import submission_document, submission_paper

__all__ = [
    "CertificateData",
    "achievement_report",
    "certificates_docx",
    "award_decision",
    "certificates_pdf",
    "certificates_source",
    "certificates_zip",
    "decision_abstract",
    "decision_certificates",
    "decision_paper",
    "notice_paper",
    "public_notice",
    "qr_svg",
    "session_minutes",
    "submission_document",
    "submission_paper",
    "wording",
]

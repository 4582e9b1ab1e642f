"""Every paper type of the demo, rendered once per test session as the commune gets it: the .docx,
the Typst PDF, the screen's preview, and the .docx converted to PDF by LibreOffice (marker
`office`, run with the browser journeys by `make test-browser` after scripts/ensure-office.sh)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction
from django.template.loader import render_to_string

from thidua.documents.model import Certificate, Document, Signer, date_line
from thidua.documents.qr import qr_svg
from thidua.documents.render_docx import render_certificates as certificates_docx
from thidua.documents.render_docx import render_docx
from thidua.documents.render_pdf import render_certificates as certificates_pdf
from thidua.documents.render_pdf import render_pdf


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/papers" in str(item.fspath):
            item.add_marker(pytest.mark.office)
            # pytest-django makes the test database only for a session with a test that asks for it.
            item.add_marker(pytest.mark.django_db)


@dataclass
class Paper:
    name: str
    model: Document
    docx: bytes
    pdf: bytes  # Typst, without the draft mark (a running decoration, not the paper's words)
    html: str

    @property
    def header_lines(self) -> list[str]:
        """The header's lines as the model prints them, each to be kept whole."""
        doc = self.model
        lines = [*doc.parent_issuer_lines, *doc.issuer_lines, doc.national_title, doc.motto]
        if doc.number or doc.symbol:
            lines.append(f"Số: {doc.number_symbol}")
        return [*lines, date_line(doc.place, doc.date)]


@dataclass
class CertificatePaper:
    """One certificate of the demo's decision, rendered three ways from its model."""

    name: str
    model: Certificate
    docx: bytes
    pdf: bytes
    html: str


def _certificate_paper(i: int, model: Certificate) -> CertificatePaper:
    html = render_to_string("documents/_certificate.html", {"cert": model, "qr": qr_svg(model.verify_url)})
    return CertificatePaper(
        name=f"giay-{i:02d}-{model.paper.lower().replace(' ', '-')}",
        model=model,
        docx=certificates_docx([model]),
        pdf=certificates_pdf([model]),
        html=html,
    )


def _achievement_report() -> Document:
    from thidua.commendations.papers import achievement_report

    return achievement_report(
        collective=False,
        award="Giấy khen của Chủ tịch Ủy ban nhân dân xã",
        place="Mỹ Thạnh",
        date=dt.date(2020, 11, 10),
        profile=[("Họ và tên", "Lâm Bích Hà"), ("Năm sinh", "1985"), ("Đơn vị công tác", "Ấp Mỹ Hòa")],
        duties=["Chi hội trưởng phụ nữ ấp, phụ trách công tác vận động hội viên."],
        achievements=["Vận động 45 hộ hội viên tham gia mô hình tiết kiệm vì phụ nữ nghèo."],
        titles=[{"year": 2019, "name": "Lao động tiên tiến", "decision": "Quyết định số 15/QĐ-UBND"}],
        signer=Signer(
            title_lines=["NGƯỜI BÁO CÁO THÀNH TÍCH"], note="(Ký, ghi rõ họ tên)", name="Lâm Bích Hà"
        ),
        confirmer=Signer(title_lines=["TM. BAN CHẤP HÀNH", "CHI HỘI TRƯỞNG"], name="Nguyễn Thị Lan"),
    )


PROVINCE = "Tỉnh Tây Ninh"
PROVINCE_AWARDEES = [
    {
        "name": "Hội Nông dân xã",
        "kind": "tập thể",
        "position": "xã Mỹ Thạnh",
        "award": "Bằng khen",
        "achievement": "Dẫn đầu phong trào nông dân sản xuất, kinh doanh giỏi",
        "amount": 4_680_000,
    },
    {
        "name": "Đỗ Thị Đào",
        "kind": "cá nhân",
        "position": "Ấp Mỹ Hòa, xã Mỹ Thạnh",
        "award": "danh hiệu Chiến sĩ thi đua cấp tỉnh",
        "achievement": "Dẫn đầu phong trào xây dựng nông thôn mới",
        "amount": 7_020_000,
    },
]


def _province_models() -> list[tuple[str, Document]]:
    """The province's papers on the communes' proposals, from plain data as the province words them
    (`thidua/commendations/tests/test_province_papers.py` checks the words from the records): the
    council's Tờ trình under the province and the province chairman's decision."""
    from thidua.commendations.papers import award_decision, submission_document
    from thidua.commendations.papers.common import council_header, parent_body, place

    province = type("Unit", (), {"name": PROVINCE})()
    submission = submission_document(
        issuer=council_header(type("Unit", (), {"name": "Hội đồng Thi đua – Khen thưởng tỉnh"})()),
        parent_issuer=parent_body(province),
        place=place(province),
        date=dt.date(2025, 12, 16),
        addressee="Chủ tịch Ủy ban nhân dân tỉnh Tây Ninh",
        award="Bằng khen",
        reason="trong năm 2025",
        bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
        nominees=PROVINCE_AWARDEES,
        signer=Signer(title_lines=["TM. HỘI ĐỒNG", "CHỦ TỊCH"], name="Nguyễn Văn Đông"),
        recipients=["Như trên"],
        sender="Hội đồng Thi đua – Khen thưởng tỉnh Tây Ninh",
    )
    submission.number, submission.symbol = "02", "TTr-HĐTĐKT"
    decision = award_decision(
        issuer="ỦY BAN NHÂN DÂN TỈNH TÂY NINH",
        place=place(province),
        province=True,
        date=dt.date(2025, 12, 18),
        abstract="Về việc tặng thưởng Bằng khen, danh hiệu thi đua cấp tỉnh năm 2025",
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TÂY NINH",
        year=2025,
        base_salary=2_340_000,
        awardees=PROVINCE_AWARDEES,
        signer=Signer(title_lines=["CHỦ TỊCH"], name="Nguyễn Văn Đông"),
        submission="số 02/TTr-HĐTĐKT ngày 16 tháng 12 năm 2025",
    )
    decision.number, decision.symbol = "15", "QĐ-UBND"
    decision.attach_annexes()
    return [("tinh-to-trinh", submission), ("tinh-quyet-dinh", decision)]


def _province_certificates() -> list[Certificate]:
    """The province chairman's Bằng khen, a Giấy chứng nhận of Chiến sĩ thi đua cấp tỉnh, a Cờ thi đua."""
    from thidua.commendations.papers import CertificateData

    common = {
        "issuer": "ỦY BAN NHÂN DÂN TỈNH TÂY NINH",
        "place": "Tây Ninh",
        "date": dt.date(2025, 12, 18),
        "signer_title": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TÂY NINH",
        "signs_as": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Đông",
        "decision": "Quyết định số 15/QĐ-UBND ngày 18 tháng 12 năm 2025",
        "verification_code": "SBQ9BQ16GKW8BYDGH9NC",
        "verify_url": "https://tinh.example/v/SBQ9BQ16GKW8BYDGH9NC",
    }
    return [
        CertificateData(
            recipient="Hội Nông dân xã Mỹ Thạnh",
            achievement="Đã có thành tích xuất sắc năm 2025",
            paper="BẰNG KHEN",
            **common,
        ).model(),
        CertificateData(
            recipient="Đỗ Thị Đào",
            achievement="",
            paper="GIẤY CHỨNG NHẬN",
            title="Danh hiệu “Chiến sĩ thi đua cấp tỉnh” năm 2025",
            **common,
        ).model(),
        CertificateData(
            recipient="Hội Nông dân xã Mỹ Thạnh",
            achievement="Đơn vị dẫn đầu phong trào thi đua năm 2025",
            paper="CỜ THI ĐUA",
            **common,
        ).model(),
    ]


def _demo_models() -> tuple[list[tuple[str, Document]], list]:
    """(name, model) of every paper the demo registers, and its decision's certificates."""
    from thidua.commendations.models import Decision
    from thidua.commendations.papers import decision_certificates
    from thidua.demo import load_demo
    from thidua.documents.models import Document as DocumentRow

    load_demo()
    named = []
    for row in DocumentRow.objects.order_by("pk"):
        model = row.model
        kind = model.doc_type.lower().replace(" ", "-")
        named.append((f"{row.pk}-{kind}{'-du-thao' if row.is_draft else ''}", model))
    decision = Decision.objects.filter(signed_on__isnull=False).first()
    certificates = decision_certificates(decision, verify_url=lambda code: f"https://xa.example/v/{code}")
    return named, certificates


def _paper(name: str, model: Document) -> Paper:
    html = render_to_string(
        "documents/_preview.html",
        {"doc": model, "date_line": date_line(model.place, model.date), "inferred": []},
    )
    return Paper(name=name, model=model, docx=render_docx(model), pdf=render_pdf(model), html=html)


@pytest.fixture(scope="session")
def demo_papers(django_db_setup, django_db_blocker):
    """The demo's papers and an achievement report, rendered three ways; the demo is loaded in a
    transaction rolled back at once, so no other test sees it."""
    from thidua.commendations.rules import catalogue_load

    with django_db_blocker.unblock(), transaction.atomic():
        # The browser journeys before these tests flush every table, the migrations' catalogue too.
        catalogue_load()
        named, certificates = _demo_models()
        papers = [_paper(name, model) for name, model in named]
        transaction.set_rollback(True)
    # A Giấy khen and a Giấy chứng nhận, at least: the demo's decision grants both.
    certs = [_certificate_paper(i, c.model()) for i, c in enumerate(certificates, 1)]
    papers.append(_paper("bao-cao-thanh-tich", _achievement_report()))
    kinds = {p.model.doc_type for p in papers}
    # The test is about every paper type: it fails if the demo stops registering one.
    assert {"QUYẾT ĐỊNH", "BIÊN BẢN", "THÔNG BÁO", "TỜ TRÌNH", "KẾ HOẠCH", "BÁO CÁO"} <= kinds
    assert {c.model.paper for c in certs} == {"GIẤY KHEN", "GIẤY CHỨNG NHẬN"}
    # The province's: its council's Tờ trình, its chairman's decision, a Bằng khen, a Cờ thi đua.
    papers += [_paper(name, model) for name, model in _province_models()]
    certs += [_certificate_paper(len(certs) + i, c) for i, c in enumerate(_province_certificates(), 1)]
    return {"papers": papers, "certificates": certs}


@pytest.fixture(scope="session")
def certificates(demo_papers) -> list[CertificatePaper]:
    return demo_papers["certificates"]


@pytest.fixture(scope="session")
def papers(demo_papers) -> list[Paper]:
    return demo_papers["papers"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: run scripts/ensure-office.sh")
    return path


@pytest.fixture(scope="session")
def libreoffice_pdfs(papers, certificates, tmp_path_factory) -> dict[str, Path]:
    """Every paper's and certificate's .docx converted to PDF by LibreOffice, in one run with its
    own profile."""
    soffice = _tool("soffice")
    folder = tmp_path_factory.mktemp("office")
    papers = [*papers, *certificates]
    for paper in papers:
        (folder / f"{paper.name}.docx").write_bytes(paper.docx)
    profile = folder / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            *sorted(str(p) for p in folder.glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(folder)},
    )
    converted = {paper.name: folder / "pdf" / f"{paper.name}.pdf" for paper in papers}
    missing = [name for name, path in converted.items() if not path.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return converted

"""A zip of certificates, compiled on several threads, holds exactly the certificate each would be
alone: the same bytes as one compiled by itself, the same words as its page in the one-PDF file,
a QR code that scans to its verification link, in the order of the list."""

import datetime as dt
import io
import shutil
import subprocess
import zipfile

import pytest
import zxingcpp
from django.urls import reverse
from pypdf import PdfReader

from thidua.commendations.models import Award, Decision
from thidua.commendations.papers import CertificateData, certificates_pdf, certificates_zip
from thidua.commendations.papers.certificates import single_source
from thidua.documents.render_pdf import compile_source
from thidua.jobs.models import Job, JobKind, JobState


def _cert(i: int) -> CertificateData:
    code = f"7KQ2M9XD{i:012d}"
    return CertificateData(
        recipient=f"Trần Thị Bé {i}",
        achievement="Đã có thành tích xuất sắc trong phong trào “Đồng khởi mới”",
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 1),
        signer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        signer_name="Phạm Thanh Diễn",
        decision="Quyết định số 12/QĐ-UBND",
        verification_code=code,
        verify_url=f"https://thidua.example/xac-minh/{code}",
    )


def _words(pdf: bytes, page: int = 0) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[page].extract_text().split())


def _members(data: bytes) -> list[bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [archive.read(name) for name in archive.namelist()]


def test_each_pdf_of_the_zip_is_the_certificate_compiled_alone_in_the_lists_order():
    certs = [_cert(i) for i in range(6)]
    members = _members(certificates_zip(certs))
    # Compared by what the pages say, not byte for byte: compiled on several threads at once, Typst
    # may number the objects of a PDF's tag tree differently; the page is the same.
    alone = [compile_source(single_source(cert)) for cert in certs]
    assert [_words(member) for member in members] == [_words(pdf) for pdf in alone]
    one_file = certificates_pdf(certs)
    for i, member in enumerate(members):
        assert len(PdfReader(io.BytesIO(member)).pages) == 1
        assert _words(member) == _words(one_file, i)
        assert f"Trần Thị Bé {i}" in _words(member)


def test_the_zip_tells_its_progress_every_fifty_certificates_and_at_the_end():
    told: list[tuple[int, int]] = []
    archive = zipfile.ZipFile(
        io.BytesIO(certificates_zip([_cert(i) for i in range(51)], progress=lambda *a: told.append(a)))
    )
    assert told == [(50, 51), (51, 51)]
    assert (
        len(archive.namelist()) == 51 and archive.namelist()[-1] == f"0051-{_cert(50).verification_code}.pdf"
    )


def _scan(pdf: bytes) -> list[str]:
    """Draw the page at 150 dpi (poppler) and decode every QR code on it (ZXing)."""
    image = subprocess.run(
        ["pdftoppm", "-gray", "-r", "150", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    _magic, width, height, _depth, pixels = image.split(maxsplit=4)
    picture = memoryview(pixels).cast("B", (int(height), int(width)))
    return [code.text for code in zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) draws the page")
def test_the_qr_code_of_a_zipped_certificate_scans_to_its_verification_link():
    certs = [_cert(7), _cert(8)]
    members = _members(certificates_zip(certs))
    assert [_scan(member) for member in members] == [[cert.verify_url] for cert in certs]


@pytest.mark.django_db
def test_a_large_decisions_zip_is_prepared_in_the_background_one_whole_pdf_per_award(
    client, tree, award, personas, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.THIDUA_JOBS_DIR = tmp_path / "jobs"
    settings.THIDUA_JOB_CERTIFICATES = 2
    decision = Decision.objects.create(
        commune=tree.commune, title="Về việc khen thưởng năm 2025", year=2025, number=3,
        number_label="03/QĐ-UBND", signed_on=dt.date(2025, 12, 22), signer_name="Phạm Thanh Diễn",
        state=Decision.State.SIGNED,
    )  # fmt: skip
    awards = [
        Award.objects.create(
            award_type=award("ldtt"),
            recipient_kind="individual",
            recipient_name=f"Nguyễn Văn {i:02d}",
            year=2025,
            commune=tree.commune,
            decision=decision,
        )  # fmt: skip
        for i in range(3)
    ]
    client.force_login(personas["officer"])
    decision_page = client.get(reverse("commendations:decision", args=[decision.pk])).content.decode()
    url = reverse("commendations:certificates_zip", args=[decision.pk])
    assert url in decision_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = Job.objects.get()
    assert (job.kind, job.state, job.progress) == (JobKind.CERTIFICATES_ZIP, JobState.DONE, 100)
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert download["Content-Type"] == "application/zip"
    members = _members(b"".join(download.streaming_content))
    assert [_words(pdf).count("Nguyễn Văn") for pdf in members] == [1, 1, 1]
    assert [a.recipient_name in _words(pdf) for a, pdf in zip(awards, members, strict=True)] == [True] * 3


@pytest.mark.django_db
def test_a_small_decisions_zip_is_downloaded_at_once(client, tree, award, personas):
    decision = Decision.objects.create(
        commune=tree.commune, title="Về việc khen thưởng", year=2025, number=4, number_label="04/QĐ-UBND",
        signed_on=dt.date(2025, 12, 22), signer_name="Phạm Thanh Diễn", state=Decision.State.SIGNED,
    )  # fmt: skip
    Award.objects.create(
        award_type=award("ldtt"), recipient_kind="individual", recipient_name="Lê Thị Hoa", year=2025,
        commune=tree.commune, decision=decision,
    )  # fmt: skip
    client.force_login(personas["officer"])
    response = client.get(reverse("commendations:certificates_zip", args=[decision.pk]))
    assert response["Content-Type"] == "application/zip"
    (pdf,) = _members(response.content)
    assert "Lê Thị Hoa" in _words(pdf)
    client.force_login(personas["outsider"])
    assert client.get(reverse("commendations:certificates_zip", args=[decision.pk])).status_code == 404

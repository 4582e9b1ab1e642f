"""The PDF/A-2b copy of each issued paper: made by `thidua cron`, conforming, hashed into the audit."""

import hashlib
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader

from thidua.access import SYSTEM
from thidua.archive.models import ArchiveCopy
from thidua.archive.services import archive_copy_make
from thidua.audit.models import AuditEntry
from thidua.documents import services as documents
from thidua.lib.errors import ServiceError

pytestmark = pytest.mark.django_db


def _bytes(copy: ArchiveCopy) -> bytes:
    with default_storage.open(copy.file.path, "rb") as handle:
        return handle.read()


def test_cron_keeps_a_pdfa_copy_of_every_issued_paper_once(tree, issued):
    first = issued(tree.commune)
    second = issued(tree.commune, doc_type="QUYẾT ĐỊNH")
    draft = documents.document_create_draft(actor=SYSTEM, unit=tree.commune, model=first.model)
    call_command("cron", stdout=(out := io.StringIO()))
    assert "archive copies made (PDF/A-2b): 2" in out.getvalue()
    assert set(ArchiveCopy.objects.values_list("document", flat=True)) == {first.pk, second.pk}
    assert not ArchiveCopy.objects.filter(document=draft).exists()
    call_command("cron", stdout=(again := io.StringIO()))
    assert "archive copies made (PDF/A-2b): 0" in again.getvalue()


def test_a_paper_that_cannot_be_copied_does_not_hold_back_the_others(tree, issued, monkeypatch, caplog):
    from thidua.archive import services

    broken = issued(tree.commune)
    fine = issued(tree.commune, doc_type="QUYẾT ĐỊNH")
    render = services.render_archival

    def render_or_fail(model, *, title):
        if broken.number_symbol in title:
            raise RuntimeError("typst: font not found")
        return render(model, title=title)

    monkeypatch.setattr(services, "render_archival", render_or_fail)
    call_command("cron", stdout=(out := io.StringIO()))
    assert "archive copies made (PDF/A-2b): 1" in out.getvalue()
    assert list(ArchiveCopy.objects.values_list("document", flat=True)) == [fine.pk]
    assert f"archive copy of document {broken.pk} failed" in caplog.text
    monkeypatch.setattr(services, "render_archival", render)  # mended: the next run copies it
    call_command("cron", stdout=(again := io.StringIO()))
    assert "archive copies made (PDF/A-2b): 1" in again.getvalue()
    assert ArchiveCopy.objects.filter(document=broken).exists()


def test_the_copy_declares_pdfa_2b_embeds_its_fonts_and_its_hash_is_audited(tree, issued):
    paper = issued(tree.commune)
    copy = archive_copy_make(actor=SYSTEM, document=paper)
    data = _bytes(copy)
    assert hashlib.sha256(data).hexdigest() == copy.sha256 == copy.file.sha256
    # XMP identification of PDF/A-2b and the output intent PDF/A requires
    assert re.search(rb"<pdfaid:part>2</pdfaid:part>", data)
    assert re.search(rb"<pdfaid:conformance>B</pdfaid:conformance>", data)
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    intents = reader.root["/OutputIntents"]
    assert intents[0]["/S"] == "/GTS_PDFA1"
    assert "/Encrypt" not in reader.trailer
    # every font embedded (PDF/A forbids a font the reader must find on its own machine)
    pages = [kid.get_object() for kid in reader.root["/Pages"]["/Kids"]]
    fonts = [font.get_object() for page in pages for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert copy.pages == reader.root["/Pages"]["/Count"] >= 1
    entry = AuditEntry.objects.filter(model="archive.archivecopy", object_id=str(copy.pk)).get()
    assert entry.after["sha256"] == copy.sha256


def test_a_copy_is_made_once_and_never_of_a_draft(tree, issued):
    paper = issued(tree.commune)
    archive_copy_make(actor=SYSTEM, document=paper)
    with pytest.raises(ServiceError) as twice:
        archive_copy_make(actor=SYSTEM, document=paper)
    assert twice.value.code == "already_kept"
    draft = documents.document_create_draft(actor=SYSTEM, unit=tree.commune, model=paper.model)
    with pytest.raises(ServiceError) as drafted:
        archive_copy_make(actor=SYSTEM, document=draft)
    assert "đã ban hành" in str(drafted.value)


def test_only_the_units_officers_make_copies(tree, issued, personas):
    paper = issued(tree.commune)
    for role in ("leader", "council", "viewer", "outsider"):
        with pytest.raises(Exception) as refused:
            archive_copy_make(actor=personas[role], document=paper)
        assert refused.type.__name__ in ("PermissionDenied", "Http404"), role
    assert archive_copy_make(actor=personas["officer"], document=paper).pages >= 1

"""The look Decree 30 sets: the signer's blue signature image centred between title and name, the
organisation's red seal at its actual size over the left third of it; images checked when uploaded."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw
from pypdf import PdfReader

from thidua.access import SYSTEM
from thidua.documents import services as documents
from thidua.documents.model import Document as DocumentModel
from thidua.documents.model import Signer as PaperSigner
from thidua.documents.render_pdf import render_pdf
from thidua.lib.errors import ServiceError
from thidua.signatures import look, selectors, services
from thidua.signatures.models import AnchorKind, SignatureImage
from thidua.signatures.tests.conftest import PASSPHRASE

BLUE, RED, BLACK = (20, 40, 200, 255), (220, 20, 20, 255), (0, 0, 0, 255)


def _png(color, size=(600, 250), *, seal=False, transparent=True) -> bytes:
    image = Image.new(
        "RGBA" if transparent else "RGB", size, (0, 0, 0, 0) if transparent else (255, 255, 255)
    )
    draw = ImageDraw.Draw(image)
    if seal:
        draw.ellipse([5, 5, size[0] - 5, size[1] - 5], outline=color, width=12)
    else:
        draw.line(
            [(10, size[1] - 20), (size[0] // 3, 20), (size[0] // 2, size[1] - 30), (size[0] - 10, 30)],
            fill=color,
            width=8,
        )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _model(name="Phạm Thanh Diễn"):
    return DocumentModel(
        doc_type="QUYẾT ĐỊNH",
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        abstract="Về việc khen thưởng phong trào Đồng khởi",
        signer=PaperSigner(title_lines=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name=name),
    )


def _lines(pdf: bytes) -> dict[str, tuple[float, float]]:
    found = {}

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            found[text.strip()] = (float(cm[4]), float(cm[5]))

    PdfReader(io.BytesIO(pdf)).pages[-1].extract_text(visitor_text=visit)
    return found


def test_the_room_lies_between_the_title_and_the_name_centred_on_them():
    pdf = render_pdf(_model())
    room = look.signature_room(pdf, name="Phạm Thanh Diễn")
    lines = _lines(pdf)
    x1, y1, x2, y2 = room.box
    assert lines["Phạm Thanh Diễn"][1] < y1 < y2 < lines["CHỦ TỊCH"][1]
    assert lines["Phạm Thanh Diễn"][0] < (x1 + x2) / 2 < lines["Phạm Thanh Diễn"][0] + 120


def test_a_paper_without_the_signers_name_has_no_room():
    assert look.signature_room(render_pdf(_model()), name="Người Khác") is None


def test_the_seal_is_at_its_actual_size_over_the_left_third_of_the_signature():
    room = look.Placement(page=0, box=(300, 500, 500, 580))
    placement, image = look.compose(
        room, signature=_png(BLUE), seal=_png(RED, (400, 400), seal=True), seal_mm=36
    )
    x1, y1, x2, y2 = placement.box
    seal_pt = 36 * 72 / 25.4
    sig_w = 80 * 600 / 250  # fitted to the room's height
    sig_x = 400 - sig_w / 2
    assert x1 == pytest.approx(
        sig_x + sig_w / 3 - seal_pt
    )  # the seal's right edge a third into the signature
    assert x2 == pytest.approx(sig_x + sig_w)
    assert image.getpixel((image.width - 5, image.height // 2))[3] == 0  # transparent around the strokes


@pytest.mark.parametrize(
    ("data", "seal", "code"),
    [
        (_png(BLUE, transparent=False), False, "not_transparent"),
        (_png(RED), False, "not_blue"),
        (_png(BLACK), False, "not_blue"),
        (_png(BLUE, seal=True), True, "not_red"),
        (b"GIF89a not a png", False, "not_png"),
    ],
)
def test_images_are_checked_with_a_clear_message(data, seal, code):
    with pytest.raises(ServiceError) as caught:
        look.check_image(data, seal=seal)
    assert caught.value.code == code and str(caught.value)


@pytest.fixture
def key(tree, ca):
    services.trust_anchor_add(
        actor=SYSTEM, unit=tree.province, kind=AnchorKind.ROOT, label="", data=ca.root_der
    )
    return services.signing_key_add_pkcs12(
        actor=SYSTEM, unit=tree.commune, label="", data=ca.signers["good"].p12, passphrase=PASSPHRASE
    )


def _issued(unit):
    draft = documents.document_create_draft(actor=SYSTEM, unit=unit, model=_model())
    return documents.document_issue(actor=SYSTEM, document=draft, date=dt.date(2026, 4, 30))


def test_a_leader_with_a_signature_image_signs_a_visible_and_valid_signature(tree, personas, key):
    leader = personas["leader"]
    services.signature_image_set(actor=leader, user=leader, data=_png(BLUE))
    services.seal_image_set(actor=personas["admin"], unit=tree.commune, data=_png(RED, (400, 400), seal=True))
    paper = services.paper_sign(actor=leader, document=_issued(tree.commune), key=key, secret=PASSPHRASE)
    data = selectors.signed_bytes(paper)
    report = selectors.paper_report(paper)
    assert report.ok, report.to_json()
    page = PdfReader(io.BytesIO(data)).pages[-1]
    (widget,) = [a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 50 and y2 - y1 > 50  # visible, not a zero-size field
    assert "/AP" in widget


def test_without_a_signature_image_the_signature_stays_invisible(tree, personas, key):
    paper = services.paper_sign(
        actor=personas["leader"], document=_issued(tree.commune), key=key, secret=PASSPHRASE
    )
    page = PdfReader(io.BytesIO(selectors.signed_bytes(paper))).pages[-1]
    (widget,) = [a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    assert [float(v) for v in widget["/Rect"]] == [0, 0, 0, 0]


def test_nobody_sets_another_persons_signature_and_only_the_admin_the_seal(tree, personas):
    with pytest.raises(PermissionDenied):
        services.signature_image_set(actor=personas["admin"], user=personas["leader"], data=_png(BLUE))
    with pytest.raises(PermissionDenied):
        services.seal_image_set(actor=personas["leader"], unit=tree.commune, data=_png(RED, seal=True))
    services.signature_image_set(actor=personas["leader"], user=personas["leader"], data=_png(BLUE))
    services.signature_image_set(
        actor=personas["leader"], user=personas["leader"], data=_png(BLUE, (500, 200))
    )
    assert SignatureImage.objects.filter(user=personas["leader"]).count() == 1


def test_my_signature_page_is_everyones_own(client, personas):
    url = reverse("signatures:my_signature")
    assert client.get(url).status_code == 302
    for name in ("admin", "officer", "leader", "council", "representative", "viewer", "outsider"):
        client.force_login(personas[name])
        assert client.get(url).status_code == 200
        client.logout()
    client.force_login(personas["leader"])
    response = client.post(url, {"file": SimpleUploadedFile("chữ ký.png", _png(RED))})
    assert "Ảnh chữ ký phải màu xanh" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("chữ ký.png", _png(BLUE))}, follow=True)
    assert "Đã lưu ảnh chữ ký." in response.content.decode()


def test_the_admin_uploads_the_seal_on_the_keys_page(client, personas, tree):
    client.force_login(personas["admin"])
    url = reverse("signatures:keys")
    data = {
        "unit": tree.commune.pk,
        "form": "seal",
        "width_mm": 36,
        "file": SimpleUploadedFile("con dấu.png", _png(RED, (400, 400), seal=True)),
    }
    response = client.post(url, data, follow=True)
    assert "Đã có ảnh con dấu (đường kính 36 mm)" in response.content.decode()


# --- The organisation's signature on a separate attachment ------------------------------------------


def test_an_attachment_is_signed_at_the_top_right_of_page_one(tree, personas, key):
    document = _issued(tree.commune)
    annex = render_pdf(DocumentModel(doc_type="KẾ HOẠCH", abstract="Phụ lục: danh sách khen thưởng"))
    attachment = services.attachment_sign(
        actor=personas["leader"],
        document=document,
        data=annex,
        name="Phụ lục Đồng khởi.pdf",
        key=key,
        secret=PASSPHRASE,
    )
    assert attachment.name == "Phụ lục Đồng khởi.pdf"
    data = selectors.signed_bytes(attachment)
    report = selectors.verify(data)
    assert report.ok, report.to_json()
    page = PdfReader(io.BytesIO(data)).pages[0]
    (widget,) = [a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    width, height = float(page.mediabox.right), float(page.mediabox.top)
    assert x2 == pytest.approx(width - 15 * look.PT_PER_MM, abs=0.1)
    assert y2 == pytest.approx(height - 8 * look.PT_PER_MM, abs=0.1)
    assert 20 < y2 - y1 < 30  # two lines of 10 pt


def test_the_attachment_stamp_shows_the_signing_time_in_vietnam_time():
    style = look.attachment_style("01/QĐ-UBND")
    assert style.lines("2026-04-30T03:04:05+0000") == ["01/QĐ-UBND", "2026-04-30T10:04:05+07:00"]
    image = look.text_image(style.lines("2026-04-30T03:04:05+0000"))
    assert image.height == round((2 * look.LEADING_PT + 2) * look.PIXELS_PER_PT)


def test_an_attachment_that_is_no_pdf_is_refused(tree, personas, key):
    with pytest.raises(ServiceError) as caught:
        services.attachment_sign(
            actor=personas["leader"],
            document=_issued(tree.commune),
            data=b"<html>",
            name="x.pdf",
            key=key,
            secret=PASSPHRASE,
        )
    assert caught.value.code == "not_a_pdf"


def test_attachment_pages_permissions(client, personas, tree, key):
    document = _issued(tree.commune)
    annex = render_pdf(DocumentModel(doc_type="KẾ HOẠCH", abstract="Phụ lục"))
    url = reverse("signatures:attachment_sign", args=[document.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    for name, expected in [("officer", 403), ("viewer", 403), ("outsider", 404), ("representative", 404)]:
        client.force_login(personas[name])
        assert client.post(url, {}).status_code == expected, name
        client.logout()
    client.force_login(personas["leader"])
    response = client.post(
        url,
        {"key": key.pk, "secret": PASSPHRASE, "file": SimpleUploadedFile("Phụ lục Đồng khởi.pdf", annex)},
        follow=True,
    )
    assert "Đã ký số văn bản kèm theo." in response.content.decode()
    attachment = document.signed_attachments.get()
    pdf_url = reverse("signatures:attachment_pdf", args=[attachment.pk])
    for name, expected in [("viewer", 200), ("council", 200), ("outsider", 404), ("representative", 404)]:
        client.force_login(personas[name])
        assert client.get(pdf_url).status_code == expected, name
        client.logout()

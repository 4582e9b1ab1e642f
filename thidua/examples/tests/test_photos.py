"""Photos of a good deed from a citizen's phone, and an officer's: checked by content, upright,
shrunk, stripped of EXIF (where it was taken), bounded, and public only once published."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from thidua.access import SYSTEM
from thidua.examples import services
from thidua.examples.models import Example, ExamplePhoto
from thidua.files.models import StoredFile
from thidua.files.services import storage

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _jpeg(size=(400, 200), *, orientation=None, gps=True) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    image.paste((250, 0, 0), (0, 0, size[0] // 4, size[1]))  # a red band on the left, to see the turn
    exif = Image.Exif()
    exif[MAKE] = "Điện thoại"
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (10.0, 2.0, 30.0), 3: "E", 4: (106.0, 40.0, 12.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _stored_image(photo: ExamplePhoto) -> Image.Image:
    with storage().open(photo.file.path, "rb") as handle:
        return Image.open(io.BytesIO(handle.read()))


def _report(client, tree, files, **extra):
    data = {
        "name": "Bà Năm",
        "contact": "0909 000 000",
        "hamlet": tree.hamlet.pk,
        "title": "Cứu người đuối nước",
        "story": "Anh Sáu cứu em bé.",
        "website": "",
        "photos": files,
        **extra,
    }
    return client.post(reverse("examples:public_report"), data, follow=True)


def test_a_citizens_photo_is_upright_shrunk_and_has_no_exif_left(client, tree):
    original = _jpeg((3200, 1600), orientation=6)  # taken with the phone turned: 90° clockwise
    assert Image.open(io.BytesIO(original)).getexif()[GPS_IFD]
    response = _report(client, tree, [SimpleUploadedFile("IMG_0001.JPG", original, "image/jpeg")])
    assert "Cảm ơn bạn" in response.content.decode()
    photo = ExamplePhoto.objects.get()
    assert photo.example.title == "Cứu người đuối nước"
    stored = _stored_image(photo)
    assert stored.format == "JPEG"
    assert stored.size == (800, 1600)  # turned upright, long side 1600
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert stored.getpixel((400, 10))[0] > 200  # the red band went to the top
    assert photo.file.original_name == "IMG_0001.jpg"
    assert photo.file.size < len(original)


def test_up_to_three_photos_a_fourth_is_refused_and_nothing_is_saved(client, tree):
    files = [SimpleUploadedFile(f"a{i}.jpg", _jpeg((50 + i, 40)), "image/jpeg") for i in range(4)]
    body = _report(client, tree, files).content.decode()
    assert "Gửi tối đa 3 ảnh" in body
    assert not Example.objects.exists() and not ExamplePhoto.objects.exists()
    files = [SimpleUploadedFile(f"a{i}.jpg", _jpeg((50 + i, 40)), "image/jpeg") for i in range(3)]
    _report(client, tree, files)
    assert ExamplePhoto.objects.count() == 3


def test_the_report_form_asks_a_phone_for_pictures(client, tree):
    body = client.get(reverse("examples:public_report")).content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'accept="image/*"' in body and "multiple" in body


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("anh.jpg", PDF, "Tệp là PDF; ở đây chỉ nhận ảnh"),  # a renamed PDF
        ("giay.pdf", PDF, "chỉ nhận"),  # a PDF named as one: no PDF from citizens
        ("anh.svg", SVG, "không phải là"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "Không đọc được ảnh"),  # broken picture
    ],
)
def test_what_is_not_a_picture_is_refused_clearly_with_nothing_saved(client, tree, name, data, message):
    body = _report(client, tree, [SimpleUploadedFile(name, data)]).content.decode()
    assert message in body
    assert not Example.objects.exists() and not StoredFile.objects.exists()


class _Huge:
    """A 40 MB upload that must be refused from its size, before a byte of it is read."""

    name = "to.jpg"
    size = 40 * 1024 * 1024

    def seek(self, _):
        raise AssertionError("read")

    def chunks(self):
        raise AssertionError("read")


def test_a_40_mb_photo_is_refused_before_it_is_read(tree):
    with pytest.raises(services.ServiceError, match="Tệp quá lớn \\(40 MB\\)"):
        services.example_report(
            hamlet=tree.hamlet, name="A", contact="B", title="T", story="S", ip="10.0.0.1", photos=[_Huge()]
        )
    assert not Example.objects.exists()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _bomb_png(side=30_000) -> bytes:
    """A PNG whose header says 30000×30000 (900 megapixels): a few hundred bytes on the wire."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * side
    data = zlib.compress(row * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_from_its_header(client, tree, settings):
    bomb = _bomb_png()
    assert len(bomb) < 2000
    body = _report(client, tree, [SimpleUploadedFile("bom.png", bomb, "image/png")]).content.decode()
    assert "Ảnh có kích thước quá lớn (trên 50.000.000 điểm ảnh)" in body
    assert not Example.objects.exists()
    settings.THIDUA_PHOTO_MAX_PIXELS = 1000  # the ceiling is a setting
    body = _report(
        client, tree, [SimpleUploadedFile("a.jpg", _jpeg((100, 100)), "image/jpeg")]
    ).content.decode()
    assert "Ảnh có kích thước quá lớn (trên 1.000 điểm ảnh)" in body


def test_photos_are_public_only_once_the_example_is_published_staff_see_them_before(client, tree, personas):
    _report(client, tree, [SimpleUploadedFile("a.jpg", _jpeg((60, 40)), "image/jpeg")])
    photo = ExamplePhoto.objects.select_related("example").get()
    url = reverse("examples:photo", args=[photo.pk])
    assert client.get(url).status_code == 404
    for role in ("admin", "officer", "leader", "viewer", "representative"):
        client.force_login(personas[role])
        assert client.get(url).status_code == 200, role
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404
    client.logout()
    example = services.example_verify(actor=SYSTEM, example=photo.example)
    assert client.get(url).status_code == 404  # verified is not yet public
    services.consent_record(
        actor=SYSTEM, example=example, given_on=timezone.localdate(), method="written", given_by="Anh Sáu"
    )
    services.example_publish(actor=SYSTEM, example=example)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert url in client.get(reverse("examples:public_detail", args=[example.pk])).content.decode()


def test_an_officers_photo_goes_the_same_way_and_a_pdf_stays_a_pdf(tree):
    example = services.example_propose(
        actor=SYSTEM, unit=tree.hamlet, kind="model", title="Đường hoa", story="Đường hoa ấp."
    )
    big = SimpleUploadedFile("duong-hoa.jpeg", _jpeg((2400, 1800)), "image/jpeg")
    photo = services.example_photo_add(actor=SYSTEM, example=example, file=big, caption="Đường hoa")
    stored = _stored_image(photo)
    assert stored.size == (1600, 1200) and dict(stored.getexif()) == {}
    paper = services.example_photo_add(actor=SYSTEM, example=example, file=SimpleUploadedFile("bb.pdf", PDF))
    assert paper.file.content_type == "application/pdf" and paper.file.size == len(PDF)

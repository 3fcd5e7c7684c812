import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from PIL import ExifTags, Image

from conftest import sign_in
from sathi.accounts import once
from sathi.accounts.services import api_token_issue
from sathi.audit.models import AuditEvent
from sathi.care import services as care
from sathi.legal import services as legal
from sathi.legal.models import ProceedingDocument
from sathi.lib.tests import samples
from sathi.people.tests.factories import register

# Form tokens as the pages issue them (a token carries its time; see sathi/accounts/once.py).
TOKEN_1 = once.new_token()
TOKEN_2 = once.new_token()
TOKEN_3 = once.new_token()
TOKEN_4 = once.new_token()

PDF = samples.pdf("FIR copy of the police station, case 123/2026")


@pytest.fixture
def proceeding(personas):
    person = register(personas.caseworker, names=["Doc Person"], phone="", stated_age=30)
    case = care.case_open(actor=personas.caseworker, person_id=person.pk, origin="rescue_or_raid")
    return legal.proceeding_add(actor=personas.caseworker, case_id=case.pk, kind="fir", status="refused")


def test_document_is_sealed_at_rest_and_served_only_to_permitted_readers(personas, proceeding):
    document = legal.document_attach(
        actor=personas.caseworker, proceeding_id=proceeding.pk, filename="FIR-Rupa.pdf", content=PDF
    )
    stored = (Path(settings.MEDIA_ROOT) / document.stored_as).read_bytes()
    assert b"FIR copy" not in stored and b"%PDF" not in stored and b"Rupa" not in stored
    assert document.content_type == "application/pdf" and len(document.sha256) == 64
    client = Client()
    sign_in(client, personas.caseworker)
    url = reverse("legal:document", args=[proceeding.case_id, document.pk])
    response = client.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="document.viewed").count() == 1
    for member in (personas.counsellor, personas.outsider, personas.peer_worker):
        other = Client()
        sign_in(other, member)
        assert other.get(url).status_code == 404
    page = client.get(reverse("care:case", args=[proceeding.case_id])).content.decode()
    assert url in page


def test_a_file_named_pdf_that_is_really_html_is_refused(personas, proceeding):
    with pytest.raises(ValidationError) as err:
        legal.document_attach(
            actor=personas.caseworker,
            proceeding_id=proceeding.pk,
            filename="order.pdf",
            content=b"<html><script>alert(1)</script></html>",
        )
    assert "file" in err.value.message_dict
    assert not ProceedingDocument.objects.exists()


def test_an_upload_over_the_limit_is_refused_with_a_clear_message(
    client, personas, proceeding, settings, tmp_path
):
    settings.SATHI_MAX_UPLOAD_BYTES = 1000
    settings.MEDIA_ROOT = tmp_path
    sign_in(client, personas.caseworker)
    url = reverse("legal:document-add", args=[proceeding.case_id, proceeding.pk])
    big = SimpleUploadedFile("big.pdf", PDF + b"x" * 5000, content_type="application/pdf")
    response = client.post(url, {"file": big, "form_token": TOKEN_1})
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not ProceedingDocument.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # nothing written, not even a temp file


def test_upload_through_the_page(client, personas, proceeding):
    sign_in(client, personas.caseworker)
    url = reverse("legal:document-add", args=[proceeding.case_id, proceeding.pk])
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"file": upload, "form_token": TOKEN_2}).status_code == 302
    assert ProceedingDocument.objects.count() == 1


def _without_gps_camera_or_comment(served) -> None:
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert "attachment" in served["Content-Disposition"] and served["X-Content-Type-Options"] == "nosniff"
    back = Image.open(io.BytesIO(served.content))
    back.load()
    assert back.format == "JPEG" and back.size == (40, 20)
    assert not back.getexif() and not back.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "comment" not in back.info and "exif" not in back.info
    assert b"PhoneMaker" not in served.content and b"safe house" not in served.content


def test_a_jpeg_with_gps_uploaded_as_a_legal_document_comes_back_without_gps_camera_or_comment(
    client, personas, proceeding
):
    photo = samples.jpeg_with_gps()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it really has GPS
    assert b"PhoneMaker" in photo and b"safe house" in photo

    # Through the page.
    sign_in(client, personas.caseworker)
    url = reverse("legal:document-add", args=[proceeding.case_id, proceeding.pk])
    upload = SimpleUploadedFile("IMG_0042.jpg", photo, content_type="image/jpeg")
    assert client.post(url, {"file": upload, "form_token": TOKEN_3}).status_code == 302
    document = ProceedingDocument.objects.get()
    _without_gps_camera_or_comment(
        client.get(reverse("legal:document", args=[proceeding.case_id, document.pk]))
    )

    # Through the API, downloaded through the API.
    headers = {"Authorization": f"Bearer {api_token_issue(membership=personas.caseworker)}"}
    api = Client(headers=headers)
    upload = SimpleUploadedFile("IMG_0043.jpg", photo, content_type="image/jpeg")
    attached = api.post(f"/api/v1/proceedings/{proceeding.pk}/documents", {"file": upload})
    assert attached.status_code == 201, attached.content
    meta = attached.json()
    assert meta["content_type"] == "image/jpeg" and "IMG_0043" not in attached.content.decode()
    served = api.get(f"/api/v1/documents/{meta['id']}/file")
    _without_gps_camera_or_comment(served)
    assert "IMG_0043" not in served["Content-Disposition"] and "no-store" in served["Cache-Control"]
    assert hashlib.sha256(served.content).hexdigest() == meta["sha256"]  # the hash is of what is stored


def test_a_legal_document_is_refused_through_the_api_in_the_error_shape(personas, proceeding):
    headers = {"Authorization": f"Bearer {api_token_issue(membership=personas.caseworker)}"}
    whole = samples.jpeg_with_gps(size=(300, 200))
    truncated = SimpleUploadedFile("fir.jpg", whole[: len(whole) // 2], content_type="image/jpeg")
    scripted = samples.pdf(open_action=samples.javascript_action())
    for upload in (truncated, SimpleUploadedFile("fir.pdf", scripted, content_type="application/pdf")):
        refused = Client(headers=headers).post(
            f"/api/v1/proceedings/{proceeding.pk}/documents", {"file": upload}
        )
        assert refused.status_code == 400
        assert refused.json()["error"]["code"] == "invalid" and "file" in refused.json()["error"]["fields"]
    assert not ProceedingDocument.objects.exists()


def test_an_upload_whose_header_lies_about_its_size_is_refused_and_nothing_is_stored(
    client, personas, proceeding, settings, tmp_path
):
    """The request says it is shorter than what is sent: what arrives is a cut file, and it is refused."""
    settings.MEDIA_ROOT = tmp_path
    sign_in(client, personas.caseworker)
    headers = {"Authorization": f"Bearer {api_token_issue(membership=personas.caseworker)}"}
    photo = samples.jpeg_with_gps(size=(300, 200))
    page = reverse("legal:document-add", args=[proceeding.case_id, proceeding.pk])
    for sender, url, data in (
        (client, page, {"form_token": TOKEN_4}),
        (Client(headers=headers), f"/api/v1/proceedings/{proceeding.pk}/documents", {}),
    ):
        body = encode_multipart(BOUNDARY, {**data, "file": SimpleUploadedFile("a.jpg", photo)})
        for claimed in (len(body) - 200, len(body) // 2):
            response = sender.generic(
                "POST", url, body, content_type=MULTIPART_CONTENT, CONTENT_LENGTH=str(claimed)
            )
            assert response.status_code == 400, (url, claimed, response.status_code)
    assert not ProceedingDocument.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.audit.models import AuditEvent
from sathi.care import services as care
from sathi.legal import services as legal
from sathi.legal.models import ProceedingDocument
from sathi.people.tests.factories import register

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    + b"FIR copy of the police station, case 123/2026\n" * 20
)


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
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 5000, content_type="application/pdf")
    response = client.post(url, {"file": big, "form_token": "t1"})
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not ProceedingDocument.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # nothing written, not even a temp file


def test_upload_through_the_page(client, personas, proceeding):
    sign_in(client, personas.caseworker)
    url = reverse("legal:document-add", args=[proceeding.case_id, proceeding.pk])
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"file": upload, "form_token": "t2"}).status_code == 302
    assert ProceedingDocument.objects.count() == 1

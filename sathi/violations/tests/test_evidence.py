"""Evidence files: sealed at rest, stripped of metadata, checked by content, served only where permitted."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image, PngImagePlugin

from sathi.audit.models import AuditEvent
from sathi.lib.errors import Forbidden, NotFound
from sathi.lib.tests import samples
from sathi.violations import involvements, report, selectors, services
from sathi.violations.models import EvidenceFile
from sathi.violations.tests.conftest import days_ago, snapshot

PDF = samples.pdf("Copy of the FIR of the raid")


def jpeg_with_gps(size=(40, 20)) -> bytes:
    """A photo as a phone takes it: camera make, GPS position, an orientation and a comment."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # taken with the phone turned: show it rotated by 90 degrees
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (22.0, 34.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (88.0, 21.0, 36.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"Lane 4, room 2")
    return out.getvalue()


def attach(actor, incident, content, filename="photo.jpg", kind="photo"):
    return services.evidence_attach(
        actor=actor, incident_id=incident.pk, kind=kind, filename=filename, content=content
    )


def test_an_uploaded_jpeg_with_gps_metadata_comes_back_without_it(worker, raid):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it really has GPS
    evidence = attach(worker, raid, original, filename="IMG_2041.jpg")
    _evidence, name, content = selectors.evidence_open(actor=worker, evidence_id=evidence.pk)
    back = Image.open(io.BytesIO(content))
    assert back.format == "JPEG" and name == "IMG_2041.jpg"
    assert not back.getexif() and not back.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "exif" not in back.info and "comment" not in back.info
    assert b"PhoneMaker" not in content and b"Lane 4" not in content
    assert back.size == (20, 40)  # the orientation is kept, applied to the pixels
    assert evidence.metadata_stripped and evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.size == len(content)


def test_a_png_loses_its_text_chunks_and_exif(worker, raid):
    image = Image.new("RGBA", (16, 16), (0, 128, 0, 200))
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "22.57N 88.36E")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=exif)
    evidence = attach(worker, raid, out.getvalue(), filename="screen.png")
    _evidence, _name, content = selectors.evidence_open(actor=worker, evidence_id=evidence.pk)
    back = Image.open(io.BytesIO(content))
    assert back.mode == "RGBA" and back.getpixel((3, 3)) == (0, 128, 0, 200)
    assert b"Location" not in content and b"PhoneMaker" not in content and not back.getexif()


def test_the_file_is_sealed_at_rest_under_a_name_that_says_nothing(worker, raid):
    evidence = attach(worker, raid, PDF, filename="FIR-raid-Rupa.pdf", kind="fir_copy")
    stored = (Path(settings.MEDIA_ROOT) / evidence.stored_as).read_bytes()
    assert b"%PDF" not in stored and b"FIR" not in stored and b"Rupa" not in stored
    assert "Rupa" not in evidence.stored_as and b"Rupa" not in bytes(evidence.name_sealed)
    _evidence, _name, content = selectors.evidence_open(actor=worker, evidence_id=evidence.pk)
    assert content == PDF and not evidence.metadata_stripped
    assert AuditEvent.objects.filter(action="evidence.viewed", target_id=str(evidence.pk)).count() == 1


def test_a_file_named_jpg_that_is_really_an_html_page_is_refused(worker, raid):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        attach(worker, raid, b"<html><body><script>alert(1)</script></body></html>", filename="photo.jpg")
    assert "file" in err.value.message_dict
    assert "Only PDF, JPEG and PNG" in err.value.message_dict["file"][0]
    assert snapshot() == before


def test_a_corrupt_image_is_refused_and_nothing_is_written(worker, raid):
    before = snapshot()
    whole = jpeg_with_gps(size=(300, 200))
    for broken in (
        whole[: len(whole) // 2],
        b"\xff\xd8\xff\xe0" + b"\x00" * 200,
        b"\x89PNG\r\n\x1a\n" + b"x" * 64,
    ):
        with pytest.raises(ValidationError) as err:
            attach(worker, raid, broken)
        assert "file" in err.value.message_dict
        assert "damaged or incomplete" in err.value.message_dict["file"][0]
    assert snapshot() == before


def test_an_upload_over_the_size_limit_is_refused_and_nothing_is_written(worker, raid, settings):
    settings.SATHI_MAX_UPLOAD_BYTES = 1024 * 1024
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        attach(worker, raid, PDF + b"x" * (1024 * 1024), filename="big.pdf", kind="medical_report")
    assert "too large: at most 1 MB" in err.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as err:
        attach(worker, raid, b"", filename="empty.pdf")
    assert "file" in err.value.message_dict
    assert snapshot() == before


def test_a_role_without_the_violence_class_gets_not_found_on_the_file(personas, worker, raid):
    evidence = attach(worker, raid, jpeg_with_gps())
    for member in (
        personas.peer_worker,
        personas.outsider,
        personas.analyst,
        personas.org_admin,
        personas.auditor,
    ):
        with pytest.raises(NotFound):
            selectors.evidence_open(actor=member, evidence_id=evidence.pk)
    with pytest.raises(NotFound):
        selectors.evidence_open(actor=worker, evidence_id="../../etc/passwd")
    with pytest.raises(Forbidden):
        attach(personas.peer_worker, raid, jpeg_with_gps())
    with pytest.raises(NotFound):
        attach(personas.outsider, raid, jpeg_with_gps())
    for member in (personas.counsellor, personas.legal_advocate, personas.board_member, personas.supervisor):
        assert selectors.evidence_open(actor=member, evidence_id=evidence.pk)[0] == evidence


def test_evidence_of_a_restricted_incident_is_hidden_from_other_workers(personas, worker, places):
    incident = services.incident_record(
        actor=worker,
        incident_type="violence_client",
        start_date=days_ago(3),
        place_id=places.site.pk,
        verification="confirmed",
        confidentiality="restricted",
    )
    evidence = attach(worker, incident, PDF, filename="report.pdf", kind="medical_report")
    with pytest.raises(NotFound):
        selectors.evidence_open(actor=personas.counsellor, evidence_id=evidence.pk)
    assert selectors.evidence_open(actor=personas.supervisor, evidence_id=evidence.pk)[2] == PDF


def test_evidence_is_never_in_exports(worker, raid):
    evidence = attach(worker, raid, PDF, filename="FIR-raid-Rupa.pdf", kind="fir_copy")
    involvements.affected_add(actor=worker, incident_id=raid.pk, acts=["picked_up"], account="My own words")
    for fmt in ("csv", "xlsx"):
        content = report.raid_report_export(actor=worker, start=days_ago(365), end=days_ago(0), fmt=fmt)
        if fmt == "xlsx":  # a zip: read what is inside
            with zipfile.ZipFile(io.BytesIO(content)) as book:
                content = b"".join(book.read(name) for name in book.namelist())
        assert b"Persons picked up" in content
        for secret in (
            b"Rupa",
            b"FIR-raid",
            evidence.sha256.encode(),
            str(evidence.pk).encode(),
            b"My own words",
        ):
            assert secret not in content
    assert EvidenceFile.objects.count() == 1

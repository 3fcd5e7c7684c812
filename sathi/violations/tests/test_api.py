"""The violations API: the same services and policy, through /api/v1/."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image

from sathi.accounts.services import api_token_issue
from sathi.audit.models import AuditEvent
from sathi.people.tests.factories import register
from sathi.violations.tests.conftest import days_ago
from sathi.violations.tests.test_evidence import jpeg_with_gps
from sathi.violations.tests.test_report import make_raids


@pytest.fixture
def call(personas):
    tokens = {}

    def _call(method, path, body=None, *, as_=None, **kwargs):
        member = as_ or personas.caseworker
        if member.pk not in tokens:
            tokens[member.pk] = api_token_issue(membership=member)
        headers = {"Authorization": f"Bearer {tokens[member.pk]}"}
        if "multipart" in kwargs:
            return Client().post("/api/v1" + path, kwargs["multipart"], headers=headers)
        extra = {"data": json.dumps(body)} if body is not None else {}
        return Client().generic(
            method, "/api/v1" + path, content_type="application/json", headers=headers, **extra
        )

    return _call


def record_raid(call, places) -> dict:
    created = call(
        "POST",
        "/incidents",
        {
            "incident_type": "raid",
            "start_date": days_ago(5).isoformat(),
            "place_id": places.site.pk,
            "verification": "confirmed",
            "description": "They came at night.",
        },
    )
    assert created.status_code == 201, created.content
    return created.json()


def test_an_incident_and_its_raid_are_recorded_and_read_back(call, places):
    incident = record_raid(call, places)
    raid = call(
        "PUT",
        f"/incidents/{incident['id']}/raid",
        {"legal_basis": "itpa", "itpa_sections": ["8"], "picked_up_known": 4, "minors_per_police": 1},
    )
    assert raid.status_code == 200, raid.content
    assert raid.json()["version"] == 1 and raid.json()["picked_up_known"] == 4
    seen = call("GET", f"/incidents/{incident['id']}").json()
    assert seen["description"] == "They came at night." and seen["raid"]["legal_basis"] == "itpa"
    assert seen["district"] == places.district.name and seen["version"] == incident["version"] + 1
    assert [row["id"] for row in call("GET", "/incidents").json()] == [incident["id"]]


def test_a_stale_patch_is_refused_with_409_and_changes_nothing(call, places):
    incident = record_raid(call, places)
    first = call(
        "PATCH", f"/incidents/{incident['id']}", {"version": incident["version"], "verification": "likely"}
    )
    assert first.status_code == 200 and first.json()["version"] == incident["version"] + 1
    stale = call(
        "PATCH", f"/incidents/{incident['id']}", {"version": incident["version"], "verification": "unlikely"}
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert call("GET", f"/incidents/{incident['id']}").json()["verification"] == "likely"


def test_a_jpeg_with_gps_is_stored_and_served_without_it(call, places, personas):
    incident = record_raid(call, places)
    upload = SimpleUploadedFile("IMG_2041.jpg", jpeg_with_gps(), content_type="image/jpeg")
    attached = call(
        "POST", f"/incidents/{incident['id']}/evidence", multipart={"kind": "photo", "file": upload}
    )
    assert attached.status_code == 201, attached.content
    meta = attached.json()
    assert meta["content_type"] == "image/jpeg" and meta["metadata_stripped"] is True
    assert "GPS" not in json.dumps(meta) and "IMG_2041" not in json.dumps(meta)
    assert call("GET", f"/evidence/{meta['id']}").json() == meta

    served = call("GET", f"/evidence/{meta['id']}/file")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert (
        served["Content-Disposition"].startswith("attachment;")
        and "IMG_2041" not in served["Content-Disposition"]
    )
    back = Image.open(io.BytesIO(served.content))
    assert not back.getexif().get_ifd(ExifTags.IFD.GPSInfo) and b"PhoneMaker" not in served.content
    assert AuditEvent.objects.filter(action="evidence.viewed").count() == 1

    for member in (personas.peer_worker, personas.analyst, personas.outsider):
        assert call("GET", f"/evidence/{meta['id']}/file", as_=member).status_code == 404
        assert call("GET", f"/evidence/{meta['id']}", as_=member).status_code == 404
        assert call("GET", f"/incidents/{incident['id']}", as_=member).status_code == 404


def test_her_account_is_null_for_a_reader_who_may_not_open_her(call, places, personas):
    incident = record_raid(call, places)
    person = register(personas.caseworker, names=["Api Raided"], phone="+91 91234 00002", stated_age=30)
    added = call(
        "POST",
        f"/incidents/{incident['id']}/affected",
        {"person_id": str(person.pk), "acts": ["picked_up"], "account": "My words"},
    )
    assert added.status_code == 201, added.content
    mine = call("GET", f"/incidents/{incident['id']}").json()["affected"][0]
    assert mine["account"] == "My words" and mine["person_code"]
    theirs = call("GET", f"/incidents/{incident['id']}", as_=personas.counsellor).json()["affected"][0]
    assert theirs["account"] is None and theirs["person_code"] is None and theirs["acts"] == ["picked_up"]


def test_the_report_gives_null_for_suppressed_values(call, places, personas):
    make_raids(personas.caseworker, places.district, n=3, picked_up=20, police=(2, 2, 2))
    query = f"start={days_ago(90).isoformat()}&end={days_ago(0).isoformat()}&district_id={places.district.pk}"
    result = call("GET", f"/reports/raids?{query}", as_=personas.analyst)
    assert result.status_code == 200, result.content
    body = result.json()
    assert body["raids"] is None and body["persons_per_raid"] is None and body["picked_up"] == 60
    assert set(body["legal_basis"]["counts"].values()) == {None} and body["legal_basis"]["total"] is None
    assert body["police_record"]["counts"] == {"minors": 6, "adults": 54, "not_known": 0}

    exported = call("GET", f"/reports/raids.csv?{query}", as_=personas.analyst)
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    assert f"report-{days_ago(90).isoformat()}" in exported["Content-Disposition"]
    assert AuditEvent.objects.filter(action="raid_report.exported").count() == 1
    assert call("GET", f"/incidents?{query}", as_=personas.analyst).status_code == 403  # no rows

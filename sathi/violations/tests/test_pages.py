"""The incident pages: what each role sees, one record per form sent, and the report's hidden cells."""

from django.urls import reverse

from sathi.lib.tests import samples
from sathi.violations import services
from sathi.violations.models import Source
from sathi.violations.tests.conftest import days_ago


def _evidence(worker, raid):
    return services.evidence_attach(
        actor=worker, incident_id=raid.pk, kind="fir_copy", filename="fir.pdf", content=samples.pdf()
    )


def test_list_and_detail_render_for_the_caseworker(client, signed_in, worker, raid, places):
    evidence = _evidence(worker, raid)
    signed_in(worker)
    listing = client.get(reverse("violations:incidents"))
    assert listing.status_code == 200
    assert reverse("violations:incident", args=[raid.pk]) in listing.content.decode()
    detail = client.get(reverse("violations:incident", args=[raid.pk]))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert places.district.name in page
    assert "Police came at night" in page
    assert reverse("violations:evidence-file", args=[evidence.pk]) in page
    download = client.get(reverse("violations:evidence-file", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "fir" not in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]


def test_peer_worker_gets_404_and_no_evidence_link(client, signed_in, personas, worker, raid):
    """Another worker's incident does not exist for a peer worker; her own list (issue 14) opens."""
    evidence = _evidence(worker, raid)
    signed_in(personas.peer_worker)
    detail = client.get(reverse("violations:incident", args=[raid.pk]))
    assert detail.status_code == 404
    assert reverse("violations:evidence-file", args=[evidence.pk]) not in detail.content.decode()
    assert client.get(reverse("violations:evidence-file", args=[evidence.pk])).status_code == 404
    listed = client.get(reverse("violations:incidents"))
    assert listed.status_code == 200 and str(raid.pk) not in listed.content.decode()


def test_a_form_sent_twice_records_once(client, signed_in, worker, raid):
    signed_in(worker)
    url = reverse("violations:source-add", args=[raid.pk])
    token = client.get(url).context["form_token"]
    data = {"kind": "witness", "reliability": "reliable", "note": "", "form_token": token}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302 and second.status_code == 302
    assert Source.objects.filter(incident=raid).count() == 1


def test_report_shows_suppressed_for_small_cells(client, signed_in, worker, raid):
    services.raid_details_save(
        actor=worker, incident_id=raid.pk, legal_basis="none_stated", picked_up_known=2
    )
    signed_in(worker)
    start, end = days_ago(60).isoformat(), days_ago(0).isoformat()
    response = client.get(reverse("violations:report"), {"start": start, "end": end})
    assert response.status_code == 200
    page = response.content.decode()
    assert "suppressed" in page
    assert "<svg" in page
    assert f"export.csv?start={start}" in page
    export = client.get(reverse("violations:report-export", args=["csv"]), {"start": start, "end": end})
    assert export.status_code == 200
    assert export["Content-Disposition"] == f'attachment; filename="report-{start}-{end}.csv"'


def test_every_form_records_through_its_service(client, signed_in, worker, raid, places):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sathi.violations.models import (
        AffectedPerson,
        EvidenceFile,
        Incident,
        Outcome,
        Perpetrator,
        RaidDetails,
        Response,
    )

    signed_in(worker)

    def send(url, data):
        token = client.get(url).context["form_token"]
        response = client.post(url, {**data, "form_token": token})
        assert response.status_code == 302, response.context["form"].errors
        return response

    new = send(
        reverse("violations:incident-new"),
        {
            "incident_type": "eviction",
            "start_date": days_ago(3).isoformat(),
            "start_precision": "day",
            "place": places.area.pk,
            "verification": "likely",
            "confidentiality": "internal",
        },
    )
    assert Incident.objects.count() == 2 and new["Location"].startswith("/incidents/")
    send(
        reverse("violations:raid", args=[raid.pk]),
        {"legal_basis": "none_stated", "picked_up_known": 3, "force_used": "not_known"},
    )
    raid_url = reverse("violations:raid", args=[raid.pk])
    assert client.get(raid_url).context["form"].initial["version"] == 1
    send(
        raid_url,
        {"legal_basis": "none_stated", "picked_up_known": 4, "force_used": "not_known", "version": 1},
    )
    assert RaidDetails.objects.get(pk=raid.pk).picked_up_known == 4
    # A form read before that change is refused, not written over it.
    token = client.get(raid_url).context["form_token"]
    stale = {"legal_basis": "none_stated", "picked_up_known": 9, "force_used": "not_known", "version": 1}
    assert client.post(raid_url, {**stale, "form_token": token}).status_code == 400
    assert RaidDetails.objects.get(pk=raid.pk).picked_up_known == 4
    send(
        reverse("violations:affected-add", args=[raid.pk]),
        {
            "gender": "woman",
            "age_band": "unknown",
            "acts": ["picked_up"],
            "own_decision": "yes",
            "undertaking": "not_known",
        },
    )
    affected = AffectedPerson.objects.get(incident=raid)
    send(
        reverse("violations:outcome-add", args=[affected.pk]),
        {"kind": "released", "on": days_ago(29).isoformat()},
    )
    assert Outcome.objects.filter(affected=affected).count() == 1
    send(
        reverse("violations:perpetrator-add", args=[raid.pk]),
        {"perpetrator_type": "police", "degree": "not_known", "number": 2, "station": "Thana 3"},
    )
    assert Perpetrator.objects.filter(incident=raid).count() == 1
    send(
        reverse("violations:response-add", args=[raid.pk]),
        {"action": "legal_aid", "reported_at": f"{days_ago(29).isoformat()}T10:00", "outcome": "pending"},
    )
    assert Response.objects.filter(incident=raid).count() == 1
    url = reverse("violations:evidence-attach", args=[raid.pk])
    token = client.get(url).context["form_token"]
    upload = SimpleUploadedFile("fir.pdf", samples.pdf(), content_type="application/pdf")
    assert client.post(url, {"kind": "fir_copy", "file": upload, "form_token": token}).status_code == 302
    assert EvidenceFile.objects.filter(incident=raid).count() == 1
    assert client.get(reverse("violations:incident", args=[raid.pk])).status_code == 200

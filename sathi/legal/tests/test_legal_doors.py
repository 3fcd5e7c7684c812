"""The first rule of issue 9, at every door: legal steps are for the roles that read the legal class."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from sathi.accounts.services import api_token_issue
from sathi.care import selectors as care_selectors
from sathi.legal import services as legal
from sathi.legal.models import Proceeding
from sathi.people.policy import FieldClass
from sathi.tests.class_canary import CANARY, canary_record

LEGAL_KINDS = {"hearing", "production_deadline"}


def _doors(actor, record):
    """What each door shows the actor about the case's legal path."""
    client = Client()
    sign_in(client, actor)
    case, proceeding = record.case, record.proceeding
    api = Client(headers={"Authorization": f"Bearer {api_token_issue(membership=actor)}"})
    case_page = client.get(reverse("care:case", args=[case.pk])).content.decode()
    mine_page = client.get(reverse("care:mine")).content.decode()
    return {
        "case page": "Legal path" in case_page or CANARY[FieldClass.LEGAL] in case_page,
        "step link": reverse("legal:proceeding-update", args=[case.pk, proceeding.pk]) in case_page,
        "due list page": "First Information Report" in mine_page,
        "proceeding form": client.get(reverse("legal:proceeding-add", args=[case.pk])).status_code == 200,
        "proceeding page": client.get(
            reverse("legal:proceeding-update", args=[case.pk, proceeding.pk])
        ).status_code
        == 200,
        "due list": bool(LEGAL_KINDS & {i.kind for i in care_selectors.due_this_week(actor)}),
        "case due": bool(
            LEGAL_KINDS & {i.kind for i in care_selectors.case_view(actor=actor, case_id=case.pk).due}
        ),
        "due API": bool(LEGAL_KINDS & {i["kind"] for i in api.get("/api/v1/due").json()}),
        "case API": CANARY[FieldClass.LEGAL] in api.get(f"/api/v1/cases/{case.pk}").content.decode(),
    }


def test_a_counsellor_without_the_legal_class_sees_no_legal_step_hearing_or_deadline(personas):
    record = canary_record(personas)
    legal.proceeding_add(
        actor=personas.legal_advocate,
        case_id=record.case.pk,
        kind="production",
        rescue_at=timezone.now() - timedelta(hours=3),
    )
    seen = _doors(personas.counsellor, record)
    assert seen == dict.fromkeys(seen, False)
    # A step cannot be added through the page either: nothing is written.
    client = Client()
    sign_in(client, personas.counsellor)
    before = Proceeding.objects.count()
    response = client.post(reverse("legal:proceeding-add", args=[record.case.pk]), {"kind": "fir"})
    assert response.status_code == 404
    assert Proceeding.objects.count() == before


def test_a_legal_advocate_on_the_team_sees_every_legal_step(personas):
    record = canary_record(personas)
    seen = _doors(personas.legal_advocate, record)
    assert seen == {**dict.fromkeys(seen, True), "case API": False}  # the case answer holds no legal step

"""An ask linked to a case: the person appears with the case only (issue 11, item 6).

Tested from the data: the person's name, code, and the words of the ask and of the office's reason are
canaries, and every prevention reader (page, print, picture, API) is read by every role that opens it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from sathi.accounts import once
from sathi.accounts.services import api_token_issue
from sathi.api.tests.matrix_operations import OPERATIONS
from sathi.api.tests.matrix_pages import PAGES
from sathi.care import services as care
from sathi.core.readers import READERS, Door
from sathi.lib.errors import NotFound
from sathi.people import services as people
from sathi.prevention import assessments, cases, dialogues, selectors, services
from sathi.prevention.models import Answer, CaseAsk
from sathi.prevention.vocab import AskState

TODAY = timezone.localdate()
NAME, ABOUT, REASON = "Qzcasenamewyk", "Qzcaseaboutwyk", "Qzcasereasonwyk"
READ_DOORS = {Door.PAGE, Door.API, Door.PRINT, Door.PICTURE}


@pytest.fixture
def world(personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    place, ids = None, {}
    for kind, name in (
        ("state", "West Bengal"),
        ("district", "South 24 Parganas"),
        ("block", "Canning I"),
        ("gram_panchayat", "Dighirpar"),
        ("village", "Ghutiari"),
    ):
        place = services.shared_place_add(
            actor=admin, kind=kind, name=name, parent_id=place.pk if place else None
        )
        ids[kind] = place.pk
    station = services.stakeholder_add(
        actor=researcher, kind="police_station", name="Canning PS", jurisdiction_id=ids["block"]
    )
    session = services.session_record(
        actor=researcher,
        place_id=place.pk,
        held_on=TODAY,
        source="focus_group",
        cohort="survivors",
        respondents=8,
    )
    worker = personas.caseworker
    person = people.person_register(
        actor=worker, names=[NAME], stated=people.StatedAge(age_years=19), confirm_duplicates=True
    )
    case = care.case_open(actor=worker, person_id=person.pk, origin="self_referral")
    ask = cases.case_ask_make(
        actor=worker,
        case=case,
        stakeholder_id=station.pk,
        kind="register_fir",
        channel="letter",
        asked_on=TODAY - timedelta(days=20),
        due_on=TODAY - timedelta(days=5),
        about=ABOUT,
    )
    cases.case_ask_answer(
        actor=worker, case=case, ask_id=ask.pk, answered_on=TODAY, outcome="refused", reason=REASON
    )
    dialogue = dialogues.dialogue_record(
        actor=researcher,
        place_id=ids["village"],
        held_on=TODAY,
        participants=[{"cohort": "community", "gender": "woman", "age_group": "18_29", "count": 9}],
        commitments=[{"stakeholder_id": station.pk, "kind": "register_fir", "due_on": TODAY}],
    )
    found = assessments.assessment_create(actor=researcher, name="Resilience", indicators=["Knows Childline"])
    baseline = assessments.round_record(
        actor=researcher, assessment_id=found.pk, kind="baseline", held_on=TODAY, place_ids=[ids["village"]]
    )
    values = {
        "dialogue": dialogue.pk,
        "assessment": found.pk,
        "round": baseline.pk,
        "village": ids["village"],
        "research_session": session.pk,
        "stakeholder": station.pk,
        "ask": ask.pk,
        "case": case.pk,
    }
    return personas, person, case, ask, values


def _prevention_readers():
    for name, reader in sorted(READERS.items()):
        if reader.door in READ_DOORS and reader.kind in ("", "prevention", "prevention_numbers"):
            row = OPERATIONS.get(name.removeprefix("api:")) if name.startswith("api:") else PAGES.get(name)
            if name.startswith(("prevention:", "api:")) and row and row[0] == "GET":
                yield name, row[1]


@pytest.mark.django_db
def test_a_person_linked_to_an_ask_never_appears_in_the_accountability_report_or_on_the_offices_page(world):
    personas, person, _case, ask, values = world
    canaries = [NAME.lower(), ABOUT.lower(), REASON.lower(), person.code.lower(), person.display_code.lower()]
    readers = list(_prevention_readers())
    assert {"prevention:report", "prevention:stakeholder", "prevention:place", "api:asks_get"} <= {
        n for n, _ in readers
    }
    walked, leaks = 0, []
    for role in ("supervisor", "community_researcher", "analyst", "org_admin"):
        actor = personas.by_role[role]
        client, token = Client(), api_token_issue(membership=actor)
        sign_in(client, actor)
        for name, path in readers:
            url = path.format(**values)
            if name.startswith("api:"):
                response = client.get(url, headers={"Authorization": f"Bearer {token}"})
            else:
                response = client.get(url)
            walked += response.status_code == 200
            body = response.content.decode().lower()
            leaks += [f"{role} {name}: {c}" for c in canaries if c in body]
    assert leaks == []
    assert walked > 40  # the readers answered with their data, not refusals
    # The ask itself is in the ledger and in the office's numbers, as an ask to the office.
    view = next(
        v for v in selectors.asks(personas.supervisor, stakeholder_id=values["stakeholder"]) if v.ask == ask
    )
    assert view.state == AskState.REFUSED
    (numbers,) = selectors.office_numbers(personas.supervisor)
    assert (numbers.made, numbers.refused) == (2, 1)  # and the dialogue's commitment


@pytest.mark.django_db
def test_the_case_shows_its_asks_with_the_words_under_the_legal_class(world):
    personas, _person, case, ask, _values = world
    (row,) = cases.case_asks(actor=personas.caseworker, case=case)
    assert row.view.ask == ask and row.about == ABOUT
    assert [s.what for s in row.view.history] == ["asked", "silence", "refused"]
    assert row.view.history[-1].answer.case_reason == REASON
    # The supervisor sees the case and reads the legal class; the counsellor on no case sees nothing.
    assert cases.case_asks(actor=personas.supervisor, case=case)[0].about == ABOUT
    with pytest.raises(NotFound):
        cases.case_asks(actor=personas.counsellor, case=case)
    # Nothing about her in the ledger's own columns: the reason is under her key, not the organisation's.
    answer = Answer.objects.get(ask=ask)
    assert answer.reason_sealed is None and REASON.encode() not in bytes(answer.case_reason_sealed)
    assert ABOUT.encode() not in bytes(CaseAsk.objects.get(ask=ask).about_sealed)


@pytest.mark.django_db
def test_a_role_that_does_not_write_the_legal_class_cannot_write_what_a_case_ask_is_about(world):
    personas, _person, case, _ask, values = world
    care.case_member_add(
        actor=personas.caseworker,
        case_id=case.pk,
        user_id=personas.counsellor.user_id,
        team_role="counsellor",
    )
    before = CaseAsk.objects.count()
    with pytest.raises(ValidationError) as caught:
        cases.case_ask_make(
            actor=personas.counsellor,
            case=case,
            stakeholder_id=values["stakeholder"],
            kind="release_compensation",
            channel="letter",
            asked_on=TODAY,
            due_on=TODAY + timedelta(days=30),
            about="words",
        )
    assert "about" in caught.value.message_dict
    assert CaseAsk.objects.count() == before


@pytest.mark.django_db
def test_a_case_ask_page_lists_the_asks_for_the_case_team(world, client):
    personas, _person, case, _ask, _values = world
    sign_in(client, personas.caseworker)
    response = client.get(f"/prevention/cases/{case.pk}/asks/")
    assert response.status_code == 200
    assert ABOUT in response.content.decode() and REASON in response.content.decode()
    sign_in(client, personas.peer_worker)
    assert client.get(f"/prevention/cases/{case.pk}/asks/").status_code == 404


@pytest.mark.django_db
def test_an_ask_already_in_the_ledger_is_linked_to_a_case_on_its_page(world, client):
    personas, _person, case, _ask, values = world
    researcher = personas.by_role["community_researcher"]
    ledger_ask = services.ask_make(
        actor=researcher,
        stakeholder_id=values["stakeholder"],
        kind="release_compensation",
        channel="letter",
        asked_on=TODAY - timedelta(days=3),
        due_on=TODAY + timedelta(days=27),
    )
    sign_in(client, personas.caseworker)
    page = client.get(f"/prevention/cases/{case.pk}/asks/link/")
    assert page.status_code == 200
    offered = f'value="{ledger_ask.pk}"'
    assert offered in page.content.decode()
    response = client.post(
        f"/prevention/cases/{case.pk}/asks/link/",
        {"ask": ledger_ask.pk, "about": ABOUT, "form_token": once.new_token()},
    )
    assert response.status_code == 302
    link = CaseAsk.objects.get(ask=ledger_ask)
    assert link.case == case and ABOUT.encode() not in bytes(link.about_sealed)
    # Linked once: it is no longer offered, and linking it again is refused with a message.
    assert offered not in client.get(f"/prevention/cases/{case.pk}/asks/link/").content.decode()
    with pytest.raises(ValidationError) as caught:
        cases.case_ask_link(actor=personas.caseworker, case=case, ask_id=ledger_ask.pk)
    assert "ask" in caught.value.message_dict
    assert CaseAsk.objects.filter(ask=ledger_ask).count() == 1


def _api(actor):
    return Client(headers={"Authorization": f"Bearer {api_token_issue(membership=actor)}"})


@pytest.mark.django_db
def test_an_ask_in_the_ledger_is_linked_to_a_case_through_the_api_by_the_service_of_its_page(world):
    personas, _person, case, case_ask, values = world
    researcher = personas.by_role["community_researcher"]
    ledger_ask, changed = (
        services.ask_make(
            actor=researcher,
            stakeholder_id=values["stakeholder"],
            kind=kind,
            channel="letter",
            asked_on=TODAY - timedelta(days=3),
            due_on=TODAY + timedelta(days=27),
        )
        for kind in ("release_compensation", "issue_documents")
    )
    worker = _api(personas.caseworker)
    base = f"/api/v1/prevention/cases/{case.pk}/asks"
    offered = {row["id"]: row for row in worker.get(f"{base}/linkable").json()}
    assert {ledger_ask.pk, changed.pk} <= set(offered) and case_ask.pk not in offered  # linked already
    assert offered[ledger_ask.pk]["stakeholder_name"] == "Canning PS"
    # Changed since it was read (an answer came): refused as a conflict, nothing linked.
    services.answer_record(actor=researcher, ask_id=changed.pk, answered_on=TODAY, outcome="partly")
    stale = worker.post(
        f"{base}/links", {"ask_id": changed.pk, "version": offered[changed.pk]["version"]}, "application/json"
    )
    assert (stale.status_code, stale.json()["error"]["code"]) == (409, "conflict")
    assert not CaseAsk.objects.filter(ask=changed).exists()
    body = {"ask_id": ledger_ask.pk, "version": offered[ledger_ask.pk]["version"], "about": ABOUT}
    linked = worker.post(f"{base}/links", body, "application/json")
    assert linked.status_code == 201
    assert (linked.json()["id"], linked.json()["about"], linked.json()["kind"]) == (
        ledger_ask.pk,
        ABOUT,
        "release_compensation",
    )
    assert CaseAsk.objects.get(ask=ledger_ask).case == case
    again = worker.post(f"{base}/links", body, "application/json")
    assert again.status_code == 400 and "ask" in again.json()["error"]["fields"]
    not_an_ask = worker.post(f"{base}/links", {"ask_id": 10**9, "version": 1}, "application/json")
    assert not_an_ask.status_code == 400 and "ask" in not_an_ask.json()["error"]["fields"]
    # Refused by role (403) before any case is looked up; a case she does not see does not exist (404).
    assert _api(researcher).post(f"{base}/links", body, "application/json").status_code == 403
    assert _api(personas.peer_worker).post(f"{base}/links", body, "application/json").status_code == 404
    assert CaseAsk.objects.filter(ask=ledger_ask).count() == 1
    # What it is about is with the case only: not in the ledger's reads of the ask, nor in the report.
    for actor in (researcher, personas.supervisor):
        assert ABOUT not in _api(actor).get(f"/api/v1/prevention/asks/{ledger_ask.pk}").content.decode()
        client = Client()
        sign_in(client, actor)
        for url in ("/prevention/report/?print=1", f"/prevention/report/?place={values['village']}&print=1"):
            assert ABOUT not in client.get(url).content.decode()
    assert case_ask.pk in {row["id"] for row in worker.get(base).json()}


def test_the_api_declares_every_answer_of_linking_an_ask_to_a_case():
    from sathi.api.api import api

    paths = api.get_openapi_schema()["paths"]
    link = paths["/api/v1/prevention/cases/{case_id}/asks/links"]["post"]
    assert {"201", "400", "403", "404", "409"} <= {str(status) for status in link["responses"]}
    linkable = paths["/api/v1/prevention/cases/{case_id}/asks/linkable"]["get"]
    assert {"200", "400", "403", "404"} <= {str(status) for status in linkable["responses"]}

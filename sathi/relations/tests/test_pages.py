from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.accounts import once
from sathi.audit.models import AuditEvent
from sathi.people import grants
from sathi.people.tests.factories import register
from sathi.relations import services

# Form tokens as the pages issue them (a token carries its time; see sathi/accounts/once.py).
TOKEN_1 = once.new_token()
TOKEN_2 = once.new_token()


def test_map_and_timeline_render_with_a_text_equivalent_and_are_audited(personas):
    worker = personas.caseworker
    person = register(worker, names=["Map Person"], phone="", stated_age=27)
    services.relation_add(
        actor=worker,
        person_id=person.pk,
        domain="sex_work",
        kind="customer",
        name="A kind customer",
        entry_role="helped_escape",
    )
    services.life_event_add(actor=worker, person_id=person.pk, kind="migration", year=2015)
    client = Client()
    sign_in(client, worker)
    page = client.get(reverse("relations:person", args=[person.pk])).content.decode()
    assert (
        "<svg" in page
        and 'class="ecomap picture-narrow"' in page
        and 'class="timeline picture-narrow"' in page
    )
    assert "A kind customer" in page and "2015" in page
    assert AuditEvent.objects.filter(action="relations.viewed").count() == 1


def test_someone_without_the_violence_class_sees_neither_map_nor_timeline(personas):
    worker = personas.caseworker
    person = register(worker, names=["No Map"], phone="", stated_age=27)
    services.relation_add(actor=worker, person_id=person.pk, domain="natal", kind="mother", name="Her mother")
    grants.assignment_add(
        actor=personas.supervisor, person_id=person.pk, user_id=personas.peer_worker.user_id
    )
    client = Client()
    sign_in(client, personas.peer_worker)
    assert client.get(reverse("relations:person", args=[person.pk])).status_code == 404
    detail = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("relations:person", args=[person.pk]) not in detail and "Her mother" not in detail


def test_return_home_through_the_page_needs_a_plan_for_each_flag(personas):
    worker = personas.caseworker
    person = register(worker, names=["Plan Person"], phone="", stated_age=27)
    mother = services.relation_add(actor=worker, person_id=person.pk, domain="natal", kind="mother", name="M")
    services.quality_add(actor=worker, relation_id=mother.pk, quality="violence_physical")
    check = services.safety_check_record(
        actor=worker,
        person_id=person.pk,
        household="natal",
        attitude="accepting",
        stigma="low",
        her_wish="return",
    )
    client = Client()
    sign_in(client, worker)
    url = reverse("relations:check", args=[person.pk, check.pk])
    response = client.post(url, {"choice": "return_home", "form_token": TOKEN_1})
    assert response.status_code == 400 and "Violence in the household" in response.content.decode()
    response = client.post(
        url,
        {
            "choice": "return_home",
            "plan_violence": "Counselling with her mother first.",
            "form_token": TOKEN_2,
        },
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.choice == "return_home"


def test_the_api_returns_nothing_of_the_map_without_the_violence_class(personas):
    import json

    from sathi.accounts.services import api_token_issue

    worker = personas.caseworker
    person = register(worker, names=["Api Map"], phone="", stated_age=27)
    services.relation_add(actor=worker, person_id=person.pk, domain="natal", kind="mother", name="Her mother")
    grants.assignment_add(
        actor=personas.supervisor, person_id=person.pk, user_id=personas.peer_worker.user_id
    )
    for member, status in ((worker, 200), (personas.peer_worker, 404)):
        token = api_token_issue(membership=member)
        response = Client().get(
            f"/api/v1/people/{person.pk}/relations", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == status
        assert ("Her mother" in json.dumps(response.json())) == (status == 200)


def test_the_safety_check_feeds_the_case_placement_section(personas):
    from sathi.care import services as care

    worker = personas.caseworker
    person = register(worker, names=["Feeds Case"], phone="", stated_age=25)
    case = care.case_open(actor=worker, person_id=person.pk, origin="rescue_or_raid")
    services.relation_add(
        actor=worker, person_id=person.pk, domain="natal", kind="father", name="F", entry_role="sold_her"
    )
    services.safety_check_record(
        actor=worker,
        person_id=person.pk,
        household="natal",
        attitude="accepting",
        stigma="low",
        her_wish="return",
    )
    client = Client()
    sign_in(client, worker)
    page = client.get(reverse("care:case", args=[case.pk])).content.decode()
    assert "A member of the household took part in the trafficking" in page
    assert "Alternative resettlement" in page

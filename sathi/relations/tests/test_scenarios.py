"""Rahima, Mamata and Jasmine (seed 000) told through the relations services."""

import pytest
from django.core.exceptions import ValidationError

from sathi.audit.models import AuditEvent
from sathi.lib.errors import Forbidden
from sathi.people.tests.factories import register
from sathi.relations import services
from sathi.relations.models import LifeEvent, Relation, RelationQuality, SafetyCheck
from sathi.relations.vocab import SafetyFlag, Suggestion


@pytest.fixture
def worker(personas):
    return personas.caseworker


def test_rahima_marital_household_took_part_and_was_violent_and_natal_home_is_not_safe(worker):
    rahima = register(worker, names=["Rahima"], phone="", stated_age=22)
    add = lambda **kw: services.relation_add(actor=worker, person_id=rahima.pk, **kw)  # noqa: E731
    husband = add(domain="marital", kind="husband", name="Her husband", entry_role="sold_her")
    mother_in_law = add(domain="marital", kind="mother_in_law", name="Mother-in-law", entry_role="sold_her")
    services.quality_add(actor=worker, relation_id=husband.pk, quality="violence_sexual", from_year=2015)
    add(domain="natal", kind="mother", name="Her mother")
    add(domain="community", kind="panchayat_member", name="Panchayat")
    services.life_event_add(
        actor=worker, person_id=rahima.pk, kind="sexual_violence", age=11, factors=["daughter_disfavour"]
    )
    services.life_event_add(
        actor=worker,
        person_id=rahima.pk,
        kind="marriage",
        age=11,
        factors=["early_marriage"],
        relation_ids=[husband.pk],
    )
    marital = services.safety_check_record(
        actor=worker,
        person_id=rahima.pk,
        household="marital",
        attitude="accepting",
        stigma="medium",
        her_wish="not_return",
    )
    assert {SafetyFlag.TOOK_PART, SafetyFlag.VIOLENCE} <= set(marital.flags)
    assert set(marital.work_on) == {str(husband.pk), str(mother_in_law.pk)}
    assert marital.suggestion == Suggestion.RESETTLE
    natal = services.safety_check_record(
        actor=worker,
        person_id=rahima.pk,
        household="natal",
        attitude="accepting",
        stigma="high",
        her_wish="not_return",
    )
    assert set(natal.flags) == {SafetyFlag.HIGH_STIGMA, SafetyFlag.WISH_DIFFERS}
    assert natal.suggestion != Suggestion.SAFE_TO_RETURN


def test_mamata_violence_and_rejection_must_both_be_addressed_before_a_return_home(worker):
    mamata = register(worker, names=["Mamata"], phone="", stated_age=22)
    mother = services.relation_add(
        actor=worker, person_id=mamata.pk, domain="natal", kind="mother", name="Her mother"
    )
    sister_in_law = services.relation_add(
        actor=worker, person_id=mamata.pk, domain="natal", kind="sister_in_law", name="Sister-in-law"
    )
    services.quality_add(actor=worker, relation_id=mother.pk, quality="violence_physical")
    services.quality_add(actor=worker, relation_id=sister_in_law.pk, quality="violence_psychological")
    services.relation_add(
        actor=worker,
        person_id=mamata.pk,
        domain="community",
        kind="acquaintance",
        name="Acquaintance",
        entry_role="sold_her",
    )
    check = services.safety_check_record(
        actor=worker,
        person_id=mamata.pk,
        household="natal",
        attitude="rejecting",
        stigma="medium",
        her_wish="return",
    )
    assert set(check.flags) == {SafetyFlag.VIOLENCE, SafetyFlag.REJECTED}
    with pytest.raises(ValidationError) as err:
        services.safety_check_decide(
            actor=worker,
            check_id=check.pk,
            choice="return_home",
            plan={"violence": "Family counselling with her mother first."},
        )
    assert "rejected" in str(err.value)
    check.refresh_from_db()
    assert check.choice == "not_yet"
    services.safety_check_decide(
        actor=worker,
        check_id=check.pk,
        choice="return_home",
        plan={
            "violence": "Family counselling with her mother first.",
            "rejected": "The collective's elder speaks with the family; she keeps her own room in the city.",
        },
    )
    assert SafetyCheck.objects.get(pk=check.pk).choice == "return_home"


def test_jasmine_two_sites_and_the_customer_who_helped_her_escape(worker):
    from sathi.relations.pictures import ecomap

    jasmine = register(worker, names=["Jasmine"], phone="", stated_age=27)
    services.site_history_add(
        actor=worker,
        person_id=jasmine.pk,
        site_type="brothel_with_madam",
        with_madam_or_owner=True,
        controls_earnings=True,
        violence=True,
        from_year=2012,
        to_year=2013,
    )
    services.site_history_add(actor=worker, person_id=jasmine.pk, site_type="street", from_year=2013)
    brother_in_law = services.relation_add(
        actor=worker,
        person_id=jasmine.pk,
        domain="marital",
        kind="brother_in_law",
        name="Brother-in-law",
        entry_role="sold_her",
    )
    customer = services.relation_add(
        actor=worker,
        person_id=jasmine.pk,
        domain="sex_work",
        kind="customer",
        name="A customer",
        entry_role="helped_escape",
    )
    services.quality_add(actor=worker, relation_id=customer.pk, quality="support_emotional")
    picture = ecomap(
        jasmine, [brother_in_law, customer], {brother_in_law.pk: "Brother-in-law", customer.pk: "A customer"}
    )
    assert 'class="line support"' in picture.svg and 'class="line took-part"' in picture.svg
    assert [item.style for item in picture.items] == ["took-part", "support"]


def test_without_the_violence_class_nothing_of_the_map_is_seen_or_written(personas, worker):
    from sathi.people import grants

    person = register(worker, names=["Hidden Map"], phone="", stated_age=30)
    grants.assignment_add(
        actor=personas.supervisor, person_id=person.pk, user_id=personas.peer_worker.user_id
    )
    with pytest.raises(Forbidden):
        services.relation_add(
            actor=personas.peer_worker, person_id=person.pk, domain="natal", kind="mother", name="x"
        )


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda w, p, r: services.life_event_add(actor=w, person_id=p.pk, kind="migration", year=1950),
            "year",
        ),
        (
            lambda w, p, r: services.relation_add(actor=w, person_id=p.pk, domain="natal", kind="", name="x"),
            "kind",
        ),
        (
            lambda w, p, r: services.quality_add(
                actor=w, relation_id=r.pk, quality="control", from_year=2020, to_year=2018
            ),
            "to_year",
        ),
        (lambda w, p, r: services.life_event_add(actor=w, person_id=p.pk, kind="migration"), "year"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_half_written(worker, call, field):
    person = register(worker, names=["Bad Input"], phone="", stated_age=30)
    relation = services.relation_add(
        actor=worker, person_id=person.pk, domain="natal", kind="mother", name="M"
    )
    before = (
        Relation.objects.count(),
        RelationQuality.objects.count(),
        LifeEvent.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(ValidationError) as err:
        call(worker, person, relation)
    assert field in err.value.message_dict
    assert (
        Relation.objects.count(),
        RelationQuality.objects.count(),
        LifeEvent.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_a_cycle_of_same_person_links_is_refused(worker):
    person = register(worker, names=["Links"], phone="", stated_age=30)
    a, b, c = (
        services.relation_add(
            actor=worker, person_id=person.pk, domain="community", kind="acquaintance", name=n
        )
        for n in "ABC"
    )
    services.relation_same_as(actor=worker, relation_id=b.pk, same_as_id=a.pk)
    services.relation_same_as(actor=worker, relation_id=c.pk, same_as_id=b.pk)
    with pytest.raises(ValidationError):
        services.relation_same_as(actor=worker, relation_id=a.pk, same_as_id=c.pk)
    with pytest.raises(ValidationError):
        services.relation_same_as(actor=worker, relation_id=a.pk, same_as_id=a.pk)
    a.refresh_from_db()
    assert a.same_as_id is None

from sathi.audit.models import AuditEvent
from sathi.demo import people as population
from sathi.lib import agerange
from sathi.people import selectors, services
from sathi.people.models import AgeEvidence, Assignment, Person

COUNT = 50


def _generate(personas):
    # Small chunks, so that several transactions and Generator seeds are exercised.
    return population.generate(organisation=personas.org, count=COUNT, seed=3, chunk_size=20)


def test_generated_people_open_and_are_found_like_registered_ones(personas):
    result = _generate(personas)
    assert result.created == COUNT
    people = list(Person.objects.filter(organisation=personas.org))
    assert len(people) == COUNT
    assert len({p.code for p in people}) == COUNT
    for person in people:
        person.full_clean()

    person = next(p for p in people if p.phone_sealed is not None and p.born_latest is not None)
    card = selectors.person_card(actor=personas.supervisor, person_id=person.pk)
    assert card.names and all(isinstance(name, str) and name for name in card.names)
    assert card.phone.startswith("+91 ")
    assert card.current_location

    by_phone = selectors.person_find(actor=personas.supervisor, phone=card.phone)
    assert person.pk in {row.id for row in by_phone.rows}
    by_code = selectors.person_find(actor=personas.supervisor, code=person.code)
    assert [row.id for row in by_code.rows] == [person.pk]
    by_name = selectors.person_find(actor=personas.supervisor, name=card.names[0])
    assert person.pk in {row.id for row in by_name.rows}

    # The name + birth-year index is the one registration's duplicate warning reads.
    matches, _hidden = services.possible_duplicates(
        actor=personas.supervisor, names=card.names, phone="", birth_years=[person.born_latest.year]
    )
    assert person.pk in {p.pk for p in matches}


def test_age_status_comes_from_the_stated_age(personas):
    _generate(personas)
    for evidence in AgeEvidence.objects.filter(person__organisation=personas.org).select_related("person"):
        assert evidence.kind == "self_stated"
        expected = agerange.assess(
            [
                agerange.Evidence(
                    kind=agerange.Kind.SELF_STATED, as_of=evidence.as_of, age_years=evidence.age_years
                )
            ],
            evidence.as_of,
        )
        assert evidence.person.age_status == expected.status.value != "unknown"
        assert evidence.person.born_latest == expected.born_latest
    without = Person.objects.filter(organisation=personas.org, age_evidence__isnull=True)
    assert all(p.age_status == "unknown" for p in without)


def test_each_person_is_assigned_and_the_run_is_audited_once(personas):
    _generate(personas)
    person = Assignment.objects.filter(user=personas.caseworker.user).select_related("person").first().person
    assert selectors.person_get(actor=personas.caseworker, person_id=person.pk) == person
    assert Assignment.objects.filter(person__organisation=personas.org).count() == COUNT
    events = AuditEvent.objects.filter(organisation=personas.org, action="population.generated")
    assert events.count() == 1
    assert not AuditEvent.objects.filter(organisation=personas.org, action="person.registered").exists()

"""The bulk generators write what the services write (rule: a generated record cannot drift from one made
through the services). A benchmark on generated rows measures the real thing only while they are alike.

Each test makes the same kind of record both ways and compares which fields are filled, the sealing and the
blind indexes. The documented difference is the audit: the services write an event per write, a bulk run
writes one event for the run.
"""

from __future__ import annotations

from sathi.audit.models import AuditEvent
from sathi.care import services as care
from sathi.care.models import Case, CaseMember, CaseStatusChange, Need, ServiceRecord
from sathi.demo import case_rows, cases
from sathi.demo import people as population
from sathi.people import namesearch, selectors, services
from sathi.people.models import Assignment, Person, PersonKey, PersonName, PersonNameKey

EMPTY = (None, "", [], {}, b"")


def filled(row) -> set[str]:
    """The names of the row's columns that hold something (the primary key aside)."""
    return {
        f.attname
        for f in type(row)._meta.concrete_fields
        if not f.primary_key and getattr(row, f.attname) not in EMPTY
    }


def _generated_person(personas) -> Person:
    population.generate(organisation=personas.org, count=30, seed=7, chunk_size=30)
    return (
        Person.objects.filter(organisation=personas.org)
        .exclude(phone_sealed=None)
        .exclude(location_sealed=None)
        .exclude(born_latest=None)
        .exclude(origin_state="")
        .exclude(origin_district="")
        .exclude(languages=[])
        .exclude(documents_held=[])
        .first()
    )


def _first_name(person: Person) -> PersonName:
    return PersonName.objects.filter(person=person).order_by("position").first()


def _registered_like(personas, generated: Person) -> Person:
    """A person registered through the service with what the generated one holds (read through her key)."""
    card = selectors.person_card(actor=personas.supervisor, person_id=generated.pk)
    return services.person_register(
        actor=personas.caseworker,
        names=[card.names[0]],
        phone=card.phone,
        gender=generated.gender,
        languages=generated.languages,
        origin_state=generated.origin_state,
        origin_district=generated.origin_district,
        current_location=card.current_location,
        documents_held=generated.documents_held,
        stated=services.StatedAge(age_years=generated.age_evidence.order_by("pk").first().age_years),
        confirm_duplicates=True,
    )


def test_a_generated_person_fills_what_registration_fills(personas):
    generated = _generated_person(personas)
    registered = _registered_like(personas, generated)

    assert filled(generated) == filled(registered)
    assert filled(PersonKey.objects.get(person=generated)) == filled(PersonKey.objects.get(person=registered))
    first_name = {
        p: PersonName.objects.filter(person=p).order_by("position").first() for p in (generated, registered)
    }
    assert filled(first_name[generated]) == filled(first_name[registered])
    mine = {p: Assignment.objects.get(person=p) for p in (generated, registered)}
    assert filled(mine[generated]) - {"assigned_by_id"} == filled(mine[registered]) - {"assigned_by_id"}
    assert {"age_years", "as_of", "kind"} <= filled(generated.age_evidence.first())


def test_a_generated_person_has_the_blind_indexes_registration_computes(personas):
    generated = _generated_person(personas)
    registered = _registered_like(personas, generated)

    # Same organisation, same words: the same index, so search and the duplicate warning find both.
    assert generated.phone_index == registered.phone_index != ""
    indexes = {
        p: PersonName.objects.filter(person=p)
        .order_by("position")
        .values_list("name_index", "name_year_index")[0]
        for p in (generated, registered)
    }
    assert indexes[generated] == indexes[registered]
    # The name-search keys: registration's for her first name are among the generated ones, and the
    # generated ones are exactly what namesearch computes for all her names and work names.
    name_keys = {
        p: set(PersonNameKey.objects.filter(person=p).values_list("key", flat=True)) for p in indexes
    }
    assert name_keys[registered] and name_keys[registered] <= name_keys[generated]
    card = selectors.person_card(actor=personas.supervisor, person_id=generated.pk)
    all_names = card.names + card.aliases
    assert name_keys[generated] == namesearch.blind_keys(personas.org.pk, all_names)


def test_a_generated_person_is_sealed_under_her_own_key_like_a_registered_one(personas):
    generated = _generated_person(personas)
    registered = _registered_like(personas, generated)

    keys = {p: PersonKey.objects.get(person=p).wrapped for p in (generated, registered)}
    assert keys[generated] != keys[registered]  # each her own key
    for person in (generated, registered):
        card = selectors.person_card(actor=personas.supervisor, person_id=person.pk)
        assert card.names and card.phone and card.current_location
    ours = selectors.person_card(actor=personas.supervisor, person_id=generated.pk)
    theirs = selectors.person_card(actor=personas.supervisor, person_id=registered.pk)
    assert (ours.names[0], ours.phone, ours.current_location) == (
        theirs.names[0],
        theirs.phone,
        theirs.current_location,
    )


def test_a_generated_case_fills_what_the_care_services_fill(personas):
    generated_person = _generated_person(personas)
    cases.generate(
        organisation=personas.org,
        count=1,
        seed=7,
        dedicated={personas.caseworker.user_id: 1},
        mix=case_rows.Mix(open=0.0, active=1.0, proceedings=0.0, placed_minors=0.0, plan=0.0),
    )
    generated = Case.objects.get(organisation=personas.org)
    registered = _registered_like(personas, generated_person)
    # The same history through the services: the case with her needs, made active, each service delivered.
    made = care.case_open(
        actor=personas.caseworker,
        person_id=registered.pk,
        origin=generated.origin,
        opened_on=generated.opened_on,
        needs=list(Need.objects.filter(case=generated).values_list("code", flat=True)),
    )
    care.case_move(actor=personas.caseworker, case_id=made.pk, version=made.version, status="active")
    delivered = list(ServiceRecord.objects.filter(case=generated).prefetch_related("needs"))
    assert delivered  # an active case has had a service
    for service in delivered:
        served = Need.objects.filter(case=made, code__in=[n.code for n in service.needs.all()])
        care.service_record(
            actor=personas.caseworker,
            case_id=made.pk,
            service_type=service.service_type,
            delivered_on=service.delivered_on,
            need_ids=list(served.values_list("pk", flat=True)),
        )
    made.refresh_from_db()

    assert filled(generated) == filled(made)
    assert generated.version == made.version
    assert filled(CaseMember.objects.get(case=generated)) == filled(CaseMember.objects.get(case=made))
    changes = {c: list(CaseStatusChange.objects.filter(case=c)) for c in (generated, made)}
    assert [filled(row) for row in changes[generated]] == [filled(row) for row in changes[made]]
    for code, status, version in Need.objects.filter(case=generated).values_list("code", "status", "version"):
        need = Need.objects.get(case=made, code=code)
        assert (need.status, need.version) == (status, version)
        assert filled(Need.objects.get(case=generated, code=code)) == filled(need)
    services_made = list(ServiceRecord.objects.filter(case=made).order_by("delivered_on"))
    services_generated = list(ServiceRecord.objects.filter(case=generated).order_by("delivered_on"))
    assert [filled(r) for r in services_generated] == [filled(r) for r in services_made]


def test_the_documented_difference_is_the_audit_one_event_per_run(personas):
    generated = _generated_person(personas)
    registered = _registered_like(personas, generated)

    per_write = AuditEvent.objects.filter(organisation=personas.org, target_id=str(registered.pk))
    assert per_write.filter(action="person.registered").exists()
    generated_events = AuditEvent.objects.filter(organisation=personas.org, target_id=str(generated.pk))
    assert not generated_events.filter(action="person.registered").exists()
    assert AuditEvent.objects.filter(organisation=personas.org, action="population.generated").count() == 1

"""The foundation's rules about people, each with its own test."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sathi.audit.models import AuditEvent
from sathi.lib import crypto
from sathi.lib.errors import Conflict, NotFound
from sathi.people import grants, selectors, services
from sathi.people.consent import consent_allows, consenting
from sathi.people.models import Person, PersonName
from sathi.people.tests.factories import register


@pytest.fixture
def rupa(personas):
    return register(
        personas.caseworker,
        names=["Rupa Mondal"],
        aliases=["Pinky"],
        phone="+91 98300 12345",
        stated_age=24,
        current_location="Sonagachi lane 4",
    )


def test_person_is_visible_to_assigned_worker_and_supervisor_only(personas, rupa):
    assert selectors.person_get(actor=personas.caseworker, person_id=rupa.pk)
    assert selectors.person_get(actor=personas.supervisor, person_id=rupa.pk)
    for member in [
        personas.counsellor,
        personas.peer_worker,
        personas.analyst,
        personas.org_admin,
        personas.auditor,
        personas.outsider,
    ]:
        with pytest.raises(NotFound):
            selectors.person_get(actor=member, person_id=rupa.pk)


def test_analyst_sees_no_person_at_all(personas, rupa):
    assert selectors.person_list(actor=personas.analyst) == []
    assert selectors.person_find(actor=personas.analyst, code=rupa.code).rows == []


def test_masked_classes_are_not_decrypted_for_a_role_without_them(personas, rupa):
    grants.assignment_add(actor=personas.supervisor, person_id=rupa.pk, user_id=personas.counsellor.user_id)
    card = selectors.person_card(actor=personas.counsellor, person_id=rupa.pk)
    assert card.names == ["Rupa Mondal"]  # counsellors see identity
    assert card.current_location == selectors.MASK  # but not where she stays
    event = AuditEvent.objects.filter(action="person.viewed", actor=personas.counsellor.user).get()
    assert "current_location" not in event.fields


def test_viewing_a_record_writes_one_audit_event_and_listing_writes_none(personas, rupa):
    before = AuditEvent.objects.filter(action="person.viewed").count()
    selectors.person_list(actor=personas.caseworker)
    assert AuditEvent.objects.filter(action="person.viewed").count() == before
    selectors.person_card(actor=personas.caseworker, person_id=rupa.pk)
    events = AuditEvent.objects.filter(action="person.viewed")
    assert events.count() == before + 1
    event = events.latest("seq")
    assert event.target_id == str(rupa.pk) and event.actor_id == personas.caseworker.user_id
    assert set(event.fields) == {"names", "phone", "current_location"}


def test_listing_does_not_decrypt_what_the_role_may_not_see(personas, rupa, monkeypatch):
    grants.assignment_add(actor=personas.supervisor, person_id=rupa.pk, user_id=personas.board_member.user_id)
    opened = []
    real = crypto.unseal

    def spy(key, blob, aad):
        opened.append(aad)
        return real(key, blob, aad)

    monkeypatch.setattr(crypto, "unseal", spy)
    rows = selectors.person_list(actor=personas.board_member)
    assert rows[0].names == ["Rupa Mondal", "Pinky"]
    assert not any(".location:" in aad or ".phone:" in aad for aad in opened)
    # a role without identity opens nothing at all
    opened.clear()
    from sathi.accounts.models import Membership

    no_identity = Membership(user=personas.board_member.user, organisation=personas.org, role="analyst")
    assert selectors.person_list(actor=no_identity) == []
    assert opened == []


def test_ciphertext_copied_into_another_row_fails_to_decrypt(personas, rupa):
    other = register(personas.caseworker, names=["Gita Das"], phone="+91 98300 99999", stated_age=30)
    Person.objects.filter(pk=other.pk).update(phone_sealed=rupa.phone_sealed)
    with pytest.raises(crypto.DecryptionError):
        selectors.person_card(actor=personas.caseworker, person_id=other.pk)


def test_ciphertext_copied_into_another_column_fails_to_decrypt(personas, rupa):
    Person.objects.filter(pk=rupa.pk).update(location_sealed=rupa.phone_sealed)
    with pytest.raises(crypto.DecryptionError):
        selectors.person_card(actor=personas.caseworker, person_id=rupa.pk)


def test_name_ciphertext_moved_to_another_name_row_fails(personas, rupa):
    first, second = PersonName.objects.filter(person=rupa).order_by("position")
    PersonName.objects.filter(pk=second.pk).update(value_sealed=first.value_sealed)
    with pytest.raises(crypto.DecryptionError):
        selectors.person_card(actor=personas.caseworker, person_id=rupa.pk)


def test_stale_edit_is_refused_and_nothing_is_overwritten(personas, rupa):
    version = rupa.version
    services.person_update(
        actor=personas.caseworker, person_id=rupa.pk, version=version, origin_district="Nadia"
    )
    with pytest.raises(Conflict):
        services.person_update(
            actor=personas.supervisor,
            person_id=rupa.pk,
            version=version,
            origin_district="Howrah",
            names=["Someone Else"],
        )
    card = selectors.person_card(actor=personas.caseworker, person_id=rupa.pk)
    assert card.person.origin_district == "Nadia"
    assert card.names == ["Rupa Mondal"]


def test_duplicate_warning_by_phone_and_by_name_and_birth_year(personas, rupa):
    with pytest.raises(services.PossibleDuplicate) as found:
        register(personas.caseworker, names=["Someone New"], phone="098300 12345", confirm_duplicates=False)
    assert found.value.matches == [rupa]
    with pytest.raises(services.PossibleDuplicate):
        register(
            personas.caseworker, names=["rupa  MONDAL"], phone="", stated_age=24, confirm_duplicates=False
        )
    # another birth year is another person
    register(personas.caseworker, names=["Rupa Mondal"], phone="", stated_age=40, confirm_duplicates=False)


def test_duplicate_warning_does_not_reveal_a_record_the_worker_cannot_open(personas, rupa):
    with pytest.raises(services.PossibleDuplicate) as found:
        register(personas.peer_worker, names=["X"], phone="+91 98300 12345", confirm_duplicates=False)
    assert found.value.matches == [] and found.value.hidden == 1


def test_other_organisations_blind_indexes_do_not_match(personas, rupa):
    # the same phone registered elsewhere is not "found" here, and no warning links the two
    register(
        personas.outsider,
        names=["Rupa Mondal"],
        phone="+91 98300 12345",
        stated_age=24,
        confirm_duplicates=False,
    )
    assert selectors.person_find(actor=personas.outsider, phone="9830012345").rows[0].code != rupa.code


def test_find_by_code_phone_and_exact_name(personas, rupa):
    for query in [
        rupa.code,
        rupa.code.lower(),
        f"{rupa.code[:4]}-{rupa.code[4:]}",
        "9830012345",
        "rupa mondal",
        "PINKY",
    ]:
        rows = selectors.person_find(actor=personas.caseworker, code=query, phone=query, name=query).rows
        assert [r.code for r in rows] == [rupa.code], query
    # A name token finds her, spelt as it sounds; a part of a word does not.
    assert [r.code for r in selectors.person_find(actor=personas.caseworker, name="Rupa").rows] == [rupa.code]
    assert selectors.person_find(actor=personas.caseworker, name="Mond").rows == []


def test_withdrawing_consent_stops_that_use_at_once(personas, rupa):
    consent = grants.consent_record(
        actor=personas.caseworker,
        person_id=rupa.pk,
        purpose="statistics",
        granted=True,
        method="spoken",
        explained_in="bn",
    )
    counted = consenting(Person.objects.filter(organisation=personas.org), "statistics")
    assert list(counted) == [rupa]
    assert consent_allows(rupa, "statistics")
    before = timezone.now()
    grants.consent_withdraw(actor=personas.caseworker, consent_id=consent.pk)
    assert not consent_allows(rupa, "statistics")
    assert list(consenting(Person.objects.filter(organisation=personas.org), "statistics")) == []
    # Asked about a moment before the withdrawal, the answer is what it was then.
    assert consent_allows(rupa, "statistics", at=before)
    assert list(consenting(Person.objects.filter(organisation=personas.org), "statistics", at=before)) == [
        rupa
    ]


def test_withdrawing_contact_consent_shows_do_not_contact(personas, rupa):
    consent = grants.consent_record(
        actor=personas.caseworker,
        person_id=rupa.pk,
        purpose="contact",
        granted=True,
        method="spoken",
        explained_in="bn",
        channel="in_person_peer",
    )
    assert (
        selectors.person_card(actor=personas.caseworker, person_id=rupa.pk).contact_channel
        == "in_person_peer"
    )
    grants.consent_withdraw(actor=personas.caseworker, consent_id=consent.pk)
    assert selectors.person_card(actor=personas.caseworker, person_id=rupa.pk).contact_channel is None


def test_sharing_consent_names_an_organisation(personas, rupa):
    with pytest.raises(ValidationError):
        grants.consent_record(
            actor=personas.caseworker,
            person_id=rupa.pk,
            purpose="share",
            granted=True,
            method="spoken",
            explained_in="bn",
        )
    consent = grants.consent_record(
        actor=personas.caseworker,
        person_id=rupa.pk,
        purpose="share",
        granted=True,
        method="written",
        explained_in="bn",
        receiver_id=personas.other_org.pk,
    )
    assert consent_allows(rupa, "share", personas.other_org)
    assert consent.receiver == personas.other_org
    assert not consent_allows(rupa, "share", personas.org.pk)


def _minor(personas):
    return register(personas.caseworker, names=["Minor Girl"], phone="", stated_age=15)


def test_adult_gives_her_own_consent(personas, rupa):
    with pytest.raises(ValidationError):
        grants.consent_record(
            actor=personas.caseworker,
            person_id=rupa.pk,
            purpose="keep_record",
            granted=True,
            method="spoken",
            explained_in="bn",
            consenting_party="guardian",
            guardian_relationship="mother",
        )


def test_minors_consent_is_given_by_guardian_or_cwc_with_a_legal_basis(personas):
    girl = _minor(personas)
    with pytest.raises(ValidationError):
        grants.consent_record(
            actor=personas.caseworker,
            person_id=girl.pk,
            purpose="keep_record",
            granted=True,
            method="spoken",
            explained_in="bn",
        )
    with pytest.raises(ValidationError):
        grants.consent_record(
            actor=personas.caseworker,
            person_id=girl.pk,
            purpose="keep_record",
            granted=True,
            method="spoken",
            explained_in="bn",
            consenting_party="cwc",
        )
    consent = grants.consent_record(
        actor=personas.caseworker,
        person_id=girl.pk,
        purpose="keep_record",
        granted=True,
        method="written",
        explained_in="bn",
        consenting_party="cwc",
        legal_basis="CWC order of 2 November 2026",
    )
    assert consent.consenting_party == "cwc"


def test_guardian_suspected_of_trafficking_cannot_consent(personas):
    girl = _minor(personas)
    with pytest.raises(ValidationError) as err:
        grants.consent_record(
            actor=personas.caseworker,
            person_id=girl.pk,
            purpose="keep_record",
            granted=True,
            method="thumbprint",
            explained_in="bn",
            consenting_party="guardian",
            guardian_relationship="father",
            guardian_suspected=True,
            legal_basis="natural guardian",
        )
    assert "suspected" in str(err.value)
    assert not girl.consents.exists()


def test_police_estimate_of_17_with_her_stated_22_gives_disputed(personas):
    person = register(personas.caseworker, names=["Mamata"], phone="", stated_age=22)
    services.age_evidence_add(
        actor=personas.caseworker,
        person_id=person.pk,
        kind="estimate",
        as_of=timezone.localdate(),
        age_years=17,
        source="police station",
    )
    person.refresh_from_db()
    assert person.age_status == "disputed"


def test_break_glass_opens_a_record_for_hours_with_a_flagged_audit(personas, rupa, time_machine):
    counsellor = personas.counsellor
    with pytest.raises(NotFound):
        selectors.person_get(actor=counsellor, person_id=rupa.pk)
    with pytest.raises(ValidationError):
        grants.break_glass_open(actor=counsellor, person_id=rupa.pk, reason="need")
    grants.break_glass_open(
        actor=counsellor,
        person_id=rupa.pk,
        reason="She came to the clinic in crisis and her counsellor is away.",
    )
    assert selectors.person_get(actor=counsellor, person_id=rupa.pk)
    event = AuditEvent.objects.get(action="person.break_glass")
    # the log says a reason was given and points at the row that holds it, never the text
    assert event.flagged and event.reason_given and event.target_type == "people.breakglass"
    assert "crisis" not in str(event.chain_content())
    time_machine.move_to(timezone.now() + timedelta(hours=5))
    with pytest.raises(NotFound):
        selectors.person_get(actor=counsellor, person_id=rupa.pk)


def test_outsider_cannot_break_glass(personas, rupa):
    with pytest.raises(NotFound):
        grants.break_glass_open(
            actor=personas.outsider, person_id=rupa.pk, reason="I would like to see this record please."
        )


def test_no_field_for_identity_document_numbers():
    names = {f.name for f in Person._meta.get_fields()}
    assert not any("aadhaar" in n or "document_number" in n or "id_number" in n for n in names)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"names": ["x" * 10_000_000]}, "names"),
        ({"names": ["bad \ufffd bytes"]}, "names"),
        ({"names": ["line\x00null"]}, "names"),
        ({"names": []}, "names"),
        ({"phone": "call me maybe"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"gender": "robot"}, "gender"),
        ({"languages": ["klingon"]}, "languages"),
        ({"stated": services.StatedAge(age_years=200)}, "age_years"),
        ({"stated": services.StatedAge(date_of_birth=date(2999, 1, 1))}, "date_of_birth"),
    ],
)
def test_malformed_registration_gets_a_clear_message_and_writes_nothing(personas, kwargs, field):
    data = {"names": ["Valid Name"], "phone": "", **kwargs}
    before = (Person.objects.count(), PersonName.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as err:
        services.person_register(actor=personas.caseworker, confirm_duplicates=True, **data)
    assert field in err.value.message_dict
    assert all(err.value.message_dict[field])
    assert (Person.objects.count(), PersonName.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "estimate", "age_years": 200}, "age_years"),
        ({"kind": "estimate"}, "age_years"),
        ({"kind": "birth_certificate", "date_of_birth": date(2030, 1, 1)}, "date_of_birth"),
        ({"kind": "medical_opinion", "age_years": 18}, "margin_years"),
        ({"kind": "medical_opinion", "age_years": 18, "margin_years": 40}, "margin_years"),
        ({"kind": "tea_leaves", "age_years": 18}, "kind"),
    ],
)
def test_malformed_age_evidence_is_refused(personas, rupa, kwargs, field):
    with pytest.raises(ValidationError) as err:
        services.age_evidence_add(
            actor=personas.caseworker, person_id=rupa.pk, as_of=timezone.localdate(), **kwargs
        )
    assert field in err.value.message_dict
    rupa.refresh_from_db()
    assert rupa.age_status == "adult" and rupa.age_evidence.count() == 1

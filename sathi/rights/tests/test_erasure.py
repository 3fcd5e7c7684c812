"""Erasure by key destruction (issue 13, item 3), each rule named."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from conftest import PASSWORD, sign_in
from sathi.audit.models import AuditEvent
from sathi.audit.verify import verify_chains
from sathi.care.models import Referral
from sathi.care.selectors import referral_received
from sathi.legal import services as legal
from sathi.legal.models import ProceedingDocument
from sathi.lib import crypto
from sathi.people import sealing
from sathi.people.models import Person, PersonKey, PersonName
from sathi.people.selectors import person_find
from sathi.people.services import person_register
from sathi.people.vault import PersonVault, unwrap_person_key
from sathi.rights.erasure import person_erase
from sathi.rights.models import Erasure
from sathi.rights.tests.world import board_with_earlier_month, full_record, totp_code
from sathi.screening.indicators import board_indicators
from sathi.tests.class_canary import CANARY


def _her_ciphertexts(person):
    """Every sealed value of hers as a backup would hold it: (model label, row pk, column, bytes)."""
    found = []
    for label, decl in sealing.SEALED.items():
        app_model, column = label.rsplit(".", 1)
        if decl.person is None:
            continue
        model = apps.get_model(app_model)
        rows = (
            model.objects.filter(pk=person.pk)
            if decl.person == ""
            else model.objects.filter(**{decl.person.replace(".", "__"): person})
        )
        for pk, blob in rows.exclude(**{f"{column}__isnull": True}).values_list("pk", column):
            if bytes(blob):
                found.append((app_model, pk, column, bytes(blob)))
    return found


def _erase(personas, person, **overrides):
    data = {
        "basis": "her_request",
        "reason": "Asked in person at the drop-in centre",
        "password": PASSWORD,
        "code": totp_code(personas.supervisor),
    }
    data.update(overrides)
    return person_erase(actor=personas.supervisor, person_id=person.pk, **data)


@pytest.fixture
def erased(personas, django_capture_on_commit_callbacks):
    record, document, referral = full_record(personas)
    legal.proceeding_update(
        actor=personas.legal_advocate, proceeding_id=record.proceeding.pk, version=1, status="done"
    )
    stored = default_storage.open(document.stored_as, "rb").read()
    backup = _her_ciphertexts(record.person)
    her_key = PersonVault.open(record.person).key_for_files()
    for app_model, pk, column, blob in backup:  # the backup is good: her key opens every value in it
        crypto.unseal_text(her_key, blob, _place(app_model, pk, column))
    with django_capture_on_commit_callbacks(execute=True):
        erasure = _erase(personas, record.person)
    return record, document, referral, stored, backup, erasure


def _place(app_model, pk, column):
    return f"{app_model.lower()}.{column.removesuffix('_sealed')}:{pk}"


def _keys_left(org_id):
    """Every key Sathi still holds for the organisation: each person key left, and the organisation's own."""
    from sathi.accounts import keys

    found = [
        unwrap_person_key(org_id, row.pk, row.wrapped) for row in PersonKey.objects.select_related("person")
    ]
    return found + [keys.data_key(org_id, keys.active_version(org_id))]


def test_after_erasure_no_field_or_file_of_hers_decrypts(erased):
    record, document, _referral, stored, backup, _erasure = erased
    assert len(backup) >= 8  # names, location, the canary in every class, her goal, the document's name
    assert {app for app, *_ in backup} >= {
        "people.Person",
        "people.PersonName",
        "care.ServiceRecord",
        "legal.Proceeding",
        "relations.Relation",
        "violations.AffectedPerson",
    }
    person = Person.objects.get(pk=record.person.pk)
    with pytest.raises(crypto.DecryptionError):
        PersonVault.open(person)
    keys_left = _keys_left(person.organisation_id)
    for app_model, pk, column, blob in backup:
        for key in keys_left:
            with pytest.raises(crypto.DecryptionError):
                crypto.unseal_text(key, blob, _place(app_model, pk, column))
    for key in keys_left:
        with pytest.raises(crypto.DecryptionError):
            crypto.unseal(key, stored, f"legal.proceedingdocument.file:{document.pk}")
    assert not default_storage.exists(document.stored_as)
    assert not ProceedingDocument.objects.filter(pk=document.pk).exists()


def test_after_erasure_the_canary_fields_of_every_class_are_unreadable_through_every_column(erased):
    record, *_ = erased
    leftovers = _her_ciphertexts(record.person)
    assert leftovers == []  # every sealed column of hers emptied: nothing even tries a destroyed key
    dump = "".join(repr(v) for v in Person.objects.filter(pk=record.person.pk).values().first().values())
    for word in CANARY.values():
        assert word.lower() not in dump.lower()


def test_after_erasure_her_code_shows_erased(erased, personas):
    record, *_ = erased
    person = Person.objects.get(pk=record.person.pk)
    assert person.erased_at is not None and person.code == record.person.code
    client = Client()
    sign_in(client, personas.supervisor)
    assert client.get(f"/people/{person.pk}/").status_code == 404
    page = client.get("/rights/erasures/").content.decode()
    assert person.display_code in page and "erased" in page
    found = client.post("/people/find/", {"query": person.code}).content.decode()
    assert "erased" in found.lower()
    assert person_find(actor=personas.supervisor, query=person.code).rows == []


def test_after_erasure_her_blind_indexes_are_gone(erased):
    record, *_ = erased
    person = Person.objects.get(pk=record.person.pk)
    assert person.phone_index == ""
    assert not PersonName.objects.filter(person=person).exists()
    assert not PersonKey.objects.filter(person=person).exists()


def test_after_erasure_the_referral_copy_is_erased_at_the_receiver_and_its_audit_records_it(erased, personas):
    _record, _document, referral, *_ = erased
    row = Referral.objects.get(pk=referral.pk)
    assert bytes(row.copy_sealed) == b"" and bytes(row.copy_key_wrapped) == b""
    view = referral_received(actor=personas.outsider, referral_id=referral.pk)
    assert view.erased and view.copy == {}
    assert AuditEvent.objects.filter(
        organisation=personas.other_org, action="referral.erased", target_id=str(referral.pk)
    ).exists()


def test_after_erasure_audit_verify_passes(personas):
    record, *_ = full_record(personas)
    legal.proceeding_update(
        actor=personas.legal_advocate, proceeding_id=record.proceeding.pk, version=1, status="done"
    )
    call_command("audit_checkpoint")  # the chains as they stood before: the erasure changes none of it
    _erase(personas, record.person)
    assert verify_chains() == []
    call_command("audit_verify")
    assert AuditEvent.objects.filter(action="person.erased", reason_given=True).count() == 1


def test_after_erasure_the_board_indicators_of_earlier_months_are_unchanged(personas):
    board, people, earlier = board_with_earlier_month(personas)
    before = board_indicators(board)
    assert before.rows and before.rows[0].entrants == len(people)
    _erase(personas, people[0])
    after = board_indicators(board)
    assert after == before


def test_erasure_of_a_person_with_an_open_proceeding_as_complainant_is_refused_with_the_reason(personas):
    record, *_ = full_record(personas)  # an FIR, pending, its next date in two days
    with pytest.raises(ValidationError) as refused:
        _erase(personas, record.person)
    message = " ".join(refused.value.messages)
    assert "First Information Report" in message and "complainant" in message and "next date" in message
    assert PersonKey.objects.filter(person=record.person).exists()
    assert not Erasure.objects.exists()


def test_an_erasure_without_re_authentication_is_refused_and_nothing_is_saved(personas):
    person = person_register(actor=personas.caseworker, names=["Jasmine"], confirm_duplicates=True)
    events = AuditEvent.objects.count()
    for wrong in ({"password": "wrong"}, {"code": "000000"}, {"code": ""}):
        with pytest.raises(ValidationError) as refused:
            _erase(personas, person, **wrong)
        assert "password or code" in " ".join(refused.value.messages)
    assert PersonKey.objects.filter(person=person).exists()
    assert AuditEvent.objects.count() == events


def test_only_a_supervisor_erases(personas):
    from sathi.lib.errors import Forbidden

    person = person_register(actor=personas.caseworker, names=["Jasmine"], confirm_duplicates=True)
    with pytest.raises(Forbidden):
        person_erase(
            actor=personas.caseworker,
            person_id=person.pk,
            basis="her_request",
            reason="x",
            password=PASSWORD,
            code="1",
        )


def test_the_erase_page_asks_again_who_you_are_and_counts_a_wrong_code(personas):
    from sathi.accounts.models import SealedTOTPDevice
    from sathi.accounts.once import new_token

    person = person_register(actor=personas.caseworker, names=["Jasmine"], confirm_duplicates=True)
    client = Client()
    sign_in(client, personas.supervisor)
    url = f"/people/{person.pk}/erase/"
    assert client.get(url).status_code == 200
    form = {"basis": "her_request", "reason": "Asked for it in person", "password": PASSWORD}
    refused = client.post(url, {**form, "code": "000000", "form_token": new_token()})
    assert refused.status_code == 400 and "password or code" in refused.content.decode()
    assert SealedTOTPDevice.objects.get(user=personas.supervisor.user).throttling_failure_count == 1
    assert PersonKey.objects.filter(person=person).exists()
    SealedTOTPDevice.objects.filter(user=personas.supervisor.user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    done = client.post(url, {**form, "code": totp_code(personas.supervisor), "form_token": new_token()})
    assert done.status_code == 302 and done["Location"] == "/rights/erasures/"
    assert not PersonKey.objects.filter(person=person).exists()


def test_wrong_passwords_on_the_erase_page_count_toward_the_sign_in_lockout(personas, settings):
    from sathi.accounts.models import LoginFailure
    from sathi.accounts.once import new_token

    person = person_register(actor=personas.caseworker, names=["Jasmine"], confirm_duplicates=True)
    client = Client()
    sign_in(client, personas.supervisor)
    url = f"/people/{person.pk}/erase/"
    form = {"basis": "her_request", "reason": "Asked for it in person"}
    for _ in range(settings.SATHI_LOGIN_MAX_FAILURES):
        code = totp_code(personas.supervisor)  # a right code: only the password is wrong
        refused = client.post(url, {**form, "password": "a guess", "code": code, "form_token": new_token()})
        assert refused.status_code == 400 and "password or code" in refused.content.decode()
    assert LoginFailure.objects.filter(failures=settings.SATHI_LOGIN_MAX_FAILURES).exists()
    right = {**form, "password": PASSWORD, "code": totp_code(personas.supervisor), "form_token": new_token()}
    locked = client.post(url, right)
    assert locked.status_code == 400 and "Too many wrong passwords." in locked.content.decode()
    assert PersonKey.objects.filter(person=person).exists()
    assert not Erasure.objects.exists()
    # and the sign-in page, from the same address, is held as after as many wrong sign-ins
    login = Client().post(
        "/accounts/login/", {"username": personas.supervisor.user.username, "password": PASSWORD}
    )
    assert login.status_code == 200 and "Too many failed attempts" in login.content.decode()


def test_wrong_passwords_for_an_erasure_through_the_api_count_toward_the_sign_in_lockout(personas, settings):
    import json

    from sathi.accounts.services import api_token_issue

    person = person_register(actor=personas.caseworker, names=["Jasmine"], confirm_duplicates=True)
    token = api_token_issue(membership=personas.supervisor)
    body = {"basis": "her_request", "reason": "Asked for it in person"}

    def erase(password):
        return Client().post(
            f"/api/v1/people/{person.pk}/erasure",
            json.dumps({**body, "password": password, "code": totp_code(personas.supervisor)}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )

    for _ in range(settings.SATHI_LOGIN_MAX_FAILURES):
        assert erase("a guess").status_code == 400
    locked = erase(PASSWORD)
    assert locked.status_code == 400 and "Too many wrong passwords." in json.dumps(locked.json())
    assert PersonKey.objects.filter(person=person).exists()

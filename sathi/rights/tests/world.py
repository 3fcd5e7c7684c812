"""A person with something in every class, made through the services, for the rights tests."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from sathi.lib.tests import samples
from sathi.people.tests.factories import agree_to_statistics, register
from sathi.tests.class_canary import canary_record


def totp_code(member) -> str:
    """A current code of the member's authenticator (as her phone would show it)."""
    from sathi.accounts.models import SealedTOTPDevice
    from sathi.accounts.totp import current_code

    return current_code(SealedTOTPDevice.objects.get(user=member.user))


def full_record(personas):
    """The canary record (a canary word in every class), plus what an erasure must reach: a legal document,
    a goal, a referral copy held by the other organisation, and board presentations in an earlier month."""
    from sathi.care import referrals
    from sathi.care import services as care
    from sathi.care.models import Provider
    from sathi.legal.services import document_attach
    from sathi.people import grants

    record = canary_record(personas)
    worker = personas.caseworker
    care.goal_record(actor=worker, case_id=record.case.pk, text="Open a tea stall")
    document = document_attach(
        actor=personas.legal_advocate,
        proceeding_id=record.proceeding.pk,
        filename="fir.pdf",
        content=samples.pdf(),
    )
    grants.consent_record(
        actor=worker,
        person_id=record.person.pk,
        purpose="share",
        granted=True,
        method="spoken",
        explained_in="bn",
        receiver_id=personas.other_org.pk,
    )
    provider = Provider.objects.create(
        organisation=personas.other_org, kind="sathi", maintained_by=personas.other_org
    )
    referral = referrals.referral_send(
        actor=worker, case_id=record.case.pk, provider_id=provider.pk, fields=["names"]
    )
    return record, document, referral


def board_with_earlier_month(personas, people_count=6):
    """A board whose entrants of an earlier month are counted (enough of them to pass the threshold)."""
    from sathi.places.models import Place
    from sathi.screening import services as screening

    board = screening.board_create(
        actor=personas.board_member,
        area_id=Place.objects.create(kind="red_light_area", name="Para").pk,
        name="B",
        quorum=1,
    )
    earlier = timezone.localdate().replace(day=1) - timedelta(days=20)
    people = []
    for index in range(people_count):
        person = register(personas.board_member, names=[f"Entrant {index}"], phone="", stated_age=24 + index)
        agree_to_statistics(personas.board_member, person)
        screening.presentation_record(
            actor=personas.board_member,
            board_id=board.pk,
            person_id=person.pk,
            presented_on=earlier,
            arrived_on=earlier,
            brought_by="herself",
        )
        people.append(person)
    return board, people, earlier


def day(offset: int) -> date:
    return timezone.localdate() + timedelta(days=offset)

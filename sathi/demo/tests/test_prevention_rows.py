"""The district generator writes what the prevention services write (the drift rule of test_drift.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sathi.demo.prevention_rows import generate_district
from sathi.demo.tests.test_drift import filled
from sathi.places.models import Place
from sathi.prevention import selectors, services
from sathi.prevention.models import Answer, Ask, Stakeholder

TODAY = timezone.localdate()


@pytest.mark.django_db
def test_a_generated_district_holds_the_rows_the_services_write(personas):
    researcher = personas.by_role["community_researcher"]
    made = generate_district(
        organisation=personas.org,
        recorded_by_id=researcher.user_id,
        blocks=2,
        panchayats=4,
        villages=8,
        stakeholders=40,
        asks=300,
    )
    assert (made.offices, made.asks) == (40, 300)
    assert Place.objects.filter(kind="village").count() == 8
    generated_office = Stakeholder.objects.filter(kind="bdo").first()
    generated_ask = Ask.objects.filter(channel="letter").exclude(first_answer_on=None).first()
    generated_answer = Answer.objects.first()

    office = services.stakeholder_add(
        actor=researcher, kind="bdo", name="BDO by hand", jurisdiction_id=made.blocks[0].pk
    )
    ask = services.ask_make(
        actor=researcher,
        stakeholder_id=office.pk,
        kind="convene_vlcpc",
        channel="letter",
        asked_on=TODAY - timedelta(days=9),
        due_on=TODAY,
    )
    answer = services.answer_record(actor=researcher, ask_id=ask.pk, answered_on=TODAY, outcome="acted")
    ask.refresh_from_db()
    assert filled(generated_office) == filled(office)
    assert filled(generated_ask) == filled(ask)
    assert filled(generated_answer) == filled(answer)
    assert all(a.answered_on >= a.ask.asked_on for a in Answer.objects.select_related("ask"))
    # Each ask stands where its answers leave it, as answer_insert writes it.
    for generated in Ask.objects.prefetch_related("answers"):
        real = sorted(
            (a.answered_on, a.pk, a.outcome) for a in generated.answers.all() if a.outcome != "no_reply"
        )
        assert (generated.first_answer_on, generated.latest_outcome) == (
            (real[0][0], real[-1][2]) if real else (None, "")
        )
    # And the readers read them: the district's numbers count every ask, generated or made by hand.
    numbers = selectors.office_numbers(researcher, place_id=made.district.pk)
    assert sum(n.made for n in numbers) == 301

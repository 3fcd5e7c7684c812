"""Community dialogues and the baseline and end line (issue 11, items 8 and 9)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sathi.prevention import assessments, dialogues, selectors, services
from sathi.prevention.models import Ask, Dialogue, DialogueCount, RoundValue
from sathi.prevention.vocab import AskState

TODAY = timezone.localdate()


@pytest.fixture
def field(personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    state = services.shared_place_add(actor=admin, kind="state", name="West Bengal")
    district = services.shared_place_add(
        actor=admin, kind="district", name="South 24 Parganas", parent_id=state.pk
    )
    blocks = {
        name: services.shared_place_add(actor=admin, kind="block", name=name, parent_id=district.pk)
        for name in ("Patharpratima", "Kultali")
    }
    gp = services.shared_place_add(
        actor=admin, kind="gram_panchayat", name="Banashyamnagar", parent_id=blocks["Patharpratima"].pk
    )
    village = services.shared_place_add(actor=admin, kind="village", name="Sridharnagar", parent_id=gp.pk)
    bdo = services.stakeholder_add(
        actor=researcher, kind="bdo", name="BDO Patharpratima", jurisdiction_id=blocks["Patharpratima"].pk
    )
    other_bdo = services.stakeholder_add(
        actor=researcher, kind="bdo", name="BDO Kultali", jurisdiction_id=blocks["Kultali"].pk
    )
    return researcher, village, bdo, other_bdo, blocks


def _participants(*counts):
    return [
        {"cohort": "community", "gender": gender, "age_group": age, "count": n} for (gender, age, n) in counts
    ]


@pytest.mark.django_db
def test_a_commitment_by_a_duty_bearer_becomes_an_ask_in_the_ledger_with_its_due_date(field, personas):
    researcher, village, bdo, _other, _blocks = field
    held = TODAY - timedelta(days=45)
    dialogue = dialogues.dialogue_record(
        actor=researcher,
        place_id=village.pk,
        held_on=held,
        facilitator_ids=[researcher.user_id],
        other_facilitators=2,
        factors=["early_marriage", "distress_migration"],
        models_raised=["chain_of_risk"],
        participants=_participants(("woman", "12_17", 14), ("man", "60_plus", 6)),
        commitments=[
            {"stakeholder_id": bdo.pk, "kind": "convene_vlcpc", "due_on": held + timedelta(days=30)}
        ],
    )
    (ask,) = Ask.objects.filter(commitment__dialogue=dialogue)
    assert (ask.stakeholder, ask.channel, ask.asked_on, ask.due_on) == (
        bdo,
        "dialogue",
        held,
        held + timedelta(days=30),
    )
    (view,) = selectors.asks(researcher, stakeholder_id=bdo.pk)
    assert view.state == AskState.SILENT  # its due date passed with no answer: a silence, like any ask
    shown = dialogues.dialogue_view(researcher, dialogue.pk)
    assert shown.total == 20 and shown.commitments == [ask]


@pytest.mark.django_db
def test_a_dialogue_with_negative_counts_is_refused_and_nothing_is_saved(field):
    researcher, village, bdo, _other, _blocks = field
    with pytest.raises(ValidationError) as caught:
        dialogues.dialogue_record(
            actor=researcher,
            place_id=village.pk,
            held_on=TODAY,
            participants=_participants(("woman", "18_29", 12), ("man", "18_29", -4)),
            commitments=[{"stakeholder_id": bdo.pk, "kind": "convene_vlcpc", "due_on": TODAY}],
        )
    assert caught.value.message_dict["count"] == ["A count cannot be negative."]
    assert (Dialogue.objects.count(), DialogueCount.objects.count(), Ask.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_a_commitment_by_an_office_outside_the_places_jurisdiction_is_refused_and_nothing_is_saved(field):
    researcher, village, _bdo, other_bdo, _blocks = field
    with pytest.raises(ValidationError) as caught:
        dialogues.dialogue_record(
            actor=researcher,
            place_id=village.pk,
            held_on=TODAY,
            participants=_participants(("woman", "30_59", 9)),
            commitments=[{"stakeholder_id": other_bdo.pk, "kind": "issue_documents", "due_on": TODAY}],
        )
    assert "stakeholder" in caught.value.message_dict
    assert (Dialogue.objects.count(), Ask.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_a_commitment_due_before_the_dialogue_is_refused(field):
    researcher, village, bdo, _other, _blocks = field
    dialogue = dialogues.dialogue_record(actor=researcher, place_id=village.pk, held_on=TODAY)
    with pytest.raises(ValidationError) as caught:
        dialogues.commitment_record(
            actor=researcher,
            dialogue_id=dialogue.pk,
            stakeholder_id=bdo.pk,
            kind="convene_vlcpc",
            due_on=TODAY - timedelta(days=1),
        )
    assert "due_on" in caught.value.message_dict
    assert Ask.objects.count() == 0


def _assessment(field, baseline, endline, *, small=None):
    """One indicator in two villages: (yes, asked) per village at baseline and at end line."""
    researcher, village, _bdo, _other, _blocks = field
    second = services.shared_place_add(
        actor=_admin(researcher), kind="village", name="Gobardhanpur", parent_id=village.parent_id
    )
    found = assessments.assessment_create(
        actor=researcher,
        name="Resilience 2026",
        indicators=["Knows the Childline number", "Knows where the VLCPC meets"],
    )
    know, meets = found.indicators.all()
    places = [village.pk, second.pk]
    base = assessments.round_record(
        actor=researcher,
        assessment_id=found.pk,
        kind="baseline",
        held_on=TODAY - timedelta(days=300),
        place_ids=places,
    )
    end = assessments.round_record(
        actor=researcher, assessment_id=found.pk, kind="endline", held_on=TODAY, place_ids=places
    )
    for one_round, counts in ((base, baseline), (end, endline)):
        for place_id, (yes, asked) in zip(places, counts, strict=True):
            assessments.round_value_record(
                actor=researcher,
                assessment_id=found.pk,
                round_id=one_round.pk,
                indicator_id=know.pk,
                place_id=place_id,
                asked=asked,
                yes=yes,
            )
        if small:
            assessments.round_value_record(
                actor=researcher,
                assessment_id=found.pk,
                round_id=one_round.pk,
                indicator_id=meets.pk,
                place_id=places[0],
                asked=small[1],
                yes=small[0],
            )
    return found


def _admin(researcher):
    from sathi.accounts.models import Membership

    return Membership.objects.get(organisation_id=researcher.organisation_id, role="org_admin")


@pytest.mark.django_db
def test_the_end_line_against_the_baseline_gives_wilson_intervals_and_newcombes_difference(field, personas):
    found = _assessment(field, baseline=[(26, 40), (22, 40)], endline=[(30, 35), (26, 35)], small=(2, 30))
    know, meets = assessments.comparison(personas.analyst, found.pk)
    assert (know.baseline.yes, know.baseline.asked, know.endline.yes, know.endline.asked) == (48, 80, 56, 70)
    assert round(know.difference, 2) == 0.2
    assert (round(know.low, 4), round(know.high, 4)) == (0.0524, 0.3339)  # Newcombe's worked example
    assert know.beyond_noise is True and know.p_value < 0.05
    assert know.baseline.low < know.baseline.share < know.baseline.high
    # Two said yes of thirty: a count under the threshold, hidden with its complement; no share, no change.
    assert meets.baseline is None and meets.endline is None and meets.beyond_noise is None


@pytest.mark.django_db
def test_a_change_within_the_noise_is_said_to_be_so(field, personas):
    found = _assessment(field, baseline=[(20, 40), (20, 40)], endline=[(22, 40), (21, 40)])
    (know, _meets) = assessments.comparison(personas.analyst, found.pk)
    assert know.low < 0 < know.high and know.beyond_noise is False


@pytest.mark.django_db
def test_the_end_line_is_run_in_the_same_places_as_the_baseline(field):
    researcher, village, _bdo, _other, blocks = field
    found = assessments.assessment_create(
        actor=researcher, name="Resilience", indicators=["Knows the Childline number"]
    )
    assessments.round_record(
        actor=researcher,
        assessment_id=found.pk,
        kind="baseline",
        held_on=TODAY - timedelta(days=90),
        place_ids=[village.pk],
    )
    with pytest.raises(ValidationError) as caught:
        assessments.round_record(
            actor=researcher,
            assessment_id=found.pk,
            kind="endline",
            held_on=TODAY,
            place_ids=[blocks["Kultali"].pk],
        )
    assert "places" in caught.value.message_dict
    assert found.rounds.count() == 1


@pytest.mark.django_db
def test_more_yes_than_asked_is_refused(field):
    researcher, village, _bdo, _other, _blocks = field
    found = assessments.assessment_create(
        actor=researcher, name="R", indicators=["Knows the Childline number"]
    )
    base = assessments.round_record(
        actor=researcher, assessment_id=found.pk, kind="baseline", held_on=TODAY, place_ids=[village.pk]
    )
    with pytest.raises(ValidationError) as caught:
        assessments.round_value_record(
            actor=researcher,
            assessment_id=found.pk,
            round_id=base.pk,
            indicator_id=found.indicators.get().pk,
            place_id=village.pk,
            asked=10,
            yes=11,
        )
    assert "yes" in caught.value.message_dict
    assert RoundValue.objects.count() == 0


@pytest.mark.django_db
def test_the_dialogues_figure_counts_participants_through_the_gate_and_commitments_made_and_kept(
    field, personas
):
    from sathi.evidence import catalogue

    researcher, village, bdo, _other, _blocks = field
    held = TODAY - timedelta(days=40)
    dialogue = dialogues.dialogue_record(
        actor=researcher,
        place_id=village.pk,
        held_on=held,
        participants=_participants(("woman", "18_29", 14), ("man", "30_59", 12)),
        commitments=[
            {"stakeholder_id": bdo.pk, "kind": "convene_vlcpc", "due_on": held + timedelta(days=10)},
            {"stakeholder_id": bdo.pk, "kind": "issue_documents", "due_on": held + timedelta(days=10)},
        ],
    )
    kept, _silent = Ask.objects.filter(commitment__dialogue=dialogue).order_by("pk")
    services.answer_record(actor=researcher, ask_id=kept.pk, answered_on=TODAY, outcome="acted")

    def cells():
        numbers = catalogue.figure("dialogue-numbers", personas.analyst)
        table = numbers.participants
        rows = {
            label: dict(zip(table.col_labels, row, strict=True))
            for label, row in zip(table.row_labels, table.cells, strict=True)
        }
        return numbers, rows

    numbers, rows = cells()
    assert (rows["Community members"]["Female"], rows["Community members"]["Male"]) == (14, 12)
    assert (numbers.dialogues, numbers.commitments, numbers.kept, numbers.silent) == (1, 2, 1, 1)
    dialogues.participants_add(
        actor=researcher,
        dialogue_id=dialogue.pk,
        cohort="youth",
        gender="transgender",
        age_group="12_17",
        count=2,
    )
    numbers, rows = cells()
    assert rows["Young people"]["Transgender"] is None  # two people: hidden, with what would give them away
    assert numbers.participants.suppressed_count >= 2

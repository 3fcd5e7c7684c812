"""Baseline and end line (issue 11, item 9; 003, the way forward: measure community resilience before and
after). An assessment has indicators, each a proportion (of those asked, how many said yes), and two rounds
in the same places. Its questions come from the questionnaires; here are the assessment, its rounds and
their comparison.

The comparison, per indicator: each round's share with its Wilson interval, the difference with Newcombe's
interval (method 10), and the pooled two-proportion z-test's p-value. A change is "more than noise" when
Newcombe's 95% interval for the difference excludes zero (sathi.lib.proportions says why not overlapping
intervals). Every count passes the disclosure gate first: an indicator whose yes or no count is hidden in a
round shows no share for that round, and no difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_choice
from sathi.lib import disclosure, proportions
from sathi.lib.errors import NotFound
from sathi.people.policy import Kind, Verb
from sathi.prevention.models import Assessment, Indicator, Round, RoundValue
from sathi.prevention.services import clean_count, clean_date, clean_text, require, shared_place
from sathi.prevention.vocab import RoundKind

MAX_INDICATORS = 60


def assessment_create(*, actor: Membership, name: str, indicators: list[str]) -> Assessment:
    """A resilience assessment and its indicators, in order."""
    require(actor, Verb.RECORD_RESEARCH)
    name = clean_text(name, field="name", max_length=160, required=True)
    labels = [clean_text(label, field="indicators", max_length=200) for label in indicators or []]
    labels = list(dict.fromkeys(label for label in labels if label))
    if not labels or len(labels) > MAX_INDICATORS:
        raise ValidationError(
            {"indicators": _("Give between 1 and %(n)d indicators.") % {"n": MAX_INDICATORS}}
        )
    with transaction.atomic():
        if Assessment.objects.filter(organisation_id=actor.organisation_id, name=name).exists():
            raise ValidationError({"name": _("An assessment of this name already exists.")})
        assessment = Assessment.objects.create(
            organisation_id=actor.organisation_id, name=name, recorded_by_id=actor.user_id
        )
        Indicator.objects.bulk_create(
            Indicator(assessment=assessment, label=label, position=i) for i, label in enumerate(labels)
        )
        log_member_action(actor, "prevention.assessment_recorded", assessment, ["name", "indicators"])
    return assessment


def assessment_for(actor: Membership, assessment_id, *, numbers: bool = False) -> Assessment:
    require(actor, Kind.PREVENTION_NUMBERS if numbers else Kind.PREVENTION)
    found = Assessment.objects.filter(pk=assessment_id, organisation_id=actor.organisation_id).first()
    if found is None:
        raise NotFound
    return found


def assessments(actor: Membership, *, limit: int = 200, offset: int = 0) -> list[Assessment]:
    require(actor, Kind.PREVENTION_NUMBERS)
    rows = Assessment.objects.filter(organisation_id=actor.organisation_id).prefetch_related("rounds__places")
    return list(rows.order_by("-created_at", "-pk")[offset : offset + limit])


def round_record(
    *, actor: Membership, assessment_id, kind: str, held_on: date, place_ids: list[int]
) -> Round:
    """A round. The end line comes after the baseline, in the same places: a comparison of different places
    would measure the places, not the change."""
    require(actor, Verb.RECORD_RESEARCH)
    kind = clean_choice(kind, RoundKind, field="kind")
    held_on = clean_date(held_on, field="held_on")
    places = {shared_place(pk).pk for pk in dict.fromkeys(place_ids or [])}
    if not places:
        raise ValidationError({"places": _("Choose the places of the round.")})
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update().filter(pk=assessment_for(actor, assessment_id).pk).get()
        )
        baseline = assessment.rounds.filter(kind=RoundKind.BASELINE).first()
        if kind == RoundKind.ENDLINE:
            if baseline is None:
                raise ValidationError({"kind": _("Record the baseline first.")})
            if held_on <= baseline.held_on:
                raise ValidationError({"held_on": _("The end line comes after the baseline.")})
            if places != set(baseline.places.values_list("pk", flat=True)):
                raise ValidationError(
                    {"places": _("The end line is run in the same places as the baseline.")}
                )
        if assessment.rounds.filter(kind=kind).exists():
            raise ValidationError({"kind": _("This round is already recorded.")})
        found = Round.objects.create(
            assessment=assessment, kind=kind, held_on=held_on, recorded_by_id=actor.user_id
        )
        found.places.set(places)
        log_member_action(actor, "prevention.round_recorded", found, ["kind", "held_on", "places"])
    return found


def round_for(actor: Membership, assessment_id, round_id) -> Round:
    assessment = assessment_for(actor, assessment_id)
    found = assessment.rounds.filter(pk=round_id).first()
    if found is None:
        raise NotFound
    return found


def round_value_record(
    *, actor: Membership, assessment_id, round_id, indicator_id, place_id, asked: int, yes: int
) -> RoundValue:
    """One indicator's count in one place of a round: how many were asked, how many said yes."""
    require(actor, Verb.RECORD_RESEARCH)
    found = round_for(actor, assessment_id, round_id)
    indicator = found.assessment.indicators.filter(pk=indicator_id).first()
    if indicator is None:
        raise ValidationError({"indicator": _("Choose an indicator of this assessment.")})
    if not found.places.filter(pk=place_id).exists():
        raise ValidationError({"place": _("Choose a place of this round.")})
    asked = clean_count(asked, field="asked", minimum=1)
    yes = clean_count(yes, field="yes")
    if yes > asked:
        raise ValidationError({"yes": _("More said yes than were asked.")})
    try:
        with transaction.atomic():
            value = RoundValue.objects.create(
                round=found,
                indicator=indicator,
                place_id=place_id,
                asked=asked,
                yes=yes,
                recorded_by_id=actor.user_id,
            )
            log_member_action(actor, "prevention.round_recorded", found, ["values"])
    except IntegrityError as exc:  # the unique row: entered once per indicator and place
        raise ValidationError({"indicator": _("This indicator is already entered for this place.")}) from exc
    return value


# --- the comparison -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    yes: int
    asked: int
    share: float
    low: float
    high: float


@dataclass(frozen=True)
class Change:
    indicator: str
    baseline: Estimate | None  # None: not entered, or hidden by the disclosure gate
    endline: Estimate | None
    difference: float | None  # end line minus baseline
    low: float | None  # Newcombe's 95% interval for the difference
    high: float | None
    p_value: float | None  # pooled two-proportion z-test
    beyond_noise: bool | None


def _round_counts(actor, found: Round | None, indicators, place_id) -> dict[int, tuple[int, int] | None]:
    """Each indicator's (yes, asked) in a round, after the gate on its yes and no counts (None: hidden)."""
    if found is None:
        return dict.fromkeys((i.pk for i in indicators), None)
    rows = RoundValue.objects.filter(round=found)
    if place_id:
        rows = rows.filter(place_id=place_id)
    sums = {
        r["indicator_id"]: (r["y"], r["n"])
        for r in rows.values("indicator_id").annotate(y=Sum("yes"), n=Sum("asked"))
    }
    # Each indicator is its own question, asked of the same people: their counts are not summed across
    # indicators, so each (yes, no, asked) is protected on its own.
    threshold, shown = actor.organisation.disclosure_threshold, {}
    for pk, (yes, asked) in sums.items():
        protected = disclosure.protect_counts([yes, asked - yes], ["yes", "no"], threshold=threshold)
        shown[pk] = None if None in protected.counts or protected.total is None else (yes, asked)
    return {i.pk: shown.get(i.pk) for i in indicators}


def _estimate(counts: tuple[int, int] | None) -> Estimate | None:
    if counts is None or counts[1] == 0:
        return None
    yes, asked = counts
    interval = proportions.wilson(yes, asked)
    return Estimate(yes, asked, yes / asked, interval.low, interval.high)


def comparison(actor: Membership, assessment_id, *, place_id: int | None = None) -> list[Change]:
    """Per indicator, baseline against end line, over the round's places (or one of them)."""
    assessment = assessment_for(actor, assessment_id, numbers=True)
    indicators = list(assessment.indicators.all())
    rounds = {r.kind: r for r in assessment.rounds.all()}
    before = _round_counts(actor, rounds.get(RoundKind.BASELINE), indicators, place_id)
    after = _round_counts(actor, rounds.get(RoundKind.ENDLINE), indicators, place_id)
    changes = []
    for indicator in indicators:
        one, two = _estimate(before[indicator.pk]), _estimate(after[indicator.pk])
        if one and two:
            interval = proportions.newcombe(two.yes, two.asked, one.yes, one.asked)
            _z, p_value = proportions.two_proportion_z(two.yes, two.asked, one.yes, one.asked)
            beyond = interval.low > 0 or interval.high < 0
            changes.append(
                Change(
                    indicator.label,
                    one,
                    two,
                    two.share - one.share,
                    interval.low,
                    interval.high,
                    p_value,
                    beyond,
                )
            )
        else:
            changes.append(Change(indicator.label, one, two, None, None, None, None, None))
    return changes

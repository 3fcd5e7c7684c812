"""Palermo screening: a suggested classification with its reasons (PRIMER principle 1; seed 002).

Trafficking of an adult needs all three elements of the Palermo Protocol: an act (recruitment,
transportation, transfer, harbouring, receipt), a means (threat, force, coercion, abduction, fraud,
deception, abuse of power or of a position of vulnerability, payments to a person in control) and a purpose
(exploitation). For a child (under 18) the means are irrelevant. Smuggling is a consensual irregular
crossing. Exploitation is a continuum across sectors and can happen without trafficking.

There is deliberately no input for "she sells sex": selling sex is not an element and can never make a
suggestion of trafficking. Sexual exploitation as a purpose means someone else exploits her (takes her
earnings, keeps her against her will), which the worker records as such.

The suggestion is only a suggestion: the board or caseworker decides, and a different decision needs a
reason (sathi.screening). Reasons are codes; the app words them in the user's language.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Act(enum.StrEnum):
    RECRUITMENT = "recruitment"
    TRANSPORTATION = "transportation"
    TRANSFER = "transfer"
    HARBOURING = "harbouring"
    RECEIPT = "receipt"


class Means(enum.StrEnum):
    THREAT = "threat"
    FORCE = "force"
    OTHER_COERCION = "other_coercion"
    ABDUCTION = "abduction"
    FRAUD = "fraud"
    DECEPTION = "deception"
    ABUSE_OF_POWER = "abuse_of_power"
    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability"
    PAYMENTS_TO_CONTROLLER = "payments_to_controller"


class Control(enum.StrEnum):
    """Means of control used since she arrived (after the CTDC / HTCDS "means of control" list)."""

    DEBT_BONDAGE = "debt_bondage"
    TAKES_EARNINGS = "takes_earnings"
    WITHHOLDS_DOCUMENTS = "withholds_documents"
    RESTRICTS_MOVEMENT = "restricts_movement"
    THREATS_OF_LAW_ENFORCEMENT = "threats_of_law_enforcement"
    THREATS_TO_FAMILY = "threats_to_family"
    PHYSICAL_ABUSE = "physical_abuse"
    SEXUAL_ABUSE = "sexual_abuse"
    PSYCHOLOGICAL_ABUSE = "psychological_abuse"
    FALSE_PROMISES = "false_promises"
    PSYCHOACTIVE_SUBSTANCES = "psychoactive_substances"
    RESTRICTS_MEDICAL_CARE = "restricts_medical_care"
    EXCESSIVE_HOURS = "excessive_hours"
    OTHER = "other"


class Purpose(enum.StrEnum):
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    FORCED_LABOUR = "forced_labour"
    FORCED_MARRIAGE = "forced_marriage"
    ORGAN_REMOVAL = "organ_removal"
    OTHER = "other"


class Classification(enum.StrEnum):
    ADULT_OWN_DECISION = "adult_own_decision"
    TRAFFICKED_ADULT = "trafficked_adult"
    TRAFFICKED_CHILD = "trafficked_child"
    CHILD_IN_NEED = "child_in_need_of_care"
    EXPLOITED_NOT_TRAFFICKED = "exploited_not_trafficked"
    SMUGGLED = "smuggled"
    NOT_ENOUGH_INFORMATION = "not_enough_information"


class Reading(enum.StrEnum):
    ADULT = "adult"
    MINOR = "minor"


class Reason(enum.StrEnum):
    ACT_PRESENT = "act_present"
    ACT_ABSENT = "act_absent"
    ACT_UNKNOWN = "act_unknown"
    MEANS_PRESENT = "means_present"
    MEANS_ABSENT = "means_absent"
    MEANS_UNKNOWN = "means_unknown"
    MEANS_IRRELEVANT_FOR_CHILD = "means_irrelevant_for_child"
    PURPOSE_PRESENT = "purpose_present"
    PURPOSE_ABSENT = "purpose_absent"
    PURPOSE_UNKNOWN = "purpose_unknown"
    CONTROL_SINCE = "control_since"
    CAME_WITHOUT_FORCE = "came_without_force"
    SAID_FORCED = "said_forced"
    IRREGULAR_CROSSING_CONSENTED = "irregular_crossing_consented"
    MINOR_NEEDS_PROTECTION = "minor_needs_protection"
    SELLING_SEX_IS_NOT_AN_ELEMENT = "selling_sex_is_not_an_element"


@dataclass(frozen=True)
class Facts:
    """What was found. None means "not asked or not known"; an empty set means "asked: none"."""

    acts: frozenset[Act] | None = None
    means: frozenset[Means] | None = None
    control_since: frozenset[Control] = frozenset()
    purposes: frozenset[Purpose] | None = None
    came_without_force: bool | None = None  # her own answer
    irregular_crossing_consented: bool = False


@dataclass(frozen=True)
class Suggestion:
    reading: Reading
    classification: Classification
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def _element(values, present: Reason, absent: Reason, unknown: Reason) -> tuple[bool | None, Reason]:
    if values is None:
        return None, unknown
    return (True, present) if values else (False, absent)


def classify(facts: Facts, reading: Reading) -> Suggestion:
    """The suggestion for one reading of her age."""
    act, act_reason = _element(facts.acts, Reason.ACT_PRESENT, Reason.ACT_ABSENT, Reason.ACT_UNKNOWN)
    means, means_reason = _element(
        facts.means, Reason.MEANS_PRESENT, Reason.MEANS_ABSENT, Reason.MEANS_UNKNOWN
    )
    purpose, purpose_reason = _element(
        facts.purposes, Reason.PURPOSE_PRESENT, Reason.PURPOSE_ABSENT, Reason.PURPOSE_UNKNOWN
    )
    control = bool(facts.control_since)
    reasons = [act_reason]
    if reading == Reading.MINOR:
        reasons += [Reason.MEANS_IRRELEVANT_FOR_CHILD, purpose_reason]
        if control:
            reasons.append(Reason.CONTROL_SINCE)
        if act and (purpose or control):
            return Suggestion(reading, Classification.TRAFFICKED_CHILD, tuple(reasons))
        if act is None or (purpose is None and not control):
            return Suggestion(reading, Classification.NOT_ENOUGH_INFORMATION, tuple(reasons))
        # A minor without the elements still needs care and protection (Juvenile Justice Act 2015).
        reasons.append(Reason.MINOR_NEEDS_PROTECTION)
        return Suggestion(reading, Classification.CHILD_IN_NEED, tuple(reasons))

    reasons += [means_reason, purpose_reason]
    if control:
        reasons.append(Reason.CONTROL_SINCE)
    if facts.came_without_force is True:
        reasons.append(Reason.CAME_WITHOUT_FORCE)
    elif facts.came_without_force is False:
        reasons.append(Reason.SAID_FORCED)
    exploited = bool(purpose) or control
    if act and means and exploited:
        return Suggestion(Reading.ADULT, Classification.TRAFFICKED_ADULT, tuple(reasons))
    if None in (act, means) or (purpose is None and not control):
        # An element not yet asked could still complete the three: do not guess.
        return Suggestion(Reading.ADULT, Classification.NOT_ENOUGH_INFORMATION, tuple(reasons))
    if means or exploited:
        return Suggestion(Reading.ADULT, Classification.EXPLOITED_NOT_TRAFFICKED, tuple(reasons))
    if facts.irregular_crossing_consented:
        reasons.append(Reason.IRREGULAR_CROSSING_CONSENTED)
        return Suggestion(Reading.ADULT, Classification.SMUGGLED, tuple(reasons))
    if facts.came_without_force is False:
        # She says she was forced, yet no means was recorded: ask again rather than decide.
        return Suggestion(Reading.ADULT, Classification.NOT_ENOUGH_INFORMATION, tuple(reasons))
    reasons.append(Reason.SELLING_SEX_IS_NOT_AN_ELEMENT)
    return Suggestion(Reading.ADULT, Classification.ADULT_OWN_DECISION, tuple(reasons))


def suggest(facts: Facts, age_status: str) -> list[Suggestion]:
    """One suggestion for an adult or a minor; both readings when her age is disputed or unknown."""
    if age_status == "adult":
        return [classify(facts, Reading.ADULT)]
    if age_status == "minor":
        return [classify(facts, Reading.MINOR)]
    return [classify(facts, Reading.MINOR), classify(facts, Reading.ADULT)]

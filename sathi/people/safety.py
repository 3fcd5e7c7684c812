"""Her safety from the people and households around her: two questions other apps answer through registries.

People stands below the apps that hold the facts (relations, violations), so they register here from their
AppConfig.ready(), as legal registers its deadlines with care/due.py:

- Who is suspected of harming her? (relations: someone on her map who took part in her entry; violations: a
  family member or partner among the perpetrators of an incident she was affected by.) A suspected guardian
  never gives consent for her: the Child Welfare Committee does (Juvenile Justice Act 2015, s. 2(14)).
- May a path return her to a household now? (relations: the reintegration safety check.) Every path home
  calls `home_refusal` and is refused while it answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sathi.people import policy
from sathi.people.policy import FieldClass

ANY_RELATIVE = "*"  # a suspicion about "her family" without saying who
UNSAFE_HOME = "unsafe_home"  # the code of the error a refused path home raises


@dataclass(frozen=True)
class Suspicion:
    """Someone suspected of harming her. `kinds` are the relation codes (and their words in every language)
    a guardian's stated relationship is matched against; ANY_RELATIVE matches every relative."""

    kinds: frozenset[str]
    reason: str  # translated, shown to the worker; never a name


SuspicionSource = Callable[[object], list[Suspicion]]
SUSPICION_SOURCES: dict[str, SuspicionSource] = {}

# (person, household or None for any) -> the reasons she may not go home now, translated; [] when she may.
HomeGate = Callable[[object, str | None], list[str]]
HOME_GATES: dict[str, HomeGate] = {}


def suspicion_source(name: str):
    def register(source: SuspicionSource) -> SuspicionSource:
        SUSPICION_SOURCES[name] = source
        return source

    return register


def home_gate(name: str):
    def register(gate: HomeGate) -> HomeGate:
        HOME_GATES[name] = gate
        return gate

    return register


def suspicions(person) -> list[Suspicion]:
    return [s for source in SUSPICION_SOURCES.values() for s in source(person)]


def normalise(relationship: str) -> str:
    return " ".join(relationship.casefold().replace("-", " ").replace("_", " ").split())


def guardian_suspicions(person, relationship: str) -> list[Suspicion]:
    """The facts that make a guardian of this relationship to her a suspect."""
    said = normalise(relationship)
    return [s for s in suspicions(person) if ANY_RELATIVE in s.kinds or said in s.kinds]


def home_refusal(person, household: str | None = None) -> list[str]:
    """Why she may not be returned to `household` (or to any household) now; empty when she may."""
    return [reason for gate in HOME_GATES.values() for reason in gate(person, household)]


def require_safe_home(*, actor, person, household: str | None = None, field: str) -> None:
    """Refuse a path home (a placement with family, a case closed as returned home, a referral to her home
    area's office, a board's decision to reintegrate her with family) while the gate answers. Why, only for
    a role that may read her violence history, since the flags are that class."""
    reasons = home_refusal(person, household)
    if not reasons:
        return
    message = _("The person cannot be sent home yet: every flag of the safety check needs a plan first.")
    if policy.decide(actor, policy.Verb.READ, field_class=FieldClass.VIOLENCE):
        message = " ".join([message, *reasons])
    raise ValidationError({field: ValidationError(message, code=UNSAFE_HOME)})

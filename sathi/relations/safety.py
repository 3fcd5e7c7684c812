"""What the person's relations map says about their safety, registered with sathi.people.safety.

- Someone on the map who sold, deceived or facilitated the person's entry is suspected of harming them: as a
  guardian, that relative (a parent, a step-parent, an uncle, a grandparent...) cannot consent for them.
- The latest safety check of a household gates every path that returns the person there: while any of its
  flags has no plan, they are not sent back. A minor is not sent home before a safety check at all (the Home
  Inquiry Report, Juvenile Justice Act 2015).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from sathi.people.safety import Suspicion, home_gate, normalise, suspicion_source
from sathi.people.vocab import AgeStatus
from sathi.relations.models import Relation, SafetyCheck
from sathi.relations.vocab import HOUSEHOLDS, KIN_WORDS, TOOK_PART, Domain, EntryRole, Kind, SafetyFlag


def kind_words(*codes: str) -> frozenset[str]:
    """A relation kind as a guardian's relationship may be written: its code, its name in each language and
    the field's own words for it (KIN_WORDS)."""
    words = set()
    for code in codes:
        words.add(normalise(code))
        words.update(normalise(word) for word in KIN_WORDS.get(code, ()))
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                words.add(normalise(str(Kind(code).label)))
    return frozenset(words)


@suspicion_source("relations.entry_role")
def took_part_in_her_entry(person) -> list[Suspicion]:
    return [
        Suspicion(
            kinds=kind_words(kind),
            reason=_("On the relations map: %(kind)s (%(role)s).")
            % {"kind": Kind(kind).label, "role": EntryRole(role).label},
        )
        for kind, role in Relation.objects.filter(person=person, entry_role__in=TOOK_PART).values_list(
            "kind", "entry_role"
        )
    ]


def latest_checks(person, household: str | None) -> list[SafetyCheck]:
    households = [household] if household else sorted(HOUSEHOLDS)
    checks = []
    for name in households:
        check = (
            SafetyCheck.objects.filter(person=person, household=name).order_by("-checked_on", "-pk").first()
        )
        if check is not None:
            checks.append(check)
    return checks


@home_gate("relations.safety_check")
def unplanned_flags(person, household: str | None) -> list[str]:
    checks = latest_checks(person, household)
    if not checks:
        if person.age_status == AgeStatus.MINOR:
            return [_("A minor: record the safety check of the household before any return home.")]
        return []
    reasons = []
    for check in checks:
        missing = [str(SafetyFlag(flag).label) for flag in check.flags if not (check.plan or {}).get(flag)]
        if missing:
            reasons.append(
                _("The safety check of the %(household)s has flags without a plan: %(flags)s.")
                % {"household": Domain(check.household).label.lower(), "flags": ", ".join(missing)}
            )
    return reasons

"""May this person's data be used for purpose P now? The one answer (DESIGN rule 13).

Every use asks here: statistics (every aggregate), sharing (referrals and every copy that leaves the
organisation), contact (follow-ups), community alerts. The latest record for a purpose (and receiver) is the
one in force; a withdrawal is a timestamp and stops the use at once, because nothing here is cached.

Consent is asked for, never presumed: a person with no record for a purpose is not used for it.

Anonymous records (an affected person recorded by age band and gender, without a person in Sathi, because she
did not want a record) are counted in statistics. They hold no identity, there is no one to ask, and they were
made so that the event is counted; every number still passes the organisation's disclosure threshold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery

from sathi.people.models import Consent, Person
from sathi.people.vocab import ConsentPurpose


def _latest(purpose: str, receiver, at: datetime | None) -> QuerySet:
    receiver_id = getattr(receiver, "pk", receiver)
    latest = Consent.objects.filter(purpose=purpose, receiver_id=receiver_id)
    if at is not None:
        latest = latest.filter(taken_at__lte=at)
    return latest.order_by("-taken_at", "-pk")


def _in_force(consent: Consent | None, at: datetime | None) -> bool:
    if consent is None or not consent.granted:
        return False
    return consent.withdrawn_at is None or (at is not None and consent.withdrawn_at > at)


def consent_allows(person: Person, purpose: str, receiver=None, at: datetime | None = None) -> bool:
    """May her data be used for `purpose` (shared with `receiver`, an organisation or its id) at `at` (now)?

    Reads the database every time, so a withdrawal stops the use at once."""
    return _in_force(_latest(purpose, receiver, at).filter(person=person).first(), at)


def consent_for(person: Person, purpose: str, receiver=None) -> Consent | None:
    """The consent in force now, when the use needs its terms (the safe channel of a contact consent)."""
    latest = _latest(purpose, receiver, None).filter(person=person).first()
    return latest if _in_force(latest, None) else None


def contact_consent(person: Person) -> Consent | None:
    """Her consent to be contacted, if it is in force: it names the one safe channel to use."""
    return consent_for(person, ConsentPurpose.CONTACT)


def consenting(
    queryset: QuerySet,
    purpose: str,
    *,
    path: str = "pk",
    receiver=None,
    at: datetime | None = None,
    anonymous: bool = False,
) -> QuerySet:
    """The queryset form of `consent_allows`, for aggregates: keep the rows whose person (reached through
    `path`, "pk" for people themselves) allows `purpose`. With `anonymous`, rows without a person stay."""
    latest = _latest(purpose, receiver, at).filter(person=OuterRef(path))
    annotated = queryset.annotate(
        _consent_granted=Subquery(latest.values("granted")[:1]),
        _consent_withdrawn=Subquery(latest.values("withdrawn_at")[:1]),
    )
    still = Q(_consent_withdrawn__isnull=True)
    if at is not None:
        still |= Q(_consent_withdrawn__gt=at)
    allowed = Q(_consent_granted=True) & still
    if anonymous:
        allowed |= Q(**{f"{path}__isnull": True})
    return annotated.filter(allowed)


def counted(queryset: QuerySet, *, path: str = "pk", at: datetime | None = None) -> QuerySet:
    """Rows an aggregate may count: her statistics consent is in force, or the record is anonymous."""
    return consenting(queryset, ConsentPurpose.STATISTICS, path=path, at=at, anonymous=path != "pk")


def consents_in_force(consents: list[Consent]) -> dict[tuple[str, int | None], Consent]:
    """The latest record per (purpose, receiver) from a list already read (her record page)."""
    latest: dict[tuple[str, int | None], Consent] = {}
    for consent in sorted(consents, key=lambda c: (c.taken_at, c.pk or 0)):
        latest[(consent.purpose, consent.receiver_id)] = consent
    return latest


# --- the aggregates that count people ---------------------------------------------------------------


@dataclass(frozen=True)
class StatisticsSource:
    """An aggregate that counts people. `people(organisation)` returns the ids of the people it would
    count now (a flat values_list), so that a test can walk every source and see a withdrawal take her
    out of each."""

    name: str
    module: str
    people: Callable[[object], QuerySet]


STATISTICS_SOURCES: dict[str, StatisticsSource] = {}

# Modules that publish numbers through the disclosure gate but count no recorded person: counts typed in
# as counts (how many in a focus group said so), about places and offices. Nobody in them has a record whose
# consent could be asked, so they register no source; the gate still hides their small counts.
COUNTS_NO_PERSON: dict[str, str] = {
    "sathi.prevention.selectors": "respondents of research sessions, entered as numbers per cohort",
    "sathi.prevention.preferences": "respondents' model choices, entered by gender and cohort, never named",
    "sathi.prevention.assessments": "a resilience assessment's answers, typed in as counts per place",
    "sathi.prevention.dialogues": "dialogue participants, counted by cohort, gender and age, never named",
}


def statistics_source(name: str):
    """Register an aggregate (decorating the function that gives the people it counts). Every module that
    publishes numbers through the disclosure gate registers at least one source, or the suite fails."""

    def register(people: Callable[[object], QuerySet]):
        STATISTICS_SOURCES[name] = StatisticsSource(name=name, module=people.__module__, people=people)
        return people

    return register

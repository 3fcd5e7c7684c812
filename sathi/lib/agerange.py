"""Age from evidence: a range of possible birth dates, and a status (adult, minor, disputed, unknown).

The order of evidence follows the Juvenile Justice (Care and Protection of Children) Act 2015, section 94(2):
  (i)   the date of birth certificate from the school, or the matriculation or equivalent certificate;
        and only in their absence
  (ii)  the birth certificate given by a corporation, municipal authority or panchayat;
        and only in the absence of both
  (iii) an ossification test or any other latest medical age determination test.
Her own statement counts when none of these exists. An estimate by police or an NGO ("looks minor") is
recorded but never decides: it can only widen a range into a dispute, never make her a minor or an adult
by itself. A range that straddles the 18th birthday is a dispute, not a fact (PRIMER flow B).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

MAJORITY = 18


class Kind(enum.StrEnum):
    SCHOOL_CERTIFICATE = "school_certificate"  # s.94(2)(i): school or matriculation certificate
    BIRTH_CERTIFICATE = "birth_certificate"  # s.94(2)(ii)
    OTHER_DOCUMENT = "other_document"  # read with (ii): an official document with a date of birth
    MEDICAL_OPINION = "medical_opinion"  # s.94(2)(iii): ossification or other medical test
    SELF_STATED = "self_stated"  # her own account
    ESTIMATE = "estimate"  # by police or an NGO: recorded, never decides


# Lower tier wins; a tier is used only when no lower tier has evidence.
TIER = {
    Kind.SCHOOL_CERTIFICATE: 1,
    Kind.BIRTH_CERTIFICATE: 2,
    Kind.OTHER_DOCUMENT: 2,
    Kind.MEDICAL_OPINION: 3,
    Kind.SELF_STATED: 4,
    Kind.ESTIMATE: 5,
}


class Status(enum.StrEnum):
    ADULT = "adult"
    MINOR = "minor"
    DISPUTED = "disputed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Evidence:
    kind: Kind
    as_of: date  # the day the age was stated, examined or documented
    date_of_birth: date | None = None
    age_years: int | None = None
    margin_years: int = 0  # a medical opinion's margin, e.g. 2 for "19 ± 2"


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


def birth_window(ev: Evidence) -> tuple[date, date]:
    """The earliest and latest birth dates consistent with one piece of evidence."""
    if ev.date_of_birth is not None:
        return ev.date_of_birth, ev.date_of_birth
    if ev.age_years is None:
        raise ValueError("evidence needs a date of birth or an age")
    oldest, youngest = ev.age_years + ev.margin_years, max(ev.age_years - ev.margin_years, 0)
    # Aged A on day D means born after D - (A+1) years and on or before D - A years.
    earliest = add_years(ev.as_of, -(oldest + 1)) + timedelta(days=1)
    latest = add_years(ev.as_of, -youngest)
    return earliest, latest


@dataclass(frozen=True)
class Assessment:
    status: Status
    born_earliest: date | None
    born_latest: date | None
    decided_by: Kind | None  # the kind of evidence that set the range

    def age_range(self, today: date) -> tuple[int, int] | None:
        if self.born_earliest is None or self.born_latest is None:
            return None
        return completed_years(self.born_latest, today), completed_years(self.born_earliest, today)

    def days_to_majority(self, today: date) -> tuple[int, int] | None:
        """Days until her 18th birthday from both ends of the range (soonest, latest); negative once past."""
        if self.born_earliest is None or self.born_latest is None:
            return None
        return (
            (add_years(self.born_earliest, MAJORITY) - today).days,
            (add_years(self.born_latest, MAJORITY) - today).days,
        )


def completed_years(born: date, today: date) -> int:
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return max(years, 0)


def assess(evidence: list[Evidence], today: date) -> Assessment:
    if not evidence:
        return Assessment(Status.UNKNOWN, None, None, None)
    best_tier = min(TIER[ev.kind] for ev in evidence)
    deciding = [ev for ev in evidence if TIER[ev.kind] == best_tier]
    if best_tier == TIER[Kind.SELF_STATED]:
        # No document and no medical opinion: her statement stands, but an estimate that disagrees
        # makes the range wider, so a police "17" against her "22" is a dispute (PRIMER flow B).
        deciding = deciding + [ev for ev in evidence if ev.kind == Kind.ESTIMATE]
    windows = [birth_window(ev) for ev in deciding]
    earliest, latest = min(w[0] for w in windows), max(w[1] for w in windows)
    if best_tier == TIER[Kind.ESTIMATE]:
        return Assessment(Status.UNKNOWN, earliest, latest, Kind.ESTIMATE)
    adult_if_born_by = add_years(today, -MAJORITY)
    if latest <= adult_if_born_by:
        status = Status.ADULT
    elif earliest > adult_if_born_by:
        status = Status.MINOR
    else:
        status = Status.DISPUTED
    return Assessment(status, earliest, latest, deciding[0].kind)

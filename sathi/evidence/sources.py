"""What the catalogue's tables count: one grouped query per table, by month, place and every dimension.

Each source returns rows {"month": date, "district": str, "block": str, <dimension>: code, ..., "n": int}
for one organisation and a period of whole months. The counts are of events that fall in one month (a case
opened, an incident began, a person presented to a board, a follow-up made), so that a table over any
period is the sum of its months: the release ledger's differencing check relies on that.

People are counted only while their consent to statistics is in force (`counted`); anonymous records of
affected persons are counted (sathi.people.consent). Age is read at the younger end of her age range, so a
disputed age counts as the younger band, as the board indicators do.
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, TruncMonth

from sathi.care.models import Case as CareCase
from sathi.care.models import FollowUp
from sathi.people.consent import counted
from sathi.places.models import Place, PlaceKind
from sathi.screening.models import Decision, Presentation, Screening
from sathi.violations.models import AffectedPerson
from sathi.violations.vocab import BAND_FROM, COUNTED, AgeBand

NOT_RECORDED = "not_recorded"


def age_band(born: str, on: str):
    """Her age band on a day, in SQL: completed years from the latest possible birth date."""
    years = (
        ExtractYear(on)
        - ExtractYear(born)
        - Case(
            When(
                Q(**{f"{on}__month__lt": ExtractMonth(born)})
                | Q(**{f"{on}__month": ExtractMonth(born), f"{on}__day__lt": ExtractDay(born)}),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    whens = [When(**{f"{born}__isnull": True}, then=Value(AgeBand.UNKNOWN.value))]
    return Case(
        *whens,
        *(When(Q(_age__gte=low), then=Value(band.value)) for low, band in BAND_FROM),
        default=Value(AgeBand.UNKNOWN.value),
        output_field=CharField(),
    ), years


def _latest_decision(person_path: str):
    decisions = Decision.objects.filter(screening__person=OuterRef(person_path)).order_by(
        "-decided_on", "-screening__pk"
    )
    return Coalesce(Subquery(decisions.values("classification")[:1]), Value(NOT_RECORDED))


def _latest_sector(person_path: str):
    screenings = Screening.objects.filter(person=OuterRef(person_path)).exclude(labour_sector="")
    return Coalesce(Subquery(screenings.order_by("-pk").values("labour_sector")[:1]), Value(NOT_RECORDED))


def _rows(queryset, dims: list[str]) -> list[dict]:
    return list(queryset.values("month", "district", "block", *dims).annotate(n=Count("pk")).order_by())


def care_cases(organisation, start: date, end: date) -> list[dict]:
    """Cases opened in the period, by the person's district of origin, gender, age band at opening, the
    latest screening decision, the sector of forced labour, and where the case stands now."""
    band, years = age_band("person__born_latest", "opened_on")
    cases = counted(
        CareCase.objects.filter(organisation=organisation, opened_on__gte=start, opened_on__lte=end),
        path="person",
    ).annotate(
        month=TruncMonth("opened_on"),
        district=Coalesce(F("person__origin_district"), Value("")),
        block=Value(""),
        gender=F("person__gender"),
        _age=years,
    )
    cases = cases.annotate(
        age_band=band,
        classification=_latest_decision("person"),
        labour_sector=_latest_sector("person"),
        outcome=Case(When(status="closed", then=F("close_reason")), default=F("status")),
    )
    return _rows(cases, ["gender", "age_band", "classification", "labour_sector", "outcome"])


def follow_ups(organisation, start: date, end: date) -> list[dict]:
    """Follow-up contacts made in the period, by how long after the case opened (3, 6 or 12 months and
    more), their outcome and the person's own account of return or coercion."""
    done = counted(
        FollowUp.objects.filter(
            case__organisation=organisation, done_on__gte=start, done_on__lte=end
        ).exclude(outcome=""),
        path="case__person",
    ).annotate(
        month=TruncMonth("done_on"),
        district=Coalesce(F("case__person__origin_district"), Value("")),
        block=Value(""),
        _months=(ExtractYear("done_on") - ExtractYear("case__opened_on")) * 12
        + ExtractMonth("done_on")
        - ExtractMonth("case__opened_on"),
    )
    done = done.annotate(
        after=Case(
            When(_months__lt=3, then=Value("under_3")),
            When(_months__lt=6, then=Value("3_months")),
            When(_months__lt=12, then=Value("6_months")),
            default=Value("12_months"),
            output_field=CharField(),
        ),
        contact=F("outcome"),
        coerced_again=Case(
            When(coerced=True, then=Value("yes")),
            When(coerced=False, then=Value("no")),
            default=Value(NOT_RECORDED),
            output_field=CharField(),
        ),
    )
    return _rows(done, ["after", "contact", "coerced_again"])


def _blocks(place_ids: set[int]) -> dict[int, str]:
    """The block each place lies in ("" when none): a few places, walked up in Python."""
    found: dict[int, str] = {}
    for place in Place.objects.filter(pk__in=place_ids).select_related("parent__parent__parent"):
        block = ""
        for step in place.ancestors():
            if step.kind == PlaceKind.BLOCK:
                block = step.name
                break
        found[place.pk] = block
    return found


def affected_persons(organisation, start: date, end: date) -> list[dict]:
    """People affected by rights violations and raids that began in the period (not judged unlikely), by
    the incident's district and block, the kind of incident, gender and age band."""
    affected = counted(
        AffectedPerson.objects.filter(
            incident__organisation=organisation,
            incident__verification__in=COUNTED,
            incident__start_date__gte=start,
            incident__start_date__lte=end,
        ),
        path="person",
    ).annotate(
        month=TruncMonth("incident__start_date"),
        district=F("incident__district__name"),
        place_id=F("incident__place_id"),
        kind=F("incident__incident_type"),
    )
    grouped = list(
        affected.values("month", "district", "place_id", "kind", "gender", "age_band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    blocks = _blocks({row["place_id"] for row in grouped})
    merged: dict[tuple, dict] = {}
    for row in grouped:
        row["block"] = blocks.get(row.pop("place_id"), "")
        key = (row["month"], row["district"], row["block"], row["kind"], row["gender"], row["age_band"])
        if key in merged:
            merged[key]["n"] += row["n"]
        else:
            merged[key] = row
    return list(merged.values())


def board_entrants(organisation, start: date, end: date) -> list[dict]:
    """New entrants presented to the organisation's boards, by the board's district, age group and gender."""
    band, years = age_band("person__born_latest", "presented_on")
    presented = counted(
        Presentation.objects.filter(
            board__organisation=organisation, presented_on__gte=start, presented_on__lte=end
        ),
        path="person",
    ).annotate(
        month=TruncMonth("presented_on"),
        district=Coalesce(F("board__area__parent__name"), Value("")),
        block=Value(""),
        gender=F("person__gender"),
        _age=years,
    )
    presented = presented.annotate(age_band=band)
    return _rows(presented, ["gender", "age_band"])


# --- every place a table has ever counted (its place rows, whatever the period) ---------------------


def _distinct(queryset, district: str) -> list[tuple[str, str]]:
    return [(d or "", "") for d in queryset.values_list(district, flat=True).distinct().order_by()]


def care_places(organisation) -> list[tuple[str, str]]:
    return _distinct(CareCase.objects.filter(organisation=organisation), "person__origin_district")


def follow_up_places(organisation) -> list[tuple[str, str]]:
    return _distinct(
        FollowUp.objects.filter(case__organisation=organisation), "case__person__origin_district"
    )


def incident_places(organisation) -> list[tuple[str, str]]:
    pairs = (
        AffectedPerson.objects.filter(incident__organisation=organisation)
        .values_list("incident__district__name", "incident__place_id")
        .distinct()
        .order_by()
    )
    pairs = list(pairs)
    blocks = _blocks({p for _d, p in pairs})
    return sorted({(d or "", blocks.get(p, "")) for d, p in pairs})


def board_places(organisation) -> list[tuple[str, str]]:
    return _distinct(
        Presentation.objects.filter(board__organisation=organisation), "board__area__parent__name"
    )


# --- the people each table counts now (sathi.people.consent's registry of statistics sources) --------


def care_people(organisation):
    cases = counted(CareCase.objects.filter(organisation=organisation), path="person")
    return cases.values_list("person_id", flat=True)


def follow_up_people(organisation):
    done = FollowUp.objects.filter(case__organisation=organisation).exclude(outcome="")
    return counted(done, path="case__person").values_list("case__person_id", flat=True)


def incident_people(organisation):
    affected = AffectedPerson.objects.filter(
        incident__organisation=organisation, incident__verification__in=COUNTED, person__isnull=False
    )
    return counted(affected, path="person").values_list("person_id", flat=True)


def board_people(organisation):
    presented = Presentation.objects.filter(board__organisation=organisation)
    return counted(presented, path="person").values_list("person_id", flat=True)

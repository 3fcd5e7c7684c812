"""The raid report and the response indicators: numbers only, every one through the disclosure gate.

Seed 001 ("Raided"): raids are indiscriminate and violent, few of those taken are minors, and most adults
return to sex work after release, many having signed undertakings to quit. These are the numbers a collective
needs to show it, computed without exposing anyone (DESIGN rule 10):

- Each measure is one list of counts that adds up to its base (persons picked up, persons with a record of
  their own, persons released, phones taken, raids), passed through `protect_counts`. Bases shared by two
  lists are the same number, and the gate never picks a total as a complement while a count is left, so a
  base is shown in all of its lists or in none.
- A share is computed only from published counts; if any count it needs is hidden, so is the share.
- Per-raid figures (raids by legal basis, persons per raid, median detention) are shown only when the number
  of raids itself is shown: a district with 3 raids shows none of them.
- Places are counted at district level only. Evidence, names and accounts never enter a report or an export.
- A person in Sathi is counted only while her consent to statistics is in force (sathi.people.consent);
  anonymous records are counted. The raid's own headcounts (picked up, minors per police, phones) are what
  the organisation observed of the raid, typed in as numbers, not anyone's record, and stay.
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sathi.accounts.models import Membership, Organisation
from sathi.audit.services import log_action
from sathi.lib import disclosure
from sathi.lib.disclosure import SUPPRESSED, Entry, ProtectedCounts
from sathi.lib.errors import Forbidden
from sathi.people import policy
from sathi.people.consent import counted, statistics_source
from sathi.people.policy import Kind
from sathi.places.models import Place, PlaceKind
from sathi.violations.models import AffectedPerson, Incident, Outcome, RaidDetails, Response
from sathi.violations.vocab import (
    COUNTED,
    SIGNED,
    VIOLENT_ACTS,
    IncidentType,
    LegalBasis,
    OutcomeKind,
    OwnDecision,
    ResponseAction,
    ResponseOutcome,
    Undertaking,
)

POLICE_RECORD = ("minors", "adults", "not_known")
VERIFIED_AGE = ("minors", "not_minors", "not_known")
RELEASED = ("returned", "no_return_recorded")
VIOLENCE = ("reported", "not_reported")
PHONES = ("returned", "not_returned", "not_known")


def require_report_role(actor: Membership) -> None:
    """The analyst (aggregates only) and every role that may see violence records; no one else."""
    if not policy.decide(actor, Kind.VIOLATION_REPORT):
        raise Forbidden


def _threshold(actor: Membership, threshold: int | None) -> int:
    own = Organisation.objects.values_list("disclosure_threshold", flat=True).get(pk=actor.organisation_id)
    # A caller may ask for more suppression, never less than the organisation's own threshold.
    return disclosure.check_threshold(max(threshold or own, own))


def _period(start, end) -> tuple[date, date]:
    if not isinstance(start, date):
        raise ValidationError({"start": _("Enter a valid date.")})
    if not isinstance(end, date):
        raise ValidationError({"end": _("Enter a valid date.")})
    if end < start:
        raise ValidationError({"end": _("The end of the period cannot be before its start.")})
    return start, end


def _district(district_id) -> Place | None:
    if district_id in (None, ""):
        return None
    try:
        district = Place.objects.filter(pk=int(district_id), kind=PlaceKind.DISTRICT).first()
    except (TypeError, ValueError):
        district = None
    if district is None:
        raise ValidationError({"district": _("Choose a district.")})
    return district


def _incidents(actor: Membership, district: Place | None):
    """The organisation's own incidents that count (not judged unlikely), whatever their confidentiality:
    a restricted incident is still one raid in a number."""
    queryset = Incident.objects.filter(organisation_id=actor.organisation_id, verification__in=COUNTED)
    return queryset.filter(district=district) if district is not None else queryset


def _share(numerator: list[Entry], denominator: list[Entry]) -> float | None:
    """A share from published counts only: None when any count it needs is hidden, or the base is zero."""
    if any(v is SUPPRESSED for v in (*numerator, *denominator)):
        return None
    base = sum(denominator)
    return round(sum(numerator) / base, 4) if base else None


def _hidden(labels, threshold: int) -> ProtectedCounts:
    """Every entry hidden: for per-raid figures when the number of raids itself is hidden."""
    return ProtectedCounts(
        labels=tuple(labels),
        counts=(SUPPRESSED,) * len(labels),
        total=SUPPRESSED,
        threshold=threshold,
        suppressed_count=len(labels) + 1,
    )


def _documented(raids):
    """Persons picked up with a record of their own, that the report may count."""
    return counted(AffectedPerson.objects.filter(incident__in=raids, picked_up=True), path="person")


def _responses(responses):
    return counted(responses, path="affected__person")


@statistics_source("violations.raid_report")
def _raid_people(organisation):
    raids = Incident.objects.filter(
        organisation=organisation, verification__in=COUNTED, incident_type=IncidentType.RAID
    )
    return _documented(raids).exclude(person__isnull=True).values_list("person_id", flat=True)


@statistics_source("violations.response_indicators")
def _response_people(organisation):
    responses = Response.objects.filter(
        incident__organisation=organisation, incident__verification__in=COUNTED
    )
    return (
        _responses(responses)
        .exclude(affected__person__isnull=True)
        .values_list("affected__person_id", flat=True)
    )


@dataclass(frozen=True)
class RaidReport:
    start: date
    end: date
    district: str | None  # None: every district the organisation has recorded raids in
    threshold: int
    raids: Entry
    picked_up: Entry  # known, or estimated where the estimate is larger
    documented: Entry  # persons picked up with a record of their own (per-person shares)
    police_record: ProtectedCounts  # of persons picked up: recorded as minors by police, as adults, not known
    verified_age: ProtectedCounts  # of persons picked up: minors by verified age, not minors, not known
    own_decision: ProtectedCounts  # of persons documented: said yes, no, not asked
    released: ProtectedCounts  # of persons released: returned to sex work by her choice, or not recorded
    undertakings: ProtectedCounts  # of persons documented, by undertaking
    violence: ProtectedCounts  # of persons documented: reported violence or not
    phones: ProtectedCounts  # of phones taken: returned, not returned, not known
    legal_basis: ProtectedCounts  # of raids (a per-raid figure)
    share_minors_police: float | None
    share_minors_verified: float | None
    share_own_decision: float | None
    share_returned: float | None
    share_signed: float | None
    share_violence: float | None
    persons_per_raid: float | None  # per-raid figure
    median_detention_hours: float | None  # per-raid figure


def raid_report(
    *,
    actor: Membership,
    start: date,
    end: date,
    district_id=None,
    threshold: int | None = None,
) -> RaidReport:
    """Raids that began in the period, in one district (or all), as numbers through the gate."""
    require_report_role(actor)
    start, end = _period(start, end)
    district = _district(district_id)
    threshold = _threshold(actor, threshold)
    raids = _incidents(actor, district).filter(
        incident_type=IncidentType.RAID, start_date__gte=start, start_date__lte=end
    )
    n_raids = raids.count()
    details = list(RaidDetails.objects.filter(incident__in=raids))

    police = dict.fromkeys(POLICE_RECORD, 0)
    verified = dict.fromkeys(VERIFIED_AGE, 0)
    phones = dict.fromkeys(PHONES, 0)
    basis = dict.fromkeys(LegalBasis.values, 0)
    held = []
    for raid in details:
        base = max(raid.picked_up_known, raid.picked_up_estimated or 0)
        for counts, minors, other in (
            (police, raid.minors_per_police, "adults"),
            (verified, raid.minors_verified, "not_minors"),
        ):
            if minors is None:
                counts["not_known"] += base
            else:
                counts["minors"] += minors
                counts[other] += base - minors
        if raid.phones_taken:
            if raid.phones_returned is None:
                phones["not_known"] += raid.phones_taken
            else:
                phones["returned"] += raid.phones_returned
                phones["not_returned"] += raid.phones_taken - raid.phones_returned
        basis[raid.legal_basis] += 1
        if raid.held_hours is not None:
            held.append(raid.held_hours)
    # Raids recorded without their details yet still count as raids, with their basis not known.
    basis[LegalBasis.NOT_KNOWN] += n_raids - len(details)

    documented = _documented(raids)
    own = dict.fromkeys(OwnDecision.values, 0)
    undertakings = dict.fromkeys(Undertaking.values, 0)
    violence = dict.fromkeys(VIOLENCE, 0)
    for own_decision, undertaking, acts in documented.values_list("own_decision", "undertaking", "acts"):
        own[own_decision] += 1
        undertakings[undertaking] += 1
        violence["reported" if set(acts or ()) & VIOLENT_ACTS else "not_reported"] += 1
    released_ids = set(
        Outcome.objects.filter(affected__in=documented, kind=OutcomeKind.RELEASED).values_list(
            "affected_id", flat=True
        )
    )
    returned = (
        Outcome.objects.filter(affected_id__in=released_ids, kind=OutcomeKind.RETURNED)
        .values_list("affected_id", flat=True)
        .distinct()
        .count()
    )

    def gate(counts: dict) -> ProtectedCounts:
        return disclosure.protect_counts(list(counts.values()), labels=list(counts), threshold=threshold)

    raids_shown = disclosure.protect_count(n_raids, threshold=threshold)
    police_p, verified_p, own_p = gate(police), gate(verified), gate(own)
    released_p = gate({"returned": returned, "no_return_recorded": len(released_ids) - returned})
    undertakings_p, violence_p, phones_p = gate(undertakings), gate(violence), gate(phones)
    per_raid_shown = raids_shown is not SUPPRESSED
    legal_p = gate(basis) if per_raid_shown else _hidden(LegalBasis.values, threshold)
    n_held = disclosure.protect_count(len(held), threshold=threshold)
    signed = [undertakings_p.counts[undertakings_p.labels.index(code)] for code in SIGNED]
    answered = [
        v for code, v in zip(undertakings_p.labels, undertakings_p.counts, strict=True) if code != "not_known"
    ]
    return RaidReport(
        start=start,
        end=end,
        district=district.name if district else None,
        threshold=threshold,
        raids=raids_shown,
        picked_up=police_p.total,
        documented=own_p.total,
        police_record=police_p,
        verified_age=verified_p,
        own_decision=own_p,
        released=released_p,
        undertakings=undertakings_p,
        violence=violence_p,
        phones=phones_p,
        legal_basis=legal_p,
        share_minors_police=_share(police_p.counts[:1], police_p.counts[:2]),
        share_minors_verified=_share(verified_p.counts[:1], verified_p.counts[:2]),
        share_own_decision=_share(own_p.counts[:1], own_p.counts[:2]),
        share_returned=_share(released_p.counts[:1], [released_p.total]),
        share_signed=_share(signed, answered),
        share_violence=_share(violence_p.counts[:1], [violence_p.total]),
        persons_per_raid=(
            round(police_p.total / n_raids, 1)
            if per_raid_shown and n_raids and police_p.total is not SUPPRESSED
            else None
        ),
        median_detention_hours=(
            float(statistics.median(held)) if per_raid_shown and held and n_held is not SUPPRESSED else None
        ),
    )


# --- responses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseIndicators:
    start: date
    end: date
    district: str | None
    threshold: int
    actions: ProtectedCounts  # responses by action
    outcomes: ProtectedCounts  # responses by outcome
    responded: Entry  # responses with a first response
    resolved: Entry
    median_hours_to_first_response: float | None  # shown only when `responded` is shown
    median_days_to_resolution: float | None  # shown only when `resolved` is shown


def response_indicators(
    *,
    actor: Membership,
    start: date,
    end: date,
    district_id=None,
    threshold: int | None = None,
) -> ResponseIndicators:
    """Responses reported in the period to incidents of every type: how many, how fast, with what outcome.
    Time to resolution is counted from the report, as the person affected lives it."""
    require_report_role(actor)
    start, end = _period(start, end)
    district = _district(district_id)
    threshold = _threshold(actor, threshold)
    rows = list(
        _responses(Response.objects.filter(incident__in=_incidents(actor, district)))
        .filter(reported_at__date__gte=start, reported_at__date__lte=end)
        .values_list("action", "outcome", "reported_at", "first_response_at", "resolved_at")
    )
    actions = dict.fromkeys(ResponseAction.values, 0)
    outcomes = dict.fromkeys(ResponseOutcome.values, 0)
    to_first, to_resolution = [], []
    for action, outcome, reported_at, first_at, resolved_at in rows:
        actions[action] += 1
        outcomes[outcome] += 1
        if first_at is not None:
            to_first.append((first_at - reported_at).total_seconds() / 3600)
        if resolved_at is not None:
            to_resolution.append((resolved_at - reported_at).total_seconds() / 86400)
    responded = disclosure.protect_count(len(to_first), threshold=threshold)
    resolved = disclosure.protect_count(len(to_resolution), threshold=threshold)
    return ResponseIndicators(
        start=start,
        end=end,
        district=district.name if district else None,
        threshold=threshold,
        actions=disclosure.protect_counts(list(actions.values()), labels=list(actions), threshold=threshold),
        outcomes=disclosure.protect_counts(
            list(outcomes.values()), labels=list(outcomes), threshold=threshold
        ),
        responded=responded,
        resolved=resolved,
        median_hours_to_first_response=(
            round(statistics.median(to_first), 1) if to_first and responded is not SUPPRESSED else None
        ),
        median_days_to_resolution=(
            round(statistics.median(to_resolution), 1)
            if to_resolution and resolved is not SUPPRESSED
            else None
        ),
    )


# --- exports: the suppressed tables, never a row -------------------------------------------------

SECTIONS = (
    (
        "police_record",
        gettext_lazy("Persons picked up, by the police record of their age"),
        {
            "minors": gettext_lazy("Recorded as minors by the police"),
            "adults": gettext_lazy("Recorded as adults by the police"),
            "not_known": gettext_lazy("Not known"),
        },
    ),
    (
        "verified_age",
        gettext_lazy("Persons picked up, by verified age"),
        {
            "minors": gettext_lazy("Minors by verified age"),
            "not_minors": gettext_lazy("Not minors by verified age"),
            "not_known": gettext_lazy("Not known"),
        },
    ),
    (
        "own_decision",
        gettext_lazy("Said they are in sex work by their own decision"),
        dict(OwnDecision.choices),
    ),
    (
        "released",
        gettext_lazy("Persons released"),
        {
            "returned": gettext_lazy("Returned to sex work by their choice"),
            "no_return_recorded": gettext_lazy("No return recorded"),
        },
    ),
    ("undertakings", gettext_lazy("Undertakings"), dict(Undertaking.choices)),
    (
        "violence",
        gettext_lazy("Violence reported"),
        {
            "reported": gettext_lazy("Reported violence"),
            "not_reported": gettext_lazy("Did not report violence"),
        },
    ),
    (
        "phones",
        gettext_lazy("Phones confiscated"),
        {
            "returned": gettext_lazy("Returned"),
            "not_returned": gettext_lazy("Not returned"),
            "not_known": gettext_lazy("Not known"),
        },
    ),
    ("legal_basis", gettext_lazy("Raids by the legal basis stated"), dict(LegalBasis.choices)),
)

SHARES = (
    ("share_minors_police", gettext_lazy("Share recorded as minors by the police (%)")),
    ("share_minors_verified", gettext_lazy("Share who were minors by verified age (%)")),
    ("share_own_decision", gettext_lazy("Share who said they are in sex work by their own decision (%)")),
    ("share_returned", gettext_lazy("Share of those released who returned to sex work (%)")),
    ("share_signed", gettext_lazy("Share who signed undertakings (%)")),
    ("share_violence", gettext_lazy("Share who reported violence (%)")),
)


def _text(value: str) -> str:
    """A cell a spreadsheet will never run as a formula (place names are typed in by users)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def report_rows(report: RaidReport) -> list[list[str | int | float]]:
    """The report as plain rows (measure, category, value): the same for CSV and XLSX."""
    marker = _("suppressed")

    def cell(value: Entry) -> str | int:
        return marker if value is SUPPRESSED else value

    def pct(value: float | None) -> str | float:
        return marker if value is None else round(value * 100, 1)

    rows: list[list[str | int | float]] = [
        [_("Period"), f"{report.start.isoformat()} / {report.end.isoformat()}", ""],
        [_("District"), _text(report.district) if report.district else _("All districts"), ""],
        [_("Smallest count shown"), "", report.threshold],
        [_("Raids"), "", cell(report.raids)],
        [_("Persons picked up"), "", cell(report.picked_up)],
        [_("Persons picked up with a record of their own"), "", cell(report.documented)],
    ]
    for attr, title, labels in SECTIONS:
        counts: ProtectedCounts = getattr(report, attr)
        for code, value in zip(counts.labels, counts.counts, strict=True):
            rows.append([str(title), str(labels.get(code, code)), cell(value)])
        rows.append([str(title), _("Total"), cell(counts.total)])
    for attr, title in SHARES:
        rows.append([str(title), "", pct(getattr(report, attr))])
    rows.append(
        [
            _("Persons picked up per raid"),
            "",
            marker if report.persons_per_raid is None else report.persons_per_raid,
        ]
    )
    rows.append(
        [
            _("Median detention (hours)"),
            "",
            marker if report.median_detention_hours is None else report.median_detention_hours,
        ]
    )
    return rows


def report_csv(report: RaidReport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Measure"), _("Category"), _("Value")])
    writer.writerows(report_rows(report))
    return out.getvalue().encode("utf-8")


def report_xlsx(report: RaidReport) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Numbers")[:31]  # neutral: a sheet's title shows wherever the file is opened
    sheet.append([_("Measure"), _("Category"), _("Value")])
    for row in report_rows(report):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 40
    book.properties.creator = ""
    book.properties.lastModifiedBy = ""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def raid_report_export(
    *,
    actor: Membership,
    start: date,
    end: date,
    fmt: str,
    district_id=None,
    threshold: int | None = None,
) -> bytes:
    """The report as CSV or XLSX bytes; every export is audited (DESIGN rule 6)."""
    if fmt not in ("csv", "xlsx"):
        raise ValidationError({"format": _("Choose CSV or XLSX.")})
    report = raid_report(actor=actor, start=start, end=end, district_id=district_id, threshold=threshold)
    content = report_csv(report) if fmt == "csv" else report_xlsx(report)
    log_action(
        actor=actor.user_id,
        organisation=actor.organisation_id,
        action="raid_report.exported",
        target_type="violations.raidreport",
        target_id=str(district_id or "all"),
        fields=["period", "district", "format"],
    )
    return content

"""One catalogue of published figures (issue 14, item 1).

Every table Sathi publishes is an entry here: its name, what it counts, its dimensions with their
vocabularies and HXL attributes, the place levels it can be cut at, who may read it (a record kind of the
access policy) and its disclosure rule. An analyst builds a table by choosing an entry, a period of whole
months, a place level (and a district to look inside) and a breakdown: one dimension (or the place, or the
month) down the side, one or more across. Pages, the API, downloads and printed reports all build through
`build()` and release through `sathi.evidence.ledger.release()`; nothing else computes these numbers.

Dimensions list their whole vocabulary, zeros included: a column that is missing when it is empty would
tell a reader it is zero, a disclosure the ledger's check could not see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sathi.care.vocab import CaseStatus, CloseReason, ContactOutcome
from sathi.evidence import sources
from sathi.evidence.vocab import PlaceLevel
from sathi.lib import disclosure
from sathi.people.consent import statistics_source
from sathi.people.policy import Kind
from sathi.people.vocab import Gender
from sathi.screening.vocab import Classification, LabourSector
from sathi.violations.vocab import AgeBand, IncidentType

PLACE = "place"
MONTH = "month"
ALL = "all"  # the one column of a table with nothing across
MAX_MONTHS = 36
MAX_COLUMNS = 400


@dataclass(frozen=True)
class Dimension:
    key: str
    label: object  # lazy text
    choices: Callable[[], list[tuple[str, str]]]
    hxl: str  # the HXL attribute its columns carry (+f, +children, ...) or a hashtag for a row
    dhis2: bool = True  # may map to a category option combo


def _vocab(enum, extra: tuple[tuple[str, object], ...] = ()) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(value, str(label)) for value, label in (*enum.choices, *extra)]


NOT_RECORDED = (sources.NOT_RECORDED, gettext_lazy("Not recorded"))
GENDER = Dimension("gender", gettext_lazy("Gender"), _vocab(Gender), "+gender")
AGE = Dimension("age_band", gettext_lazy("Age band"), _vocab(AgeBand), "+age")
CLASSIFICATION = Dimension(
    "classification", gettext_lazy("Screening decision"), _vocab(Classification, (NOT_RECORDED,)), "+type"
)
SECTOR = Dimension(
    "labour_sector", gettext_lazy("Sector of forced labour"), _vocab(LabourSector, (NOT_RECORDED,)), "#sector"
)
OUTCOME = Dimension(
    "outcome",
    gettext_lazy("Where the case stands"),
    lambda: (
        [(v, str(lab)) for v, lab in CaseStatus.choices if v != CaseStatus.CLOSED]
        + [(v, str(lab)) for v, lab in CloseReason.choices]
    ),
    "+status",
)
AFTER = Dimension(
    "after",
    gettext_lazy("Months after the case opened"),
    lambda: [
        ("under_3", str(gettext_lazy("Under 3 months"))),
        ("3_months", str(gettext_lazy("3 to 5 months"))),
        ("6_months", str(gettext_lazy("6 to 11 months"))),
        ("12_months", str(gettext_lazy("12 months or more"))),
    ],
    "+period",
)
CONTACT = Dimension("contact", gettext_lazy("Contact"), _vocab(ContactOutcome), "+reached")
COERCED = Dimension(
    "coerced_again",
    gettext_lazy("Coerced or re-trafficked"),
    lambda: [
        ("yes", str(gettext_lazy("Yes"))),
        ("no", str(gettext_lazy("No"))),
        (NOT_RECORDED[0], str(NOT_RECORDED[1])),
    ],
    "+coerced",
)
INCIDENT = Dimension("kind", gettext_lazy("What happened"), _vocab(IncidentType), "#event")


@dataclass(frozen=True)
class Table:
    name: str
    title: object
    counts: object  # what one unit is, for the page ("cases opened")
    kind: Kind  # who may read it: the roles that list this kind
    source: Callable[[object, date, date], list[dict]]
    places: Callable[[object], list[tuple[str, str]]]  # every (district, block) it has ever counted
    people: Callable[[object], object]  # ids of the recorded people it counts now
    dimensions: tuple[Dimension, ...]
    levels: tuple[str, ...] = (PlaceLevel.DISTRICT,)
    hxl_subject: str = "#affected"  # the hashtag of its counts
    statistics: bool = True  # counts recorded people: their statistics consent applies
    suppress_zero: bool = False

    def dimension(self, key: str) -> Dimension:
        for d in self.dimensions:
            if d.key == key:
                return d
        raise KeyError(key)


CATALOGUE: dict[str, Table] = {}


def _add(table: Table) -> None:
    CATALOGUE[table.name] = table
    # Every table that counts people is a statistics source: a withdrawal takes her out of the next one.
    statistics_source(f"evidence.{table.name}")(lambda organisation: table.people(organisation))


_add(
    Table(
        "care-outcomes",
        gettext_lazy("Care: cases opened and where they stand"),
        gettext_lazy("cases opened"),
        Kind.EVIDENCE,
        sources.care_cases,
        sources.care_places,
        sources.care_people,
        (GENDER, AGE, CLASSIFICATION, SECTOR, OUTCOME),
        hxl_subject="#beneficiary",
    )
)
_add(
    Table(
        "follow-up-outcomes",
        gettext_lazy("Care: follow-up contacts at 3, 6 and 12 months"),
        gettext_lazy("follow-up contacts"),
        Kind.EVIDENCE,
        sources.follow_ups,
        sources.follow_up_places,
        sources.follow_up_people,
        (AFTER, CONTACT, COERCED),
        hxl_subject="#beneficiary",
    )
)
_add(
    Table(
        "violations",
        gettext_lazy("Rights violations and raids: people affected"),
        gettext_lazy("people affected"),
        Kind.VIOLATION_REPORT,
        sources.affected_persons,
        sources.incident_places,
        sources.incident_people,
        (INCIDENT, GENDER, AGE),
        levels=(PlaceLevel.DISTRICT, PlaceLevel.BLOCK),
    )
)
_add(
    Table(
        "board-entrants",
        gettext_lazy("Boards: new entrants presented"),
        gettext_lazy("entrants presented"),
        Kind.BOARD_INDICATORS,
        sources.board_entrants,
        sources.board_places,
        sources.board_people,
        (GENDER, AGE),
    )
)


# --- a table as the analyst asked for it ------------------------------------------------------------


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_of(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_label(index: int) -> str:
    day = month_of(index)
    return f"{day.year}-{day.month:02d}"


@dataclass(frozen=True)
class Frame:
    """What the analyst chose. Months are whole: `start` and `end` are month indexes, both included."""

    table: str
    start: int
    end: int
    level: str = PlaceLevel.DISTRICT
    within: str = ""  # one district to look inside ("" for every district)
    rows: str = PLACE
    columns: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "table": self.table,
            "start": month_label(self.start),
            "end": month_label(self.end),
            "level": self.level,
            "within": self.within,
            "rows": self.rows,
            "columns": list(self.columns),
        }

    @classmethod
    def from_json(cls, data: dict) -> Frame:
        def month(text: str) -> int:
            year, mon = text.split("-")
            return int(year) * 12 + int(mon) - 1

        return cls(
            table=data["table"],
            start=month(data["start"]),
            end=month(data["end"]),
            level=data["level"],
            within=data["within"],
            rows=data["rows"],
            columns=tuple(data["columns"]),
        )


def parse_month(text: str, *, field: str) -> int:
    try:
        year, mon = str(text).split("-")
        day = date(int(year), int(mon), 1)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: _("Give a month as YYYY-MM.")}) from exc
    return month_index(day)


def frame(
    *, table: str, start: str, end: str, level: str = "", within: str = "", rows: str = "", columns=()
) -> Frame:
    """Check what the analyst chose; a clear message for each mistake (nothing is computed before)."""
    entry = CATALOGUE.get(table)
    if entry is None:
        raise ValidationError({"table": _("Choose a table from the catalogue.")})
    first, last = parse_month(start, field="start"), parse_month(end, field="end")
    if last < first:
        raise ValidationError({"end": _("The period ends before it starts.")})
    if last - first + 1 > MAX_MONTHS:
        raise ValidationError({"end": _("Choose a period of at most 36 months.")})
    level = level or entry.levels[0]
    if level not in entry.levels:
        raise ValidationError({"level": _("This table cannot be cut at that place level.")})
    keys = {d.key for d in entry.dimensions}
    rows = rows or PLACE
    if rows not in keys | {PLACE, MONTH}:
        raise ValidationError({"rows": _("Choose a breakdown from the table's dimensions.")})
    columns = tuple(c for c in columns if c)
    if any(c not in keys | {MONTH} for c in columns) or rows in columns or len(set(columns)) != len(columns):
        raise ValidationError({"columns": _("Choose a breakdown from the table's dimensions.")})
    if within and level != PlaceLevel.BLOCK:
        raise ValidationError({"within": _("Look inside a district only at block level.")})
    return Frame(table, first, last, level, within, rows, columns)


@dataclass(frozen=True)
class Built:
    """The raw counts of a frame, before disclosure control. Never leaves this module unprotected."""

    frame: Frame
    row_keys: list[str]
    row_labels: list[str]
    col_keys: list[tuple[str, ...]]
    col_labels: list[str]
    counts: list[list[int]]
    # For the ledger: each row's and column's place, month and dimension values.
    place_of_row: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The source's rows (month, place, every dimension, n): the ledger's witness of the counts as they are.
    source_rows: list[dict] = field(default_factory=list, repr=False)


def _place_key(row: dict, level: str) -> str:
    district = row["district"] or sources.NOT_RECORDED
    if level == PlaceLevel.BLOCK:
        return f"{district}/{row['block'] or sources.NOT_RECORDED}"
    return district


def _axis_values(entry: Table, frame_: Frame, axis: str, rows: list[dict]) -> list[tuple[str, str]]:
    if axis == MONTH:
        return [(month_label(m), month_label(m)) for m in range(frame_.start, frame_.end + 1)]
    if axis == PLACE:
        keys = sorted({_place_key(r, frame_.level) for r in rows})
        return [(k, k.replace(sources.NOT_RECORDED, str(NOT_RECORDED[1]))) for k in keys]
    return entry.dimension(axis).choices()


def _value(row: dict, axis: str, level: str) -> str:
    if axis == MONTH:
        return month_label(month_index(row["month"]))
    if axis == PLACE:
        return _place_key(row, level)
    return row[axis] or sources.NOT_RECORDED


def build(organisation, frame_: Frame) -> Built:
    """Count a frame from its source. The place rows are every place the table has ever counted (so that a
    row missing in one period cannot be read as a zero); dimensions list their whole vocabulary."""
    entry = CATALOGUE[frame_.table]
    start, end = month_of(frame_.start), month_of(frame_.end + 1)
    rows = every = entry.source(organisation, start, date.fromordinal(end.toordinal() - 1))
    if frame_.within:
        rows = [r for r in rows if (r["district"] or sources.NOT_RECORDED) == frame_.within]
    if frame_.rows == PLACE:
        ever = [{"district": d, "block": b} for d, b in entry.places(organisation)]
        if frame_.within:
            ever = [r for r in ever if (r["district"] or sources.NOT_RECORDED) == frame_.within]
        row_values = _axis_values(entry, frame_, PLACE, ever)
    else:
        row_values = _axis_values(entry, frame_, frame_.rows, rows)
    axes = [_axis_values(entry, frame_, c, rows) for c in frame_.columns]
    col_values: list[tuple[tuple[str, ...], str]] = [((), "")]
    for values in axes:
        col_values = [
            ((*k, v), f"{lab} · {vlab}" if lab else vlab) for k, lab in col_values for v, vlab in values
        ]
    if len(col_values) > MAX_COLUMNS:
        raise ValidationError({"columns": _("That breakdown has too many columns; choose a coarser one.")})
    if not frame_.columns:
        col_values = [((ALL,), str(entry.counts))]
    row_index = {k: i for i, (k, _lab) in enumerate(row_values)}
    col_index = {k: j for j, (k, _lab) in enumerate(col_values)}
    counts = [[0] * len(col_values) for _r in row_values]
    for r in rows:
        i = row_index.get(_value(r, frame_.rows, frame_.level))
        key = tuple(_value(r, c, frame_.level) for c in frame_.columns) if frame_.columns else (ALL,)
        j = col_index.get(key)
        if i is not None and j is not None:
            counts[i][j] += r["n"]
    return Built(
        frame=frame_,
        row_keys=[k for k, _lab in row_values],
        row_labels=[lab for _k, lab in row_values],
        col_keys=[k for k, _lab in col_values],
        col_labels=[lab for _k, lab in col_values],
        counts=counts,
        source_rows=every,
    )


def protect(built: Built, threshold: int, also_hide=()) -> disclosure.Protected:
    entry = CATALOGUE[built.frame.table]
    return disclosure.protect_table(
        built.counts,
        rows=built.row_labels,
        columns=built.col_labels,
        threshold=threshold,
        suppress_zero=entry.suppress_zero,
        also_hide=also_hide,
    )


def readable(actor) -> list[Table]:
    """The catalogue entries this actor's role may read."""
    from sathi.people import policy

    return [t for t in CATALOGUE.values() if policy.decide(actor, t.kind)]


# --- the figures computed before the catalogue's tables, each under its name --------------------------
#
# Board indicators, the raid and response reports, and prevention's grids have shapes of their own (shares,
# medians, grids of places by factors) and their own disclosure rules, written where they are computed. The
# catalogue names them so that every page and API operation reads them through one place, `figure()`.


@dataclass(frozen=True)
class Figure:
    name: str
    title: object
    kind: Kind
    compute: Callable[..., object]
    rule: object  # its disclosure rule, in words


def _figures() -> dict[str, Figure]:
    from sathi.prevention import assessments, dialogues, preferences
    from sathi.prevention import selectors as prevention
    from sathi.relations import chain
    from sathi.screening import indicators
    from sathi.violations import report

    shares = gettext_lazy("Counts through the gate; a share or median only from shown counts.")
    grid = gettext_lazy("Counts through the gate, with secondary suppression across the grid.")
    return {
        f.name: f
        for f in (
            Figure(
                "board-indicators",
                gettext_lazy("Board indicators"),
                Kind.BOARD_INDICATORS,
                indicators.board_indicators,
                shares,
            ),
            Figure(
                "raid-report", gettext_lazy("Raid report"), Kind.VIOLATION_REPORT, report.raid_report, shares
            ),
            Figure(
                "raid-report-file",
                gettext_lazy("Raid report"),
                Kind.VIOLATION_REPORT,
                report.raid_report_export,
                shares,
            ),
            Figure(
                "response-indicators",
                gettext_lazy("Response indicators"),
                Kind.VIOLATION_REPORT,
                report.response_indicators,
                shares,
            ),
            Figure(
                "vulnerability-grid",
                gettext_lazy("Vulnerability by place"),
                Kind.PREVENTION_NUMBERS,
                prevention.heat_grid,
                grid,
            ),
            Figure(
                "protection-grid",
                gettext_lazy("Protective norms by place"),
                Kind.PREVENTION_NUMBERS,
                prevention.norms_grid,
                grid,
            ),
            Figure(
                "power-grid",
                gettext_lazy("Power and interest of offices"),
                Kind.PREVENTION_NUMBERS,
                prevention.power_grid,
                grid,
            ),
            Figure(
                "chain-of-risk",
                gettext_lazy("Chain of risk from the life courses"),
                Kind.PREVENTION_NUMBERS,
                chain.chain_of_risk,
                grid,
            ),
            Figure(
                "resilience-change",
                gettext_lazy("Baseline and end line"),
                Kind.PREVENTION_NUMBERS,
                assessments.comparison,
                shares,
            ),
            Figure(
                "dialogue-numbers",
                gettext_lazy("Community dialogues: who came and what was committed"),
                Kind.PREVENTION_NUMBERS,
                dialogues.dialogue_numbers,
                gettext_lazy(
                    "Participants through the gate, with secondary suppression; commitments are asks to "
                    "offices, counted as the ledger's numbers are."
                ),
            ),
            Figure(
                "model-preferences",
                gettext_lazy("Prevention models preferred"),
                Kind.PREVENTION_NUMBERS,
                preferences.model_preferences,
                grid,
            ),
        )
    }


FIGURES: dict[str, Figure] = _figures()


def figure(name: str, *args, **kwargs):
    """One of the figures above, computed by the function that owns its rule."""
    return FIGURES[name].compute(*args, **kwargs)

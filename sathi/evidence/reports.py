"""Printable monthly reports (issue 14, item 6): one for the collective, one for a funder.

Each section is one catalogue table for the month, released through the ledger as a print (so the same
differencing protection holds), drawn as a bar chart of its row totals (sathi.lib.charts: axes from zero,
a hidden value drawn as a gap with the marker and explained in the note) with the numbers as a table beside
it. Sections the reader's role may not read are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sathi.evidence import catalogue, ledger
from sathi.evidence.catalogue import PLACE
from sathi.evidence.exports import marker
from sathi.evidence.vocab import ReleaseDoor, ReleaseFormat, ReleasePurpose
from sathi.lib import charts
from sathi.lib.errors import Forbidden
from sathi.people import policy

# (table, down the side, across): what each audience reads first.
SECTIONS = {
    "collective": [
        ("violations", "kind", ()),
        ("board-entrants", "age_band", ()),
        ("care-outcomes", "outcome", ()),
        ("follow-up-outcomes", "after", ("contact",)),
    ],
    "funder": [
        ("care-outcomes", "classification", ()),
        ("care-outcomes", PLACE, ()),
        ("follow-up-outcomes", "after", ("coerced_again",)),
        ("violations", "kind", ()),
    ],
}
AUDIENCES = {"collective": gettext_lazy("For the collective"), "funder": gettext_lazy("For a funder")}
PURPOSE = {"collective": ReleasePurpose.COLLECTIVE, "funder": ReleasePurpose.FUNDER}


@dataclass(frozen=True)
class Section:
    title: str
    chart: str
    heading: str
    columns: list[str]
    rows: list[tuple[str, list, object]]
    totals: tuple[list, object]
    hidden: int  # entries hidden in this section
    too_fine: bool


@dataclass(frozen=True)
class Report:
    month: str
    audience: str
    title: str
    sections: list[Section]
    threshold: int


def monthly(*, actor, month: str, audience: str) -> Report:
    if audience not in SECTIONS:
        raise Forbidden
    sections = []
    for table, rows, columns in SECTIONS[audience]:
        entry = catalogue.CATALOGUE[table]
        if not policy.decide(actor, entry.kind):
            continue
        frame = catalogue.frame(table=table, start=month, end=month, rows=rows, columns=columns)
        released = ledger.release(
            actor=actor,
            frame=frame,
            door=ReleaseDoor.PRINT,
            fmt=ReleaseFormat.HTML,
            purpose=PURPOSE[audience],
        )
        sections.append(_section(entry, released))
    return Report(
        month=month,
        audience=audience,
        title=str(AUDIENCES[audience]),
        sections=sections,
        threshold=actor.organisation.disclosure_threshold,
    )


def _section(entry: catalogue.Table, released: ledger.Released) -> Section:
    t = released.table
    heading = (
        str(entry.dimension(released.frame.rows).label) if released.frame.rows != PLACE else _("District")
    )
    title = f"{entry.title} · {heading}"
    chart = charts.bar_chart(list(t.row_labels), list(t.row_totals), title=title, hidden_label=marker())
    return Section(
        title=title,
        chart=chart,
        heading=heading,
        columns=list(t.col_labels),
        rows=[
            (label, list(cells), total)
            for label, cells, total in zip(t.row_labels, t.cells, t.row_totals, strict=True)
        ],
        totals=(list(t.col_totals), t.grand_total),
        hidden=t.suppressed_count,
        too_fine=released.everything_hidden,
    )

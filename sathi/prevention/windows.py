"""The long lists of prevention's pages a window at a time (issue 11): on screen ledger.PAGE rows of each
list with the previous and next windows a link away; printed (`print=1`) in parts of PRINTED_PART rows of
each list, every part saying "Part k of n" and linking the next, so that printing each part prints every
row. The numbers beside the lists are over every ask on every window and every part.

A page names its lists (the report's "offices" and "asks"); each list's window starts at `<name>_from` on
screen, and at (part - 1) x PRINTED_PART in a printed part. Every number from the address is held in bounds
by `sathi.lib.paging.window`.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from urllib.parse import urlencode

from sathi.lib import paging
from sathi.prevention import ledger

PRINTED_PART = paging.MAX_LIMIT  # rows of each list in one printed part


def whole_number(value: str | None, default: int = 0) -> int:
    """A non-negative number from the address, or the default (paging.window holds it in bounds)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 10 else default


@dataclass
class Reading:
    """Which window of each list a request asks for."""

    printed: bool
    part: int
    limit: int
    offsets: dict[str, int]

    def of(self, name: str) -> dict[str, int]:
        return paging.window(self.limit, self.offsets[name])


def reading(request, names: tuple[str, ...], *, printable: bool = True) -> Reading:
    printed = printable and request.GET.get("print") == "1"
    if printed:
        part = max(whole_number(request.GET.get("part"), 1), 1)
        start = min((part - 1) * PRINTED_PART, paging.MAX_OFFSET)
        return Reading(True, part, PRINTED_PART, dict.fromkeys(names, start))
    offsets = {name: whole_number(request.GET.get(f"{name}_from")) for name in names}
    return Reading(False, 1, ledger.PAGE, offsets)


def links(request, read: Reading, windows: dict[str, ledger.Window], keep: dict | None = None) -> dict:
    """The context of the windows: each list's window and, on screen, its previous and next links (keeping
    where the other lists stand) and the printed report's first part; printed, the part, how many parts
    there are and the next part's link. `keep`: what else the address holds (the report's place)."""
    keep = {k: v for k, v in (keep or {}).items() if v is not None}

    def url(**params) -> str:
        return f"{request.path}?{urlencode({**keep, **{k: v for k, v in params.items() if v is not None}})}"

    context: dict = {f"{name}_window": window for name, window in windows.items()}
    if read.printed:
        parts = max([ceil(w.total / PRINTED_PART) for w in windows.values()] + [1])
        context.update(printed=True, part=read.part, parts=parts)
        if read.part < parts:
            context["next_part"] = url(print=1, part=read.part + 1)
        return context
    context["print_url"] = url(print=1)
    here = {f"{name}_from": window.offset or None for name, window in windows.items()}
    for name, window in windows.items():
        for step in ("previous", "next"):
            at = getattr(window, step)
            if at is not None:
                context[f"{name}_{step}"] = url(**{**here, f"{name}_from": at})
    return context

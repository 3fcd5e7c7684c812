"""One page of a list as the API asks for it: the numbers a client sends, held to what a database takes."""

from __future__ import annotations

MAX_LIMIT = 200
# Beyond any list Sathi holds, and within every database's integer: a larger offset overflowed SQLite's
# and PostgreSQL's 64-bit integers (a 500 instead of an empty page).
MAX_OFFSET = 2**31 - 1


def window(limit: int, offset: int) -> dict[str, int]:
    """`limit` and `offset` for a selector: at least one and at most MAX_LIMIT rows, from 0 to MAX_OFFSET."""
    return {"limit": max(1, min(limit, MAX_LIMIT)), "offset": max(0, min(offset, MAX_OFFSET))}

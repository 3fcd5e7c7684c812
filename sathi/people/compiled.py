"""A query compiled once per shape and run again with new values: the search's hot path.

Search by code or phone is a sub-millisecond index lookup in the database, but building and compiling the
ORM query (the access policy's EXISTS, the UNION, the key and the names) cost several times that in Python
on every call (bench/README.md). The SQL of a search depends only on its *shape* (the actor's role, which
kinds are searched, how many name keys), so it is compiled once per shape from the same ORM code the rest of
Sathi uses (policy.visible_people, namesearch.candidate_ids) with stand-in values, and each call only binds
its own values.

The stand-ins are checked, not trusted: the shape is compiled twice with two different sets of stand-ins,
every parameter that differs between the two must be a stand-in (so a value of the call, like the time a
break-glass opening expires against, can never be frozen into the cached SQL), and every other parameter is
a constant of the shape.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet


class ShapeError(Exception):
    """A parameter of the compiled query is neither a stand-in nor the same in both compilations."""


@dataclass(frozen=True)
class Compiled:
    sql: str
    slots: tuple[str | None, ...]  # per parameter: the value's name, or None for a constant of the shape
    constants: tuple
    finds_nobody: bool = False  # the query is empty whatever the values (a role that sees no one)

    def params(self, values: dict) -> list:
        adapt = connection.ops.adapt_datetimefield_value
        return [
            (adapt(values[slot]) if isinstance(values[slot], datetime) else values[slot])
            if slot is not None
            else constant
            for slot, constant in zip(self.slots, self.constants, strict=True)
        ]


def stand_ins(names: dict[str, type], seed: int) -> dict:
    """Values no real query holds, distinct per name and per seed: negative ints, marked strings, datetimes
    far in the past."""
    values: dict = {}
    for i, (name, kind) in enumerate(sorted(names.items())):
        n = 1_000_003 * (seed + 1) + i
        if kind is int:
            values[name] = -n
        elif kind is str:
            values[name] = f"\x00{n}\x00"
        elif kind is datetime:
            values[name] = datetime(1901, 1, 1, tzinfo=UTC) + timedelta(seconds=n)
        else:
            raise TypeError(kind)
    return values


_cache: dict[tuple, Compiled] = {}
_lock = threading.Lock()


def compiled(shape: tuple, names: dict[str, type], build: Callable[[dict], QuerySet]) -> Compiled:
    """The SQL of `build(values)` for this shape, compiled once per process and database vendor."""
    key = (connection.vendor, *shape)
    found = _cache.get(key)
    if found is not None:
        return found
    first, second = stand_ins(names, 1), stand_ins(names, 2)
    try:
        sql, params = build(first).query.sql_with_params()
        sql_again, params_again = build(second).query.sql_with_params()
    except EmptyResultSet:
        return _store(key, Compiled(sql="", slots=(), constants=(), finds_nobody=True))
    if sql != sql_again or len(params) != len(params_again):
        raise ShapeError("the query's text depends on its values")
    adapt = connection.ops.adapt_datetimefield_value
    by_value = {
        (adapt(v) if isinstance(v, datetime) else v, seed): name
        for seed, values in ((1, first), (2, second))
        for name, v in values.items()
    }
    slots = []
    for a, b in zip(params, params_again, strict=True):
        if a == b:
            slots.append(None)
            continue
        slot, slot_again = by_value.get((a, 1)), by_value.get((b, 2))
        if slot is None or slot != slot_again:
            raise ShapeError("a parameter of the query is not one of its values")
        slots.append(slot)
    return _store(key, Compiled(sql=sql, slots=tuple(slots), constants=tuple(params)))


def _store(key: tuple, result: Compiled) -> Compiled:
    with _lock:
        _cache[key] = result
    return result

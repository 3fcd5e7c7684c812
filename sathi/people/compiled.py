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

A compiled query that selects model rows also gives them back as the queryset would (`instances`: the same
converters, the same select_related objects), and several compiled queries go to PostgreSQL in one round
trip (`run`): opening one record reads the person, her names, her age evidence and her consents at once.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

from sathi.core import prepared

_UUID = models.UUIDField()


def _adapt(value):
    """A value as the compiled query's parameters hold it (the backend's form of a datetime or a UUID)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, uuid.UUID):
        return _UUID.get_db_prep_value(value, connection)
    return value


class ShapeError(Exception):
    """A parameter of the compiled query is neither a stand-in nor the same in both compilations."""


@dataclass(frozen=True)
class Compiled:
    sql: str
    slots: tuple[str | None, ...]  # per parameter: the value's name, or None for a constant of the shape
    constants: tuple
    finds_nobody: bool = False  # the query is empty whatever the values (a role that sees no one)
    # How a row becomes a model instance, as the queryset's own iterator does it (None: not a model query).
    compiler: SQLCompiler | None = field(default=None, compare=False, repr=False)

    def params(self, values: dict) -> list:
        return [
            _adapt(values[slot]) if slot is not None else constant
            for slot, constant in zip(self.slots, self.constants, strict=True)
        ]

    def instances(self, rows: Sequence) -> list:
        """The fetched rows as the queryset's model instances: its converters, its select_related objects."""
        if self.finds_nobody:
            return []
        model, init_list, start, end, populators, converters = self._reader
        if converters:
            rows = self.compiler.apply_converters(rows, converters)
        found = []
        for row in rows:
            obj = model.from_db(connection.alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in (self.compiler.annotation_col_map or {}).items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    @cached_property
    def _reader(self) -> tuple:
        """What the queryset's iterator works out afresh for every query (which columns make the model, how
        select_related objects are filled, each column's converters), worked out once for the shape."""
        compiler = self.compiler
        if compiler is None or compiler.klass_info is None:
            raise TypeError("this compiled query does not select model rows")
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        populators = get_related_populators(klass_info, select, connection.alias)
        if compiler.has_composite_fields([s[0] for s in select[: compiler.col_count]]):
            raise TypeError("composite fields are not read by compiled queries")
        converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
        return klass_info["model"], init_list, start, end, populators, converters


def run(queries: Sequence[tuple[Compiled, dict]]) -> list[list[tuple]]:
    """Each compiled query with its values, and the rows of each. On PostgreSQL with client-side binding
    (Django's default) they go in one round trip, as one string of statements; elsewhere one by one."""
    wanted = [(c, values) for c, values in queries if not c.finds_nobody]
    if not wanted:  # a role that sees no one: nothing to ask the database
        return [[] for _query in queries]
    results: list[list[tuple]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and _binds_on_client(cursor):
            results = _run_on_postgresql(cursor, wanted)
        else:
            for c, values in wanted:
                cursor.execute(c.sql, c.params(values))
                results.append(cursor.fetchall())
    rows = iter(results)
    return [[] if c.finds_nobody else next(rows) for c, _values in queries]


def _binds_on_client(cursor) -> bool:
    return isinstance(getattr(cursor, "cursor", None), psycopg.ClientCursor)


def _run_on_postgresql(cursor, wanted: Sequence[tuple[Compiled, dict]]) -> list[list[tuple]]:
    """Each a statement this connection prepared once (sathi.core.prepared): they read one person by id,
    which PostgreSQL planned for four times as long as it ran (1.9 ms against 0.5 for a card)."""
    params = [p for c, values in wanted for p in c.params(values)]
    return prepared.run(cursor, [(c.sql, len(c.slots)) for c, _values in wanted], params)


def stand_ins(names: dict[str, type], seed: int) -> dict:
    """Values no real query holds, distinct per name and per seed: negative ints, marked strings, datetimes
    far in the past."""
    values: dict = {}
    for i, (name, kind) in enumerate(sorted(names.items())):
        n = 1_000_003 * (seed + 1) + i
        if kind is uuid.UUID:
            values[name] = uuid.UUID(int=n)
        elif kind is int:
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
        compiler = build(first).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        sql_again, params_again = build(second).query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:
        return _store(key, Compiled(sql="", slots=(), constants=(), finds_nobody=True))
    if sql != sql_again or len(params) != len(params_again):
        raise ShapeError("the query's text depends on its values")
    by_value = {
        (_adapt(v), seed): name for seed, values in ((1, first), (2, second)) for name, v in values.items()
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
    return _store(key, Compiled(sql=sql, slots=tuple(slots), constants=tuple(params), compiler=compiler))


def _store(key: tuple, result: Compiled) -> Compiled:
    with _lock:
        _cache[key] = result
    return result

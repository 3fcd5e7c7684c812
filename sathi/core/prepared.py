"""Statements a PostgreSQL connection prepares once and then runs by name, still in one round trip.

For a statement that looks up rows by key, PostgreSQL can spend longer planning than running it (opening one
person's record: 1.9 ms of planning against 0.5 of running, bench/README.md). Prepared once per
connection, a statement is planned afresh for its first five runs and then, when that costs no more, by one
generic plan, which for a lookup by key is the same plan. The values are still bound by the client, into
`EXECUTE name(...)`, as Django binds every other statement, so several statements still go to the server
as one string.

A prepared statement outlives a rolled-back transaction, so one inside a transaction is as safe as outside.
Nothing is prepared where the database settings say a transaction-pooling PgBouncer sits in front
(`DISABLE_SERVER_SIDE_CURSORS`, which Django asks for there): the next transaction may run on another server
connection, which never prepared it. Only for SQL the application wrote (a compiled queryset, a fixed
statement): the name is a hash of the text.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Sequence

import psycopg
from django.db import NotSupportedError, ProgrammingError, connection

_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # raw connection -> names prepared on it


class PlaceholderError(ValueError):
    """A % in the statement that is neither Django's %s placeholder nor its %% for a percent sign."""


def run(cursor, statements: Sequence[tuple[str, int]], params: list) -> list[list[tuple]]:
    """The rows of each (sql, number of its %s placeholders), run in one round trip; `params` for all of
    them in order. Prepared on this connection the first time it runs each."""
    if connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        return _fetch_each(cursor, "; ".join(sql for sql, _count in statements), params, len(statements))
    try:
        return _fetch_each(cursor, _executing(cursor, statements), params, len(statements))
    except (ProgrammingError, NotSupportedError) as exc:
        # Something dropped this connection's prepared statements (DISCARD ALL), or a migration changed a
        # column one of them returns: forget them all and prepare again. Inside a transaction the failed
        # statement has aborted it, so the caller's transaction fails whole; outside one, it runs again.
        if not _prepared_gone(exc.__cause__):
            raise
        _prepared.pop(connection.connection, None)
        if connection.in_atomic_block:
            raise
    cursor.execute("DEALLOCATE ALL")  # nothing else prepares on this connection: Django binds on the client
    return _fetch_each(cursor, _executing(cursor, statements), params, len(statements))


def forget() -> None:
    """Drop every statement this connection prepared (for tests that start from none)."""
    _prepared.pop(connection.connection, None)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")


def names() -> set[str]:
    """The statements this connection has prepared, by name."""
    return set(_prepared.get(connection.connection, ()))


def _fetch_each(cursor, sql: str, params: list, count: int) -> list[list[tuple]]:
    cursor.execute(sql, params)
    results = []
    for i in range(count):
        if i and not cursor.nextset():
            raise RuntimeError("fewer result sets than statements")
        results.append(cursor.fetchall())
    return results


def _prepared_gone(error) -> bool:
    return isinstance(error, psycopg.errors.InvalidSqlStatementName) or (
        isinstance(error, psycopg.errors.FeatureNotSupported) and "cached plan" in str(error)
    )


def statement_name(sql: str) -> str:
    return "sathi_" + hashlib.sha256(sql.encode()).hexdigest()[:32]


def _executing(cursor, statements: Sequence[tuple[str, int]]) -> str:
    """`EXECUTE name(%s, ...)` for each statement, preparing on this connection those it has not prepared."""
    done = _prepared.setdefault(connection.connection, set())
    missing = {statement_name(sql): sql for sql, _count in statements if statement_name(sql) not in done}
    if missing:
        # No parameters: the client sends the text as it is, with $1, $2... for the server to bind.
        cursor.execute("; ".join(f"PREPARE {name} AS {numbered(sql)}" for name, sql in missing.items()))
        done.update(missing)
    return "; ".join(
        f"EXECUTE {statement_name(sql)}" + (f"({', '.join(['%s'] * count)})" if count else "")
        for sql, count in statements
    )


def numbered(sql: str) -> str:
    """Django's %s placeholders as PostgreSQL's $1, $2...; its %% as the % it stands for."""
    parts, number, i = [], 0, 0
    while (j := sql.find("%", i)) >= 0:
        parts.append(sql[i:j])
        mark = sql[j + 1 : j + 2]
        if mark == "s":
            number += 1
            parts.append(f"${number}")
        elif mark == "%":
            parts.append("%")
        else:
            raise PlaceholderError(f"a % at {j} that is neither %s nor %%")
        i = j + 2
    parts.append(sql[i:])
    return "".join(parts)

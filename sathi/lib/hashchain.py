"""A keyed hash chain over audit events: each link commits to the previous one and to its own content.

Each link is HMAC-SHA256 under an audit key held outside the database, so whoever can write to the
database can neither forge a link nor recompute a chain after an edit (plain SHA-256 could be recomputed).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(content: Mapping) -> bytes:
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def link_hash(key: bytes, prev_hash: str, content: Mapping) -> str:
    return hmac.new(key, prev_hash.encode("ascii") + b"\n" + canonical(content), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int
    problem: str


@dataclass(frozen=True)
class Link:
    seq: int
    event_id: int
    key_id: str
    prev_hash: str
    hash: str
    content: Mapping


def verify_chain(links: Iterable[Link], key_for: Callable[[str], bytes | None]) -> Break | None:
    """Walk the links in seq order; return the first break, or None.

    Catches an edited row (its hash no longer matches its content under its key), a deleted row (a gap in
    seq, or a prev_hash that does not match), a reordered row (the same) and a row hashed without the key.
    """
    expected_prev, expected_seq = GENESIS, 1
    for link in links:
        if link.seq != expected_seq:
            return Break(link.seq, link.event_id, f"sequence jumps from {expected_seq - 1} to {link.seq}")
        if link.prev_hash != expected_prev:
            return Break(link.seq, link.event_id, "does not follow the event before it")
        key = key_for(link.key_id)
        if key is None:
            return Break(link.seq, link.event_id, f"names audit key {link.key_id!r}, not in the keys file")
        if not hmac.compare_digest(link_hash(key, link.prev_hash, link.content), link.hash):
            return Break(link.seq, link.event_id, "content does not match its hash")
        expected_prev, expected_seq = link.hash, link.seq + 1
    return None

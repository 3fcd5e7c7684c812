"""A hash chain over audit events: each link commits to the previous one and to its own content."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def link_hash(prev_hash: str, content: Mapping) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + "\n" + canonical).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int
    problem: str


def verify_chain(links: Iterable[tuple[int, int, str, str, Mapping]]) -> Break | None:
    """Walk (seq, id, prev_hash, hash, content) in seq order; return the first break, or None.

    Catches an edited row (its hash no longer matches its content), a deleted row (a gap in seq, or a
    prev_hash that does not match) and a reordered row (the same).
    """
    expected_prev, expected_seq = GENESIS, 1
    for seq, event_id, prev_hash, stored_hash, content in links:
        if seq != expected_seq:
            return Break(seq, event_id, f"sequence jumps from {expected_seq - 1} to {seq}")
        if prev_hash != expected_prev:
            return Break(seq, event_id, "does not follow the event before it")
        if link_hash(prev_hash, content) != stored_hash:
            return Break(seq, event_id, "content does not match its hash")
        expected_prev, expected_seq = stored_hash, seq + 1
    return None

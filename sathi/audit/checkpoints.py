"""Signed checkpoints of every chain head, kept outside the database.

Whoever can write to the database, even holding the audit key, cannot rewrite what a checkpoint already
anchors without it showing: the checkpointed event's hash would change. Each checkpoint is one JSON line
appended to SATHI_AUDIT_CHECKPOINT_FILE and written to the log, so an operator ships it to a place the
database's administrator cannot reach. Lines are signed (Ed25519, an audit key from the keys file) and
each names the digest of the line before it, so a removed or edited line shows too.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from functools import reduce
from operator import or_
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from sathi.audit.models import AuditChainHead, AuditEvent
from sathi.core.keyring import keyring
from sathi.lib.hashchain import GENESIS, canonical

logger = logging.getLogger("sathi.audit.checkpoint")
VERSION = 1


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def _parse_chain(name: str) -> tuple[int | None, int]:
    scope, shard = name.rsplit("/", 1)
    return (None if scope == "system" else int(scope.removeprefix("org:"))), int(shard)


def _heads() -> list[dict]:
    heads = list(
        AuditChainHead.objects.filter(last_seq__gt=0)
        .order_by("scope", "shard")
        .values("scope", "shard", "organisation_id", "last_seq", "last_hash")
    )
    if not heads:
        return []
    times = dict(
        ((o, s, q), t)
        for o, s, q, t in AuditEvent.objects.filter(
            reduce(
                or_,
                (Q(organisation_id=h["organisation_id"], shard=h["shard"], seq=h["last_seq"]) for h in heads),
            )
        ).values_list("organisation_id", "shard", "seq", "created_at")
    )
    return [
        {
            "chain": f"{h['scope']}/{h['shard']}",
            "seq": h["last_seq"],
            "hash": h["last_hash"],
            "time": _iso(times.get((h["organisation_id"], h["shard"], h["last_seq"]))),
        }
        for h in heads
    ]


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _last_line(handle) -> str | None:
    handle.seek(0)
    last = None
    for raw in handle:
        if raw.strip():
            last = raw.decode("utf-8").rstrip("\n")
    return last


def checkpoint_write(path: Path | None = None) -> dict:
    """Append a signed checkpoint of every chain head to the file and the log; return it."""
    path = Path(path or settings.SATHI_AUDIT_CHECKPOINT_FILE)
    key_id, key = keyring().active_audit
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # two writers must not both follow the same line
        previous = _last_line(handle)
        body = {
            "v": VERSION,
            "at": timezone.now().isoformat(),
            "key": key_id,
            "prev": _digest(previous) if previous else GENESIS,
            "heads": _heads(),
        }
        body["sig"] = base64.b64encode(key.sign(canonical(body))).decode("ascii")
        line = json.dumps(body, sort_keys=True, separators=(",", ":"))
        handle.write(line.encode("utf-8") + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    logger.info("audit checkpoint %s", line)
    return body


@dataclass(frozen=True)
class Problem:
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


def _read_lines(path: Path) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """Signed, linked checkpoints by line number, and what is wrong with the file itself."""
    ring = keyring()
    problems: list[Problem] = []
    checkpoints: list[tuple[int, dict]] = []
    previous: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            body = json.loads(line)
            signature = base64.b64decode(body.pop("sig"), validate=True)
            key_id = body["key"]
            heads = [(h["chain"], int(h["seq"]), h["hash"]) for h in body["heads"]]
            for chain, _seq, _hash in heads:
                _parse_chain(chain)
        except (ValueError, KeyError, TypeError, AttributeError):
            problems.append(Problem(where, "is not a checkpoint (unreadable or incomplete)"))
            previous = line
            continue
        key = ring.audit_key(key_id)
        if key is None:
            problems.append(Problem(where, f"is signed with audit key {key_id!r}, not in the keys file"))
        elif not key.signature_valid(canonical(body), signature):
            problems.append(Problem(where, "bad signature: the checkpoint was changed or forged"))
        else:
            expected = _digest(previous) if previous is not None else GENESIS
            if body.get("prev") != expected:
                problems.append(
                    Problem(where, "does not follow the line before it: a checkpoint was removed or changed")
                )
            checkpoints.append((number, body))
        previous = line
    return checkpoints, problems


def verify_checkpoints(path: Path | None = None) -> list[Problem]:
    """What the checkpoint file says that the database no longer agrees with, and what is wrong with it."""
    path = Path(path or settings.SATHI_AUDIT_CHECKPOINT_FILE)
    if not path.exists():
        if not AuditEvent.objects.exists():
            return []
        return [
            Problem(
                str(path),
                "the checkpoint file is missing. If none was ever written, run `manage.py audit_checkpoint`; "
                "otherwise it was removed: verify against a shipped copy with --checkpoint-file",
            )
        ]
    checkpoints, problems = _read_lines(path)
    if not checkpoints and not problems and AuditEvent.objects.exists():
        problems.append(Problem(str(path), "the checkpoint file holds no checkpoint"))
    wanted: dict[str, set[int]] = {}
    for _number, body in checkpoints:
        for head in body["heads"]:
            wanted.setdefault(head["chain"], set()).add(int(head["seq"]))
    hashes: dict[str, dict[int, str]] = {}
    ends: dict[str, int | None] = {}
    for chain, seqs in wanted.items():
        org_id, shard = _parse_chain(chain)
        events = AuditEvent.objects.filter(organisation_id=org_id, shard=shard)
        hashes[chain] = dict(events.filter(seq__in=seqs).values_list("seq", "hash"))
        ends[chain] = events.aggregate(end=Max("seq"))["end"]
    reported: set[str] = set()
    for number, body in checkpoints:
        where = f"{path} line {number}"
        for head in body["heads"]:
            chain, seq = head["chain"], int(head["seq"])
            if chain in reported:
                continue
            found = hashes[chain].get(seq)
            if ends[chain] is None:
                text = f"chain {chain} (seq {seq}) was not found in the database"
            elif ends[chain] < seq:
                text = f"chain {chain} ends at seq {ends[chain]}, shorter than the checkpoint (seq {seq})"
            elif found is None:
                text = f"chain {chain} has no event at seq {seq}, which the checkpoint anchors"
            elif found != head["hash"]:
                text = f"chain {chain} was rewritten: its event at seq {seq} differs from the checkpoint"
            else:
                continue
            problems.append(Problem(where, text))
            reported.add(chain)
    return problems

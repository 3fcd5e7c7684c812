"""AES-256-GCM envelope encryption and blind indexes (DESIGN rule 5).

Three layers of keys:
  master key (in SATHI_KEYS_FILE, outside the database)
    wraps each organisation's data key and blind-index key
      the organisation's data key wraps each person's data key
        the person's data key seals her fields.
Erasing a person destroys her key; rotating a master or organisation key re-wraps the layer below
without touching the sealed fields.

Every ciphertext names its key (so old and new keys coexist during rotation) and is bound to its place
(table, column, row) as associated data, so a ciphertext copied elsewhere fails to open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32
BLIND_INDEX_BYTES = 8  # 64 bits: no accidental collision in an organisation, yet no exact fingerprint


class DecryptionError(Exception):
    """A ciphertext did not open: wrong key, wrong place, or tampered. Never silently empty."""


class KeyFileError(Exception):
    pass


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def seal(key: bytes, key_id: str, plaintext: bytes, aad: str) -> bytes:
    kid = key_id.encode("ascii")
    if len(kid) > 255:
        raise ValueError("key id too long")
    nonce = os.urandom(NONCE_BYTES)
    body = AESGCM(key).encrypt(nonce, plaintext, aad.encode("utf-8"))
    return bytes([FORMAT_VERSION, len(kid)]) + kid + nonce + body


def key_id_of(blob: bytes) -> str:
    blob = bytes(blob)
    if len(blob) < 2 or blob[0] != FORMAT_VERSION:
        raise DecryptionError("unknown ciphertext format")
    return blob[2 : 2 + blob[1]].decode("ascii")


def unseal(key: bytes, blob: bytes, aad: str) -> bytes:
    blob = bytes(blob)
    if len(blob) < 2 or blob[0] != FORMAT_VERSION:
        raise DecryptionError("unknown ciphertext format")
    start = 2 + blob[1]
    nonce, body = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, aad.encode("utf-8"))
    except InvalidTag as exc:
        # The message names no value and no place: exceptions may reach logs.
        raise DecryptionError("ciphertext failed authentication") from exc


def seal_text(key: bytes, key_id: str, text: str, aad: str) -> bytes:
    return seal(key, key_id, text.encode("utf-8"), aad)


def unseal_text(key: bytes, blob: bytes, aad: str) -> str:
    return unseal(key, blob, aad).decode("utf-8")


# --- the keys file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditKey:
    """One audit key: an HMAC key for the chain hashes and an Ed25519 seed that signs checkpoints.

    Held in the keys file only, never in the database, so that whoever can write to the database cannot
    recompute a chain after an edit. Old ones stay in the file for good: events and checkpoints name theirs.
    """

    chain: bytes
    signing_seed: bytes

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.signing_seed).sign(message)

    def signature_valid(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PrivateKey.from_private_bytes(self.signing_seed).public_key().verify(signature, message)
        except InvalidSignature:
            return False
        return True


NO_AUDIT_KEY = (
    "The keys file {path} has no audit key. Add one with `manage.py rotate_keys --new-audit-key` "
    "(in development `manage.py ensure_dev_keys` adds it)."
)


@dataclass(frozen=True)
class KeyRing:
    """Master keys by id, the id new wrappings use, the pepper for token digests, and the audit keys."""

    masters: dict[str, bytes]
    active_master_id: str
    pepper: bytes
    audit_keys: dict[str, AuditKey] = field(default_factory=dict)
    active_audit_id: str | None = None
    path: str = ""

    @property
    def active_audit(self) -> tuple[str, AuditKey]:
        """The id and key new audit events and checkpoints use; a clear refusal when the file has none."""
        if self.active_audit_id is None:
            raise KeyFileError(NO_AUDIT_KEY.format(path=self.path))
        return self.active_audit_id, self.audit_keys[self.active_audit_id]

    def audit_key(self, key_id: str) -> AuditKey | None:
        return self.audit_keys.get(key_id)

    @property
    def active_master(self) -> bytes:
        return self.masters[self.active_master_id]

    def master(self, key_id: str) -> bytes:
        try:
            return self.masters[key_id]
        except KeyError as exc:
            raise DecryptionError(f"master key {key_id} is not in the keys file") from exc

    def subkey(self, purpose: str) -> bytes:
        """A key for one system purpose (TOTP seeds), derived from the active master."""
        return hmac.new(self.active_master, b"sathi-subkey:" + purpose.encode(), hashlib.sha256).digest()

    def subkey_for(self, master_id: str, purpose: str) -> bytes:
        return hmac.new(self.master(master_id), b"sathi-subkey:" + purpose.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _read_raw(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text())
    except FileNotFoundError as exc:
        raise KeyFileError(f"keys file not found: {path}") from exc
    except ValueError as exc:
        raise KeyFileError(f"keys file is malformed: {path}") from exc


def load_keys_file(path: Path) -> KeyRing:
    raw = _read_raw(path)
    try:
        masters = {kid: base64.b64decode(val) for kid, val in raw["masters"].items()}
        audit = raw.get("audit", {})
        audit_keys = {
            kid: AuditKey(chain=base64.b64decode(val["chain"]), signing_seed=base64.b64decode(val["signing"]))
            for kid, val in audit.get("keys", {}).items()
        }
        ring = KeyRing(
            masters=masters,
            active_master_id=raw["active"],
            pepper=base64.b64decode(raw["pepper"]),
            audit_keys=audit_keys,
            active_audit_id=audit.get("active"),
            path=str(path),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyFileError(f"keys file is malformed: {path}") from exc
    if ring.active_master_id not in masters or any(len(k) != KEY_BYTES for k in masters.values()):
        raise KeyFileError(f"keys file is malformed: {path}")
    if (ring.active_audit_id is not None and ring.active_audit_id not in audit_keys) or any(
        len(k.chain) != KEY_BYTES or len(k.signing_seed) != KEY_BYTES for k in audit_keys.values()
    ):
        raise KeyFileError(f"keys file is malformed: {path}")
    return ring


def _write_keys(
    path: Path, masters: dict[str, bytes], active: str, pepper: bytes, audit: dict | None
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {"masters": {k: _b64(v) for k, v in masters.items()}, "active": active, "pepper": _b64(pepper)}
    if audit:
        content["audit"] = audit
    body = json.dumps(content, indent=2)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(body)
    os.replace(tmp, path)


def _new_key_id(prefix: str) -> str:
    return prefix + datetime.now(UTC).strftime("%Y%m%d%H%M%S") + secrets.token_hex(2)


def _new_master_id() -> str:
    return _new_key_id("m")


def _audit_section(path: Path) -> dict | None:
    return _read_raw(path).get("audit")


def _with_new_audit_key(audit: dict | None) -> tuple[dict, str]:
    kid = _new_key_id("a")
    keys = dict((audit or {}).get("keys", {}))
    keys[kid] = {"chain": _b64(new_key()), "signing": _b64(new_key())}
    return {"keys": keys, "active": kid}, kid


def generate_keys_file(path: Path) -> None:
    """Write a new keys file (mode 0600) with a master key, a pepper and an audit key. Never overwrites."""
    path = Path(path)
    if path.exists():
        raise KeyFileError(f"keys file already exists: {path}")
    mid = _new_master_id()
    _write_keys(path, {mid: new_key()}, mid, new_key(), _with_new_audit_key(None)[0])


def add_master_key(path: Path) -> str:
    """Add a new master key and make it the active one; old ones stay until re-wrapping is done."""
    ring = load_keys_file(path)
    mid = _new_master_id()
    _write_keys(Path(path), {**ring.masters, mid: new_key()}, mid, ring.pepper, _audit_section(path))
    return mid


def add_audit_key(path: Path) -> str:
    """Add a new audit key and make it the active one; old audit keys stay for good (old events use them)."""
    ring = load_keys_file(path)
    audit, kid = _with_new_audit_key(_audit_section(path))
    _write_keys(Path(path), ring.masters, ring.active_master_id, ring.pepper, audit)
    return kid


def retire_master_keys(path: Path, keep: set[str]) -> None:
    ring = load_keys_file(path)
    _write_keys(
        Path(path),
        {k: v for k, v in ring.masters.items() if k in keep},
        ring.active_master_id,
        ring.pepper,
        _audit_section(path),
    )


# --- blind indexes -------------------------------------------------------------------------------


def normalise_name(value: str) -> str:
    """Case, accents-as-typed and spacing do not make two names different."""
    text = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(text.replace(".", " ").split())


def normalise_phone(value: str) -> str:
    """Digits only; an Indian number is reduced to its ten-digit subscriber number."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", value) if ch.isdigit())
    digits = "".join(str(unicodedata.digit(ch)) for ch in digits)  # Bengali and Devanagari digits too
    if len(digits) > 10 and (digits.startswith("91") or digits.startswith("0")):
        digits = digits[-10:]
    return digits


def blind_index(key: bytes, purpose: str, normalised: str) -> str:
    """HMAC-SHA256 of a normalised value, truncated; the purpose separates phone from name indexes."""
    mac = hmac.new(key, purpose.encode() + b"\x00" + normalised.encode("utf-8"), hashlib.sha256)
    return mac.digest()[:BLIND_INDEX_BYTES].hex()


def blind_key(key: bytes, purpose: str, normalised: str, bits: int) -> int:
    """HMAC-SHA256 of a normalised value truncated to `bits` bits, as an integer: a blind index that many
    values share on purpose (the name-token keys, docs/search.md)."""
    mac = hmac.new(key, purpose.encode() + b"\x00" + normalised.encode("utf-8"), hashlib.sha256)
    return int.from_bytes(mac.digest()[:4], "big") >> (32 - bits)


def token_digest(pepper: bytes, token: str) -> str:
    return hmac.new(pepper, token.encode("utf-8"), hashlib.sha256).hexdigest()

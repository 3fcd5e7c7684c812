"""ODK's encrypted submissions, opened (the format ODK Collect writes and ODK Briefcase and Central read).

A finalised submission of an encrypted form arrives as a manifest (submission.xml, in the namespace below)
and its files, each with ".enc" added:
- a random 256-bit AES key, encrypted with the form's RSA public key (RSA-OAEP, SHA-256 digest, MGF1 with
  SHA-1: Java's "RSA/NONE/OAEPWithSHA256AndMGF1Padding"), in <base64EncryptedKey>;
- every file (media first, in the manifest's order, then the XML) encrypted with AES-CFB-128 and PKCS#5
  padding, each with its own IV: the seed is MD5(instance id as UTF-8 + AES key); before each file one byte
  of the seed, at position (files so far mod 16), is incremented;
- a signature in <base64EncryptedElementSignature>: the MD5 of the lines form id, version (when the form has
  one), the encrypted key, the instance id, then "name::md5" of each decrypted file (the XML last, as
  "submission.xml::md5"), each line ending in a newline; that digest is RSA-OAEP encrypted like the key.
Nothing here knows Django. Errors name no value: they may reach a log.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass

from cryptography.hazmat.decrepit.ciphers.modes import CFB  # ODK's format: AES in CFB mode
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.asymmetric import padding as asymmetric_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from defusedxml import ElementTree

ENCRYPTED_NS = "http://www.opendatakit.org/xforms/encrypted"
OPENROSA_NS = "http://openrosa.org/xforms"
OAEP = asymmetric_padding.OAEP(
    mgf=asymmetric_padding.MGF1(algorithm=hashes.SHA1()),  # noqa: S303 (ODK's format: MGF1 with SHA-1)
    algorithm=hashes.SHA256(),
    label=None,
)
IV_BYTES = 16


class EncryptedSubmissionRefused(Exception):
    """Not a well-formed encrypted submission, the wrong key, or tampered with."""


@dataclass(frozen=True)
class Opened:
    form_id: str
    version: str | None
    instance_id: str
    xml: bytes  # the submission's XML, decrypted
    media: dict[str, bytes]  # file name (without ".enc") -> decrypted content


def is_encrypted_manifest(root) -> bool:
    return root.tag == f"{{{ENCRYPTED_NS}}}data"


def _child_text(root, name: str, ns: str = ENCRYPTED_NS) -> str:
    element = root.find(f"{{{ns}}}{name}")
    return (element.text or "").strip() if element is not None else ""


def _b64(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise EncryptedSubmissionRefused("malformed base64 in the manifest") from None


def iv_seed(instance_id: str, key: bytes) -> bytearray:
    return bytearray(hashlib.md5(instance_id.encode("utf-8") + key).digest())  # noqa: S324 (ODK's format)


def next_iv(seed: bytearray, counter: int) -> bytes:
    """Advance the seed for the `counter`-th file (from 0) and return its IV, as ODK Collect does."""
    seed[counter % IV_BYTES] = (seed[counter % IV_BYTES] + 1) % 256
    return bytes(seed)


def _decrypt_file(key: bytes, iv: bytes, content: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    padded = decryptor.update(content) + decryptor.finalize()
    unpadder = padding.PKCS7(algorithms.AES.block_size).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise EncryptedSubmissionRefused("a file does not decrypt with this key") from None


def signature_source(
    *, form_id: str, version: str | None, encrypted_key: str, instance_id: str, files: list[tuple[str, bytes]]
) -> bytes:
    lines = [form_id, *([version] if version is not None else []), encrypted_key, instance_id]
    lines += [f"{name}::{hashlib.md5(content).hexdigest()}" for name, content in files]  # noqa: S324
    return "".join(line + "\n" for line in lines).encode("utf-8")


def open_submission(private_key: rsa.RSAPrivateKey, manifest: bytes, files: dict[str, bytes]) -> Opened:
    """Decrypt an encrypted submission and check its signature. `files`: the parts as posted, by name."""
    try:
        root = ElementTree.fromstring(manifest)
    except ElementTree.ParseError:
        raise EncryptedSubmissionRefused("the manifest is not XML") from None
    except Exception:  # defusedxml's refusals (entities, DTDs): not a manifest ODK writes
        raise EncryptedSubmissionRefused("the manifest is not XML ODK writes") from None
    if not is_encrypted_manifest(root) or root.get("encrypted") != "yes":
        raise EncryptedSubmissionRefused("not an encrypted submission manifest")
    form_id, version = root.get("id") or "", root.get("version")
    encrypted_key = _child_text(root, "base64EncryptedKey")
    meta = root.find(f"{{{OPENROSA_NS}}}meta")
    instance_id = _child_text(meta, "instanceID", OPENROSA_NS) if meta is not None else ""
    xml_name = _child_text(root, "encryptedXmlFile")
    signature = _child_text(root, "base64EncryptedElementSignature")
    media_names = [
        (element.text or "").strip() for element in root.iter(f"{{{ENCRYPTED_NS}}}file") if element.text
    ]
    if not (form_id and encrypted_key and instance_id and xml_name and signature):
        raise EncryptedSubmissionRefused("the manifest lacks a part ODK's format requires")
    names = [*media_names, xml_name]
    if any(not name.endswith(".enc") or name not in files for name in names) or len(set(names)) < len(names):
        raise EncryptedSubmissionRefused("a file the manifest names was not sent")
    try:
        key = private_key.decrypt(_b64(encrypted_key), OAEP)
        expected = private_key.decrypt(_b64(signature), OAEP)
    except ValueError:
        raise EncryptedSubmissionRefused("the submission was not encrypted for this form's key") from None
    if len(key) != 32:
        raise EncryptedSubmissionRefused("the submission's key is not an AES-256 key")
    seed = iv_seed(instance_id, key)
    opened = [
        (name.removesuffix(".enc"), _decrypt_file(key, next_iv(seed, counter), files[name]))
        for counter, name in enumerate(names)
    ]
    source = signature_source(
        form_id=form_id, version=version, encrypted_key=encrypted_key, instance_id=instance_id, files=opened
    )
    if not hmac.compare_digest(hashlib.md5(source).digest(), expected):  # noqa: S324 (ODK's format)
        raise EncryptedSubmissionRefused("the signature does not match: the submission was altered")
    return Opened(
        form_id=form_id, version=version, instance_id=instance_id, xml=opened[-1][1], media=dict(opened[:-1])
    )

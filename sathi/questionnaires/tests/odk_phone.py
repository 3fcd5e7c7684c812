"""What ODK Collect does when a worker finalises an encrypted form, written here from ODK's published format
(Collect's EncryptionUtils; the encrypted-forms documentation), independently of Sathi's decryption.

The phone draws a 256-bit AES key, encrypts it with the form's RSA public key (OAEP: SHA-256, MGF1 SHA-1),
encrypts each media file and then submission.xml with AES/CFB/PKCS5Padding, the IV of each derived from
MD5(instanceID + key) by incrementing one byte per file, and writes a manifest with a signature: the MD5 of
"form id, version, encrypted key, instance id, name::md5 of each plain file" lines, RSA-encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.hazmat.decrepit.ciphers.modes import CFB  # ODK's format: AES in CFB mode
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as rsa_padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

OAEP = rsa_padding.OAEP(mgf=rsa_padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA256(), label=None)


def encrypt_submission(
    *,
    public_key_b64: str,
    form_id: str,
    version: str | None,
    instance_id: str,
    xml: bytes,
    media: list[tuple[str, bytes]] = (),
    key: bytes | None = None,
) -> tuple[bytes, dict[str, bytes]]:
    """(the manifest, {file name: encrypted bytes}) as Collect posts them."""
    public = serialization.load_der_public_key(base64.b64decode(public_key_b64))
    key = key or os.urandom(32)
    encrypted_key = base64.b64encode(public.encrypt(key, OAEP)).decode()
    seed = bytearray(hashlib.md5(instance_id.encode() + key).digest())
    files, lines = {}, [form_id, *([version] if version is not None else []), encrypted_key, instance_id]
    for counter, (name, content) in enumerate([*media, ("submission.xml", xml)]):
        seed[counter % 16] = (seed[counter % 16] + 1) & 0xFF
        padder = padding.PKCS7(128).padder()
        encryptor = Cipher(algorithms.AES(key), CFB(bytes(seed))).encryptor()
        padded = padder.update(content) + padder.finalize()
        files[name + ".enc"] = encryptor.update(padded) + encryptor.finalize()
        lines.append(f"{name}::{hashlib.md5(content).hexdigest()}")
    digest = hashlib.md5("".join(line + "\n" for line in lines).encode()).digest()
    signature = base64.b64encode(public.encrypt(digest, OAEP)).decode()
    version_attr = f' version="{version}"' if version is not None else ""
    media_xml = "".join(f"<media><file>{name}.enc</file></media>" for name, _content in media)
    manifest = (
        '<data xmlns="http://www.opendatakit.org/xforms/encrypted"'
        f' id="{form_id}"{version_attr} encrypted="yes">'
        f"<base64EncryptedKey>{encrypted_key}</base64EncryptedKey>"
        '<orx:meta xmlns:orx="http://openrosa.org/xforms">'
        f"<orx:instanceID>{instance_id}</orx:instanceID></orx:meta>"
        f"{media_xml}<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>"
        f"<base64EncryptedElementSignature>{signature}</base64EncryptedElementSignature></data>"
    )
    return manifest.encode(), files

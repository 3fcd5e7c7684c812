"""What a file really is, from its first bytes, never from its name."""

from __future__ import annotations

SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]


def sniff(head: bytes) -> str | None:
    """The content type of a document we accept, or None for anything else (HTML, scripts, archives...)."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None

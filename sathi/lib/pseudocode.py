"""Pseudonymous person codes: short, readable aloud over a phone, with a check character.

Alphabet: Crockford-style base 32 without I, L, O, U (no confusion with 1, 0 or V), so "KT4M-9PX7"
survives being read out. The check character is a mod-31 weighted sum (catches a single wrong
character and any swap of two neighbours, except the one pair 0/Z that differs by 31).
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET[:31]  # 31 is prime: weighted sums then catch every adjacent swap
BODY_LENGTH = 7


def _check_char(body: str) -> str:
    total = sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(body))
    return CHECK_ALPHABET[total % 31]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + _check_char(body)


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _shaped(raw: str) -> str | None:
    """Eight characters of the alphabet once hyphens and spaces go and look-alikes are read as digits."""
    text = raw.strip().upper().replace("-", "").replace(" ", "")
    text = text.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(text) != BODY_LENGTH + 1 or any(ch not in ALPHABET for ch in text):
        return None
    return text


def has_code_shape(raw: str) -> bool:
    """Looks like a code as written (a digit among its eight characters), whatever its check character."""
    return _shaped(raw) is not None and any(ch.isdigit() for ch in raw)


def normalise(raw: str) -> str | None:
    """Turn what someone typed or read aloud into a code, or None if it cannot be one."""
    text = _shaped(raw)
    if text is None:
        return None
    if _check_char(text[:-1]) != text[-1]:
        return None
    return text

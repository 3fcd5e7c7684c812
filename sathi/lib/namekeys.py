"""Names as keys that survive spelling: tokens, one Latin skeleton for three scripts, and a sound key.

A name is searched by its tokens ("Rupa", "Mondal"), each reduced to a key that the common ways of writing
it share, so that only keys (HMAC'd by the caller, sathi.people.namesearch) are stored and compared:

1. Script: Bengali and Devanagari tokens are transliterated to IAST with `indic_transliteration` (the
   sanscript tables), after the letters those tables do not read as Bengali or Hindi speakers do
   (nukta letters ড় ঢ় য় ड़ ढ़; Bengali য at the start of a syllable, said "j"). Diacritics then go: the
   *skeleton* is plain a-z ("মালতী" -> "malati", "मालती" -> "malati", "Maloti" -> "maloti").
2. Sound: on the skeleton, the variants of Bengali and Hindi names written in Latin letters are folded:
   aspiration (kh/k, th/t, dh/d, bh/b, ph/f, sh/s, chh/ch), b/v/w, z/j, q/k, x/ks, ee/i, oo/u, doubled
   letters, m before p or b (the anusvara: "Champa", চাঁপা); vowels in three classes (a and o; e, i and y;
   u), and the a/o class dropped after the first letter, which takes away both the Bengali inherent vowel
   ("Mondal", "Mondol", "Mandal", মণ্ডল "mandala") and the schwa that Hindi and Bengali speakers do not say
   ("Kamla", कमला "kamala"; "Malti", মালতী).

A token of any other script (Tamil, Urdu, Latin with letters outside a-z after folding...) has no sound
key here: it is kept as written (NFKC, case folded) and can be found only exactly.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex
from indic_transliteration import sanscript

MIN_LETTERS = 2  # a search of one letter finds half the register: the caller asks for more


class Script(enum.StrEnum):
    LATIN = "latin"
    BENGALI = "bengali"
    DEVANAGARI = "devanagari"
    OTHER = "other"


_BENGALI = range(0x0980, 0x0A00)
_DEVANAGARI = range(0x0900, 0x0980)

# Letters with a nukta, written either as one code point or as letter + nukta (NFC keeps the pair for most).
_BENGALI_BEFORE = [
    ("\u09a1\u09bc", "\u09b0"),  # ড় -> র: said "r"
    ("\u09dc", "\u09b0"),
    ("\u09a2\u09bc", "\u09b0"),  # ঢ় -> র
    ("\u09dd", "\u09b0"),
    ("\u09af\u09bc", "\u200dY"),  # য় (antastha ya): a glide, kept apart from য below
    ("\u09df", "\u200dY"),
]
_DEVANAGARI_BEFORE = [
    ("\u0921\u093c", "\u0930"),  # ड़ -> र
    ("\u095c", "\u0930"),
    ("\u0922\u093c", "\u0930"),  # ढ़ -> र
    ("\u095d", "\u0930"),
]
_VIRAMA_BN = "\u09cd"
# Bengali য at the start of a token or after a vowel sign is said "j" (যমুনা Jamuna); after a virama it is
# the y-phala of a conjunct (জ্যোৎস্না), which stays a glide.
_BENGALI_JA = re.compile(r"(?<!\u09cd)\u09af")


def script_of(token: str) -> Script:
    """The script of a token by its letters; a mix of Indic and anything else is OTHER (searched exactly)."""
    scripts = set()
    for ch in token:
        if not unicodedata.category(ch).startswith(("L", "M")):
            continue
        code = ord(ch)
        if code in _BENGALI:
            scripts.add(Script.BENGALI)
        elif code in _DEVANAGARI:
            scripts.add(Script.DEVANAGARI)
        elif _latin_letter(ch):
            scripts.add(Script.LATIN)
        else:
            return Script.OTHER
    return scripts.pop() if len(scripts) == 1 else Script.OTHER


def _latin_letter(ch: str) -> bool:
    base = unicodedata.normalize("NFKD", ch)[0]
    return "a" <= base.casefold() <= "z" or unicodedata.category(ch) == "Mn" and ord(ch) < 0x0370


_WORD = regex.compile(r"[\p{L}\p{M}\u200d]+")
_LETTER = regex.compile(r"[\p{L}\p{M}]")


def tokens(name: str) -> list[str]:
    """The words of a name, NFKC and case folded, split on anything that is not a letter or a mark."""
    return _WORD.findall(unicodedata.normalize("NFKC", name).casefold())


def letters(text: str) -> int:
    """Letters and the vowel signs written on them: দে ("De") is two, as "De" is."""
    return len(_LETTER.findall(text))


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str | None:
    """One Latin spelling (a-z) for a Latin, Bengali or Devanagari token; None for any other script."""
    script = script_of(token)
    if script is Script.OTHER:
        return None
    text = token
    if script is Script.BENGALI:
        for before, after in _BENGALI_BEFORE:
            text = text.replace(before, after)
        text = _BENGALI_JA.sub("\u099c", text)  # য -> জ
        text = sanscript.transliterate(text.replace("\u200dY", "\u09af"), sanscript.BENGALI, sanscript.IAST)
    elif script is Script.DEVANAGARI:
        for before, after in _DEVANAGARI_BEFORE:
            text = text.replace(before, after)
        text = sanscript.transliterate(text, sanscript.DEVANAGARI, sanscript.IAST)
    # IAST letters whose base letter alone would mislead: vocalic r is "ri"; the anusvara and the
    # chandrabindu (sanscript writes "~") a nasal "n".
    text = text.replace("ṃh", "ngh")  # सिंह: "Singh"
    text = (
        text.replace("ṛ", "ri")
        .replace("ṝ", "ri")
        .replace("ḷ", "li")
        .replace("ṃ", "n")
        .replace("m̐", "n")
        .replace("~", "n")
    )
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.category(ch).startswith("M")
    )
    out = "".join(ch for ch in folded.casefold() if "a" <= ch <= "z")
    return out or None


# Order matters: longer spellings first, so that "chh" is not read as "c" + "hh".
_FOLDS = [
    ("chh", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("ph", "f"),
    ("x", "ks"),
    ("q", "k"),
    ("z", "j"),
    ("w", "b"),
    ("v", "b"),
    ("ee", "i"),
    ("oo", "u"),
]
_ASPIRATED = re.compile(r"([kgcjtdpbsr])h")  # kh gh ... : aspiration is written or not
_NASAL = re.compile(r"m(?=[pb])")  # the anusvara before a labial: "Champa" and চাঁপা
_VOWEL_CLASS = str.maketrans({"a": "a", "o": "a", "e": "i", "i": "i", "y": "i", "u": "u"})


@lru_cache(maxsize=65536)
def sound(skeleton_text: str) -> str:
    """The sound key of a skeleton: what the common Latin spellings of one Bengali or Hindi name share."""
    text = skeleton_text
    for before, after in _FOLDS:
        text = text.replace(before, after)
    text = _ASPIRATED.sub(r"\1", text)
    text = _NASAL.sub("n", text)
    text = text.translate(_VOWEL_CLASS)
    first, rest = text[:1], text[1:].replace("a", "")
    return _squeeze(first + rest)


def _squeeze(text: str) -> str:
    out = []
    for ch in text:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class TokenKey:
    """What is indexed for one token: its sound key, or (another script) the token as written."""

    sound: bool  # True: a sound key of a Latin, Bengali or Devanagari token
    value: str


def token_key(token: str) -> TokenKey:
    shape = skeleton(token)
    if shape is None:
        return TokenKey(sound=False, value=token)
    return TokenKey(sound=True, value=sound(shape))


def name_keys(name: str) -> list[TokenKey]:
    """The distinct keys of a name's tokens, single letters (initials) left out unless nothing else is."""
    words = tokens(name)
    useful = [w for w in words if len(w) - w.count("\u200d") >= MIN_LETTERS] or words
    seen: dict[TokenKey, None] = {}
    for word in useful:
        seen.setdefault(token_key(word), None)
    if not seen:  # a name with no letter at all: kept whole, found only as written
        seen[TokenKey(sound=False, value=" ".join(name.split()).casefold())] = None
    return list(seen)


def comparable(name: str) -> str:
    """A name as one Latin string, for ranking by string similarity across scripts."""
    return " ".join(skeleton(word) or word for word in tokens(name))

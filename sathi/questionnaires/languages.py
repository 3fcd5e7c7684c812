"""Language columns however a form names them (`label::bn`, `label::Bengali (bn)`, `label::বাংলা`...).

English, Bengali and Hindi become Sathi's codes (en, bn, hi); any other language is kept under the name the
form gives it, so that it can be shown when chosen. A label column with no language is "default".
"""

from __future__ import annotations

import re

SATHI_LANGUAGES = ("en", "bn", "hi")
NAMES = {
    "en": {"en", "eng", "english", "ইংরেজি", "अंग्रेज़ी", "अंग्रेजी", "default"},
    "bn": {"bn", "ben", "bengali", "bangla", "বাংলা", "বাঙলা"},
    "hi": {"hi", "hin", "hindi", "हिन्दी", "हिंदी"},
}
# "Bengali (bn)", "English(en)", "english (EN)": a name and an ISO 639 code in brackets.
NAME_AND_CODE = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<code>[A-Za-z-]+)\s*\)\s*$")


def language_code(name: str) -> str:
    """Sathi's code for a form's language name, or the name itself (trimmed) for any other language."""
    cleaned = " ".join((name or "").split())
    match = NAME_AND_CODE.match(cleaned)
    candidates = [cleaned.casefold()]
    if match:
        candidates = [match["code"].casefold(), match["name"].casefold()]
    for code, names in NAMES.items():
        if any(candidate in names for candidate in candidates):
            return code
    return cleaned


def by_code(texts) -> dict[str, str]:
    """pyxform's {language name: text} (or a bare string) as {code: text}."""
    if texts in (None, ""):
        return {}
    if isinstance(texts, str):
        return {"en": texts}
    found: dict[str, str] = {}
    for name, text in texts.items():
        if isinstance(text, str) and text.strip():
            found.setdefault(language_code(name), text)
    return found


def in_language(texts: dict[str, str], language: str) -> str:
    """The text in the chosen language, else English, else the first the form has."""
    for code in (language, "en"):
        if texts.get(code):
            return texts[code]
    return next(iter(texts.values()), "")

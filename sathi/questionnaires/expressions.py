"""Checking a form's XPath expressions with elementpath (a maintained XPath library), before pyxform.

`${name}` and `${last-saved#name}` are replaced by a path of the same length, and `jr:choice-name(` by
`choice-name(` padded with spaces, so that a position elementpath reports is a position in what the
author wrote. The functions ODK XForms adds to XPath 1.0 are registered so that they parse; an unknown
function is refused like a syntax error.
"""

from __future__ import annotations

import re

import elementpath
from django.utils.translation import gettext as _
from elementpath import XPath1Parser

from sathi.questionnaires.refusals import XLSFormRefused

# ODK XForms specification, "XPath functions": name -> number of arguments (min, max; None: any).
ODK_FUNCTIONS: dict[str, int | tuple[int, int | None]] = {
    "if": 3,
    "selected": 2,
    "selected-at": 2,
    "count-selected": 1,
    "choice-name": 2,
    "indexed-repeat": (3, None),
    "coalesce": 2,
    "join": (1, None),
    "substr": (2, 3),
    "regex": 2,
    "once": 1,
    "today": 0,
    "now": 0,
    "date": 1,
    "date-time": 1,
    "decimal-date": 1,
    "decimal-date-time": 1,
    "decimal-time": 1,
    "format-date": 2,
    "format-date-time": 2,
    "pow": 2,
    "log": 1,
    "log10": 1,
    "abs": 1,
    "sin": 1,
    "cos": 1,
    "tan": 1,
    "asin": 1,
    "acos": 1,
    "atan": 1,
    "atan2": 2,
    "sqrt": 1,
    "exp": 1,
    "exp10": 1,
    "pi": 0,
    "int": 1,
    "round": (1, 2),
    "boolean-from-string": 1,
    "uuid": (0, 1),
    "random": 0,
    "checklist": (2, None),
    "weighted-checklist": (3, None),
    "area": 1,
    "distance": (1, None),
    "geofence": 2,
    "digest": (2, 3),
    "base64-decode": 1,
    "max": (1, None),
    "min": (1, None),
    "count-non-empty": 1,
    "instance": 1,
    "current": 0,
    "randomize": (1, 2),
    "pulldata": (2, None),
    "position": (0, 1),
    "ends-with": 2,
    "version": 0,
    "property": 1,
}


# Functions of CHT's Enketo (medic/cht-core), not of ODK: they parse, and the uploader is told that ODK
# Collect will not know them.
CHT_FUNCTIONS: dict[str, int | tuple[int, int | None]] = {
    "difference-in-days": 2,
    "difference-in-weeks": 2,
    "difference-in-months": 2,
    "difference-in-years": 2,
    "add-date": (2, 6),
    "z-score": 4,
    "to-bikram-sambat": 1,
    "parse-timestamp-to-date": 1,
    "extension-lib": (1, None),
}
CHT_CALL = re.compile(r"(?<![\w.-])(?:cht:)?(" + "|".join(map(re.escape, CHT_FUNCTIONS)) + r")\s*\(")


class OdkXPathParser(XPath1Parser):
    symbol_table = {
        k: v
        for k, v in XPath1Parser.symbol_table.items()
        if k not in ODK_FUNCTIONS and k not in CHT_FUNCTIONS
    }
    # As in XPath 2 and ODK: a path may start from a function call (`instance('x')/root/item`).
    PATH_STEP_LABELS = (*XPath1Parser.PATH_STEP_LABELS, "function")
    PATH_STEP_SYMBOLS = {*XPath1Parser.PATH_STEP_SYMBOLS, "("}


def _register(name: str, nargs) -> None:
    # elementpath binds the method by its function's name: it must be `evaluate`. Parsing only: the
    # form's answers are evaluated later, by the form filler.
    def evaluate(self, context=None):
        return None

    OdkXPathParser.method(OdkXPathParser.function(name, nargs=nargs))(evaluate)


for _name, _nargs in {**ODK_FUNCTIONS, **CHT_FUNCTIONS}.items():
    _register(_name, _nargs)

# The columns whose cells are expressions; `required` and `default` only when they are not plain values.
EXPRESSION_COLUMNS = (
    "relevant",
    "constraint",
    "calculation",
    "choice_filter",
    "required",
    "default",
    "repeat_count",
    "bind::relevant",
    "bind::constraint",
    "bind::calculate",
    "bind::required",
    "bind::jr:count",
)
PLAIN_REQUIRED = {"", "yes", "no", "true", "false", "true()", "false()", "1", "0"}
REFERENCE = re.compile(r"\$\{(?P<last>last-saved#)?(?P<name>[^}]*)\}")
LOCATION = re.compile(r"line (\d+), column (\d+)")
TYPOGRAPHIC_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def is_expression(column: str, value: str) -> bool:
    value = value.strip()
    if column in ("required", "bind::required"):
        return value.casefold() not in PLAIN_REQUIRED
    if column == "default":
        return "${" in value or "(" in value
    if column in ("repeat_count", "bind::jr:count"):
        return not value.isdigit()
    return bool(value)


def check(expression: str, *, names: set[str], sheet: str, row: int, column: str) -> set[str]:
    """Refuse an expression that does not parse, or names a question the form does not have. Returns the
    CHT functions it uses."""

    def path_for(match: re.Match) -> str:
        name = match["name"].strip()
        if name not in names:
            raise XLSFormRefused(
                _("The expression refers to ${%(name)s}, but no question has that name.") % {"name": name},
                sheet=sheet,
                row=row,
                column=column,
            )
        # Same length as the reference: "/_/" for "${" and "}", underscores for "last-saved#".
        return "/_/" + ("_" * 11 if match["last"] else "") + "_" * (len(match["name"]) - len(name)) + name

    text = REFERENCE.sub(path_for, expression).replace("jr:choice-name(", "   choice-name(")
    text = text.replace("cht:", "    ")
    try:
        OdkXPathParser().parse(text)
    except elementpath.ElementPathError as exc:
        where = LOCATION.search(str(exc))
        position = int(where.group(2)) if where else None
        if getattr(exc, "code", "").endswith("XPST0017"):
            message = _("This expression uses a function that XLSForms do not have")
        else:
            message = _("This expression cannot be understood")
        if position:
            message += _(" (at character %(position)d)") % {"position": position}
        raise XLSFormRefused(message + ": " + expression, sheet=sheet, row=row, column=column) from None
    return set(CHT_CALL.findall(expression))


def references(value: str) -> set[str]:
    return {match["name"].strip() for match in REFERENCE.finditer(value)}

"""Filling a questionnaire in Sathi: the form's pages, and its XPath evaluated with elementpath.

pyxform's JSON of the form (`version.structure`) gives the questions; each top-level group is a page (the
questions between groups make pages of their own), so that a phone shows one group at a time. The answers
so far are an XForm instance (ElementTree), on which `relevant`, `required`, `constraint`, `calculate`,
`choice_filter` and defaults are evaluated as ODK Collect would: `${name}` is that question's node (the
sibling in the same repeat item when both are in one), `.` the question itself. The functions of ODK's
XPath that a community researcher's forms use are implemented here; any other makes the expression false
(and the question is shown), never an error page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree import ElementTree

import elementpath
from elementpath import XPath1Parser, XPathContext

from sathi.questionnaires.expressions import REFERENCE
from sathi.questionnaires.languages import by_code, in_language

GROUP, REPEAT = "group", "repeat"
NOT_ASKED = {
    "calculate",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "audit",
    "phonenumber",
    "simserial",
}
TRUE_WORDS = {"yes", "true", "true()", "1"}


class FillParser(XPath1Parser):
    symbol_table = dict(XPath1Parser.symbol_table)


def _text(self, context, index: int) -> str:
    value = self[index].evaluate(context)
    if isinstance(value, list):
        value = value[0] if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "elem") or isinstance(value, ElementTree.Element):
        return self.string_value(value)
    return str(value)


def _number(self, context, index: int) -> float:
    try:
        return float(_text(self, context, index))
    except ValueError:
        return math.nan


def _define(name: str, nargs, evaluate) -> None:
    evaluate.__name__ = "evaluate"
    FillParser.method(FillParser.function(name, nargs=nargs))(evaluate)


FUNCTIONS = {
    "selected": (2, lambda s, c: _text(s, c, 1) in _text(s, c, 0).split()),
    "count-selected": (1, lambda s, c: len(_text(s, c, 0).split())),
    "selected-at": (2, lambda s, c: (_text(s, c, 0).split() + [""] * 999)[int(_number(s, c, 1))]),
    "if": (3, lambda s, c: s[1].evaluate(c) if s.boolean_value(s[0].evaluate(c)) else s[2].evaluate(c)),
    "coalesce": (2, lambda s, c: _text(s, c, 0) or _text(s, c, 1)),
    "regex": (2, lambda s, c: re.search(_text(s, c, 1), _text(s, c, 0)) is not None),
    "today": (0, lambda s, c: date.today().isoformat()),
    "now": (0, lambda s, c: datetime.now().isoformat(timespec="seconds")),
    "int": (
        1,
        lambda s, c: float(math.trunc(_number(s, c, 0))) if not math.isnan(_number(s, c, 0)) else math.nan,
    ),
    "round": ((1, 2), lambda s, c: round(_number(s, c, 0), int(_number(s, c, 1)) if len(s) > 1 else 0)),
    "pow": (2, lambda s, c: _number(s, c, 0) ** _number(s, c, 1)),
    "abs": (1, lambda s, c: abs(_number(s, c, 0))),
    "choice-name": (2, lambda s, c: _text(s, c, 0)),
    "join": ((1, None), lambda s, c: _text(s, c, 0).join(_text(s, c, i) for i in range(1, len(s)))),
    "once": (1, lambda s, c: _text(s, c, 0)),
    "uuid": ((0, 1), lambda s, c: ""),
    "position": ((0, 1), lambda s, c: float(c.position or 1)),
}
for _name, (_nargs, _evaluate) in FUNCTIONS.items():
    FillParser.symbol_table.pop(_name, None)
    _define(_name, _nargs, lambda self, context=None, _f=_evaluate: _f(self, context))


@dataclass
class Field:
    path: str  # "/data/group/name"
    name: str
    kind: str
    labels: dict
    hints: dict
    bind: dict
    default: str
    list_name: str
    choice_filter: str
    repeat: str | None  # the path of the repeat it is in
    children: list[Field] = field(default_factory=list)  # a repeat's or a group's questions


@dataclass
class Page:
    number: int
    title: dict
    fields: list[Field]
    relevant: str = ""
    path: str = ""


def _field(child: dict, parent: str, repeat: str | None) -> Field:
    path = f"{parent}/{child.get('name', '')}"
    kind = str(child.get("type", ""))
    inner_repeat = path if kind == REPEAT else repeat
    made = Field(
        path=path,
        name=str(child.get("name", "")),
        kind=kind,
        labels=by_code(child.get("label")),
        hints=by_code(child.get("hint")),
        bind=dict(child.get("bind") or {}),
        default=str(child.get("default") or ""),
        list_name=str(child.get("itemset") or child.get("list_name") or ""),
        choice_filter=str(child.get("choice_filter") or ""),
        repeat=repeat,
    )
    if kind in (GROUP, REPEAT):
        made.children = [_field(c, path, inner_repeat) for c in child.get("children", [])]
    return made


def pages(structure: dict) -> list[Page]:
    root = "/" + str(structure.get("name") or "data")
    result: list[Page] = []
    loose: list[Field] = []
    for child in structure.get("children", []):
        made = _field(child, root, None)
        if made.name == "meta":
            continue
        if made.kind == GROUP:
            if loose:
                result.append(Page(len(result) + 1, {}, loose))
                loose = []
            result.append(
                Page(len(result) + 1, made.labels, made.children, made.bind.get("relevant", ""), made.path)
            )
        else:
            loose.append(made)
    if loose:
        result.append(Page(len(result) + 1, {}, loose))
    # A page of calculates alone asks nothing: it is not shown (its calculates are still worked out).
    asked = [p for p in result if any(f.kind not in NOT_ASKED for f in all_fields(p.fields))]
    for number, page in enumerate(asked, start=1):
        page.number = number
    return asked


def every_field(structure: dict) -> list[Field]:
    root = "/" + str(structure.get("name") or "data")
    return list(all_fields([_field(c, root, None) for c in structure.get("children", [])]))


def all_fields(fields: list[Field]):
    for f in fields:
        yield f
        yield from all_fields(f.children)


class Instance:
    """The answers as an XForm instance, for XPath. Paths with repeat positions ("/data/r[2]/n")."""

    def __init__(self, structure: dict, answers: dict[str, object]):
        self.root_name = str(structure.get("name") or "data")
        self.root = ElementTree.Element(self.root_name)
        self.names = {}  # question name -> its path (no positions)
        self.repeats = set()
        for f in all_fields([_field(c, "/" + self.root_name, None) for c in structure.get("children", [])]):
            self.names.setdefault(f.name, f.path)
            if f.kind == REPEAT:
                self.repeats.add(f.path)
        for path, value in sorted(answers.items()):
            self._element(path).text = " ".join(value) if isinstance(value, list) else str(value)

    def _element(self, path: str) -> ElementTree.Element:
        node = self.root
        for step in path.strip("/").split("/")[1:]:
            match = re.fullmatch(r"(.+?)(?:\[(\d+)\])?", step)
            name, position = match[1], int(match[2] or 1)
            found = [c for c in node if c.tag == name]
            while len(found) < position:
                found.append(ElementTree.SubElement(node, name))
            node = found[position - 1]
        return node

    def node(self, path: str) -> ElementTree.Element:
        return self._element(path)

    def evaluate(self, expression: str, *, at: str, item=None):
        """The expression's value with `.` the node at `at` (a path with positions)."""
        if not expression:
            return None
        here = at.rsplit("[", 1)[0] if at.endswith("]") else at

        def reference(match: re.Match) -> str:
            name = match["name"].strip()
            target = self.names.get(name)
            if target is None:
                return "''"
            repeat = _common_repeat(target, here, self.repeats)
            if repeat:  # the sibling in the same repeat item: relative to the current node
                depth = here.count("/") - repeat.count("/")
                return "/".join([".."] * depth + [target[len(repeat) + 1 :]]) if depth else "."
            return target

        text = REFERENCE.sub(reference, expression).replace("jr:choice-name(", "choice-name(")
        try:
            token = FillParser().parse(text)
            context = XPathContext(self.root, item=item if item is not None else self.node(at))
            return token.evaluate(context)
        except (elementpath.ElementPathError, TypeError, ValueError, ZeroDivisionError, IndexError):
            return None

    def true(self, expression: str, *, at: str, item=None) -> bool:
        value = self.evaluate(expression, at=at, item=item)
        if isinstance(value, list):
            return bool(value) and any(self.text(v) for v in value)
        if isinstance(value, float) and math.isnan(value):
            return False
        return bool(value)

    @staticmethod
    def text(value) -> str:
        if isinstance(value, list):
            value = value[0] if value else ""
        if hasattr(value, "elem"):
            value = value.elem.text or ""
        if isinstance(value, ElementTree.Element):
            value = value.text or ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)


def _common_repeat(target: str, here: str, repeats: set[str]) -> str:
    best = ""
    for repeat in repeats:
        if target.startswith(repeat + "/") and here.startswith(repeat + "/") and len(repeat) > len(best):
            best = repeat
    return best


def is_required(f: Field) -> bool:
    return str(f.bind.get("required", "")).strip().casefold() in TRUE_WORDS


def constraint_message(f: Field, language: str) -> str:
    message = f.bind.get("jr:constraintMsg") or ""
    return in_language(by_code(message), language) if message else ""


def choices_for(
    f: Field, structure: dict, instance: Instance, at: str, language: str
) -> list[tuple[str, str]]:
    lists = structure.get("choices") or {}
    items = lists.get(f.list_name) or []
    found = []
    for item in items:
        if f.choice_filter:
            element = ElementTree.Element("item")
            for key, value in item.items():
                if isinstance(value, str):
                    ElementTree.SubElement(element, key).text = value
            if not instance.true(f.choice_filter, at=at, item=element):
                continue
        found.append(
            (str(item.get("name", "")), in_language(by_code(item.get("label")), language) or item.get("name"))
        )
    return found

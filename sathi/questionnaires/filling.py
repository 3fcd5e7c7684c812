"""Filling a questionnaire in Sathi: the form's pages, and its XPath evaluated with elementpath.

pyxform's JSON of the form (`version.structure`) gives the questions; each top-level group is a page (the
questions between groups make pages of their own), so that a phone shows one group at a time. The answers
so far are an XForm instance (ElementTree), on which `relevant`, `required`, `constraint`, `calculate`,
`choice_filter` and defaults are evaluated as ODK Collect would: `${name}` is that question's node (the
sibling in the same repeat item when both are in one), `.` the question itself; inside a repeat, `.` and
`..` are those of the item being answered, `position(..)` is the item's number and `indexed-repeat()` reads
another item. The functions of ODK's XPath that a community researcher's forms use are implemented here;
any other makes the expression false (and the question is shown), never an error page.

A form is read from its JSON once per version (`form_of`), and each expression is compiled once per
place in the form (`_compiled`): a page is then the evaluation of its own expressions only.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
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
MAX_ITEMS = 50  # items of one repeat on one page, and the most a count can ask for


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
    "position": ((0, 1), lambda s, c: _position(s, c)),
    "indexed-repeat": ((3, None), lambda s, c: _indexed_repeat(s, c)),
}


def _position(self, context) -> float:
    """position(..): the number of the repeat item the node is in (1-based); position(): the context's."""
    if not len(self):
        return float(context.position or 1)
    found = self[0].evaluate(context)
    node = found[0] if isinstance(found, list) and found else found
    parent = getattr(node, "parent", None)
    if node is None or parent is None or not hasattr(node, "elem"):
        return math.nan
    same = [child for child in parent.elem if child.tag == node.elem.tag]
    return float(next(i for i, child in enumerate(same, start=1) if child is node.elem))


def _indexed_repeat(self, context):
    """indexed-repeat(path, repeat1, index1[, repeat2, index2...]): the node at `path` in the items chosen.
    The paths arrive as strings (`_absolute_paths` made them so); the deepest repeat is placed first."""
    target = _text(self, context, 0)
    pairs = [(_text(self, context, i), _number(self, context, i + 1)) for i in range(1, len(self) - 1, 2)]
    for repeat, index in sorted(pairs, key=lambda pair: -len(pair[0])):
        if math.isnan(index) or index < 1 or not target.startswith(repeat + "/"):
            return []
        target = f"{repeat}[{int(index)}]{target[len(repeat) :]}"
    token = _parsed(target)
    return token.evaluate(context) if token is not None else []


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
    count: str = ""  # a repeat's `repeat_count` (pyxform's jr:count): a number or an expression
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
        count=str((child.get("control") or {}).get("jr:count") or "") if kind == REPEAT else "",
    )
    if kind in (GROUP, REPEAT):
        made.children = [_field(c, path, inner_repeat) for c in child.get("children", [])]
    return made


@dataclass(frozen=True, eq=False)  # hashed by identity: compiled expressions are cached per form
class Form:
    """A version's form as filling needs it, read from pyxform's JSON once."""

    root_name: str
    pages: tuple[Page, ...]
    fields: tuple[Field, ...]  # every field, in the form's order
    names: dict[str, str]  # question name -> its path (no positions)
    repeats: frozenset[str]
    counted: frozenset[str]  # the repeats whose number of items is fixed by a count
    choices: dict  # list name -> pyxform's choice items
    # path -> the relevant rules of the field and of the groups and repeats around it: (their path, rule)
    guards: dict[str, tuple[tuple[str, str], ...]]

    @property
    def calculates(self) -> list[Field]:
        return [f for f in self.fields if f.kind == "calculate"]


def compile_form(structure: dict) -> Form:
    root_name = str(structure.get("name") or "data")
    tree = [_field(c, "/" + root_name, None) for c in structure.get("children", [])]
    fields = tuple(all_fields(tree))
    names: dict[str, str] = {}
    for f in fields:
        names.setdefault(f.name, f.path)
    guards: dict[str, tuple[tuple[str, str], ...]] = {}

    def guard(made: list[Field], around: tuple[tuple[str, str], ...]) -> None:
        for f in made:
            rule = f.bind.get("relevant")
            guards[f.path] = (*around, (f.path, rule)) if rule else around
            guard(f.children, guards[f.path])

    guard(tree, ())
    for f in fields:  # a literal count: pyxform makes it a calculate ("visit_count", "2"); read it as is
        named = REFERENCE.fullmatch(f.count.strip()) if f.count else None
        counter = next((c for c in fields if named and c.path == names.get(named["name"].strip())), None)
        if counter is not None and counter.kind == "calculate":
            literal = str(counter.bind.get("calculate", "")).strip()
            if re.fullmatch(r"\d+(\.0*)?", literal):
                f.count = literal.split(".")[0]
    return Form(
        root_name=root_name,
        pages=tuple(_pages(tree)),
        fields=fields,
        names=names,
        repeats=frozenset(f.path for f in fields if f.kind == REPEAT),
        counted=frozenset(f.path for f in fields if f.kind == REPEAT and f.count),
        choices=dict(structure.get("choices") or {}),
        guards=guards,
    )


_FORMS: OrderedDict[tuple, Form] = OrderedDict()
FORMS_KEPT = 32


def form_of(version) -> Form:
    """The version's form, compiled once per process: a version's structure never changes. Known by its
    id and the moment it was imported, so that an id used again (a database restored) is not mistaken."""
    if version.pk is None:
        return compile_form(version.structure)
    key = (version.pk, version.imported_at)
    found = _FORMS.get(key)
    if found is None:
        found = compile_form(version.structure)
        _FORMS[key] = found
        while len(_FORMS) > FORMS_KEPT:
            _FORMS.popitem(last=False)
    _FORMS.move_to_end(key)
    return found


def _pages(tree: list[Field]) -> list[Page]:
    result: list[Page] = []
    loose: list[Field] = []
    for made in tree:
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


def pages(structure: dict) -> list[Page]:
    return list(compile_form(structure).pages)


def every_field(structure: dict) -> list[Field]:
    return list(compile_form(structure).fields)


def all_fields(fields: list[Field]):
    for f in fields:
        yield f
        yield from all_fields(f.children)


@lru_cache(maxsize=4096)
def _parsed(text: str):
    """The compiled expression (elementpath's token tree, reusable with any context); None if it does not
    parse."""
    try:
        return FillParser().parse(text)
    except (elementpath.ElementPathError, TypeError, ValueError):
        return None


def _arguments(text: str, start: int) -> tuple[list[tuple[int, int]], int]:
    """The spans of a call's top-level arguments, from just after its "(", and where the call ends."""
    spans, depth, quote, begin = [], 0, "", start
    for i in range(start, len(text)):
        char = text[i]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char in ",)" and not depth:
            spans.append((begin, i))
            begin = i + 1
            if char == ")":
                return spans, i + 1
    return spans, len(text)


def _absolute_paths(expression: str, names: dict[str, str]) -> str:
    """indexed-repeat's path and repeat arguments name nodes of the whole form, never the item's sibling:
    they are passed as the absolute paths (strings) the function places the indexes in."""
    out, at = [], 0
    for call in re.finditer(r"indexed-repeat\s*\(", expression):
        if call.start() < at:
            continue  # inside a call already rewritten
        spans, end = _arguments(expression, call.end())
        out.append(expression[at : call.end()])
        pieces = []
        for number, (begin, finish) in enumerate(spans):
            piece = expression[begin:finish]
            reference = REFERENCE.fullmatch(piece.strip())
            if (number == 0 or number % 2 == 1) and reference:
                piece = "'" + names.get(reference["name"].strip(), "") + "'"
            elif number % 2 == 0 and number:
                piece = _absolute_paths(piece, names)
            pieces.append(piece)
        tail = expression[spans[-1][1] : end] if spans else expression[call.end() : end]
        out.append(",".join(pieces) + tail if spans else tail)
        at = end
    out.append(expression[at:])
    return "".join(out)


def _common_repeat(target: str, here: str, repeats: frozenset[str]) -> str:
    best = ""
    for repeat in repeats:
        inside = target.startswith(repeat + "/") and (here + "/").startswith(repeat + "/")
        if inside and len(repeat) > len(best):
            best = repeat
    return best


@lru_cache(maxsize=8192)
def _compiled(form: Form, expression: str, here: str):
    """The expression compiled for questions at `here` (a path without positions): `${name}` becomes the
    node's absolute path, or, for a question in the same repeat item, a path relative to `here`."""

    def reference(match: re.Match) -> str:
        name = match["name"].strip()
        target = form.names.get(name)
        if target is None:
            return "''"
        if target == here:
            return "."
        repeat = _common_repeat(target, here, form.repeats)
        if repeat:  # the sibling in the same repeat item: relative to the current node
            depth = here.count("/") - repeat.count("/")
            return "/".join([".."] * depth + [target[len(repeat) + 1 :]])
        return target

    text = _absolute_paths(expression, form.names)
    text = REFERENCE.sub(reference, text).replace("jr:choice-name(", "choice-name(")
    return _parsed(text)


class Instance:
    """The answers as an XForm instance, for XPath. Paths with repeat positions ("/data/r[2]/n")."""

    def __init__(self, form: Form, answers: dict[str, object]):
        self.form = form
        self.root_name = form.root_name
        self.root = ElementTree.Element(self.root_name)
        self._context: XPathContext | None = None
        for path, value in sorted(answers.items(), key=lambda item: _order(item[0])):
            self._element(path).text = " ".join(value) if isinstance(value, list) else str(value)

    def _element(self, path: str) -> ElementTree.Element:
        node = self.root
        for step in path.strip("/").split("/")[1:]:
            match = re.fullmatch(r"(.+?)(?:\[(\d+)\])?", step)
            name, position = match[1], int(match[2] or 1)
            found = [c for c in node if c.tag == name]
            while len(found) < position:
                found.append(ElementTree.SubElement(node, name))
                self._context = None  # the node tree elementpath built no longer holds every element
            node = found[position - 1]
        return node

    def node(self, path: str) -> ElementTree.Element:
        return self._element(path)

    def set(self, path: str, value: str) -> None:
        element = self._element(path)
        if (element.text or "") != value:
            element.text = value
            self._context = None  # elementpath's nodes keep the text they were built with

    def items(self, path: str) -> list[str]:
        """The paths, with positions, of a field (no positions) in each repeat item there is now."""
        found = [("", self.root)]
        steps = path.strip("/").split("/")[1:]
        plain = "/" + self.root_name
        for step in steps:
            plain += "/" + step
            following = []
            for at, element in found:
                children = [c for c in element if c.tag == step]
                if plain in self.form.repeats:
                    following += [(f"{at}/{step}[{i}]", c) for i, c in enumerate(children, start=1)]
                else:
                    following.append((f"{at}/{step}", children[0] if children else ElementTree.Element(step)))
            found = following
        return [f"/{self.root_name}{at}" for at, _element in found]

    def _item(self, at: str):
        element = self.node(at)
        if self._context is None:
            self._context = XPathContext(self.root)
        return self._context, self._context.root.elements[element]

    def evaluate(self, expression: str, *, at: str, item=None):
        """The expression's value with `.` the node at `at` (a path with positions)."""
        if not expression:
            return None
        token = _compiled(self.form, expression, POSITION.sub("", at))
        if token is None:
            return None
        try:
            if item is not None:  # a choice of a list, for choice_filter: its own small tree
                context = XPathContext(self.root, item=item)
            else:
                context, node = self._item(at)
                context.item, context.position, context.size = node, 1, 1
            return token.evaluate(context)
        except (elementpath.ElementPathError, TypeError, ValueError, ZeroDivisionError, IndexError, KeyError):
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


POSITION = re.compile(r"\[\d+\]")


def _order(path: str) -> list:
    """Paths in the order their nodes come: item 2 before item 10."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path)]


def items_counted(f: Field, instance: Instance, at: str) -> int | None:
    """How many items the repeat `f` has at `at` (its path with the positions of the items it is in), fixed
    by its count and worked out from the answers so far; None for a repeat without a count. The count is
    read from the group or item the repeat is in (where ODK Collect reads it); blank, not a number or below
    zero: no item; at most MAX_ITEMS."""
    if not f.count:
        return None
    text = f.count.strip()
    if not text.isdigit():
        text = Instance.text(instance.evaluate(text, at=at.rsplit("/", 1)[0]))
    try:
        number = float(text)
    except ValueError:
        return 0
    if math.isnan(number) or number < 1:
        return 0
    return min(int(number), MAX_ITEMS)


def is_required(f: Field) -> bool:
    return str(f.bind.get("required", "")).strip().casefold() in TRUE_WORDS


def constraint_message(f: Field, language: str) -> str:
    message = f.bind.get("jr:constraintMsg") or ""
    return in_language(by_code(message), language) if message else ""


def choices_for(f: Field, form: Form, instance: Instance, at: str, language: str) -> list[tuple[str, str]]:
    items = form.choices.get(f.list_name) or []
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

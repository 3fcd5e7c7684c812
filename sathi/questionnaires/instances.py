"""A submission's answers, whatever door they came through: read into {path: value}, typed by the form.

Paths are the XForm's, with a 1-based position after each repeat: "/data/household/member[2]/age". Values
are typed from the question (Kobo sends every answer as a string; `select_multiple` is space-separated):
integers, decimals, lists of choice names, or text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from sathi.questionnaires.refusals import XLSFormRefused

SUBMISSION_META = {"instanceID", "deprecatedID", "rootUuid", "instanceName"}
POSITION = re.compile(r"\[\d+\]")


class SubmissionRefused(XLSFormRefused):
    """A submission Sathi cannot take: the message says why, naming no answer."""


@dataclass(frozen=True)
class FormShape:
    """What a version's questions say about a submission: each path's type, class, and the repeats."""

    types: dict[str, str]  # path (no positions) -> pyxform type
    classes: dict[str, str]  # path -> field class
    repeats: set[str]
    root: str  # "/data"

    @classmethod
    def of(cls, version) -> FormShape:
        rows = list(version.questions.values_list("path", "type", "field_class"))
        root = "/" + (rows[0][0].split("/")[1] if rows else "data")
        return cls(
            types={path: kind for path, kind, _c in rows},
            classes={path: field_class for path, _k, field_class in rows},
            repeats={path for path, kind, _c in rows if kind == "repeat"},
            root=root,
        )

    def question_of(self, path: str) -> str:
        if "[" not in path:
            return path
        found = self._plain.get(path)
        if found is None:
            found = self._plain[path] = POSITION.sub("", path)
        return found

    @cached_property
    def _plain(self) -> dict[str, str]:
        return {}  # path with positions -> its question's path: an import asks the same ones again

    @cached_property
    def by_name(self) -> dict[str, list[str]]:
        """Question name -> the paths of the questions of that name outside any repeat."""
        found: dict[str, list[str]] = {}
        for path in self.types:
            if not any(path.startswith(r + "/") for r in self.repeats):
                found.setdefault(path.rsplit("/", 1)[-1], []).append(path)
        return found


def typed(kind: str, value):
    """The answer as the form's type has it; a value that does not fit the type is kept as text."""
    if value is None:
        return None
    if isinstance(value, list):
        return [str(v) for v in value]
    text = str(value).strip()
    if text == "":
        return None
    if kind in ("select all that apply", "select_multiple", "select multiple"):
        return text.split()
    try:
        if kind == "integer":
            return int(text)
        if kind == "decimal":
            return float(text)
    except ValueError:
        return text
    return text


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_xml(content: bytes):
    try:
        return ElementTree.fromstring(content)
    except ElementTree.ParseError:
        raise SubmissionRefused(_("The submission is not XML.")) from None
    except Exception:  # defusedxml refuses entities and DTDs: no phone sends them
        raise SubmissionRefused(_("The submission holds XML features Sathi does not accept.")) from None


def xml_answers(root, shape: FormShape) -> dict[str, object]:
    """Leaves of an ODK instance as {path: typed value}; elements the form does not have are left out."""
    answers: dict[str, object] = {}

    def walk(element, path: str, plain: str):
        counts: dict[str, int] = {}
        for child in element:
            name = _local(child.tag)
            child_plain = f"{plain}/{name}"
            child_path = f"{path}/{name}"
            if child_plain in shape.repeats:
                counts[name] = counts.get(name, 0) + 1
                child_path += f"[{counts[name]}]"
            if len(child):
                walk(child, child_path, child_plain)
            elif child_plain in shape.types and shape.types[child_plain] not in ("group", "repeat"):
                value = typed(shape.types[child_plain], child.text)
                if value is not None:
                    answers[child_path] = value

    walk(root, shape.root, shape.root)
    return answers


def meta_of(root) -> dict[str, str]:
    meta = {}
    for element in root.iter():
        name = _local(element.tag)
        if name in SUBMISSION_META and element.text and element.text.strip():
            meta.setdefault(name, element.text.strip()[:100])
    return meta


def by_class(answers: dict[str, object], shape: FormShape) -> dict[str, dict[str, object]]:
    parts: dict[str, dict[str, object]] = {}
    for path, value in answers.items():
        field_class = shape.classes.get(shape.question_of(path), "violence")
        parts.setdefault(field_class, {})[path] = value
    return parts

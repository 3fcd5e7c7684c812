"""Writes: a questionnaire filled in Sathi, page by page, kept as a draft until it is finished.

The draft is a submission like any other (complete=False, sealed by class, excluded from results), visible
to the one who is filling it. Each page is checked when it is sent: required, constraint (with the form's
own message), types and choices, for the questions that are relevant then; calculates are worked out over
the whole form each time. A page sent twice saves the same answers twice: nothing is counted twice.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sathi.lib.errors import NotFound
from sathi.questionnaires import selectors
from sathi.questionnaires.filling import (
    MAX_ITEMS,
    NOT_ASKED,
    REPEAT,
    Field,
    Form,
    Instance,
    Page,
    choices_for,
    constraint_message,
    form_of,
    is_required,
    items_counted,
    pages,
)
from sathi.questionnaires.instances import typed
from sathi.questionnaires.models import Submission
from sathi.questionnaires.submissions import (
    VERSION_LARGE,
    Incoming,
    answers_system,
    require_collect,
    submission_keep,
)

__all__ = [
    "answers_system",
    "draft_finish",
    "draft_for",
    "draft_start",
    "form_of",
    "page_of",
    "page_finish",
    "page_save",
    "Sent",
    "pages",
    "shown",
]
from sathi.questionnaires.vocab import SubmissionSource

SELECTS = {"select one", "select all that apply"}


@dataclass
class Shown:
    """One question as a page shows it: where it is, what it offers, what was answered, what is wrong."""

    field: Field
    at: str  # its path with repeat positions: the input's name
    label: str
    hint: str
    value: object
    choices: list[tuple[str, str]]
    required: bool
    error: str = ""


def draft_start(*, actor, version_id, session_id=None) -> Submission:
    require_collect(actor)
    version = selectors.version_for(actor=actor, version_id=version_id, collecting=True)
    instance_id = f"uuid:{uuid.uuid4()}"
    return submission_keep(
        actor=actor,
        incoming=Incoming(
            version=version,
            instance_id=instance_id,
            root_id=instance_id,
            answers=_defaults(version),
            raw="",
            source=SubmissionSource.SATHI,
            complete=False,
            session_id=session_id,
        ),
    ).submission


def draft_for(*, actor, submission_id) -> Submission:
    """Her own draft; NotFound for anyone else's, or a finished one."""
    require_collect(actor)
    draft = (
        Submission.objects.select_related("version__questionnaire")
        .defer(*(f"version__{name}" for name in VERSION_LARGE))  # the form is compiled once: form_of
        .filter(
            pk=submission_id,
            organisation_id=actor.organisation_id,
            submitted_by_id=actor.user_id,
            complete=False,
        )
        .first()
    )
    if draft is None:
        raise NotFound
    return draft


def _defaults(version) -> dict:
    answers = {}
    for page in form_of(version).pages:
        for f in page.fields:
            if f.default and f.kind not in (REPEAT,) and "${" not in f.default and "(" not in f.default:
                answers[f.path] = typed(f.kind, f.default)
    return answers


def page_of(version, number: int) -> Page:
    found = form_of(version).pages
    if not 1 <= number <= len(found):
        raise NotFound
    return found[number - 1]


def shown(
    version,
    page: Page,
    answers: dict,
    language: str,
    *,
    items: int = 0,
    every: bool = False,
    instance: Instance | None = None,
) -> list[Shown]:
    """The page's questions that are relevant now (`every`: all of them), repeats unrolled into items.
    `instance`: the answers already read as an instance (the same answers)."""
    form = form_of(version)
    instance = instance or Instance(form, answers)
    out: list[Shown] = []
    if page.relevant and not every and not instance.true(page.relevant, at=page.path):
        return out

    def visit(fields: list[Field], base: str, prefix: str):
        for f in fields:
            at = prefix + f.path[len(base) :] if prefix else f.path
            if f.kind in NOT_ASKED:
                continue
            if f.bind.get("relevant") and not every and not instance.true(f.bind["relevant"], at=at):
                continue
            if f.kind == "group":
                visit(f.children, f.path, at)
            elif f.kind == REPEAT:
                count = items_counted(f, instance, at)  # a count fixes the items: none added or removed
                if count is None:
                    count = max(_items(answers, at), items, 1)
                for position in range(1, count + 1):
                    visit(f.children, f.path, f"{at}[{position}]")
            else:
                out.append(
                    Shown(
                        field=f,
                        at=at,
                        label=_label(f, language),
                        hint=_hint(f, language),
                        value=answers.get(at),
                        choices=choices_for(f, form, instance, at, language) if f.kind in SELECTS else [],
                        required=is_required(f),
                    )
                )

    visit(page.fields, "", "")
    return out


def _label(f: Field, language: str) -> str:
    from sathi.questionnaires.languages import in_language

    return in_language(f.labels, language) or f.name


def _hint(f: Field, language: str) -> str:
    from sathi.questionnaires.languages import in_language

    return in_language(f.hints, language)


def _items(answers: dict, repeat_at: str) -> int:
    count = 0
    for path in answers:
        if path.startswith(repeat_at + "["):
            count = max(count, int(path[len(repeat_at) + 1 :].split("]", 1)[0]))
    return count


@dataclass
class Sent:
    """A page as it was sent: its questions (with their errors; nothing is saved while any has one), the
    first page still to answer when it was the last (None: the form is finished), the items a smaller count
    removed (said to her), and whether a larger count added items to this page (it is shown again)."""

    questions: list[Shown]
    missing: int | None = None
    removed: list[str] = field(default_factory=list)
    grown: bool = False

    @property
    def refused(self) -> bool:
        return any(q.error for q in self.questions)


def page_save(*, actor, draft: Submission, number: int, posted, language: str, items: int = 0) -> Sent:
    """Check and keep one page's answers."""
    sent, answers = _page_checked(draft, number, posted, language, items)
    if not sent.refused:
        _keep(actor, draft, answers, complete=False)
    return sent


def page_finish(*, actor, draft: Submission, number: int, posted, language: str, items: int = 0) -> Sent:
    """The last page: checked, then the form finished with it in one write if every page is complete;
    else the page is kept as a draft, and the first page with something to answer is in `missing`."""
    sent, answers = _page_checked(draft, number, posted, language, items)
    if sent.refused:
        sent.missing = number
        return sent
    sent.missing = number if sent.grown else _first_missing(draft.version, answers, language)
    _keep(actor, draft, answers, complete=sent.missing is None)
    return sent


def _page_checked(draft: Submission, number: int, posted, language: str, items: int):
    """The page as sent, and the draft's answers with the page's put in (the calculates worked out again,
    the items beyond a count removed), not kept."""
    version = draft.version
    form = form_of(version)
    page = page_of(version, number)
    answers = answers_system(draft)
    for key in posted:  # items added on the phone's page: as many as were sent (at most MAX_ITEMS)
        for position in re.findall(r"\[(\d+)\]", key):
            items = max(items, min(int(position), MAX_ITEMS))
    # The page's answers are replaced by what was sent (an unticked box is an answer removed).
    before = shown(version, page, answers, language, items=items, every=True)
    for question in before:
        answers.pop(question.at, None)
    for question in before:
        value = _posted(question, posted)
        if value not in (None, "", []):
            answers[question.at] = value
    _calculate(form, answers)  # a relevant or a constraint may read a calculate
    removed = _beyond_counts(form, answers, language)
    instance = Instance(form, answers)
    asked = shown(version, page, answers, language, items=items, instance=instance)
    relevant, sent = {q.at for q in asked}, {q.at for q in before}
    for question in asked:
        question.value = answers.get(question.at)
        if question.at in sent:  # an item a larger count has just added is shown to her first
            question.error = _error(question, instance, language)
    dropped = [p for p in answers if p in sent and p not in relevant]
    for path in dropped:
        answers.pop(path)  # answered, then made irrelevant by another answer: ODK drops it too
    if dropped:
        _calculate(form, answers)
    return Sent(asked, removed=removed, grown=bool(relevant - sent)), answers


def _beyond_counts(form: Form, answers: dict, language: str) -> list[str]:
    """Remove the answers of the items beyond each repeat's count (a count made smaller), outer repeats
    first; the calculates are worked out again if any was. Returns what was removed, in her words."""
    removed: list[str] = []
    calculated = {f.path for f in form.calculates}
    instance = None
    for f in form.fields:
        if f.path not in form.counted:
            continue
        depth = f.path.count("/") + 1
        found: dict[str, set[int]] = {}  # the repeat with its outer positions -> its items answered
        for key in answers:
            if POSITIONS.sub("", key).startswith(f.path + "/"):
                step = "/".join(key.split("/")[:depth])
                if not step.endswith("]"):
                    continue
                at, position = step.rsplit("[", 1)
                found.setdefault(at, set()).add(int(position.rstrip("]")))
        for at, positions in sorted(found.items()):
            instance = instance or Instance(form, answers)
            count = items_counted(f, instance, at)
            beyond = sorted(p for p in positions if p > count)
            for position in beyond:
                prefix = f"{at}[{position}]/"
                gone = [key for key in answers if key.startswith(prefix)]
                if any(POSITIONS.sub("", key) not in calculated for key in gone):
                    words = {"repeat": _label(f, language), "item": position}
                    removed.append(_("“%(repeat)s”, item %(item)s") % words)
                for key in gone:
                    del answers[key]
    if instance is not None and removed:
        _calculate(form, answers)
    return removed


POSITIONS = re.compile(r"\[\d+\]")


def _first_missing(version, answers: dict, language: str) -> int | None:
    form = form_of(version)
    instance = Instance(form, answers)
    for page in form.pages:
        for question in shown(version, page, answers, language, instance=instance):
            if _error(question, instance, language):
                return page.number
    return None


def _posted(question: Shown, posted):
    kind = question.field.kind
    if kind == "select all that apply":
        allowed = {c[0] for c in question.choices}
        return [v for v in posted.getlist(question.at) if v in allowed]
    raw = posted.get(question.at, "")
    if not isinstance(raw, str):
        return None
    raw = raw.strip()[:2000]
    if kind == "select one" and raw and raw not in {c[0] for c in question.choices}:
        return None
    if kind in ("integer", "decimal") and raw:
        value = typed(kind, raw)
        return value if not isinstance(value, str) else raw
    return raw


def _error(question: Shown, instance: Instance, language: str) -> str:
    value = question.value
    if value in (None, "", []):
        return _("This question needs an answer.") if question.required else ""
    if question.field.kind == "integer" and not isinstance(value, int):
        return _("Enter a whole number.")
    if question.field.kind == "decimal" and not isinstance(value, int | float):
        return _("Enter a number.")
    constraint = question.field.bind.get("constraint")
    if constraint and not instance.true(constraint, at=question.at):
        return constraint_message(question.field, language) or _("This answer is not accepted.")
    return ""


def _calculate(form: Form, answers: dict) -> None:
    """Every calculate, in each repeat item for one inside a repeat; blank where it (or a group or repeat
    around it) is not relevant. A calculate may use one that comes later: passes until nothing changes."""
    instance = Instance(form, answers)
    for _pass in range(3):
        changed = False
        for f in form.calculates:
            for at in instance.items(f.path) if f.repeat else [f.path]:
                value = ""
                if all(instance.true(rule, at=_ancestor(at, path)) for path, rule in form.guards[f.path]):
                    value = Instance.text(instance.evaluate(f.bind.get("calculate", ""), at=at))
                if str(answers.get(at, "")) != value:
                    changed = True
                if value:
                    answers[at] = value
                else:
                    answers.pop(at, None)
                instance.set(at, value)
        if not changed:
            return


def _ancestor(at: str, plain: str) -> str:
    """The path, with positions, of the group or repeat `plain` that the node at `at` is in (or itself)."""
    return "/".join(at.split("/")[: plain.count("/") + 1])


def draft_finish(*, actor, draft: Submission, language: str) -> tuple[Submission, int | None]:
    """Finish the draft if every page is complete; else the first page with something to answer. Items
    beyond a count are not kept (the page that made the count smaller removed them already)."""
    answers = answers_system(draft)
    form = form_of(draft.version)
    _calculate(form, answers)
    _beyond_counts(form, answers, language)
    missing = _first_missing(draft.version, answers, language)
    if missing is not None:
        return draft, missing
    return _keep(actor, draft, answers, complete=True), None


def _keep(actor, draft, answers: dict, *, complete: bool) -> Submission:
    return submission_keep(
        actor=actor,
        incoming=Incoming(
            version=draft.version,
            instance_id=draft.instance_id,
            root_id=draft.root_id,
            answers=answers,
            raw="",
            source=SubmissionSource.SATHI,
            complete=complete,
            session_id=draft.session_id,
        ),
    ).submission

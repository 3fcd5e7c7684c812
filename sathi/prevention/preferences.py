"""Prevention models chosen by respondents (003 Phase II): recorded one respondent at a time, tallied as
003's Table II (every model a respondent would invest in, by gender) and Table III (each cohort's first
and second choices, by session and overall)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_choice
from sathi.lib import disclosure
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.prevention.models import ModelChoice, ResearchSession
from sathi.prevention.services import require, session_for
from sathi.prevention.vocab import Cohort, Gender, PreventionModel


def model_choice_record(*, actor: Membership, session_id, gender: str, chosen: list[str]) -> ModelChoice:
    """One respondent's models, first first. No model twice; no more respondents than took part."""
    require(actor, Verb.RECORD_RESEARCH)
    gender = clean_choice(gender, Gender, field="gender")
    if not isinstance(chosen, list) or not chosen:
        raise ValidationError({"chosen": _("Choose at least one model.")})
    for code in chosen:
        clean_choice(code, PreventionModel, field="chosen")
    if len(set(chosen)) != len(chosen):
        raise ValidationError({"chosen": _("Each model is chosen once.")})
    with transaction.atomic():
        # Locked: two workers entering the same session's respondents at once cannot pass its size together.
        session = ResearchSession.objects.select_for_update().get(pk=session_for(actor, session_id).pk)
        if session.model_choices.count() >= session.respondents:
            raise ValidationError({"__all__": _("Every respondent of this session has been entered.")})
        choice = ModelChoice.objects.create(
            session=session, gender=gender, chosen=list(chosen), recorded_by_id=actor.user_id
        )
        log_member_action(actor, "prevention.model_choice_recorded", choice, ["session", "gender", "chosen"])
    return choice


def _choices(actor: Membership, cohort: str = ""):
    rows = ModelChoice.objects.filter(session__organisation_id=actor.organisation_id)
    if cohort:
        rows = rows.filter(session__cohort=cohort)
    return rows.values_list("session_id", "session__cohort", "gender", "chosen")


@dataclass
class Preferences:
    """Table II: per model, how many respondents chose it, by gender, and in all."""

    genders: list[str]  # Gender codes present, in the vocabulary's order
    rows: list[tuple[str, list[int | None], int | None]]  # model code, counts per gender, total
    respondents: int | None


def model_preferences(actor: Membership, *, cohort: str = "") -> Preferences:
    """Exact for the roles that keep the records (they see the rows anyway); through the disclosure gate for
    every other role that reads numbers."""
    exact = bool(policy.decide(actor, Kind.PREVENTION))
    if not exact:
        require(actor, Kind.PREVENTION_NUMBERS)
    rows = list(_choices(actor, cohort))
    tally = Counter((code, gender) for _s, _c, gender, chosen in rows for code in chosen)
    genders = [g for g in Gender.values if any(gender == g for _s, _c, gender, _ch in rows)]
    models = list(PreventionModel.values)
    counts = [[tally[(m, g)] for g in genders] for m in models]
    if exact:
        return Preferences(genders, [(m, c, sum(c)) for m, c in zip(models, counts, strict=True)], len(rows))
    shown = disclosure.protect_table(
        counts, rows=models, columns=genders, threshold=actor.organisation.disclosure_threshold
    )
    respondents = disclosure.protect_count(len(rows), threshold=actor.organisation.disclosure_threshold)
    return Preferences(
        genders,
        [(m, list(c), t) for m, c, t in zip(models, shown.cells, shown.row_totals, strict=True)],
        respondents,
    )


def _modes(counter: Counter) -> list[str]:
    """The most chosen (all of them when tied), in Table I's order."""
    if not counter:
        return []
    top = max(counter.values())
    return [m for m in PreventionModel.values if counter.get(m) == top]


@dataclass
class CohortChoices:
    """Table III: a cohort's first and second choices, per session and overall (ties kept, as 003 does)."""

    cohort: str
    sessions: list[tuple[ResearchSession, list[str], list[str]]]
    first: list[str]
    second: list[str]


def cohort_choices(actor: Membership) -> list[CohortChoices]:
    """Which models each cohort put first and second (names of models, not counts): for record keepers."""
    require(actor, Kind.PREVENTION)
    by_session: dict[int, tuple[Counter, Counter]] = {}
    by_cohort: dict[str, tuple[Counter, Counter, list[int]]] = {}
    for session_id, cohort, _gender, chosen in _choices(actor):
        firsts, seconds = by_session.setdefault(session_id, (Counter(), Counter()))
        c_first, c_second, sessions = by_cohort.setdefault(cohort, (Counter(), Counter(), []))
        if session_id not in sessions:
            sessions.append(session_id)
        firsts[chosen[0]] += 1
        c_first[chosen[0]] += 1
        if len(chosen) > 1:
            seconds[chosen[1]] += 1
            c_second[chosen[1]] += 1
    sessions = ResearchSession.objects.in_bulk(list(by_session))
    result = []
    for cohort in Cohort.values:
        if cohort not in by_cohort:
            continue
        c_first, c_second, ids = by_cohort[cohort]
        rows = [
            (sessions[i], _modes(by_session[i][0]), _modes(by_session[i][1]))
            for i in sorted(ids, key=lambda i: (sessions[i].held_on, i))
        ]
        result.append(CohortChoices(cohort, rows, _modes(c_first), _modes(c_second)))
    return result

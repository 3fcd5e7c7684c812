"""Answers feed the prevention records (issue 12, item 6), through prevention's own services.

A submission made in a study session feeds that session's prevention record (`research_session_id`):
- `factors` (vulnerability factors named) -> one vulnerability report per factor, for the session's place and
  date, said by the session's cohort; an FGD's answer is the group's, so it counts everyone who took part;
- `model_first`, `model_second` -> a model choice of the respondent's `gender` (Table II);
- each `ratings` item (`office`, `power`, `interest`) -> a rating of that kind of office in the session's
  place (the office is added to the list, named for its place, when the organisation has none yet).
Fed once: a submission remembers it was (`fed_at`); an edit made later is fed again by hand only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.audit.services import log_member_action
from sathi.lib.errors import Forbidden, NotFound
from sathi.people import policy
from sathi.people.policy import Verb
from sathi.prevention import preferences
from sathi.prevention import services as prevention
from sathi.prevention.models import Stakeholder
from sathi.prevention.vocab import Factor, Gender, OfficeKind, PreventionModel
from sathi.questionnaires.models import StudySession, Submission
from sathi.questionnaires.submissions import answers_system
from sathi.questionnaires.vocab import SessionKind

RATING = re.compile(r"/ratings\[(\d+)\]/(office|power|interest)$")


@dataclass(frozen=True)
class Fed:
    vulnerabilities: int
    choices: int
    ratings: int


def submission_feed(*, actor, submission_id) -> Fed:
    if not policy.decide(actor, Verb.RECORD_RESEARCH):
        raise Forbidden
    submission = Submission.objects.filter(pk=submission_id, organisation_id=actor.organisation_id).first()
    if submission is None or submission.session_id is None:
        raise NotFound
    session = StudySession.objects.select_related("cohort", "place").get(pk=submission.session_id)
    if submission.fed_at is not None:
        raise ValidationError(_("These answers have already fed the prevention records."))
    answers = answers_system(submission)
    by_name = {path.rsplit("/", 1)[-1]: value for path, value in answers.items() if "[" not in path}
    respondents = session.participants.count() if session.kind == SessionKind.FGD else 1
    counts = {"vulnerabilities": 0, "choices": 0, "ratings": 0}
    with transaction.atomic():
        for factor in by_name.get("factors") or []:
            if factor in Factor.values:
                prevention.vulnerability_record(
                    actor=actor,
                    factor=factor,
                    session_id=session.research_session_id,
                    place_id=session.place_id,
                    period_start=session.held_on,
                    period_end=session.held_on,
                    source=_source(session),
                    reported_on=session.held_on,
                    cohort=session.cohort.cohort,
                    respondents=max(respondents, 1),
                )
                counts["vulnerabilities"] += 1
        chosen = [by_name.get(n) for n in ("model_first", "model_second")]
        chosen = list(dict.fromkeys(m for m in chosen if m in PreventionModel.values))
        if chosen:
            gender = by_name.get("gender") if by_name.get("gender") in Gender.values else Gender.NOT_SAID
            preferences.model_choice_record(
                actor=actor, session_id=session.research_session_id, gender=gender, chosen=chosen
            )
            counts["choices"] += 1
        for office, power, interest in _ratings(answers):
            prevention.rating_record(
                actor=actor,
                session_id=session.research_session_id,
                stakeholder_id=_office(actor, office, session.place).pk,
                power=power,
                interest=interest,
                respondents=1,
            )
            counts["ratings"] += 1
        Submission.objects.filter(pk=submission.pk).update(fed_at=timezone.now())
        log_member_action(actor, "questionnaire.answers_fed", submission, list(counts))
    return Fed(**counts)


def _source(session) -> str:
    from sathi.questionnaires.studies import SESSION_SOURCE

    return SESSION_SOURCE[session.kind]


def _ratings(answers: dict) -> list[tuple[str, int, int]]:
    items: dict[int, dict] = {}
    for path, value in answers.items():
        match = RATING.search(path)
        if match:
            items.setdefault(int(match[1]), {})[match[2]] = value
    found = []
    for _position, item in sorted(items.items()):
        office, power, interest = item.get("office"), item.get("power"), item.get("interest")
        if office in OfficeKind.values and isinstance(power, int) and isinstance(interest, int):
            found.append((office, power, interest))
    return found


def _office(actor, kind: str, place) -> Stakeholder:
    existing = Stakeholder.objects.filter(
        organisation_id=actor.organisation_id, kind=kind, jurisdiction=place
    ).first()
    if existing is not None:
        return existing
    name = f"{OfficeKind(kind).label} ({place.name})"
    return prevention.stakeholder_add(actor=actor, kind=kind, name=name[:160], jurisdiction_id=place.pk)

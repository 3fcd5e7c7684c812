"""Writes and reads: studies, their cohorts and sessions, who took part (counted) and their consent.

003's method: focus groups (FGD) with frontline activists and survivors, individual structured interviews
(ISI) with duty bearers by trained community researchers, in-depth interviews (IDI) with funders. Nobody is
named: a participant is a gender, an age band and the consent they gave aloud, in a language. Each session
also opens the prevention record its answers feed (a prevention.ResearchSession of the same cohort).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_choice, clean_text
from sathi.core.dates import clean_date
from sathi.lib.disclosure import Protected, protect_table
from sathi.lib.errors import Forbidden, NotFound
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.prevention import services as prevention
from sathi.prevention.vocab import Cohort, Gender, Source
from sathi.questionnaires.models import (
    Participation,
    Questionnaire,
    Study,
    StudyCohort,
    StudySession,
)
from sathi.questionnaires.vocab import AgeBand, SessionKind

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")  # ISO 639 (and a region or script)
SESSION_SOURCE = {SessionKind.FGD: Source.FOCUS_GROUP, SessionKind.ISI: Source.INTERVIEW}
SESSION_SOURCE[SessionKind.IDI] = Source.INTERVIEW


@dataclass(frozen=True)
class Participant:
    gender: str
    age_band: str
    consent_spoken: bool
    consent_language: str


def _require(actor, what) -> None:
    if not policy.decide(actor, what):
        raise Forbidden


def study_create(*, actor, title: str) -> Study:
    _require(actor, Verb.RUN_STUDY)
    title = " ".join(clean_text(title, field="title", max_length=200, required=True).split())
    if Study.objects.filter(organisation_id=actor.organisation_id, title=title).exists():
        raise ValidationError({"title": _("The organisation already has a study of that title.")})
    with transaction.atomic():
        study = Study.objects.create(
            organisation_id=actor.organisation_id, title=title, created_by_id=actor.user_id
        )
        log_member_action(actor, "study.created", study, ["title"])
    return study


def study_for(*, actor, study_id) -> Study:
    if not policy.decide(actor, Kind.STUDY):
        raise NotFound
    study = Study.objects.filter(pk=study_id, organisation_id=actor.organisation_id).first()
    if study is None:
        raise NotFound
    return study


def study_list(*, actor):
    _require(actor, Kind.STUDY)
    return Study.objects.filter(organisation_id=actor.organisation_id).prefetch_related("cohorts")


def cohort_add(*, actor, study_id, cohort: str, questionnaire_id=None) -> StudyCohort:
    _require(actor, Verb.RUN_STUDY)
    study = study_for(actor=actor, study_id=study_id)
    cohort = clean_choice(cohort, Cohort, field="cohort")
    questionnaire = None
    if questionnaire_id:
        questionnaire = Questionnaire.objects.filter(
            pk=questionnaire_id, organisation_id=actor.organisation_id
        ).first()
        if questionnaire is None:
            raise ValidationError({"questionnaire_id": _("Choose one of the organisation's questionnaires.")})
    with transaction.atomic():
        row, created = StudyCohort.objects.get_or_create(
            study=study, cohort=cohort, defaults={"questionnaire": questionnaire}
        )
        if not created:
            raise ValidationError({"cohort": _("The study already has this cohort.")})
        log_member_action(actor, "study.cohort_added", row, ["cohort", "questionnaire"])
    return row


def session_record(
    *,
    actor,
    cohort_id,
    kind: str,
    held_on: date,
    place_id: int,
    researcher_id: int,
    community_researcher: bool,
    participants: list[Participant],
) -> StudySession:
    """A session and its participants, counted. Every participant must have consented aloud: whoever did
    not is not a participant, and is not recorded at all."""
    _require(actor, Verb.RUN_STUDY)
    cohort = (
        StudyCohort.objects.select_related("study")
        .filter(pk=cohort_id, study__organisation_id=actor.organisation_id)
        .first()
    )
    if cohort is None:
        raise NotFound
    kind = clean_choice(kind, SessionKind, field="kind")
    held_on = clean_date(held_on, "held_on", not_future=True)
    researcher = (
        get_user_model()
        .objects.filter(
            pk=researcher_id, memberships__organisation_id=actor.organisation_id, memberships__is_active=True
        )
        .first()
    )
    if researcher is None:
        raise ValidationError({"researcher_id": _("Choose a member of the organisation.")})
    if not participants:
        raise ValidationError({"participants": _("Count at least one participant.")})
    for number, person in enumerate(participants, start=1):
        clean_choice(person.gender, Gender, field=f"participants.{number}.gender")
        clean_choice(person.age_band, AgeBand, field=f"participants.{number}.age_band")
        if person.consent_spoken is not True:
            raise ValidationError(
                {f"participants.{number}": _("Record only people who gave their consent aloud.")}
            )
        if not LANGUAGE_CODE.match(person.consent_language or ""):
            raise ValidationError(
                {f"participants.{number}.consent_language": _("Give the language as a code (bn, hi, en...).")}
            )
    with transaction.atomic():
        research = prevention.session_record(
            actor=actor,
            place_id=place_id,
            held_on=held_on,
            source=SESSION_SOURCE[kind],
            cohort=cohort.cohort,
            respondents=len(participants),
        )
        session = StudySession.objects.create(
            cohort=cohort,
            kind=kind,
            held_on=held_on,
            place_id=research.place_id,
            researcher=researcher,
            researcher_is_community=bool(community_researcher),
            research_session_id=research.pk,
            recorded_by_id=actor.user_id,
        )
        Participation.objects.bulk_create(
            Participation(
                session=session,
                gender=p.gender,
                age_band=p.age_band,
                consent_spoken=True,
                consent_language=p.consent_language,
            )
            for p in participants
        )
        log_member_action(
            actor,
            "study.session_recorded",
            session,
            ["kind", "held_on", "place", "researcher", "participants"],
        )
    return session


def session_for(*, actor, session_id) -> StudySession:
    if not policy.decide(actor, Kind.STUDY):
        raise NotFound
    session = (
        StudySession.objects.select_related("cohort__study", "place", "researcher")
        .filter(pk=session_id, cohort__study__organisation_id=actor.organisation_id)
        .first()
    )
    if session is None:
        raise NotFound
    return session


def participants_table(*, actor, study_id, by: str = "gender") -> Protected:
    """Participants of a study counted by cohort (rows) and gender or age band (columns), through the
    disclosure gate. For every role that lists studies or reads questionnaire results."""
    if not (policy.decide(actor, Kind.STUDY) or policy.decide(actor, Kind.QUESTIONNAIRE_RESULTS)):
        raise NotFound
    study = Study.objects.filter(pk=study_id, organisation_id=actor.organisation_id).first()
    if study is None:
        raise NotFound
    vocabulary = Gender if by == "gender" else AgeBand
    cohorts = [c for c in Cohort if study.cohorts.filter(cohort=c).exists()]
    grid = {(c.value, v.value): 0 for c in cohorts for v in vocabulary}
    rows = Participation.objects.filter(session__cohort__study=study).values_list(
        "session__cohort__cohort", by
    )
    for cohort, value in rows:
        grid[(cohort, value)] = grid.get((cohort, value), 0) + 1
    return protect_table(
        [[grid[(c.value, v.value)] for v in vocabulary] for c in cohorts],
        rows=[str(c.label) for c in cohorts],
        columns=[str(v.label) for v in vocabulary],
    )


def submission_session_link(*, actor, submission_id, session_id):
    """Say in which session a submission (from ODK Collect, say) was asked, so that it can feed prevention."""
    from sathi.questionnaires.models import Submission

    _require(actor, Verb.RUN_STUDY)
    session = session_for(actor=actor, session_id=session_id)
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .filter(pk=submission_id, organisation_id=actor.organisation_id)
            .first()
        )
        if submission is None:
            raise NotFound
        submission.session = session
        submission.save(update_fields=["session"])
        log_member_action(actor, "study.submission_linked", submission, ["session"])
    return submission


def researchers(*, actor):
    """The organisation's active members, any of whom may be credited with a session."""
    _require(actor, Verb.RUN_STUDY)
    return list(
        get_user_model()
        .objects.filter(memberships__organisation_id=actor.organisation_id, memberships__is_active=True)
        .order_by("display_name", "username")
    )


def study_sessions(*, actor, study_id=None) -> list[StudySession]:
    """The sessions of one study, or of every study of the organisation (newest first)."""
    if not policy.decide(actor, Kind.STUDY):
        raise NotFound
    rows = StudySession.objects.select_related("cohort__study", "place", "researcher").filter(
        cohort__study__organisation_id=actor.organisation_id
    )
    if study_id is not None:
        rows = rows.filter(cohort__study_id=study_id)
    return list(rows.order_by("-held_on", "-pk")[:500])

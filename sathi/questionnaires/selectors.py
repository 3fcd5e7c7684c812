"""Reads: the organisation's questionnaires, for the roles the policy lets list them."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch

from sathi.lib.errors import NotFound
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.questionnaires.models import Questionnaire, QuestionnaireVersion


def questionnaire_list(*, actor):
    if not policy.decide(actor, Kind.QUESTIONNAIRE):
        return Questionnaire.objects.none()
    return (
        Questionnaire.objects.filter(organisation_id=actor.organisation_id)
        .annotate(version_count=Count("versions"), latest=Max("versions__number"))
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=QuestionnaireVersion.objects.only("pk", "number", "questionnaire_id", "imported_at"),
            )
        )
    )


def version_for(*, actor, version_id, collecting: bool = False) -> QuestionnaireVersion:
    """One version of the organisation's questionnaire; NotFound for anyone else's, or for a role that may
    not list questionnaires (`collecting`: may not send answers; the XForm is loaded then)."""
    if not policy.decide(actor, Verb.COLLECT_ANSWERS if collecting else Kind.QUESTIONNAIRE):
        raise NotFound
    version = (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .defer("source", "structure", *([] if collecting else ["xform"]))
        .filter(pk=version_id, questionnaire__organisation_id=actor.organisation_id)
        .first()
    )
    if version is None:
        raise NotFound
    return version


def published_versions(*, actor) -> list[QuestionnaireVersion]:
    """The newest version of each of the organisation's questionnaires, for a role that sends answers."""
    if not policy.decide(actor, Verb.COLLECT_ANSWERS):
        return []
    newest = (
        QuestionnaireVersion.objects.filter(questionnaire__organisation_id=actor.organisation_id)
        .order_by("questionnaire_id", "-number")
        .values_list("questionnaire_id", "pk")
    )
    ids = dict(reversed(list(newest)))  # the first row of each questionnaire is its newest version
    return list(
        QuestionnaireVersion.objects.select_related("questionnaire")
        .defer("source", "structure")
        .filter(pk__in=ids.values())
        .order_by("questionnaire__title", "pk")
    )


def version_by_form_id(*, actor, form_id: str, form_version: str | None) -> QuestionnaireVersion:
    """The version a submission names by its form id and version (the newest with that version; the newest
    of all when it names none). NotFound for a form of another organisation, or a role that does not send."""
    if not policy.decide(actor, Verb.COLLECT_ANSWERS):
        raise NotFound
    versions = QuestionnaireVersion.objects.select_related("questionnaire").filter(
        questionnaire__organisation_id=actor.organisation_id, questionnaire__form_id=form_id
    )
    if form_version:
        versions = versions.filter(form_version=form_version)
    version = versions.order_by("-number").first()
    if version is None:
        raise NotFound
    return version

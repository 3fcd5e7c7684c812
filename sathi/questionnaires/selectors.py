"""Reads: the organisation's questionnaires, for the roles the policy lets list them."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch

from sathi.lib.errors import NotFound
from sathi.people import policy
from sathi.people.policy import Kind
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


def version_for(*, actor, version_id) -> QuestionnaireVersion:
    """One version of the organisation's questionnaire; NotFound for anyone else's, or for a role that may
    not list questionnaires."""
    if not policy.decide(actor, Kind.QUESTIONNAIRE):
        raise NotFound
    version = (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .defer("source", "xform", "structure")
        .filter(pk=version_id, questionnaire__organisation_id=actor.organisation_id)
        .first()
    )
    if version is None:
        raise NotFound
    return version

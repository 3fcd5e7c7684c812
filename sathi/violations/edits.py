"""Pages that change what an incident records: the incident, a person affected, a response, the end of a
shelter stay. Each sends only the fields the worker changed, with the version the form was read at, so a
change made meanwhile is refused as a conflict and never silently overwritten."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sathi.accounts.decorators import actor_required
from sathi.lib.errors import Forbidden, NotFound
from sathi.pages import one_form_page
from sathi.people import policy
from sathi.violations import involvements, responses, selectors, services
from sathi.violations.forms import (
    AffectedEditForm,
    IncidentEditForm,
    OutcomeEndForm,
    ResponseEditForm,
)
from sathi.violations.models import Outcome, Response
from sathi.violations.views import incident_places
from sathi.violations.vocab import OutcomeKind

PERSON_ROLES = policy.roles_that(policy.Kind.PERSON)


def _view_or_404(request, incident_id) -> selectors.IncidentView:
    """The incident as the actor may see it (opening its texts is audited as a view); 404 otherwise."""
    try:
        return selectors.incident_view(actor=request.actor, incident_id=incident_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc


def _changes(form, names: dict[str, str]) -> dict:
    """The changed fields under the service's argument names; the version always."""
    data = form.cleaned_data
    changes = {names.get(name, name): data[name] for name in form.changed_data if name != "version"}
    return {**changes, "version": data["version"]}


def _page(request, *, incident_id, form, title, run):
    back = reverse("violations:incident", args=[incident_id])
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=back,
        template="violations/form.html",
        context={"title": title, "back": back},
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def incident_edit(request, incident_id):
    view = _view_or_404(request, incident_id)
    incident = view.incident
    initial = {
        "start_date": incident.start_date,
        "start_precision": incident.start_precision,
        "end_date": incident.end_date,
        "end_precision": incident.end_precision,
        "place": incident.place_id,
        "verification": incident.verification,
        "confidentiality": incident.confidentiality,
        "description": view.description or "",
        "version": incident.version,
    }
    places = incident_places(request.actor)
    form = IncidentEditForm(request.POST or None, initial=initial, places=places)

    def run(d):
        changes = _changes(form, {"place": "place_id"})
        if "place_id" in changes:
            changes["place_id"] = int(changes["place_id"])
        services.incident_update(actor=request.actor, incident_id=incident.pk, **changes)

    return _page(request, incident_id=incident.pk, form=form, title=_("Change the incident"), run=run)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def affected_edit(request, affected_id):
    try:
        affected, incident = involvements.affected_for(request.actor, affected_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc
    view = _view_or_404(request, incident.pk)
    account = next((a.account for a in view.affected if a.affected.pk == affected.pk), None)
    initial = {
        "age_band": affected.age_band,
        "acts": affected.acts,
        "consequences": affected.consequences,
        "own_decision": affected.own_decision,
        "undertaking": affected.undertaking,
        "account": account or "",
        "version": affected.version,
    }
    form = AffectedEditForm(request.POST or None, initial=initial)

    def run(d):
        involvements.affected_update(actor=request.actor, affected_id=affected.pk, **_changes(form, {}))

    return _page(request, incident_id=incident.pk, form=form, title=_("Change a person affected"), run=run)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def response_edit(request, response_id):
    try:
        response = services.child_for(request.actor, Response, response_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc
    view = _view_or_404(request, response.incident_id)
    note = next((n for r, n in view.responses if r.pk == response.pk), None)
    initial = {
        "first_response_at": response.first_response_at,
        "resolved_at": response.resolved_at,
        "outcome": response.outcome,
        "note": note or "",
        "version": response.version,
    }
    form = ResponseEditForm(request.POST or None, initial=initial)

    def run(d):
        responses.response_update(actor=request.actor, response_id=response.pk, **_changes(form, {}))

    return _page(request, incident_id=response.incident_id, form=form, title=_("Change a response"), run=run)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def outcome_end(request, outcome_id):
    try:
        outcome = services.child_for(request.actor, Outcome, outcome_id)
        _affected, incident = involvements.affected_for(request.actor, outcome.affected_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc
    if outcome.kind != OutcomeKind.SHELTER or outcome.until is not None:
        raise Http404  # only an open shelter stay has an end to record
    form = OutcomeEndForm(request.POST or None)

    def run(d):
        involvements.outcome_end(actor=request.actor, outcome_id=outcome.pk, until=d["until"])

    return _page(request, incident_id=incident.pk, form=form, title=_("The end of a shelter stay"), run=run)

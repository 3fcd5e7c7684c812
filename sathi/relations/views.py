from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sathi.accounts.decorators import actor_required
from sathi.core.forms import tri_state
from sathi.lib.errors import Forbidden, NotFound
from sathi.pages import one_form_page
from sathi.people import policy
from sathi.people import selectors as people_selectors
from sathi.relations import selectors, services
from sathi.relations.forms import (
    DecideForm,
    EventForm,
    QualityForm,
    RelationForm,
    SafetyCheckForm,
    SiteForm,
)
from sathi.relations.models import Relation, SafetyCheck

PERSON_ROLES = policy.roles_that(policy.Kind.PERSON)


@actor_required(*PERSON_ROLES)
def person_relations(request, person_id):
    """Her map, her sites and her life course. 404 for anyone without the violence-history class."""
    try:
        view = selectors.relations_view(actor=request.actor, person_id=person_id)
    except (NotFound, Forbidden) as exc:
        raise Http404 from exc
    rows = [
        (relation, view.names[relation.pk], list(relation.qualities.all())) for relation in view.relations
    ]
    return render(request, "relations/person.html", {"view": view, "relation_rows": rows})


def _visible(request, person_id) -> None:
    """Only roles with the violence-history class, and only for a person they may see: 404 otherwise."""
    try:
        services.require_violence_class(request.actor)
        people_selectors.person_get(actor=request.actor, person_id=person_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc


def _page(request, person_id, form, title, run):
    _visible(request, person_id)
    back = reverse("relations:person", args=[person_id])
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=back,
        template="relations/form.html",
        context={"title": title, "back": back},
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def relation_add(request, person_id):
    def run(d):
        relation = services.relation_add(
            actor=request.actor,
            person_id=person_id,
            domain=d["domain"],
            kind=d["kind"],
            name=d["name"],
            entry_role=d["entry_role"],
            in_contact=tri_state(d["in_contact"]),
            safe_to_contact=tri_state(d["safe_to_contact"]),
        )
        for quality in d["qualities"]:
            services.quality_add(actor=request.actor, relation_id=relation.pk, quality=quality)

    return _page(
        request, person_id, RelationForm(request.POST or None), _("Someone in the person's life"), run
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def quality_add(request, person_id, relation_id):
    """Add what a relation brings the person (support, control, violence...), and over which years."""
    _visible(request, person_id)
    if not Relation.objects.filter(pk=relation_id, person_id=person_id).exists():
        raise Http404
    return _page(
        request,
        person_id,
        QualityForm(request.POST or None),
        _("What the relation brings the person"),
        lambda d: services.quality_add(actor=request.actor, relation_id=relation_id, **d) and None,
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def event_add(request, person_id):
    return _page(
        request,
        person_id,
        EventForm(request.POST or None),
        _("An event in the person's life"),
        lambda d: services.life_event_add(actor=request.actor, person_id=person_id, **d) and None,
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def site_add(request, person_id):
    return _page(
        request,
        person_id,
        SiteForm(request.POST or None),
        _("A site where the person worked"),
        lambda d: services.site_history_add(actor=request.actor, person_id=person_id, **d) and None,
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def check_add(request, person_id):
    def run(d):
        check = services.safety_check_record(actor=request.actor, person_id=person_id, **d)
        return reverse("relations:check", args=[person_id, check.pk])

    return _page(
        request, person_id, SafetyCheckForm(request.POST or None), _("Safety check before a return home"), run
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def check_detail(request, person_id, check_id):
    _visible(request, person_id)
    check = SafetyCheck.objects.filter(pk=check_id, person_id=person_id).first()
    if check is None:
        raise Http404
    form = DecideForm(request.POST or None, flags=check.flags)

    def run(d):
        plan = {flag: d.get(f"plan_{flag}", "") for flag in check.flags}
        services.safety_check_decide(actor=request.actor, check_id=check.pk, choice=d["choice"], plan=plan)

    back = reverse("relations:person", args=[person_id])
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=back,
        template="relations/check.html",
        context={"check": check, "back": back, "title": _("Safety check before a return home")},
    )

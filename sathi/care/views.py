"""Case pages. Phone first: one decision per page, her latest stated wish beside every decision."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sathi.accounts.decorators import actor_required
from sathi.accounts.models import Membership
from sathi.care import followups, placements, selectors, services
from sathi.care import referrals as referral_services
from sathi.care.forms import (
    CaseOpenForm,
    CloseForm,
    ExitForm,
    FlagRaiseForm,
    FlagResolveForm,
    FollowUpForm,
    GoalForm,
    NeedForm,
    NeedUpdateForm,
    PathwayForm,
    PlacementForm,
    PlanDoneForm,
    PlanItemForm,
    ProviderFilterForm,
    ProviderForm,
    ReferralForm,
    ReopenForm,
    RespondForm,
    ReviewForm,
    ServiceForm,
    StatusForm,
    TeamForm,
)
from sathi.care.models import CaseFlag, FollowUp, Need, Placement, PlanItem, Provider
from sathi.care.vocab import ServiceType
from sathi.core.forms import tri_state
from sathi.lib.errors import NotFound
from sathi.pages import one_form_page
from sathi.people import policy
from sathi.people import selectors as people_selectors
from sathi.people.consent import contact_consent
from sathi.people.policy import Kind, Verb
from sathi.people.selectors import break_glass_to_review
from sathi.people.vocab import Language

PERSON_ROLES = policy.roles_that(Kind.PERSON)


def case_or_404(request, case_id):
    try:
        return services.case_for(request.actor, case_id)
    except NotFound as exc:
        raise Http404 from exc


def decision_page(
    request, *, case, form, title: str, run: Callable[[dict], object], submit: str = "", success: str = ""
) -> object:
    """One decision on one page, with her latest stated wish beside it."""
    return one_form_page(
        request,
        form=form,
        run=lambda data: run(data) and None,
        done_url=reverse("care:case", args=[case.pk]),
        template="care/form.html",
        success=success,
        context={
            "case": case,
            "title": title,
            "submit": submit or _("Save"),
        },
    )


# --- caseload -----------------------------------------------------------------------------------


@actor_required(*PERSON_ROLES)
def my_cases(request):
    return render(
        request,
        "care/my_cases.html",
        {
            "cases": selectors.caseload(request.actor, scope="mine"),
            "due": selectors.due_this_week(request.actor, scope="mine"),
        },
    )


@actor_required(*policy.roles_that(Verb.SUPERVISE))
def dashboard(request):
    return render(
        request,
        "care/dashboard.html",
        {
            "cases": selectors.caseload(request.actor, scope="organisation"),
            "due": selectors.due_this_week(request.actor, scope="organisation"),
            "flags": selectors.flags_for_supervisor(request.actor),
            "break_glass": break_glass_to_review(actor=request.actor),
        },
    )


# --- the case -----------------------------------------------------------------------------------


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def case_open(request, person_id):
    try:
        person = people_selectors.person_get(actor=request.actor, person_id=person_id)
    except NotFound as exc:
        raise Http404 from exc

    def run(data):
        case = services.case_open(actor=request.actor, person_id=person.pk, **data)
        return reverse("care:case", args=[case.pk])

    return one_form_page(
        request,
        form=CaseOpenForm(request.POST or None),
        run=run,
        done_url=reverse("people:detail", args=[person.pk]),
        template="care/case_open.html",
        context={"person": person},
        success=_("The case is open."),
    )


@actor_required(*PERSON_ROLES)
def case_detail(request, case_id):
    try:
        view = selectors.case_view(actor=request.actor, case_id=case_id)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "care/case.html", {"view": view, "case": view.case})


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def case_status(request, case_id):
    case = case_or_404(request, case_id)
    form = StatusForm(request.POST or None, initial={"version": case.version})
    return decision_page(
        request,
        case=case,
        form=form,
        title=_("Move the case"),
        run=lambda d: services.case_move(
            actor=request.actor,
            case_id=case.pk,
            version=d["version"],
            status=d["status"],
            follow_up_from=d["follow_up_from"],
        ),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def case_close(request, case_id):
    case = case_or_404(request, case_id)
    form = CloseForm(request.POST or None, initial={"version": case.version})
    return decision_page(
        request,
        case=case,
        form=form,
        title=_("Close the case"),
        submit=_("Close"),
        run=lambda d: services.case_close(actor=request.actor, case_id=case.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def case_reopen(request, case_id):
    case = case_or_404(request, case_id)
    form = ReopenForm(request.POST or None, initial={"version": case.version})
    return decision_page(
        request,
        case=case,
        form=form,
        title=_("Reopen the case"),
        submit=_("Reopen"),
        run=lambda d: services.case_reopen(actor=request.actor, case_id=case.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def team_add(request, case_id):
    case = case_or_404(request, case_id)
    members = Membership.objects.filter(
        organisation_id=request.actor.organisation_id, is_active=True, role__in=policy.roles_that(Kind.CASE)
    ).select_related("user")
    form = TeamForm(request.POST or None, members=members)
    return decision_page(
        request,
        case=case,
        form=form,
        title=_("Add to the case team"),
        run=lambda d: services.case_member_add(
            actor=request.actor, case_id=case.pk, user_id=d["user"], team_role=d["team_role"]
        ),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def goal_add(request, case_id):
    case = case_or_404(request, case_id)
    return decision_page(
        request,
        case=case,
        form=GoalForm(request.POST or None),
        title=_("Their goal"),
        run=lambda d: services.goal_record(actor=request.actor, case_id=case.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def pathway_add(request, case_id):
    case = case_or_404(request, case_id)
    from django.utils import timezone

    form = PathwayForm(request.POST or None, initial={"stated_on": timezone.localdate()})
    return decision_page(
        request,
        case=case,
        form=form,
        title=_("The path they choose"),
        run=lambda d: services.pathway_record(actor=request.actor, case_id=case.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def need_add(request, case_id):
    case = case_or_404(request, case_id)
    return decision_page(
        request,
        case=case,
        form=NeedForm(request.POST or None),
        title=_("Add a need"),
        run=lambda d: services.need_add(actor=request.actor, case_id=case.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def need_edit(request, case_id, need_id: int):
    case = case_or_404(request, case_id)
    need = Need.objects.filter(case=case, pk=need_id).first()
    if need is None:
        raise Http404
    form = NeedUpdateForm(
        request.POST or None,
        initial={
            "version": need.version,
            "agreement": need.agreement,
            "priority": need.priority,
            "status": need.status,
        },
    )
    return decision_page(
        request,
        case=case,
        form=form,
        title=need.get_code_display(),
        run=lambda d: services.need_update(actor=request.actor, need_id=need.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def service_add(request, case_id):
    case = case_or_404(request, case_id)
    form = ServiceForm(request.POST or None, case=case)

    def run(d):
        services.service_record(
            actor=request.actor,
            case_id=case.pk,
            service_type=d["service_type"],
            delivered_on=d["delivered_on"],
            provider_kind=d["provider_kind"],
            provider_id=d["provider"].pk if d["provider"] else None,
            staff_id=request.user.pk,
            need_ids=d["needs"],
            notes=d["notes"],
        )

    return decision_page(request, case=case, form=form, title=_("Record a service"), run=run)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def plan_add(request, case_id):
    case = case_or_404(request, case_id)
    return decision_page(
        request,
        case=case,
        form=PlanItemForm(request.POST or None),
        title=_("Add to their plan"),
        run=lambda d: services.plan_item_add(actor=request.actor, case_id=case.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def plan_done(request, case_id, item_id: int):
    case = case_or_404(request, case_id)
    if not PlanItem.objects.filter(case=case, pk=item_id).exists():
        raise Http404
    return decision_page(
        request,
        case=case,
        form=PlanDoneForm(request.POST or None),
        title=_("Mark as done"),
        run=lambda d: services.plan_item_done(actor=request.actor, item_id=item_id, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def placement_add(request, case_id):
    case = case_or_404(request, case_id)

    def run(d):
        provider = d.pop("provider")
        placements.placement_start(
            actor=request.actor, case_id=case.pk, provider_id=provider.pk if provider else None, **d
        )

    return decision_page(
        request, case=case, form=PlacementForm(request.POST or None), title=_("Placement"), run=run
    )


def _placement_or_404(case, placement_id) -> Placement:
    placement = Placement.objects.filter(case=case, pk=placement_id).first()
    if placement is None:
        raise Http404
    return placement


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def placement_review(request, case_id, placement_id):
    case = case_or_404(request, case_id)
    placement = _placement_or_404(case, placement_id)
    return decision_page(
        request,
        case=case,
        form=ReviewForm(request.POST or None),
        title=_("Review the placement"),
        run=lambda d: placements.placement_review(actor=request.actor, placement_id=placement.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def placement_exit(request, case_id, placement_id):
    case = case_or_404(request, case_id)
    placement = _placement_or_404(case, placement_id)
    return decision_page(
        request,
        case=case,
        form=ExitForm(request.POST or None),
        title=_("Leaves the placement"),
        run=lambda d: placements.placement_exit(actor=request.actor, placement_id=placement.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def follow_up(request, case_id, follow_up_id):
    case = case_or_404(request, case_id)
    item = FollowUp.objects.filter(case=case, pk=follow_up_id).first()
    if item is None:
        raise Http404
    consent = contact_consent(case.person)
    form = FollowUpForm(request.POST or None, initial={"channel": consent.channel if consent else ""})

    def run(d):
        followups.follow_up_record(
            actor=request.actor,
            follow_up_id=item.pk,
            done_on=d["done_on"],
            channel=d["channel"],
            outcome=d["outcome"],
            wellbeing=d["wellbeing"],
            safety_concerns=d["safety_concerns"],
            new_needs=d["new_needs"],
            returned_by_choice=tri_state(d["returned_by_choice"]),
            coerced=tri_state(d["coerced"]),
        )

    return decision_page(request, case=case, form=form, title=_("Follow-up"), run=run)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def flag_raise(request, case_id):
    case = case_or_404(request, case_id)
    return decision_page(
        request,
        case=case,
        form=FlagRaiseForm(request.POST or None),
        title=_("Raise a flag"),
        run=lambda d: services.flag_raise(actor=request.actor, case_id=case.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def flag_resolve(request, case_id, flag_id: int):
    case = case_or_404(request, case_id)
    flag = CaseFlag.objects.filter(case=case, pk=flag_id, resolved_at__isnull=True).first()
    if flag is None:
        raise Http404
    return decision_page(
        request,
        case=case,
        form=FlagResolveForm(request.POST or None),
        title=selectors.flag_label(request.actor, flag),
        run=lambda d: services.flag_resolve(actor=request.actor, flag_id=flag.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def referral_add(request, case_id):
    case = case_or_404(request, case_id)
    form = ReferralForm(request.POST or None, case=case, organisation=request.actor.organisation)
    return decision_page(
        request,
        case=case,
        form=form,
        title=_("Refer the person"),
        submit=_("Send the referral"),
        run=lambda d: referral_services.referral_send(
            actor=request.actor,
            case_id=case.pk,
            provider_id=d["provider"].pk,
            fields=d["fields"],
            need_id=d["need"],
        ),
    )


# --- referrals received, and the directory -------------------------------------------------------


@actor_required(*PERSON_ROLES)
def referrals(request):
    return render(
        request,
        "care/referrals.html",
        {
            "inbox": selectors.referral_inbox(request.actor),
            "outbox": selectors.referral_outbox(request.actor),
        },
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def referral_received(request, referral_id):
    try:
        view = selectors.referral_received(actor=request.actor, referral_id=referral_id)
    except NotFound as exc:
        raise Http404 from exc
    return one_form_page(
        request,
        form=RespondForm(request.POST or None),
        run=lambda data: (
            referral_services.referral_respond(actor=request.actor, referral_id=view.referral.pk, **data)
            and None
        ),
        done_url=reverse("care:referrals"),
        template="care/referral.html",
        context={"view": view},
        success=_("Your answer was sent."),
    )


@actor_required(*PERSON_ROLES)
def providers(request):
    """The directory, filtered by one service (a value of the vocabulary; anything else shows all)."""
    form = ProviderFilterForm(request.GET or None)
    service = form.cleaned_data["service"] if form.is_valid() else ""
    rows = list(Provider.objects.select_related("organisation").order_by("organisation__name"))
    if service:
        # services is a short JSON list per provider; the directory is small, so it is filtered here and
        # the same way on SQLite and PostgreSQL.
        rows = [p for p in rows if service in p.services]
    services_named, languages_named = dict(ServiceType.choices), dict(Language.choices)
    entries = [
        (
            p,
            [str(services_named.get(code, code)) for code in p.services],
            [str(languages_named.get(code, code)) for code in p.languages],
        )
        for p in rows
    ]
    return render(
        request,
        "care/providers.html",
        {"entries": entries, "service": service, "filter": form if form.is_bound else ProviderFilterForm()},
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def provider_save(request):
    own = Provider.objects.filter(organisation_id=request.actor.organisation_id).first()
    initial = (
        {
            "services": own.services,
            "languages": own.languages,
            "areas": "\n".join(own.areas),
            "capacity": own.capacity,
        }
        if own
        else {}
    )
    return one_form_page(
        request,
        form=ProviderForm(request.POST or None, initial=initial),
        run=lambda data: referral_services.provider_save(actor=request.actor, **data) and None,
        done_url=reverse("care:providers"),
        template="care/provider_form.html",
        context={},
        success=_("The directory is updated."),
    )

"""Board and screening pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sathi.accounts.decorators import actor_required
from sathi.core import dates
from sathi.core.pictures import hidden_notes
from sathi.evidence import catalogue
from sathi.lib import charts, pseudocode
from sathi.lib.errors import Conflict, NotFound
from sathi.pages import one_form_page
from sathi.people import policy
from sathi.people import selectors as people_selectors
from sathi.people.policy import Kind, Verb
from sathi.places.models import Place, PlaceKind
from sathi.places.services import place_add
from sathi.screening import selectors, services
from sathi.screening.forms import (
    BoardForm,
    DecisionForm,
    MemberForm,
    PlaceForm,
    PresentationForm,
    ScreeningForm,
    SiteEventForm,
    SittingForm,
)
from sathi.screening.models import BoardMember, ReappearanceAlert, Sitting


def _board_or_404(request, board_id):
    try:
        return services.board_for(request.actor, board_id)
    except NotFound as exc:
        raise Http404 from exc


def form_page(request, *, form, title: str, run, back: str, board=None, person=None):
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=back,
        template="screening/form.html",
        context={"title": title, "back": back, "board": board, "person": person},
    )


@actor_required(*policy.roles_that(Kind.SCREENING))
def board_list(request):
    return render(request, "screening/boards.html", {"boards": selectors.boards(request.actor)})


@actor_required(*policy.roles_that(Verb.RUN_BOARD))
@require_http_methods(["GET", "POST"])
def place_new(request):
    form = PlaceForm(
        request.POST or None, places=Place.objects.filter(kind=PlaceKind.RED_LIGHT_AREA).order_by("name")
    )

    def run(d):
        place_add(
            actor=request.actor,
            kind=d["kind"],
            name=d["name"],
            parent_id=d["parent"],
            site_type=d["site_type"],
        )

    return form_page(request, form=form, title=_("Add a place"), run=run, back=reverse("screening:boards"))


@actor_required(*policy.roles_that(Verb.RUN_BOARD))
@require_http_methods(["GET", "POST"])
def board_new(request):
    form = BoardForm(
        request.POST or None, areas=Place.objects.filter(kind=PlaceKind.RED_LIGHT_AREA).order_by("name")
    )

    def run(d):
        board = services.board_create(
            actor=request.actor, area_id=d["area"], name=d["name"], quorum=d["quorum"]
        )
        return reverse("screening:board", args=[board.pk])

    return form_page(request, form=form, title=_("A new board"), run=run, back=reverse("screening:boards"))


@actor_required(*policy.roles_that(Kind.BOARD))
def board_detail(request, board_id: int):
    board = _board_or_404(request, board_id)
    members = list(board.members.all().order_by("term_start"))
    names = {m.pk: services.member_name(m) for m in members}
    return render(
        request,
        "screening/board.html",
        {
            "board": board,
            "composition": services.board_composition(board),
            "members": [(m, names[m.pk], services.serving(m, _today())) for m in members],
            "sittings": board.sittings.order_by("-held_on")[:20],
            "presentations": selectors.board_presentations(request.actor, board),
            "site_events": board.site_events.select_related("site").order_by("-occurred_on")[:20],
            # She was removed by this board and presents again somewhere: this board acts.
            "alerts": ReappearanceAlert.objects.filter(
                board=board, acknowledged_at__isnull=True
            ).select_related("presentation__person", "presented_to"),
            # She presents here and another board removed her: this board learns only that it exists.
            "notices": selectors.board_notices(board),
        },
    )


@actor_required(*policy.roles_that(Verb.ACT_ON_ALERT))
@require_POST
def alert_acknowledge(request, alert_id: int):
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        services.alert_acknowledge(actor=request.actor, alert_id=alert_id, version=version)
    except NotFound as exc:
        raise Http404 from exc
    except Conflict:
        messages.error(
            request,
            _("Someone else acknowledged this alert since you opened the page. Nothing was saved."),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The alert is acknowledged."))
    return redirect("people:home")


def _today():
    from django.utils import timezone

    return timezone.localdate()


@actor_required(*policy.roles_that(Verb.RUN_BOARD))
@require_http_methods(["GET", "POST"])
def member_add(request, board_id: int):
    board = _board_or_404(request, board_id)
    back = reverse("screening:board", args=[board.pk])
    return form_page(
        request,
        form=MemberForm(request.POST or None),
        title=_("Add a member"),
        back=back,
        board=board,
        run=lambda d: services.board_member_add(actor=request.actor, board_id=board.pk, **d) and None,
    )


@actor_required(*policy.roles_that(Verb.RECORD_SITTING))
@require_http_methods(["GET", "POST"])
def sitting_add(request, board_id: int):
    board = _board_or_404(request, board_id)
    members = [
        (str(m.pk), services.member_name(m))
        for m in BoardMember.objects.filter(board=board).select_related("board")
    ]
    back = reverse("screening:board", args=[board.pk])
    return form_page(
        request,
        form=SittingForm(request.POST or None, members=members, quorum=board.quorum),
        title=_("Record a sitting"),
        back=back,
        board=board,
        run=lambda d: (
            services.sitting_hold(
                actor=request.actor,
                board_id=board.pk,
                held_on=d["held_on"],
                member_ids=d["members"],
                minutes=d["minutes"],
            )
            and None
        ),
    )


@actor_required(*policy.roles_that(Verb.PRESENT_AT_BOARD))
@require_http_methods(["GET", "POST"])
def presentation_add(request, board_id: int):
    board = _board_or_404(request, board_id)
    sites = Place.objects.filter(
        kind=PlaceKind.SITE, parent=board.area, organisation_id=request.actor.organisation_id
    )
    form = PresentationForm(
        request.POST or None, sites=sites, sittings=board.sittings.order_by("-held_on")[:20]
    )

    def run(d):
        code = pseudocode.normalise(d["code"])
        found = people_selectors.person_find(actor=request.actor, code=code or "").rows if code else []
        if not found:
            raise ValidationError(
                {"code": _("No one you can see has this code. Check it, or register the person first.")}
            )
        presentation = services.presentation_record(
            actor=request.actor,
            board_id=board.pk,
            person_id=found[0].id,
            presented_on=d["presented_on"],
            arrived_on=d["arrived_on"],
            brought_by=d["brought_by"],
            site_id=d["site"],
            account=d["account"],
            sitting_id=d["sitting"] or None,
        )
        return reverse("screening:screen", args=[presentation.person_id]) + f"?presentation={presentation.pk}"

    return form_page(
        request,
        form=form,
        title=_("A new entrant presents to the board"),
        run=run,
        board=board,
        back=reverse("screening:board", args=[board.pk]),
    )


@actor_required(*policy.roles_that(Verb.RUN_BOARD))
@require_http_methods(["GET", "POST"])
def site_event_add(request, board_id: int):
    board = _board_or_404(request, board_id)
    sites = Place.objects.filter(
        kind=PlaceKind.SITE, parent=board.area, organisation_id=request.actor.organisation_id
    )
    back = reverse("screening:board", args=[board.pk])
    return form_page(
        request,
        form=SiteEventForm(request.POST or None, sites=sites),
        title=_("A refusal or a concealed entrant"),
        back=back,
        board=board,
        run=lambda d: services.site_event_record(actor=request.actor, board_id=board.pk, **d) and None,
    )


@actor_required(*policy.roles_that(Verb.SCREEN))
@require_http_methods(["GET", "POST"])
def screen(request, person_id):
    """Palermo screening for any caseworker or board: what was found, and then Sathi's suggestion."""
    try:
        person = people_selectors.person_get(actor=request.actor, person_id=person_id)
    except NotFound as exc:
        raise Http404 from exc
    presentation_id = request.GET.get("presentation") or request.POST.get("presentation") or None

    def run(d):
        screening = services.screening_record(
            actor=request.actor,
            person_id=person.pk,
            acts=d["acts"] if d["acts_asked"] or d["acts"] else None,
            means=d["means"] if d["means_asked"] or d["means"] else None,
            control_since=d["control_since"],
            purposes=d["purposes"] if d["purposes_asked"] or d["purposes"] else None,
            labour_sector=d["labour_sector"],
            came_without_force={"yes": True, "no": False}.get(d["came_without_force"]),
            irregular_crossing_consented=d["irregular_crossing_consented"],
            consent_words=d["consent_words"],
            presentation_id=presentation_id,
            period_from=d["period_from"],
            period_to=d["period_to"],
            site_id=d["site"],
            site_words=d["site_words"],
        )
        return reverse("screening:screening", args=[screening.pk])

    return form_page(
        request,
        form=ScreeningForm(request.POST or None, sites=selectors.screening_sites(request.actor)),
        title=_("Screening"),
        run=run,
        back=reverse("people:detail", args=[person.pk]),
        person=person,
    )


@actor_required(*policy.roles_that(Kind.SCREENING))
@require_http_methods(["GET", "POST"])
def screening_detail(request, screening_id):
    try:
        view = selectors.screening_view(actor=request.actor, screening_id=screening_id)
    except NotFound as exc:
        raise Http404 from exc
    board = view.screening.presentation.board if view.screening.presentation else None
    sittings = Sitting.objects.filter(board=board).order_by("-held_on")[:20] if board else []
    decided = hasattr(view.screening, "decision")
    here = reverse("screening:screening", args=[view.screening.pk])

    def run(data):
        if decided:  # one decision per screening: a second one is refused like a stale form
            raise ValidationError(_("This form was already sent. Here is the record."))
        data = dict(data)
        data["sitting_id"] = data.pop("sitting") or None
        decision = services.decision_record(actor=request.actor, screening_id=view.screening.pk, **data)
        return reverse("care:case", args=[decision.case_id]) if decision.case_id else here

    # The decision starts from Sathi's suggestion (the first reading when there are two), and says so: a
    # list that opened on another choice would make the board argue with a default nobody chose.
    suggested = [entry["classification"] for entry in view.screening.suggestions]
    form = DecisionForm(
        request.POST or None, sittings=sittings, initial={"classification": suggested[0]} if suggested else {}
    )
    if suggested:
        mark = _("%(decision)s (Sathi's suggestion)")
        form.fields["classification"].choices = [
            (value, mark % {"decision": label} if value in suggested else label)
            for value, label in form.fields["classification"].choices
        ]
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=here,
        template="screening/screening.html",
        context={"view": view, "decided": decided, "starts_from_suggestion": bool(suggested)},
        success=_("The decision is recorded."),
    )


@actor_required(*policy.roles_that(Kind.BOARD_INDICATORS))
def board_indicators(request, board_id: int):
    """Numbers only, through the disclosure gate: the analyst may see them, never a row."""
    board = _board_or_404(request, board_id)
    by = "year" if request.GET.get("by") == "year" else "month"
    result = catalogue.figure("board-indicators", board, by=by)
    chart = charts.bar_chart(
        [dates.month_name(r.period) for r in result.rows],
        [r.share_minors * 100 if r.share_minors is not None else None for r in result.rows],
        title=_("Share of minors among new entrants"),
        unit="%",
        **hidden_notes(),
    )
    return render(
        request, "screening/indicators.html", {"board": board, "result": result, "chart": chart, "by": by}
    )

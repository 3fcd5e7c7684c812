"""Prevention pages of the accountability ledger: asks to offices, their answers, silences and next steps,
the accountability report (on screen a window of each long list at a time, printed in parts), and the asks
about a case (read and written with the case, by its team)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sathi.accounts.decorators import actor_required
from sathi.lib.errors import NotFound
from sathi.people import policy
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.places.models import Place, PlaceKind
from sathi.prevention import cases, forms, ledger, selectors, services, windows
from sathi.prevention.views import RECORDS, RESEARCH, _form, _may_write_identity, _offices, _or_404


@actor_required(*RECORDS)
@require_GET
def asks(request):
    """Every ask, the latest first, and every office asked anything with its numbers, the most silent
    first: a window of each (windows.py), beside the silences and asks waiting counted over every ask."""
    actor = request.actor
    read = windows.reading(request, ("offices", "asks"))
    rows = selectors.ask_rows(actor)
    shown = {
        "offices": ledger.offices(actor, None, **read.of("offices")),
        "asks": ledger.window_of(rows, lambda **page: selectors.asks(actor, **page), **read.of("asks")),
    }
    silent, waiting = ledger.open_counts(actor, None)
    context = {
        "numbers": shown["offices"].rows,
        "asks": shown["asks"].rows,
        "silent": silent,
        "waiting": waiting,
        "made": shown["asks"].total,
        **windows.links(request, read, shown),
    }
    return render(request, "prevention/asks.html", context)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def ask_new(request):
    form = forms.AskForm(request.POST or None, offices=_offices(request.actor))

    def run(d):
        made = services.ask_make(actor=request.actor, stakeholder_id=d.pop("stakeholder"), **d)
        return reverse("prevention:ask", args=[made.pk])

    return _form(request, form=form, title=_("An ask to an office"), run=run, back=reverse("prevention:asks"))


@actor_required(*RECORDS)
@require_GET
def ask(request, ask_id: int):
    actor = request.actor
    found = _or_404(services.ask_for, actor, ask_id)
    view = selectors.view_of(found, list(found.answers.order_by("answered_on", "pk")))
    for step in view.history:
        if step.answer is not None:
            step.reason = selectors.answer_reason(actor, step.answer, found.organisation_id)
    targets = selectors.escalation_targets(actor, found) if view.state in ("silent", "refused") else []
    return render(request, "prevention/ask.html", {"view": view, "targets": targets})


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def answer_add(request, ask_id: int):
    found = _or_404(services.ask_for, request.actor, ask_id)
    form = forms.AnswerForm(request.POST or None, with_reason=_may_write_identity(request.actor))
    back = reverse("prevention:ask", args=[found.pk])

    def run(d):
        services.answer_record(actor=request.actor, ask_id=found.pk, **d)

    return _form(request, form=form, title=_("The office's answer"), run=run, back=back)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def ask_escalate(request, ask_id: int):
    actor = request.actor
    found = _or_404(services.ask_for, actor, ask_id)
    targets = selectors.escalation_targets(actor, found) or list(_offices(actor))
    form = forms.EscalateForm(request.POST or None, offices=targets, initial={"version": found.version})

    def run(d):
        made = services.ask_escalate(
            actor=actor,
            ask_id=found.pk,
            version=d["version"],
            to_id=d["to"],
            asked_on=d["asked_on"],
            due_on=d["due_on"],
        )
        return reverse("prevention:ask", args=[made.pk])

    return _form(
        request, form=form, title=_("The next step"), run=run, back=reverse("prevention:ask", args=[found.pk])
    )


# --- the accountability report -----------------------------------------------------------------------------


@actor_required(*RECORDS)
@require_GET
def report(request):
    """The accountability report for a dialogue or a meeting with the district: offices and asks only.

    The numbers per place and the counts of silences and asks waiting are over every ask, on screen and on
    paper. On screen the two long lists (the offices by silence, the open asks by due date) show a window of
    ledger.PAGE rows each, with the next and previous windows a link away. Printed (`print=1`), the report
    comes in parts of windows.PRINTED_PART rows of each list, every part with the whole numbers and saying
    which rows it holds and how many parts there are, so that printing each part prints every row."""
    actor = request.actor
    place_id = request.GET.get("place", "")
    found = (
        Place.objects.exclude(kind=PlaceKind.SITE).filter(pk=int(place_id)).first()
        if place_id.isdigit() and len(place_id) <= 18
        else None
    )
    column_of = selectors.places_under(found.pk) if found else None
    inside = list(column_of) if column_of is not None else None
    read = windows.reading(request, ("offices", "asks"))
    silent, waiting = ledger.open_counts(actor, inside)
    shown = {
        "offices": ledger.offices(actor, inside, **read.of("offices")),
        "asks": ledger.open_window(actor, inside, **read.of("asks"), total=silent + waiting),
    }
    context = {
        "place": found,
        "numbers": shown["offices"].rows,
        "asks": shown["asks"].rows,
        "silent": silent,
        "waiting": waiting,
        "by_place": ledger.by_place(actor, column_of) if column_of and len(column_of) > 1 else [],
        "today": timezone.localdate(),
        **windows.links(request, read, shown, keep={"place": found.pk if found else None}),
    }
    return render(request, "prevention/report.html", context)


# --- asks about a case: read and written with the case, by its team ---------------------------------------


def _case(request, case_id):
    from sathi.care.services import case_for

    try:
        return case_for(request.actor, case_id)
    except NotFound as exc:
        raise Http404 from exc


CASE_ROLES = policy.roles_that(Kind.CASE)
CASE_WORK = sorted(set(CASE_ROLES) & set(policy.roles_that(Verb.WORK_ON_CASE)))


@actor_required(*CASE_ROLES)
@require_GET
def case_asks(request, case_id: int):
    """The asks made about this case, their silences and answers, with the words under the legal class."""
    case = _case(request, case_id)
    rows = _or_404(lambda: cases.case_asks(actor=request.actor, case=case))
    return render(request, "prevention/case_asks.html", {"case": case, "rows": rows})


@actor_required(*CASE_WORK)
@require_http_methods(["GET", "POST"])
def case_ask_new(request, case_id: int):
    actor, case = request.actor, _case(request, case_id)
    form = forms.CaseAskForm(
        request.POST or None,
        offices=cases.office_choices(actor),
        with_about=bool(policy.decide(actor, Verb.WRITE, field_class=FieldClass.LEGAL)),
    )

    def run(d):
        cases.case_ask_make(actor=actor, case=case, stakeholder_id=d.pop("stakeholder"), **d)

    back = reverse("prevention:case-asks", args=[case.pk])
    return _form(request, form=form, title=_("An ask to an office about this case"), run=run, back=back)


@actor_required(*CASE_WORK)
@require_http_methods(["GET", "POST"])
def case_ask_link(request, case_id: int):
    """Link an ask already in the ledger to this case (the page of cases.case_ask_link)."""
    actor, case = request.actor, _case(request, case_id)
    form = forms.CaseAskLinkForm(
        request.POST or None,
        asks=_or_404(cases.linkable_asks, actor, case),
        with_about=bool(policy.decide(actor, Verb.WRITE, field_class=FieldClass.LEGAL)),
    )

    def run(d):
        cases.case_ask_link(actor=actor, case=case, ask_id=d["ask"], about=d.get("about", ""))

    back = reverse("prevention:case-asks", args=[case.pk])
    return _form(request, form=form, title=_("Link an ask in the ledger to this case"), run=run, back=back)


@actor_required(*CASE_WORK)
@require_http_methods(["GET", "POST"])
def case_ask_answer(request, case_id: int, ask_id: int):
    actor, case = request.actor, _case(request, case_id)
    found = _or_404(cases.case_ask_for, actor, case, ask_id)
    form = forms.AnswerForm(
        request.POST or None, with_reason=bool(policy.decide(actor, Verb.WRITE, field_class=FieldClass.LEGAL))
    )

    def run(d):
        cases.case_ask_answer(actor=actor, case=case, ask_id=found.pk, **d)

    back = reverse("prevention:case-asks", args=[case.pk])
    return _form(request, form=form, title=_("The office's answer"), run=run, back=back)

"""Prevention pages of the programme: community dialogues and their commitments, the baseline and end line."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sathi.accounts.decorators import actor_required
from sathi.accounts.models import Membership
from sathi.core.pictures import hidden_notes
from sathi.evidence import catalogue
from sathi.lib import charts
from sathi.people import policy
from sathi.people.policy import Kind
from sathi.prevention import assessments, dialogues, forms, ledger, selectors, windows
from sathi.prevention.models import Stakeholder
from sathi.prevention.views import NUMBERS, RECORDS, RESEARCH, _form, _or_404
from sathi.prevention.vocab import AgeGroup, Cohort, Factor, Gender, PreventionModel


def _members(actor) -> list[tuple[int, str]]:
    rows = Membership.objects.filter(organisation_id=actor.organisation_id).select_related("user")
    return sorted({(m.user_id, m.user.display_name or m.user.username) for m in rows}, key=lambda r: r[1])


@actor_required(*RECORDS)
@require_GET
def dialogue_list(request):
    actor = request.actor
    read = windows.reading(request, ("dialogues",), printable=False)
    shown = {
        "dialogues": ledger.window_of(
            dialogues.dialogue_rows(actor),
            lambda **page: dialogues.dialogues(actor, **page),
            **read.of("dialogues"),
        )
    }
    context = {"dialogues": shown["dialogues"].rows, **windows.links(request, read, shown)}
    if policy.decide(actor, Kind.PREVENTION_NUMBERS):
        numbers = catalogue.figure("dialogue-numbers", actor)
        context["numbers"] = numbers
        context["participants_rows"] = numbers.participants.as_rows(
            marker=_("suppressed"), total_label=_("Total"), corner=_("Participants")
        )
    return render(request, "prevention/dialogues.html", context)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def dialogue_new(request):
    actor = request.actor
    form = forms.DialogueForm(request.POST or None, places=selectors.shared_places(), members=_members(actor))

    def run(d):
        found = dialogues.dialogue_record(
            actor=actor,
            place_id=d["place"],
            held_on=d["held_on"],
            facilitator_ids=d["facilitators"],
            other_facilitators=d["other_facilitators"],
            factors=d["factors"],
            models_raised=d["models_raised"],
        )
        return reverse("prevention:dialogue", args=[found.pk])

    return _form(
        request, form=form, title=_("A community dialogue"), run=run, back=reverse("prevention:dialogues")
    )


@actor_required(*RECORDS)
@require_GET
def dialogue(request, dialogue_id: int):
    view = _or_404(dialogues.dialogue_view, request.actor, dialogue_id)
    counts = [
        (Cohort(c.cohort).label, Gender(c.gender).label, AgeGroup(c.age_group).label, c.count)
        for c in view.counts
    ]
    context = {
        "view": view,
        "counts": counts,
        "factors": [Factor(f).label for f in view.dialogue.factors],
        "models": [PreventionModel(m).label for m in view.dialogue.models_raised],
        "commitments": [selectors.view_of(a, list(a.answers.all())) for a in view.commitments],
    }
    return render(request, "prevention/dialogue.html", context)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def dialogue_participants(request, dialogue_id: int):
    found = _or_404(dialogues.dialogue_for, request.actor, dialogue_id)
    form = forms.ParticipantsForm(request.POST or None)

    def run(d):
        dialogues.participants_add(actor=request.actor, dialogue_id=found.pk, **d)

    back = reverse("prevention:dialogue", args=[found.pk])
    return _form(request, form=form, title=_("Participants, counted"), run=run, back=back)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def dialogue_commitment(request, dialogue_id: int):
    actor = request.actor
    found = _or_404(dialogues.dialogue_for, actor, dialogue_id)
    holding = [p.pk for p in found.place.ancestors()]
    offices = Stakeholder.objects.filter(organisation_id=actor.organisation_id, jurisdiction_id__in=holding)
    form = forms.CommitmentForm(request.POST or None, offices=offices.order_by("name"))

    def run(d):
        dialogues.commitment_record(
            actor=actor, dialogue_id=found.pk, stakeholder_id=d.pop("stakeholder"), **d
        )

    back = reverse("prevention:dialogue", args=[found.pk])
    return _form(request, form=form, title=_("A commitment by an office"), run=run, back=back)


# --- baseline and end line -----------------------------------------------------------------------------


@actor_required(*NUMBERS)
@require_GET
def assessment_list(request):
    return render(
        request, "prevention/assessments.html", {"assessments": assessments.assessments(request.actor)}
    )


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def assessment_new(request):
    form = forms.AssessmentForm(request.POST or None)

    def run(d):
        found = assessments.assessment_create(
            actor=request.actor, name=d["name"], indicators=d["indicators"].splitlines()
        )
        return reverse("prevention:assessment", args=[found.pk])

    return _form(
        request,
        form=form,
        title=_("A resilience assessment"),
        run=run,
        back=reverse("prevention:assessments"),
    )


@actor_required(*NUMBERS)
@require_GET
def assessment(request, assessment_id: int):
    """Baseline against end line, per indicator, with the intervals and the verdict; a chart beside it."""
    actor = request.actor
    found = _or_404(assessments.assessment_for, actor, assessment_id, numbers=True)
    rounds = list(found.rounds.prefetch_related("places").order_by("held_on"))
    places = sorted({p for r in rounds for p in r.places.all()}, key=lambda p: p.name)
    place_id = request.GET.get("place", "")
    place = next((p for p in places if str(p.pk) == place_id), None)
    changes = catalogue.figure("resilience-change", actor, found.pk, place_id=place.pk if place else None)
    labels, values = [], []
    for change in changes:
        for kind, estimate in ((_("Baseline"), change.baseline), (_("End line"), change.endline)):
            labels.append(f"{change.indicator} · {kind}")
            values.append(round(estimate.share * 100, 1) if estimate else None)
    context = {
        "assessment": found,
        "rounds": rounds,
        "places": places,
        "place": place,
        "changes": changes,
        "chart": charts.bar_chart(
            labels,
            values,
            title=_("Share who said yes, baseline and end line"),
            unit="%",
            **hidden_notes(),
        ),
        "keeps": bool(policy.decide(actor, Kind.PREVENTION)),
    }
    return render(request, "prevention/assessment.html", context)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def round_new(request, assessment_id: int):
    found = _or_404(assessments.assessment_for, request.actor, assessment_id)
    form = forms.RoundForm(request.POST or None, places=selectors.shared_places())

    def run(d):
        assessments.round_record(
            actor=request.actor,
            assessment_id=found.pk,
            kind=d["kind"],
            held_on=d["held_on"],
            place_ids=d["places"],
        )

    back = reverse("prevention:assessment", args=[found.pk])
    return _form(request, form=form, title=_("A round of the assessment"), run=run, back=back)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def round_value(request, assessment_id: int, round_id: int):
    found = _or_404(assessments.round_for, request.actor, assessment_id, round_id)
    form = forms.RoundValueForm(
        request.POST or None,
        indicators=found.assessment.indicators.all(),
        places=found.places.order_by("name"),
    )

    def run(d):
        assessments.round_value_record(
            actor=request.actor,
            assessment_id=found.assessment_id,
            round_id=found.pk,
            indicator_id=d["indicator"],
            place_id=d["place"],
            asked=d["asked"],
            yes=d["yes"],
        )

    back = reverse("prevention:assessment", args=[found.assessment_id])
    return _form(request, form=form, title=_("Counts of an indicator"), run=run, back=back)

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sathi.accounts.decorators import actor_required
from sathi.core.forms import tri_state
from sathi.core.pictures import hidden_notes
from sathi.core.uploads import add_too_large_error, read_upload
from sathi.evidence import catalogue
from sathi.lib import charts
from sathi.lib.disclosure import SUPPRESSED
from sathi.lib.errors import Forbidden, NotFound
from sathi.pages import add_errors, one_form_page
from sathi.people import policy
from sathi.people import selectors as people_selectors
from sathi.places.models import Place, PlaceKind
from sathi.violations import involvements, report, responses, selectors, services
from sathi.violations.api import EXPORTS, EXTENSIONS
from sathi.violations.forms import (
    AffectedForm,
    EvidenceForm,
    IncidentForm,
    OutcomeForm,
    PerpetratorForm,
    RaidForm,
    ReportForm,
    ResponseForm,
    SourceForm,
)
from sathi.violations.vocab import Act, Agency, Consequence, HeldAt, IncidentType, ItpaSection

PERSON_ROLES = policy.roles_that(policy.Kind.PERSON)
REPORT_ROLES = policy.roles_that(policy.Kind.VIOLATION_REPORT)


def _labels(values, choices) -> list[str]:
    names = dict(choices)
    return [str(names.get(v, v)) for v in values or ()]


def _incident_or_404(request, incident_id):
    """Only roles with the violence-history class, and only an incident they may see: 404 otherwise."""
    try:
        return services.incident_for(request.actor, incident_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc


@actor_required(*PERSON_ROLES)
def incident_list(request):
    try:
        services.require_documenter(request.actor)
    except Forbidden as exc:
        raise PermissionDenied from exc
    names = dict(IncidentType.choices)
    rows = [
        (row, names.get(row.incident_type, row.incident_type))
        for row in selectors.incident_list(actor=request.actor)
    ]
    return render(request, "violations/list.html", {"rows": rows})


def incident_places(actor):
    """Where an incident can be: any shared place below a state, or one of the organisation's own sites."""
    places = (
        Place.objects.exclude(kind__in=[PlaceKind.STATE, PlaceKind.SITE])
        | Place.objects.filter(kind=PlaceKind.SITE, organisation_id=actor.organisation_id)
    ).order_by("kind", "name")
    return places.distinct()


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def incident_new(request):
    try:
        services.require_documenter(request.actor)
    except Forbidden as exc:
        raise PermissionDenied from exc
    form = IncidentForm(request.POST or None, places=incident_places(request.actor))

    def run(d):
        incident = services.incident_record(
            actor=request.actor,
            incident_type=d["incident_type"],
            start_date=d["start_date"],
            start_precision=d["start_precision"],
            end_date=d["end_date"],
            end_precision=d["end_precision"],
            place_id=d["place"],
            verification=d["verification"],
            confidentiality=d["confidentiality"],
            description=d["description"],
        )
        return reverse("violations:incident", args=[incident.pk])

    back = reverse("violations:incidents")
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=back,
        template="violations/form.html",
        context={"title": _("New incident"), "back": back},
    )


@actor_required(*PERSON_ROLES)
def incident_view(request, incident_id):
    try:
        view = selectors.incident_view(actor=request.actor, incident_id=incident_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc
    raid = view.raid
    context = {
        "view": view,
        "incident": view.incident,
        "raid": raid,
        "raid_lists": raid
        and {
            "agencies": _labels(raid.agencies, Agency.choices),
            "itpa_sections": _labels(raid.itpa_sections, ItpaSection.choices),
            "held_at": _labels(raid.held_at, HeldAt.choices),
        },
        "affected": [
            (a, _labels(a.affected.acts, Act.choices), _labels(a.affected.consequences, Consequence.choices))
            for a in view.affected
        ],
        # Evidence opens through the same access as the incident: a link only for those it opens for.
        "may_open_evidence": bool(policy.decide(request.actor, policy.Kind.INCIDENT)),
        "may_review": bool(policy.decide(request.actor, policy.Verb.REVIEW_INCIDENT)),
        "may_alert": bool(policy.decide(request.actor, policy.Verb.WRITE_ALERT)),
    }
    return render(request, "violations/incident.html", context)


@actor_required(*policy.roles_that(policy.Verb.REVIEW_INCIDENT))
@require_POST
def incident_review(request, incident_id):
    """A caseworker or supervisor marks a peer worker's incident as reviewed."""
    try:
        services.incident_review(actor=request.actor, incident_id=incident_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc
    except ValidationError:
        pass  # already reviewed: the page says so
    return redirect("violations:incident", incident_id)


def _page(request, incident_id, form, title, run):
    _incident_or_404(request, incident_id)
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
def raid_edit(request, incident_id):
    incident = _incident_or_404(request, incident_id)
    raid = getattr(incident, "raid", None) if incident.incident_type == "raid" else None
    initial = {}
    if raid is not None:
        initial = {name: getattr(raid, name) for name in RaidForm.base_fields}
        initial["agency_names"] = "\n".join(raid.agency_names)
        for name in RaidForm.TRI:
            initial[name] = {True: "yes", False: "no"}.get(getattr(raid, name), "")
    form = RaidForm(request.POST or None, initial=initial)

    def run(d):
        values = dict(d)
        for name in RaidForm.TRI:
            values[name] = tri_state(values[name])
        values["agency_names"] = [line.strip() for line in d["agency_names"].splitlines() if line.strip()]
        values["picked_up_known"] = d["picked_up_known"] or 0
        services.raid_details_save(actor=request.actor, incident_id=incident_id, **values)

    return _page(request, incident_id, form, _("Raid details"), run)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def source_add(request, incident_id):
    return _page(
        request,
        incident_id,
        SourceForm(request.POST or None),
        _("Where it is known from"),
        lambda d: services.source_add(actor=request.actor, incident_id=incident_id, **d) and None,
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def affected_add(request, incident_id):
    """An anonymous record, or (with the code of a person the worker may open) a link to their own record."""
    form = AffectedForm(request.POST or None)

    def run(d):
        values = dict(d)
        code = values.pop("code").strip()
        if code:
            rows = people_selectors.person_find(actor=request.actor, code=code).rows
            if not rows:
                raise ValidationError(
                    {"code": _("No record with this code is open to you. Check the code, or leave it empty.")}
                )
            values["person_id"] = rows[0].id
        involvements.affected_add(actor=request.actor, incident_id=incident_id, **values)

    return _page(request, incident_id, form, _("A person affected"), run)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def perpetrator_add(request, incident_id):
    return _page(
        request,
        incident_id,
        PerpetratorForm(request.POST or None),
        _("Who did it"),
        lambda d: involvements.perpetrator_add(actor=request.actor, incident_id=incident_id, **d) and None,
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def response_add(request, incident_id):
    return _page(
        request,
        incident_id,
        ResponseForm(request.POST or None),
        _("A response"),
        lambda d: responses.response_add(actor=request.actor, incident_id=incident_id, **d) and None,
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def outcome_add(request, affected_id):
    try:
        affected, incident = involvements.affected_for(request.actor, affected_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc

    def run(d):
        involvements.outcome_record(
            actor=request.actor,
            affected_id=affected.pk,
            kind=d["kind"],
            on=d["on"],
            until=d["until"],
            against_her_wish=tri_state(d["against_her_wish"]),
        )

    back = reverse("violations:incident", args=[incident.pk])
    return one_form_page(
        request,
        form=OutcomeForm(request.POST or None),
        run=run,
        done_url=back,
        template="violations/form.html",
        context={"title": _("What became of them"), "back": back},
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def evidence_attach(request, incident_id):
    form = EvidenceForm(request.POST or None, request.FILES or None)
    add_too_large_error(request, form)

    def run(d):
        upload = d["file"]
        services.evidence_attach(
            actor=request.actor,
            incident_id=incident_id,
            kind=d["kind"],
            filename=upload.name,
            content=read_upload(upload),
        )

    return _page(request, incident_id, form, _("Attach evidence"), run)


@actor_required(*PERSON_ROLES)
@require_GET
def evidence_file(request, evidence_id):
    """The bytes, as an attachment under a name that says nothing; never cached, never sniffed."""
    try:
        evidence, _name, content = selectors.evidence_open(actor=request.actor, evidence_id=evidence_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=evidence.content_type)
    filename = f"evidence-{evidence.pk.hex[:8]}.{EXTENSIONS.get(evidence.content_type, 'bin')}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


# --- the raid report ---------------------------------------------------------------------------


def _report_form(request) -> ReportForm:
    try:
        report.require_report_role(request.actor)
    except Forbidden as exc:
        raise PermissionDenied from exc
    today = timezone.localdate()
    data = request.GET if "start" in request.GET else {"start": date(today.year, 1, 1), "end": today}
    districts = Place.objects.filter(kind=PlaceKind.DISTRICT).order_by("name")
    return ReportForm(data, districts=districts)


@actor_required(*REPORT_ROLES)
@require_GET
def raid_report(request):
    """Numbers only, through the disclosure gate: the analyst may see them, never a row."""
    form = _report_form(request)
    result = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            result = catalogue.figure(
                "raid-report",
                actor=request.actor,
                start=d["start"],
                end=d["end"],
                district_id=d["district"] or None,
            )
        except ValidationError as exc:
            add_errors(form, exc)
    context = {"form": form, "result": result}
    if result is not None:
        shares = [(str(title), getattr(result, attr)) for attr, title in report.SHARES]
        context["chart"] = charts.bar_chart(
            [title for title, _value in shares],
            [None if value is None else round(value * 100, 1) for _title, value in shares],
            title=_("Shares among persons picked up"),
            unit="%",
            **hidden_notes(),
        )
        context["shares"] = [
            (title, None if value is None else round(value * 100, 1)) for title, value in shares
        ]
        context["sections"] = [
            (
                title,
                [
                    (str(labels.get(code, code)), None if value is SUPPRESSED else value)
                    for code, value in zip(
                        getattr(result, attr).labels, getattr(result, attr).counts, strict=True
                    )
                ],
                None if getattr(result, attr).total is SUPPRESSED else getattr(result, attr).total,
            )
            for attr, title, labels in report.SECTIONS
        ]
        context["headline"] = [
            (_("Raids"), result.raids),
            (_("Persons picked up"), result.picked_up),
            (_("Persons picked up with a record of their own"), result.documented),
        ]
        context["headline"] = [(t, None if v is SUPPRESSED else v) for t, v in context["headline"]]
        context["query"] = request.GET.urlencode() or (
            f"start={form.cleaned_data['start'].isoformat()}&end={form.cleaned_data['end'].isoformat()}"
        )
    return render(request, "violations/report.html", context, status=200 if result is not None else 400)


@actor_required(*REPORT_ROLES)
@require_GET
def raid_report_export(request, fmt):
    if fmt not in EXPORTS:
        raise Http404
    form = _report_form(request)
    if not form.is_valid():
        raise Http404
    d = form.cleaned_data
    try:
        content = catalogue.figure(
            "raid-report-file",
            actor=request.actor,
            start=d["start"],
            end=d["end"],
            fmt=fmt,
            district_id=d["district"] or None,
        )
    except ValidationError as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=EXPORTS[fmt])
    filename = f"report-{d['start'].isoformat()}-{d['end'].isoformat()}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response

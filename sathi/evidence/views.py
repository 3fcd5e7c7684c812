"""Evidence pages: the table builder, downloads, the DHIS2 dry run, the ledger, alerts and reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sathi.accounts.decorators import actor_required
from sathi.accounts.models import Membership
from sathi.evidence import alerts, catalogue, dhis2, exports, ledger, reports, services, sources
from sathi.evidence.forms import AlertForm, Dhis2MappingForm, MemberAreasForm, ReportForm, TableForm
from sathi.evidence.models import Dhis2Mapping, MemberArea, Release
from sathi.evidence.vocab import ReleaseDoor, ReleaseFormat
from sathi.lib.errors import Forbidden, NotFound
from sathi.pages import add_errors, one_form_page
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.places.models import Place
from sathi.violations.services import incident_for

TABLE_ROLES = sorted({r for t in catalogue.CATALOGUE.values() for r in policy.roles_that(t.kind)})
LEDGER_ROLES = policy.roles_that(Kind.RELEASE_LEDGER)
ALERT_WRITERS = policy.roles_that(Verb.WRITE_ALERT)
ALERT_READERS = policy.roles_that(Kind.ALERT)
AREA_ROLES = sorted(set(policy.roles_that(Verb.MANAGE_MEMBERS)) | set(policy.roles_that(Verb.SUPERVISE)))
REPORT_ROLES = policy.roles_that(Kind.EVIDENCE)
MAPPING_ROLES = policy.roles_that(Verb.CONFIGURE_REPORTING)


def _table_form(request, data) -> TableForm:
    tables = catalogue.readable(request.actor)
    if not tables:
        raise PermissionDenied
    return TableForm(data, tables=tables)


def _cells(released: ledger.Released) -> list[tuple[str, list, object]]:
    t = released.table
    return [
        (label, list(cells), total)
        for label, cells, total in zip(t.row_labels, t.cells, t.row_totals, strict=True)
    ]


@actor_required(*TABLE_ROLES)
@require_GET
def table_page(request):
    """Choose a table, a period, a place level and a breakdown; the numbers are released to the page."""
    form = _table_form(request, request.GET if "table" in request.GET else None)
    released = None
    too_fine = False
    if form.is_bound and form.is_valid():
        try:
            frame = form.frame()
            released = ledger.release(
                actor=request.actor,
                frame=frame,
                door=ReleaseDoor.PAGE,
                fmt=ReleaseFormat.HTML,
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except Forbidden as exc:
            raise PermissionDenied from exc
        if released is not None and released.everything_hidden:
            too_fine, released = True, None
    context = {
        "form": form,
        "released": released,
        "rows": _cells(released) if released else [],
        "heading": exports.row_heading(released) if released else "",
        "too_fine": too_fine,
        "query": urlencode(request.GET, doseq=True),
        "may_export": bool(policy.decide(request.actor, Verb.EXPORT)),
        "dhis2_configured": dhis2.configured(),
        "tables": catalogue.readable(request.actor),
    }
    return render(request, "evidence/tables.html", context)


@actor_required(*TABLE_ROLES)
@require_GET
def download(request, fmt: str):
    if fmt not in services.CONTENT_TYPES:
        raise Http404
    if not policy.decide(request.actor, Verb.EXPORT):
        raise PermissionDenied
    form = _table_form(request, request.GET)
    if not form.is_valid():
        raise Http404
    try:
        made = services.download(
            actor=request.actor, frame=form.frame(), fmt=fmt, purpose=form.cleaned_data["purpose"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("evidence:tables") + "?" + urlencode(request.GET, doseq=True))
    except Forbidden as exc:
        raise PermissionDenied from exc
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=made.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@actor_required(*TABLE_ROLES)
@require_POST
def dhis2_push(request):
    if not policy.decide(request.actor, Verb.EXPORT):
        raise PermissionDenied
    form = _table_form(request, request.POST)
    back = (
        reverse("evidence:tables")
        + "?"
        + urlencode({k: request.POST.getlist(k) for k in form.fields}, doseq=True)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a table first."))
        return redirect(back)
    try:
        pushed = services.dhis2_dry_run(
            actor=request.actor, frame=form.frame(), purpose=form.cleaned_data["purpose"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    except dhis2.PushFailed:
        messages.error(request, _("DHIS2 could not be reached, or refused the trial. Nothing was imported."))
        return redirect(back)
    except Forbidden as exc:
        raise PermissionDenied from exc
    messages.success(
        request,
        _("DHIS2 checked %(n)s values as a trial (nothing was imported): %(status)s.")
        % {"n": pushed.values, "status": pushed.answer.summary.get("status", pushed.answer.status)},
    )
    return redirect(back)


@actor_required(*LEDGER_ROLES)
@require_GET
def ledger_page(request):
    """What went out, when, by which door, for which purpose, and who released it."""
    releases = (
        Release.objects.filter(organisation_id=request.actor.organisation_id)
        .select_related("released_by")
        .order_by("-released_at")[:200]
    )
    titles = {name: str(t.title) for name, t in catalogue.CATALOGUE.items()}
    rows = [(r, titles.get(r.table, r.table)) for r in releases]
    return render(request, "evidence/ledger.html", {"rows": rows})


# --- alerts ---------------------------------------------------------------------------------------------


@actor_required(*ALERT_READERS)
@require_GET
def alert_list(request):
    return render(request, "evidence/alerts.html", {"alerts": alerts.for_member(request.actor)})


@actor_required(*ALERT_WRITERS)
@require_http_methods(["GET", "POST"])
def alert_new(request):
    incident_id = request.GET.get("incident") or request.POST.get("incident")
    try:
        incident = incident_for(request.actor, incident_id)
    except (Forbidden, NotFound) as exc:
        raise Http404 from exc
    form = AlertForm(
        request.POST or None, areas=Place.objects.filter(kind__in=alerts.AREA_KINDS).order_by("name")
    )

    def run(d):
        alerts.alert_send(
            actor=request.actor,
            incident_id=incident.pk,
            danger=d["danger"],
            text=d["text"],
            area_ids=d["areas"],
            expires_on=d["expires_on"],
        )
        return reverse("evidence:alerts")

    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=reverse("violations:incident", args=[incident.pk]),
        template="evidence/alert_form.html",
        context={"incident": incident, "title": _("Warn the collective")},
        success=_("The alert was sent."),
    )


@actor_required(*AREA_ROLES)
@require_http_methods(["GET", "POST"])
def member_areas(request):
    members = Membership.objects.filter(organisation_id=request.actor.organisation_id).select_related("user")
    areas = Place.objects.filter(kind__in=alerts.AREA_KINDS).order_by("name")
    form = MemberAreasForm(request.POST or None, members=members, areas=areas)

    def run(d):
        alerts.member_areas_save(actor=request.actor, membership_id=int(d["member"]), area_ids=d["areas"])

    listed = {}
    for row in MemberArea.objects.filter(
        membership__organisation_id=request.actor.organisation_id
    ).select_related("membership__user", "place"):
        listed.setdefault(row.membership.user.username, []).append(row.place.name)
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=reverse("evidence:member-areas"),
        template="evidence/member_areas.html",
        context={"title": _("Areas for community alerts"), "listed": sorted(listed.items())},
    )


def _mapping_axes(request, entry) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    """The places of the table (district level, as DHIS2 takes it) and the columns of one breakdown."""
    across = request.GET.get("across", "")
    dims = {d.key: d for d in entry.dimensions if d.dhis2}
    if across not in dims:
        across = ""
    places = sorted({(d or sources.NOT_RECORDED) for d, _b in entry.places(request.actor.organisation)})
    place_rows = [(p, p.replace(sources.NOT_RECORDED, str(catalogue.NOT_RECORDED[1]))) for p in places]
    if across:
        columns = [(dhis2.column_code((v,)), label) for v, label in dims[across].choices()]
    else:
        columns = [(dhis2.column_code((catalogue.ALL,)), str(entry.counts))]
    return across, place_rows, columns


@actor_required(*MAPPING_ROLES)
@require_http_methods(["GET", "POST"])
def dhis2_mapping(request):
    """Per organisation: the DHIS2 codes of one table's places and of one breakdown's columns. What the page
    does not show (other breakdowns' columns) is kept; a blank code takes a place or a column out."""
    name = request.GET.get("table", "")
    entry = catalogue.CATALOGUE.get(name) or next(iter(catalogue.CATALOGUE.values()))
    across, places, columns = _mapping_axes(request, entry)
    org_id = request.actor.organisation_id
    saved = Dhis2Mapping.objects.filter(organisation_id=org_id, table=entry.name).first()
    units = dict(saved.org_units) if saved else {}
    cells = dict(saved.cells) if saved else {}
    initial = {f"unit_{i}": units.get(key, "") for i, (key, _lab) in enumerate(places)}
    for j, (key, _lab) in enumerate(columns):
        initial[f"element_{j}"] = (cells.get(key) or {}).get("dataElement", "")
        initial[f"combo_{j}"] = (cells.get(key) or {}).get("categoryOptionCombo", "")
    form = Dhis2MappingForm(request.POST or None, places=places, columns=columns, initial=initial)

    def run(_d):
        merged_units = {**units, **form.units()}
        merged_cells = {**cells, **form.cells()}
        services.dhis2_mapping_save(
            actor=request.actor,
            table=entry.name,
            org_units={k: v for k, v in merged_units.items() if v},
            cells={k: v for k, v in merged_cells.items() if v},
        )

    # What a push of this table in this breakdown would lack: the refusal names the same keys.
    missing = [label for key, label in places if not units.get(key)]
    missing += [label for key, label in columns if not (cells.get(key) or {}).get("dataElement")]
    here = reverse("evidence:dhis2-mapping") + "?" + urlencode({"table": entry.name, "across": across})
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=here,
        template="evidence/dhis2_mapping.html",
        context={
            "title": _("DHIS2 codes"),
            "tables": [(t.name, str(t.title)) for t in catalogue.CATALOGUE.values()],
            "table": entry.name,
            "breakdowns": [(d.key, str(d.label)) for d in entry.dimensions if d.dhis2],
            "across": across,
            "missing": missing,
        },
    )


# --- reports ----------------------------------------------------------------------------------------------


@actor_required(*REPORT_ROLES)
@require_GET
def report(request, audience: str):
    if audience not in reports.AUDIENCES:
        raise Http404
    form = ReportForm(request.GET if "month" in request.GET else None)
    built = None
    if form.is_bound and form.is_valid():
        try:
            built = reports.monthly(actor=request.actor, month=form.cleaned_data["month"], audience=audience)
        except ValidationError as exc:
            add_errors(form, exc)
        except Forbidden as exc:
            raise PermissionDenied from exc
    return render(request, "evidence/report.html", {"form": form, "report": built, "audience": audience})

"""Prevention pages: places, research sessions, vulnerability and protection, offices, ratings, asks."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sathi.accounts.decorators import actor_required
from sathi.core.pictures import hidden_notes
from sathi.evidence import catalogue
from sathi.lib import charts
from sathi.lib.errors import NotFound
from sathi.pages import one_form_page
from sathi.people import policy
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.places.models import PlaceKind
from sathi.prevention import forms, ledger, preferences, selectors, services, windows
from sathi.prevention import home as homes
from sathi.prevention.vocab import (
    AXIS_HIGH,
    AXIS_MAX,
    COMMITTEES,
    PARTICULARS,
    Cohort,
    Gender,
    PreventionModel,
    Zone,
)

RECORDS = policy.roles_that(Kind.PREVENTION)
RESEARCH = policy.roles_that(Verb.RECORD_RESEARCH)
NUMBERS = policy.roles_that(Kind.PREVENTION_NUMBERS)
PLACES = policy.roles_that(Verb.MANAGE_PLACES)
ANY = sorted(set(RECORDS) | set(NUMBERS) | set(PLACES))
HOME_OPEN_ASKS = 30  # the oldest due; the counts are of every open ask


def _form(request, *, form, title, run, back):
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=back,
        template="prevention/form.html",
        context={"title": title, "back": back},
    )


def _may_write_identity(actor) -> bool:
    return bool(policy.decide(actor, Verb.WRITE, field_class=FieldClass.IDENTITY))


def _offices(actor):
    return selectors.office_choices(actor)


def _or_404(find, *args, **kwargs):
    try:
        return find(*args, **kwargs)
    except NotFound as exc:
        raise Http404 from exc


@actor_required(*ANY)
@require_GET
def home(request):
    actor = request.actor
    context = {"places": [p for p in selectors.shared_places() if p.kind != PlaceKind.RED_LIGHT_AREA][:300]}
    if policy.decide(actor, Kind.PREVENTION):
        context["sessions"] = selectors.sessions(actor)[:20]
        # Every silence and every ask waiting counted (an indexed count), and the oldest due listed.
        context["silent"], context["waiting"] = ledger.open_counts(actor, None)
        context["open_asks"] = ledger.open_asks(actor, None, limit=HOME_OPEN_ASKS)
    return render(request, "prevention/home.html", context)


@actor_required(*ANY)
@require_GET
def places(request):
    return render(request, "prevention/places.html", {"places": selectors.shared_places()})


@actor_required(*PLACES)
@require_http_methods(["GET", "POST"])
def place_new(request):
    form = forms.PlaceForm(request.POST or None, places=selectors.shared_places())

    def run(d):
        services.shared_place_add(actor=request.actor, kind=d["kind"], name=d["name"], parent_id=d["parent"])

    return _form(request, form=form, title=_("Add a place"), run=run, back=reverse("prevention:places"))


@actor_required(*ANY)
@require_GET
def place(request, place_id: int):
    """The prevention home of one place: its profile, offices, open asks and silences, dialogues and rounds,
    and the chain of risk of people from its district."""
    actor = request.actor
    found = _or_404(homes.place_home, actor, place_id)
    context = {"home": found, "place": found.place, "children": found.children}
    if found.factors is not None:
        context.update(_profile(actor, found.place.pk, grids=(found.factors, found.norms)))
        context.update(_chain_of(actor, found.place))
    if policy.decide(actor, Kind.PREVENTION):
        context.update(offices=found.offices, numbers=found.numbers, by_place=found.by_place)
    return render(request, "prevention/place.html", context)


def _chain_of(actor, place) -> dict:
    """The rows of the chain of risk whose place of origin is this place's district (the level at which
    origins are recorded), taken from the one protected table."""
    district = place.district()
    if district is None:
        return {}
    chain = _chain(actor, "entry")
    name = district.name.strip().casefold()
    rows = [
        row
        for (origin, _point), row in zip(chain["chain"].rows, chain["chain_rows"][1:-1], strict=True)
        if origin.casefold() == name
    ]
    return {"chain_rows": [chain["chain_rows"][0], *rows] if rows else [], "district": district}


def _profile(actor, place_id=None, grids=None) -> dict:
    """The heat grids of a place (or of every place), their tables and pictures."""
    factors, norms = grids or (
        catalogue.figure("vulnerability-grid", actor, place_id=place_id),
        catalogue.figure("protection-grid", actor, place_id=place_id),
    )
    hidden = _("suppressed")
    return {
        "factors": factors,
        "factors_rows": factors.as_rows(marker=hidden, total_label=_("Total"), corner=_("Factor")),
        "factors_chart": charts.heat_grid(
            list(factors.row_labels),
            list(factors.col_labels),
            [list(r) for r in factors.cells],
            title=_("Vulnerability factors by place"),
            **hidden_notes(),
        ),
        "norms_rows": norms.as_rows(marker=hidden, total_label=_("Total"), corner=_("Norm or practice")),
        "norms_chart": charts.heat_grid(
            list(norms.row_labels),
            list(norms.col_labels),
            [list(r) for r in norms.cells],
            title=_("Protective norms and practices by place"),
            **hidden_notes(),
        ),
        "threshold": factors.threshold,
    }


@actor_required(*NUMBERS)
@require_GET
def profile(request):
    return render(request, "prevention/profile.html", _profile(request.actor))


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def session_new(request):
    form = forms.SessionForm(request.POST or None, places=selectors.shared_places())

    def run(d):
        session = services.session_record(
            actor=request.actor,
            place_id=d["place"],
            held_on=d["held_on"],
            source=d["source"],
            cohort=d["cohort"],
            respondents=d["respondents"],
        )
        return reverse("prevention:session", args=[session.pk])

    return _form(request, form=form, title=_("A research session"), run=run, back=reverse("prevention:home"))


@actor_required(*RECORDS)
@require_GET
def session(request, session_id: int):
    found = _or_404(services.session_for, request.actor, session_id)
    ratings = found.ratings.select_related("stakeholder").order_by("stakeholder__name", "pk")
    return render(request, "prevention/session.html", {"session": found, "ratings": ratings})


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def rating_add(request, session_id: int):
    found = _or_404(services.session_for, request.actor, session_id)
    form = forms.RatingForm(request.POST or None, offices=_offices(request.actor))
    back = reverse("prevention:session", args=[found.pk])

    def run(d):
        services.rating_record(
            actor=request.actor,
            session_id=found.pk,
            stakeholder_id=d["stakeholder"],
            power=d["power"],
            interest=d["interest"],
            respondents=d["respondents"],
        )

    return _form(request, form=form, title=_("How they rate an office"), run=run, back=back)


def _reported_page(request, form_class, record, title):
    form = form_class(request.POST or None, places=selectors.shared_places())

    def run(d):
        code = {k: d.pop(k) for k in ("factor", "practice") if k in d}
        d["place_id"] = d.pop("place")
        record(actor=request.actor, **code, **d)

    return _form(request, form=form, title=title, run=run, back=reverse("prevention:home"))


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def vulnerability_add(request):
    return _reported_page(
        request, forms.VulnerabilityForm, services.vulnerability_record, _("A vulnerability factor")
    )


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def norm_add(request):
    return _reported_page(request, forms.NormForm, services.norm_record, _("A protective norm or practice"))


@actor_required(*RECORDS)
@require_GET
def stakeholders(request):
    """Every office of the organisation by kind and name, a window at a time."""
    actor = request.actor
    read = windows.reading(request, ("offices",), printable=False)
    shown = {
        "offices": ledger.window_of(
            selectors.stakeholder_rows(actor),
            lambda **page: selectors.stakeholders(actor, **page),
            **read.of("offices"),
        )
    }
    context = {"offices": shown["offices"].rows, **windows.links(request, read, shown)}
    return render(request, "prevention/stakeholders.html", context)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def stakeholder_new(request):
    actor = request.actor
    form = forms.StakeholderForm(
        request.POST or None,
        places=selectors.shared_places(),
        offices=_offices(actor),
        with_notes=_may_write_identity(actor),
    )

    def run(d):
        office = services.stakeholder_add(
            actor=actor, jurisdiction_id=d.pop("jurisdiction"), higher_office_id=d.pop("higher_office"), **d
        )
        return reverse("prevention:stakeholder", args=[office.pk])

    return _form(request, form=form, title=_("An office"), run=run, back=reverse("prevention:stakeholders"))


@actor_required(*RECORDS)
@require_GET
def stakeholder(request, stakeholder_id: int):
    actor = request.actor
    office = _or_404(services.stakeholder_for, actor, stakeholder_id)
    read = windows.reading(request, ("asks",), printable=False)
    shown = {
        "asks": ledger.window_of(
            selectors.ask_rows(actor, stakeholder_id=office.pk),
            lambda **page: selectors.asks(actor, stakeholder_id=office.pk, **page),
            **read.of("asks"),
        )
    }
    context = {
        "office": office,
        "notes": selectors.office_notes(actor, office),
        "asks": shown["asks"].rows,
        "is_committee": office.kind in COMMITTEES,
        "checks": office.checks.order_by("-checked_on", "-pk")[:50],
        **windows.links(request, read, shown),
    }
    return render(request, "prevention/stakeholder.html", context)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request, stakeholder_id: int):
    actor = request.actor
    office = _or_404(services.stakeholder_for, actor, stakeholder_id)
    initial = {
        name: getattr(office, name)
        for name in ("name", "mandate", "law", "office_phone", "office_email", "office_address")
    }
    initial.update(higher_office=office.higher_office_id, version=office.version)
    form = forms.StakeholderForm(
        request.POST or None,
        initial=initial,
        offices=[o for o in _offices(actor) if o.pk != office.pk],
        editing=True,
    )
    back = reverse("prevention:stakeholder", args=[office.pk])

    def run(d):
        services.stakeholder_update(
            actor=actor,
            stakeholder_id=office.pk,
            version=d.pop("version"),
            higher_office_id=d.pop("higher_office"),
            **d,
        )

    return _form(request, form=form, title=_("Change an office"), run=run, back=back)


def grid_marks(marks):
    cohorts = list(Cohort.labels)
    return [
        (f"{m.office} · {m.cohort} · {m.zone}", m.interest, m.power, m.count, cohorts.index(m.cohort))
        for m in marks
    ]


@actor_required(*NUMBERS)
@require_GET
def grid(request):
    cohort = request.GET.get("cohort", "")
    cohort = cohort if cohort in Cohort.values else ""
    marks = catalogue.figure("power-grid", request.actor, cohort=cohort)
    chart = charts.quadrant_grid(
        grid_marks(marks),
        title=_("Power and interest of offices"),
        axis_max=AXIS_MAX,
        high_from=AXIS_HIGH,
        labels=tuple(str(z.label) for z in Zone),
        x_label=_("Interest and involvement"),
        y_label=_("Power and influence"),
        **hidden_notes(),
    )
    return render(
        request,
        "prevention/grid.html",
        {"marks": marks, "chart": chart, "cohorts": Cohort.choices, "cohort": cohort},
    )


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def committee_check(request, stakeholder_id: int):
    office = _or_404(services.stakeholder_for, request.actor, stakeholder_id)
    form = forms.CommitteeCheckForm(request.POST or None)
    back = reverse("prevention:stakeholder", args=[office.pk])

    def run(d):
        services.committee_check_record(actor=request.actor, committee_id=office.pk, **d)

    return _form(request, form=form, title=_("A committee check"), run=run, back=back)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def choice_add(request, session_id: int):
    found = _or_404(services.session_for, request.actor, session_id)
    form = forms.ModelChoiceForm(request.POST or None)
    back = reverse("prevention:session", args=[found.pk])

    def run(d):
        chosen = [d["first"], *([d["second"]] if d["second"] else []), *d["more"]]
        preferences.model_choice_record(
            actor=request.actor, session_id=found.pk, gender=d["gender"], chosen=list(dict.fromkeys(chosen))
        )

    return _form(request, form=form, title=_("Which models they would invest in"), run=run, back=back)


@actor_required(*NUMBERS)
@require_GET
def models_page(request):
    """Table I (the five models), Table II (who chose each, by gender) and, for the record keepers, Table III
    (each cohort's first and second choices)."""
    actor = request.actor
    cohort = request.GET.get("cohort", "duty_bearers")
    cohort = cohort if cohort in Cohort.values else ""
    table = catalogue.figure("model-preferences", actor, cohort=cohort)
    context = {
        "models": [(m, PARTICULARS[m]) for m in PreventionModel],
        "table": table,
        "genders": [Gender(g).label for g in table.genders],
        "rows": [(PreventionModel(code).label, counts, total) for code, counts, total in table.rows],
        "cohorts": Cohort.choices,
        "cohort": cohort,
    }
    if policy.decide(actor, Kind.PREVENTION):
        context["by_cohort"] = [
            {
                "cohort": Cohort(c.cohort).label,
                "first": _joined(c.first),
                "second": _joined(c.second),
                "sessions": [(s, _joined(f), _joined(n)) for s, f, n in c.sessions],
            }
            for c in preferences.cohort_choices(actor)
        ]
    return render(request, "prevention/models.html", context)


def _joined(codes: list[str]) -> str:
    return _(" and ").join(str(PreventionModel(code).label) for code in codes) or "—"


# --- the chain of risk, counted in the relations app (only protected counts come here) -------------------


def _chain(actor, transition: str) -> dict:
    result = catalogue.figure("chain-of-risk", actor=actor, transition=transition)
    hidden = _("suppressed")
    return {
        "chain": result,
        "chain_rows": result.table.as_rows(
            marker=hidden, total_label=_("Total"), corner=_("Point of vulnerability")
        ),
        "chain_people": result.people.as_rows(marker=hidden, total_label=_("Total")),
        "chain_chart": charts.heat_grid(
            list(result.table.row_labels),
            list(result.table.col_labels),
            [list(r) for r in result.table.cells],
            title=_("Points of vulnerability before entry, by place of origin and age"),
            **hidden_notes(),
        ),
    }


@actor_required(*NUMBERS)
@require_GET
def chain(request):
    """Which points of vulnerability came before an entry (or a re-entry), across the life courses."""
    transition = "re_entry" if request.GET.get("transition") == "re_entry" else "entry"
    return render(
        request, "prevention/chain.html", {**_chain(request.actor, transition), "transition": transition}
    )

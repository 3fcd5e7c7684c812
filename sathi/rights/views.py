"""Pages of her rights: her own record (page and PDF), corrections, erasure, crossing a border."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sathi.accounts import lockout, once, passkeys
from sathi.accounts.decorators import actor_required
from sathi.lib.errors import NotFound
from sathi.pages import add_errors, one_form_page
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.rights import corrections, crossing, erasure, forms, pdf, selectors, summary
from sathi.rights.models import Compensation, CorrectionRequest, RepatriationPlan

PERSON_ROLES = policy.roles_that(Kind.PERSON)
ERASERS = policy.roles_that(Verb.ERASE)
DECIDERS = policy.roles_that(Verb.DECIDE_CORRECTION)


def _person(request, person_id, kind):
    try:
        return selectors.person_for(request.actor, person_id, kind)
    except NotFound as exc:
        raise Http404 from exc


def _private(response):
    response["Cache-Control"] = "no-store, private"
    return response


# --- her own record -------------------------------------------------------------------------------


def _record_or_form(request, person):
    """The summary in the chosen language, or the language form (with why, when the language is refused)."""
    form = forms.LanguageForm(request.GET or None)
    if not request.GET.get("language"):
        return None, form, 200
    if form.is_valid():
        try:
            record = summary.own_record(
                actor=request.actor, person_id=person.pk, language=form.cleaned_data["language"]
            )
        except ValidationError as exc:
            form.add_error("language", exc.message_dict.get("language", exc.messages))
        except NotFound as exc:
            raise Http404 from exc
        else:
            return record, form, 200
    return None, form, 400


@actor_required(*PERSON_ROLES)
@require_GET
def own_record(request, person_id):
    person = _person(request, person_id, Kind.OWN_RECORD)
    record, form, status = _record_or_form(request, person)
    return _private(
        render(
            request,
            "rights/own_record.html",
            {"person": person, "record": record, "form": form},
            status=status,
        )
    )


@actor_required(*PERSON_ROLES)
@require_GET
def own_record_pdf(request, person_id):
    person = _person(request, person_id, Kind.OWN_RECORD)
    record, form, status = _record_or_form(request, person)
    if record is None:
        status = 400 if request.GET.get("language") else status
        return _private(
            render(
                request,
                "rights/own_record.html",
                {"person": person, "record": None, "form": form},
                status=status,
            )
        )
    response = HttpResponse(pdf.render(record), content_type="application/pdf")
    name = f"summary-{timezone.localdate():%Y%m%d}.pdf"  # a name that says nothing about the work or her
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


# --- correction -----------------------------------------------------------------------------------


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def correction_list(request, person_id):
    person = _person(request, person_id, Kind.PERSON)
    may_ask = bool(policy.decide(request.actor, Verb.REQUEST_CORRECTION))
    return one_form_page(
        request,
        form=forms.CorrectionForm(request.POST or None),
        run=lambda d: corrections.correction_request(actor=request.actor, person_id=person.pk, **d) and None,
        done_url=reverse("rights:corrections", args=[person.pk]),
        template="rights/corrections.html",
        success=_("The correction was recorded. A supervisor will answer it."),
        context={
            "person": person,
            "rows": selectors.corrections_of(actor=request.actor, person=person),
            "may_ask": may_ask,
            "may_decide": bool(policy.decide(request.actor, Verb.DECIDE_CORRECTION)),
        },
    )


@actor_required(*DECIDERS)
@require_http_methods(["GET", "POST"])
def correction_decide(request, person_id, correction_id):
    person = _person(request, person_id, Kind.PERSON)
    row = CorrectionRequest.objects.filter(pk=correction_id, person=person).first()
    if row is None:
        raise Http404
    rows = [r for r in selectors.corrections_of(actor=request.actor, person=person) if r.pk == row.pk]
    return one_form_page(
        request,
        form=forms.CorrectionDecisionForm(request.POST or None, initial={"version": row.version}),
        run=lambda d: corrections.correction_decide(actor=request.actor, correction_id=row.pk, **d) and None,
        done_url=reverse("rights:corrections", args=[person.pk]),
        template="rights/correction.html",
        context={"person": person, "row": rows[0]},
    )


# --- erasure --------------------------------------------------------------------------------------


@actor_required(*ERASERS)
@require_http_methods(["GET", "POST"])
def erase(request, person_id):
    """Not through one_form_page on purpose: its one transaction would roll back the counts of wrong
    guesses along with the refused erasure. The service checks the password and code before its own
    transaction, so a wrong guess stays counted: by the authenticator's throttle (django-otp), and against
    the sign-in lockout as on every re-authentication form, so that a phone left signed in cannot be used to
    guess the password here."""
    try:
        person, holds = selectors.erasure_page(actor=request.actor, person_id=person_id)
    except NotFound as exc:
        raise Http404 from exc
    form = forms.ErasureForm(request.POST or None)
    token = request.POST.get("form_token", "") if request.method == "POST" else once.new_token()
    done = reverse("rights:erasures")
    if request.method == "POST" and once.already_done(token, request.user):
        return redirect(done)
    username = request.user.get_username()
    attempt = {
        "username": username,
        "address": lockout.client_address(request),
        "device": lockout.device_for(request, username),
    }
    # Her passkey, if it has just answered (instead of the code): it serves this one attempt.
    passkey_id = passkeys.take_proof(request) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid() and lockout.login_locked(**attempt):
        form.add_error(None, _("Too many wrong passwords. Wait a few minutes and try again."))
    elif request.method == "POST" and form.is_valid():
        try:
            erasure.person_erase(
                actor=request.actor, person_id=person.pk, passkey_id=passkey_id, **form.cleaned_data
            )
        except erasure.NotReauthenticated as exc:
            lockout.login_failed(**attempt)
            add_errors(form, exc)
        except ValidationError as exc:
            add_errors(form, exc)
        except NotFound as exc:  # erased a moment ago by the same form sent twice
            raise Http404 from exc
        else:
            once.claim(token, request.user, done)
            messages.success(
                request, _("Erased. The person's key is destroyed; only their code remains, marked erased.")
            )
            return redirect(done)
    if once.expired(token):
        token = once.new_token()
    context = {
        "person": person,
        "holds": holds,
        "hold_message": erasure.hold_message(holds) if holds else "",
        "form": form,
        "form_token": token,
        **passkeys.confirm_context(request),
    }
    return render(request, "rights/erase.html", context, status=400 if request.method == "POST" else 200)


@actor_required(*ERASERS)
@require_GET
def erasure_list(request):
    return render(
        request,
        "rights/erasures.html",
        {
            "erasures": selectors.erasures(actor=request.actor),
            "due": erasure.retention_due(actor=request.actor),
            "years": request.actor.organisation.retention_years,
        },
    )


# --- crossing a border ----------------------------------------------------------------------------


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def crossing_page(request, person_id):
    _person(request, person_id, Kind.CROSSING)
    view = selectors.crossing_view(actor=request.actor, person_id=person_id)
    c = view.crossing
    initial = {}
    if c is not None:
        initial = {name: getattr(c, name) for name in forms.CrossingForm.base_fields}
    elif view.person.origin_state in ("BD", "NP"):
        initial = {"country_of_origin": view.person.origin_state, "nationality": view.person.origin_state}
    form = forms.CrossingForm(request.POST or None, initial=initial)
    return one_form_page(
        request,
        form=form,
        run=lambda d: crossing.crossing_save(actor=request.actor, person_id=view.person.pk, **d) and None,
        done_url=reverse("rights:crossing", args=[view.person.pk]),
        template="rights/crossing.html",
        context={"view": view, "person": view.person},
    )


def _crossing_form(request, person_id, *, form, title, run):
    view = selectors.crossing_view(
        actor=request.actor, person_id=_person(request, person_id, Kind.CROSSING).pk
    )
    if view.crossing is None:
        raise Http404
    return one_form_page(
        request,
        form=form,
        run=lambda d: run(view, d) and None,
        done_url=reverse("rights:crossing", args=[view.person.pk]),
        template="rights/form.html",
        context={"view": view, "person": view.person, "title": title},
    )


# Each form below names the service it calls in its own body, as its API operation does: the test that
# every write has a page reads both (sathi/tests/test_every_write_has_a_page.py).


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def wish_add(request, person_id):
    """Her wish about staying or returning, dated, in her words."""
    return _crossing_form(
        request,
        person_id,
        form=forms.WishForm(request.POST or None),
        title=_("Their wish: stay or return"),
        run=lambda v, d: crossing.wish_record(actor=request.actor, person_id=v.person.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def stage_add(request, person_id):
    """One of the eight stages of her rights, with its status and date."""
    return _crossing_form(
        request,
        person_id,
        form=forms.StageForm(request.POST or None),
        title=_("A stage of their rights"),
        run=lambda v, d: crossing.stage_record(actor=request.actor, person_id=v.person.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def protection_add(request, person_id):
    """Threats and retaliation, and the measures taken before, during or after proceedings."""
    return _crossing_form(
        request,
        person_id,
        form=forms.ProtectionForm(request.POST or None),
        title=_("Protection from threats and retaliation"),
        run=lambda v, d: crossing.protection_record(actor=request.actor, person_id=v.person.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def residence_add(request, person_id):
    """A step toward staying; refused when conditional on testifying."""
    return _crossing_form(
        request,
        person_id,
        form=forms.ResidenceForm(request.POST or None),
        title=_("A residence step"),
        run=lambda v, d: crossing.residence_step_add(actor=request.actor, person_id=v.person.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def compensation_add(request, person_id):
    """Wages and compensation: claimed, awarded, received, from whom (in that order of dates)."""
    return _crossing_form(
        request,
        person_id,
        form=forms.CompensationForm(request.POST or None),
        title=_("Wages and compensation"),
        run=lambda v, d: crossing.compensation_record(actor=request.actor, person_id=v.person.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def compensation_edit(request, person_id, compensation_id):
    person = _person(request, person_id, Kind.CROSSING)
    row = Compensation.objects.filter(pk=compensation_id, crossing__person=person).first()
    if row is None:
        raise Http404
    initial = {
        n: getattr(row, n)
        for n in ("version", "awarded_on", "amount_awarded", "received_on", "amount_received")
    }
    return _crossing_form(
        request,
        person.pk,
        form=forms.CompensationUpdateForm(request.POST or None, initial=initial),
        title=str(row.get_kind_display()),
        run=lambda v, d: crossing.compensation_update(actor=request.actor, compensation_id=row.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def repatriation_add(request, person_id):
    person = _person(request, person_id, Kind.CROSSING)
    checks = [
        (str(c.pk), f"{c.get_household_display()} · {c.checked_on:%Y-%m-%d}")
        for c in person.safety_checks.order_by("-checked_on")[:20]
    ]
    form = forms.RepatriationForm(request.POST or None, checks=checks)

    def run(view, d):
        d = dict(d)
        d["safety_check_id"] = d.pop("safety_check") or None
        return crossing.repatriation_plan(actor=request.actor, person_id=view.person.pk, **d)

    return _crossing_form(request, person.pk, form=form, title=_("A plan to return"), run=run)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def repatriation_start(request, person_id, plan_id):
    person = _person(request, person_id, Kind.CROSSING)
    plan = RepatriationPlan.objects.filter(pk=plan_id, crossing__person=person).first()
    if plan is None:
        raise Http404
    return _crossing_form(
        request,
        person.pk,
        form=forms.StartForm(request.POST or None, initial={"version": plan.version}),
        title=_("Start the return"),
        run=lambda v, d: crossing.repatriation_start(actor=request.actor, plan_id=plan.pk, **d),
    )

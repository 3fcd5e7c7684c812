from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from sathi import home as today_page
from sathi.accounts import once
from sathi.accounts.decorators import actor_required
from sathi.accounts.models import Membership
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.lib.text import storable
from sathi.pages import add_errors, one_form_page
from sathi.people import grants, policy, selectors, services
from sathi.people.forms import (
    AgeEvidenceForm,
    AssignForm,
    BreakGlassForm,
    ConsentForm,
    EditForm,
    FindForm,
    RegisterForm,
)
from sathi.people.policy import FieldClass, Kind, Verb

PERSON_ROLES = policy.roles_that(Kind.PERSON)
DETAIL_RELATED = (
    (selectors.Related("cases", order_by=("-opened_on", "pk")), Kind.CASE),
    (
        selectors.Related(
            "screenings", select_related=("site", "decision"), order_by=("-screened_on",), limit=20
        ),
        Kind.SCREENING,
    ),
)


def _card_or_404(request, person_id, related: tuple[selectors.Related, ...] = ()):
    try:
        return selectors.person_card(actor=request.actor, person_id=person_id, related=related)
    except NotFound as exc:
        raise Http404 from exc


def _person_or_404(request, person_id):
    try:
        return selectors.person_get(actor=request.actor, person_id=person_id)
    except NotFound as exc:
        raise Http404 from exc


@actor_required()
def home(request):
    if not policy.decide(request.actor, Kind.PERSON):
        if policy.decide(request.actor, Kind.AUDIT_LOG):
            return redirect("audit:events")
        if policy.decide(request.actor, Kind.MEMBERS):
            return redirect("accounts:members")
        if policy.decide(request.actor, Kind.PREVENTION):
            return redirect("prevention:home")
        return render(request, "people/no_people.html", {"numbers": today_page.numbers_home(request.actor)})
    # What she must do today, as counts; codes inside an opened item, and no name at all.
    return render(
        request, "people/home.html", {"today": today_page.today(request.actor), "find_form": FindForm()}
    )


@actor_required(*PERSON_ROLES)
@require_POST
def find(request):
    """Search is a POST so that no code, phone or name ever enters a URL or a server log."""
    form = FindForm(request.POST)
    result = None
    if form.is_valid():
        query = form.cleaned_data["query"]
        result = selectors.person_find(actor=request.actor, query=query)
        if result.too_short:
            form.add_error("query", TOO_SHORT)
    context = {
        "find_form": form,
        "result": result,
        "may_register": bool(policy.decide(request.actor, Verb.REGISTER)),
    }
    return render(request, "people/find.html", context)


TOO_SHORT = _lazy("Type at least two letters of a name.")


def _from_search(request) -> str:
    """The name a search found nobody by, carried here in the POST body (never in a URL or the session)."""
    typed = " ".join(request.POST.get("from_search", "").split())[: services.MAX_NAME_LENGTH]
    return typed if storable(typed, multiline=False) else ""


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "POST" and "from_search" in request.POST:
        form = RegisterForm(initial={"form_token": once.new_token(), "names": _from_search(request)})
        return render(request, "people/register.html", {"form": form, "duplicates": None})
    form = RegisterForm(request.POST or None, initial={"form_token": once.new_token()})
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = once.already_done(data["form_token"], request.user)
        if done:
            messages.info(request, _("This form was already sent. Here is the record."))
            return redirect(done)
        try:
            with transaction.atomic():
                person = services.person_register(
                    actor=request.actor,
                    names=data["names"],
                    aliases=data["aliases"],
                    phone=data["phone"],
                    gender=data["gender"],
                    languages=data["languages"],
                    origin_state=data["origin_state"],
                    origin_district=data["origin_district"],
                    current_location=data["current_location"],
                    documents_held=data["documents_held"],
                    stated=services.StatedAge(
                        age_years=data["age_years"], date_of_birth=data["date_of_birth"]
                    ),
                    confirm_duplicates=data["confirm_duplicates"],
                )
                url = reverse("people:detail", args=[person.pk])
                once.claim(data["form_token"], request.user, url)
        except services.PossibleDuplicate as dup:
            duplicates = dup
        except once.AlreadySubmitted:
            messages.info(request, _("This form was already sent. Here is the record."))
            return redirect(once.already_done(data["form_token"], request.user) or "people:home")
        except ValidationError as exc:
            add_errors(form, exc)
            if once.expired(data["form_token"]):  # offered again with a fresh token
                form.data = form.data.copy()
                form.data["form_token"] = once.new_token()
        else:
            messages.success(
                request, _("Registered. The person's code is %(code)s.") % {"code": person.display_code}
            )
            return redirect(url)
    status = 400 if request.method == "POST" else 200
    return render(request, "people/register.html", {"form": form, "duplicates": duplicates}, status=status)


@actor_required(*PERSON_ROLES)
def detail(request, person_id):
    # Her cases and screenings, read in her card's round trip, for a role that may list them.
    shown = tuple(related for related, kind in DETAIL_RELATED if policy.decide(request.actor, kind))
    card = _card_or_404(request, person_id, shown)
    members = []
    if policy.decide(request.actor, Verb.ASSIGN):
        members = Membership.objects.filter(
            organisation_id=request.actor.organisation_id, is_active=True, role__in=PERSON_ROLES
        ).select_related("user")
    return render(
        request,
        "people/detail.html",
        {
            "card": card,
            "members": members,
            "cases": card.related.get("cases", []),
            "screenings": card.related.get("screenings", []),
        },
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def edit(request, person_id):
    if request.method == "GET":
        card = _card_or_404(request, person_id)
        initial = {
            "names": "\n".join(card.names) if isinstance(card.names, list) else "",
            "aliases": "\n".join(card.aliases) if isinstance(card.aliases, list) else "",
            "phone": card.phone if card.phone != selectors.MASK else "",
            "gender": card.person.gender,
            "languages": card.person.languages,
            "origin_state": card.person.origin_state,
            "origin_district": card.person.origin_district,
            "current_location": card.current_location if card.current_location != selectors.MASK else "",
            "documents_held": card.person.documents_held,
            "version": card.person.version,
        }
        return render(request, "people/edit.html", {"form": EditForm(initial=initial), "card": card})
    person = _person_or_404(request, person_id)
    form = EditForm(request.POST)
    classes = {c for c in FieldClass if policy.decide(request.actor, Verb.WRITE, field_class=c)}
    if form.is_valid():
        data = form.cleaned_data
        changes = {
            k: data[k] for k in ("gender", "languages", "origin_state", "origin_district", "documents_held")
        }
        if FieldClass.IDENTITY in classes:
            changes.update(names=data["names"], aliases=data["aliases"], phone=data["phone"])
        if FieldClass.LOCATION in classes:
            changes["current_location"] = data["current_location"]
        try:
            services.person_update(
                actor=request.actor, person_id=person.pk, version=data["version"], **changes
            )
        except Conflict:
            form.add_error(
                None,
                _(
                    "Someone else changed this record while you were editing. Nothing was saved. "
                    "Open it again to see the latest version."
                ),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except Forbidden as exc:
            raise PermissionDenied from exc
        else:
            messages.success(request, _("Saved."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/edit.html", {"form": form, "card": None, "person": person}, status=400)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def age(request, person_id):
    person = _person_or_404(request, person_id)
    return one_form_page(
        request,
        form=AgeEvidenceForm(request.POST or None),
        run=lambda data: services.age_evidence_add(actor=request.actor, person_id=person.pk, **data) and None,
        done_url=reverse("people:detail", args=[person.pk]),
        template="people/age.html",
        context={"person": person},
        success=_("The age evidence was added."),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def consent(request, person_id):
    person = _person_or_404(request, person_id)
    form = ConsentForm(
        request.POST or None,
        organisation=request.actor.organisation,
        initial={"explained_in": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grants.consent_record(
                actor=request.actor,
                person_id=person.pk,
                purpose=data["purpose"],
                granted=data["granted"],
                method=data["method"],
                explained_in=data["explained_in"],
                receiver_id=data["receiver"].pk if data["receiver"] else None,
                channel=data["channel"],
                consenting_party=data["consenting_party"],
                guardian_relationship=data["guardian_relationship"],
                guardian_suspected=data["guardian_suspected"],
                legal_basis=data["legal_basis"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
            if any(
                e.code == grants.CWC_REQUIRED
                for e in getattr(exc, "error_dict", {}).get("consenting_party", [])
            ):
                # Offer the Child Welfare Committee's path: the form comes back set for it.
                form.data = form.data.copy()
                form.data.update({"consenting_party": "cwc", "guardian_relationship": ""})
        else:
            messages.success(request, _("The answer was recorded."))
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/consent.html",
        {"form": form, "person": person},
        status=400 if request.method == "POST" else 200,
    )


@actor_required(*PERSON_ROLES)
@require_POST
def consent_withdraw(request, person_id, consent_id: int):
    person = _person_or_404(request, person_id)
    try:
        consent = person.consents.filter(pk=consent_id).first()
        if consent is None:
            raise Http404
        grants.consent_withdraw(actor=request.actor, consent_id=consent.pk)
    except NotFound as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The consent was withdrawn. It stops now."))
    return redirect("people:detail", person_id=person.pk)


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def break_glass(request, person_id):
    """Only for someone who may break glass on a person of her own organisation; 404 for everyone else."""
    from sathi.people.models import Person

    try:
        person = Person.objects.filter(
            pk=selectors.as_person_id(person_id), organisation_id=request.actor.organisation_id
        ).first()
    except NotFound as exc:
        raise Http404 from exc
    if person is None or not policy.decide(request.actor, Verb.BREAK_GLASS, person):
        raise Http404
    return one_form_page(
        request,
        form=BreakGlassForm(request.POST or None),
        run=lambda data: (
            grants.break_glass_open(actor=request.actor, person_id=person.pk, reason=data["reason"]) and None
        ),
        done_url=reverse("people:detail", args=[person.pk]),
        template="people/break_glass.html",
        context={"person": person},
        success=_("You opened this record in an emergency. Your supervisor is told."),
        level=messages.WARNING,
    )


@actor_required(*policy.roles_that(Verb.ASSIGN))
@require_POST
def assign(request, person_id):
    person = _person_or_404(request, person_id)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            grants.assignment_add(actor=request.actor, person_id=person.pk, user_id=form.cleaned_data["user"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The worker is now assigned to the person."))
    return redirect("people:detail", person_id=person.pk)


@actor_required(*policy.roles_that(Verb.REVIEW_BREAK_GLASS))
@require_POST
def break_glass_review(request, glass_id: int):
    try:
        grants.break_glass_review(actor=request.actor, glass_id=glass_id)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Marked as reviewed."))
    return redirect("care:dashboard")

"""Questionnaire pages: the list, the upload, and one version's questions with their classes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sathi.accounts.decorators import actor_required
from sathi.core.uploads import add_too_large_error, read_upload
from sathi.lib.errors import NotFound
from sathi.pages import one_form_page
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.questionnaires import fill, imports, selectors, services
from sathi.questionnaires.conversion import GROUP_TYPES
from sathi.questionnaires.forms import ExportForm, UploadForm
from sathi.questionnaires.instances import SubmissionRefused
from sathi.questionnaires.languages import SATHI_LANGUAGES, in_language
from sathi.questionnaires.refusals import XLSFormRefused
from sathi.questionnaires.vocab import ImportStatus, QuestionClass


@actor_required(*policy.roles_that(Kind.QUESTIONNAIRE))
@require_GET
def questionnaire_list(request):
    questionnaires = selectors.questionnaire_list(actor=request.actor)
    return render(request, "questionnaires/list.html", {"questionnaires": questionnaires})


@actor_required(*policy.roles_that(Verb.IMPORT_QUESTIONNAIRE))
@require_http_methods(["GET", "POST"])
def questionnaire_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    add_too_large_error(request, form)

    def run(d):
        upload = d["file"]
        try:
            imported = services.questionnaire_import(
                actor=request.actor,
                organisation=request.actor.organisation,
                data=read_upload(upload),
                filename=upload.name,
                default_class=d["default_class"],
            )
        except XLSFormRefused as exc:
            raise ValidationError({"file": exc.full_message()}) from None
        return reverse("questionnaires:version", args=[imported.version.pk])

    back = reverse("questionnaires:list")
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=back,
        template="questionnaires/upload.html",
        context={"back": back},
        success=_("Imported. Read the warnings below, if there are any."),
    )


@actor_required(*policy.roles_that(Kind.QUESTIONNAIRE))
@require_GET
def version_detail(request, version_id):
    try:
        version = selectors.version_for(actor=request.actor, version_id=version_id)
    except NotFound as exc:
        raise Http404 from exc
    questions = list(version.questions.all())
    languages = sorted({code for q in questions for code in q.labels}, key=_sathi_first)
    chosen = request.GET.get("language", "")
    chosen = chosen if chosen in languages else get_language()
    rows = [
        {
            "question": q,
            "label": in_language(q.labels, chosen),
            "hint": in_language(q.hints, chosen),
            "group": q.type in GROUP_TYPES,
        }
        for q in questions
    ]
    return render(
        request,
        "questionnaires/version.html",
        {
            "version": version,
            "rows": rows,
            "languages": languages,
            "chosen": chosen,
            "groups": [r for r in rows if r["group"]],
            "classes": QuestionClass.choices,
        },
    )


@actor_required(*policy.roles_that(Verb.IMPORT_QUESTIONNAIRE))
@require_POST
def classes_choose(request, version_id):
    """The second step of an import: a field class for each group, from the version page's selects."""
    prefix = "class:"
    chosen = {k.removeprefix(prefix): v for k, v in request.POST.items() if k.startswith(prefix)}
    try:
        services.question_classes_choose(actor=request.actor, version_id=version_id, group_classes=chosen)
    except NotFound as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("questionnaires:version", version_id)


def _sathi_first(code: str) -> tuple[int, str]:
    return (SATHI_LANGUAGES.index(code) if code in SATHI_LANGUAGES else len(SATHI_LANGUAGES), code)


@actor_required(*policy.roles_that(Verb.COLLECT_ANSWERS))
@require_POST
def fill_start(request, version_id):
    """A new draft of the questionnaire, filled in Sathi; its first page."""
    try:
        draft = fill.draft_start(actor=request.actor, version_id=version_id)
    except NotFound as exc:
        raise Http404 from exc
    return redirect("questionnaires:fill", draft.pk, 1)


@actor_required(*policy.roles_that(Verb.COLLECT_ANSWERS))
@require_http_methods(["GET", "POST"])
def fill_page(request, submission_id, number):
    """One group of the form per page. POST saves the page (a draft) and goes on; the last page finishes.
    Sending a page twice saves the same answers twice, so no form token is needed here."""
    try:
        draft = fill.draft_for(actor=request.actor, submission_id=submission_id)
        page = fill.page_of(draft.version, number)
    except NotFound as exc:
        raise Http404 from exc
    language, version = get_language(), draft.version
    count = len(fill.form_of(version).pages)
    items = int(request.GET.get("items", "0") or 0) if request.GET.get("items", "").isdigit() else 0
    if request.method == "POST":
        given = {"actor": request.actor, "draft": draft, "number": number, "posted": request.POST}
        given.update(language=language, items=items)
        last = number >= count and not request.POST.get("more") and request.POST.get("go") != "back"
        sent = fill.page_finish(**given) if last else fill.page_save(**given)  # the finish: one write
        questions = sent.questions
        if not sent.refused:
            if sent.removed:
                messages.warning(
                    request,
                    _("There are fewer items now, so the answers of these were removed: %(items)s.")
                    % {"items": "; ".join(sent.removed)},
                )
            if sent.grown:  # a count made larger: its new items are on this page
                return redirect("questionnaires:fill", draft.pk, number)
            if request.POST.get("more"):
                shown_items = [int(q.at.rsplit("[", 1)[1].split("]")[0]) for q in questions if q.field.repeat]
                more = max([items, *shown_items]) + 1
                return redirect(reverse("questionnaires:fill", args=[draft.pk, number]) + f"?items={more}")
            if request.POST.get("go") == "back":
                return redirect("questionnaires:fill", draft.pk, max(number - 1, 1))
            if not last:
                return redirect("questionnaires:fill", draft.pk, number + 1)
            if sent.missing is None:
                messages.success(request, _("Thank you. The answers are kept."))
                return redirect("questionnaires:list")
            messages.error(request, _("Some questions still need an answer."))
            return redirect("questionnaires:fill", draft.pk, sent.missing)
        status = 400
    else:
        answers = fill.answers_system(draft)
        questions, status = fill.shown(version, page, answers, language, items=items), 200
    counted = fill.form_of(version).counted
    return render(
        request,
        "questionnaires/fill.html",
        {
            "title": version.questionnaire.title,
            "page": page,
            "page_count": count,
            "page_title": in_language(page.title, language),
            "questions": questions,
            # "Add another" for a repeat whose count does not fix its items
            "has_repeat": any(q.field.repeat and q.field.repeat not in counted for q in questions),
        },
        status=status,
    )


@actor_required(*policy.roles_that(Verb.COLLECT_ANSWERS))
@require_http_methods(["GET", "POST"])
def import_new(request, version_id):
    """Upload a Kobo or Central export: checked whole here, then imported by the background job."""
    try:
        version = selectors.version_for(actor=request.actor, version_id=version_id, collecting=True)
    except NotFound as exc:
        raise Http404 from exc
    form = ExportForm(request.POST or None, request.FILES or None)
    add_too_large_error(request, form)

    def run(d):
        try:
            row = imports.submissions_import(
                actor=request.actor, version_id=version.pk, content=read_upload(d["file"])
            )
        except SubmissionRefused as exc:
            raise ValidationError({"file": exc.full_message()}) from None
        return reverse("questionnaires:import", args=[row.pk])

    back = reverse("questionnaires:version", args=[version.pk])
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=back,
        template="questionnaires/import_new.html",
        context={"back": back},
        success=_("The export is being imported."),
    )


@actor_required(*policy.roles_that(Verb.COLLECT_ANSWERS))
@require_GET
def import_detail(request, import_id):
    """The import's progress (the bar moves while the job runs: htmx asks again every two seconds)."""
    try:
        row = imports.import_for(actor=request.actor, import_id=import_id)
    except NotFound as exc:
        raise Http404 from exc
    running = row.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return render(request, "questionnaires/import.html", {"row": row, "running": running})


@actor_required(*policy.roles_that(Verb.COLLECT_ANSWERS))
@require_POST
def import_resume(request, import_id):
    try:
        imports.submissions_import_resume(actor=request.actor, import_id=import_id)
    except NotFound as exc:
        raise Http404 from exc
    return redirect("questionnaires:import", import_id)

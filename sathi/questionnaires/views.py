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
from sathi.questionnaires import selectors, services
from sathi.questionnaires.conversion import GROUP_TYPES
from sathi.questionnaires.forms import UploadForm
from sathi.questionnaires.languages import SATHI_LANGUAGES, in_language
from sathi.questionnaires.refusals import XLSFormRefused
from sathi.questionnaires.vocab import QuestionClass


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

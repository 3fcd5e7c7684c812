"""Results pages (item 8): each question's answers counted by cohort or gender with their shares, a cross-tab
of two questions, free text where the class allows it, open answers as coded; every figure through the
disclosure gate (`sathi.questionnaires.results`), each chart with its table; and the downloads."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sathi.accounts.decorators import actor_required
from sathi.core.pictures import hidden_notes
from sathi.lib import charts
from sathi.lib.disclosure import SUPPRESSED
from sathi.lib.errors import NotFound
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.questionnaires import downloads, results
from sathi.questionnaires.forms import CrossTabForm
from sathi.questionnaires.languages import in_language
from sathi.questionnaires.models import AnswerCode
from sathi.questionnaires.results import SELECT_TYPES
from sathi.questionnaires.vocab import CodingVocabulary

NUMBERS = policy.roles_that(Kind.QUESTIONNAIRE_RESULTS)
DOWNLOADS = sorted(set(policy.roles_that(Kind.SUBMISSION)) & set(policy.roles_that(Verb.EXPORT)))
PER_PAGE = 10  # questions per page: each one opens its class's answers once
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX, "xls": "application/vnd.ms-excel"}


def share_rows(table, corner: str) -> list[list]:
    """The table as rows of "count (share of its column)": a share only where both its count and its column's
    total are published, so it tells nothing the published counts do not."""
    hidden, rows = _("suppressed"), [[corner, *table.col_labels, _("Total")]]
    for label, cells, total in zip(table.row_labels, table.cells, table.row_totals, strict=True):
        line = [label]
        for count, column_total in zip((*cells, total), (*table.col_totals, table.grand_total), strict=True):
            if count is SUPPRESSED:
                line.append(hidden)
            elif column_total in (SUPPRESSED, 0):
                line.append(str(count))
            else:
                line.append(f"{count} ({round(100 * count / column_total)}%)")
        rows.append(line)
    totals = [*table.col_totals, table.grand_total]
    rows.append([_("Total"), *(hidden if v is SUPPRESSED else str(v) for v in totals)])
    return rows


def _chart(table, title: str) -> str:
    return charts.heat_grid(
        list(table.row_labels),
        list(table.col_labels),
        [list(r) for r in table.cells],
        title=title,
        **hidden_notes(),
    )


def _select_result(actor, version, question, by, language) -> dict:
    label = in_language(question.labels, language) or question.name
    try:
        result = results.question_table(
            actor=actor, version_id=version.pk, path=question.path, by=by, language=language
        )
    except results.Masked:
        return {"label": label, "masked": True}
    return {
        "label": label,
        "rows": share_rows(result.table, _("Answer")),
        "chart": _chart(result.table, label),
        "threshold": result.table.threshold,
    }


def _text_result(actor, version, question, language) -> dict:
    label = in_language(question.labels, language) or question.name
    entry = {"label": label, "text": True, "coded": []}
    try:
        entry["words"] = results.free_text(actor=actor, version_id=version.pk, path=question.path)
    except results.Masked:
        entry["words_masked"] = True
    used = set(
        AnswerCode.objects.filter(submission__version=version, path=question.path).values_list(
            "vocabulary", flat=True
        )
    )
    for vocabulary, name in CodingVocabulary.choices:
        if vocabulary not in used:
            continue
        try:
            table = results.coded_table(
                actor=actor, version_id=version.pk, path=question.path, vocabulary=vocabulary
            )
        except results.Masked:
            entry["masked"] = True
            break
        entry["coded"].append((name, share_rows(table, name)))
    return entry


@actor_required(*NUMBERS)
@require_GET
def results_page(request, version_id: int):
    actor, language = request.actor, get_language()
    try:
        version = results.version_for(actor=actor, version_id=version_id)
    except NotFound as exc:
        raise Http404 from exc
    by = "gender" if request.GET.get("by") == "gender" else "cohort"
    questions = [q for q in version.questions.order_by("position") if q.type in (*SELECT_TYPES, "text")]
    page = Paginator(questions, PER_PAGE).get_page(request.GET.get("page"))
    entries = [
        _select_result(actor, version, q, by, language)
        if q.type in SELECT_TYPES
        else _text_result(actor, version, q, language)
        for q in page
    ]
    selects = [
        (q.path, in_language(q.labels, language) or q.name) for q in questions if q.type in SELECT_TYPES
    ]
    cross = None
    form = CrossTabForm(request.GET if "rows" in request.GET else None, questions=selects)
    if form.is_bound and form.is_valid():
        try:
            table = results.cross_table(
                actor=actor,
                version_id=version.pk,
                rows_path=form.cleaned_data["rows"],
                columns_path=form.cleaned_data["columns"],
                language=language,
            )
        except results.Masked:
            cross = {"masked": True}
        else:
            cross = {"rows": share_rows(table, ""), "chart": _chart(table, _("Cross-tab"))}
    context = {
        "version": version,
        "entries": entries,
        "page": page,
        "by": by,
        "form": form if selects else None,
        "cross": cross,
        "may_download": bool(policy.decide(actor, Kind.SUBMISSION) and policy.decide(actor, Verb.EXPORT)),
        "may_form": bool(policy.decide(actor, Kind.QUESTIONNAIRE)),
    }
    return render(request, "questionnaires/results.html", context)


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@actor_required(*DOWNLOADS)
@require_GET
def answers_download(request, version_id: int, fmt: str):
    """The version's de-identified answers (identity never leaves; other classes the reader lacks masked)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    try:
        rows = downloads.deidentified_rows(actor=request.actor, version_id=version_id)
    except NotFound as exc:
        raise Http404 from exc
    content = downloads.as_csv(rows) if fmt == "csv" else downloads.as_xlsx(rows)
    return _file(content, KINDS[fmt], f"answers-{version_id}.{fmt}")


@actor_required(*policy.roles_that(Kind.QUESTIONNAIRE))
@require_GET
def xlsform_download(request, version_id: int):
    try:
        content, file_type = downloads.xlsform_source(actor=request.actor, version_id=version_id)
    except NotFound as exc:
        raise Http404 from exc
    return _file(content, KINDS[file_type], f"form-{version_id}.{file_type}")


@actor_required(*NUMBERS)
@require_GET
def results_index(request):
    """The versions whose answers are counted, for every role that reads questionnaire results (the analyst
    too, who does not list the forms themselves)."""
    return render(
        request,
        "questionnaires/results_index.html",
        {"versions": results.versions_counted(actor=request.actor)},
    )

"""Research pages (items 7 and 8): studies, their cohorts and sessions, who took part (counted, with their
consent), the submissions of a version linked to the session they were asked in, and open answers coded
to the vocabularies by a researcher. The same services as the API's research operations."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sathi.accounts.decorators import actor_required
from sathi.lib.errors import NotFound
from sathi.pages import one_form_page
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.prevention import selectors as prevention
from sathi.questionnaires import downloads, selectors, studies
from sathi.questionnaires.forms import (
    PARTICIPANT_ROWS,
    CodesForm,
    CohortForm,
    LinkForm,
    StudyForm,
    StudySessionForm,
)
from sathi.questionnaires.instances import POSITION
from sathi.questionnaires.languages import in_language
from sathi.questionnaires.models import AnswerCode, StudyCohort, Submission
from sathi.questionnaires.results import VOCABULARIES
from sathi.questionnaires.submissions import answers_for, may_read_class
from sathi.questionnaires.vocab import CodingVocabulary

STUDIES = policy.roles_that(Kind.STUDY)
RESEARCH = policy.roles_that(Verb.RUN_STUDY)
SUBMISSIONS = policy.roles_that(Kind.SUBMISSION)


def _or_404(find, **kwargs):
    try:
        return find(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


def _form(request, *, form, title, run, back, template="questionnaires/form.html", **context):
    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=back,
        template=template,
        context={"title": title, "back": back, **context},
    )


@actor_required(*STUDIES)
@require_GET
def study_list(request):
    return render(
        request, "questionnaires/studies.html", {"studies": studies.study_list(actor=request.actor)}
    )


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def study_new(request):
    def run(d):
        return reverse("questionnaires:study", args=[studies.study_create(actor=request.actor, **d).pk])

    back = reverse("questionnaires:studies")
    return _form(request, form=StudyForm(request.POST or None), title=_("A new study"), run=run, back=back)


@actor_required(*STUDIES)
@require_GET
def study_detail(request, study_id: int):
    actor = request.actor
    study = _or_404(studies.study_for, actor=actor, study_id=study_id)
    hidden = _("suppressed")
    tables = [
        (caption, table.as_rows(marker=hidden, total_label=_("Total"), corner=_("Cohort")))
        for caption, table in (
            (
                _("Participants by cohort and gender"),
                studies.participants_table(actor=actor, study_id=study.pk),
            ),
            (
                _("Participants by cohort and age band"),
                studies.participants_table(actor=actor, study_id=study.pk, by="age_band"),
            ),
        )
    ]
    context = {
        "study": study,
        "cohorts": study.cohorts.select_related("questionnaire").order_by("pk"),
        "sessions": studies.study_sessions(actor=actor, study_id=study.pk),
        "tables": tables,
    }
    return render(request, "questionnaires/study.html", context)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def cohort_add(request, study_id: int):
    actor = request.actor
    study = _or_404(studies.study_for, actor=actor, study_id=study_id)
    questionnaires = selectors.questionnaire_list(actor=actor)
    form = CohortForm(request.POST or None, questionnaires=questionnaires)

    def run(d):
        studies.cohort_add(
            actor=actor, study_id=study.pk, cohort=d["cohort"], questionnaire_id=d["questionnaire"]
        )

    back = reverse("questionnaires:study", args=[study.pk])
    return _form(request, form=form, title=_("Add a cohort to the study"), run=run, back=back)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def session_new(request, cohort_id: int):
    actor = request.actor
    cohort = (
        StudyCohort.objects.select_related("study")
        .filter(pk=cohort_id, study__organisation_id=actor.organisation_id)
        .first()
    )
    if cohort is None:
        raise Http404
    form = StudySessionForm(
        request.POST or None,
        places=prevention.shared_places(),
        researchers=studies.researchers(actor=actor),
        initial={"researcher": actor.user_id},
    )

    def run(d):
        studies.session_record(
            actor=actor,
            cohort_id=cohort.pk,
            kind=d["kind"],
            held_on=d["held_on"],
            place_id=d["place"],
            researcher_id=d["researcher"],
            community_researcher=d["community_researcher"],
            participants=form.participants(),
        )

    back = reverse("questionnaires:study", args=[cohort.study_id])
    lines = [
        [
            form[f"{name}_{n}"]
            for name in ("count", "gender", "age_band", "consent_language", "consent_spoken")
        ]
        for n in range(1, PARTICIPANT_ROWS + 1)
    ]
    main = [form[name] for name in ("kind", "held_on", "place", "researcher", "community_researcher")]
    title = _("A session of the study: %(cohort)s") % {"cohort": cohort.get_cohort_display()}
    return _form(
        request,
        form=form,
        title=title,
        run=run,
        back=back,
        template="questionnaires/session_new.html",
        lines=lines,
        main=main,
    )


@actor_required(*SUBMISSIONS)
@require_GET
def submission_list(request, version_id: int):
    """A version's complete submissions: where they came from, when, and the session they were asked in.
    No answer is shown here."""
    actor = request.actor
    version = _or_404(selectors.version_for, actor=actor, version_id=version_id, collecting=True)
    rows = (
        Submission.objects.filter(version=version, complete=True)
        .select_related("session__cohort__study")
        .order_by("-received_at", "-pk")[:500]
    )
    return render(request, "questionnaires/submissions.html", {"version": version, "rows": rows})


def _submission(actor, submission_id) -> Submission:
    if not policy.decide(actor, Kind.SUBMISSION):
        raise Http404
    found = (
        Submission.objects.select_related("version__questionnaire")
        .filter(pk=submission_id, organisation_id=actor.organisation_id, complete=True)
        .first()
    )
    if found is None:
        raise Http404
    return found


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def submission_link(request, submission_id: int):
    actor = request.actor
    submission = _submission(actor, submission_id)
    form = LinkForm(
        request.POST or None,
        sessions=studies.study_sessions(actor=actor),
        initial={"session": submission.session_id},
    )

    def run(d):
        studies.submission_session_link(actor=actor, submission_id=submission.pk, session_id=d["session"])

    back = reverse("questionnaires:submissions", args=[submission.version_id])
    return _form(request, form=form, title=_("The session this submission was asked in"), run=run, back=back)


@actor_required(*RESEARCH)
@require_http_methods(["GET", "POST"])
def answer_codes(request, submission_id: int):
    """The submission's open answers the researcher may read, and one answer coded to a vocabulary."""
    actor = request.actor
    submission = _submission(actor, submission_id)
    chosen = request.GET.get("vocabulary", "")
    chosen = chosen if chosen in CodingVocabulary.values else CodingVocabulary.FACTORS.value
    language = get_language()
    values = answers_for(actor, submission)
    texts = []
    for question in submission.version.questions.filter(type="text").order_by("position"):
        if not may_read_class(actor, question.field_class):
            continue
        said = [str(v) for p, v in values.items() if POSITION.sub("", p) == question.path]
        if said:
            texts.append((question.path, in_language(question.labels, language) or question.name, said))
    form = CodesForm(
        request.POST or None,
        questions=[(path, label) for path, label, _said in texts],
        vocabulary=VOCABULARIES[chosen],
    )

    def run(d):
        downloads.answers_code(
            actor=actor, submission_id=submission.pk, path=d["path"], vocabulary=chosen, codes=d["codes"]
        )
        return request.get_full_path()

    coded = [
        (row.path, VOCABULARIES[row.vocabulary](row.code).label)
        for row in AnswerCode.objects.filter(submission=submission).order_by("path", "vocabulary", "code")
        if row.code in VOCABULARIES[row.vocabulary].values
    ]
    labels = {path: label for path, label, _said in texts}
    back = reverse("questionnaires:submissions", args=[submission.version_id])
    return _form(
        request,
        form=form,
        title=_("Code open answers"),
        run=run,
        back=back,
        template="questionnaires/codes.html",
        texts=texts,
        coded=[(labels[path], label) for path, label in coded if path in labels],
        vocabularies=CodingVocabulary.choices,
        chosen=chosen,
    )

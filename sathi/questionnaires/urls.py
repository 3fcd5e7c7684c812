from django.urls import path

from sathi.questionnaires import views, views_research, views_results

app_name = "questionnaires"

urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("upload/", views.questionnaire_upload, name="upload"),
    path("versions/<int:version_id>/", views.version_detail, name="version"),
    path("versions/<int:version_id>/classes/", views.classes_choose, name="classes"),
    path("versions/<int:version_id>/fill/", views.fill_start, name="fill-start"),
    path("fill/<int:submission_id>/<int:number>/", views.fill_page, name="fill"),
    path("versions/<int:version_id>/import/", views.import_new, name="import-new"),
    path("imports/<int:import_id>/", views.import_detail, name="import"),
    path("imports/<int:import_id>/resume/", views.import_resume, name="import-resume"),
    path("versions/<int:version_id>/submissions/", views_research.submission_list, name="submissions"),
    path("submissions/<int:submission_id>/session/", views_research.submission_link, name="submission-link"),
    path("submissions/<int:submission_id>/codes/", views_research.answer_codes, name="answer-codes"),
    path("results/", views_results.results_index, name="results-index"),
    path("versions/<int:version_id>/results/", views_results.results_page, name="results"),
    path(
        "versions/<int:version_id>/answers.<str:fmt>",
        views_results.answers_download,
        name="answers-download",
    ),
    path("versions/<int:version_id>/xlsform/", views_results.xlsform_download, name="xlsform-download"),
    path("studies/", views_research.study_list, name="studies"),
    path("studies/new/", views_research.study_new, name="study-new"),
    path("studies/<int:study_id>/", views_research.study_detail, name="study"),
    path("studies/<int:study_id>/cohorts/", views_research.cohort_add, name="cohort-add"),
    path("study-cohorts/<int:cohort_id>/sessions/", views_research.session_new, name="session-new"),
]

from django.urls import path

from sathi.questionnaires import views

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
]

from django.urls import path

from sathi.questionnaires import openrosa

app_name = "openrosa"

# The names ODK Collect appends to the server address: formList and submission.
urlpatterns = [
    path("formList", openrosa.form_list, name="form-list"),
    path("forms/<int:version_id>/form.xml", openrosa.form_download, name="form"),
    path("forms/<int:version_id>/manifest", openrosa.form_manifest, name="manifest"),
    path("submission", openrosa.submission, name="submission"),
]

from django.urls import path

from sathi.legal import views

app_name = "legal"

urlpatterns = [
    path("<int:case_id>/proceedings/", views.proceeding_add, name="proceeding-add"),
    path(
        "<int:case_id>/proceedings/<uuid:proceeding_id>/", views.proceeding_update, name="proceeding-update"
    ),
    path(
        "<int:case_id>/proceedings/<uuid:proceeding_id>/documents/", views.document_add, name="document-add"
    ),
    path("<int:case_id>/documents/<uuid:document_id>/", views.document, name="document"),
]

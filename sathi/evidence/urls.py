from django.urls import path

from sathi.evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.table_page, name="tables"),
    path("download.<str:fmt>", views.download, name="download"),
    path("dhis2/", views.dhis2_push, name="dhis2-push"),
    path("dhis2/mapping/", views.dhis2_mapping, name="dhis2-mapping"),
    path("ledger/", views.ledger_page, name="ledger"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/new/", views.alert_new, name="alert-new"),
    path("alerts/areas/", views.member_areas, name="member-areas"),
    path("reports/<str:audience>/", views.report, name="report"),
]

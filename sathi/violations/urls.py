from django.urls import path

from sathi.violations import edits, views

app_name = "violations"

urlpatterns = [
    path("", views.incident_list, name="incidents"),
    path("new/", views.incident_new, name="incident-new"),
    path("report/", views.raid_report, name="report"),
    path("report/export.<str:fmt>", views.raid_report_export, name="report-export"),
    path("<uuid:incident_id>/", views.incident_view, name="incident"),
    path("<uuid:incident_id>/edit/", edits.incident_edit, name="incident-edit"),
    path("<uuid:incident_id>/raid/", views.raid_edit, name="raid"),
    path("<uuid:incident_id>/review/", views.incident_review, name="incident-review"),
    path("<uuid:incident_id>/sources/", views.source_add, name="source-add"),
    path("<uuid:incident_id>/affected/", views.affected_add, name="affected-add"),
    path("<uuid:incident_id>/perpetrators/", views.perpetrator_add, name="perpetrator-add"),
    path("<uuid:incident_id>/responses/", views.response_add, name="response-add"),
    path("<uuid:incident_id>/evidence/", views.evidence_attach, name="evidence-attach"),
    path("affected/<uuid:affected_id>/outcomes/", views.outcome_add, name="outcome-add"),
    path("affected/<uuid:affected_id>/edit/", edits.affected_edit, name="affected-edit"),
    path("responses/<uuid:response_id>/edit/", edits.response_edit, name="response-edit"),
    path("outcomes/<int:outcome_id>/end/", edits.outcome_end, name="outcome-end"),
    path("evidence/<uuid:evidence_id>/", views.evidence_file, name="evidence-file"),
]

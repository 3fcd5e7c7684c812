from django.urls import path

from sathi.rights import views

app_name = "rights"

urlpatterns = [
    path("people/<uuid:person_id>/own-record/", views.own_record, name="own-record"),
    path("people/<uuid:person_id>/own-record.pdf", views.own_record_pdf, name="own-record-pdf"),
    path("people/<uuid:person_id>/corrections/", views.correction_list, name="corrections"),
    path(
        "people/<uuid:person_id>/corrections/<uuid:correction_id>/",
        views.correction_decide,
        name="correction-decide",
    ),
    path("people/<uuid:person_id>/erase/", views.erase, name="erase"),
    path("rights/erasures/", views.erasure_list, name="erasures"),
    path("people/<uuid:person_id>/crossing/", views.crossing_page, name="crossing"),
    path("people/<uuid:person_id>/crossing/wish/", views.wish_add, name="wish-add"),
    path("people/<uuid:person_id>/crossing/stages/", views.stage_add, name="stage-add"),
    path("people/<uuid:person_id>/crossing/protection/", views.protection_add, name="protection-add"),
    path("people/<uuid:person_id>/crossing/residence/", views.residence_add, name="residence-add"),
    path("people/<uuid:person_id>/crossing/compensation/", views.compensation_add, name="compensation-add"),
    path(
        "people/<uuid:person_id>/crossing/compensation/<int:compensation_id>/",
        views.compensation_edit,
        name="compensation-edit",
    ),
    path("people/<uuid:person_id>/crossing/return/", views.repatriation_add, name="repatriation-add"),
    path(
        "people/<uuid:person_id>/crossing/return/<uuid:plan_id>/start/",
        views.repatriation_start,
        name="repatriation-start",
    ),
]

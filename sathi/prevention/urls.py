from django.urls import path

from sathi.prevention import views

app_name = "prevention"

urlpatterns = [
    path("", views.home, name="home"),
    path("places/", views.places, name="places"),
    path("places/new/", views.place_new, name="place-new"),
    path("places/<int:place_id>/", views.place, name="place"),
    path("profile/", views.profile, name="profile"),
    path("profile/factors/", views.vulnerability_add, name="vulnerability-add"),
    path("profile/norms/", views.norm_add, name="norm-add"),
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:session_id>/", views.session, name="session"),
    path("sessions/<int:session_id>/ratings/", views.rating_add, name="rating-add"),
    path("sessions/<int:session_id>/choices/", views.choice_add, name="choice-add"),
    path("models/", views.models_page, name="models"),
    path("offices/", views.stakeholders, name="stakeholders"),
    path("offices/new/", views.stakeholder_new, name="stakeholder-new"),
    path("offices/<int:stakeholder_id>/", views.stakeholder, name="stakeholder"),
    path("offices/<int:stakeholder_id>/edit/", views.stakeholder_edit, name="stakeholder-edit"),
    path("offices/<int:stakeholder_id>/checks/", views.committee_check, name="committee-check"),
    path("grid/", views.grid, name="grid"),
    path("report/", views.report, name="report"),
    path("asks/", views.asks, name="asks"),
    path("asks/new/", views.ask_new, name="ask-new"),
    path("asks/<int:ask_id>/", views.ask, name="ask"),
    path("asks/<int:ask_id>/answers/", views.answer_add, name="answer-add"),
    path("asks/<int:ask_id>/next-step/", views.ask_escalate, name="ask-escalate"),
]

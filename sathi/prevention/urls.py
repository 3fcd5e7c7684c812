from django.urls import path

from sathi.prevention import views, views_asks, views_programme

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
    path("report/", views_asks.report, name="report"),
    path("asks/", views_asks.asks, name="asks"),
    path("asks/new/", views_asks.ask_new, name="ask-new"),
    path("asks/<int:ask_id>/", views_asks.ask, name="ask"),
    path("asks/<int:ask_id>/answers/", views_asks.answer_add, name="answer-add"),
    path("asks/<int:ask_id>/next-step/", views_asks.ask_escalate, name="ask-escalate"),
    path("dialogues/", views_programme.dialogue_list, name="dialogues"),
    path("dialogues/new/", views_programme.dialogue_new, name="dialogue-new"),
    path("dialogues/<int:dialogue_id>/", views_programme.dialogue, name="dialogue"),
    path(
        "dialogues/<int:dialogue_id>/participants/",
        views_programme.dialogue_participants,
        name="dialogue-participants",
    ),
    path(
        "dialogues/<int:dialogue_id>/commitments/",
        views_programme.dialogue_commitment,
        name="dialogue-commitment",
    ),
    path("assessments/", views_programme.assessment_list, name="assessments"),
    path("assessments/new/", views_programme.assessment_new, name="assessment-new"),
    path("assessments/<int:assessment_id>/", views_programme.assessment, name="assessment"),
    path("assessments/<int:assessment_id>/rounds/new/", views_programme.round_new, name="round-new"),
    path(
        "assessments/<int:assessment_id>/rounds/<int:round_id>/values/",
        views_programme.round_value,
        name="round-value",
    ),
    path("chain-of-risk/", views.chain, name="chain"),
    path("cases/<int:case_id>/asks/", views_asks.case_asks, name="case-asks"),
    path("cases/<int:case_id>/asks/new/", views_asks.case_ask_new, name="case-ask-new"),
    path("cases/<int:case_id>/asks/link/", views_asks.case_ask_link, name="case-ask-link"),
    path(
        "cases/<int:case_id>/asks/<int:ask_id>/answers/", views_asks.case_ask_answer, name="case-ask-answer"
    ),
]

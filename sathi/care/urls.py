from django.urls import path

from sathi.care import views

app_name = "care"

urlpatterns = [
    path("", views.my_cases, name="mine"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("open/<uuid:person_id>/", views.case_open, name="case-open"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/status/", views.case_status, name="case-status"),
    path("<int:case_id>/close/", views.case_close, name="case-close"),
    path("<int:case_id>/reopen/", views.case_reopen, name="case-reopen"),
    path("<int:case_id>/team/", views.team_add, name="team-add"),
    path("<int:case_id>/goals/", views.goal_add, name="goal-add"),
    path("<int:case_id>/pathway/", views.pathway_add, name="pathway-add"),
    path("<int:case_id>/needs/", views.need_add, name="need-add"),
    path("<int:case_id>/needs/<int:need_id>/", views.need_edit, name="need-edit"),
    path("<int:case_id>/services/", views.service_add, name="service-add"),
    path("<int:case_id>/plan/", views.plan_add, name="plan-add"),
    path("<int:case_id>/plan/<int:item_id>/done/", views.plan_done, name="plan-done"),
    path("<int:case_id>/placements/", views.placement_add, name="placement-add"),
    path(
        "<int:case_id>/placements/<uuid:placement_id>/review/",
        views.placement_review,
        name="placement-review",
    ),
    path("<int:case_id>/placements/<uuid:placement_id>/exit/", views.placement_exit, name="placement-exit"),
    path("<int:case_id>/follow-ups/<uuid:follow_up_id>/", views.follow_up, name="follow-up"),
    path("<int:case_id>/flags/", views.flag_raise, name="flag-raise"),
    path("<int:case_id>/flags/<int:flag_id>/resolve/", views.flag_resolve, name="flag-resolve"),
    path("<int:case_id>/referrals/new/", views.referral_add, name="referral-add"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<uuid:referral_id>/", views.referral_received, name="referral"),
    path("providers/", views.providers, name="providers"),
    path("providers/save/", views.provider_save, name="provider-save"),
]

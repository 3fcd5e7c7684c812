from django.urls import path

from sathi.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.board_list, name="boards"),
    path("new/", views.board_new, name="board-new"),
    path("places/", views.place_new, name="place-new"),
    path("<int:board_id>/", views.board_detail, name="board"),
    path("<int:board_id>/members/", views.member_add, name="member-add"),
    path("<int:board_id>/sittings/", views.sitting_add, name="sitting-add"),
    path("<int:board_id>/presentations/", views.presentation_add, name="presentation-add"),
    path("<int:board_id>/site-events/", views.site_event_add, name="site-event-add"),
    path("<int:board_id>/indicators/", views.board_indicators, name="indicators"),
    path("alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("screen/<uuid:person_id>/", views.screen, name="screen"),
    path("screenings/<uuid:screening_id>/", views.screening_detail, name="screening"),
]

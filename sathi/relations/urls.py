from django.urls import path

from sathi.relations import views

app_name = "relations"

urlpatterns = [
    path("<uuid:person_id>/", views.person_relations, name="person"),
    path("<uuid:person_id>/relations/", views.relation_add, name="relation-add"),
    path("<uuid:person_id>/relations/<uuid:relation_id>/qualities/", views.quality_add, name="quality-add"),
    path("<uuid:person_id>/events/", views.event_add, name="event-add"),
    path("<uuid:person_id>/sites/", views.site_add, name="site-add"),
    path("<uuid:person_id>/checks/", views.check_add, name="check-add"),
    path("<uuid:person_id>/checks/<uuid:check_id>/", views.check_detail, name="check"),
]

from django.urls import path

from sathi.people import views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
    path("people/find/", views.find, name="find"),
    path("people/new/", views.register, name="register"),
    path("people/<uuid:person_id>/", views.detail, name="detail"),
    path("people/<uuid:person_id>/edit/", views.edit, name="edit"),
    path("people/<uuid:person_id>/age/", views.age, name="age"),
    path("people/<uuid:person_id>/consent/", views.consent, name="consent"),
    path(
        "people/<uuid:person_id>/consent/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
    path("people/<uuid:person_id>/break-glass/", views.break_glass, name="break-glass"),
    path("people/<uuid:person_id>/assign/", views.assign, name="assign"),
    path("people/break-glass/<int:glass_id>/reviewed/", views.break_glass_review, name="break-glass-review"),
]

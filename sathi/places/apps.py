from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "sathi.places"
    label = "places"

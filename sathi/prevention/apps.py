from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "sathi.prevention"
    label = "prevention"

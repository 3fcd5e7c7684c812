from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "sathi.screening"
    label = "screening"

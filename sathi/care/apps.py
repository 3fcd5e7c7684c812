from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "sathi.care"
    label = "care"

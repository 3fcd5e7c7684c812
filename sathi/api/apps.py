from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sathi.api"
    label = "api"

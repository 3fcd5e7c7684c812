from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "sathi.rights"
    label = "rights"

from django.apps import AppConfig


class ViolationsConfig(AppConfig):
    name = "sathi.violations"
    label = "violations"

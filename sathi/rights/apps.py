from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "sathi.rights"
    label = "rights"

    def ready(self):
        from sathi.rights import tasks  # noqa: F401  (registers the daily retention job)

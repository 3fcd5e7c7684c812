from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "sathi.screening"
    label = "screening"

    def ready(self) -> None:
        from sathi.screening import indicators  # noqa: F401  (registers its statistics sources)

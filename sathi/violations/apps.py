from django.apps import AppConfig


class ViolationsConfig(AppConfig):
    name = "sathi.violations"
    label = "violations"

    def ready(self) -> None:
        # Registers the report's statistics sources and the suspicions an incident holds.
        from sathi.violations import report, safety  # noqa: F401

from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "sathi.relations"
    label = "relations"

    def ready(self) -> None:
        from sathi.relations import safety  # noqa: F401  (registers suspicions and the gate home)

from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "sathi.legal"
    label = "legal"

    def ready(self) -> None:
        from sathi.care import due
        from sathi.legal.selectors import proceedings_due

        due.register(proceedings_due)

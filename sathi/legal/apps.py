from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "sathi.legal"
    label = "legal"

    def ready(self) -> None:
        from sathi.care import due
        from sathi.legal.selectors import proceedings_due
        from sathi.people.policy import Kind

        due.register(proceedings_due, kind=Kind.LEGAL_STEP)

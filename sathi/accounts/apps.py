from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sathi.accounts"
    label = "accounts"

    def ready(self) -> None:
        from sathi.accounts import checks  # noqa: F401  (registers system checks)

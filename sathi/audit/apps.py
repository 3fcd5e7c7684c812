from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sathi.audit"
    label = "audit"

    def ready(self):
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from sathi.core.keyring import keyring
        from sathi.lib.crypto import KeyFileError

        if settings.DEBUG:
            return  # development: `make run` adds the audit key (ensure_dev_keys); log_action says so if not
        try:
            keyring().active_audit  # noqa: B018 (the property refuses when there is none)
        except KeyFileError as exc:
            # Production never writes an audit event it could not key: refuse to start instead.
            raise ImproperlyConfigured(str(exc)) from exc

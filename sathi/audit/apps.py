from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sathi.audit"
    label = "audit"

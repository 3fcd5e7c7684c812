from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "sathi.evidence"
    label = "evidence"

from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "sathi.relations"
    label = "relations"

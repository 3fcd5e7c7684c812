from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sathi.people"
    label = "people"

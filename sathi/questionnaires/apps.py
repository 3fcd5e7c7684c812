from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "sathi.questionnaires"
    label = "questionnaires"

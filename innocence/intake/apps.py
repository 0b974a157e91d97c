from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "innocence.intake"
    label = "intake"

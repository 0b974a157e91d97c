from django.apps import AppConfig


class WitnessesConfig(AppConfig):
    name = "innocence.witnesses"
    label = "witnesses"

from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "innocence.findings"
    label = "findings"
    verbose_name = "Findings"

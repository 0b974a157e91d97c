from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "innocence.cases"
    label = "cases"
    verbose_name = "Cases"

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "innocence.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from innocence.core import access

        from .selectors import case_is_visible, cases_visible_to

        # The rule for seeing a case lives in cases; core's predicates reach it here.
        access.register_case_visibility(case_is_visible, cases_visible_to)

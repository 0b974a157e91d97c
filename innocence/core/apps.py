from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innocence.core"
    label = "core"
    verbose_name = "Organizations, access and audit"

    def ready(self) -> None:
        from . import (
            auth_events,  # noqa: F401  (connects login/logout audit receivers)
            checks,  # noqa: F401  (registers the extension registry's system checks)
        )

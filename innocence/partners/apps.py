from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "innocence.partners"
    label = "partners"
    verbose_name = "Working across organizations"
    default_auto_field = "django.db.models.BigAutoField"

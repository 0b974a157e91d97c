from django.apps import AppConfig


class LensAppConfig(AppConfig):
    name = "tests.lensapp"
    label = "lensapp"
    verbose_name = "Sightings (fictional test lens)"
    default_auto_field = "django.db.models.BigAutoField"
    innocence_extensions = True  # let the registry read tests/lensapp/extensions.py

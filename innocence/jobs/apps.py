from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "innocence.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

from django.apps import AppConfig


class ProsecutionConfig(AppConfig):
    name = "innocence.prosecution"
    label = "prosecution"

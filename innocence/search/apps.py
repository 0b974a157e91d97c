from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "innocence.search"
    label = "search"

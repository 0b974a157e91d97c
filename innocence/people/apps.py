from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "innocence.people"
    label = "people"
    verbose_name = "People"

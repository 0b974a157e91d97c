from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "innocence.timeline"
    label = "timeline"

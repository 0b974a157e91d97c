from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "innocence.evidence"
    label = "evidence"

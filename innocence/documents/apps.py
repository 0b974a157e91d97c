from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "innocence.documents"
    label = "documents"

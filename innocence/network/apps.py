from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "innocence.network"
    label = "network"
    verbose_name = "Actor network"

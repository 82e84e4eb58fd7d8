from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "recoverynet.network"
    label = "network"
    verbose_name = "Networks and members"

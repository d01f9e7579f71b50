from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "sciezka.registry"
    label = "registry"

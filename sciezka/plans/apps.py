from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "sciezka.plans"
    label = "plans"

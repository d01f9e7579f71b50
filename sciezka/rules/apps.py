from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "sciezka.rules"
    label = "rules"

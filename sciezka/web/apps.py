from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sciezka.web"
    label = "web"

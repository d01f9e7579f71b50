from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "sciezka.common"
    label = "common"
    verbose_name = "Common"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sciezka.accounts"
    label = "accounts"

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "sciezka.referrals"
    label = "referrals"

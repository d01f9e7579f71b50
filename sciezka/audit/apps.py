from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sciezka.audit"
    label = "audit"

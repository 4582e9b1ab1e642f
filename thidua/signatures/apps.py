from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "thidua.signatures"
    label = "signatures"
    verbose_name = "Chữ ký số"

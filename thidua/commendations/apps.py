from django.apps import AppConfig


class CommendationsConfig(AppConfig):
    name = "thidua.commendations"
    label = "commendations"
    verbose_name = "Khen thưởng"

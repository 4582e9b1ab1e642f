from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "thidua.archive"
    label = "archive"
    verbose_name = "Lưu trữ"

from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "thidua.files"
    label = "files"
    verbose_name = "Tệp tải lên"

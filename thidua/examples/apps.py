from django.apps import AppConfig


class ExamplesConfig(AppConfig):
    name = "thidua.examples"
    label = "examples"
    verbose_name = "Điển hình tiên tiến, tuyên truyền"

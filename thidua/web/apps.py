from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "thidua.web"
    label = "web"
    verbose_name = "Giao diện chung"

    def ready(self) -> None:
        from thidua.lib.forms import install_text_cleaning

        install_text_cleaning()

        from thidua.lib.lengths import install_form_limits

        install_form_limits()

"""Vietnamese unless the user chose English: the browser's own language is not consulted.

Django's LocaleMiddleware would follow Accept-Language, so an office computer set up in English
would show English screens; the language switcher's cookie is the only way to change it here.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class RefuseNulMiddleware:
    """A query string with a NUL character is refused (400): no link of the product has one, and
    PostgreSQL refuses it in any text it would be compared with (a 500 otherwise). Form fields
    refuse it on their own (Django's CharField)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(_("Địa chỉ có ký tự không hợp lệ."))
        return self.get_response(request)

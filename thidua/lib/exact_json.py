"""Django's JSON fixtures with times to the microsecond.

Django's own JSON encoder cuts times to milliseconds, which would change every audit entry's time on
the way through a backup and break its keyed hash. The reading side is Django's own `json` format.
"""

import datetime as dt

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder

FORMAT = "thidua_exact_json"


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = django_json.Deserializer

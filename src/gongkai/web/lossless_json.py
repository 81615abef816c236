"""The ``json-lossless`` serializer used by ``gongkai backup``: Django's JSON, with whole microseconds.

Django's JSON encoder cuts datetimes to milliseconds, so a backup restored and backed up again would
differ (``12:00:00.000500`` is written ``12:00:00.000``, restored as ``12:00:00``).  This encoder keeps
the full ISO form; the restore reads it with Django's standard JSON deserializer.
"""

from __future__ import annotations

import datetime as dt

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

#: the format's reader: Django's JSON deserializer (a serializer module names both)
Deserializer = django_json.Deserializer


class LosslessEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = LosslessEncoder

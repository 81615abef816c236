"""The web layer's clock: the one place that reads today's date (STYLE.md §4).

``GONGKAI_TODAY=YYYY-MM-DD`` fixes the date (training, demos, tests); otherwise the local date.
"""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings


def today() -> dt.date:
    fixed = getattr(settings, "GONGKAI_TODAY", None) or os.environ.get("GONGKAI_TODAY")
    if fixed:
        return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
    return dt.date.today()

"""One row per rate-limit counter (see gongkai.web.ratelimit)."""

from __future__ import annotations

from django.db import models


class Counter(models.Model):
    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    #: end of the counter's window; an expired row counts as zero and is reused or swept
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "限流计数"

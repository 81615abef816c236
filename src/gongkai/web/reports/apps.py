from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from . import versions


class ReportsConfig(AppConfig):
    name = "gongkai.web.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        post_migrate.connect(_triggers_after_migrate, sender=self)


def _triggers_after_migrate(sender, using="default", **kwargs):
    """The record-version triggers survive every migration (gongkai.web.reports.versions.ensure)."""
    versions.ensure(connections[using])

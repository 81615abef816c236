from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from . import versions


class SupervisionConfig(AppConfig):
    name = "gongkai.web.supervision"
    label = "supervision"
    verbose_name = "上级审查"

    def ready(self):
        post_migrate.connect(_triggers_after_migrate, sender=self)
        from ..auditlog.services import ACTIONS  # lazy: ready() hook, the app registry is loaded now
        ACTIONS.update({
            "supervision_import": "导入已发布年报", "supervision_confirm": "确认年报所属机关",
            "supervision_review": "审查意见确认/排除", "supervision_reaudit": "重新审核已发布年报",
            "supervision_rectify": "下发整改（条例第四十七条）", "supervision_rectify_close": "整改事项办结",
            "supervision_published_on": "更正已发布年报的发布日期",
            "supervision_rectify_response": "报送整改情况", "supervision_refetch": "重新抓取年报网页地址",
            "supervision_renumber": "已发布年报版本重新编号",
            "supervision_reassign": "已发布年报改派到其他机关", "supervision_void": "已发布年报作废/移除",
            "supervision_restore": "已发布年报恢复（撤销作废）", "supervision_pin_version": "确认已发布年报的版本",
        })


def _triggers_after_migrate(sender, using="default", **kwargs):
    """The version triggers survive every migration (gongkai.web.supervision.versions)."""
    versions.ensure(connections[using])

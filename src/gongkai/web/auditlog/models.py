"""The append-only audit log (等保2.0 8.1.4.3 安全审计; 条例 casework records).

One row per change: who (``actor``), when (``at``), what (``action`` on ``target``), old → new.
Rows cannot be changed: :meth:`AuditEntry.save` refuses updates, :meth:`delete` and the queryset's
``delete``/``update`` refuse, and a database trigger (SQLite and PostgreSQL, migration 0002) aborts
any UPDATE.  Personal data in old/new values is masked before it is written.
"""

from __future__ import annotations

from django.db import models


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")


class AuditEntry(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor = models.CharField("操作人", max_length=150, blank=True)
    actor_role = models.CharField("角色", max_length=20, blank=True)
    agency_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField("操作", max_length=60)
    target_type = models.CharField("对象类型", max_length=40, blank=True)
    target_id = models.CharField("对象编号", max_length=60, blank=True)
    target_label = models.CharField("对象", max_length=200, blank=True)
    old = models.JSONField("原值", null=True, blank=True)
    new = models.JSONField("新值", null=True, blank=True)
    ip = models.CharField("来源地址", max_length=60, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "审计记录"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

"""Agencies (行政机关) in a hierarchy: 县/区 → 乡镇/街道 and 部门; users belong to one."""

from __future__ import annotations

from django.db import models

KINDS = {"city": "市", "county": "县/区", "township": "乡镇/街道", "department": "部门"}


class Agency(models.Model):
    name = models.CharField("机关名称", max_length=200, unique=True)
    kind = models.CharField("层级", max_length=20, choices=list(KINDS.items()), default="county")
    parent = models.ForeignKey("self", verbose_name="上级机关", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    review_body = models.CharField("行政复议机关（写入答复书救济途径）", max_length=200, default="本级人民政府")
    contact = models.CharField("政府信息公开工作机构联系方式", max_length=200, blank=True)
    address = models.CharField("受理地址", max_length=300, blank=True)
    public_intro = models.TextField("公开指南摘要", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "机关"

    def __str__(self) -> str:
        return self.name

    def subtree_ids(self) -> list[int]:
        """This agency's id and every descendant's (breadth first)."""
        children: dict[int | None, list[int]] = {}
        for aid, pid in Agency.objects.values_list("id", "parent_id"):
            children.setdefault(pid, []).append(aid)
        out, queue = [], [self.id]
        while queue:
            a = queue.pop(0)
            out.append(a)
            queue.extend(children.get(a, []))
        return out

    def subtree(self):
        return Agency.objects.filter(id__in=self.subtree_ids())

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

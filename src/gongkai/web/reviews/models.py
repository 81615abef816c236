"""The 复议/诉讼 register: cases arising from disclosure decisions, linked to the application.

Type (``kind``) and result use the ids of :mod:`gongkai.casework.counting` (REVIEW_KINDS,
REVIEW_RESULTS); a blank result is 尚未审结.  These rows fill table 四.
"""

from __future__ import annotations

from django.db import models

from gongkai.casework.counting import REVIEW_KINDS, REVIEW_RESULTS

STAGES = {"filed": "已立案/受理", "hearing": "审理中", "decided": "已审结"}
#: the result as the register's form says it (「结果维持」 → 「维持」)
RESULTS = {k: v.replace("结果", "") for k, v in REVIEW_RESULTS.items()}


class ReviewOrLawsuit(models.Model):
    """An administrative review or lawsuit (行政复议/行政诉讼, the glossary's "reviews and lawsuits") over a
    disclosure decision.  Not ``ReviewCase``: that is its counting value (:class:`gongkai.casework.counting.
    ReviewCase`), which the services and views build from it.  It was ``Litigation`` (label ``litigation``,
    table ``litigation_litigation``: renamed by migration litigation 0003 without moving a row)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="litigations")
    case = models.ForeignKey("cases.DisclosureRequest", verbose_name="关联的申请", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="litigations")
    number = models.CharField("案号", max_length=80)
    kind = models.CharField("类型", max_length=30, choices=list(REVIEW_KINDS.items()))
    stage = models.CharField("阶段", max_length=20, choices=list(STAGES.items()), default="filed")
    filed_on = models.DateField("立案/受理日期")
    result = models.CharField("结果", max_length=20, choices=list(RESULTS.items()), null=True, blank=True,
                              help_text="留空表示尚未审结")
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        db_table = "litigation_litigation"
        ordering = ["-filed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="litigation_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}（{REVIEW_KINDS.get(self.kind, self.kind)}）"

"""The annual report draft of one agency and year: what the platform cannot count.

``table2`` holds table 二's entered figures: ``{"row_id:column_id": {"value": "12", "source": "…"}}``
(规章/规范性文件 and 行政许可/处罚/强制/收费 come from other systems; the source is noted).
``sections`` holds the office's own paragraphs per section ("一"…"六"); the data-driven sentences
are not stored but generated from the records each time (so the text cannot contradict the tables).
``signoffs`` the chain 经办人 → 审核人 → 签发人: ``{"clerk": {"by", "at", "digest"}, "reviewer": …, "signatory": …}``
(``digest``: of the table figures signed, :func:`gongkai.web.reports.services.figures_digest`); an edit
before 签发 clears it.  ``signed_report`` is the report as the 签发人 signed it (``AnnualReport.to_dict``):
what is exported from then on, even when records counted into it change later; a signed report is
not edited until the 签发人 withdraws the sign-off.
"""

from __future__ import annotations

from django.db import models

SIGNOFF_CHAIN = (("clerk", "经办人提交"), ("reviewer", "审核人审核"), ("signatory", "签发人签发"))


class ReportDraft(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="report_drafts")
    year = models.PositiveIntegerField()
    table2 = models.JSONField(default=dict, blank=True)
    sections = models.JSONField(default=dict, blank=True)
    signoffs = models.JSONField(default=dict, blank=True)
    signed_report = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="report_draft_unique")]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年度报告"

    @property
    def is_signed(self) -> bool:
        return "signatory" in (self.signoffs or {})

    @property
    def status(self) -> str:
        done = [k for k, _ in SIGNOFF_CHAIN if k in (self.signoffs or {})]
        if not done:
            return "编辑中"
        return dict(SIGNOFF_CHAIN)[done[-1]].replace("提交", "已提交").replace("审核人审核", "已审核") \
            .replace("签发人签发", "已签发")

"""Published annual reports collected by a supervising office (上级审查), their audit results and the
supervisor's review of each finding.  See docs/supervision.md."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

STATUS = {"pending": "待审核", "audited": "已审核", "unreadable": "无法读取"}
MATCH = {"auto": "自动匹配", "confirmed": "已确认", "pending": "待确认"}
REVIEW = {"open": "待审查", "confirmed": "确认", "dismissed": "排除", "reopened": "依据已变，重新审查"}


class PublishedReport(models.Model):
    """One published file (one version of one unit's report for one year), stored as
    DATA_DIR/supervision/<sha256>.  The same bytes imported twice are one row."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.BigIntegerField()
    source_name = models.CharField("原文件名", max_length=500)
    imported_at = models.DateTimeField("导入时间", default=timezone.now)
    imported_by = models.CharField("导入人", max_length=150, blank=True)
    office = models.ForeignKey("agencies.Agency", verbose_name="审查机关", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField("发布日期", null=True, blank=True)  # None: 发布日期未知
    published_on_source = models.CharField("发布日期的来源", max_length=300, blank=True)
    year = models.IntegerField("年度", null=True, blank=True)
    year_given = models.IntegerField("导入时指定的年度", null=True, blank=True)
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="published_reports")
    agency_text = models.CharField("报告中的机关名称", max_length=300, blank=True)
    title = models.CharField("标题", max_length=500, blank=True)
    match_state = models.CharField(max_length=20, choices=list(MATCH.items()), default="pending")
    match_score = models.FloatField(null=True, blank=True)
    candidates = models.JSONField(default=list, blank=True)
    status = models.CharField("状态", max_length=20, choices=list(STATUS.items()), default="pending", db_index=True)
    read_error = models.TextField(blank=True)
    note = models.TextField(blank=True)
    errors = models.IntegerField(default=0)
    warnings = models.IntegerField(default=0)
    notices = models.IntegerField(default=0)
    audited_at = models.DateTimeField(null=True, blank=True)
    version = models.IntegerField("版本", default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    modified_after_publication = models.BooleanField("发布后修改", default=False)
    # the same publication in another format (a .txt beside the .pdf: same unit, year and figures): no version
    same_as = models.ForeignKey("self", verbose_name="同一发布的另一格式", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="formats")
    figures = models.JSONField(default=dict, blank=True)
    text_digest = models.CharField(max_length=64, blank=True)  # the narrative's characters (services.text_digest)
    # the other names the same content was imported under (a copy in another folder, a zip's member), in order
    other_names = models.JSONField("以其他文件名导入", default=list, blank=True)
    # 作废: not a report (or not one of this office's units): kept with its history, out of coverage, indicators
    # and the exports' counts (services.void_report); who, when and why also in the audit log
    voided_at = models.DateTimeField("作废时间", null=True, blank=True, db_index=True)
    voided_by = models.CharField("作废人", max_length=150, blank=True)
    void_reason = models.TextField("作废理由", blank=True)
    # the version number the supervisor confirmed (services.pin_version): renumber keeps it whatever arrives later
    version_pinned = models.IntegerField("确认的版本号", null=True, blank=True)
    version_pinned_by = models.CharField(max_length=150, blank=True)
    version_pinned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = "已发布年报"
        # the 上级审查 page's two files tables, newest first, a page at a time (issue 15): a year's files through
        # the first index, the few files waiting for a unit or year through the second (partial) one
        indexes = [models.Index(fields=["year", "-imported_at", "-id"], name="supervision_report_year_order"),
                   models.Index(fields=["-imported_at", "-id"], name="supervision_report_unplaced",
                                condition=models.Q(voided_at__isnull=True)
                                & (models.Q(year__isnull=True) | models.Q(agency__isnull=True)))]

    def __str__(self) -> str:
        return self.source_name

    @property
    def status_label(self) -> str:
        return STATUS.get(self.status, self.status)

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def match_label(self) -> str:
        return MATCH.get(self.match_state, self.match_state)

    @property
    def suffix(self) -> str:
        import os
        return os.path.splitext(self.source_name)[1].lower()


class ReportFinding(models.Model):
    """One finding of one published report, kept across audit runs by its ``identity`` (rule code + the
    places it is about), with the supervisor's decision."""

    report = models.ForeignKey(PublishedReport, on_delete=models.CASCADE, related_name="findings")
    identity = models.CharField(max_length=64)
    places = models.JSONField(default=list)
    origin = models.CharField(max_length=20, default="audit")  # audit | platform (发布后修改)
    code = models.CharField(max_length=20)
    severity = models.CharField(max_length=10)
    message = models.TextField()
    hint = models.TextField(blank=True)
    evidence = models.JSONField(default=list)
    evidence_digest = models.CharField(max_length=64)
    active = models.BooleanField(default=True)
    review = models.CharField(max_length=20, choices=list(REVIEW.items()), default="open")
    comment = models.TextField(blank=True)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    previous_review = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["report", "identity"], name="supervision_finding_identity")]

    @property
    def review_label(self) -> str:
        return REVIEW.get(self.review, self.review)

    @property
    def severity_label(self) -> str:
        return {"error": "错误", "warning": "警告", "notice": "提示"}.get(self.severity, self.severity)


RECTIFICATION = {"open": "整改中", "done": "已整改", "cancelled": "已撤销"}


class Rectification(models.Model):
    """An 整改 item (条例第四十七条 督促整改) issued from a finding to the unit, with a due date."""

    agency = models.ForeignKey("agencies.Agency", verbose_name="整改机关", on_delete=models.PROTECT, related_name="+")
    year = models.IntegerField("年度")
    report = models.ForeignKey(PublishedReport, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="rectifications")
    finding = models.ForeignKey(ReportFinding, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="rectifications")
    description = models.TextField("整改要求")
    issued_by = models.CharField(max_length=150)
    issued_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField("整改期限")
    status = models.CharField(max_length=20, choices=list(RECTIFICATION.items()), default="open")
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(blank=True)
    response = models.TextField("整改情况", blank=True)
    responded_by = models.CharField(max_length=150, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # every 报送 in order ({"text", "by", "at"}): a second one (补充报送) adds to the first, never replaces it;
    # response / responded_by / responded_at above are the latest (the 待办 and older code read them)
    responses = models.JSONField("报送记录", default=list, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    @property
    def reports(self) -> list[dict]:
        """The unit's 报送 in order, each {"text", "by", "at" (datetime)}; an item answered before the record
        was kept has its one answer."""
        if self.responses:
            return [{"text": e.get("text", ""), "by": e.get("by", ""),
                     "at": dt.datetime.fromisoformat(e["at"]) if e.get("at") else None} for e in self.responses]
        if self.response:
            return [{"text": self.response, "by": self.responded_by, "at": self.responded_at}]
        return []

    @property
    def status_label(self) -> str:
        return RECTIFICATION.get(self.status, self.status)

    @property
    def is_the_finding(self) -> bool:
        """Whether the 整改要求 is the finding's own text (the default; older versions prefixed "[code] "): the
        pages then show it once, with the rule code beside it."""
        f = self.finding
        return f is not None and self.description in (f.message, f"[{f.code}] {f.message}")

    @property
    def requirement(self) -> str:
        """The 整改要求 without the "[code] " an older version put before the finding's text."""
        f = self.finding
        if f is not None and self.description == f"[{f.code}] {f.message}":
            return f.message
        return self.description


ADDRESS = {"pending": "待抓取", "failed": "抓取失败", "fetched": "已抓取"}


class ImportAddress(models.Model):
    """A web address given to the import (the page's list, ``gongkai supervise import URL``/``--urls``): kept
    from the moment it is given, 待抓取 until a task (the worker, or this process without a broker) fetches
    it, then 已抓取 with the file it gave (:class:`PublishedReport`, matched and audited as an upload is) or
    抓取失败 with the reason in Chinese, fetched again on request.  Nothing given is dropped."""

    url = models.CharField("地址", max_length=2000)
    status = models.CharField("状态", max_length=20, choices=list(ADDRESS.items()), default="pending",
                              db_index=True)
    reason = models.TextField("未取得文件的原因", blank=True)
    note = models.TextField(blank=True)  # what a fetched zip left out (members refused), said beside the report
    office = models.ForeignKey("agencies.Agency", verbose_name="审查机关", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    imported_by = models.CharField("导入人", max_length=150, blank=True)
    given_at = models.DateTimeField("提交时间", default=timezone.now)
    fetched_at = models.DateTimeField("抓取时间", null=True, blank=True)  # the last attempt, ok or not
    attempts = models.IntegerField("抓取次数", default=0)
    year_given = models.IntegerField("导入时指定的年度", null=True, blank=True)
    published_on = models.DateField("导入时指定的发布日期", null=True, blank=True)
    published_on_own = models.BooleanField(default=False)  # the date was given for this address, not the batch
    report = models.ForeignKey(PublishedReport, verbose_name="取得的文件", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = "待抓取的网页地址"

    def __str__(self) -> str:
        return self.url

    @property
    def status_label(self) -> str:
        return ADDRESS.get(self.status, self.status)

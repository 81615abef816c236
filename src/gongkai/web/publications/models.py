"""The register as stored.  Each row mirrors a :mod:`gongkai.publications` value; the library decides
(review chain, deadline, counting), these rows remember.

- :class:`Item` ↔ :class:`gongkai.publications.Publication` (``services.to_publication``), with its
  :class:`ItemEvent` rows (the review chain: who, role, when, comment) and attachments;
- :class:`DocumentRecord` ↔ :class:`gongkai.publications.NormativeDocument` (规章/行政规范性文件 lifecycle);
- :class:`Figure` ↔ :class:`gongkai.publications.YearlyFigure` (表二 第（五）（六）（八）项, with source);
- :class:`Guide` the agency's 政府信息公开指南 details (条例第十二条第二款);
(The online applications' rows, ``OnlineApplication`` and ``ReplyFile``, are the cases app's:
:mod:`gongkai.web.cases.models`; their tables keep this app's label.)
"""

from __future__ import annotations

from django.db import models

from gongkai.publications import (CATEGORIES, DISCLOSURE_KINDS, DOCUMENT_KINDS, END_KINDS, FIGURE_ROWS, OPEN_STATES,
                                  REVIEW_CONCLUSIONS, STATES, WITHHOLDING_GROUNDS)

CATEGORY_CHOICES = [(c.id, c.display) for c in CATEGORIES.values()]
GROUND_CHOICES = [("", "—")] + [(k, f"{a} {t}") for k, (a, t) in WITHHOLDING_GROUNDS.items()]


class Item(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="publication_items")
    number = models.CharField("索引号", max_length=40)
    category = models.CharField("信息类别", max_length=60, choices=CATEGORY_CHOICES)
    title = models.CharField("标题", max_length=300)
    document_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发布机构", max_length=200, blank=True)
    formed_on = models.DateField("形成日期")
    changed_on = models.DateField("变更日期", null=True, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    document_kind = models.CharField("文件种类（表二第（一）项）", max_length=30, blank=True,
                                     choices=[("", "—")] + list(DOCUMENT_KINDS.items()))
    disclosure = models.CharField("公开属性", max_length=20, blank=True, choices=[("", "未认定")] + list(DISCLOSURE_KINDS.items()))
    ground = models.CharField("不予公开理由（条例条款）", max_length=40, blank=True, choices=GROUND_CHOICES)
    disclosure_reason = models.TextField("认定理由", blank=True)
    review_conclusion = models.CharField("保密审查结论", max_length=20, blank=True,
                                         choices=[("", "未审查")] + list(REVIEW_CONCLUSIONS.items()))
    reviewer_name = models.CharField("保密审查人", max_length=100, blank=True)
    reviewed_on = models.DateField("保密审查日期", null=True, blank=True)
    review_note = models.CharField("保密审查说明", max_length=300, blank=True)
    state = models.CharField("状态", max_length=20, choices=list(STATES.items()), default="draft", db_index=True)
    published_on = models.DateField("公开日期", null=True, blank=True, db_index=True)
    due = models.DateField("法定公开期限", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    #: 变更 (条例第二十六条): the published item this one is a new version of; on this one's sign-off that
    #: item becomes ``superseded`` (its public address then leads here)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="versions",
                                   verbose_name="所替代的信息")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-formed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="publication_number_unique"),
                       # one new version of an item in the review chain at a time (the library's rule, kept
                       # by the database too when two clerks press 「变更」 at once)
                       models.UniqueConstraint(fields=["supersedes"], name="publication_one_open_version",
                                               condition=models.Q(state__in=sorted(OPEN_STATES)))]
        indexes = [models.Index(fields=["agency", "state", "published_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def category_info(self):
        return CATEGORIES[self.category]


class ItemEvent(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=20)
    actor = models.CharField(max_length=150)
    role = models.CharField(max_length=20)
    at = models.DateTimeField()
    comment = models.TextField(blank=True)
    state = models.CharField(max_length=20)

    class Meta:
        ordering = ["item", "seq"]
        constraints = [models.UniqueConstraint(fields=["item", "seq"], name="publication_event_seq_unique")]


class ItemAttachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="publications/%Y/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)


class DocumentRecord(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="normative_documents")
    kind = models.CharField("种类", max_length=30, choices=list(DOCUMENT_KINDS.items()))
    title = models.CharField("名称", max_length=300)
    document_number = models.CharField("文号", max_length=100)
    issuer = models.CharField("制发机关", max_length=200, blank=True)
    issued_on = models.DateField("制发日期")
    amended_on = models.JSONField("修改日期", default=list, blank=True)
    ended_on = models.DateField("废止/失效日期", null=True, blank=True)
    end_kind = models.CharField("终止类型", max_length=20, blank=True, choices=[("", "现行有效")] + list(END_KINDS.items()))
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents")

    class Meta:
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"


class Figure(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="publication_figures")
    year = models.PositiveIntegerField()
    row = models.CharField(max_length=30, choices=[(k, v[1]) for k, v in FIGURE_ROWS.items()])
    value = models.CharField(max_length=30)
    source = models.CharField("数据来源", max_length=300)
    entered_by = models.CharField(max_length=150)
    entered_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "row"], name="publication_figure_unique")]


class Guide(models.Model):
    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="disclosure_guide")
    office = models.CharField("政府信息公开工作机构", max_length=200, blank=True)
    address = models.CharField("办公地址", max_length=300, blank=True)
    hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=100, blank=True)
    fax = models.CharField("传真号码", max_length=100, blank=True)
    email = models.CharField("互联网联系方式（电子邮箱等）", max_length=200, blank=True)
    notes = models.TextField("其他说明", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

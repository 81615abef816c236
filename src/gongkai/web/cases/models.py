"""Disclosure requests as stored: the registration and the list of engine events.

The engine's :class:`gongkai.casework.model.Request` is rebuilt from these rows
(:func:`gongkai.web.cases.engine.to_request`: ``new_request`` then ``replay``) — the events are the
record (STYLE.md §3, froide's event rows).  ``state``, ``due``, ``closed_on``, ``disposition`` are
copies kept for lists and counting; ``version`` is the optimistic lock.
"""

from __future__ import annotations

from django.db import models

from gongkai.casework.model import (APPLICANT_TYPES, CHANNELS, DISPOSITIONS, IN_PROGRESS, INTERNAL_STATES, STATES,
                                    disposition_label)


class DisclosureRequest(models.Model):
    """A disclosure request (依申请公开, the glossary's ``Request``).  Not named ``Request`` here: every Django view
    has an HTTP ``request``, and a model of the same name would be read as it.  It was ``Case`` (the app is still
    ``cases``, the table ``cases_case``: renamed by migration cases 0006 without moving a row)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="cases")
    number = models.CharField("申请编号", max_length=40)
    requester_name = models.CharField("申请人姓名或名称", max_length=200)
    applicant_type = models.CharField("申请人类型", max_length=40, choices=list(APPLICANT_TYPES.items()))
    id_document = models.CharField("身份证明", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    description = models.TextField("申请公开的政府信息（名称、文号或特征性描述）", blank=True)
    channel = models.CharField("申请渠道", max_length=20, choices=list(CHANNELS.items()))
    received_on = models.DateField("收到申请之日")
    form = models.CharField("获取信息的形式、方式和途径", max_length=200, blank=True)
    handler = models.CharField("经办人", max_length=50, blank=True)
    split_from = models.CharField(max_length=40, blank=True)
    # copies of the engine's state
    state = models.CharField("状态", max_length=30, choices=list(STATES.items()), default="received", db_index=True)
    disposition = models.CharField("办理结果", max_length=60, choices=list(DISPOSITIONS.items()), null=True,
                                   blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    due = models.DateField("期限届满日", null=True, blank=True)
    paused = models.BooleanField("期限暂停", default=False)
    #: the due date rests on a year without an official holiday schedule (暂定, see gongkai/workdays/calendar.py)
    due_provisional = models.BooleanField("期限暂定", default=False)
    calendar_error = models.CharField(max_length=300, blank=True)
    pending_extension = models.JSONField("待批准的延期", null=True, blank=True)
    #: 答复审核: the reason the 审核人 returned the submitted reply, until the clerk submits it again (a copy of the
    #: engine's ``Request.reply_returned``, for the clerk's 待办)
    reply_returned = models.CharField("答复退回修改理由", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cases_case"
        ordering = ["-received_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="case_number_unique_per_agency")]
        indexes = [models.Index(fields=["agency", "state", "due"]), models.Index(fields=["agency", "received_on"]),
                   models.Index(fields=["agency", "closed_on"]),
                   # the worklist's order: a supervisor's first page over many agencies without sorting them all
                   models.Index(fields=["-received_on", "-id"], name="case_worklist_order")]

    def __str__(self) -> str:
        return f"{self.number} {self.requester_name}"

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def public_state_label(self) -> str:
        """The state as the applicant's status page says it: the office's internal 答复审核 is 办理中."""
        return STATES[IN_PROGRESS] if self.state in INTERNAL_STATES else self.state_label

    @property
    def disposition_label(self) -> str:
        return disposition_label(self.disposition)


class RequestEvent(models.Model):
    """One engine event of a request (was ``CaseEvent``; table ``cases_caseevent``)."""

    case = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=40)
    on = models.DateField()
    actor = models.CharField(max_length=150, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cases_caseevent"
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="case_event_seq_unique")]


class TimelinessCopy(models.Model):
    """A concluded request's :class:`gongkai.casework.deadlines.Timeliness` as last computed, so that an export of
    thousands of cases does not replay every history again (issue 16).  A derived copy, never a record: it is
    used only while its ``stamp`` — the request's version, state and 办结日期, the office calendar's version and a
    digest of the engine's code (:func:`gongkai.web.cases.services.timeliness_of`) — is still the current one,
    and is recomputed otherwise.  Its own table, so that writing it changes no version of the records an annual
    report is counted from (:mod:`gongkai.web.reports.versions` watches ``cases_case``)."""

    case = models.OneToOneField(DisclosureRequest, on_delete=models.CASCADE, primary_key=True,
                                related_name="timeliness_copy")
    stamp = models.CharField(max_length=120)
    data = models.JSONField()


class Attachment(models.Model):
    case = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="cases/%Y/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=120)
    uploaded_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class DeadlineChange(models.Model):
    """A deadline moved by a change of the holiday calendar (a notice loaded, a package upgraded), never by
    an event of the case: shown on the case timeline and the worklist ("期限因节假日安排调整由…变更为…").

    ``told_applicant`` is set when the old date had been told to the applicant (补正告知书, 延期告知书);
    ``note`` then says what the statute requires."""

    case = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="deadline_changes")
    on = models.DateField("变更日期")
    kind = models.CharField("期限", max_length=40)
    old_due = models.DateField("原期限", null=True, blank=True)
    new_due = models.DateField("新期限", null=True, blank=True)
    old_provisional = models.BooleanField(default=False)
    new_provisional = models.BooleanField(default=False)
    reason = models.CharField("原因", max_length=300)
    actor = models.CharField(max_length=150, blank=True)
    told_applicant = models.BooleanField("已告知申请人", default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


# ------------------------------------------------------------------ online applications (条例第二十九条)
class OnlineApplication(models.Model):
    """An application made through the public form (:mod:`.online`): the case it created, the public tracking
    number and the hashed query code.  Its table and migrations keep the label of the app that held it first
    (``publications``): the rows did not move."""

    case = models.OneToOneField(DisclosureRequest, on_delete=models.PROTECT, related_name="online_application")
    tracking_number = models.CharField(max_length=20, unique=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    #: the id of the form rendering that created it: unique, so the same form posted twice at once (double
    #: click, two tabs, a retry without the session cookie) makes one application, not two
    submission = models.CharField(max_length=40, unique=True, null=True, blank=True)

    class Meta:
        app_label = "publications"


class ReplyFile(models.Model):
    """A reply letter the online applicant downloads (label ``publications`` as :class:`OnlineApplication`)."""

    application = models.ForeignKey(OnlineApplication, on_delete=models.CASCADE, related_name="replies")
    file = models.FileField(upload_to="replies/%Y/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=120)
    uploaded_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "publications"

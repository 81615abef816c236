"""Forms: intake (as the engine requires) and one small form per engine event."""

from __future__ import annotations

import functools

from django import forms
from django.utils.datastructures import MultiValueDict

from gongkai.casework.model import (APPLICANT_TYPES, CHANNELS, LAPSE_DISPOSITIONS, STATES, IntakeError, date_received,
                                    disposition_choices, disposition_label)
from gongkai.casework.workflow import CONSULTATION_KINDS
from gongkai.web.accounts.models import CASE_ROLES, ROLES, User

from .models import DisclosureRequest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def handler_choices(agency, current: str = "") -> list[tuple[str, str]]:
    """The agency's active case users (经办人、审核人、签发人) by display name, as 经办人 choices:
    value and label the display name (the engine records the handler by name), the role after it.
    ``current`` (a handler recorded before, e.g. from a ledger) is kept as a choice when no user has it."""
    users = (User.objects.filter(agency=agency, role__in=CASE_ROLES, is_active=True).order_by("role", "username")
             if agency is not None else User.objects.none())
    out, seen = [], set()
    for u in users:
        if u.display_name not in seen:
            seen.add(u.display_name)
            out.append((u.display_name, f"{u.display_name}（{ROLES[u.role]}）"))
    if current and current not in seen:
        out.append((current, f"{current}（原登记）"))
    return out


class IntakeForm(forms.ModelForm):
    """登记申请.  Required: what ``new_request`` cannot do without (name, type, channel, date);
    the 第二十九条 items may be missing — they become grounds for a 补正 notice.

    The form asks the date the channel needs (第三十一条) — 当面 the day submitted, 邮寄 the day the
    office signed for it, 平常信函/网络/传真 the day of confirmation — and derives the 收到申请之日 with
    :func:`gongkai.casework.model.date_received` (``cleaned_data["received_on"]``; the rule applied in
    ``receipt_rule``).  Only the chosen channel's date is used."""

    submitted_on = forms.DateField(label="提交日期（当面提交）", widget=DATE, required=False,
                                   help_text="第三十一条第（一）项：当面提交的，以提交之日为收到申请之日")
    signed_on = forms.DateField(label="签收日期（邮寄）", widget=DATE, required=False,
                                help_text="第三十一条第（二）项：邮寄的，以本机关签收之日为收到申请之日")
    confirmed_on = forms.DateField(label="确认日期（平常信函、网络、传真）", widget=DATE, required=False,
                                   help_text="平常信函：与申请人确认之日；网络、传真：双方确认之日（第三十一条第（二）（三）项）")

    class Meta:
        model = DisclosureRequest
        fields = ["number", "requester_name", "applicant_type", "id_document", "contact", "address", "channel",
                  "description", "form"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"number": "留空则自动编号（年份-序号）",
                      "id_document": "例如：居民身份证 110101199001011234"}

    handler = forms.ChoiceField(label="经办人", required=False, help_text="本机关的经办人、审核人或签发人；留空则为登记人")

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["handler"].choices = [("", "（登记人）")] + handler_choices(agency)
        order = ["number", "requester_name", "applicant_type", "id_document", "contact", "address", "channel",
                 "submitted_on", "signed_on", "confirmed_on", "description", "form", "handler"]
        self.order_fields(order)

    def clean(self):
        d = super().clean()
        channel = d.get("channel")
        if channel:
            try:
                d["received_on"], self.receipt_rule = date_received(
                    channel, submitted_on=d.get("submitted_on"), signed_on=d.get("signed_on"),
                    confirmed_on=d.get("confirmed_on"))
            except IntakeError as e:
                field = {"in_person": "submitted_on", "post": "signed_on"}.get(channel, "confirmed_on")
                self.add_error(field, str(e))
        return d

    def case_fields(self) -> dict:
        """The DisclosureRequest fields to register (the channel dates replaced by the 收到申请之日)."""
        d = self.cleaned_data
        return {k: v for k, v in d.items() if k not in ("submitted_on", "signed_on", "confirmed_on")}


class EditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = DisclosureRequest
        fields = ["requester_name", "id_document", "contact", "address", "description", "form"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class EventForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="日期", widget=DATE)

    def engine_data(self) -> dict:
        return {}


class ClarificationForm(EventForm):
    items = forms.CharField(label="需要补正的事项（每行一项，一次性告知）", widget=forms.Textarea(attrs={"rows": 2}))
    period_days = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=60, initial=15)

    def engine_data(self):
        return {"items": [x.strip() for x in self.cleaned_data["items"].splitlines() if x.strip()],
                "period_days": self.cleaned_data["period_days"]}


class ConsultationForm(EventForm):
    consultation_kind = forms.ChoiceField(label="征求对象", choices=[(k, v[0]) for k, v in CONSULTATION_KINDS.items()])
    party = forms.CharField(label="第三方或机关名称", max_length=200)
    party_received_on = forms.DateField(
        label="对方收到征求意见书的日期", widget=DATE, required=False,
        help_text="第三十二条：15个工作日自对方收到之日起算；不知道时留空，先按发出日期计算，收到回执后再登记")

    def engine_data(self):
        d = {"consultation_kind": self.cleaned_data["consultation_kind"], "party": self.cleaned_data["party"]}
        if self.cleaned_data.get("party_received_on"):
            d["party_received_on"] = self.cleaned_data["party_received_on"]
        return d


class ConsultationReceivedForm(EventForm):
    party_received_on = forms.DateField(label="对方收到征求意见书的日期（签收回执、送达记录）", widget=DATE)

    def engine_data(self):
        return {"party_received_on": self.cleaned_data["party_received_on"]}


class DelayForm(EventForm):
    """第三十五条 延迟答复: reasons asked, found reasonable, period set and told to the applicant."""

    reason_asked_on = forms.DateField(label="要求申请人说明理由的日期", widget=DATE)
    applicant_reason = forms.CharField(label="申请人说明的理由（本机关认为合理）", max_length=500,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    days = forms.IntegerField(label="延迟答复期限（工作日，在第三十三条期限之外另计）", min_value=1, max_value=250)
    notified_on = forms.DateField(label="告知申请人日期", widget=DATE)

    def engine_data(self):
        return {k: self.cleaned_data[k] for k in ("reason_asked_on", "applicant_reason", "days", "notified_on")}


class ExtendForm(EventForm):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", max_length=200, initial="所申请信息需进一步检索、审查")
    notified_on = forms.DateField(label="告知申请人日期", widget=DATE)

    def engine_data(self):
        return {"days": self.cleaned_data["days"], "reason": self.cleaned_data["reason"],
                "notified_on": self.cleaned_data["notified_on"]}


class ExtensionRequestForm(EventForm):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", max_length=200, initial="所申请信息需进一步检索、审查")


class FeeForm(EventForm):
    method = forms.ChoiceField(label="计费方式", choices=[("per_request", "按件计收"), ("per_page", "按量计收")])
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False,
                               help_text="按量计收填页数，金额由系统按国办函〔2020〕109号分档累进计算（可不填金额）")
    amount_yuan = forms.IntegerField(label="金额（元）", min_value=1, required=False)
    confirm_large = forms.BooleanField(label="确认金额（超过100万元时须勾选）", required=False)
    received_on = forms.DateField(label="申请人收到通知日期", widget=DATE, required=False,
                                  help_text="缴费期限为收到通知次日起20个工作日；不填按发出日期计算")

    def clean(self):
        d = super().clean()
        if d.get("amount_yuan") is None and not (d.get("method") == "per_page" and d.get("pages")):
            self.add_error("amount_yuan", "请填写金额，或按量计收时填写页数。")
        if d.get("pages") and d.get("method") != "per_page":
            self.add_error("pages", "页数只用于按量计收（办法第三条：不得同时按两种标准计算）。")
        return d

    def engine_data(self):
        d = {"method": self.cleaned_data["method"]}
        for k in ("amount_yuan", "pages", "received_on"):
            if self.cleaned_data.get(k) is not None:
                d[k] = self.cleaned_data[k]
        if self.cleaned_data.get("confirm_large"):
            d["confirm_large"] = True
        return d


#: table 三's outcome rows grouped as the table groups them (（三）–（六） as <optgroup>s); the lapse rows
#: (（六）1、2) are reached by the lapse events, never chosen in a reply (engine rule)
RESPOND_CHOICES = disposition_choices(exclude=LAPSE_DISPOSITIONS)


class RespondForm(EventForm):
    disposition = forms.ChoiceField(label="办理结果（年报表三的一行）", choices=RESPOND_CHOICES)
    info_given = forms.CharField(label="提供的信息", max_length=500, required=False)
    info_withheld = forms.CharField(label="不予公开的部分", max_length=500, required=False)
    reason = forms.CharField(label="理由/说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def limit_to(self, req) -> None:
        """Offer only the rows this request may be answered with: “补正后申请内容仍不明确” only after a 补正
        was received (第三十条; the engine refuses it otherwise); a reply approved under 答复审核 only with the
        outcome approved."""
        approved = (req.reply_draft or {}).get("disposition") if req.state == "reply_approved" else None
        if approved:
            self.fields["disposition"].choices = [(approved, disposition_label(approved))]
        elif req.clarification_received_on is None:
            self.fields["disposition"].choices = disposition_choices(
                exclude={*LAPSE_DISPOSITIONS, "unavailable_unclear_after_correction"})

    def engine_data(self):
        d = {"disposition": self.cleaned_data["disposition"]}
        for k in ("info_given", "info_withheld", "reason"):
            if self.cleaned_data.get(k):
                d[k] = self.cleaned_data[k]
        return d


class SubmitReplyForm(RespondForm):
    """提交答复审核 (答复审核 on): the drafted reply — its outcome and the letter's text — goes to the 审核人."""


class ReturnReplyForm(EventForm):
    """退回修改: the 审核人 sends the reply back; the reason is required and shown to the clerk."""

    reason = forms.CharField(label="退回理由（须写明，供经办人修改）", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def engine_data(self):
        return {"reason": self.cleaned_data["reason"].strip()}


class ApproveReplyForm(forms.Form):
    """审核通过: the reply goes out today (its date is the day it went out), so no date is asked."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label="审核意见（可不填）", max_length=200, required=False)


class AssignForm(EventForm):
    """指定经办人: one of the agency's users (经办人、审核人、签发人), chosen by display name; the engine
    event is unchanged (``{"handler": name}``)."""

    handler = forms.ChoiceField(label="经办人")

    def __init__(self, *args, agency=None, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = handler_choices(agency)
        if current in dict(self.fields["handler"].choices):
            self.fields["handler"].initial = current

    def engine_data(self):
        return {"handler": self.cleaned_data["handler"]}


EVENT_FORMS = {"request_clarification": ClarificationForm, "start_consultation": ConsultationForm,
               "consultation_received": ConsultationReceivedForm, "delay_reply": DelayForm,
               "extend": ExtendForm, "issue_fee_notice": FeeForm, "respond": RespondForm, "assign": AssignForm,
               "submit_reply": SubmitReplyForm, "return_reply": ReturnReplyForm, "approve_reply": ApproveReplyForm}


def event_form(kind: str, *args, case=None, **kwargs) -> EventForm:
    """The form for engine event ``kind``; ``case`` gives the 指定经办人 form its agency's users."""
    cls = EVENT_FORMS.get(kind, EventForm)
    if cls is AssignForm:
        kwargs.update(agency=case.agency if case is not None else None, current=case.handler if case else "")
    return cls(*args, prefix=kind, **kwargs)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件")


class FilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    state = forms.ChoiceField(label="状态", required=False)
    applicant_type = forms.ChoiceField(label="申请人类型", required=False,
                                       choices=[("", "全部")] + list(APPLICANT_TYPES.items()))
    channel = forms.ChoiceField(label="渠道", required=False, choices=[("", "全部")] + list(CHANNELS.items()))
    # 条例 (2008) onwards; a year outside it matches nothing, but must not reach the database as an error
    year = forms.IntegerField(label="收到年份", required=False, min_value=2008, max_value=2100,
                              error_messages={"min_value": "收到年份应在 2008 至 2100 之间。",
                                              "max_value": "收到年份应在 2008 至 2100 之间。",
                                              "invalid": "收到年份应为四位数字，如 2025。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "全部")] + list(STATES.items())

    def as_p_kept(self):
        """``as_p()`` as the worklist shows it on every visit, kept per process for the same submitted values:
        the form and its widgets go through Django's form templates (a few milliseconds of CPU, a tenth of the
        worklist's), while its HTML depends only on the values of its fields (its choices are constants)."""
        if self.is_bound and not isinstance(self.data, MultiValueDict):  # (a plain dict: not kept)
            return self.as_p()
        data = tuple((name, tuple(self.data.getlist(name))) for name in self.fields) if self.is_bound else None
        return _filter_form_html(data)


@functools.lru_cache(maxsize=256)
def _filter_form_html(data: tuple | None):
    return FilterForm(MultiValueDict({k: list(v) for k, v in data}) if data is not None else None).as_p()

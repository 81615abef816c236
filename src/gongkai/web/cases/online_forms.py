"""Forms of the online applications (条例第二十九条): the public form, the status look-up, the reply upload."""

from __future__ import annotations

from django import forms

from gongkai.casework.model import APPLICANT_TYPES

FORMS_OF_ACCESS = [("电子邮件", "电子邮件"), ("邮寄纸质件", "邮寄纸质件"), ("当面领取", "当面领取"), ("网上下载", "在本网站下载")]


class ApplicationForm(forms.Form):
    """条例第二十九条: （一）申请人的姓名或者名称、身份证明、联系方式；（二）所需信息的名称、文号或者特征性描述；
    （三）形式要求，包括获取信息的方式、途径。"""

    requester_name = forms.CharField(label="申请人姓名或者名称", max_length=200)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=list(APPLICANT_TYPES.items()))
    id_document = forms.CharField(label="身份证明（证件类型及号码，或统一社会信用代码）", max_length=100)
    contact = forms.CharField(label="联系电话", max_length=100)
    address = forms.CharField(label="通信地址或电子邮箱", max_length=300, required=False)
    description = forms.CharField(label="所需政府信息的名称、文号或者便于查询的其他特征性描述", max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    access = forms.ChoiceField(label="获取信息的方式、途径", choices=FORMS_OF_ACCESS)
    form_note = forms.CharField(label="形式要求的补充说明（可选）", max_length=200, required=False)
    id_scan = forms.FileField(label="身份证明材料（可选，PDF/JPG/PNG）", required=False)
    website = forms.CharField(label="请勿填写此项", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def clean(self):
        data = super().clean()
        if data.get("website"):  # a field people do not see: only robots fill it
            raise forms.ValidationError("提交未被接受。")
        return data


class LookupForm(forms.Form):
    tracking_number = forms.CharField(label="申请查询编号", max_length=20)
    code = forms.CharField(label="查询码", max_length=20, widget=forms.PasswordInput(render_value=False))


class UploadForm(forms.Form):
    file = forms.FileField(label="文件", error_messages={"required": "请选择要上传的文件。",
                                                       "empty": "上传的文件是空的。", "invalid": "没有收到文件。"})

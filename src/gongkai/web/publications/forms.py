"""Forms: labels in Chinese, every field labelled (screen readers), dates as HTML date inputs."""

from __future__ import annotations

from django import forms

from gongkai.publications import DOCUMENT_KINDS, FIGURE_ROWS, categories_for

from .models import Guide, Item

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVEL_OF_KIND = {"township": "township", "county": "county", "city": "county"}


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["category", "title", "document_number", "issuer", "formed_on", "changed_on", "summary", "body",
                  "document_kind", "disclosure", "ground", "disclosure_reason", "review_conclusion", "reviewer_name",
                  "reviewed_on", "review_note"]
        widgets = {"formed_on": DATE, "changed_on": DATE, "reviewed_on": DATE,
                   "summary": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 8}),
                   "disclosure_reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"formed_on": "条例第二十六条：自形成或者变更之日起20个工作日内公开",
                      "ground": "仅“不予公开”时选择（条例第十四条、第十五条、第十六条）",
                      "review_conclusion": "条例第十七条：拟公开的信息须经保密审查"}

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            # 第二十条 for every agency; 第二十一条 items by level (乡镇 / 县级以上)
            level = LEVEL_OF_KIND.get(agency.kind, "county" if agency.kind == "department" else "other")
            self.fields["category"].choices = [(c.id, c.display) for c in categories_for(level)]


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NewVersionForm(forms.Form):
    """变更（起草新版本）of a published item: the date the information changed (第二十六条)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    changed_on = forms.DateField(label="变更日期", widget=DATE,
                                 help_text="条例第二十六条：新版本自变更之日起20个工作日内公开",
                                 error_messages={"required": "请填写变更日期。",
                                                 "invalid": "变更日期格式不对，应为“年-月-日”，如 2025-03-20。"})


class UploadForm(forms.Form):
    file = forms.FileField(label="文件", error_messages={"required": "请选择要上传的文件。",
                                                       "empty": "上传的文件是空的。", "invalid": "没有收到文件。"})


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="种类", choices=list(DOCUMENT_KINDS.items()))
    title = forms.CharField(label="名称", max_length=300)
    document_number = forms.CharField(label="文号", max_length=100)
    issuer = forms.CharField(label="制发机关", max_length=200, required=False)
    issued_on = forms.DateField(label="制发日期", widget=DATE)


class DocumentActionForm(forms.Form):
    action = forms.ChoiceField(label="操作", choices=[("amend", "修改"), ("repeal", "废止"), ("expire", "失效（有效期届满）"),
                                                    ("void", "撤销登记（录入错误）")],
                               error_messages={"required": "请选择操作。", "invalid_choice": "请选择操作。"})
    on = forms.DateField(label="日期", widget=DATE, required=False,
                         error_messages={"invalid": "日期格式不对，应为“年-月-日”，如 2025-03-20。"})

    def clean(self):
        data = super().clean()
        if data.get("action") in ("amend", "repeal", "expire") and not data.get("on") and "on" not in self.errors:
            self.add_error("on", "请填写日期。")
        return data


class FigureForm(forms.Form):
    def __init__(self, *args, initial_figures=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_figures = initial_figures or {}
        for row, (_, label, item) in FIGURE_ROWS.items():
            f = initial_figures.get(row)
            self.fields[f"{row}_value"] = forms.CharField(label=f"{label}（{item}）", required=False,
                                                          initial=f.value if f else "")
            self.fields[f"{row}_source"] = forms.CharField(label=f"{label} 数据来源", required=False, max_length=300,
                                                           initial=f.source if f else "")


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = ["office", "address", "hours", "phone", "fax", "email", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "gongkai.web.publications"
    label = "publications"
    verbose_name = "主动公开"

    def ready(self):
        # audit-log labels of this app's actions (the audit log shows ACTIONS[action])
        from ..auditlog.services import ACTIONS  # lazy: ready() hook, the app registry is loaded now
        ACTIONS.update({
            "publication_create": "起草主动公开信息", "publication_revise": "修改主动公开信息",
            "publication_submit": "提交审核", "publication_approve": "审核通过", "publication_return": "退回修改",
            "publication_sign_off": "签发", "publication_attachment": "上传公开信息附件",
            "publication_new_version": "变更（起草新版本）", "publication_superseded": "已公开信息被新版本替代",
            "document_lifecycle": "登记规章/规范性文件制发、修改、废止", "document_void": "撤销规章/规范性文件登记（录入错误）", "figure_save": "录入表二年度数据",
            "guide_save": "修改政府信息公开指南", "online_application": "网上提交政府信息公开申请",
            "online_reply_upload": "上传答复书供申请人下载", "online_reply_download": "申请人下载答复书",
        })

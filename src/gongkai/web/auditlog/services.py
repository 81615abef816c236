"""Writing the audit log: :func:`record` is called by every service that changes something."""

from __future__ import annotations

from ..clientip import client_ip
from ..security import mask_id, mask_phone
from .models import AuditEntry

ACTIONS = {
    "login": "登录", "logout": "退出", "login_failed": "登录失败", "login_refused_locked": "账户锁定中拒绝登录", "login_refused_ip_limit": "来源地址登录失败过多，拒绝登录",
    "setup": "首次运行初始化", "agency_create": "新建机关", "agency_update": "修改机关", "agency_delete": "删除机关", "agency_deactivate": "停用机关（撤销、合并）", "agency_reactivate": "重新启用机关", "user_create": "新建用户", "accounts_import": "批量导入单位和账号", "user_unlock": "解除锁定", "login_ip_release": "解除地址登录暂停",
    "user_grant_personal": "授予查看个人信息", "user_revoke_personal": "收回查看个人信息",
    "case_register": "登记申请", "case_import": "导入办件台账", "case_event": "办理事件", "case_edit": "修改申请信息",
    "case_extension_requested": "提请延期", "case_extension_refused": "不同意延期",
    "attachment_upload": "上传附件", "letter_download": "下载文书", "export": "导出",
    "review_create": "登记复议诉讼", "review_update": "修改复议诉讼",
    "report_table2": "填报表二", "report_sections": "修改报告正文", "report_signoff": "报告签核", "report_signoff_reset": "报告数字变化，签核清除", "report_withdraw": "撤回报告签发",
    "auditlog_export": "导出审计日志",
    "calendar_load": "加载节假日安排", "calendar_recompute": "按节假日安排重新计算期限",
    "restore": "从备份恢复数据",
    "user_disable": "停用账户", "user_enable": "启用账户", "role_grant": "授予角色", "password_change": "修改密码",
    "user_password_reset": "重置密码",
}
#: a renamed model keeps the ``target_type`` code the log has always stored for it (the log is append-only and
#: its filter, words and masking go by the code): model_name → stored code
TARGET_TYPES = {"disclosurerequest": "case", "requestevent": "caseevent", "revieworlawsuit": "litigation"}
_PERSONAL_ID = ("id_document",)
_PERSONAL_PHONE = ("contact",)


def _mask(values):
    if not isinstance(values, dict):
        return values
    out = {}
    for k, v in values.items():
        if k in _PERSONAL_ID and isinstance(v, str):
            v = mask_id(v)
        elif k in _PERSONAL_PHONE and isinstance(v, str):
            v = mask_phone(v)
        out[k] = v
    return out


def _ip(request):
    return client_ip(request)


def target_type(target) -> str:
    """The code an entry stores for the kind of ``target`` (its model's name, or the one it had before renaming)."""
    name = target._meta.model_name
    return TARGET_TYPES.get(name, name)


def record(user, action: str, target=None, *, old=None, new=None, request=None, agency_id=None):
    """Append one entry: ``user`` (or None for anonymous), ``action`` (a key of :data:`ACTIONS`),
    ``target`` a model instance (or None), ``old``/``new`` JSON-ready dicts (personal data masked)."""
    if agency_id is None and target is not None:
        agency_id = getattr(target, "agency_id", None)
    if agency_id is None and user is not None:
        agency_id = getattr(user, "agency_id", None)
    public = target is not None and target._meta.model_name == "agency"
    return AuditEntry.objects.create(
        actor_id=getattr(user, "id", None), actor=(user.username if user is not None else ""),
        actor_role=(getattr(user, "role", "") if user is not None else ""), agency_id=agency_id, action=action,
        target_type=(target_type(target) if target is not None else ""),
        target_id=(str(target.pk) if target is not None else ""), target_label=(str(target)[:200] if target else ""),
        # (an agency's 联系电话 is its public office number, not personal data)
        old=old if public else _mask(old), new=new if public else _mask(new), ip=_ip(request))

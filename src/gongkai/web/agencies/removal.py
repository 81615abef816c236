"""Removing a unit (系统管理员, 编辑机关 → 删除或停用): **deleted** only when nothing on the platform refers to it
(a unit created by mistake, a misspelt name); otherwise **deactivated** (停用: 撤销、合并), never deleted, so that
no case, register row, report, imported file or 整改 item loses its unit.  Both after a confirmation (the
unit's name typed again, a reason), both audit-logged.  What refers to a unit is found from the models
themselves (every foreign key to Agency, those without a reverse name too), not from a list kept here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ..auditlog.services import record
from ..clock import today
from .models import KINDS, Agency

#: how the confirmation page names the rows of a model (``app_label.Model.field``) that refer to a unit; a model
#: not listed is named by its verbose_name
LABELS = {
    "agencies.Agency.parent": "下级机关", "accounts.User.agency": "账户",
    "cases.DisclosureRequest.agency": "依申请公开办件", "litigation.ReviewOrLawsuit.agency": "复议诉讼登记",
    "reports.ReportDraft.agency": "本平台编写的年度报告", "publications.Item.agency": "主动公开登记",
    "publications.DocumentRecord.agency": "规章、规范性文件登记", "publications.Figure.agency": "主动公开年度数字",
    "publications.Guide.agency": "政府信息公开指南", "supervision.PublishedReport.agency": "已发布年报（所属机关）",
    "supervision.PublishedReport.office": "导入的已发布年报（审查机关）", "supervision.Rectification.agency": "整改事项",
    "supervision.ImportAddress.office": "导入的网页地址（审查机关）",
}


class RemovalError(ValueError):
    """A refusal, in Chinese."""


@dataclass
class Plan:
    """What removing ``agency`` would do: ``references`` [(label, count)] of the rows that refer to it; with
    none it is deleted, else deactivated; ``blockers`` the reasons it cannot be done yet."""
    agency: Agency
    references: list
    blockers: list

    @property
    def deletes(self) -> bool:
        return not self.references


def _relations():
    for f in Agency._meta.get_fields(include_hidden=True):
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one):
            yield f.related_model, f.field.name, f"{f.related_model._meta.label}.{f.field.name}"


def references(agency: Agency) -> list[tuple[str, int]]:
    """[(label, count)] of every kind of row that refers to ``agency``, those with none left out."""
    out = []
    for model, field, key in _relations():
        n = model._base_manager.filter(**{field: agency}).count()
        if n:
            out.append((LABELS.get(key, str(model._meta.verbose_name)), n))
    return out


def plan(agency: Agency) -> Plan:
    refs = references(agency)
    blockers = []
    if agency.deactivated_on is not None:
        blockers.append(f"该机关已于 {agency.deactivated_on:%Y-%m-%d} 停用。")
    accounts = agency.users.filter(is_active=True)
    users = list(accounts.order_by("username").values_list("username", flat=True)[:10])
    if users:
        n = accounts.count()
        blockers.append(f"该机关还有 {n} 个启用的账户（{'、'.join(users)}{' 等' if n > len(users) else ''}）：请先停用这些账户，"
                        "或把它们改到其他机关。")
    children = list(agency.children.filter(deactivated_on__isnull=True).values_list("name", flat=True)[:10])
    if children:
        n = agency.children.filter(deactivated_on__isnull=True).count()
        blockers.append(f"该机关还有 {n} 个未停用的下级机关（{'、'.join(children)}{' 等' if n > len(children) else ''}）："
                        "请先停用它们，或把它们改到其他上级机关。")
    return Plan(agency, refs, blockers)


def _check(agency: Agency, typed_name: str, reason: str) -> str:
    if (typed_name or "").strip() != agency.name:
        raise RemovalError(f"请在确认框中输入机关名称“{agency.name}”（与机关名称完全一致）以确认。")
    reason = (reason or "").strip()
    if not reason:
        raise RemovalError("请写明删除或停用的理由（例如“名称录入错误，重复建立”“已于 2025 年撤销，职能并入某局”）。")
    if len(reason) > 2000:
        raise RemovalError("理由过长（上限 2000 字）。")
    return reason


def remove(agency: Agency, typed_name: str, reason: str, user, request=None) -> str:
    """Delete ``agency`` when nothing refers to it, else deactivate it; "deleted" or "deactivated".  Checked
    again inside the transaction, with the unit's row locked (a case registered meanwhile makes it a
    deactivation, never a deletion that fails or loses it)."""
    reason = _check(agency, typed_name, reason)
    by = getattr(user, "display_name", None) or str(user)
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        p = plan(agency)
        if p.blockers:
            raise RemovalError(" ".join(p.blockers))
        fields = {"name": agency.name, "kind": KINDS.get(agency.kind, agency.kind),
                  "parent": agency.parent.name if agency.parent_id else ""}
        if p.deletes:
            record(user, "agency_delete", agency, old=fields, new={"reason": reason}, request=request,
                   agency_id=agency.parent_id)
            agency.delete()
            return "deleted"
        agency.deactivated_on, agency.deactivated_by, agency.deactivation_reason = today(), by[:150], reason
        agency.save(update_fields=["deactivated_on", "deactivated_by", "deactivation_reason"])
        record(user, "agency_deactivate", agency, old=fields,
               new={"reason": reason, "deactivated_on": agency.deactivated_on.isoformat(),
                    "kept": {label: n for label, n in p.references}}, request=request)
    return "deactivated"


def reactivate(agency: Agency, user, request=None) -> None:
    """Undo a deactivation (停用 by mistake); audit-logged with what it said."""
    if agency.deactivated_on is None:
        raise RemovalError("该机关没有停用。")
    if agency.parent_id and agency.parent.deactivated_on is not None:
        raise RemovalError(f"上级机关{agency.parent.name}已停用：请先启用上级机关，或把本机关改到其他上级机关。")
    old = {"deactivated_on": agency.deactivated_on.isoformat(), "by": agency.deactivated_by,
           "reason": agency.deactivation_reason}
    agency.deactivated_on, agency.deactivated_by, agency.deactivation_reason = None, "", ""
    agency.save(update_fields=["deactivated_on", "deactivated_by", "deactivation_reason"])
    record(user, "agency_reactivate", agency, old=old, new={}, request=request)

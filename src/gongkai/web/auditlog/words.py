"""The audit log in words: who did what to which record, in Chinese.

An :class:`~gongkai.web.auditlog.models.AuditEntry` stores codes (``actor_role`` "clerk", ``target_type``
"case", ``old``/``new`` dicts with field names); :func:`describe` turns one into what an 审计管理员 reads:
「张三（clerk_a，经办人）」「办件「2025-00001 张*」」「状态：已收到（待受理） → 办理中」.  Personal data is
masked for a reader without the personal-data grant (names, addresses; identity numbers and phone numbers are
masked already when written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.casework.letters import KINDS as LETTER_KINDS
from gongkai.casework.model import DISPOSITIONS
from gongkai.casework.model import STATES as CASE_STATES
from gongkai.publications import STATES as PUB_STATES

from ..accounts.models import RENAMED_ROLES, ROLE_WORDS, User
from ..agencies.models import KINDS as AGENCY_KINDS
from ..reports.services import SIGNOFF_CHAIN, table2_fields
from ..security import mask_id, mask_phone
from .services import ACTIONS, TARGET_TYPES

#: model_name → Chinese (models whose verbose_name is not Chinese, and all the others for stability)
MODEL_LABELS = {
    "case": "办件", "caseevent": "办理事件", "attachment": "办件附件", "deadlinechange": "期限变更",
    "litigation": "复议诉讼", "reportdraft": "年度报告", "item": "主动公开信息", "itemevent": "主动公开审签记录",
    "itemattachment": "主动公开附件", "documentrecord": "规章和规范性文件", "figure": "表二年度数据",
    "guide": "政府信息公开指南", "onlineapplication": "网上申请", "replyfile": "答复文件", "agency": "机关",
    "user": "用户", "auditentry": "审计记录", "counter": "限流计数",
}

#: field name → Chinese, for values that are not model fields (or whose verbose name is not Chinese)
FIELD_LABELS = {
    "state": "状态", "disposition": "办理结果", "due": "期限届满日", "handler": "经办人", "version": "版本",
    "event": "事件", "event_label": "事件", "on": "日期", "number": "编号", "requester_name": "申请人",
    "id_document": "身份证明", "contact": "联系方式", "address": "地址", "received_on": "收到申请之日",
    "description": "申请内容", "days": "延长天数", "reason": "理由", "requested_by": "提请人",
    "requested_on": "提请日期", "name": "名称", "size": "大小（字节）", "file": "文件", "cases": "件数",
    "numbers": "编号", "changed": "变化件数", "username": "用户名", "full_name": "姓名", "role": "角色",
    "agency": "机关", "admin": "系统管理员", "kind": "类型", "parent": "上级机关", "locked_until": "锁定至",
    "view_personal_data": "可查看完整个人信息", "what": "内容", "format": "格式", "rows": "行数",
    "personal_data": "含完整个人信息", "year": "年度", "seq": "事件序号", "step": "签核步骤",
    "signoffs": "签核记录", "table2": "表二", "sections": "正文", "title": "标题", "comment": "意见",
    "by": "替代它的版本", "changed_on": "变更日期", "supersedes": "替代", "action": "操作", "row": "行",
    "value": "数值", "source": "来源", "paused": "暂停", "address_ip": "地址", "review_body": "行政复议机关",
    "court": "行政诉讼管辖法院", "office_name": "政府信息公开工作机构", "hours": "受理时间",
    "public_intro": "公开指南摘要", "event_kind": "事件",
}
SECTION_LABELS = {n: f"正文第{n}部分" for n in "一二三四五六七八九十"}
ROLE_LABELS_KEYS = ("role", "actor_role")
#: values shown masked to a reader without the personal-data grant
_NAME_KEYS = ("requester_name", "full_name_of_requester", "party")
_ADDRESS_KEYS = ("address",)


def mask_name(text: str) -> str:
    """「张三丰」 → 「张**」."""
    text = str(text or "")
    return text[:1] + "*" * (len(text) - 1) if text else ""


def mask_address(text: str) -> str:
    """At most the first three characters, always at least two of the rest hidden: 「甲镇1号」 → 「甲镇**」,
    「新地址8号」 → 「新地址**」, 「新地址」 → 「新**」."""
    text = str(text or "")
    keep = max(1, min(3, len(text) - 2))
    return text[:keep] + "*" * max(1, len(text) - keep) if text else ""


_ID = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15})(?![\dXx])")
_PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def mask_text(text: str) -> str:
    """Identity numbers and mobile numbers inside any text: 110*************34, 138****5678."""
    text = _ID.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 5) + m.group(0)[-2:], text)
    return _PHONE.sub(lambda m: m.group(0)[:3] + "****" + m.group(0)[-4:], text)


def mask_raw(value, key: str = "", target_type: str = ""):
    """An entry's stored old/new values as a reader without the personal-data grant may see them (CSV export):
    names and addresses shortened, identity and phone numbers masked wherever they appear."""
    if isinstance(value, dict):
        return {k: mask_raw(v, k, target_type) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_raw(v, key, target_type) for v in value]
    if isinstance(value, str) and value:
        if target_type == "agency":  # an office's address and phone are public
            return value
        if key in _NAME_KEYS:
            return mask_name(value)
        if key in _ADDRESS_KEYS:
            return mask_address(value)
        return mask_text(value)
    return value


def model_label(model_name: str) -> str:
    if not model_name:
        return ""
    if model_name in MODEL_LABELS:
        return MODEL_LABELS[model_name]
    from django.apps import apps
    for m in apps.get_models():
        if m._meta.model_name == model_name:
            return str(m._meta.verbose_name)
    return model_name


def _has_cjk(s: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", s))


def _model_fields(target_type: str) -> dict[str, str]:
    from django.apps import apps
    model_name = {code: name for name, code in TARGET_TYPES.items()}.get(target_type, target_type)
    for m in apps.get_models():
        if m._meta.model_name == model_name:
            return {f.name: str(f.verbose_name) for f in m._meta.get_fields()
                    if hasattr(f, "verbose_name") and _has_cjk(str(f.verbose_name))}
    return {}


def _table2_labels() -> dict[str, str]:
    try:
        return {k: f"表二「{rl}」{cl}" for k, rl, cl, _ in table2_fields() + table2_fields(counted=True)}
    except Exception:  # noqa: BLE001 — the labels are a courtesy; a code is still readable
        return {}


def _value_labels(target_type: str) -> dict[str, dict[str, str]]:
    """Code → Chinese for values of some fields (state, disposition, role, step, kind...)."""

    states = dict(CASE_STATES)
    if target_type in ("item", "documentrecord"):
        try:
            states = dict(PUB_STATES)
        except ImportError:
            pass
    kinds = dict(AGENCY_KINDS) if target_type == "agency" else dict(LETTER_KINDS)
    # old entries keep the role codes and sign-off steps of their day (``signer``): said in the same words
    steps = {k: v for k, v in SIGNOFF_CHAIN}
    steps |= {old: steps[new] for old, new in RENAMED_ROLES.items() if new in steps}
    return {"role": dict(ROLE_WORDS), "state": states, "disposition": dict(DISPOSITIONS),
            "step": steps, "kind": kinds, "signoffs": steps}


@dataclass
class Described:
    entry: object
    actor: str
    action: str
    target: str
    changes: list[str] = field(default_factory=list)


class Describer:
    """Describes entries for one reader (masking follows the reader's personal-data grant)."""

    def __init__(self, reader=None):
        self.show_personal = bool(getattr(reader, "view_personal_data", False))
        self._fields: dict[str, dict[str, str]] = {}
        self._values: dict[str, dict] = {}
        self._t2: dict[str, str] | None = None
        self._names: dict[int, str] = {}

    # -------------------------------------------------------------- labels
    def field_label(self, target_type: str, key: str) -> str:
        if key in SECTION_LABELS:
            return SECTION_LABELS[key]
        if ":" in key:
            if self._t2 is None:
                self._t2 = _table2_labels()
            if key in self._t2:
                return self._t2[key]
        if target_type not in self._fields:
            self._fields[target_type] = _model_fields(target_type)
        return self._fields[target_type].get(key) or FIELD_LABELS.get(key) or key

    def value(self, target_type: str, key: str, v) -> str:
        if target_type not in self._values:
            self._values[target_type] = _value_labels(target_type)
        codes = self._values[target_type].get(key)
        if v is None or v == "":
            return "（空）"
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, list):
            return "、".join(self.value(target_type, key, x) for x in v) or "（空）"
        if isinstance(v, dict):
            if set(v) <= {"value", "source"}:  # a table 二 entry
                return f"{v.get('value', '')}（来源：{v.get('source', '') or '未注明'}）"
            if key == "signoffs" or set(v) <= {"by", "at", "digest"}:
                return "、".join(f"{codes.get(k, k) if codes else k}" for k in v) if key == "signoffs" \
                    else str(v.get("by", ""))
            return "；".join(f"{self.field_label(target_type, k)}：{self.value(target_type, k, x)}" for k, x in v.items())
        text = str(v)
        if codes and text in codes:
            return codes[text]
        if not self.show_personal and "*" not in text:  # (identity and phone numbers are masked when written)
            if key in _NAME_KEYS:
                return mask_name(text)
            if key in _ADDRESS_KEYS and target_type != "agency":
                return mask_address(text)
            if key == "id_document":
                return mask_id(text)
            if key == "contact" and target_type != "agency":
                return mask_phone(text)
        if not self.show_personal and target_type != "agency":
            text = mask_text(text)  # numbers inside free text (a note, a description)
        return text

    # -------------------------------------------------------------- an entry
    def changes(self, e) -> list[str]:
        old = e.old if isinstance(e.old, dict) else ({} if e.old is None else {"value": e.old})
        new = e.new if isinstance(e.new, dict) else ({} if e.new is None else {"value": e.new})
        t = e.target_type
        out = []
        keys = list(dict.fromkeys([*old, *new]))
        for k in keys:
            if k in ("version", "event", "digest") and k in new and "event_label" in new:
                continue  # the event's code (its label is shown) and the lock counter say nothing to a reader
            if k == "version":
                continue
            label = self.field_label(t, k)
            if k in old and k in new:
                if old[k] == new[k]:
                    continue
                entry = lambda v: isinstance(v, dict) and set(v) <= {"value", "source"}  # noqa: E731 (表二)
                if isinstance(old[k], dict) and isinstance(new[k], dict) and k != "signoffs" \
                        and not (entry(old[k]) and entry(new[k])):
                    for sub in dict.fromkeys([*old[k], *new[k]]):
                        a, b = old[k].get(sub), new[k].get(sub)
                        if a != b:
                            out.append(f"{self.field_label(t, sub)}：{self.value(t, sub, a)} → {self.value(t, sub, b)}")
                    continue
                out.append(f"{label}：{self.value(t, k, old[k])} → {self.value(t, k, new[k])}")
            elif k in new:
                if new[k] in ("", None, [], {}):
                    continue  # nothing was there and nothing is: not a change worth a line
                out.append(f"{label}：{self.value(t, k, new[k])}")
            else:
                out.append(f"{label}：{self.value(t, k, old[k])} →（无）")
        return out

    def actor(self, e) -> str:
        if not e.actor:
            return "匿名（未登录）"
        name = self._names.get(e.actor_id, "")
        role = ROLE_WORDS.get(e.actor_role, e.actor_role)
        inner = "，".join(x for x in (e.actor, role) if x)
        return f"{name}（{inner}）" if name and name != e.actor else f"{e.actor}（{role}）" if role else e.actor

    def target(self, e) -> str:
        if not e.target_type:
            return ""
        label = e.target_label
        if e.target_type == "case" and not self.show_personal and " " in label:
            number, name = label.split(" ", 1)
            label = f"{number} {mask_name(name)}"
        return f"{model_label(e.target_type)}「{label}」" if label else model_label(e.target_type)

    def describe(self, entries) -> list[Described]:
        entries = list(entries)
        ids = {e.actor_id for e in entries if e.actor_id and e.actor_id not in self._names}
        if ids:
            self._names.update({pk: name for pk, name in User.objects.filter(pk__in=ids)
                                .values_list("pk", "full_name") if name})
        return [Described(e, self.actor(e), ACTIONS.get(e.action, e.action), self.target(e), self.changes(e))
                for e in entries]

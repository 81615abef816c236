"""The register item (``Publication``) and its parts: 公开属性认定, 保密审查, attachments, review events.

Identifiers follow shared/spec/glossary.md ("Proactive disclosure and roles"): clerk 经办人,
reviewer 审核人（主管领导）, signatory 签发人（主要领导）.  Items are immutable; the review chain
(:mod:`gongkai.publications.workflow`) returns a new item per step and keeps every step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..format.format2021 import TABLE_2
from .categories import CATEGORIES, Category

# ------------------------------------------------------------------ 公开属性认定
PROACTIVE, ON_REQUEST, WITHHELD = "proactive", "on_request", "withheld"
DISCLOSURE_KINDS = {PROACTIVE: "主动公开", ON_REQUEST: "依申请公开", WITHHELD: "不予公开"}

#: 不予公开 grounds: id → (article, Chinese reason).  条例第十四条、第十五条、第十六条 (regulations.md §1).
WITHHOLDING_GROUNDS: dict[str, tuple[str, str]] = {
    "state_secret": ("第十四条", "依法确定为国家秘密的政府信息"),
    "prohibited_by_law": ("第十四条", "法律、行政法规禁止公开的政府信息"),
    "security_stability": ("第十四条", "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息"),
    "third_party_rights": ("第十五条", "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息"),
    "internal_affairs": ("第十六条第一款", "行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等）"),
    "process_information": ("第十六条第二款", "讨论记录、过程稿、磋商信函、请示报告等过程性信息"),
    "enforcement_file": ("第十六条第二款", "行政执法案卷信息"),
}


@dataclass(frozen=True)
class Classification:
    """公开属性认定 of one item: ``kind`` proactive | on_request | withheld.

    ``ground`` is a :data:`WITHHOLDING_GROUNDS` id, required for ``withheld``; ``reason`` is the
    written explanation, required for ``on_request`` and ``withheld`` (why the item is not
    proactively published).  ``decided_by`` / ``decided_on``: who decided and when.
    """

    kind: str
    ground: str = ""
    reason: str = ""
    decided_by: str = ""
    decided_on: dt.date | None = None

    @property
    def label(self) -> str:
        return DISCLOSURE_KINDS.get(self.kind, self.kind)

    @property
    def legal_basis(self) -> str:
        """"条例第十四条：依法确定为国家秘密的政府信息" for withheld items, the 主动公开 articles otherwise."""
        if self.kind == WITHHELD and self.ground in WITHHOLDING_GROUNDS:
            art, text = WITHHOLDING_GROUNDS[self.ground]
            return f"条例{art}：{text}"
        if self.kind == ON_REQUEST:
            return "条例第十三条第二款、第二十七条：不属于主动公开范围，可依申请公开"
        return "条例第十九条、第二十条（第二十一条）：主动公开"


# ------------------------------------------------------------------ 保密审查 (第十七条)
REVIEW_CONCLUSIONS = {
    "cleared": "不涉及国家秘密和敏感信息，可以公开",
    "redacted": "经删除涉密、敏感内容后可以公开",
    "referred": "不能确定，已报有关主管部门或保密行政管理部门确定（条例第十七条第三款）",
    "not_cleared": "涉及国家秘密或敏感信息，不得公开",
}
PUBLISHABLE_CONCLUSIONS = frozenset({"cleared", "redacted"})


@dataclass(frozen=True)
class ConfidentialityReview:
    """保密审查 record (条例第十七条): who reviewed, when, the ``conclusion`` (:data:`REVIEW_CONCLUSIONS`
    id) and a note (what was redacted, to whom it was referred)."""

    reviewer: str
    reviewed_on: dt.date
    conclusion: str
    note: str = ""

    @property
    def label(self) -> str:
        return REVIEW_CONCLUSIONS.get(self.conclusion, self.conclusion)


@dataclass(frozen=True)
class Attachment:
    """An attached file: its name, size in bytes and SHA-256 (the file itself lives at the edge)."""

    name: str
    size: int = 0
    sha256: str = ""


# ------------------------------------------------------------------ roles and states
CLERK, REVIEWER, SIGNATORY = "clerk", "reviewer", "signatory"
ROLES = {CLERK: "经办人", REVIEWER: "审核人（主管领导）", SIGNATORY: "签发人（主要领导）"}

DRAFT, PENDING_REVIEW, PENDING_SIGNOFF, RETURNED, PUBLISHED, FILED, SUPERSEDED = (
    "draft", "pending_review", "pending_signoff", "returned", "published", "filed", "superseded")
STATES = {DRAFT: "草稿", PENDING_REVIEW: "待审核", PENDING_SIGNOFF: "待签发", RETURNED: "已退回",
          PUBLISHED: "已公开", FILED: "已签发（不主动公开）", SUPERSEDED: "已被新版本替代"}
EDITABLE_STATES = frozenset({DRAFT, RETURNED})
#: states of an item still in the review chain (a new version in them is "open")
OPEN_STATES = frozenset({DRAFT, RETURNED, PENDING_REVIEW, PENDING_SIGNOFF})
#: states of an item that was published (签发公开) at some time: the current version, or one replaced
#: by a new version (变更, 第二十六条) — both count for the year of their ``published_on``
WAS_PUBLISHED_STATES = frozenset({PUBLISHED, SUPERSEDED})

#: kinds of 第二十条第（一）项 documents counted in table 二
DOCUMENT_KINDS = {"rule": TABLE_2.row("rules").label, "normative_document": TABLE_2.row("normative_documents").label}


@dataclass(frozen=True)
class Actor:
    """A person acting in the review chain: ``name`` and the ``roles`` they hold (:data:`ROLES` ids)."""

    name: str
    roles: frozenset = frozenset()

    @classmethod
    def of(cls, name: str, *roles: str) -> "Actor":
        return cls(name, frozenset(roles))


@dataclass(frozen=True)
class ReviewEvent:
    """One recorded step: ``kind`` (workflow.TRANSITIONS id), ``actor`` name, ``role``, ``at``
    (date and time), ``comment`` (required when returning), ``state`` reached."""

    kind: str
    actor: str
    role: str
    at: dt.datetime
    comment: str = ""
    state: str = ""


@dataclass(frozen=True)
class SpecialDeadline:
    """"法律、法规对政府信息公开的期限另有规定的，从其规定" (第二十六条): ``working_days`` and the
    provision that sets it (Chinese, e.g. the article of a specific law)."""

    working_days: int
    basis: str


@dataclass(frozen=True)
class Publication:
    """A 主动公开 register item (glossary: ``Publication``).

    ``category`` is a :data:`~gongkai.publications.categories.CATEGORIES` id; ``document_number``
    the 文号 ("" when the item has none); ``issuer`` the issuing body; ``formed_on`` the date the
    information was formed, ``changed_on`` the date it last changed (第二十六条 counts from the
    later); ``summary`` the 内容概述 of the 目录 (第十二条第三款); ``document_kind`` "rule" /
    "normative_document" for 第二十条第（一）项 documents counted in table 二, else "".
    ``published_on`` is set by the signatory's sign-off of a 主动公开 item.  ``supersedes`` is the id of
    the published item this one is a new version of (变更, :func:`~gongkai.publications.workflow.new_version`),
    "" for an original item.
    """

    id: str
    agency: str
    category: str
    title: str
    formed_on: dt.date
    document_number: str = ""
    issuer: str = ""
    changed_on: dt.date | None = None
    summary: str = ""
    body: str = ""
    document_kind: str = ""
    attachments: tuple[Attachment, ...] = ()
    classification: Classification | None = None
    confidentiality_review: ConfidentialityReview | None = None
    special_deadline: SpecialDeadline | None = None
    state: str = DRAFT
    published_on: dt.date | None = None
    events: tuple[ReviewEvent, ...] = field(default_factory=tuple)
    supersedes: str = ""

    @property
    def category_info(self) -> Category:
        return CATEGORIES[self.category]

    @property
    def state_label(self) -> str:
        return STATES[self.state]

    @property
    def start_date(self) -> dt.date:
        """The date the 第二十六条 period runs from: the later of formed_on and changed_on."""
        return max(self.formed_on, self.changed_on) if self.changed_on else self.formed_on

    @property
    def is_proactive(self) -> bool:
        return self.classification is not None and self.classification.kind == PROACTIVE

    @property
    def is_published(self) -> bool:
        """The current published version (a superseded item is no longer current: :attr:`was_published`)."""
        return self.state == PUBLISHED

    @property
    def was_published(self) -> bool:
        """Published at some time: current, or superseded by a new version (it keeps its ``published_on``)."""
        return self.state in WAS_PUBLISHED_STATES and self.published_on is not None

    def events_of(self, kind: str) -> tuple[ReviewEvent, ...]:
        return tuple(e for e in self.events if e.kind == kind)

    @property
    def return_comment(self) -> str:
        """The comment of the latest return ("" when the item was never returned)."""
        r = self.events_of("return")
        return r[-1].comment if r else ""

    @property
    def drafter(self) -> str:
        """Who submitted the item most recently (the 经办人 of record)."""
        s = self.events_of("submit")
        return s[-1].actor if s else (self.events[0].actor if self.events else "")

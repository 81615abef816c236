"""规章 and 行政规范性文件 through their life (制发 → 修改 … → 废止 / 失效), and table 二 第（一）项.

Table 二's first block (caption "第二十条第（一）项"; annual-report-format-2021.md §4) has, for
规章 and for 行政规范性文件: 本年制发件数, 本年废止件数, 现行有效件数.  Counting rules (DERIVED from
the column labels; the format gives no definitions):

- 本年制发件数: documents whose 制发 date (``issued_on``) falls in the year;
- 本年废止件数: documents whose 废止 takes effect in the year (``end_kind == "repealed"``);
- 现行有效件数: documents issued on or before 31 December and not ended (废止 or 失效) on or
  before it.
- A 修改 (amendment) keeps the document one 件: it is recorded, not counted as 制发 (UNCONFIRMED
  whether some agencies count amending decisions as 制发; a new document that replaces an old one
  is two records: the new one 制发, the old one 废止).
- 失效 (a normative document's 有效期 running out) ends its validity without a 废止; it lowers
  现行有效件数 and is shown in the trail (spec R2-2: "documents can also expire").

Hence, for every year Y: 现行有效_Y = 现行有效_{Y-1} + 制发_Y − 废止_Y − 失效_Y (a property test pins it).

:func:`issue`, :func:`amend`, :func:`repeal` and :func:`expire` take ``today`` (keyword, the
caller's clock; None: not checked): the register records what has happened, so a date after it is
refused (LifecycleError) — a 失效 that the 有效期 will bring is recorded when it has come.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from .errors import LifecycleError
from .model import DOCUMENT_KINDS

END_KINDS = {"repealed": "废止", "expired": "失效"}
ROW_OF_KIND = {"rule": "rules", "normative_document": "normative_documents"}


@dataclass(frozen=True)
class NormativeDocument:
    """A 规章 (``kind="rule"``) or 行政规范性文件 (``kind="normative_document"``) of one agency.

    ``issued_on`` 制发 (the date it was issued); ``amended_on`` the dates of its 修改;
    ``ended_on`` + ``end_kind`` ("repealed" 废止 / "expired" 失效) when it stopped being in force;
    ``publication_id`` the register item that published it, if any.  Raises LifecycleError when
    the dates contradict each other.
    """

    id: str
    agency: str
    kind: str
    title: str
    document_number: str
    issued_on: dt.date
    issuer: str = ""
    amended_on: tuple[dt.date, ...] = ()
    ended_on: dt.date | None = None
    end_kind: str = ""
    publication_id: str = ""

    def __post_init__(self):
        name = f"「{self.title}」（{self.document_number or self.id}）"
        if self.kind not in DOCUMENT_KINDS:
            raise LifecycleError(f"文件{name}的种类「{self.kind}」应为规章或行政规范性文件。", document=self.id)
        if not isinstance(self.issued_on, dt.date):
            raise LifecycleError(f"文件{name}缺少制发日期。", document=self.id)
        if (self.ended_on is None) != (not self.end_kind):
            raise LifecycleError(f"文件{name}：废止/失效日期与类型须同时填写或同时留空。", document=self.id)
        if self.end_kind and self.end_kind not in END_KINDS:
            raise LifecycleError(f"文件{name}：终止类型「{self.end_kind}」应为废止或失效。", document=self.id)
        if self.ended_on is not None and self.ended_on < self.issued_on:
            raise LifecycleError(f"文件{name}的{END_KINDS[self.end_kind]}日期 {self.ended_on} 早于制发日期 {self.issued_on}。",
                                 document=self.id)
        for d in self.amended_on:
            if d < self.issued_on:
                raise LifecycleError(f"文件{name}的修改日期 {d} 早于制发日期 {self.issued_on}。", document=self.id)
            if self.ended_on is not None and d > self.ended_on:
                raise LifecycleError(f"文件{name}的修改日期 {d} 晚于{END_KINDS[self.end_kind]}日期 {self.ended_on}。",
                                     document=self.id)

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS[self.kind]

    def in_force_on(self, day: dt.date) -> bool:
        """现行有效 at the end of ``day``: issued by then and not ended by then."""
        return self.issued_on <= day and (self.ended_on is None or self.ended_on > day)

    @property
    def status_label(self) -> str:
        return END_KINDS[self.end_kind] if self.end_kind else "现行有效"


def issue(*, id: str, agency: str, kind: str, title: str, document_number: str, issued_on: dt.date,
          issuer: str = "", publication_id: str = "", today: dt.date | None = None) -> NormativeDocument:
    """制发: a new document in force from ``issued_on``.  LifecycleError when ``issued_on`` is after
    ``today``."""
    doc = NormativeDocument(id, agency, kind, title, document_number, issued_on, issuer,
                            publication_id=publication_id)
    _not_future(doc, "制发", issued_on, today)
    if issued_on.year < 1949:
        raise LifecycleError(f"{_name(doc)}的制发日期 {issued_on} 早于1949年，请核对日期。")
    m = _NUMBER_YEAR.search(document_number or "")
    if m and int(m.group(1)) != issued_on.year:
        raise LifecycleError(f"{_name(doc)}的文号年份 {m.group(1)} 与制发日期 {issued_on} 不一致，请核对文号或日期。")
    return doc


#: the year in a 文号: 〔2025〕 (GB/T 9704), also the common 【2025】, [2025], （2025）
_NUMBER_YEAR = re.compile(r"[〔【\[（(]\s*((?:19|20)\d\d)\s*[〕】\]）)]")


def _name(doc: NormativeDocument) -> str:
    return f"{doc.kind_label}「{doc.title}」（{doc.document_number or doc.id}）"


def _not_future(doc: NormativeDocument, what: str, on: dt.date, today: dt.date | None) -> None:
    if today is not None and isinstance(on, dt.date) and on > today:
        raise LifecycleError(f"{_name(doc)}的{what}日期 {on} 晚于今天 {today}，尚未发生的事不能登记，请核对日期。",
                             document=doc.id)


def amend(doc: NormativeDocument, on: dt.date, *, today: dt.date | None = None) -> NormativeDocument:
    """修改: record an amendment on ``on``.  Refused for an ended document and (given ``today``) for
    a date after today."""
    _not_future(doc, "修改", on, today)
    if doc.ended_on is not None:
        raise LifecycleError(f"{_name(doc)}已于 {doc.ended_on} {END_KINDS[doc.end_kind]}，不能再修改。", document=doc.id)
    return dataclasses.replace(doc, amended_on=(*doc.amended_on, on))


def _end(doc: NormativeDocument, on: dt.date, kind: str, today: dt.date | None) -> NormativeDocument:
    _not_future(doc, END_KINDS[kind], on, today)
    if doc.ended_on is not None:
        raise LifecycleError(f"{_name(doc)}已于 {doc.ended_on} {END_KINDS[doc.end_kind]}，不能再{END_KINDS[kind]}。",
                             document=doc.id)
    return dataclasses.replace(doc, ended_on=on, end_kind=kind)


def repeal(doc: NormativeDocument, on: dt.date, *, today: dt.date | None = None) -> NormativeDocument:
    """废止 effective ``on`` (the document is no longer in force at the end of that day)."""
    return _end(doc, on, "repealed", today)


def expire(doc: NormativeDocument, on: dt.date, *, today: dt.date | None = None) -> NormativeDocument:
    """失效: the 有效期 ran out on ``on``."""
    return _end(doc, on, "expired", today)


@dataclass
class FirstItemCount:
    """Table 二 第（一）项 for one year: ``cells[(row_id, column_id)]`` → the ids of the documents
    counted there (so each number can be traced); ``expired[row_id]`` the documents that 失效 in
    the year (not a table column; shown in the trail)."""

    year: int
    cells: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    expired: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def value(self, row: str, column: str) -> int:
        return len(self.cells.get((row, column), ()))


def count_first_item(documents: Iterable[NormativeDocument], year: int, agency: str | None = None) -> FirstItemCount:
    """Count table 二 第（一）项 for ``year`` (of ``agency``; None = every document given)."""
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out = FirstItemCount(year)
    for d in documents:
        if agency is not None and d.agency != agency:
            continue
        row = ROW_OF_KIND[d.kind]
        if jan1 <= d.issued_on <= dec31:
            out.cells[row, "issued"].append(d.id)
        if d.ended_on is not None and jan1 <= d.ended_on <= dec31:
            if d.end_kind == "repealed":
                out.cells[row, "repealed"].append(d.id)
            else:
                out.expired[row].append(d.id)
        if d.in_force_on(dec31):
            out.cells[row, "in_force"].append(d.id)
    return out


__all__ = ["END_KINDS", "NormativeDocument", "issue", "amend", "repeal", "expire", "FirstItemCount",
           "count_first_item"]

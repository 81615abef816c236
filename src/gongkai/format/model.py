"""Declarative description of an annual-report format (年度报告格式).

A format is data: its sections, its tables, each table's rows and columns with the
official Chinese labels and the English ids of ``shared/spec/glossary.md``, and the
consistency relations (勾稽关系) between cells.  Readers map documents onto it, the
auditor derives its arithmetic rules from it, writers lay tables out from it.

Nothing here imports a reader, the auditor or Django.
"""

from __future__ import annotations

from functools import cached_property

from ..records import record
from ..textutil import norm

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start (cold start, issue 16)
if TYPE_CHECKING:
    from typing import Literal

    Unit = Literal["件", "万元"]


@record(frozen=True)
class Column:
    """One value column of a table.

    ``label`` is the official header text of the lowest header level; ``groups`` the
    labels of the merged header cells above it, from the top (table 三 "商业企业":
    ``("申请人情况", "法人或其他组织")``; table 四: ``("行政诉讼", "复议后起诉")``).
    ``qualified`` says whether CSV/JSON name the column by its whole header path
    (table 四: "行政诉讼/复议后起诉/总计") or by its label alone (tables 二 and 三).
    ``sum_of`` names the columns whose sum this column must equal.
    """

    id: str
    label: str
    groups: tuple[str, ...] = ()
    sum_of: tuple[str, ...] = ()
    unit: Unit = "件"
    qualified: bool = False

    @property
    def path(self) -> tuple[str, ...]:
        return (*self.groups, self.label)

    @cached_property
    def display(self) -> str:
        """The label as written in CSV/JSON evidence (made once: every cell's evidence names it)."""
        return "/".join(self.path) if self.qualified else self.label


@record(frozen=True)
class Row:
    """One row of a table.

    ``label`` is the official label of the row's own (most specific) cell, ``group`` the
    label of the merged group cell it sits under (e.g. "（三）不予公开"), if any.
    ``sum_of`` names rows whose sum this row equals (the （七）总计 row).
    ``printed`` is False for group rows that the official layout does not print (the
    （三）–（六） groups have no subtotal cells); such rows exist so a document that does
    print a group subtotal can be read without losing it, and so relations can name them.
    ``aliases`` are other official wordings (a label that matches one is not said to differ, P05); ``short``
    the shortened labels tables print for a long one ("1.申请人无正当理由逾期不补正"): the reader aligns
    rows by them too, and says the printed label differs from the format's.
    """

    id: str
    label: str
    group: str = ""
    sum_of: tuple[str, ...] = ()
    printed: bool = True
    unit: Unit = "件"
    aliases: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()  # the value columns this row has; () means all
    block: str = ""  # table 二: the caption of its block, e.g. "第二十条第（五）项"

    @property
    def display(self) -> str:
        return self.label


@record(frozen=True)
class Relation:
    """A consistency relation (勾稽关系): ``sum(lhs) == sum(rhs)``.

    ``per`` says how it applies: ``"column"`` — for every value column of the table, the
    named rows; ``"row"`` — for every row, the named columns; ``"cell"`` — ``lhs``/``rhs``
    are explicit ``(row, column)`` pairs.
    ``code`` is the stable audit rule code that reports a failure (R301 …); ``spec_id`` the relation's
    name in the spec (annual-report-format-2021.md §8: R3-1 …); ``source`` the clause of the format (or
    DERIVED) it rests on; ``title`` and ``doc`` the rule's documentation (Chinese, sections 作用/为什么/示例),
    rendered into ``docs/rules.md``.
    """

    code: str
    name: str
    lhs: tuple = ()
    rhs: tuple = ()
    per: Literal["column", "row", "cell"] = "column"
    source: str = ""
    severity: Literal["error", "warning", "notice"] = "error"
    spec_id: str = ""
    title: str = ""
    doc: str = ""


@record(frozen=True)
class Part:
    """A part of a table that documents may print as a small table of its own under its own caption
    (table 四's 行政复议 / 未经复议直接起诉 / 复议后起诉, five cells each).  ``cues`` are the words that
    name it in a caption (any of them; a caption naming several parts names none), ``columns`` the ids
    of its value columns, in order."""

    name: str
    cues: tuple[str, ...]
    columns: tuple[str, ...]


@record(frozen=True)
class Table:
    """A table of the format: ``id`` is the glossary id, ``number`` the section numeral.

    For reading: ``anchors`` are labels that locate the table in a document whose section heading is
    missing (any of them, compared normalised), ``reach`` how many blocks after the last anchor the
    table may still run; ``parts`` the sub-tables a document may print it as (see :class:`Part`).
    """

    id: str
    number: str
    title: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    relations: tuple[Relation, ...] = ()
    caption: str = ""
    anchors: tuple[str, ...] = ()
    reach: int = 30
    parts: tuple[Part, ...] = ()
    #: the header of the label column, printed over each block of table 二 ("信息内容"); "" when it has none
    label_header: str = ""

    def row(self, row_id: str) -> Row:
        r = self._row_index.get(row_id)
        if r is None:
            raise KeyError(f"{self.id}: no row {row_id!r}")
        return r

    def column(self, column_id: str) -> Column:
        c = self._column_index.get(column_id)
        if c is None:
            raise KeyError(f"{self.id}: no column {column_id!r}")
        return c

    @cached_property
    def _row_index(self) -> dict[str, Row]:
        """Rows by id, the first of an id (as a scan of ``rows`` finds it); made once per table."""
        index: dict[str, Row] = {}
        for r in self.rows:
            index.setdefault(r.id, r)
        return index

    @cached_property
    def _column_index(self) -> dict[str, Column]:
        index: dict[str, Column] = {}
        for c in self.columns:
            index.setdefault(c.id, c)
        return index

    @property
    def printed_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.printed)

    def columns_of(self, row: Row) -> tuple[Column, ...]:
        """The value columns ``row`` has (table 二's blocks have different columns)."""
        if not row.columns:
            return self.columns
        cols = self._row_columns.get(row.columns)
        if cols is None:
            cols = self._row_columns[row.columns] = tuple(self.column(c) for c in row.columns)
        return cols

    @cached_property
    def _row_columns(self) -> dict[tuple[str, ...], tuple[Column, ...]]:
        return {}

    @property
    def one_row(self) -> bool:
        """A table of one unlabelled row (table 四: its cells are named by the column headers only)."""
        return len(self.rows) == 1 and not self.rows[0].label

    @cached_property
    def in_blocks(self) -> bool:
        """A table printed as captioned blocks of rows with their own columns (table 二).  (Made once per table:
        the table is frozen, its rows too.)"""
        return any(r.block for r in self.rows)

    @cached_property
    def group_labels(self) -> tuple[str, ...]:
        """The labels of merged vertical group cells that are not rows themselves (table 三's
        "三、本年度办理结果"), in order (made once per table)."""
        own = {r.label for r in self.rows}
        out: list[str] = []
        for r in self.rows:
            if r.group and r.group not in own and r.group not in out:
                out.append(r.group)
        return tuple(out)

    def part(self, text: str) -> int | None:
        """Which of ``parts`` a caption (normalised) names: its index, or None when it names none or
        several (a table's full header names them all)."""
        found = [k for k, p in enumerate(self.parts) if any(c in text for c in p.cues)]
        return found[0] if len(found) == 1 else None

    @cached_property
    def header_words(self) -> frozenset[str]:
        """What the table's header prints (normalised): its column labels and their groups, its blocks'
        captions and the label column's header — a line of such text among the row labels is not a label."""
        words = {self.label_header} | {r.block for r in self.rows}
        for c in self.columns:
            words.update((c.label, *c.groups))
        return frozenset(norm(w) for w in words if w)

    def cells(self):
        """Every printed (row, column) pair, in reading order."""
        for r in self.printed_rows:
            for c in self.columns_of(r):
                yield r, c


@record(frozen=True)
class Section:
    """A section of the report.  ``cues`` are the words a part's first sub-heading starts with when
    its own heading is not printed ("（一）主要问题" for 五), for finding where it begins."""

    number: str  # "一" … "六"
    title: str  # exact official title
    key: str  # glossary id
    aliases: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


@record(frozen=True)
class Format:
    """A whole annual-report format: ``id`` is ``"2021"`` or ``"2019"``."""

    id: str
    name: str
    document: str  # the issuing document, e.g. 国办公开办函〔2021〕30号
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    markers: tuple[str, ...] = ()  # labels that only this format uses

    def table(self, key: str) -> Table:
        """Look a table up by id ("proactive", "requests", "reviews") or numeral ("二"…)."""
        for t in self.tables:
            if key in (t.id, t.number):
                return t
        raise KeyError(f"format {self.id}: no table {key!r}")

    def section(self, number: str) -> Section:
        for s in self.sections:
            if number in (s.number, s.key):
                return s
        raise KeyError(number)

"""Shared helpers for rules: cell evidence, relation terms, narrative sentences.

Internal to :mod:`gongkai.audit`; pure functions over an :class:`~gongkai.report.AnnualReport`.
"""

from __future__ import annotations

import contextvars
import re
from decimal import Decimal

from ..format import Column, Row, Table
from ..records import record
from ..report import MISSING, AnnualReport, Cell, Location
from ..textutil import PAGE_NUMBER
from .findings import CellEvidence

TABLE_CN = {"二": "表二", "三": "表三", "四": "表四"}


# ---------------------------------------------------------------- cells
def cell_evidence(table: Table, row: Row, column: Column | None, cell: Cell) -> CellEvidence:
    cache = SENTENCE_CACHE.get()
    if cache is None:
        return CellEvidence(table.number, row.label, column.display if column else "", cell.display(), cell.location)
    # during an audit, one (frozen) evidence per cell and place: the rules quote the same cells many times (a
    # blank cell in every relation and sum it is in); the entry keeps the objects alive, so their ids stay unique
    key = (id(table), id(row), id(column), id(cell))  # (the cache's only key of four numbers)
    hit = cache.get(key)
    if hit is None:
        ev = CellEvidence(table.number, row.label, column.display if column else "", cell.display(), cell.location)
        hit = cache[key] = (table, row, column, cell, ev)
    return hit[4]


#: per format table: each row with its cells' keys and columns — made once
_TABLE_CELLS: dict = {}


def table_cells(table: Table) -> list:
    """``[(row, row.printed, [(cell key, column)])]`` of every row (printed or not) and its columns, in the order
    of ``table.rows`` and :meth:`~gongkai.format.Table.columns_of`; made once per format table."""
    hit = _TABLE_CELLS.get(id(table))
    if hit is None or hit[0] is not table:
        rows = [(row, row.printed, [((table.number, row.id, col.id), col) for col in table.columns_of(row)])
                for row in table.rows]
        hit = _TABLE_CELLS[id(table)] = (table, rows)  # (keeps the id unique)
    return hit[1]


#: the key :func:`cells_by_kind` files the numbers under that are not whole numbers ≥ 0 (not a cell kind)
ODD_NUMBER = "odd number"


def cells_by_kind(report: AnnualReport, table: Table) -> dict:
    """``{kind: {row: [(column, cell)]}}`` of a table's cells that are not whole numbers ≥ 0, in document order
    (rows, then columns); a missing cell of a row the format does not print is left out.  Numbers that are
    negative or not ``int`` are filed under :data:`ODD_NUMBER`; whole numbers ≥ 0 (most cells) nowhere.
    Once per audit (callers must not change it)."""
    return _scan(report, table)[0]


def table_numbers(report: AnnualReport, table: Table) -> dict:
    """``{cell key: value}`` of the table's cells (:func:`table_cells`) that are numbers.  Once per audit, in the
    same scan as :func:`cells_by_kind` (callers must not change it)."""
    return _scan(report, table)[1]


def plain_sums(report: AnnualReport, table: Table) -> bool:
    """Whether a sum of the table's numbers is the same in any order and grouping — every number an ``int`` —
    and no row the layout does not print holds a cell that is not missing (a group row the document printed
    stands for itself, not for its leaves).  Once per audit, in the scan of :func:`cells_by_kind`."""
    return _scan(report, table)[2]


def _scan(report: AnnualReport, table: Table) -> tuple:
    def compute():
        out, values = {}, {}
        plain = True
        get = report.cells.get
        for row, printed, cells in table_cells(table):
            here = None  # kind → this row's cells (a row is hashed once per kind it has, not per cell)
            for key, col in cells:
                cell = get(key)
                if cell is None:
                    continue
                kind = cell.kind
                if kind == "number":
                    value = values[key] = cell.value
                    if type(value) is int and value >= 0:
                        if not printed:
                            plain = False
                        continue
                    if type(value) is not int or not printed:
                        plain = False
                    kind = ODD_NUMBER
                elif kind == MISSING:
                    if not printed:
                        continue
                elif not printed:
                    plain = False
                if here is None:
                    here = {kind: [(col, cell)]}
                elif kind in here:
                    here[kind].append((col, cell))
                else:
                    here[kind] = [(col, cell)]
            if here is not None:
                for kind, items in here.items():
                    out.setdefault(kind, {}).setdefault(row, []).extend(items)
        return out, values, plain
    return per_audit("cells_by_kind", report, id(table), compute)


def short_label(label: str) -> str:
    """A row label for messages: the （二）部分公开 row without its long parenthesis."""
    return label.split("（区分处理")[0]


def place(table: Table, row: Row | None = None, column: Column | None = None) -> str:
    """表三「…」行「总计」列 — how a message names a place."""
    s = TABLE_CN.get(table.number, f"表{table.number}")
    if row is not None and row.label:
        s += f"「{short_label(row.label)}」行"
    if column is not None:
        s += f"「{column.display}」列"
    return s


def fmt_value(v) -> str:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f") if v == v.to_integral() else str(v)
    return str(v)


def group_cell_printed(report: AnnualReport, table: Table, row: Row, column: Column) -> Cell | None:
    """The cell of a group row the official layout does not print, if the document printed it."""
    cell = report.cells.get((table.number, row.id, column.id))
    if cell is not None and cell.kind != MISSING:
        return cell
    return None


class Term:
    """One term of a relation, evaluated: ``status`` is "number", "blank" or "unknown".

    ``value`` counts blanks as 0; ``blanks`` lists the blank cells; ``unknown`` the cells
    that are missing, ambiguous, unreadable or not applicable; ``evidence`` every cell — made
    when first asked for (most terms are summed and compared, and only a finding quotes them).
    """

    __slots__ = ("label", "status", "value", "blanks", "unknown", "_cells", "_evidence")

    def __init__(self, label: str, status: str, value: int | Decimal = 0, evidence: list | None = None,
                 blanks: list | None = None, unknown: list | None = None, *, cells: tuple = ()):
        self.label = label
        self.status = status
        self.value = value
        self.blanks = [] if blanks is None else blanks
        self.unknown = [] if unknown is None else unknown
        self._cells = cells  # (table, row, column, cell) of each cell, for the evidence made on demand
        self._evidence = evidence

    @property
    def evidence(self) -> list:
        if self._evidence is None:
            self._evidence = [cell_evidence(*c) for c in self._cells]
        return self._evidence

    @evidence.setter
    def evidence(self, value: list) -> None:
        self._evidence = value

    def sole_column(self) -> str | None:
        """The column (as the evidence names it) of a term of one cell; None for a term of several."""
        if self._evidence is not None:
            return self._evidence[0].column if len(self._evidence) == 1 else None
        if len(self._cells) == 1:
            column = self._cells[0][2]
            return column.display if column else ""
        return None

    def copy(self) -> Term:
        return Term(self.label, self.status, self.value, None if self._evidence is None else self._evidence[:],
                    self.blanks[:], self.unknown[:], cells=self._cells)

    def __repr__(self) -> str:
        return (f"Term(label={self.label!r}, status={self.status!r}, value={self.value!r}, "
                f"evidence={self.evidence!r}, blanks={self.blanks!r}, unknown={self.unknown!r})")

    def __eq__(self, other) -> bool:
        if not isinstance(other, Term):
            return NotImplemented
        return (self.label, self.status, self.value, self.evidence, self.blanks, self.unknown) == \
            (other.label, other.status, other.value, other.evidence, other.blanks, other.unknown)

    __hash__ = None


_SHORT_LABELS: dict[str, str] = {}


def evaluate(report: AnnualReport, table: Table, row: Row, column: Column) -> Term:
    """The effective value of ``row`` × ``column``.

    A printed row: its cell.  A group row the layout does not print (（三）不予公开 …): the
    group cell when the document printed one, else the sum of its leaves (summed once per audit:
    each call gets its own Term, callers relabel terms).
    """
    key = (table.number, row.id, column.id)
    cell = report.cells.get(key)
    if row.printed or (cell is not None and cell.kind != MISSING) or not row.sum_of:
        if cell is None:
            cell = Cell(MISSING)
        label = _SHORT_LABELS.get(row.label)
        if label is None:
            label = _SHORT_LABELS.setdefault(row.label, short_label(row.label))
        label = label or column.display
        kind = cell.kind
        if kind == "number":
            return Term(label, "number", cell.value, cells=((table, row, column, cell),))
        ev = cell_evidence(table, row, column, cell)
        if kind == "blank":
            return Term(label, "blank", 0, [ev], blanks=[ev], cells=((table, row, column, cell),))
        return Term(label, "unknown", 0, [ev], unknown=[ev], cells=((table, row, column, cell),))
    cache = SENTENCE_CACHE.get()
    if cache is None:
        return _group_sum(report, table, row, column)
    full = ("group", id(report), id(table), key)
    hit = cache.get(full)
    if hit is None:
        hit = cache[full] = (report, table, _group_sum(report, table, row, column))  # (keeps the ids unique)
    return hit[2].copy()


def _group_sum(report: AnnualReport, table: Table, row: Row, column: Column) -> Term:
    parts = [evaluate(report, table, table.row(rid), column) for rid in row.sum_of]
    term = Term(f"{row.label}（各项合计）", "number", sum((p.value for p in parts), 0),
                cells=tuple(c for p in parts for c in p._cells))
    for p in parts:
        term.blanks += p.blanks
        term.unknown += p.unknown
    if term.unknown:
        term.status = "unknown"
    elif all(p.status == "blank" for p in parts):
        term.status = "blank"
    return term


def evaluate_cell_pair(report: AnnualReport, table: Table, row_id: str, column_id: str) -> Term:
    term = evaluate(report, table, table.row(row_id), table.column(column_id))
    if table.row(row_id).label == "":
        term.label = table.column(column_id).display
    return term


def side_text(terms: list[Term]) -> str:
    total = fmt_value(sum((t.value for t in terms), 0))
    if len(terms) == 1:
        return f"{terms[0].label} 为 {total}"
    if len(terms) <= 5:
        return " + ".join(f"{t.label} {fmt_value(t.value)}" for t in terms) + f" = {total}"
    return f"{terms[0].label}至{terms[-1].label}共 {len(terms)} 项之和为 {total}"


# ---------------------------------------------------------------- narrative
_HEADING = re.compile(r"^(（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+[、.．])")
_END = "。；！？：:;"
_SPLIT = re.compile(r"[^。；;！？\n]+[。；;！？]?")


@record
class Sentence:
    """A sentence (or clause up to "；") of the narrative with whitespace removed."""

    section: str
    text: str
    location: Location


def _paragraphs(report: AnnualReport, section: str) -> list[tuple[str, Location]]:
    if section == "":
        paras = list(report.preamble)
        if report.title and not any(report.title in p for p, _ in paras):
            paras.insert(0, (report.title, Location(source=report.source)))
        return paras
    s = report.sections.get(section)
    return list(s.paragraphs) if s else []


#: while :func:`gongkai.audit.registry.audit` runs, the sentences of each (report, section) are split
#: once and shared by every rule (the report does not change during an audit)
SENTENCE_CACHE: contextvars.ContextVar[dict | None] = contextvars.ContextVar("gongkai_sentences", default=None)


def sentences(report: AnnualReport, section: str) -> list[Sentence]:
    """The sentences of a section ("" = title and preamble), wrapped lines rejoined.

    Lines are joined without a separator unless the previous one ends a sentence or the
    next one starts a heading ("（二）…", "三、…"); page footers such as "-3-" are dropped.
    Linear in the section's length; cached during an audit (callers must not change the list).
    """
    cache = SENTENCE_CACHE.get()
    if cache is None:
        return _split_sentences(report, section)
    key = (id(report), section)
    if key not in cache:
        cache[key] = (report, _split_sentences(report, section))  # keeps report alive: id stays unique
    return cache[key][1]


def per_audit(kind: str, report: AnnualReport, key, compute):
    """``compute()`` once per audit for (``kind``, ``report``, ``key``) — the evaluated terms of a relation
    that several rules look at, say; computed afresh outside an audit.  Callers must not change the result."""
    cache = SENTENCE_CACHE.get()
    if cache is None:
        return compute()
    full = (kind, id(report), key)
    hit = cache.get(full)
    if hit is None:
        hit = cache[full] = (report, compute())  # keeps report alive: id stays unique
    return hit[1]


#: the first character of every line :data:`~gongkai.textutil.PAGE_NUMBER` matches once white space is removed
_PAGE_FIRST = frozenset("-－—–第")


def _split_sentences(report: AnnualReport, section: str) -> list[Sentence]:
    pieces: list[str] = []  # joined once at the end: linear in the section's length
    size = 0
    last = ""  # the last character so far
    starts: list[int] = []  # where each paragraph starts in the joined text, and its location
    locations: list[Location] = []
    prev_heading = False
    heading = _HEADING.match
    # (white space removed by str.split, which splits where re's "\s" matches — str.isspace — a quarter the time)
    title = "".join((report.title or "").split()) if section == "" else ""
    for text, loc in _paragraphs(report, section):
        t = "".join(text.split()) if text else ""
        if not t or (t[0] in _PAGE_FIRST and PAGE_NUMBER.match(t)):
            continue
        h = heading(t)
        if size and (last in _END or h or prev_heading or (last.isdigit() and t[0].isdigit())
                     or pieces[-1] == title):  # the title line ends without "。": it is a sentence of its own
            pieces.append("\n")
            size += 1
        starts.append(size)
        locations.append(loc)
        pieces.append(t)
        size += len(t)
        last = t[-1]
        prev_heading = h is not None and len(t) <= 20
    flat = "".join(pieces)
    out = []
    k, n = -1, len(starts)
    for m in _SPLIT.finditer(flat):
        text = m.group(0).strip()
        if not text:
            continue
        at = m.start()
        while k + 1 < n and starts[k + 1] <= at:  # the paragraph the sentence starts in (sentences come in order)
            k += 1
        out.append(Sentence(section, text, locations[k] if k >= 0 else Location()))
    return out


def narrative(report: AnnualReport, sections=("", "一", "六")) -> list[Sentence]:
    out = []
    for s in sections:
        out += sentences(report, s)
    return out

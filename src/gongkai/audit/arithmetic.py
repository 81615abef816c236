"""Arithmetic (勾稽关系) and value rules, derived from the format model.

The relation rules (R301, R302, R303, R401 … R403) are not written per cell: one rule is
registered for each :class:`~gongkai.format.Relation` code found in the formats, and it
evaluates that relation over the report's own format.  Group rows the official layout
does not print (（三）不予公开 …) enter a relation through :func:`~._util.evaluate`: the
group cell if the document printed one, else the sum of its leaves.  R307 checks a
printed group subtotal against its leaves (``Row.sum_of``).

A relation with a missing, ambiguous, unreadable or "/" term is not judged (the
completeness rules report those cells).  A blank cell is unknown, never 0: a relation with
blanks is an 错误 only when no values ≥ 0 in the blanks could make it hold; otherwise it is
"not checkable" and C04 says so, with the value the other cells imply (:func:`blank_relations`).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from operator import itemgetter
from pathlib import Path

from ..format import FORMATS, Relation, Table
from ..report import AnnualReport
from ._util import (ODD_NUMBER, cell_evidence, cells_by_kind, evaluate, evaluate_cell_pair, fmt_value, per_audit, place,
                    plain_sums, side_text, table_numbers)
from .findings import CellEvidence, Finding
from .registry import rule

# ---------------------------------------------------------------- relation rules


def _relations(code: str, report: AnnualReport):
    for table in report.format.tables:
        for rel in table.relations:
            if rel.code == code:
                yield table, rel


def _instances(report: AnnualReport, table: Table, rel: Relation) -> list[Instance]:
    """Every place the relation applies, as :class:`Instance` (evaluated once per audit: the arithmetic,
    blank-cell and unread-table rules all look at them; callers must not change them)."""
    return per_audit("instances", report, (table.number, rel.code, rel.name),
                     lambda: [_instance(report, table, rel, p) for p in _places(report, table, rel)])


def _places(report: AnnualReport, table: Table, rel: Relation) -> list:
    """Every place the relation applies, evaluated once per audit: a place whose every cell is a number as the
    tuple ``(its plan entry, left sum, right sum)`` — most places, which make no :class:`Instance` unless asked
    (:func:`_instance`) — any other as its :class:`Instance`.  Callers must not change the list."""
    return per_audit("places", report, (table.number, rel.code, rel.name),
                     lambda: _evaluate_places(report, table, rel))


def _instance(report: AnnualReport, table: Table, rel: Relation, place) -> Instance:
    """The :class:`Instance` of an item of :func:`_places`."""
    if type(place) is not tuple:
        return place
    (where, row, lhs, rhs, *_), left, right = place
    return Instance(where, (report, table, rel, row, lhs, rhs), (left, False, False), (right, False, False))


class Instance:
    """One place a relation applies: ``where``, the sums ``left``/``right`` (blanks as 0), whether a side has a
    blank cell and whether a term is unknown; the terms ``lhs``/``rhs`` (unpacks as ``where, lhs, rhs``).

    The sums and flags come straight from the cells (:func:`_side`); the terms are made only when asked for
    (a finding quotes them, a blank or unread cell is named)."""

    __slots__ = ("where", "left", "right", "blank_left", "blank_right", "unknown", "_place", "_terms")

    def __init__(self, where: str, place: tuple, left: tuple, right: tuple):
        self.where, self._place, self._terms = where, place, None  # place: (report, table, rel, row, lhs, rhs)
        self.left, self.blank_left, unknown_left = left
        self.right, self.blank_right, unknown_right = right
        self.unknown = unknown_left or unknown_right

    @property
    def lhs(self) -> list:
        if self._terms is None:
            self._terms = _terms(*self._place)
        return self._terms[0]

    @property
    def rhs(self) -> list:
        if self._terms is None:
            self._terms = _terms(*self._place)
        return self._terms[1]

    def blank_places(self) -> list:
        """The blank cells of both sides in the order the terms list them (``blanks`` of each term), each as its
        evidence names it: (table, row label, column) — without making the terms or the evidence."""
        if self._terms is None:
            report, table, _, _, lhs, rhs = self._place
            cells = report.cells
            return [b for r, c in lhs + rhs for b in _term_blank_places(cells, table, r, c)]
        return [(b.table, b.row, b.column) for t in self.lhs + self.rhs for b in t.blanks]

    def feasible(self) -> bool:
        """:func:`blank_feasible` of the instance."""
        return _feasible(self.left, self.right, self.blank_left, self.blank_right)

    def __iter__(self):
        return iter((self.where, self.lhs, self.rhs))


#: per (table, relation): its places, each (where, the row of a per-row relation or None, lhs and rhs as
#: (row, column) pairs, and each side's cell keys from :func:`_flat`) — made once per format table
_PLANS: dict = {}


def _plan(table: Table, rel: Relation) -> list:
    key = (id(table), rel.code, rel.name, rel.per)
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is table and hit[1] is rel:
        return hit[2]
    plan = []
    if rel.per == "column":
        for col in table.columns:
            plan.append((place(table, None, col), None, [(table.row(r), col) for r in rel.lhs],
                         [(table.row(r), col) for r in rel.rhs]))
    elif rel.per == "row":
        for row in table.rows:
            plan.append((place(table, row), row, [(row, table.column(c)) for c in rel.lhs],
                         [(row, table.column(c)) for c in rel.rhs]))
    else:
        plan.append(("表四「" + rel.name.split("：")[0] + "」", None,
                     [(table.row(r), table.column(c)) for r, c in rel.lhs],
                     [(table.row(r), table.column(c)) for r, c in rel.rhs]))
    plan = [(where, row, lhs, rhs, _flat(table, lhs), _flat(table, rhs),
             None if row is None or row.printed else tuple((table.number, row.id, c.id) for c in table.columns_of(row)),
             _numbers_getter(table, lhs), _numbers_getter(table, rhs), _plain_getter(table, lhs),
             _plain_getter(table, rhs))
            for where, row, lhs, rhs in plan]
    _PLANS[key] = (table, rel, plan)
    return plan


def _plain_getter(table: Table, pairs):
    """For a side: ``get(numbers)`` → the sum of its cells, a group row's leaves in its place, KeyError unless all
    are numbers — the sum when :func:`~._util.plain_sums` holds (any order gives it); None for a side with a group
    among the leaves of a group."""
    flat = _flat(table, pairs)
    if flat is None:
        return None
    keys = [k for key, leaves in flat for k in ((key,) if leaves is None else leaves)]
    if len(keys) == 1:
        one = keys[0]
        return lambda numbers: numbers[one]
    values = itemgetter(*keys)
    return lambda numbers: sum(values(numbers))


def _numbers_getter(table: Table, pairs):
    """For a side: ``get(numbers, cells)`` → its sum when every cell it adds up is a number (the values from
    :func:`~._util.table_numbers`), adding in :func:`_side`'s order, KeyError otherwise; None for a side with a
    group among the leaves of a group (:func:`_side` walks it)."""
    flat = _flat(table, pairs)
    if flat is None:
        return None
    if all(leaves is None for _, leaves in flat):
        keys = [key for key, _ in flat]
        if len(keys) == 1:
            one = keys[0]
            return lambda numbers, cells: 0 + numbers[one]
        values = itemgetter(*keys)
        return lambda numbers, cells: sum(values(numbers))
    terms = [(key, None if leaves is None else
              (itemgetter(*leaves) if len(leaves) > 1 else (lambda numbers, k=leaves[0]: (numbers[k],))))
             for key, leaves in flat]

    def get(numbers, cells):
        total = 0
        for key, leaves in terms:
            if leaves is not None:
                cell = cells.get(key)
                if cell is None or cell.kind == "missing":  # the group's cell not printed: its leaves' sum
                    total += sum(leaves(numbers))
                    continue
            total += numbers[key]
        return total
    return get


def _cell_sum(cell) -> tuple:
    """(value, blank, unknown) of one cell as a term: blanks and unread cells count 0."""
    if cell is None:
        return 0, False, True
    kind = cell.kind
    if kind == "number":
        return cell.value, False, False
    if kind == "blank":
        return 0, True, False
    return 0, False, True


def _term_sum(cells: dict, table: Table, row, column) -> tuple:
    """(value, has a blank, has an unread cell) of the term :func:`~._util.evaluate` makes of ``row`` ×
    ``column``, without making it."""
    cell = cells.get((table.number, row.id, column.id))
    if row.printed or (cell is not None and cell.kind != "missing") or not row.sum_of:
        return _cell_sum(cell)
    total, blank, unknown = 0, False, False
    for rid in row.sum_of:
        v, b, u = _term_sum(cells, table, table.row(rid), column)
        total += v
        blank = blank or b
        unknown = unknown or u
    return total, blank, unknown


def _flat(table: Table, pairs) -> tuple | None:
    """A side's terms as (cell key, the keys of its leaves or None for a printed row) — None when a group has a
    group among its leaves (then :func:`_term_sum` walks it)."""
    out = []
    for row, column in pairs:
        key = (table.number, row.id, column.id)
        if row.printed or not row.sum_of:
            out.append((key, None))
            continue
        leaves = [table.row(r) for r in row.sum_of]
        if any(not r.printed and r.sum_of for r in leaves):
            return None
        out.append((key, tuple((table.number, r.id, column.id) for r in leaves)))
    return tuple(out)


def _side(cells: dict, table: Table, pairs, flat) -> tuple:
    """(sum, has a blank, has an unread cell) of a side, each term summed as :func:`~._util.evaluate` sums it
    (blanks and unread cells as 0).  The common case — every cell a number — in plain loops over the keys."""
    total, blank, unknown = 0, False, False
    if flat is None:
        for row, column in pairs:
            v, b, u = _term_sum(cells, table, row, column)
            total += v
            blank = blank or b
            unknown = unknown or u
        return total, blank, unknown
    for key, leaves in flat:
        cell = cells.get(key)
        if leaves is None or (cell is not None and cell.kind != "missing"):
            if cell is not None and cell.kind == "number":
                total += cell.value
            else:
                v, b, u = _cell_sum(cell)
                total += v
                blank = blank or b
                unknown = unknown or u
            continue
        sub = 0
        for k in leaves:
            c = cells.get(k)
            if c is not None and c.kind == "number":
                sub += c.value
            else:
                v, b, u = _cell_sum(c)
                sub += v
                blank = blank or b
                unknown = unknown or u
        total += sub
    return total, blank, unknown


def _evaluate_places(report: AnnualReport, table: Table, rel: Relation) -> list:
    cells = report.cells
    get = cells.get
    numbers = table_numbers(report, table)
    plain = plain_sums(report, table)
    out = []
    for entry in _plan(table, rel):
        where, row, lhs, rhs, flat_lhs, flat_rhs, group_keys, sum_lhs, sum_rhs, plain_lhs, plain_rhs = entry
        if group_keys is not None:
            if plain:
                continue  # (no row the layout does not print holds a cell)
            for k in group_keys:
                c = get(k)
                if c is not None and c.kind != "missing":
                    break
            else:
                continue  # a group row the document did not print: implied by its leaves
        if plain and plain_lhs is not None and plain_rhs is not None:
            try:
                out.append((entry, plain_lhs(numbers), plain_rhs(numbers)))  # every cell a whole number
                continue
            except KeyError:
                pass
        elif sum_lhs is not None and sum_rhs is not None:
            try:
                out.append((entry, sum_lhs(numbers, cells), sum_rhs(numbers, cells)))  # every cell a number
                continue
            except KeyError:
                pass
        out.append(Instance(where, (report, table, rel, row, lhs, rhs), _side(cells, table, lhs, flat_lhs),
                            _side(cells, table, rhs, flat_rhs)))
    return out


def _term_blank_places(cells: dict, table: Table, row, column) -> list:
    """The ``blanks`` of the term :func:`~._util.evaluate` makes of ``row`` × ``column``, without making it, each
    as (table, row label, column) — what :func:`~._util.cell_evidence` would name it."""
    cell = cells.get((table.number, row.id, column.id))
    if row.printed or (cell is not None and cell.kind != "missing") or not row.sum_of:
        return [(table.number, row.label, column.display)] if cell is not None and cell.kind == "blank" else []
    return [b for rid in row.sum_of for b in _term_blank_places(cells, table, table.row(rid), column)]


def _terms(report: AnnualReport, table: Table, rel: Relation, row, lhs, rhs):
    """The evaluated terms of one place of the relation."""
    if rel.per == "column":
        return ([evaluate(report, table, r, c) for r, c in lhs], [evaluate(report, table, r, c) for r, c in rhs])
    if rel.per == "row":
        lhs = [evaluate(report, table, r, c) for r, c in lhs]
        rhs = [evaluate(report, table, r, c) for r, c in rhs]
        for t in lhs + rhs:  # name the columns, not the row, in a per-row relation
            column = t.sole_column()
            t.label = t.label if column is None else column
        return lhs, rhs
    return ([evaluate_cell_pair(report, table, r.id, c.id) for r, c in lhs],
            [evaluate_cell_pair(report, table, r.id, c.id) for r, c in rhs])


def blank_feasible(lhs, rhs) -> bool:
    """Can the blank cells of a relation take values ≥ 0 that make it hold?  (A blank is unknown, not 0.)"""
    return _feasible(sum((t.value for t in lhs), 0), sum((t.value for t in rhs), 0),
                     any(t.blanks for t in lhs), any(t.blanks for t in rhs))


def _feasible(left, right, blank_left: bool, blank_right: bool) -> bool:
    if blank_left and blank_right:
        return True
    if blank_left:
        return right >= left
    if blank_right:
        return left >= right
    return left == right


def blank_relations(report: AnnualReport, table: Table):
    """(where, relation, blank cells, implied value or None) for every relation instance that a
    blank cell makes not checkable (every other term a number; the blanks could hold values that fit).
    Each blank cell as its evidence names it: (table, row label, column).  ``implied`` is the value the
    other cells give the single blank cell."""
    if table.number not in report.tables_found:
        return
    for rel in table.relations:
        for inst in _places(report, table, rel):
            if type(inst) is tuple:
                continue  # every cell a number: no blank
            if not (inst.blank_left or inst.blank_right) or inst.unknown or not inst.feasible():
                continue
            blanks = inst.blank_places()
            implied = None
            if len(blanks) == 1:
                implied = inst.right - inst.left if inst.blank_left else inst.left - inst.right
            yield inst.where, rel, blanks, implied


def check_relation(report: AnnualReport, table: Table, rel: Relation):
    """Findings for one relation.  A blank cell is unknown: a relation with blanks is judged only when
    no values ≥ 0 in the blanks could make it hold (then the message says so); otherwise it is
    "not checkable", which the blank-cell rule C04 reports with the value the other cells imply."""
    if table.number not in report.tables_found:
        return
    for inst in _places(report, table, rel):
        if type(inst) is tuple:
            if inst[1] == inst[2]:
                continue  # every cell a number (most places), and the relation holds
            inst = _instance(report, table, rel, inst)
        elif inst.unknown or inst.feasible():
            continue
        where, lhs, rhs, left, right = inst.where, inst.lhs, inst.rhs, inst.left, inst.right
        terms = lhs + rhs
        blanks = [b for t in terms for b in t.blanks]
        blank_note = ""
        if blanks:
            blank_note = ("空白单元格（" + "、".join(f"「{b.row or b.column}」{'「' + b.column + '」' if b.row else ''}"
                                                for b in blanks[:4]) + ("等" if len(blanks) > 4 else "")
                          + "）不论填什么不小于 0 的数，这一关系都不能成立（上面按已印出的数字计算）。")
        diff = fmt_value(abs(left - right))
        msg = (f"{where}不符合勾稽关系“{rel.name}”：{side_text(lhs)}，而{side_text(rhs)}，"
               f"相差 {diff}。{blank_note}")
        yield Finding(rel.code, rel.severity, msg, [e for t in terms for e in t.evidence],
                      "请按办理台账逐项核对这些单元格，改正填错的数字后重新计算合计。")


def _register_relation_rules():
    seen = {}
    for fmt in FORMATS.values():
        for table in fmt.tables:
            for rel in table.relations:
                seen.setdefault(rel.code, rel)
    for code, rel in seen.items():
        title, doc = rel.title or rel.name, rel.doc or f"""
            作用：
            核对勾稽关系“{rel.name}”。

            为什么：
            该关系来自年报格式（{rel.source}）；不成立说明数字填错。

            示例：
            两边之和不等时报告。
            """
        source = rel.source + (f"；规范编号 {rel.spec_id}（annual-report-format-2021.md §8）" if rel.spec_id else "")

        def check(report, ctx, _code=code):
            for table, r in _relations(_code, report):
                yield from check_relation(report, table, r)

        rule(code=code, severity=rel.severity, title=title, source=source, formula=rel.name, doc=doc)(check)


_register_relation_rules()


# ---------------------------------------------------------------- group subtotals
@rule(code="R307", severity="error", title="表三：印出的小计=其各小项之和",
      source="格式表三（三）至（六）各项（DERIVED：小计即各小项之和）",
      formula="小计(（三）/（四）/（五）/（六）) = 该组 1…n 项之和")
def group_subtotal(report: AnnualReport, ctx):
    """
    作用：
    格式不印（三）不予公开、（四）无法提供、（五）不予处理、（六）其他处理的小计。若文件印了小计，又印了各小项，核对小计是否等于各小项之和。

    为什么：
    小计与小项不一致时，无法判断哪个数是对的，（七）总计的核对也会失真。

    示例：
    （四）无法提供 小计印为 5，而 1、2、3 项分别为 2、1、1：报“错误”。
    """
    for table in report.format.tables:
        if table.number not in report.tables_found or plain_sums(report, table):
            continue  # (plain sums: no row the layout does not print holds a cell — no subtotal printed)
        for row in table.rows:
            if row.printed or not row.sum_of:
                continue
            for col in table.columns_of(row):
                printed = report.cells.get((table.number, row.id, col.id))
                if printed is None or printed.kind != "number":
                    continue
                leaves = [evaluate(report, table, table.row(r), col) for r in row.sum_of]
                if any(t.status != "number" for t in leaves):
                    continue
                total = sum((t.value for t in leaves), 0)
                if total != printed.value:
                    ev = [cell_evidence(table, row, col, printed)] + [e for t in leaves for e in t.evidence]
                    yield Finding("R307", "error",
                                  f"{place(table, row, col)}印出的小计为 {fmt_value(printed.value)}，"
                                  f"但其 {len(leaves)} 个小项之和为 {fmt_value(total)}。",
                                  ev, "请核对小计和各小项；格式本身不设小计行，可删去小计只保留各小项。")


# ---------------------------------------------------------------- value sanity
def _is_integer(v) -> bool:
    return isinstance(v, int) or (isinstance(v, Decimal) and v == v.to_integral())


def _value_findings(report, table_number, code, allow_negative=(), decimal_columns=()):
    if table_number not in report.tables_found:
        return
    table = report.table(table_number)
    # the numbers that are not whole numbers ≥ 0 (most cells are: nothing to say in any column), found once per
    # audit in the scan of the table's cells
    for row, items in cells_by_kind(report, table).get(ODD_NUMBER, {}).items():
        if not row.printed:
            continue
        for col, cell in items:
            yield from _value_finding(table, row, col, cell, code, allow_negative, decimal_columns)


def _value_finding(table, row, col, cell, code, allow_negative, decimal_columns):
    if True:
        amount = col.unit == "万元" or row.unit == "万元" or col.id in decimal_columns
        negative_ok = col.id in allow_negative
        problem = ""
        if cell.value < 0 and not negative_ok:
            problem = "为负数"
        elif not amount and not _is_integer(cell.value):
            problem = "不是整数（件数只能是整数）"
        if problem:
            unit = "万元" if amount else "件"
            yield Finding(code, "error", f"{place(table, row, col)}印为 {cell.display()}，{problem}。",
                          [cell_evidence(table, row, col, cell)],
                          f"请填写不小于 0 的{'金额（单位：万元）' if amount else '整数'}；单位为{unit}。")


@rule(code="R201", severity="error", title="表二：件数为非负整数，收费金额为非负数（万元）",
      source="年报格式第二部分表头（DERIVED）；规范编号 R2-1（annual-report-format-2021.md §8）", formula="件数 ∈ {0,1,2,…}；本年收费金额 ≥ 0（万元）")
def proactive_values(report: AnnualReport, ctx):
    """
    作用：
    核对表二（主动公开）的数值：制发、废止、现行有效件数和处理决定数量必须是不小于 0 的整数；行政事业性收费金额以万元为单位，可以有小数，但不能为负。
    2019 年试行格式的“本年增/减”可以为负数。

    为什么：
    件数不可能是负数或小数；出现时多半是录入错误或把金额填进了件数栏。

    示例：
    “行政许可”本年处理决定数量印为 -3：报“错误”。“行政事业性收费”印为 24252.31（万元）：不报。
    """
    yield from _value_findings(report, "二", "R201", allow_negative=("change",))


@rule(code="R304", severity="error", title="表三：每个数字是不小于 0 的整数",
      source="年报格式第三部分（DERIVED）；规范编号 R3-4（annual-report-format-2021.md §8）", formula="M[r][c] ∈ {0,1,2,…}")
def request_values(report: AnnualReport, ctx):
    """
    作用：
    核对表三每个印出的数字是不小于 0 的整数。空白单元格不在此报告（见 C04：空白是未知数，不按 0 计算）。

    为什么：
    申请件数只能是非负整数；负数或小数说明录入错误。

    示例：
    “二、上年结转政府信息公开申请数量”自然人列印为 1.5：报“错误”。
    """
    yield from _value_findings(report, "三", "R304")


@rule(code="R404", severity="error", title="表四：15 个数字都是不小于 0 的整数",
      source="年报格式第四部分（DERIVED）；规范编号 R4-4（annual-report-format-2021.md §8）", formula="表四每格 ∈ {0,1,2,…}")
def review_values(report: AnnualReport, ctx):
    """
    作用：
    核对表四（行政复议、行政诉讼）15 个单元格中印出的数字都是不小于 0 的整数。

    为什么：
    案件数只能是非负整数。

    示例：
    “行政复议/结果维持”印为 -1：报“错误”。
    """
    yield from _value_findings(report, "四", "R404")


# ---------------------------------------------------------------- year over year
def _consecutive(report: AnnualReport, previous: AnnualReport | None) -> bool:
    if previous is None:
        return False
    if report.year and previous.year and previous.year != report.year - 1:
        return False
    return True


def previous_evidence(prev: AnnualReport, table, row, column, cell) -> CellEvidence:
    """A cell of last year's report, its place saying which file it is in."""
    ev = cell_evidence(table, row, column, cell)
    name = Path(prev.source).name if prev.source else "上一年度报告"
    where = f"上一年度报告 {name} {cell.location.describe()}".strip()
    return CellEvidence(ev.table, ev.row, ev.column, ev.value, replace(cell.location, where=where))


@rule(code="R305", severity="warning", title="跨年：本年“上年结转”=上年“结转下年度继续办理”（逐列）",
      source="表三行标签（DERIVED）；规范编号 R3-5（annual-report-format-2021.md §8）", formula="M_Y[二][c] = M_{Y-1}[四][c]")
def carry_over_matches_last_year(report: AnnualReport, ctx):
    """
    作用：
    提供上一年度年报时，逐列核对：本年“二、上年结转政府信息公开申请数量”等于上年“四、结转下年度继续办理”。

    为什么：
    上年未办结的申请就是本年的结转申请；两年数字不一致说明其中一年填错，或年报发布后作了更正。

    示例：
    2023 年报结转下年度 103 件，2024 年报上年结转 34 件：报“警告”。
    """
    prev = ctx.previous
    if not _consecutive(report, prev) or "三" not in report.tables_found or "三" not in prev.tables_found:
        return
    table = report.table("三")
    ptable = prev.table("三")
    for col in table.columns:
        cur = report.cells.get(("三", "carried_over", col.id))
        old = prev.cells.get(("三", "carried_forward", col.id))
        if cur is None or old is None or cur.kind != "number" or old.kind != "number":
            continue
        if cur.value != old.value:
            yield Finding(
                "R305", "warning",
                f"{place(table, table.row('carried_over'), col)}为 {fmt_value(cur.value)}，但上一年度年报"
                f"（{prev.year or '上年'}年）「四、结转下年度继续办理」同列为 {fmt_value(old.value)}。",
                [cell_evidence(table, table.row("carried_over"), col, cur),
                 previous_evidence(prev, ptable, ptable.row("carried_forward"), ptable.column(col.id), old)],
                "请核对上年未办结申请的台账；若上年年报有误，建议在本年报告中说明。")


def _proactive_terms(report, row_id):
    vals = {}
    for cid in ("issued", "repealed", "in_force"):
        c = report.cells.get(("二", row_id, cid))
        vals[cid] = c if c is not None and c.kind == "number" else None
    return vals


def _year_pair(report, ctx):
    prev = ctx.previous
    if (not _consecutive(report, prev) or report.format_id != "2021" or prev.format_id != "2021"
            or "二" not in report.tables_found or "二" not in prev.tables_found):
        return None
    return prev


@rule(code="R202", severity="warning", title="跨年：现行有效件数=上年现行有效+本年制发−本年废止",
      source="表二第二十条第（一）项（DERIVED，近似：文件也可能到期失效或修订）；规范编号 R2-2（annual-report-format-2021.md §8）",
      formula="现行有效_Y = 现行有效_{Y-1} + 本年制发_Y − 本年废止_Y（规章、行政规范性文件）")
def in_force_rolls_forward(report: AnnualReport, ctx):
    """
    作用：
    提供上一年度年报时，对“规章”和“行政规范性文件”核对：本年现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数。

    为什么：
    现行有效件数应当能由上年数字推算；不一致可能是漏报废止、漏报制发，或文件到期自动失效未说明。这是近似关系，所以只报“警告”。

    示例：
    上年现行有效 65 件，本年制发 6、废止 3，本年现行有效却填 60（应为 68）：报“警告”。
    """
    prev = _year_pair(report, ctx)
    if prev is None:
        return
    table = report.table("二")
    for row_id in ("rules", "normative_documents"):
        cur, old = _proactive_terms(report, row_id), _proactive_terms(prev, row_id)
        if None in (cur["issued"], cur["repealed"], cur["in_force"], old["in_force"]):
            continue
        expected = old["in_force"].value + cur["issued"].value - cur["repealed"].value
        if cur["in_force"].value != expected:
            row = table.row(row_id)
            yield Finding(
                "R202", "warning",
                f"表二「{row.label}」现行有效件数为 {fmt_value(cur['in_force'].value)}，但按上年现行有效 "
                f"{fmt_value(old['in_force'].value)} + 本年制发 {fmt_value(cur['issued'].value)} − 本年废止 "
                f"{fmt_value(cur['repealed'].value)} 推算应为 {fmt_value(expected)}。",
                [cell_evidence(table, row, table.column(c), cur[c]) for c in ("in_force", "issued", "repealed")]
                + [previous_evidence(prev, prev.table("二"), row, table.column("in_force"), old["in_force"])],
                "请核对文件清理台账；若有文件到期失效或被修订，建议在正文中说明。")


@rule(code="R203", severity="warning", title="跨年：本年废止件数不超过上年现行有效+本年制发",
      source="表二第二十条第（一）项（DERIVED）；规范编号 R2-3（annual-report-format-2021.md §8）", formula="本年废止_Y ≤ 现行有效_{Y-1} + 本年制发_Y")
def repealed_not_more_than_available(report: AnnualReport, ctx):
    """
    作用：
    提供上一年度年报时，对“规章”和“行政规范性文件”核对：本年废止件数不超过上年现行有效件数与本年制发件数之和。

    为什么：
    不能废止不存在的文件；超出说明废止数或上年现行有效数有误。

    示例：
    上年现行有效 2 件，本年制发 0、废止 5：报“警告”。
    """
    prev = _year_pair(report, ctx)
    if prev is None:
        return
    table = report.table("二")
    for row_id in ("rules", "normative_documents"):
        cur, old = _proactive_terms(report, row_id), _proactive_terms(prev, row_id)
        if None in (cur["issued"], cur["repealed"], old["in_force"]):
            continue
        limit = old["in_force"].value + cur["issued"].value
        if cur["repealed"].value > limit:
            row = table.row(row_id)
            yield Finding(
                "R203", "warning",
                f"表二「{row.label}」本年废止 {fmt_value(cur['repealed'].value)} 件，超过上年现行有效 "
                f"{fmt_value(old['in_force'].value)} 件与本年制发 {fmt_value(cur['issued'].value)} 件之和 "
                f"{fmt_value(limit)}。",
                [cell_evidence(table, row, table.column(c), cur[c]) for c in ("repealed", "issued")]
                + [previous_evidence(prev, prev.table("二"), row, table.column("in_force"), old["in_force"])],
                "请核对废止文件清单和上年现行有效件数。")

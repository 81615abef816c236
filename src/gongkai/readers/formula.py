"""A safe subset of spreadsheet formulas, evaluated for cells saved without their results (issue 11).

A workbook written by a program that does not compute formulas (openpyxl, many exporters) stores
``=SUM(B3:B5)`` or ``=B3+B4-B5`` with no cached value: Excel shows the sum, the file holds none.  The XLSX
reader evaluates such a formula itself when it stays within this subset, and only then:

* numbers (``12``, ``3.5``), cell references (``B3``, ``$B$3``), references to another sheet of the workbook
  (``表三!B3``, ``'表 三'!B3``);
* ``+``, ``-`` (also unary), ``*`` and parentheses;
* ``SUM(…)`` over numbers, references, ranges (``B3:G3``) and expressions.

Excel's meaning is kept: an empty cell is 0; ``SUM`` ignores text and true/false inside a range.  Anything else
— another function, ``/``, ``%``, ``&``, comparisons, text or an error value in an arithmetic operand, a cycle,
a range of more than ``MAX_RANGE`` cells, more than ``MAX_STEPS`` cells visited, a chain of formulas deeper than
``MAX_DEPTH`` — raises :class:`Unsupported` with a Chinese reason: the cell stays unread (“公式未计算”), never a
guessed number.  Arithmetic is exact (``Decimal``; a float cell is taken by its shortest repr).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable

MAX_RANGE = 10_000  # cells in one range
MAX_STEPS = 200_000  # cells visited while evaluating one workbook's formulas
MAX_DEPTH = 60  # formulas referring to formulas …
MAX_LENGTH = 2_000  # characters of one formula

_TOKEN = re.compile(r"""
    \s*(?:
      (?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[^\s!'(),:+\-*/^&=<>"%]+)!)?
              \$?(?P<c1>[A-Za-z]{1,3})\$?(?P<r1>\d{1,7})(?![\w(])
              (?::\$?(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>\d{1,7})(?![\w(]))?)
     |(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
     |(?P<func>[A-Za-z][A-Za-z0-9.]*)\s*\(
     |(?P<op>[-+*(),])
     |(?P<other>\S)
    )""", re.X)


class Unsupported(Exception):
    """The formula is outside the subset (or its inputs are not numbers): the reason, in Chinese."""


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _tokens(formula: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    pos = 0
    text = formula.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group("ref"):
            sheet = m.group("sheet")
            if sheet and sheet.startswith("'"):
                sheet = sheet[1:-1].replace("''", "'")
            first = (int(m.group("r1")), column_number(m.group("c1")))
            last = (int(m.group("r2")), column_number(m.group("c2"))) if m.group("c2") else None
            out.append(("ref", (sheet, first, last)))
        elif m.group("num"):
            out.append(("num", Decimal(m.group("num"))))
        elif m.group("func"):
            out.append(("func", m.group("func").upper()))
        elif m.group("op"):
            out.append(("op", m.group("op")))
        else:
            what = m.group("other")
            raise Unsupported(f"含不支持的运算符或内容“{what}”")
    return out


#: a cell's content as the evaluator sees it: (value, formula) — value as openpyxl gives it (None for empty or
#: a formula saved without its result), formula the text after "=" when the cell holds one, else None
Lookup = Callable[[str | None, int, int], tuple[object, str | None]]


class Evaluator:
    """Evaluates formulas of one workbook.  ``lookup(sheet, row, col)`` gives a cell's value and formula
    (``sheet`` None: the formula's own sheet); an unknown sheet raises :class:`Unsupported` from lookup."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup
        self.steps = 0
        self.done: dict[tuple[str, int, int], Decimal | Unsupported] = {}
        self.active: list[tuple[str, int, int]] = []

    def cell_formula(self, sheet: str, row: int, col: int, formula: str) -> Decimal:
        """The value of the formula held by (sheet, row, col); :class:`Unsupported` when outside the subset."""
        key = (sheet, row, col)
        if key in self.done:
            got = self.done[key]
            if isinstance(got, Unsupported):
                raise got
            return got
        if key in self.active:
            raise Unsupported("公式循环引用")
        if len(self.active) >= MAX_DEPTH:
            raise Unsupported(f"公式引用公式超过 {MAX_DEPTH} 层")
        self.active.append(key)
        try:
            value = _Parser(self, sheet, formula).parse()
        except Unsupported as exc:
            self.done[key] = exc
            raise
        finally:
            self.active.pop()
        self.done[key] = value
        return value

    def _visit(self, sheet: str, row: int, col: int) -> tuple[object, str | None]:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Unsupported(f"公式引用的单元格过多（超过 {MAX_STEPS} 个）")
        return self.lookup(sheet, row, col)

    def operand(self, sheet: str, row: int, col: int) -> Decimal:
        """A referenced cell in arithmetic: a number, an empty cell (0) or a formula; else Unsupported."""
        value, formula = self._visit(sheet, row, col)
        return self._number(sheet, row, col, value, formula, in_range=False)

    def range_values(self, sheet: str, first: tuple[int, int], last: tuple[int, int]) -> list[Decimal]:
        (r1, c1), (r2, c2) = first, last
        r1, r2 = sorted((r1, r2))
        c1, c2 = sorted((c1, c2))
        if (r2 - r1 + 1) * (c2 - c1 + 1) > MAX_RANGE:
            raise Unsupported(f"区域超过 {MAX_RANGE} 个单元格")
        out = []
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                value, formula = self._visit(sheet, r, c)
                got = self._number(sheet, r, c, value, formula, in_range=True)
                if got is not None:
                    out.append(got)
        return out

    def _number(self, sheet, row, col, value, formula, in_range: bool) -> Decimal | None:
        where = f"{sheet}!{column_letters(col)}{row}"
        if value is None and formula is not None:
            return self.cell_formula(sheet, row, col, formula)
        if value is None or value == "":
            return None if in_range else Decimal(0)
        if isinstance(value, bool):
            if in_range:
                return None
            raise Unsupported(f"引用的 {where} 是逻辑值")
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise Unsupported(f"引用的 {where} 不是数字")
            return Decimal(repr(value))
        if isinstance(value, Decimal):
            return value
        if in_range:
            return None  # SUM ignores text in a range
        raise Unsupported(f"引用的 {where} 不是数字（“{str(value)[:20]}”）")


class _Parser:
    def __init__(self, ev: Evaluator, sheet: str, formula: str):
        if len(formula) > MAX_LENGTH:
            raise Unsupported(f"公式超过 {MAX_LENGTH} 个字符")
        self.ev, self.sheet = ev, sheet
        self.toks = _tokens(formula.lstrip("=").strip())
        self.i = 0

    def parse(self) -> Decimal:
        if not self.toks:
            raise Unsupported("公式为空")
        value = self.expr()
        if self.i != len(self.toks):
            raise Unsupported("公式结构无法识别")
        return value

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expr(self) -> Decimal:
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            rhs = self.term()
            value = value + rhs if op == "+" else value - rhs
        return value

    def term(self) -> Decimal:
        value = self.unary()
        while self.peek() == ("op", "*"):
            self.take()
            value = value * self.unary()
        return value

    def unary(self) -> Decimal:
        if self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            value = self.unary()
            return -value if op == "-" else value
        return self.primary()

    def _sheet(self, sheet: str | None) -> str:
        return sheet if sheet is not None else self.sheet

    def primary(self) -> Decimal:
        kind, val = self.take()
        if kind == "num":
            return val
        if kind == "ref":
            sheet, first, last = val
            if last is not None:
                raise Unsupported("区域只能用在 SUM 中")
            return self.ev.operand(self._sheet(sheet), *first)
        if kind == "op" and val == "(":
            value = self.expr()
            if self.take() != ("op", ")"):
                raise Unsupported("括号不配对")
            return value
        if kind == "func":
            if val != "SUM":
                raise Unsupported(f"含不支持的函数 {val}")
            return self.sum_args()
        raise Unsupported("公式结构无法识别")

    def sum_args(self) -> Decimal:
        total = Decimal(0)
        if self.peek() == ("op", ")"):
            self.take()
            return total
        while True:
            kind, val = self.peek()
            nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else (None, None)
            if kind == "ref" and nxt in (("op", ","), ("op", ")")):
                self.take()
                sheet, first, last = val
                total += sum(self.ev.range_values(self._sheet(sheet), first, last or first), Decimal(0))
            else:
                total += self.expr()
            sep = self.take()
            if sep == ("op", ")"):
                return total
            if sep != ("op", ","):
                raise Unsupported("SUM 的参数无法识别")

"""Splitting glued digit runs by the table's relations.

A web page's text export often drops the cell separators: "一、本年新收政府信息公开申请数量
801000081" is 80, 1, 0, 0, 0, 0, 81.  We enumerate every way of cutting a run into the
row's number of cells (no leading zeros except "0" itself; a space in the run is a fixed
boundary), keep the splits under which the format's relations hold (row totals, then
column identities together with the other rows), and accept a split only when exactly one
survives.  Otherwise the row is ambiguous and its candidates are reported — never guessed.

Everything here is a pure function over strings and the format model.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterator

from ..format.model import Relation, Table

MAX_SPLITS = 200_000  # per row; beyond this a run is reported as ambiguous without enumeration
MAX_COMBINATIONS = 200_000  # joint search over several ambiguous rows

_PART = re.compile(r"^(-?(0|[1-9]\d*)(\.\d+)?)$")


def _token_splits(token: str, k: int) -> Iterator[list[str]]:
    """Every way to cut ``token`` into ``k`` valid numbers."""
    if k == 1:
        if _PART.match(token):
            yield [token]
        return
    for i in range(1, len(token) - k + 2):
        head = token[:i]
        if not _PART.match(head):
            if head.startswith("0") and head != "0":
                break  # a longer head starting with 0 is never valid
            continue
        for rest in _token_splits(token[i:], k - 1):
            yield [head, *rest]


def splits(run: str, n: int, limit: int = MAX_SPLITS) -> list[list[str]] | None:
    """All cuts of ``run`` into ``n`` numbers; whitespace in ``run`` is a fixed cell boundary.

    Returns a list of splits (each a list of ``n`` strings), or None when there are more
    than ``limit`` (too many to search).
    """
    tokens = run.split()
    if not tokens or len(tokens) > n:
        return []
    extra = n - len(tokens)
    # an upper bound on the number of cuts, computed before enumerating anything: a long run
    # (hundreds of digits) must not make us enumerate astronomically many splits
    positions = sum(len(t) - 1 for t in tokens)
    if extra > positions:
        return []
    if math.comb(positions, extra) > limit:
        return None
    out: list[list[str]] = []
    # distribute the extra cuts over the tokens
    for dist in _compositions(extra, len(tokens)):
        per_token = []
        for tok, add in zip(tokens, dist):
            opts = list(_token_splits(tok, add + 1))
            if not opts:
                break
            per_token.append(opts)
        else:
            for combo in itertools.product(*per_token):
                out.append([p for part in combo for p in part])
                if len(out) > limit:
                    return None
    return out


def _compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)


# ----------------------------------------------------------------------------- relations
Getter = Callable[[str, str], "int | Decimal | None"]


@dataclass(frozen=True)
class Equation:
    """One concrete equality of a relation: ``sum(lhs cells) == sum(rhs cells)``."""

    relation: Relation
    lhs: tuple[tuple[str, str], ...]
    rhs: tuple[tuple[str, str], ...]

    @property
    def cells(self) -> tuple[tuple[str, str], ...]:
        return self.lhs + self.rhs


def equations(table: Table) -> list[Equation]:
    """Expand every relation of ``table`` into concrete cell equations.

    A ``per="column"`` relation gives one equation per value column, ``per="row"`` one per
    printed row, ``per="cell"`` one.  Row ids may name unprinted group rows: resolve them
    with :func:`effective_value`.
    """
    out = []
    for rel in table.relations:
        if rel.per == "column":
            for c in table.columns:
                out.append(Equation(rel, tuple((r, c.id) for r in rel.lhs), tuple((r, c.id) for r in rel.rhs)))
        elif rel.per == "row":
            for r in table.printed_rows:
                out.append(Equation(rel, tuple((r.id, c) for c in rel.lhs), tuple((r.id, c) for c in rel.rhs)))
        else:
            out.append(Equation(rel, tuple(rel.lhs), tuple(rel.rhs)))
    return out


def effective_value(table: Table, get: Getter, row_id: str, column_id: str):
    """The value of a cell for arithmetic: a printed value, or for an unprinted group row
    the printed group subtotal if any, else the sum of its leaves (None if any is unknown)."""
    v = get(row_id, column_id)
    if v is not None:
        return v
    row = table.row(row_id)
    if not row.printed and row.sum_of:
        parts = [effective_value(table, get, leaf, column_id) for leaf in row.sum_of]
        if any(p is None for p in parts):
            return None
        return sum(parts)
    return None


def holds(table: Table, eq: Equation, get: Getter) -> bool | None:
    """True/False when every term is known, None when some term is unknown."""
    lhs = [effective_value(table, get, r, c) for r, c in eq.lhs]
    rhs = [effective_value(table, get, r, c) for r, c in eq.rhs]
    if any(v is None for v in lhs + rhs):
        return None
    return sum(lhs) == sum(rhs)


# ----------------------------------------------------------------------------- solving
SIGNED_COLUMNS = {"change"}  # 2019 format: 本年增/减 may be negative; every other cell is ≥ 0


@dataclass
class GluedRow:
    row_id: str
    columns: tuple[str, ...]
    run: str
    candidates: list[list[str]] = field(default_factory=list)
    too_many: bool = False
    chosen: list[str] | None = None
    no_fit: bool = False  # no split satisfies the relations
    blank_possible: bool = False  # a reading with a blank cell (not visible in glued digits) also fits
    digit_bound: int | None = None  # when set: the row's cells can hold at most this many digits in all (proof of no_fit)


def _values(parts: list[str]):
    return [Decimal(p) if "." in p else int(p) for p in parts]


def solve(table: Table, glued: list[GluedRow], known: dict[tuple[str, str], object]) -> None:
    """Choose the split of each glued row where exactly one fits the relations.

    ``known`` maps (row_id, column_id) to the values read without splitting.  Sets
    ``chosen`` on rows with a unique fit; leaves ``candidates`` (those that fit, or all
    row-level candidates when none fits jointly) on the others.
    """
    eqs = equations(table)

    # 1. row by row: keep splits under which the equations that only involve this row hold
    for g in glued:
        found = splits(g.run, len(g.columns))
        if found is None:
            g.too_many = True
            continue
        signed = [k for k, c in enumerate(g.columns) if c in SIGNED_COLUMNS]
        found = [c for c in found if all(not p.startswith("-") or k in signed for k, p in enumerate(c))]
        fitting = []
        own = [e for e in eqs if all(r == g.row_id for r, _ in e.cells)]
        index = {c: k for k, c in enumerate(g.columns)}
        checks = [([index[c] for _, c in e.lhs], [index[c] for _, c in e.rhs]) for e in own
                  if all(c in index for _, c in e.cells)]
        for cand in found:
            vals = _values(cand)
            if all(sum(vals[k] for k in lhs) == sum(vals[k] for k in rhs) for lhs, rhs in checks):
                fitting.append(cand)
        g.candidates = fitting
        if not fitting:
            g.no_fit = True
            g.candidates = found[:20]
    # 2. jointly: rows with several row-level candidates, against the column identities
    open_rows = [g for g in glued if not g.too_many and not g.no_fit]
    fixed = {}
    for g in open_rows:
        if len(g.candidates) == 1:
            fixed.update({(g.row_id, c): v for c, v in zip(g.columns, _values(g.candidates[0]))})
    ambiguous = [g for g in open_rows if len(g.candidates) > 1]
    base = {**known, **fixed}
    if ambiguous:
        size = 1
        for g in ambiguous:
            size *= len(g.candidates)
        if size <= MAX_COMBINATIONS:
            survivors = []
            for combo in itertools.product(*(g.candidates for g in ambiguous)):
                assign = dict(base)
                for g, cand in zip(ambiguous, combo):
                    assign.update({(g.row_id, c): v for c, v in zip(g.columns, _values(cand))})
                get = lambda r, c, a=assign: a.get((r, c))  # noqa: E731
                if all(holds(table, e, get) is not False for e in eqs):
                    survivors.append(combo)
            for i, g in enumerate(ambiguous):
                choices = []
                for combo in survivors:
                    if combo[i] not in choices:
                        choices.append(combo[i])
                if choices:
                    g.candidates = choices
                # when nothing survives jointly, the row-level candidates stay as they are
    for g in open_rows:
        if len(g.candidates) == 1:
            g.chosen = g.candidates[0]
    # 3. a blank cell leaves no trace in glued digits: a split is used only when no reading with blank
    # cells fits as well, and a row is "no fit" only when none with blanks fits either
    _blank_readings(table, eqs, glued, known)
    # 4. runs too long to enumerate: prove that no split can fit, by bounding every cell from above
    long_rows = [g for g in glued if g.too_many]
    if long_rows:
        _prove_no_fit(table, eqs, glued, long_rows, known)


def _upper_bounds(table: Table, eqs: list[Equation], glued: list[GluedRow], unknown: set,
                  known: dict) -> dict[tuple[str, str], int]:
    """Sound upper bounds for the cells in ``unknown`` (cells of runs too long to enumerate).

    Every cell outside the signed columns is a count ≥ 0, so in ``sum(L) == sum(R)`` a term of L is at
    most ``sum(R)`` when every term of R has an upper bound.  A term's bound is its printed value, the
    largest value it takes in any candidate split of its glued row (a row with a unique or a few fitting
    splits), or a bound found for it earlier; an unprinted group row is bounded by the sum of its leaves.
    Equations with a signed column or a negative or fractional known value are not used.
    """
    bound: dict[tuple[str, str], int] = {}
    for k, v in known.items():
        if isinstance(v, int) and not isinstance(v, bool):
            bound[k] = v
    for g in glued:
        if g.too_many or g.no_fit:
            continue
        cands = [g.chosen] if g.chosen is not None else g.candidates
        if not cands:
            continue
        for k, col in enumerate(g.columns):
            vals = [_values(c)[k] for c in cands]
            if all(isinstance(v, int) for v in vals):
                bound.setdefault((g.row_id, col), max(vals))

    def ub(r: str, c: str):
        if (r, c) in bound:
            return bound[(r, c)]
        row = table.row(r)
        if not row.printed and row.sum_of:
            parts = [ub(leaf, c) for leaf in row.sum_of]
            if any(p is None for p in parts):
                return None
            return sum(parts)
        return None

    def usable(eq: Equation) -> bool:
        if eq.relation.severity != "error":
            return False
        for r, c in eq.cells:
            if c in SIGNED_COLUMNS:
                return False
            v = known.get((r, c))
            if v is not None and (not isinstance(v, int) or v < 0):
                return False
        return True

    usable_eqs = [e for e in eqs if usable(e)]
    for _ in range(4):  # a few rounds: a bound found for a total bounds the row's other cells
        changed = False
        for eq in usable_eqs:
            for side, other in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs)):
                for cell in side:
                    if cell not in unknown:
                        continue
                    parts = [ub(r, c) for r, c in other]
                    if any(p is None for p in parts):
                        continue
                    b = sum(parts)
                    if cell not in bound or b < bound[cell]:
                        bound[cell] = b
                        changed = True
        if not changed:
            break
    return {cell: bound[cell] for cell in unknown if cell in bound}


def _prove_no_fit(table: Table, eqs: list[Equation], glued: list[GluedRow], long_rows: list[GluedRow],
                  known: dict) -> None:
    """Mark a run too long to enumerate as fitting no split when its digits cannot fit its cells at all."""
    unknown = {(g.row_id, c) for g in long_rows for c in g.columns}
    bounds = _upper_bounds(table, eqs, glued, unknown, known)
    for g in long_rows:
        digits = sum(len(t) for t in g.run.split())
        if not re.fullmatch(r"[0-9]+", g.run.strip()):
            continue  # one unbroken run of digits only: with spaces a blank cell may explain it (P01)
        if any(c in SIGNED_COLUMNS or (g.row_id, c) not in bounds for c in g.columns):
            continue
        # a cell at most B holds at most len(str(B)) digits (a negative bound: no value at all)
        capacity = sum(len(str(bounds[(g.row_id, c)])) if bounds[(g.row_id, c)] >= 0 else -10**9
                       for c in g.columns)
        if digits > capacity:
            g.too_many = False
            g.no_fit = True
            g.candidates = []
            g.digit_bound = max(capacity, 0)


# ----------------------------------------------------------------------------- blank cells
MAX_BLANK_READINGS = 5_000  # readings of one row enumerated for the blank check; beyond: assume one fits
_TOKEN = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


def _leaf_terms(table: Table, cells, get: Getter, row_id: str) -> list[tuple[str, str]] | None:
    """An equation side as cells: a group row the layout does not print (and the document did not) is
    its leaves; None when a cell is unknown (neither in ``get`` nor of row ``row_id``)."""
    out = []
    for r, c in cells:
        if r == row_id or get(r, c) is not None:
            out.append((r, c))
            continue
        row = table.row(r)
        if not row.printed and row.sum_of:
            leaves = _leaf_terms(table, [(leaf, c) for leaf in row.sum_of], get, row_id)
            if leaves is None:
                return None
            out += leaves
        else:
            return None
    return out


def _implied(table: Table, eqs: list[Equation], g: GluedRow, get: Getter):
    """Per column of ``g``: the value the other rows' cells give it through an equation in which it is
    the row's only cell (the column identities), None when no equation does; and the row's own
    equations as (lhs columns, rhs columns).  Returns None when two equations disagree or one gives a
    negative count (no reading of the row fits at all — the row-level check already says so)."""
    implied: dict[str, object] = {}
    own = []
    for e in eqs:
        lhs = _leaf_terms(table, e.lhs, get, g.row_id)
        rhs = _leaf_terms(table, e.rhs, get, g.row_id)
        if lhs is None or rhs is None:
            continue
        mine = [(side, c) for side, terms in ((1, lhs), (-1, rhs)) for r, c in terms if r == g.row_id]
        if not mine:
            continue
        if all(r == g.row_id for r, _ in lhs + rhs):
            if all(c in g.columns for _, c in lhs + rhs):
                own.append(([c for _, c in lhs], [c for _, c in rhs]))
            continue
        if len(mine) != 1 or mine[0][1] not in g.columns:
            continue
        side, col = mine[0]
        left = sum((get(r, c) for r, c in lhs if r != g.row_id), 0)
        right = sum((get(r, c) for r, c in rhs if r != g.row_id), 0)
        value = right - left if side == 1 else left - right
        if col not in SIGNED_COLUMNS and value < 0 or implied.get(col, value) != value:
            return None
        implied[col] = value
    return implied, own


def _row_readings(run: str, columns: tuple[str, ...], implied: dict, limit: int):
    """Every reading of ``run`` over ``columns`` where a cell may be blank (it prints nothing): a
    column with an implied value prints exactly that value or nothing; any other column prints any
    number or nothing.  Yields (values or None per column); stops after ``limit`` + 1."""
    text = run
    n = len(columns)
    fixed = {c: str(v) for c, v in implied.items() if isinstance(v, int)}
    count = 0

    def walk(k: int, pos: int, acc: list):
        nonlocal count
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if k == n:
            if pos == len(text):
                count += 1
                yield list(acc)
            return
        if count > limit:
            return
        col = columns[k]
        acc.append(None)  # blank
        yield from walk(k + 1, pos, acc)
        acc.pop()
        if pos >= len(text):
            return
        if col in fixed:
            tok = fixed[col]
            end = pos + len(tok)
            if text.startswith(tok, pos) and (end == len(text) or not _glues(text, end, tok)):
                acc.append(tok)
                yield from walk(k + 1, end, acc)
                acc.pop()
            return
        end = pos
        while end < len(text) and not text[end].isspace():
            end += 1
        for j in range(pos + 1, end + 1):
            tok = text[pos:j]
            if _TOKEN.fullmatch(tok):
                acc.append(tok)
                yield from walk(k + 1, j, acc)
                acc.pop()
            elif tok.startswith("0") and tok not in ("0", "-") and not tok.startswith("0."):
                break

    yield from walk(0, 0, [])


def _glues(text: str, end: int, tok: str) -> bool:
    """A token ending at ``end`` must not be followed by ".digit" (it would be a decimal's integer part)."""
    return text[end] == "." and "." not in tok


def _fits(values: list, columns: tuple[str, ...], implied: dict, own) -> bool:
    """Can the reading's blank cells hold values ≥ 0 under which the row's own equations hold?"""
    cells = {}
    free = set()
    for col, tok in zip(columns, values):
        if tok is not None:
            cells[col] = Decimal(tok) if "." in tok else int(tok)
        elif col in implied:
            cells[col] = implied[col]
        else:
            free.add(col)
    for lhs, rhs in own:
        left, right = sum(cells.get(c, 0) for c in lhs), sum(cells.get(c, 0) for c in rhs)
        free_left, free_right = any(c in free for c in lhs), any(c in free for c in rhs)
        if free_left and free_right:
            continue
        if free_left and right < left or free_right and left < right:
            return False
        if not free_left and not free_right and left != right:
            return False
    return True


def _blank_readings(table: Table, eqs: list[Equation], glued: list[GluedRow], known: dict) -> None:
    """A split chosen for a glued row stands only when no reading of the run with blank cells fits the
    relations as well, given the other rows (their printed or chosen values); else the row is
    ambiguous (``blank_possible``).  Repeated until nothing changes: a row that is no longer chosen is
    unknown to the others.  A row no split fits is ``no_fit`` only when no reading with blanks fits
    either."""
    changed = True
    while changed:
        changed = False
        values = dict(known)
        for g in glued:
            if g.chosen is not None:
                values.update({(g.row_id, c): v for c, v in zip(g.columns, _values(g.chosen))})
        for g in glued:
            if g.too_many or g.blank_possible or (g.chosen is None and not g.no_fit):
                continue
            others = {k: v for k, v in values.items() if k[0] != g.row_id}
            found = _implied(table, eqs, g, lambda r, c, o=others: o.get((r, c)))
            if found is None:
                continue
            implied, own = found
            chosen = list(g.chosen) if g.chosen is not None else None
            other = 0
            for seen, reading in enumerate(_row_readings(g.run, g.columns, implied, MAX_BLANK_READINGS)):
                if seen >= MAX_BLANK_READINGS:
                    other = 1  # too many to try: one of them may fit
                    break
                if reading != chosen and _fits(reading, g.columns, implied, own):
                    other = 1
                    break
            if not other:
                continue
            g.blank_possible = True
            if g.chosen is not None:
                g.candidates = [g.chosen]
                g.chosen = None
                changed = True
                break  # the other rows lose this row's values: look again
            g.no_fit = False
            g.candidates = []

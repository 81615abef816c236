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
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..format.model import Relation, Table
from ..textutil import lazy_pattern
from .placements import agreed_cells, block_cells, own_placements

MAX_SPLITS = 200_000  # per row; beyond this a run is reported as ambiguous without enumeration
MAX_COMBINATIONS = 200_000  # joint search over several ambiguous rows
#: steps of the search for readings of a run with blank cells (per row); beyond this the row is not accepted
MAX_BLANK_STEPS = 5_000

#: a number as a cell of a run: digits, or digits grouped by thousands ("1,476", "22,521": every group after the
#: first of exactly three digits — a comma with fewer or more digits after it is no separator, never cut across)
_PART = lazy_pattern(r"^(-?(0|[1-9]\d{0,2}(,\d{3})+|[1-9]\d*)(\.\d+)?)$")  # compiled on first use (cold start)
#: full-width digits, comma and point (a page set in full-width characters: "７３５", "２６６７．４１", "１，４７６") read
#: as the ASCII ones, one character for one (the cells of a split are cut from the printed run at the same places)
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")


def normal_run(run: str) -> str:
    """``run`` with full-width digits, comma and point as ASCII: the same length, character for character."""
    return run.translate(_FULLWIDTH)


def _number(part: str):
    """The value of a number part of a run (full-width digits and thousands commas allowed)."""
    if not part.isascii():
        part = part.translate(_FULLWIDTH)
    if "," in part:
        part = part.replace(",", "")
    return Decimal(part) if "." in part else int(part)
#: a not-applicable mark printed as a cell ("/", "-", "—", "－"): one cell, never cut or joined
_MARK = lazy_pattern(r"^[/／—－–\-]{1,2}$")
#: a dash glued to digits in a run ("2648-18538", "-000000"): a dash cell next to the numbers
_INNER_DASH = lazy_pattern(r"(?<=[\d.])([-－—–])|([-－—–])(?=\d)")


def is_mark(part: str) -> bool:
    """True for a not-applicable mark standing as a cell of its own."""
    return part[:1] in _MARK_START and bool(_MARK().match(part))


_MARK_START = frozenset("/／—－–-")  # (a part starting with anything else — a digit — is never a mark)


def _token_splits(token: str, k: int) -> Iterator[list[str]]:
    """Every way to cut ``token`` into ``k`` valid numbers (a not-applicable mark is one cell)."""
    if is_mark(token):
        if k == 1:
            yield [token]
        return
    if k == 1:
        if _PART().match(token):
            yield [token]
        return
    for i in range(1, len(token) - k + 2):
        head = token[:i]
        if not _PART().match(head):
            if head.startswith("0") and head != "0":
                break  # a longer head starting with 0 is never valid
            continue
        for rest in _token_splits(token[i:], k - 1):
            yield [head, *rest]


def _token_split_list(token: str, k: int, memo: dict) -> list[list[str]]:
    """``list(_token_splits(token, k))``, each cut of a token's tail into fewer numbers made once (``memo``: for
    one run; the same tail is cut again under every head before it)."""
    hit = memo.get((token, k))
    if hit is None:
        if token.isdigit() and token.isascii():
            # (ASCII digits, most tokens: a piece is a number unless it starts with a 0 and is not "0" — what _PART
            # says of it, without it; after a leading 0 only "0" itself is a head)
            if k == 1:
                hit = [[token]] if token[0] != "0" or token == "0" else []
            else:
                hit = []
                for i in range(1, len(token) - k + 2 if token[0] != "0" else min(len(token) - k + 2, 2)):
                    head = token[:i]
                    for rest in _token_split_list(token[i:], k - 1, memo):
                        hit.append([head, *rest])
        elif k == 1 or is_mark(token):
            hit = list(_token_splits(token, k))
        else:
            hit = []
            for i in range(1, len(token) - k + 2):
                head = token[:i]
                if not _PART().match(head):
                    if head.startswith("0") and head != "0":
                        break  # a longer head starting with 0 is never valid
                    continue
                for rest in _token_split_list(token[i:], k - 1, memo):
                    hit.append([head, *rest])
        memo[(token, k)] = hit
    return hit


def splits(run: str, n: int, limit: int = MAX_SPLITS) -> list[list[str]] | None:
    """All cuts of ``run`` into ``n`` numbers; whitespace in ``run`` is a fixed cell boundary.

    Returns a list of splits (each a list of ``n`` strings), or None when there are more
    than ``limit`` (too many to search).
    """
    plan = _plan(run, n, limit)
    if plan is None:
        return None
    out: list[list[str]] = []
    for cut in _iter_splits(*plan) if plan else ():
        out.append(cut)
        if len(out) > limit:
            return None
    return out


def _plan(run: str, n: int, limit: int = MAX_SPLITS) -> tuple[list[str], int] | tuple[()] | None:
    """(the tokens of ``run``, the cuts to add to them) for :func:`splits`; () when ``run`` has no split into ``n``
    cells by the counts alone, None when it may have more than ``limit``."""
    tokens = run.split()
    if not tokens or len(tokens) > n:
        return ()
    extra = n - len(tokens)
    # an upper bound on the number of cuts, computed before enumerating anything: a long run
    # (hundreds of digits) must not make us enumerate astronomically many splits
    positions = sum(len(t) - 1 for t in tokens if not is_mark(t))
    if extra > positions:
        return ()
    if math.comb(positions, extra) > limit:
        return None
    return tokens, extra


def _iter_splits(tokens: list[str], extra: int) -> Iterator[list[str]]:
    """The splits of :func:`splits` one by one, in its order: the extra cuts distributed over the tokens (fewer in
    the first token first), then each token's cuts (its shorter first piece first)."""
    memo: dict = {}
    for dist in _compositions(extra, len(tokens)):
        per_token = []
        for tok, add in zip(tokens, dist):
            opts = _token_split_list(tok, add + 1, memo)
            if not opts:
                break
            per_token.append(opts)
        else:
            for combo in itertools.product(*per_token):
                yield [p for part in combo for p in part]


def _lazy_splits(tokens: list[str], extra: int) -> Iterator[list[str]]:
    """:func:`_iter_splits` made as they are asked for: each token's cuts one by one (not all the cuts of its
    tails first, as :func:`_token_split_list` makes them), only into tails that have a cut (known once a tail)."""
    can: dict = {}

    def has_cut(token: str, k: int) -> bool:
        hit = can.get((token, k))
        if hit is None:
            if is_mark(token) or k == 1:
                hit = k == 1 and (is_mark(token) or bool(_PART().match(token)))
            else:
                hit = any(True for _ in heads(token, k))
            can[(token, k)] = hit
        return hit

    def heads(token: str, k: int) -> Iterator[int]:
        """The lengths of the first part of the cuts of ``token`` into ``k`` parts (k > 1, not a mark)."""
        for i in range(1, len(token) - k + 2):
            head = token[:i]
            if not _PART().match(head):
                if head.startswith("0") and head != "0":
                    break  # a longer head starting with 0 is never valid
                continue
            if has_cut(token[i:], k - 1):
                yield i

    def cuts(token: str, k: int) -> Iterator[list[str]]:  # _token_splits, into tails that have a cut only
        if is_mark(token) or k == 1:
            if has_cut(token, k):
                yield [token]
            return
        for i in heads(token, k):
            for rest in cuts(token[i:], k - 1):
                yield [token[:i], *rest]

    def product(i: int, dist: tuple) -> Iterator[list[str]]:
        if i == len(tokens):
            yield []
            return
        for head in cuts(tokens[i], dist[i] + 1):
            for rest in product(i + 1, dist):
                yield head + rest

    for dist in _compositions(extra, len(tokens)):
        if all(has_cut(tok, add + 1) for tok, add in zip(tokens, dist)):
            yield from product(0, dist)


def _has_splits(run: str, n: int) -> bool:
    """``bool(splits(run, n))`` without making them all."""
    plan = _plan(run, n)
    return bool(plan) and next(_lazy_splits(*plan), None) is not None


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
    with :func:`effective_value`.  Made once per table (callers must not change the list).
    """
    hit = _EQUATIONS.get(id(table))
    if hit is None:
        if len(_EQUATIONS) > 64:
            _EQUATIONS.clear()
        hit = _EQUATIONS[id(table)] = (table, _equations(table))  # (keeps the id unique)
    return hit[1]


_EQUATIONS: dict[int, tuple[Table, list[Equation]]] = {}


def _equations(table: Table) -> list[Equation]:
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
    """A row whose values are printed glued into one digit run, with the splits that fit its relations."""

    row_id: str
    columns: tuple[str, ...]
    run: str
    candidates: list[list[str]] = field(default_factory=list)
    too_many: bool = False
    chosen: list[str] | None = None
    no_fit: bool = False  # no split satisfies the relations
    #: readings with blank cells ("" for a blank) that fit the relations as well as the split without blanks
    #: (a blank cell leaves no trace in glued digits); with any, the row is not accepted as a whole
    blank_readings: list[list[str]] = field(default_factory=list)
    blank_too_many: bool = False  # readings with blank cells too many to search: the row is not accepted
    certain: dict[int, str] = field(default_factory=dict)  # cells equal in every reading (column index → raw)
    digit_bound: int | None = None  # when set: the row's cells can hold at most this many digits in all (proof of no_fit)


def _values(parts: list[str]):
    """The numbers of a split; a not-applicable mark is None (unknown to the relations)."""
    return [None if p[:1] in _MARK_START and _MARK().match(p) else _number(p) for p in parts]


@lru_cache(maxsize=4096)
def _row_fits(run: str, n: int, signed: tuple[int, ...], checks: tuple) -> tuple | None:
    """Step 1 of :func:`solve` for one row: (the splits (lists, shared by every caller: not to be changed) of ``run`` into ``n`` cells under which the row's own
    ``checks`` hold, False) — or (the first 20 splits, True) when none does; None when there are too many
    splits to search.  A pure function of its arguments, kept for the same run printed again (bounded).

    The splits are those of :func:`splits` of the run :func:`_run_plan` chooses, in its order.  Beyond
    :data:`SEARCH_ABOVE` splits they are not all made and then tested (a run of a hundred digits has up to
    :data:`MAX_SPLITS`, and a text export of glued cells several such rows: seconds of CPU):
    :func:`_fitting_splits` searches only those that can fit."""
    chosen = _run_plan(run, n)
    if chosen is None:
        return None
    plan, sign_checked = chosen
    if not plan:
        return (), True
    signed_set = frozenset(signed)
    search = checks and _most_splits(*plan) > SEARCH_ABOVE
    if search:
        fitting = _fitting_splits(*plan, n, signed_set if sign_checked else None, checks)
        if fitting:
            return tuple(fitting), False
    tokens = plan[0]
    if not search and len(tokens) == 1 and tokens[0].isdigit() and tokens[0].isascii():
        # (most glued runs: one run of digits — every part a number, its value its int)
        found = _digit_splits(tokens[0], n)
        fitting = []
        for cand in found:
            vals = list(map(int, cand))
            for lhs, rhs in checks:
                if sum([vals[k] for k in lhs]) != sum([vals[k] for k in rhs]):
                    break
            else:
                fitting.append(cand)
        return (tuple(fitting), False) if fitting else (tuple(found[:20]), True)
    cuts = _lazy_splits(*plan) if search else _iter_splits(*plan)  # (searched: the first 20 only are needed)
    if sign_checked:
        cuts = (c for c in cuts if _signs_allowed(c, signed_set))
    if search:
        return tuple(itertools.islice(cuts, 20)), True
    found = list(cuts)
    fitting = []
    known: dict = {}  # part → its value (the splits of a run share their parts: each made a number once)
    for cand in found:
        vals = [known[p] if p in known else known.setdefault(p, _values([p])[0]) for p in cand]
        if all(sum(vals[k] for k in lhs) == sum(vals[k] for k in rhs) for lhs, rhs in checks
               if all(vals[k] is not None for k in lhs + rhs)):
            fitting.append(cand)
    if not fitting:
        return tuple(found[:20]), True
    return tuple(fitting), False


#: a run with at most this many splits (by :func:`_most_splits`) has them all made and tested: quicker than the
#: search of :func:`_fitting_splits` for the short runs of most rows
SEARCH_ABOVE = 200


def _most_splits(tokens: list[str], extra: int) -> int:
    """An upper bound on the number of splits of a :func:`_plan`: the ways to place its extra cuts."""
    return math.comb(sum(len(t) - 1 for t in tokens if not is_mark(t)), extra)


def _digit_splits(token: str, n: int) -> list[list[str]]:
    """:func:`splits` of one token of ASCII digits into ``n`` parts, in its order: the ways to place the cuts, in
    order (a shorter first part first, then a shorter second …), but a part of two digits or more starting with 0."""
    end = len(token)
    out = []
    for cuts in itertools.combinations(range(1, end), n - 1):
        parts, start = [], 0
        for cut in cuts:
            if token[start] == "0" and cut - start > 1:
                break
            parts.append(token[start:cut])
            start = cut
        else:
            if token[start] != "0" or end - start == 1:
                parts.append(token[start:])
                out.append(parts)
    return out


def _signs_allowed(parts: list[str], signed) -> bool:
    """No part of a split is a negative number outside the signed columns (a count is never negative)."""
    return all(not p.startswith("-") or is_mark(p) or k in signed for k, p in enumerate(parts))


def _run_plan(run: str, n: int) -> tuple[tuple, bool] | None:
    """The run a row's splits are cut from, as (its :func:`_plan`, whether its parts' minus signs are checked
    against the signed columns); None when there are too many splits to search.  A dash glued to digits
    ("2648-18538") is first read as a dash cell (not applicable) between two numbers; only when no such split
    exists is it the minus sign of the number after it, and then only in a signed column (本年增/减: "35-15" is
    35 / -15) — a count is never negative."""
    dashed = _INNER_DASH().sub(lambda m: f" {m.group(0)} ", run)
    if dashed != run:
        plan = _plan(dashed, n)
        if plan is None:
            return None
        if plan and next(_lazy_splits(*plan), None) is not None:
            return plan, False
    plan = _plan(run, n)
    if plan is None:
        return None
    return plan, "-" in run


def _fitting_splits(tokens: list[str], extra: int, n: int, signed: frozenset | None, checks: tuple) -> list:
    """The splits :func:`_iter_splits` makes of ``tokens`` (with ``signed``: only those whose negative parts stand in
    its columns) under which every check whose cells are all numbers holds, in the same order.

    Searched cell by cell from the right (a row's totals come last): each part cut off the end of what is left,
    as :func:`_token_split_list` cuts a token (a part is a number, or the last part of a token a mark; only the
    last part of a token may start with "0" and be longer than "0"), and a branch given up as soon as a check can no
    longer hold — a check whose cells are all filled, or, when no cell can be a mark or negative (no dash, slash
    or minus in the run), a check whose open side is already smaller than its filled side (the open cells can
    only add to it) or needs more than the digits left can sum to, or, when it is all the cells left, less than
    they can.  The splits found are then put in :func:`_iter_splits`'s order."""
    text = " ".join(tokens)
    nonneg = not any(ch in _MARK_START for ch in text)
    cells: list = [None] * n
    values: list = [None] * n
    token_of = [0] * n
    # per position k: the checks with it as a term, as (lhs, rhs, whether k is the check's first (leftmost) cell —
    # all its cells filled once k is, the search going from the right —, how the cells before k bound it: 2 when
    # they all stand on one side, each once, and are every cell before k (that side's open part is the sum of all
    # that is left), 1 when they stand on one side, each once (at most that sum), 0 otherwise)
    by_pos: list[list] = [[] for _ in range(n)]
    for lhs, rhs in checks:
        for k in set(lhs + rhs):
            open_l, open_r = [i for i in lhs if i < k], [i for i in rhs if i < k]
            open_ = open_l or open_r
            bound = 0 if (open_l and open_r) or len(set(open_)) < len(open_) else \
                2 if sorted(open_) == list(range(k)) else 1
            by_pos[k].append((lhs, rhs, k == min(lhs + rhs), bound))
    part, mark = _PART().match, _MARK().match
    found: list = []
    span: dict[int, tuple[int, int]] = {}  # len(what is left) → (fewest, most) cells it can fill
    sums: dict[tuple[int, int], tuple | None] = {}  # (len(what is left), cells) → (least, most) sum of the cells

    def cells_for(rest: str) -> tuple[int, int]:
        hit = span.get(len(rest))
        if hit is None:
            toks = rest.split()
            hit = span[len(rest)] = (len(toks), sum(1 if mark(t) else len(t) for t in toks))
        return hit

    def sum_range(left: str, m: int) -> tuple | None:
        """(least, most) the sum of ``m`` cells cut from ``left`` can be when it is ASCII digits (None otherwise):
        a cell of d ≥ 2 digits is at least 10^(d-1), at most 10^d - 1, and the digits are shared out among the
        cells — evenly for the least sum, all but one a single digit for the most; nor is the sum more than the
        numbers of the tokens uncut."""
        key = (len(left), m)
        if key in sums:
            return sums[key]
        toks = left.split()
        hit = None
        if m and all(t.isdigit() and t.isascii() for t in toks):
            digits = sum(len(t) for t in toks)
            if digits >= m:
                q, r = divmod(digits, m)
                least = r * (10 ** q) + (m - r) * (10 ** (q - 1) if q > 1 else 0)
                most = min(10 ** (digits - m + 1) - 1 + 9 * (m - 1), sum(int(t) for t in toks))
                hit = (least, most)
        sums[key] = hit
        return hit

    def can_hold(k: int, left: str) -> bool:
        """Whether the checks at ``k`` can still hold, ``left`` being what is left for the cells before it."""
        if nonneg:
            for lhs, rhs, _, bound in by_pos[k]:
                need = _open_gap(values, lhs, rhs)
                if need is None:
                    continue
                if need < 0:
                    return False
                if bound:  # (what the open side must come to, against what the cells left can sum to)
                    range_ = sum_range(left, k)
                    if range_ is not None and (need > range_[1] or (bound == 2 and need < range_[0])):
                        return False
            return True
        for lhs, rhs, complete, _ in by_pos[k]:
            if complete:
                vals = [values[i] for i in lhs + rhs]
                if None in vals:
                    continue
                if sum(vals[:len(lhs)]) != sum(vals[len(lhs):]):
                    return False
        return True

    def visit(k: int, rest: str, fresh: bool, t: int) -> None:
        """Fill position ``k`` from the end of ``rest``: ``fresh`` when its last token is whole (nothing cut off
        it yet), ``t`` that token's index."""
        if k < 0:
            if not rest:
                per_token = [0] * len(tokens)
                for i in token_of:
                    per_token[i] += 1
                found.append(((per_token, [len(c) for c in cells]), list(cells)))
            return
        if not rest:
            return
        fewest, most = cells_for(rest)
        if fewest > k + 1 or most < k + 1:
            return
        token = rest.rsplit(None, 1)[-1]
        pieces = []
        if token.isdigit() and token.isascii():
            for length in range(1, len(token) + 1):
                piece = token[-length:]
                if piece[0] != "0" or length == 1:
                    pieces.append((piece, int(piece)))
        else:
            for length in range(1, len(token) + 1):
                piece = token[-length:]
                if fresh and piece[:1] in _MARK_START and mark(piece):
                    pieces.append((piece, None))  # (a token's last part may be a mark: "5/", "//" whole)
                elif part(piece) and (fresh or piece[0] != "0" or length == 1) \
                        and (signed is None or not piece.startswith("-") or k in signed):
                    pieces.append((piece, _number(piece)))
        for piece, value in pieces:
            cells[k], values[k], token_of[k] = piece, value, t
            whole = len(piece) == len(token)
            left = rest[:-len(piece)].rstrip() if whole else rest[:-len(piece)]
            if by_pos[k] and not can_hold(k, left):
                continue
            visit(k - 1, left, whole, t - 1 if whole else t)
        cells[k] = values[k] = None

    visit(n - 1, text, True, len(tokens) - 1)
    # _iter_splits's order: by the parts per token (fewer in the first token first), then by the parts' lengths
    found.sort(key=lambda hit: hit[0])
    return [cut for _, cut in found]


_ROW_CHECKS: dict = {}


def _row_checks(table: Table, eqs: list[Equation], row_id: str, columns: tuple[str, ...]) -> list:
    """The equations that involve only this row, as (lhs, rhs) positions among ``columns``: made once per
    table, row and columns (a report's glued rows are checked against the same few hundred equations)."""
    key = (id(table), row_id, columns)
    hit = _ROW_CHECKS.get(key)
    if hit is None:
        own = [e for e in eqs if all(r == row_id for r, _ in e.cells)]
        index = {c: k for k, c in enumerate(columns)}
        checks = tuple((tuple(index[c] for _, c in e.lhs), tuple(index[c] for _, c in e.rhs)) for e in own
                       if all(c in index for _, c in e.cells))
        if len(_ROW_CHECKS) > 4096:
            _ROW_CHECKS.clear()
        hit = _ROW_CHECKS[key] = (table, checks)  # (keeps the id unique)
    return hit[1]


def solve(table: Table, glued: list[GluedRow], known: dict[tuple[str, str], object]) -> None:
    """Choose the split of each glued row where exactly one fits the relations (see :func:`_solve`).

    A run printed in full-width digits ("０００") or with thousands commas in full width is searched as the
    ASCII run; the cells of its splits are then cut from the printed run at the same places (the run and
    every split keep the printed characters)."""
    printed = {}
    for g in glued:
        norm = normal_run(g.run)
        if norm != g.run:
            printed[id(g)] = (g.run, norm)
            g.run = norm
    try:
        _solve(table, glued, known)
    finally:
        for g in glued:
            if id(g) in printed:
                run, norm = printed[id(g)]
                g.run = run
                back = lambda parts: _printed_parts(run, norm, parts)  # noqa: E731
                g.candidates = [back(c) for c in g.candidates]
                g.blank_readings = [back(c) for c in g.blank_readings]
                if g.chosen is not None:
                    g.chosen = back(g.chosen)
                if g.certain and g.candidates:
                    g.certain = {k: g.candidates[0][k] for k in g.certain}


def _printed_parts(run: str, norm: str, parts: list[str]) -> list[str]:
    """The cells of a split of ``norm`` (:func:`normal_run` of ``run``) as printed in ``run``: each part is
    found in order in ``norm`` and the same characters of ``run`` taken (a blank cell stays blank)."""
    out, at = [], 0
    for p in parts:
        k = norm.find(p, at) if p else -1
        if k < 0:
            out.append(p)
            continue
        out.append(run[k:k + len(p)])
        at = k + len(p)
    return out


def _solve(table: Table, glued: list[GluedRow], known: dict[tuple[str, str], object]) -> None:
    """Choose the split of each glued row where exactly one fits the relations.

    ``known`` maps (row_id, column_id) to the values read without splitting.  Sets
    ``chosen`` on rows with a unique fit; leaves ``candidates`` (those that fit, or all
    row-level candidates when none fits jointly) on the others.
    """
    eqs = equations(table)

    # 1. row by row: keep splits under which the equations that only involve this row hold
    for g in glued:
        signed = tuple(k for k, c in enumerate(g.columns) if c in SIGNED_COLUMNS)
        checks = _row_checks(table, eqs, g.row_id, g.columns)
        fits = _row_fits(g.run, len(g.columns), signed, checks)
        if fits is None:
            g.too_many = True
            continue
        fitting, no_fit = fits
        g.candidates = list(fitting)  # (the splits themselves are shared: never changed in place)
        g.no_fit = no_fit
    # 2. jointly: rows with several row-level candidates, against the column identities
    open_rows = [g for g in glued if not g.too_many and not g.no_fit]
    fixed = {}
    for g in open_rows:
        if len(g.candidates) == 1:
            fixed.update({(g.row_id, c): v for c, v in zip(g.columns, _values(g.candidates[0])) if v is not None})
    ambiguous = [g for g in open_rows if len(g.candidates) > 1]
    base = {**known, **fixed}
    if ambiguous:
        size = 1
        for g in ambiguous:
            size *= len(g.candidates)
        if size <= MAX_COMBINATIONS:
            survivors = []
            # an equation of none of the ambiguous rows holds or fails alike under every combination: tried once
            varied = {g.row_id for g in ambiguous}
            varying = [e for e, rows in zip(eqs, _equation_rows(table, eqs)) if rows & varied]
            if len(varying) < len(eqs):
                get = lambda r, c: base.get((r, c))  # noqa: E731
                if any(holds(table, e, get) is False for e, rows in zip(eqs, _equation_rows(table, eqs))
                       if not rows & varied):
                    size, varying = 0, []  # nothing survives
            # no equation of the ambiguous rows (table 二's rows: no relation between them): every combination
            # survives, and each row's choices are its candidates as they are — not tried one by one
            if not varying:
                size = 0
            # each candidate's cells as numbers made once (not again in every combination it is in)
            numbered = [[(cand, {(g.row_id, c): v for c, v in zip(g.columns, _values(cand)) if v is not None})
                         for cand in g.candidates] for g in ambiguous] if size else []
            for combo in itertools.product(*numbered) if size else ():
                assign = dict(base)
                for _, cells in combo:
                    assign.update(cells)
                get = lambda r, c, a=assign: a.get((r, c))  # noqa: E731
                if all(holds(table, e, get) is not False for e in varying):
                    survivors.append(tuple(cand for cand, _ in combo))
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
    # 3. a blank cell leaves no trace in glued digits: a reading with blank cells that fits as well rules the
    #    split out — each chosen row against the others' chosen splits and the cells read without splitting
    _rule_out_blank_readings(table, eqs, glued, known)
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
        if not cands or any("" in c for c in cands):
            continue  # (a reading with blank cells: no bound from this row — fewer bounds stay sound)
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
BLANK = ""  # a blank cell in a reading of a run


def _open_gap(values: list, lhs, rhs) -> int | None:
    """Whether ``sum(lhs) == sum(rhs)`` over ``values`` can still hold, a None (a blank, a mark, a cell not yet
    filled) being any number ≥ 0, and what its open side still needs: the known sum of the other side less the
    known terms of its own, ≥ 0 (a side with an open term can only grow); -1 when the check cannot hold (that
    side's known terms already more than the other side's, or both sides known and unequal); None when it holds
    whatever the open cells are (both sides open) or holds already (neither).  The inner loop of both searches of
    a run's cells (:func:`_fitting_splits`, :func:`blank_readings`)."""
    kl, ol = 0, False
    for i in lhs:
        v = values[i]
        if v is None:
            ol = True
        else:
            kl += v
    kr, or_ = 0, False
    for i in rhs:
        v = values[i]
        if v is None:
            or_ = True
        else:
            kr += v
    if ol and or_:
        return None
    if ol:
        return kr - kl if kr >= kl else -1
    if or_:
        return kl - kr if kl >= kr else -1
    return None if kl == kr else -1


def _cells_needed(text: str) -> int:
    """The fewest cells ``text`` can fill: each token one, and a zero that starts a number is "0" on its own."""
    need = 0
    for token in text.split():
        stripped = token.lstrip("0")
        need += len(token) - len(stripped) + (1 if stripped else 0)
    return need


def blank_readings(run: str, n: int, signed: list[int], checks, allowed: list | None = None,
                   limit: int = MAX_BLANK_STEPS):
    """The readings of ``run`` into ``n`` cells with at least one blank cell ("") under which the row's own
    relations (``checks``: pairs of column-index lists) can hold, a blank being an unknown number ≥ 0 —
    yielded one by one (the caller may stop early).

    Cells are filled from the right (a row's totals come last, so their values bound the cells before them),
    cutting each number off the end of what is left; whitespace is a fixed boundary and a mark ("/") one cell.
    Raises :class:`TooManySteps` when the search takes more than ``limit`` steps."""
    text = run.strip()
    if not text:
        return
    allowed = allowed or [None] * n
    cells: list[str | None] = [None] * n
    values: list = [None] * n
    by_pos, sides = _blank_search_plan(n, tuple(signed), tuple((tuple(lhs), tuple(rhs)) for lhs, rhs in checks))

    def ok(k):  # every check at k can still hold
        for lhs, rhs in by_pos[k]:
            need = _open_gap(values, lhs, rhs)
            if need is not None and need < 0:
                return False
        return True

    def value_range(k):
        """(lo, hi): ok(k) holds with a whole number v at position k exactly when lo ≤ v ≤ hi (None: no bound) —
        each check at k a bound on v, its other terms' sums whole numbers; None when some term is not a whole
        number (a decimal: ok is asked for each value) or a check has position k twice."""
        mine = sides[k]
        if mine is None:
            return None
        lo = hi = None
        for same, other, term in mine:
            s_same, o_same = 0, False
            for i in same:
                v = values[i]
                if v is None:
                    o_same = True
                elif type(v) is int:
                    s_same += v
                else:
                    return None
            s_other, o_other = 0, False
            for i in other:
                v = values[i]
                if v is None:
                    o_other = True
                elif type(v) is int:
                    s_other += v
                else:
                    return None
            if o_same and o_other:
                continue
            if not term:  # (a check spanning k without it: holds or fails whatever k holds — as ok says)
                if (o_same and s_other < s_same) or (o_other and s_same < s_other) \
                        or (not o_same and not o_other and s_same != s_other):
                    return 1, 0  # (no value)
                continue
            bound = s_other - s_same
            if o_same:  # v ≤ bound: the side with v still open can only grow
                hi = bound if hi is None or bound < hi else hi
            elif o_other:  # v ≥ bound
                lo = bound if lo is None or bound > lo else lo
            else:  # v = bound
                lo = bound if lo is None or bound > lo else lo
                hi = bound if hi is None or bound < hi else hi
        return lo, hi

    mark, part = _MARK().match, _PART().match
    needed: dict[int, int] = {}  # len(rest) → _cells_needed(rest) (what is left is always a prefix of the text)
    wanted = _wanted(tuple(allowed), tuple(signed))

    def options(k: int, rest: str) -> list:
        """The ways to fill position ``k`` from the end of ``rest`` under which the checks at ``k`` can hold, in the
        order they are tried — blank first, then each number (or mark) cut off the end of the last token, the
        shortest first: (cell, value, what is left).  The positions after ``k`` hold this branch's cells, those
        before it are not filled (None) whenever position ``k`` is tried, so each answer is known at once."""
        out = []
        values[k] = None  # position k blank
        if ok(k):
            out.append((BLANK, None, rest))
        token = rest.rsplit(None, 1)[-1]  # or a number cut off the end of the last token
        want = allowed[k]
        token_mark = token[:1] in _MARK_START and mark(token)
        if want is None and token.isdigit() and token.isascii():
            # (most runs: ASCII digits only — each piece is a number unless it starts with a 0 and is not "0", and
            # its value is its int: what _PART and _number say of such a piece, without them; ok(k) as the range
            # of values it lets through, and a longer piece's value is larger: none after one above the range)
            bounds = value_range(k)
            for length in range(1, len(token) + 1):
                piece = token[-length:]
                if length > 1 and piece[0] == "0":
                    continue
                value = int(piece)
                if bounds is None:
                    values[k] = value
                    if not ok(k):
                        continue
                else:
                    lo, hi = bounds
                    if hi is not None and value > hi:
                        break
                    if lo is not None and value < lo:
                        continue
                left = rest[:-length]
                out.append((piece, value, left.rstrip() if length == len(token) else left))
            values[k] = None
            return out
        if want is not None:  # (only the piece equal to it — the one length that cuts it off, if any — known before)
            if want and (token == want if token_mark else token.endswith(want)):
                value = wanted[k]
                if value is not _NO_VALUE:
                    values[k] = value
                    if ok(k):
                        left = rest[:-len(want)]
                        out.append((want, value, left.rstrip() if len(want) == len(token) else left))
            values[k] = None
            return out
        lengths = [len(token)] if token_mark else range(1, len(token) + 1)
        for length in lengths:
            piece = token[-length:]
            if piece[:1] in _MARK_START and mark(piece):
                value = None
            elif not part(piece) or (piece.startswith("-") and k not in signed):
                continue
            else:
                value = _number(piece)
            values[k] = value
            if ok(k):
                left = rest[:-length]
                out.append((piece, value, left.rstrip() if length == len(token) else left))
        values[k] = None
        return out

    # a depth-first search over the positions from the right, its stack kept here (no generator a position):
    # each visit counts one step; a visit of an empty rest fills the positions left blank and gives a reading when
    # one cell is blank; a visit of a rest with no position left, or more cells needed than positions left, ends
    steps = 0
    stack: list[list] = []  # per position being filled: [k, its options, the next option's index]
    k, rest, visiting = n - 1, text, True
    while True:
        if visiting:
            steps += 1
            if steps > limit:
                raise TooManySteps
            if not rest:
                for i in range(k + 1):
                    cells[i], values[i] = BLANK, None
                if BLANK in cells:
                    yield list(cells)
            elif k >= 0:
                need = needed.get(len(rest))
                if need is None:
                    need = needed[len(rest)] = _cells_needed(rest)
                if need <= k + 1:
                    stack.append([k, options(k, rest), 0])
            visiting = False
        if not stack:
            return
        frame = stack[-1]
        at, opts, i = frame
        if i < len(opts):
            frame[2] = i + 1
            cells[at], values[at], rest = opts[i]
            k, visiting = at - 1, True
        else:
            cells[at], values[at] = None, None
            stack.pop()


_NO_VALUE = object()  # (blank_readings: an allowed cell that no piece may be)


@lru_cache(maxsize=256)
def _blank_search_plan(n: int, signed: tuple[int, ...], checks: tuple) -> tuple[list, list]:
    """What :func:`blank_readings` knows of its checks before searching, made once for the cells, signed columns
    and checks of a row: (per position the checks to try once it is filled — the cells not yet filled are open —,
    per position each check at it as (the other terms on its side, the terms of the other side, whether the
    position is a term), or None when a check has it as a term twice (then each value is tried with ok))."""
    spans = [((lhs, rhs), min(lhs + rhs), max(lhs + rhs)) for lhs, rhs in checks
             if not any(i in signed for i in lhs + rhs)]
    by_pos = [[check for check, lo, hi in spans if lo <= k <= hi] for k in range(n)]
    sides: list = []
    for k in range(n):
        mine: list | None = []
        for lhs, rhs in by_pos[k]:
            times = lhs.count(k) + rhs.count(k)
            if times > 1:
                mine = None
                break
            if k in lhs:
                mine.append(([i for i in lhs if i != k], rhs, True))
            else:
                mine.append(([i for i in rhs if i != k], lhs, times == 1))
        sides.append(mine)
    return by_pos, sides


@lru_cache(maxsize=1024)
def _wanted(allowed: tuple, signed: tuple[int, ...]) -> list:
    """The value of each allowed cell of :func:`blank_readings` as a piece (None: a mark), ``_NO_VALUE`` when it is
    no number that may stand there (or no cell is allowed there)."""
    mark, part = _MARK().match, _PART().match
    return [_NO_VALUE if not want else None if want[:1] in _MARK_START and mark(want)
            else _NO_VALUE if not part(want) or (want.startswith("-") and k not in signed) else _number(want)
            for k, want in enumerate(allowed)]


class TooManySteps(Exception):
    """The search for readings with blank cells went beyond its bound."""


class _Replay:
    """A search's readings kept as they come, for the next caller of the same search: each iteration yields
    them again (copies) and then goes on from where the search stopped — a caller that stops early leaves the
    rest unsearched — and a search that ran out of steps raises :class:`TooManySteps` again at the same point."""

    def __init__(self, search):
        self.search, self.found, self.error, self.done = search, [], None, False

    def __iter__(self):
        i = 0
        while True:
            if i < len(self.found):
                yield list(self.found[i])
                i += 1
                continue
            if self.error is not None:
                raise TooManySteps
            if self.done:
                return
            try:
                reading = next(self.search)
            except StopIteration:
                self.done = True
                return
            except TooManySteps:
                self.error = True
                raise
            self.found.append(reading)


def _feasible(table: Table, eqs: list[Equation], assign: dict) -> bool:
    """Whether every equation can hold, a blank (``BLANK`` in ``assign``) being an unknown number ≥ 0 — the
    same unknown in every equation it is in.  An equation with a cell not in ``assign`` or a mark is not
    used.  Equations with one unknown fix it; the rest are checked by their known parts (a relaxation:
    never rules out a reading that fits)."""
    solved: dict = {}
    pending = []
    for eq in eqs:
        sides = []
        usable = True
        for terms in (eq.lhs, eq.rhs):
            known, unknown = 0, []
            for r, c in terms:
                for cell in _leaves(table, assign, r, c):
                    if cell is None:
                        usable = False
                        break
                    v = assign[cell]
                    if v is BLANK:
                        unknown.append(cell)
                    elif v is None or c in SIGNED_COLUMNS:
                        usable = False
                        break
                    else:
                        known += v
                if not usable:
                    break
            if not usable:
                break
            sides.append((known, unknown))
        if usable:
            pending.append(sides)
    changed = True
    while changed:
        changed = False
        left = []
        for (kl, ul), (kr, ur) in pending:
            kl += sum(solved[x] for x in ul if x in solved)
            kr += sum(solved[x] for x in ur if x in solved)
            ul = [x for x in ul if x not in solved]
            ur = [x for x in ur if x not in solved]
            if not ul and not ur:
                if kl != kr:
                    return False
                continue
            if len(ul) + len(ur) == 1:
                x = (ul or ur)[0]
                v = kr - kl if ul else kl - kr
                if v < 0:
                    return False
                solved[x] = v
                changed = True
                continue
            left.append(((kl, ul), (kr, ur)))
        pending = left
    for (kl, ul), (kr, ur) in pending:
        if ul and not ur and kr < kl or ur and not ul and kl < kr:
            return False
    return True


def _leaves(table: Table, assign: dict, row_id: str, column_id: str) -> list:
    """The cells standing for (row, column) in ``assign``: itself, or an unprinted group row's leaves;
    [None] when a cell is not known."""
    if (row_id, column_id) in assign:
        return [(row_id, column_id)]
    row = table.row(row_id)
    if not row.printed and row.sum_of:
        return [cell for leaf in row.sum_of for cell in _leaves(table, assign, leaf, column_id)]
    return [None]


def _leaf_rows(table: Table, row_id: str) -> list[str]:
    """The row, and for an unprinted group row its leaves (recursively)."""
    row = table.row(row_id)
    if not row.printed and row.sum_of:
        return [row_id, *(x for leaf in row.sum_of for x in _leaf_rows(table, leaf))]
    return [row_id]


_TABLE_EQUATIONS: dict = {}  # (what, id of a table) → (the table, its equations, what of them): made once per table


def _per_table(what: str, table: Table, eqs: list[Equation], make):
    """``make(table, eqs)`` once per table and its equations (the format's tables and their relations are frozen;
    the table and the list are kept with the result, so their ids stay unique)."""
    key = (what, id(table))
    hit = _TABLE_EQUATIONS.get(key)
    if hit is None or hit[0] is not table or hit[1] is not eqs:
        if len(_TABLE_EQUATIONS) > 256:
            _TABLE_EQUATIONS.clear()
        hit = _TABLE_EQUATIONS[key] = (table, eqs, make(table, eqs))
    return hit[2]


def _equation_rows(table: Table, eqs: list[Equation]) -> list[frozenset[str]]:
    """For each equation, the rows its value depends on (an unprinted group row's leaves included)."""
    return _per_table("rows", table, eqs, lambda t, es: [
        frozenset(x for r, _ in e.cells for x in _leaf_rows(t, r)) for e in es])


def _one_row_equations(table: Table, eqs: list[Equation]) -> dict[str, list[Equation]]:
    """Row id → the equations of that row alone (in order)."""
    def make(t, es):
        one_row: dict = {}
        for e in es:
            rows = {r for r, _ in e.cells}
            if len(rows) == 1:
                one_row.setdefault(next(iter(rows)), []).append(e)
        return one_row
    return _per_table("one_row", table, eqs, make)


def _one_column_equations(table: Table, eqs: list[Equation]) -> list[tuple[Equation, str, frozenset[str]]]:
    """(equation, its column, the rows it depends on) of the equations of one column (in order)."""
    def make(t, es):
        return [(e, next(iter(columns)), rows) for e, rows in zip(es, _equation_rows(t, es))
                for columns in [{c for _, c in e.cells}] if len(columns) == 1]
    return _per_table("one_column", table, eqs, make)


#: per thread (a _Replay goes on with a live search, which one thread at a time may run): key of a search for
#: readings with blank cells → its _Replay (see _rule_out_blank_readings)
_LOCAL = threading.local()
_MAX_SEARCHES = 2048


def _searches() -> dict:
    found = getattr(_LOCAL, "searches", None)
    if found is None:
        found = _LOCAL.searches = {}
    return found


def clear_memos() -> None:
    """Forget the splits and searches kept for runs read before (this thread's searches): a fresh start."""
    _searches().clear()
    _row_fits.cache_clear()
    _wanted.cache_clear()


def _row_equations(table: Table, eqs: list[Equation]) -> dict[str, list[Equation]]:
    """Row id → the equations whose value depends on the row (an unprinted group row's leaves included), in
    order."""
    def make(t, es):
        out: dict = {}
        for e, rows in zip(es, _equation_rows(t, es)):
            for r in rows:
                out.setdefault(r, []).append(e)
        return out
    return _per_table("of_row", table, eqs, make)


def _pins(table: Table, e: Equation, base: dict) -> bool:
    """Whether every term of ``e`` is printed (or chosen) — each cell, or each leaf of an unprinted group row, in
    ``base`` — and ``e`` holds: the leaves' numbers summed once (as :func:`holds` sums the effective values)."""
    sums = []
    for terms in (e.lhs, e.rhs):
        total = 0
        for r, c in terms:
            for cell in _leaves(table, base, r, c):
                if cell is None:
                    return False
                v = base[cell]
                if v is None:  # (a mark: as holds reads it)
                    return all(x is not None for r, c in e.cells for x in _leaves(table, base, r, c)) \
                        and holds(table, e, lambda r, c: base.get((r, c))) is True
                total += v
        sums.append(total)
    return sums[0] == sums[1]


def _rule_out_blank_readings(table: Table, eqs: list[Equation], glued: list[GluedRow], known: dict) -> None:
    """Un-choose a chosen split when a reading of its run with blank cells fits the relations too.

    Each chosen row is tried with every reading with blank cells, the other rows as chosen and the cells
    read without splitting as printed.  Where some fit, the row stays unread except the cells that are equal
    in the split and in every fitting reading (``certain``).  (Readings that change several rows at once —
    a whole 总计 column left blank shifts every row's digits alike — are not searched: see issue 11.)"""
    if not any(g.chosen is not None or g.no_fit for g in glued):
        return  # no row to try
    searches = _searches()

    def searched(run, n, signed, checks, allowed=None):
        """:func:`blank_readings`, searched once for rows printing the same digits under the same checks (a pure
        search: kept per thread, bounded, for rows and reports printing those digits again)."""
        key = (run, n, tuple(signed), tuple((tuple(lhs), tuple(rhs)) for lhs, rhs in checks),
               None if allowed is None else tuple(allowed))
        hit = searches.get(key)
        if hit is None:
            if len(searches) >= _MAX_SEARCHES:
                searches.clear()
            hit = searches[key] = _Replay(blank_readings(run, n, signed, checks, allowed))
        return hit

    base = dict(known)
    for g in glued:
        if g.chosen is not None:
            base.update({(g.row_id, c): v for c, v in zip(g.columns, _values(g.chosen))})
    # an equation of one column whose every term is printed (or chosen) and holds
    pinning = [(column, rows) for e, column, rows in _one_column_equations(table, eqs) if _pins(table, e, base)]
    pinned_of: dict = {}  # row id → the columns pinned for it
    for column, rows in pinning:
        for r in rows:
            pinned_of.setdefault(r, set()).add(column)
    one_row = _one_row_equations(table, eqs)
    of_row = _row_equations(table, eqs)
    # the chosen rows first, then the rows no split fits against the splits still chosen after them (a split
    # that a reading with blank cells fits as well is no number to prove another row wrong with)
    rebased = False
    for g in sorted(glued, key=lambda g: g.no_fit):
        if g.chosen is None and not g.no_fit:
            continue
        if g.no_fit and not rebased:
            base, rebased = dict(known), True
            for h in glued:
                if h.chosen is not None:
                    base.update({(h.row_id, c): v for c, v in zip(h.columns, _values(h.chosen))})
        signed = [k for k, c in enumerate(g.columns) if c in SIGNED_COLUMNS]
        index = {c: k for k, c in enumerate(g.columns)}
        own = [e for e in one_row.get(g.row_id, ()) if all(c in index for _, c in e.cells)]
        checks = [([index[c] for _, c in e.lhs], [index[c] for _, c in e.rhs]) for e in own]
        mine = of_row.get(g.row_id, [])
        dashed = _INNER_DASH().sub(lambda m: f" {m.group(0)} ", g.run)
        run = dashed if dashed != g.run and _has_splits(dashed, len(g.columns)) else g.run  # as _run_plan reads it
        # a column whose relation held with this row's split and every other term printed: the cell can only
        # hold the same number (any other breaks that relation) or be blank (the relation then fixes it)
        if g.no_fit:
            # no split without blank cells fits: one with blank cells may (then the row is not certainly wrong)
            fitting = []
            try:
                for cand in searched(run, len(g.columns), signed, checks):
                    assign = dict(base)
                    for c, p in zip(g.columns, cand):
                        assign[(g.row_id, c)] = BLANK if p == BLANK else _values([p])[0]
                    if _feasible(table, mine, assign):
                        fitting.append(cand)
                        if len(fitting) >= 10:
                            break
            except TooManySteps:
                g.blank_too_many = bool(re.fullmatch(r"[0-9]+", g.run.strip()))
            if fitting or g.blank_too_many:
                g.no_fit = False
                g.blank_readings = fitting
                g.candidates = fitting
            continue
        pinned = pinned_of.get(g.row_id, ())
        allowed = [p if c in pinned and not is_mark(p) else None for c, p in zip(g.columns, g.chosen)]
        certain = dict(enumerate(g.chosen))
        fitting = []
        try:
            for cand in searched(run, len(g.columns), signed, checks, allowed):
                assign = dict(base)
                for c, p in zip(g.columns, cand):
                    assign[(g.row_id, c)] = BLANK if p == BLANK else _values([p])[0]
                if not _feasible(table, mine, assign):
                    continue
                fitting.append(cand)
                certain = {k: p for k, p in certain.items() if cand[k] == p}
                if not certain and len(fitting) >= 10:
                    break  # nothing is certain any more: enough examples
        except TooManySteps:
            g.blank_too_many = True
            certain = {}
        if fitting or g.blank_too_many:
            g.blank_readings = fitting
            g.certain = certain
            g.candidates = [g.chosen, *fitting]
            g.chosen = None


# ----------------------------------------------------------------------------- cells printed after all labels
def block_orders(rows: list, columns: list[list[str]], tokens: list[str]) -> dict[str, dict[tuple[str, str], str]]:
    """The readings of a block of values printed one a line after the labels of all of its ``rows`` (plain
    ``pdftotext`` of a table: a column of labels, then the columns of numbers): by rows, and — when every row
    has the same columns — by columns, top to bottom.  ``columns[i]`` are row ``i``'s column ids; ``tokens``
    must be exactly one per cell (a blank cell leaves no line, so a shorter block has no reading here).
    Order name → {(row id, column id): token}."""
    cells = [(row.id, c) for row, cols in zip(rows, columns) for c in cols]
    if len(tokens) != len(cells):
        return {}
    out = {"rows": dict(zip(cells, tokens))}
    by_column = _by_columns(rows, columns)
    if by_column is not None:
        out["columns"] = dict(zip(by_column, tokens))
    return out


def _by_columns(rows: list, columns: list[list[str]]) -> list[tuple[str, str]] | None:
    """The block's cells column by column, top to bottom, within each run of consecutive rows that have the same
    columns (pdfminer's and pymupdf's text of a borderless table print a column's numbers one after another:
    table 二's 规章 / 行政规范性文件 rows "2 1 0 0 3 1" for 2 0 3 / 1 0 1, then its one-column rows); None when
    that order is the order by rows (no run of two rows with two columns or more)."""
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(rows):
        end = k + 1
        while end < len(rows) and columns[end] == columns[k]:
            end += 1
        out += [(row.id, c) for c in columns[k] for row in rows[k:end]]
        k = end
    by_rows = [(row.id, c) for row, cols in zip(rows, columns) for c in cols]
    return None if out == by_rows else out


def certain_order(table: Table, readings: dict[str, dict[tuple[str, str], str]]) -> str | None:
    """The reading that is certain: the only one (or all give the same cells), or the only one under which
    no relation of ``table`` fails while another's does fail.  None when the readings differ and the
    relations do not tell them apart (a table without relations, or every reading fits)."""
    if not readings:
        return None
    first = next(iter(readings))
    if all(r == readings[first] for r in readings.values()):
        return first
    fitting = []
    for name, reading in readings.items():
        values = {k: _values([t])[0] if _PART().match(t) else None for k, t in reading.items()}
        get = values.get

        def cell(r, c, get=get):
            return get((r, c))

        if not any(holds(table, eq, cell) is False for eq in equations(table)):
            fitting.append(name)
    return fitting[0] if len(fitting) == 1 else None


#: states of the search for the places of the blank cells in a block printed one cell a line (per order)
MAX_BLOCK_STEPS = 100_000
#: work of the search of a block by runs (placements.block_cells), per order and per question
MAX_BLOCK_WORK = 3_000_000


def _equation_cells(table: Table, row_id: str, column_id: str) -> list[tuple[str, str]]:
    """The printed cells a term of an equation stands for: the cell itself, or an unprinted group row's leaves."""
    row = table.row(row_id)
    if row.printed or not row.sum_of:
        return [(row_id, column_id)]
    return [cell for leaf in row.sum_of for cell in _equation_cells(table, leaf, column_id)]


def _agree(a: tuple | None, b: tuple | None) -> tuple | None:
    """Two readings of the same cells made one: a cell keeps its value where both agree, else None (which
    reading is right cannot be seen); a missing reading (None) leaves the other as it is."""
    if a is None:
        return b
    if b is None:
        return a
    return tuple(x if x == y else None for x, y in zip(a, b))


def _blank_readings(table: Table, order: list[tuple[str, str]], tokens: list[str], k: int,
                    limit: int) -> tuple | None:
    """Over every placement of ``k`` blank cells among the cells ``order`` (the order the block's ``tokens``
    are printed in) under which no relation of ``table`` whose cells all lie in the block fails: per cell of
    ``order``, its token when every such placement gives it the same one ("" when blank in all), None when they
    differ; None when no placement is left.  A relation is checked when its last cell is placed, and not when
    a blank (or a mark) is among its terms.  A search over (cell, values used, what each relation open so
    far adds up to): placements that differ only where the relations cannot see it (a blank among zeros) are
    one state.  Raises TooManySteps beyond ``limit`` states."""
    at = {cell: i for i, cell in enumerate(order)}
    terms: list[list[tuple[int, int]]] = [[] for _ in order]  # per cell: (equation, sign)
    closes: list[list[int]] = [[] for _ in order]
    eqs = 0
    for eq in equations(table):
        signed = [(c, 1) for r, col in eq.lhs for c in _equation_cells(table, r, col)]
        signed += [(c, -1) for r, col in eq.rhs for c in _equation_cells(table, r, col)]
        if not all(c in at for c, _ in signed):
            continue
        for c, sign in signed:
            terms[at[c]].append((eqs, sign))
        closes[max(at[c] for c, _ in signed)].append(eqs)
        eqs += 1
    values = [_values([t])[0] if _PART().match(t) else None for t in tokens]  # a mark: unknown
    memo: dict = {}
    n, m = len(order), len(tokens)

    def step(i: int, value, sums: tuple):
        """The open sums after cell ``i`` takes ``value`` (None: blank or a mark), or None when a relation
        closing there fails."""
        if not terms[i]:
            return sums
        out = list(sums)
        for e, sign in terms[i]:
            if out[e] is not None:
                out[e] = None if value is None else out[e] + sign * value
        for e in closes[i]:
            if out[e] is not None and out[e] != 0:
                return None
            out[e] = 0  # closed: no longer tells states apart
        return tuple(out)

    def walk(i: int, j: int, sums: tuple):
        if i == n:
            return ()
        key = (i, j, sums)
        if key in memo:
            return memo[key]
        if len(memo) >= limit:
            raise TooManySteps
        found = None
        if j < m:  # the next printed value is this cell's
            nxt = step(i, values[j], sums)
            rest = None if nxt is None else walk(i + 1, j + 1, nxt)
            if rest is not None:
                found = (tokens[j], *rest)
        if i - j < k:  # or this cell is blank (it printed no line)
            nxt = step(i, None, sums)
            rest = None if nxt is None else walk(i + 1, j, nxt)
            if rest is not None:
                found = _agree(found, ("", *rest))
        memo[key] = found
        return found

    return walk(0, 0, (0,) * eqs)


def block_with_blanks(table: Table, rows: list, columns: list[list[str]], tokens: list[str],
                      limit: int = MAX_BLOCK_STEPS) -> dict[tuple[str, str], str | None] | None:
    """A block of values printed one a line after the labels of all its ``rows`` with fewer values than cells
    (plain ``pdftotext`` prints no line for a blank cell): which value is whose cannot be seen, only checked.
    Every order of :func:`block_orders` (by rows; by columns within runs of rows with the same columns) and every
    placement of the blank cells in it is tried, and the relations of ``table`` reject the readings under
    which one fails; a cell is read only when every reading left gives it the same value (or leaves it blank
    in all): {(row id, column id): its value, "" when blank, None when the readings differ}.  No reading of
    a number is made up: the readings left are the document's values in its own order.  {} when no reading
    is left (the document's relations fail under every one, or the values are not the rows'); None when the
    placements are too many to try (more than ``limit`` states of the search in one order)."""
    cells = [(row.id, c) for row, cols in zip(rows, columns) for c in cols]
    k = len(cells) - len(tokens)
    if k <= 0 or not tokens:
        return {}
    orders = [cells]
    by_column = _by_columns(rows, columns)
    if by_column is not None:
        orders.append(by_column)
    agreed: dict[tuple[str, str], str | None] = {}
    try:
        for order in orders:
            reading = _blank_readings(table, order, tokens, k, limit)
            if reading is None:
                continue
            for cell, tok in zip(order, reading):
                agreed[cell] = tok if agreed.get(cell, tok) == tok else None
    except TooManySteps:
        # too many blanks to search cell by cell: the block's rows (or columns) as runs of its values,
        # placed by the relations across the table, a blank counting 0 (placements.block_cells)
        return _block_by_runs(table, rows, columns, tokens, by_column)
    return agreed


def _block_by_runs(table: Table, rows: list, columns: list[list[str]], tokens: list[str],
                   by_column: list | None) -> dict[tuple[str, str], str | None] | None:
    """:func:`block_with_blanks` by :func:`placements.block_cells` when the search cell by cell runs out of steps:
    the block's rows as runs of its values, a blank counting 0 (as for rows printed short); None (nothing read)
    unless no placement column by column fits (its cells one a unit: whether one fits is a small search), since
    the agreement of the placements in that order is too large a search."""
    cells = {(row.id, c) for row, cols in zip(rows, columns) for c in cols}
    signed = []
    for eq in equations(table):
        terms = [(c, 1) for r, col in eq.lhs for c in _equation_cells(table, r, col)]
        terms += [(c, -1) for r, col in eq.rhs for c in _equation_cells(table, r, col)]
        if terms and all(c in cells for c, _ in terms):
            signed.append(terms)

    def share(terms, cand):
        total = 0
        for j, sign in terms:
            tok = cand[j]
            if tok == "":
                continue
            if not _PART().match(tok):
                return None
            total += sign * _values([tok])[0]
        return total

    by_rows = [[(row.id, c) for c in cols] for row, cols in zip(rows, columns)]
    if by_column is not None and block_cells([[cell] for cell in by_column], tokens, signed, share,
                                             work=MAX_BLOCK_WORK, first_only=True) != {}:
        return None  # it may be printed column by column, under a placement too many to search for agreement
    return block_cells(by_rows, tokens, signed, share, work=MAX_BLOCK_WORK)


# ----------------------------------------------------------------------------- rows printed without positions
#: placements of one row's blank cells tried at most, and the most sums kept when narrowing them down
MAX_ROW_PLACEMENTS = 2_000
MAX_SUMS = 400
#: states of the joint search of the rows printed short
MAX_SHORT_STEPS = 20_000


def _placements(toks: list, n: int) -> Iterator[tuple]:
    """Every way to spread ``toks`` (in order) over ``n`` cells, the others blank ("")."""
    for at in itertools.combinations(range(n), len(toks)):
        out = [""] * n
        for k, tok in zip(at, toks):
            out[k] = tok
        yield tuple(out)


def _blank_zero(tok: str | None):
    """A cell's token as a number: "" (a blank cell) 0, None for one that is no number."""
    if tok == "":
        return 0
    return _values([tok])[0] if tok is not None and _PART().match(tok) else None


def _equations_over(table: Table, rows: list[tuple[str, list[str], list]]) -> list[dict[int, list[tuple[int, int]]]]:
    """The table's equations whose cells are all among ``rows`` ((row id, its column ids, …)), each as
    {row index: [(column index, sign)]}."""
    at: dict[tuple[str, str], tuple[int, int]] = {}
    for k, (row_id, cols, _) in enumerate(rows):
        for j, c in enumerate(cols):
            at[(row_id, c)] = (k, j)
    eqs: list[dict[int, list[tuple[int, int]]]] = []
    for eq in equations(table):
        signed = [(c, 1) for r, col in eq.lhs for c in _equation_cells(table, r, col)]
        signed += [(c, -1) for r, col in eq.rhs for c in _equation_cells(table, r, col)]
        if not signed or not all(c in at for c, _ in signed):
            continue
        terms: dict[int, list[tuple[int, int]]] = {}
        for c, sign in signed:
            k, j = at[c]
            terms.setdefault(k, []).append((j, sign))
        eqs.append(terms)
    return eqs


def relations_hold(table: Table, rows: list[tuple[str, list[str], list[str | None]]], of: set[int]) -> bool | None:
    """``rows`` read whole ((row id, its column ids, one token per column: "" a blank counting 0, None no
    number)): False when a relation whose terms are all numbers does not hold; True when every such relation
    holds and one of them takes a cell of the rows at the indices ``of``; None when none of those is checked."""
    checked = False
    for terms in _equations_over(table, rows):
        total = 0
        for k, cells in terms.items():
            for j, sign in cells:
                x = _blank_zero(rows[k][2][j])
                if x is None:
                    break
                total += sign * x
            else:
                continue
            break
        else:
            if total != 0:
                return False
            checked = checked or bool(of & set(terms))
    return True if checked else None


def rows_with_blanks(table: Table, rows: list[tuple[str, list[str], list[str | None]]],
                     limit: int = MAX_SHORT_STEPS) -> dict[tuple[str, str], str | None] | None:
    """Rows whose values come without their columns' positions (plain ``pdftotext``, ``-raw``, pdfplumber's
    text: "35 6 124 82 247" for 7 cells), with the table's other rows as read: ``rows`` is (row id, its column
    ids, its tokens) — a row read whole has one token per column (None for a cell read blank or not a number),
    a row printed short fewer tokens, in its columns' order.  Every placement of each short row's blank cells
    is tried; a blank of a short row counts 0 (a consistent table prints 0 or nothing there) and every relation
    whose terms are all numbers must hold.  Returns per cell of the short rows its token when every placement
    left gives it the same one ("" blank in all), None when they differ; {} when no placement is left; None
    when there are too many to try.  Only whole tokens are placed: a value is never split or moved to another
    row."""
    if any(len(toks) > len(cols) for _, cols, toks in rows):
        return {}
    short = [k for k, (_, cols, toks) in enumerate(rows) if len(toks) < len(cols)]
    if not short:
        return {}
    value = _blank_zero
    eqs = _equations_over(table, rows)

    def share(terms, cand):
        total = 0
        for j, sign in terms:
            x = value(cand[j])
            if x is None:
                return None
            total += sign * x
        return total

    # 1. each row's placements under which the equations within the row hold
    cands: list[list[tuple]] = []
    for k, (_, cols, toks) in enumerate(rows):
        if len(toks) == len(cols):
            cands.append([tuple(toks)])
            continue
        own = [e[k] for e in eqs if list(e) == [k]]
        if math.comb(len(cols), len(toks)) > MAX_ROW_PLACEMENTS:
            # (table 四's fifteen cells) placed cell by cell, each own relation checked as it closes
            found = own_placements(list(toks), len(cols), own, share, MAX_ROW_PLACEMENTS)
            if found is None:
                return None
            cands.append(found)
            continue
        cands.append([p for p in _placements(toks, len(cols))
                      if all(share(t, p) in (0, None) for t in own)])
    if not all(cands):
        return {}
    across = [e for e in eqs if len(e) > 1]
    # 2. narrowed down: a placement no sum of the other rows' placements can balance in an equation goes
    #    (the other rows taken each on its own: every placement of a real solution stays)
    changed = True
    while changed:
        changed = False
        for e in across:
            shares = {k: {share(t, p) for p in cands[k]} for k, t in e.items()}
            if any(None in v for v in shares.values()):
                continue  # a term that is no number: the relation is not checked
            for k, t in e.items():
                if len(cands[k]) == 1:
                    continue
                sums = {0}
                for other, v in shares.items():
                    if other != k:
                        sums = {a + b for a in sums for b in v}
                        if len(sums) > MAX_SUMS:
                            break
                if len(sums) > MAX_SUMS:
                    continue
                kept = [p for p in cands[k] if -share(t, p) in sums]
                if len(kept) < len(cands[k]):
                    cands[k], changed = kept, True
                    if not kept:
                        return {}
    # 3. the rows left, searched jointly (the sums open so far the state): per cell, its token in every
    #    solution or None
    closes: list[list[int]] = [[] for _ in rows]
    for i, e in enumerate(across):
        closes[max(e)].append(i)
    memo: dict = {}
    # per row, per placement: what it adds to each equation across rows it is in
    adds = [[[(i, share(e[k], p)) for i, e in enumerate(across) if k in e] for p in cands[k]]
            for k in range(len(rows))]
    work = [0]

    def walk(k: int, sums: tuple):
        if k == len(rows):
            return ()
        key = (k, sums)
        if key in memo:
            return memo[key]
        work[0] += len(cands[k])
        if len(memo) >= limit or work[0] > 4 * limit:
            raise TooManySteps
        found = None
        for p, add in zip(cands[k], adds[k]):
            out = list(sums)
            for i, x in add:
                if out[i] is not None:
                    out[i] = None if x is None else out[i] + x
            if any(out[i] is not None and out[i] != 0 for i in closes[k]):
                continue
            for i in closes[k]:
                out[i] = 0
            rest = walk(k + 1, tuple(out))
            if rest is not None:
                found = _agree(found, (*p, *rest))
        memo[key] = found
        return found

    try:
        reading = walk(0, (0,) * len(across))
    except TooManySteps:
        # too many open sums (a table of many short rows): the search by the ranges the rows left can add
        reading = agreed_cells(cands, across, share)
        if reading is None:
            return None
        reading = reading or None
    if reading is None:
        return {}
    out: dict[tuple[str, str], str | None] = {}
    pos = 0
    for k, (row_id, cols, _) in enumerate(rows):
        if k in short:
            out.update({(row_id, c): reading[pos + j] for j, c in enumerate(cols)})
        pos += len(cols)
    return out

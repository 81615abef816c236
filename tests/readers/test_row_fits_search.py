"""The splits of a glued run that fit its row's own relations (split._row_fits, issue 16) are searched cell by cell
from the right, a branch given up once a relation can no longer hold, instead of every split being made and then
tested: a text export with each row's cells glued into one run (a web page's text taken with its tags dropped) has
rows of tens of digits with up to MAX_SPLITS splits each, seconds of CPU in all.  The search gives what the former
enumeration gave, in the same order — compared with it (kept here as the reference) on generated runs, cell
counts, checks and signed columns, and on the glued rows of the class that made the enumeration explode."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.format import FORMAT_2021
from gongkai.readers import split
from gongkai.readers.split import (_INNER_DASH, _digit_splits, _lazy_splits, _leaves, _one_column_equations, _pins,
                                   _plan, _values, equations, holds, is_mark, splits)
from gongkai.readers.split import GluedRow, solve
from gongkai.readers.split import _row_fits as row_fits

from .split_cases import RUN_CHARS, runs_with_checks


def _run_splits(run: str, n: int, signed: list[int]) -> list[list[str]] | None:
    """The former split._run_splits: a dash glued to digits is a dash cell first, then a minus sign (signed
    columns only)."""
    dashed = _INNER_DASH().sub(lambda m: f" {m.group(0)} ", run)
    if dashed != run:
        found = splits(dashed, n)
        if found is None or found:
            return found
    found = splits(run, n)
    if found is None:
        return None
    if "-" not in run:
        return found
    return [c for c in found if all(not p.startswith("-") or is_mark(p) or k in signed for k, p in enumerate(c))]


def _former(run: str, n: int, signed: tuple[int, ...], checks: tuple) -> tuple | None:
    """The former split._row_fits: every split made, then tested."""
    found = _run_splits(run, n, list(signed))
    if found is None:
        return None
    fitting = []
    known: dict = {}
    for cand in found:
        vals = [known[p] if p in known else known.setdefault(p, _values([p])[0]) for p in cand]
        if all(sum(vals[k] for k in lhs) == sum(vals[k] for k in rhs) for lhs, rhs in checks
               if all(vals[k] is not None for k in lhs + rhs)):
            fitting.append(cand)
    if not fitting:
        return tuple(found[:20]), True
    return tuple(fitting), False


def _fits(run, n, signed, checks, search_above):
    row_fits.cache_clear()  # (each call searched, not remembered from an earlier example)
    kept, split.SEARCH_ABOVE = split.SEARCH_ABOVE, search_above
    try:
        return row_fits(run, n, tuple(signed), tuple((tuple(lhs), tuple(rhs)) for lhs, rhs in checks))
    finally:
        split.SEARCH_ABOVE = kept


def _same(run, n, signed, checks):
    want = _former(run, n, tuple(signed), tuple((tuple(lhs), tuple(rhs)) for lhs, rhs in checks))
    for search_above in (0, split.SEARCH_ABOVE):  # (the search always, and as it is used: short runs enumerated)
        got = _fits(run, n, signed, checks, search_above)
        if want is None:
            assert got is None
        else:
            assert got is not None and (list(got[0]), got[1]) == (list(want[0]), want[1])


_RUN_CHARS = [*RUN_CHARS, "٣"]  # (an Arabic-Indic digit too)


def _case():
    return runs_with_checks(_RUN_CHARS)


@settings(max_examples=1500, deadline=None)
@given(_case())
def test_row_fits_as_the_former_enumeration(case):
    _same(*case)


@st.composite
def _glued_row(draw):
    """A row of consistent numbers glued into one run (now and then a space or thousands separators kept), its
    total last or a group's total after the group: the row's own relations hold for the run as printed."""
    n = draw(st.integers(2, 9))
    high = draw(st.sampled_from([3, 60, 5000, 10**6]))
    parts = [draw(st.integers(0, high)) for _ in range(n - 1)]
    cells = [str(v) for v in parts] + [str(sum(parts))]
    if draw(st.booleans()):
        cells = [f"{int(c):,}" for c in cells]
    seps = [draw(st.sampled_from(["", "", "", " "])) for _ in range(n - 1)]
    run = cells[0] + "".join(s + c for s, c in zip(seps, cells[1:]))
    checks = [([n - 1], list(range(n - 1)))]
    if n >= 5 and draw(st.booleans()):  # two totals: a group and the whole
        checks.append(([1], [0]))
    return run, n, [], checks


@settings(max_examples=500, deadline=None)
@given(_glued_row())
def test_row_fits_of_glued_rows_as_the_former_enumeration(case):
    _same(*case)


def test_row_fits_of_long_glued_rows_as_the_former_enumeration():
    # (the class that made the enumeration explode: table 三's rows (seven cells, the total last) and table 四's
    # row (fifteen cells, three groups each with its total) glued, values in the thousands, some cells blank)
    rng = random.Random(16)
    t3 = [([6], [0, 1, 2, 3, 4, 5])]
    t4 = [([4], [0, 1, 2, 3]), ([9], [5, 6, 7, 8]), ([14], [10, 11, 12, 13])]
    for _ in range(12):
        parts = [rng.choice([0, rng.randint(0, 9999)]) for _ in range(6)]
        cells = [str(v) for v in parts] + [str(sum(parts))]
        blank = rng.sample(range(6), rng.randint(0, 2))
        _same("".join(c for k, c in enumerate(cells) if k not in blank), 7, [], t3)
    for _ in range(4):
        cells = []
        for _ in range(3):
            parts = [rng.randint(0, 300) for _ in range(4)]
            cells += [str(v) for v in parts] + [str(sum(parts))]
        _same("".join(cells), 15, [], t4)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_RUN_CHARS), min_size=1, max_size=14).map("".join), st.integers(1, 8))
def test_the_splits_made_as_asked_for_are_the_splits(run, n):
    # (the first 20 splits of a row that none fits are made one by one: the same splits, in the same order)
    plan = _plan(run, n, 10**9)
    assert (list(_lazy_splits(*plan)) if plan else []) == splits(run, n, 10**9)


@st.composite
def _printed_cells(draw):
    """A table of the 2021 format and its cells as read: a number, a mark (None), or
    not printed (absent)."""
    table = FORMAT_2021.table(draw(st.sampled_from(["二", "三", "四"])))
    base = {}
    for row in table.rows:
        for col in table.columns:
            kind = draw(st.sampled_from(["n", "n", "n", "n", "mark", "absent"]))
            if kind != "absent":
                base[(row.id, col.id)] = None if kind == "mark" else draw(st.integers(0, 3))
    return table, base


@settings(max_examples=300, deadline=None)
@given(_printed_cells())
def test_pinning_equations_as_the_former_test(case):
    # (_rule_out_blank_readings: an equation of one column whose every term is printed and which holds, summed once)
    table, base = case
    eqs = equations(table)
    for e, _, _ in _one_column_equations(table, eqs):
        former = all(x is not None for r, c in e.cells for x in _leaves(table, base, r, c)) \
            and holds(table, e, lambda r, c: base.get((r, c))) is True
        assert _pins(table, e, base) == former


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from("0000111223456789"), min_size=1, max_size=12).map("".join), st.integers(1, 8))
def test_the_splits_of_a_run_of_digits_are_the_splits(token, n):
    # (one run of ASCII digits, most glued rows: its splits made from the places of the cuts)
    assert _digit_splits(token, n) == splits(token, n, 10**9)


def _former_joint(candidates: list[list]) -> list[list]:
    """The former joint step of split._solve over ambiguous rows' candidates where no equation involves them (table
    二): every combination survived, and each row's choices were what the combinations held, in order."""
    survivors = list(itertools.product(*candidates))
    out = []
    for i, cands in enumerate(candidates):
        choices = []
        for combo in survivors:
            if combo[i] not in choices:
                choices.append(combo[i])
        out.append(choices or cands)
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=6, max_size=6))
def test_rows_of_a_table_without_relations_keep_their_candidates(values):
    # (table 二: no relation between its rows — the joint step is not tried combination by combination)
    table = FORMAT_2021.table("二")
    runs = {"rules": "".join(map(str, values[:3])), "normative_documents": "".join(map(str, values[3:]))}
    glued = [GluedRow(r, ("issued", "repealed", "in_force"), run) for r, run in runs.items()]
    fits = [row_fits(g.run, 3, (), ()) for g in glued]
    solve(table, glued, {})
    ambiguous = [(g, list(f[0])) for g, f in zip(glued, fits) if f is not None and not f[1] and len(f[0]) > 1]
    for (g, _), choices in zip(ambiguous, _former_joint([cands for _, cands in ambiguous])):
        assert g.chosen is None and g.candidates == choices

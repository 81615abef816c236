"""The search for readings of a glued run with blank cells (split.blank_readings, issue 16: one loop over an explicit
stack, ASCII digit pieces without the number pattern, each position's checks as the range of values they let
through) yields what the former recursive search yielded, in the same order, and runs out of steps at the same
reading — compared with it (kept here as the reference) on generated runs, cell counts, checks and allowed cells;
and the cuts of a token into numbers (_token_split_list, ASCII digits without the number pattern) are those the
generator _token_splits defines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers.split import (_MARK, _MARK_START, _PART, BLANK, TooManySteps, _cells_needed, _number,
                                   _token_split_list, _token_splits, blank_readings)

from .split_cases import runs_with_checks


def _former(run: str, n: int, signed: list[int], checks, allowed: list | None = None,
                   limit: int = 5_000):
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
    steps = [0]
    # the checks to try once position k is filled (the cells not yet filled are open)
    spans = [((lhs, rhs), min(lhs + rhs), max(lhs + rhs)) for lhs, rhs in checks
             if not any(i in signed for i in lhs + rhs)]
    by_pos = [[check for check, lo, hi in spans if lo <= k <= hi] for k in range(n)]

    def ok(k):  # every check at k can still hold (split._open_gap, inlined as the search once had it)
        for lhs, rhs in by_pos[k]:
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
                continue
            if ol:
                if kr < kl:
                    return False
            elif or_:
                if kl < kr:
                    return False
            elif kl != kr:
                return False
        return True

    mark, part = _MARK().match, _PART().match
    needed: dict[int, int] = {}  # len(rest) → _cells_needed(rest) (what is left is always a prefix of the text)

    def visit(k: int, rest: str):
        steps[0] += 1
        if steps[0] > limit:
            raise TooManySteps
        if not rest:
            for i in range(k + 1):
                cells[i], values[i] = BLANK, None
            if BLANK in cells:
                yield list(cells)
            return
        if k < 0:
            return
        need = needed.get(len(rest))
        if need is None:
            need = needed[len(rest)] = _cells_needed(rest)
        if need > k + 1:
            return
        cells[k], values[k] = BLANK, None  # position k blank
        if ok(k):
            yield from visit(k - 1, rest)
        token = rest.rsplit(None, 1)[-1]  # or a number cut off the end of the last token
        want = allowed[k]
        token_mark = token[:1] in _MARK_START and mark(token)
        if want is not None:  # (only the piece equal to it: the one length that cuts it off, if any)
            lengths = [len(want)] if want and (token == want if token_mark else token.endswith(want)) else []
        else:
            lengths = [len(token)] if token_mark else range(1, len(token) + 1)
        for length in lengths:
            piece = token[-length:]
            if piece[:1] in _MARK_START and mark(piece):
                value = None
            elif not part(piece) or (piece.startswith("-") and k not in signed):
                continue
            else:
                value = _number(piece)
            cells[k], values[k] = piece, value
            if ok(k):
                left = rest[:-length]
                yield from visit(k - 1, left.rstrip() if length == len(token) else left)
        cells[k], values[k] = None, None

    yield from visit(n - 1, text)


def _all(search) -> list:
    out = []
    try:
        for reading in search:
            out.append(reading)
    except TooManySteps:
        out.append("too many steps")
    return out


@st.composite
def _search(draw):
    run, n, signed, checks = draw(runs_with_checks())
    allowed = None
    if draw(st.booleans()):
        allowed = [draw(st.one_of(st.none(), st.sampled_from(["0", "1", "12", "/", "", "20"]))) for _ in range(n)]
    limit = draw(st.sampled_from([5_000, 40, 7]))
    return run, n, signed, checks, allowed, limit


@settings(max_examples=3000, deadline=None)
@given(_search())
def test_blank_readings_as_the_former_search(case):
    run, n, signed, checks, allowed, limit = case
    assert _all(blank_readings(run, n, signed, checks, allowed, limit)) == \
        _all(_former(run, n, signed, checks, allowed, limit))


def test_blank_readings_of_long_runs_as_the_former_search():
    # (the glued rows of a report's table 四: fifteen cells, three groups each with its total; runs out of steps)
    checks = [([4], [0, 1, 2, 3]), ([9], [5, 6, 7, 8]), ([14], [10, 11, 12, 13])]
    for run in ("10203120001200000", "21317000001324019", "000000000000000", "6000017", "200 000121"):
        n = 15 if len(run) > 10 else 7
        own = checks if n == 15 else [([6], [0, 1, 2, 3, 4, 5])]
        assert _all(blank_readings(run, n, [], own)) == _all(_former(run, n, [], own))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(list("0000111223456789") + [",", ".", "-", "/", "１", "０", "٣"]), min_size=1,
                max_size=12).map("".join), st.integers(1, 7))
def test_the_cuts_of_a_token_as_the_generator_gives_them(token, k):
    # (_token_split_list cuts a token of ASCII digits without the number pattern; _token_splits is the definition)
    assert _token_split_list(token, k, {}) == list(_token_splits(token, k))

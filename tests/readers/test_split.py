"""The glued-digit splitter: laws that hold for every input (hypothesis) and the corpus cases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.format import FORMAT_2021
from gongkai.readers.split import GluedRow, _open_gap, solve, splits

REQUESTS = FORMAT_2021.table("三")
REVIEWS = FORMAT_2021.table("四")
COLS = tuple(c.id for c in REQUESTS.columns)


@st.composite
def request_row(draw):
    parts = draw(st.lists(st.integers(0, 120), min_size=6, max_size=6))
    return [*parts, sum(parts)]


@given(request_row())
@settings(max_examples=150, deadline=None)
def test_the_printed_split_is_always_a_candidate_and_a_unique_fit_is_the_printed_one(values):
    run = "".join(str(v) for v in values)
    g = GluedRow("received", COLS, run)
    solve(REQUESTS, [g], {})
    truth = [str(v) for v in values]
    assert g.too_many or truth in g.candidates
    if g.chosen is not None:
        assert g.chosen == truth


@given(request_row(), st.data())
@settings(max_examples=200, deadline=None)
def test_spaces_in_a_run_are_fixed_cell_boundaries(values, data):
    cut = data.draw(st.integers(1, 6))
    run = "".join(str(v) for v in values[:cut]) + " " + "".join(str(v) for v in values[cut:])
    first = run.split()[0]
    for cand in splits(run, 7) or []:
        # no candidate joins digits across the space: some prefix of the cells is exactly the first token
        assert any("".join(cand[:k]) == first for k in range(1, 7))


def test_no_leading_zeros_in_a_cell():
    assert splits("0012", 3) == [["0", "0", "12"]]


def test_a_run_with_no_fitting_split_is_reported_not_guessed():
    g = GluedRow("received", COLS, "1111111")  # seven 1s: 1+1+1+1+1+1 != 1
    solve(REQUESTS, [g], {})
    # … but with a blank cell it fits: 11/1/1/1/1/1/（空白） (the blank 总计 16) — unread, not certainly wrong
    assert g.chosen is None and not g.no_fit
    assert g.blank_readings and all("" in c for c in g.blank_readings)
    g = GluedRow("received", COLS, "1 1 1 1 1 1 1")  # seven cells printed apart: no blank can hide
    solve(REQUESTS, [g], {})
    assert g.chosen is None and g.no_fit


def test_a_review_row_split_by_the_three_group_totals_is_not_used_when_a_blank_cell_fits_too():
    # 平潭 2024 table 四 as printed: 复议 2/1/3/1/7, 直接起诉 0…, 复议后起诉 13/2/4/0/19 is the only split without
    # blank cells; 21/3/1/7/（空白） | 0/0/0/0/0 | 13/2/4/0/19 fits too (the blank 复议 总计 would be 32)
    g = GluedRow("cases", tuple(c.id for c in REVIEWS.columns), "21317000001324019")
    solve(REVIEWS, [g], {})
    assert g.chosen is None
    assert g.candidates[0] == ["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]
    assert g.blank_readings or g.blank_too_many


def test_a_row_of_zeros_as_many_as_its_cells_is_certain():
    # fifteen zeros for fifteen cells: "00" is no number, so no cell can be blank
    g = GluedRow("cases", tuple(c.id for c in REVIEWS.columns), "0" * 15)
    solve(REVIEWS, [g], {})
    assert g.chosen == ["0"] * 15 and not g.blank_readings


def test_a_five_thousand_digit_run_is_bounded():
    import time
    t = time.process_time()
    g = GluedRow("cases", tuple(c.id for c in REVIEWS.columns), "1234567890" * 500)
    solve(REVIEWS, [g], {})
    assert g.chosen is None and (g.too_many or g.blank_too_many)
    assert time.process_time() - t < 10  # generous: the bound is on steps, not on seconds


@st.composite
def request_row_with_a_blank(draw):
    values = draw(request_row())
    blank = draw(st.integers(0, 6))
    return ["" if k == blank else str(v) for k, v in enumerate(values)]


@given(request_row_with_a_blank())
@settings(max_examples=200, deadline=None)
def test_a_row_with_a_blank_cell_is_never_read_as_numbers_it_does_not_hold(cells):
    # the printed row has a blank cell, which glued digits do not show: whatever the solver takes for certain
    # is what is printed
    g = GluedRow("received", COLS, "".join(cells))
    solve(REQUESTS, [g], {})
    assert g.chosen is None
    for k, raw in g.certain.items():
        assert raw == cells[k]


def test_column_identities_resolve_a_row_ambiguous_on_its_own():
    # "101000011" fits its own row total two ways: 10/1/0/0/0/0/11 and 1/0/10/0/0/0/11.
    # With 一 = 10/1/0/0/0/0/11 and 二 = 四 = 0, only the first satisfies 一+二=（七）+四 per column.
    g = GluedRow("dispositions_total", COLS, "101000011")
    solve(REQUESTS, [g], {})
    assert g.chosen is None and len(g.candidates) == 2
    known = {("received", c): v for c, v in zip(COLS, [10, 1, 0, 0, 0, 0, 11])}
    known.update({("carried_over", c): 0 for c in COLS})
    known.update({("carried_forward", c): 0 for c in COLS})
    g = GluedRow("dispositions_total", COLS, "101000011")
    solve(REQUESTS, [g], known)
    assert g.chosen == ["10", "1", "0", "0", "0", "0", "11"]


# ----------------------------------------------------------------------------- runs too long to enumerate
def _known_for_received(values):
    """Other rows of table 三 printed so that ``received`` must be ``values``: carried_over 0, every
    disposition granted, nothing carried forward."""
    known = {}
    for c, v in zip(COLS, values):
        known[("carried_over", c)] = 0
        known[("granted", c)] = v
        known[("dispositions_total", c)] = v
        known[("carried_forward", c)] = 0
    return known


def test_a_run_longer_than_its_cells_can_hold_is_proved_to_fit_no_split():
    # 平潭 2024's row 一 printed as 21 7 1 0 0 0 0 218 … replaced by 200 digits: the other rows bound every
    # cell (received ≤ dispositions_total + carried_forward), so at most a few digits fit
    known = _known_for_received([217, 1, 0, 0, 0, 0, 218])
    g = GluedRow("received", COLS, "1234567890" * 20)
    solve(REQUESTS, [g], known)
    assert g.no_fit and not g.too_many and g.chosen is None
    assert g.digit_bound == 3 + 1 + 1 + 1 + 1 + 1 + 3


def test_a_huge_run_is_decided_in_bounded_time():
    import time
    known = _known_for_received([217, 1, 0, 0, 0, 0, 218])
    g = GluedRow("received", COLS, "7" * 2_000_000)
    t = time.monotonic()
    solve(REQUESTS, [g], known)
    assert g.no_fit and time.monotonic() - t < 5


def test_without_bounds_from_other_rows_a_long_run_stays_undecided():
    g = GluedRow("received", COLS, "1234567890" * 20)
    solve(REQUESTS, [g], {})
    assert g.too_many and not g.no_fit


@st.composite
def long_request_row(draw):
    parts = draw(st.lists(st.integers(0, 10 ** 40), min_size=6, max_size=6))
    return [*parts, sum(parts)]


@given(long_request_row(), st.booleans())
@settings(max_examples=150, deadline=None)
def test_a_long_run_that_fits_is_never_claimed_to_fit_no_split(values, exact):
    # the other rows allow exactly these values (or, with slack, anything up to them): a fit exists
    known = _known_for_received([v if exact else v * 3 + 5 for v in values])
    g = GluedRow("received", COLS, "".join(str(v) for v in values))
    solve(REQUESTS, [g], known)
    assert not g.no_fit
    assert g.too_many or [str(v) for v in values] in g.candidates


def test_a_long_run_with_spaces_is_not_decided_by_the_digit_bound():
    known = _known_for_received([217, 1, 0, 0, 0, 0, 218])
    g = GluedRow("received", COLS, "1234567890" * 10 + " " + "1234567890" * 10)
    solve(REQUESTS, [g], known)
    assert not g.no_fit and g.digit_bound is None


# ----------------------------------------------------------------------------- dashes inside glued runs
@given(request_row(), st.integers(0, 5), st.sampled_from(["-", "－", "—"]))
@settings(max_examples=150, deadline=None)
def test_a_dash_between_glued_digits_is_a_dash_cell_never_a_minus_sign(values, at, dash):
    """A dash cell glued between digits ("…3-12…"): every candidate keeps it as a cell of its own — no count
    is ever negative — and the printed split is always among the candidates."""
    printed = [str(v) for v in values]
    printed[at] = dash
    run = "".join(printed)
    g = GluedRow("received", COLS, run)
    solve(REQUESTS, [g], {})
    cands = [g.chosen] if g.chosen is not None else g.candidates
    assert g.too_many or printed in cands
    assert not any(p.startswith("-") and p != "-" for c in cands for p in c)


def test_a_dash_run_in_a_signed_column_is_a_dash_cell_first_and_a_minus_sign_only_when_no_dash_cell_fits():
    from gongkai.format import FORMAT_2019

    t2 = FORMAT_2019.table("二")
    penalty = GluedRow("penalty", ("previous_items", "change", "decisions"), "2648-18538")
    fees = GluedRow("administrative_fees", ("previous_items", "change"), "35-15")
    solve(t2, [penalty, fees], {})
    assert penalty.chosen == ["2648", "-", "18538"]
    assert fees.chosen == ["35", "-15"]  # two cells: the dash cannot be a cell of its own
    assert splits("3 / 12", 3) == [["3", "/", "12"]]
    assert splits("3 /", 3) == []  # a mark is never cut


@given(st.lists(st.sampled_from(["0", "1", "2", "10", "17", "/"]), min_size=7, max_size=7),
       st.integers(0, 12), st.sampled_from([40, 300, 5000]))
@settings(max_examples=150, deadline=None)
def test_a_search_run_again_for_an_equal_row_gives_the_readings_and_the_step_limit_of_a_fresh_search(
        cells, stop, limit):
    """Rows printing the same digits are searched once (``_Replay``): a later caller gets what a fresh search
    would give it — the same readings in the same order, and TooManySteps at the same point — whether the
    first caller stopped early or not."""
    from gongkai.readers.split import TooManySteps, _Replay, blank_readings

    run, checks = "".join(cells), [([6], [0, 1, 2, 3, 4, 5])]

    def consume(readings, at_most=None):
        got = []
        try:
            for r in readings:
                got.append(r)
                if at_most is not None and len(got) >= at_most:
                    break
        except TooManySteps:
            got.append("too many steps")
        return got

    fresh = consume(blank_readings(run, 7, [], checks, limit=limit))
    replay = _Replay(blank_readings(run, 7, [], checks, limit=limit))
    assert consume(replay, stop) == consume(blank_readings(run, 7, [], checks, limit=limit), stop)
    assert consume(replay) == fresh
    assert consume(replay) == fresh


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 120), min_size=6, max_size=6), st.booleans())
def test_a_row_solved_again_reads_as_a_fresh_solve(values, consistent):
    """The row-level splits and the blank-cell searches are kept per run: a row printing the same digits again
    (in the same report or the next) gets what a search with empty memos gives, and a row's candidates are its
    own list."""
    from gongkai.readers import split

    total = sum(values) if consistent else sum(values) + 1
    run = "".join(map(str, [*values, total]))

    def fresh():
        split.clear_memos()
        return again()

    def again():
        g = GluedRow("received", COLS, run)
        solve(REQUESTS, [g], {})
        return g

    first, second = fresh(), again()
    for key in ("chosen", "candidates", "no_fit", "too_many", "blank_readings", "blank_too_many", "certain"):
        assert getattr(second, key) == getattr(first, key), key
    first.candidates.append(["x"])
    assert again().candidates == second.candidates


@st.composite
def open_check(draw):
    """Cells (a number ≥ 0, or None: not filled yet) and a check ``sum(lhs) == sum(rhs)`` over some of them."""
    values = draw(st.lists(st.one_of(st.none(), st.integers(0, 50)), min_size=2, max_size=7))
    terms = st.lists(st.integers(0, len(values) - 1), min_size=1, max_size=4)
    return values, draw(terms), draw(terms)


@given(open_check())
@settings(max_examples=500, deadline=None)
def test_the_gap_of_an_open_check_is_what_its_open_side_needs(case):
    # (split._open_gap, the inner loop of both searches: -1 exactly when no filling of the open cells with
    # numbers ≥ 0 makes the check hold; else the sum its open terms need — putting it all in one open cell, the
    # others 0, makes it hold)
    values, lhs, rhs = case
    gap = _open_gap(values, lhs, rhs)
    open_l = [i for i in lhs if values[i] is None]
    open_r = [i for i in rhs if values[i] is None]
    known = sum(values[i] or 0 for i in lhs) - sum(values[i] or 0 for i in rhs)
    can_hold = bool(open_l and open_r) or (known <= 0 if open_l else known >= 0 if open_r else known == 0)
    assert (gap != -1) == can_hold
    if gap is not None and gap >= 0:
        filled = [0 if v is None else v for v in values]
        filled[(open_l or open_r)[0]] = gap
        assert sum(filled[i] for i in lhs) == sum(filled[i] for i in rhs) or lhs.count((open_l or open_r)[0]) \
            + rhs.count((open_l or open_r)[0]) > 1
    if gap is None:
        assert (open_l and open_r) or (not open_l and not open_r and known == 0)

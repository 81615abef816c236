"""Generated cases for the searches of a glued run's cells (split), shared by the tests that compare each search
with the former one it replaced (test_row_fits_search, test_blank_readings_search).  Nothing here asserts."""

from __future__ import annotations

from hypothesis import strategies as st

#: what a run is made of: digits (zeros and ones most), spaces, marks, a decimal point, a comma, full-width digits
RUN_CHARS = list("0000111223456789") + [" ", "/", "-", "—", ".", ",", "１", "０"]


@st.composite
def runs_with_checks(draw, chars=RUN_CHARS):
    """(run, cells, signed positions, checks): a run of up to 18 of ``chars`` for 1–9 cells, up to three random
    checks (lhs, rhs) over the cells and at times the row's total (the last cell the sum of the others), up to two
    cells that may be negative."""
    n = draw(st.integers(1, 9))
    run = draw(st.lists(st.sampled_from(chars), min_size=1, max_size=18).map("".join))
    checks = []
    for _ in range(draw(st.integers(0, 3))):
        terms = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=min(n + 1, 6)))
        cut = draw(st.integers(1, len(terms) - 1))
        checks.append((terms[:cut], terms[cut:]))
    if n >= 3 and draw(st.booleans()):  # a row's total: the last cell the sum of the others (most rows)
        checks.append(([n - 1], list(range(n - 1))))
    signed = draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True))
    return run, n, signed, checks

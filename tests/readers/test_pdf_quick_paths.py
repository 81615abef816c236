"""The PDF reader's quick paths (issue 16) give what the plain computations they replace give: the words cut at
cell borders (borders looked up by x instead of all asked, words without a final digit left at once) and the
stacked digits (a pair's vertical distance asked first).  The plain computations are kept here as they were;
words, borders and digits are generated (NaN coordinates among them: no order to bisect)."""

from __future__ import annotations

import bisect
import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.readers.pdf import STACKED_PITCH, _split_at_borders, _stacked_digits, _Word

_TRAILING_DIGITS = re.compile(r"^(.*\D)(\d+)$")
_NUMBER_WORD = re.compile(r"^[\d,，.．]+$")


class _Table:
    def __init__(self, cells):
        self.cells = cells


def _plain_digits_cut(w, borders):
    n = len(w.text)
    step = (w.x1 - w.x0) / n
    cuts = []
    for x, top, bottom in borders:
        if w.x0 + step / 2 < x < w.x1 - step / 2 and top <= w.mid <= bottom:
            k = (x - w.x0) / step
            if abs(k - round(k)) > 0.3:
                return None
            cuts.append(round(k))
    cuts = sorted(set(k for k in cuts if 0 < k < n))
    if not cuts:
        return None
    out, start = [], 0
    for k in [*cuts, n]:
        out.append(_Word(w.text[start:k], w.x0 + start * step, w.x0 + k * step - (0.5 if k < n else 0), w.top,
                         w.bottom))
        start = k
    return out


def _plain_split(words, tables):
    """:func:`_split_at_borders` as it was: every border asked for every word."""
    if not tables:
        return None
    borders = [(c[0], c[1], c[3]) for t in tables for c in t.cells]
    out, cut = [], False
    for w in words:
        m = _TRAILING_DIGITS.match(w.text)
        if m is not None and not m.group(1)[-1].isdigit() and not m.group(1)[-1] in ".,，．":
            h = w.bottom - w.top
            digits = len(m.group(2)) * h / 2
            at = next((x for x, top, bottom in borders
                       if w.x0 + h / 2 < x < w.x1 - h / 4 and top <= w.mid <= bottom
                       and abs((w.x1 - x) - digits) <= h * 0.6), None)
            if at is not None:
                out += [_Word(m.group(1), w.x0, at - 0.5, w.top, w.bottom),
                        _Word(m.group(2), at + 0.5, w.x1, w.top, w.bottom)]
                cut = True
                continue
        if _NUMBER_WORD.match(w.text) and len(w.text) > 1:
            pieces = _plain_digits_cut(w, borders)
            if pieces is not None:
                out += pieces
                cut = True
                continue
        out.append(w)
    return out if cut else None


def _plain_stacked(values, texts):
    """:func:`_stacked_digits` as it was: every overlapping pair tested in full."""
    digits = sorted((w for w in values if any(ch.isdigit() for ch in w.text)), key=lambda w: w.x0)
    if len(digits) < 2:
        return set()
    mids = sorted(w.mid for w in texts)

    def alone(w):
        k = bisect.bisect_left(mids, w.mid - 0.4 * (w.bottom - w.top))
        return k == len(mids) or mids[k] > w.mid + 0.4 * (w.bottom - w.top)

    out = set()
    for i, a in enumerate(digits):
        ha = a.bottom - a.top
        for b in digits[i + 1:]:
            if b.x0 >= a.x1:
                break
            h = min(ha, b.bottom - b.top)
            overlap = min(a.x1, b.x1) - b.x0
            if h > 0 and overlap > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0) \
                    and 0.5 * h < abs(a.mid - b.mid) < STACKED_PITCH * h and (alone(a) or alone(b)):
                out.update((id(a), id(b)))
    return out


def _key(words):
    return None if words is None else [(w.text, w.x0, w.x1, w.top, w.bottom) for w in words]


_LABELS = ["行政许可", "危及“三安全一稳定”", "3.", "（二）", "其他"]
_TEXTS = st.one_of(
    st.integers(0, 9999999).map(str), st.integers(0, 9999999).map("{:,}".format),
    st.integers(0, 99999).map(lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
    st.tuples(st.sampled_from(_LABELS), st.integers(0, 9999)).map(lambda p: p[0] + str(p[1])),
    st.sampled_from(_LABELS + ["/", "—", "１２.", "12,", "12\n", "²3", "3²", "1,234."]))
# coordinates on a coarse grid (borders fall exactly on word edges and character steps) or anywhere, NaN now and then
_X = st.one_of(st.integers(0, 60).map(lambda k: k * 2.5), st.floats(0, 150, allow_nan=False), st.just(math.nan))


@st.composite
def _word(draw):
    text = draw(_TEXTS)
    x0 = draw(_X)
    width = draw(st.one_of(st.integers(1, 8).map(lambda k: k * 5.0), st.floats(0.5, 60)))
    top = draw(st.sampled_from([10.0, 12.0, 30.0, 31.5]))
    return _Word(text, x0, x0 + width, top, top + draw(st.sampled_from([10.0, 10.5, 12.0])))


@st.composite
def _cells(draw):
    out = []
    for _ in range(draw(st.integers(0, 12))):
        x0 = draw(_X)
        top = draw(st.sampled_from([0.0, 5.0, 9.0, 25.0, math.nan]))
        out.append((x0, top, x0 + draw(st.floats(1, 80)), top + draw(st.sampled_from([10.0, 20.0, 40.0]))))
    return out


@st.composite
def _digit_word(draw):
    """A value word in a column of numbers: x0 and width from a few, tops on a pitch near a line's height."""
    x0 = draw(st.sampled_from([100.0, 102.0, 104.5, 130.0, math.nan]))
    step = draw(st.sampled_from([6.0, 8.0, 12.0, 14.0, 16.0]))
    top = 100.0 + step * draw(st.integers(0, 6))
    text = draw(st.sampled_from(["1", "23", "4,5", "/", "６", "²"]))
    return _Word(text, x0, x0 + draw(st.sampled_from([6.0, 12.0, 18.0])), top,
                 top + draw(st.sampled_from([10.0, 10.0, 9.0, -1.0])))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(_word(), max_size=12), tables=st.lists(_cells(), max_size=3))
def test_words_cut_at_borders_as_by_asking_every_border(words, tables):
    tables = [_Table(cells) for cells in tables]
    assert _key(_split_at_borders(words, tables)) == _key(_plain_split(words, tables))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(_digit_word(), max_size=14), texts=st.lists(_digit_word(), max_size=4))
def test_stacked_digits_as_by_testing_every_pair_in_full(values, texts):
    assert _stacked_digits(values, texts) == _plain_stacked(values, texts)


def test_a_column_of_wrapped_digits_is_found_alike():
    # one-digit lines 12 pt apart in a column, no text level with them: each pair within the pitch is stacked
    values = [_Word(str(k % 10), 100.0, 106.0, 100.0 + 12 * k, 110.0 + 12 * k) for k in range(6)]
    got = _stacked_digits(values, [])
    assert got == _plain_stacked(values, []) and len(got) == 6

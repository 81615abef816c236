"""The PDF reader's quick paths (issue 16) give what the plain computations they replace give: the words cut at
cell borders (borders looked up by x instead of all asked, words without a final digit left at once) and the
stacked digits (a pair's vertical distance asked first).  The plain computations are kept here as they were;
words, borders and digits are generated (NaN coordinates among them: no order to bisect)."""

from __future__ import annotations

import bisect
import copy
import itertools
import math
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readers.test_pdf_page import _two_fonts_pdf

from gongkai.readers import pdf_page
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


# --- pdf_page: the words of a page's characters, and the characters' matrices asked once per text object ---


def _former_cluster_values(values, tolerance):
    index, k, last = {}, -1, None
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            k += 1
        index[v] = k
        last = v
    return index


def _former_words(chars):
    """pdf_page._words as it was: a list of every character's top clustered, each line sorted anew, spaces asked
    by ``str.isspace``, coordinates rounded by ``round_3`` (its rotated words: the same function)."""
    words = []
    runs = [(True, chars)] if all(ch[5] for ch in chars) else itertools.groupby(chars, key=lambda ch: ch[5])
    for upright, group in runs:
        if not upright:
            words += pdf_page._rotated_words(list(group))
            continue
        group = group if type(group) is list else list(group)
        index = _former_cluster_values([ch[3] for ch in group], pdf_page.Y_TOLERANCE)
        lines, top, line = {}, None, None
        for ch in group:
            if ch[3] != top:
                top = ch[3]
                line = lines.get(index[top])
                if line is None:
                    line = lines[index[top]] = []
            line.append(ch)
        for k in sorted(lines):
            open_ = False
            wt, wx0, wx1, wtop, wbottom = "", 0.0, 0.0, 0.0, 0.0
            px0 = px1 = ptop = 0.0
            for t, x0, x1, top, bottom, _ in sorted(lines[k], key=lambda ch: ch[1]):
                if t.isspace():
                    if open_:
                        words.append((wt, wx0, wx1, wtop, wbottom))
                        open_ = False
                    continue
                dy = top - ptop
                if open_ and not (x0 < px0 or x0 > px1 + 3 or dy > 3 or dy < -3):
                    wt += t
                    wx1, wtop, wbottom = (x1 if x1 > wx1 else wx1), (top if top < wtop else wtop), \
                        (bottom if bottom > wbottom else wbottom)
                else:
                    if open_:
                        words.append((wt, wx0, wx1, wtop, wbottom))
                    wt, wx0, wx1, wtop, wbottom = t, x0, x1, top, bottom
                    open_ = True
                px0, px1, ptop = x0, x1, top
            if open_:
                words.append((wt, wx0, wx1, wtop, wbottom))
    return [(text, pdf_page.round_3(x0), pdf_page.round_3(x1), round(top, 3), round(bottom, 3))
            for text, x0, x1, top, bottom in words]


# characters as _chars gives them: spaces of several kinds, letters, CJK, a ligature's letters, a space glued to a
# letter (two glyphs in one box); x on a coarse grid or anywhere, NaN and infinities now and then; tops from a few
# lines 1–4 pt apart (chains within 3 pt), some characters rotated
_CHAR_TEXT = st.sampled_from([" ", "\u3000", "\xa0", "\t", "a", "1", "年", "报", "fi", " x", "-", "\u200b"])
_CHAR_X = st.one_of(st.integers(0, 80).map(lambda k: k * 2.5), st.floats(-50, 600, allow_nan=False),
                    st.sampled_from([math.nan, math.inf, -0.0]))
_CHAR_TOP = st.one_of(st.sampled_from([100.0, 101.5, 103.0, 104.0, 107.5, 120.0, 120.0001]),
                      st.floats(0, 842, width=32), st.just(math.nan))


@st.composite
def _char(draw):
    x0 = draw(_CHAR_X)
    top = draw(_CHAR_TOP)
    return (draw(_CHAR_TEXT), x0, x0 + draw(st.sampled_from([0.0, 2.5, 5.0, 10.5, 12.0])), top,
            top + draw(st.sampled_from([10.0, 10.5, 12.0])), draw(st.sampled_from([True] * 6 + [False])))


def _same_words(a, b):
    """Equal word lists, NaN equal to NaN (a NaN coordinate is no error: it is read as it comes)."""
    def key(w):
        return tuple("nan" if isinstance(v, float) and v != v else v for v in w)
    return [key(w) for w in a] == [key(w) for w in b]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_char(), max_size=40))
def test_words_of_characters_as_the_former_word_extractor_makes_them(chars):
    assert _same_words(pdf_page._words(chars), _former_words(chars))


class _EveryTime(int):
    """A text object's address that is never the last one's: _chars then asks every character's matrix, as it
    did before asking it only when the text object changes."""

    __hash__ = int.__hash__

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True


def _chars_of(data: bytes, every_matrix: bool) -> list:
    text_object = pdf_page._text_object
    if every_matrix:
        pdf_page._text_object = lambda page, i: None if (o := text_object(page, i)) is None else _EveryTime(o)
    try:
        unmeasured, level = pdf_page.unmeasured_fonts(data), pdf_page.level_baselines(data)
        doc = pdf_page.open_document(data)
        try:
            pages = [pdf_page.read_page_at(doc, i, unmeasured, level) for i in range(len(doc))]
        finally:
            doc.close()
    finally:
        pdf_page._text_object = text_object
    return [(p.words, p.edges, list(p.clipped)) for p in pages]


@pytest.mark.parametrize("name", ["pdf/2024_huaian_shizhengfu.pdf", "pdf/2024_huaian-hongze-qu.pdf"])
def test_characters_read_as_when_every_matrix_was_asked(name, corpus):
    """A character's matrix is its text object's (PDFium gives each character of an object the object's matrix):
    asked when the object changes, the page reads as when it was asked of every character."""
    data = corpus(name).read_bytes()
    assert _chars_of(data, False) == _chars_of(data, True)


@settings(max_examples=25, deadline=None)
@given(st.text("xiolmw fi", min_size=1, max_size=8), st.integers(100, 450), st.integers(100, 450),
       st.sampled_from([8.0, 10.0, 12.0]), st.booleans())
def test_two_objects_in_one_matrix_read_as_when_every_matrix_was_asked(text, w1, w2, size, same_size):
    """Two text objects drawn from one point in one matrix, in fonts of other widths (and sizes): read as when
    every character's matrix was asked."""
    data = _two_fonts_pdf(text.encode(), w1, w2, size, size if same_size else size + 2)
    assert _chars_of(data, False) == _chars_of(data, True)


# ---------------------------------------------------------------- pages side by side (Calc prints down, then across)
def _plain_continued_beside(upper, words, height, exact=False, across=None):
    """:func:`_continued_beside` as it was: every pair of pages worked out from their words."""
    from gongkai.readers.pdf import S, _char_width, _near_page_edge, _rows_line_up, _word_lines

    if not upper or not words:
        return None
    seen = {(w.text, round(w.x0), round(w.mid)) for w in upper}

    def repeated(w):
        return any((w.text, round(w.x0) + dx, round(w.mid) + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1))

    columns = {}
    for w in words:
        if w.value:
            columns.setdefault(round((w.x0 + w.x1) / 2 / 4), []).append(w)
    texts = [w for w in words if not w.value]

    def own_header(col):
        v = min(col, key=lambda w: w.mid)
        x = (v.x0 + v.x1) / 2
        above = [t for t in texts if t.mid < v.mid and t.x0 < x < t.x1]
        return max(above, key=lambda w: w.mid, default=None)

    again = {id(w) for col in columns.values() if all(repeated(w) for w in col)
             and ((h := own_header(col)) is None or repeated(h)) for w in col}
    rest = [w for w in words if id(w) not in again and (w.value or not repeated(w))]
    mids = sorted(w.mid for w in upper)
    row_mids = sorted(w.mid for w in upper if w.value) or mids

    def level(w, among=mids):
        reach = S.line_overlap * (w.bottom - w.top)
        k = bisect.bisect_left(among, w.mid - reach)
        return k < len(among) and among[k] <= w.mid + reach

    rest = [w for w in rest if level(w) or not _near_page_edge(w.top, w.bottom, height)]
    lines = _word_lines(rest)
    with_values = [ln for ln in lines if any(w.value for w in ln)]
    if not with_values or sum(all(w.value for w in ln) for ln in with_values) < 0.8 * len(with_values) \
            or sum(level(ln[0], row_mids) for ln in with_values) < 0.8 * len(with_values):
        return None
    if len(with_values) < 2 and (len(lines) < 2 or not all(level(ln[0]) for ln in lines)):
        return None
    rows = [ln for ln in _word_lines(upper) if any(w.value for w in ln)] or _word_lines(upper)
    if len(with_values) < 0.7 * len(rows):
        return None
    if exact and not _rows_line_up(with_values, rows, level):
        return None
    dx = across if across is not None else max(w.x1 for w in upper) + 2 * _char_width(upper) - min(
        w.x0 for w in rest)
    moved = []
    for w in rest:
        w = copy.copy(w)
        w.x0, w.x1 = w.x0 + dx, w.x1 + dx
        moved.append(w)
    return upper + moved


def _plain_side_by_side(pages, height, widths=None):
    """:func:`_side_by_side` as it was, on :func:`_plain_continued_beside`."""
    from gongkai.readers.pdf import _wider

    out, last, at, across = [], 0, -1, []
    for pno, words, grids in pages:
        joined = _plain_continued_beside(out[at][1], words, height) if out and last + 1 == pno else None
        if joined is not None:
            out[at] = (out[at][0], joined, [], True)
            across[at] = _wider(across[at], widths, pno)
        else:
            for k in range(len(out) - 1, -1, -1):
                if k == at % len(out) and last + 1 == pno:
                    continue
                joined = _plain_continued_beside(out[k][1], words, height, exact=True, across=across[k])
                if joined is not None:
                    out[k] = (out[k][0], joined, [], True)
                    across[k] = _wider(across[k], widths, pno)
                    at = k
                    break
            else:
                out.append((pno, words, grids, False))
                across.append(widths.get(pno) if widths else None)
                at = len(out) - 1
        last = pno
    return out


_HEIGHT = 842.0


@st.composite
def _sheet_pages(draw):
    """Pages as a spreadsheet wider and longer than the paper prints them (Calc: down, then across) among pages of
    prose: a table's rows (labels and numbers at row heights) cut into runs of rows and runs of columns, each
    run of columns on pages of their own — the labels (print titles) repeated or not, a running head and a page
    number repeated on every page, a number or two in the prose; the pages in the order printed, or shuffled."""
    rng = random.Random(draw(st.integers(0, 2 ** 32 - 1)))
    size = draw(st.sampled_from([9.0, 10.5, 12.0]))
    rows, cols = draw(st.integers(2, 14)), draw(st.integers(1, 12))
    per_page, cols_per_page = draw(st.integers(1, 10)), draw(st.integers(1, 6))
    titles = draw(st.booleans())
    pitch = size * draw(st.sampled_from([1.6, 2.0, 2.6]))
    values = [[str(rng.choice([0, 0, 1, 7, 12, 305, 4021])) for _ in range(cols)] for _ in range(rows)]
    labels = ["".join(rng.choice("政府信息公开申请办理行政复议诉讼") for _ in range(rng.randint(2, 9))) for _ in range(rows)]
    head = draw(st.booleans())

    def furniture(pno):
        out = [_Word(str(pno), 290.0, 290.0 + size / 2 * len(str(pno)), _HEIGHT - 30.0, _HEIGHT - 30.0 + size)]
        if head:
            out.append(_Word("测试市政府信息公开年度报告", 200.0, 200.0 + 13 * size, 20.0, 20.0 + size))
        return out

    def prose(pno):
        out = furniture(pno)
        for k in range(rng.randint(0, 30)):
            y = 80.0 + k * pitch
            text = "".join(rng.choice("本机关年度内共收到申请件依法办理") for _ in range(rng.randint(3, 20)))
            out.append(_Word(text, 72.0, 72.0 + size * len(text), y, y + size))
            if rng.random() < 0.2:  # a number standing alone in the prose
                n = str(rng.randint(0, 9999))
                out.append(_Word(n, 80.0 + size * len(text), 80.0 + size * (len(text) + len(n) / 2), y, y + size))
        return out

    pages = []
    for r0 in range(0, rows, per_page):
        for c0 in range(0, cols, cols_per_page):
            words = furniture(0)
            x = 72.0
            if c0 == 0 or titles:
                for r in range(r0, min(rows, r0 + per_page)):
                    y = 80.0 + (r - r0) * pitch
                    words.append(_Word(labels[r], x, x + size * len(labels[r]), y, y + size))
                x += 10 * size
            for c in range(c0, min(cols, c0 + cols_per_page)):
                for r in range(r0, min(rows, r0 + per_page)):
                    y = 80.0 + (r - r0) * pitch
                    words.append(_Word(values[r][c], x, x + size / 2 * len(values[r][c]), y, y + size))
                x += 6 * size
            pages.append(words)
    pages = [prose(0) for _ in range(draw(st.integers(0, 3)))] + pages + [prose(0) for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        rng.shuffle(pages)
    out = []
    for pno, words in enumerate(pages, 1):  # each page's number its own
        words[0] = _Word(str(pno), words[0].x0, words[0].x0 + size / 2 * len(str(pno)), words[0].top, words[0].bottom)
        out.append((pno, words, []))
    widths = {pno: 595.0 for pno, _, _ in out} if draw(st.booleans()) else None
    return out, widths


def _as_read(pages):
    """Pages as :func:`_side_by_side` takes them: each with its words as read and as joined by (the same here:
    no number wrapped in a cell)."""
    return [(pno, words, grids, words) for pno, words, grids in pages]


def _as_compared(pages):
    return [(pno, [(w.text, w.x0, w.x1, w.top, w.bottom) for w in words], grids, joined)
            for pno, words, grids, joined in pages]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sheet_pages())
def test_pages_side_by_side_as_when_every_pair_was_worked_out_from_its_words(case):
    from gongkai.readers.pdf import _side_by_side

    pages, widths = case
    assert _as_compared(_side_by_side(_as_read(pages), _HEIGHT, widths)) == _as_compared(_plain_side_by_side(pages, _HEIGHT, widths))


def test_generated_sheets_are_joined_side_by_side():
    """The generator makes pages the reader joins (the comparison above compares joins, not only pages left
    alone): a sheet of eight rows and six columns printed three columns to a page, without print titles."""
    from gongkai.readers.pdf import _side_by_side

    size, pitch = 10.5, 21.0
    left, right = [], []
    for r in range(8):
        y = 80.0 + r * pitch
        left.append(_Word(f"第{r}行标签", 72.0, 72.0 + 5 * size, y, y + size))
        for c in range(3):
            left.append(_Word(str(r + c), 180.0 + 60 * c, 186.0 + 60 * c, y, y + size))
            right.append(_Word(str(r * c), 72.0 + 60 * c, 78.0 + 60 * c, y, y + size))
    got = _side_by_side(_as_read([(1, left, []), (2, right, [])]), _HEIGHT)
    assert [(pno, joined, len(words)) for pno, words, _, joined in got] == [(1, True, len(left) + len(right))]
    assert _as_compared(got) == _as_compared(_plain_side_by_side([(1, left, []), (2, right, [])], _HEIGHT))

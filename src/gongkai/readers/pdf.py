"""PDF reader: a PDF with a text layer → :class:`RawDocument` (PDFium's character boxes, pdfplumber's geometry).

PDFs of annual reports are mostly Word/WPS exports: the tables are drawn, but the text
layer has no table structure, and a label that wraps in its cell prints on two or three
lines with the values on the middle one ("（二）部分公开（区分处理的，只计这一情" /
values / "形，不计其他情形）").  The reader works on word boxes (:mod:`.pdf_page`: PDFium reads
the page, words and ruled tables follow pdfplumber's rules) in named steps:

1. :func:`_lines_of_page` — words (``x0``, ``x1``, ``top``) are grouped into lines by their vertical
   centres, page after page; page-number lines ("- 4 -", "— 4 —") at the top or bottom of a page are
   dropped, so a table continues across a page break (a bare number only as the page's outermost line:
   a row's values whose label wraps above and below them may stand near the edge too);
2. :func:`_classify` — a *value line* ends in one or more value words (numbers, "/" marks) separated
   from the label by a gap wider than a word space; the words before them are the label, split into
   label columns by wide gaps — the rightmost column is the row's own label, the others are merged
   group cells ("（五）不", the vertical "三、本年度办理结果") and are kept as text blocks before the row;
3. :func:`_explode`, :func:`_attach_pieces` — text lines are split into label columns at wide gaps and
   where the value lines' labels start (:func:`_label_starts`: narrow unruled columns print a group cell's
   text only a little more than a space before a row's label); short one-column lines without values next to a value
   line, in the same label column, are pieces of its wrapped label: a piece that starts with an item
   number ("1、", "（二）") begins the label of the next value line, another piece joins the nearer one;
4. :func:`_use_ruled_cells` — in a table drawn with cell borders (what Word, WPS and LibreOffice
   export) the ruled grid gives the cells: each value goes to the cell it is printed in, a cell without
   value is an empty ``RawCell`` however few rows fill that column, the label is the whole text of the
   row's label cell (a label wrapped over three lines included), and a row whose value cells are all
   empty is still a row.  A value printed on a line of its own inside its cell (a cell aligned apart from
   the row's others) is that cell's value; a value at the left edge of its cell is a cell however narrow
   the gap, when a cell border lies between it and the label; a row broken across a page (LibreOffice and
   Word let a tall row run on) is one row (:func:`_join_split_rows`), a whole row a browser moved to the
   next page (the label above ends short of its cell's edge) is not.  Without borders (or where a row's values do not fall one per cell)
   :func:`_table_columns` takes the column centres of each run of value lines (a table, across pages)
   from the rows with the most values and each value goes to the nearest centre; two values nearest one
   centre are kept in order, unplaced, not shifted;
5. :func:`_unruled_labels` — in a table without drawn cells the labels are read by column from the whole
   table: its label columns from where the label area's words line up, each column's lines cut into cells
   centred on the rows' numbers (:func:`_cut_column`; labels at the top or bottom of rows higher than them,
   as Calc prints them: cells begun at item lines, :func:`_cut_column_items`), a row's label its cell in the
   rightmost column that has one; a row two cuttings explain alike gets no label;
6. :func:`_group_cells` — a merged group cell printed down a column ("三、" "本" "年" …) is joined;
7. :func:`_blocks` — other lines are prose: lines of one paragraph (a line that runs to the right
   margin and the next that is not indented) are joined into one :class:`TextBlock`.

Each row becomes ``RowBlock([label, v1, v2, …])`` (no label cell when the row has no label,
as in table 四) with ``table`` numbering the runs of value lines.  Every ratio the steps use is a
named setting of :class:`LayoutSettings` (``SETTINGS``), with what it measures.

Limits: a PDF without a text layer (a scan) raises ReadError — OCR is not supported yet;
more than ``max_pages`` pages (from the page tree, before any page is loaded), an encrypted or
damaged file raise ReadError too, in Chinese, without PDFium's internals.
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import functools
import math
import operator
import re
import statistics
from dataclasses import dataclass, field

from ..format import FORMAT_2019, FORMAT_2021
from ..report import Location
from ..textutil import clean, fold_radicals, parse_value
from . import pdf_page
from .base import RawCell, RawDocument, ReadError, RowBlock, TextBlock, collector_paused
from .ooxml import load_bytes

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(第\s*)?\d{1,4}(\s*页)?[-—–－\s]*(/\s*\d+\s*页?|[,，]?\s*共\s*\d+\s*页)?$")
_ITEM_START = re.compile(r"^\s*([（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}\s*[、.．])")


@dataclass(frozen=True)
class LayoutSettings:
    """The reader's geometric ratios, in one place (as pdfplumber's ``table_settings``).

    ``cw`` is the document's character width (the median width of a CJK character in its words), ``h`` a
    word's or line's height (its font size); distances are between word boxes in points."""

    space_gap: float = 0.25  # × cw: a gap wider than this between two words of one line prints a space
    same_size: float = 1.4  # a line whose glyphs are more than this times taller or shorter ends a paragraph
    line_overlap: float = 0.3  # × h: a word whose vertical centre is this close to a line's centre is on it
    page_edge: float = 0.12  # × page height: a line this close to the top or bottom may be a page number
    running_band: float = 0.04  # × page height: a line wholly this close to the top or bottom edge, repeated on
    #                            most pages (digits aside), is a running head or foot (a browser's print header)
    value_row_reach: float = 0.6  # × h: a text line whose centre is this close to a value row's is its label
    cell_gap: float = 0.8  # × cw: a gap at least this wide separates cells (label columns; label and values)
    label_start_reach: float = 0.3  # × cw: a word of a text line starting this close to where value lines'
    #                                own labels start (beside a group cell) begins a label column there
    piece_max_chars: int = 40  # a one-column line longer than this is prose, not a piece of a wrapped label
    column_reach: float = 1.5  # × cw: a piece starting this close to a row's label column is in that column
    piece_reach: float = 2.3  # × h: a piece this close above or below a value line may belong to it
    guess_window: int = 4  # lines before and after a label-less value line searched for its label's pieces
    row_window: int = 3  # lines before and after a piece searched for the value line it belongs to
    wrap_slack: float = 0.5  # × a digit's width: a line of digits this close to filling its drawn cell (with the next
    #                         digit) filled it, and the digits on the cell's next line are the same number's
    header_lines_max: int = 60  # lines (words of exploded lines) above an unruled table's first row looked at for its header's columns
    cell_pad: float = 0.5  # pt: a word whose centre is this far outside a drawn cell still counts as in it
    single_row: float = 6  # × cw: a drawn cell lower than this is one row high (not a merged group cell)
    split_row_reach: float = 0.3  # × cw: the cells of a row broken across a page are drawn this close on both pages
    split_label_slack: float = 2.0  # × cw: a broken row's label line on the upper page ends this close to its cell's edge
    row_height_slack: float = 0.5  # × cw: a drawn cell at most this much taller than its row's lowest is one row high
    cell_line_overlap: float = 0.5  # × h: words of one label cell whose centres are this close are one line
    # × h: a label cell's words reaching this far past its rules, or lines this much closer than a line apart,
    # are a label spilt over its row (:func:`_spilt_label_boxes`)
    label_spill: float = 0.3
    overprint_width: float = 0.78  # × em per character: a narrower word is two lines' characters interleaved
    table_gap_max_chars: int = 4  # an unattached piece this short ("本", "（三）不") does not end a table
    group_cell_max_chars: int = 12  # pieces up to this long may be a group cell printed down its column
    group_column_reach: float = 0.5  # × cw: the pieces of one group cell start this close to each other
    margin_quantile: float = 0.9  # the right margin: this quantile of the lines' right ends
    margin_reach: float = 1.5  # × cw: a line ending this close to the right margin runs on into the next
    indent: float = 0.5  # × cw: a line starting further right than the paragraph's left edge is a new one
    default_char_width: float = 10.0  # pt: the character width when no word gives one
    mark_touch: float = 0.25  # × the mark's size: a dash-like mark ("一", "—") this close to a text word on its
    #                          line is a character of that text (a glyph in a font of its own), not a cell's mark
    mark_overlap: float = 0.25  # × the lower height: such a mark and the word share this much of their heights
    mark_word_reach: float = 400.0  # pt: text words starting this far left of a mark are looked at (a word's width)
    # unruled tables, labels by column (:func:`_unruled_labels`)
    column_start_reach: float = 0.3  # × cw: words starting this close to each other start one label column
    label_reach: float = 8.0  # × h: lines this far above the first row or below the last may hold their labels
    centre_reach: float = 0.3  # × h: a label cell's lines are centred this close to its row's values
    cell_spacing: float = 0.5  # × h: lines further apart than the column's closest pitch and this are not one
    #                           cell's (paragraphs in a cell are spaced apart as cells are: .3em in a browser)
    label_lines_max: int = 16  # lines of one label cell at most
    pitch_slack: float = 0.15  # × h: lines further apart than a cell's closest pitch and this are stretched apart
    centred_least: int = 4  # words in a label area at least to tell centred labels (:func:`_column_centres`)
    indent_chars: float = 2.0  # × the table's character width: a paragraph's first-line indent in a cell


SETTINGS = LayoutSettings()
S = SETTINGS
_BY_X0 = operator.attrgetter("x0")  # sort keys: a word's (or line's) left edge
_BY_MID_X0 = operator.attrgetter("mid", "x0")  # … and a word's vertical centre, then its left edge


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    mid: float = field(init=False, repr=False, compare=False)  # the vertical centre, asked often
    # a value (a number or a not-applicable mark, :func:`_is_value_word`), asked by every pass: known from the
    # start (a word whose text changes is asked again: :func:`_join_wrapped_digits`)
    value: bool = field(init=False, repr=False, compare=False)

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float):  # the dataclass's, in one call
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.mid = (top + bottom) / 2
        self.value = _is_value_word(text)


class _once:
    """``functools.cached_property`` without its lock (Python 3.11 takes one per first access, which costs
    more than the values cached here): the value is computed on the first access and stored on the instance."""

    def __init__(self, function):
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.function(obj)
        return value


class _TextMark(_Word):
    """A dash-like glyph ("一") that is a character of the text it touches, moved onto that word's line."""

    __slots__ = ()

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float):
        _Word.__init__(self, text, x0, x1, top, bottom)
        self.value = False  # a character of the text, never a value


def _is_value(w: _Word) -> bool:
    return w.value


@dataclass
class _Line:
    page: int
    number: int  # 1-based line number on its page
    words: list[_Word]
    values: list[_Word] = field(default_factory=list)  # value lines: the value words
    label_columns: list[list[_Word]] = field(default_factory=list)
    pieces_before: list["_Line"] = field(default_factory=list)
    pieces_after: list["_Line"] = field(default_factory=list)
    attached: bool = False
    origin: int | None = None  # a column piece of a wider text line: that line's id
    guess_x0: float | None = None  # a value line without own label: the label column its pieces are in
    cell_values: list[str] | None = None  # a row of a ruled table: its value cells, "" for a blank one
    cell_label: str = ""  # … and the text of its label cell (all lines of a wrapped label)
    cell_label_words: set = field(default_factory=set)  # ids of the words in that label cell
    # … of a grid that draws only its value cells (no label cell: a browser's table whose label cells have no
    # border): the label is the line's own, as in an unruled table
    label_outside: bool = False
    column_label: str | None = None  # a row of an unruled table: its label read by columns (:func:`_unruled_labels`)
    in_table: bool = False  # a text line (a group cell's, a label's not placed) amid the rows of an unruled table

    # a line's words never change once it is made: its geometry is computed once
    @_once
    def top(self) -> float:
        return min([w.top for w in self.words])

    @_once
    def x0(self) -> float:
        return min([w.x0 for w in self.words])

    @_once
    def x1(self) -> float:
        return max([w.x1 for w in self.words])

    @_once
    def text(self) -> str:
        return "".join([w.text for w in self.words])

    @_once
    def height(self) -> float:
        words = self.words
        if len(words) == 1:  # most lines are one word: its height (statistics.median's value, without the call)
            return words[0].bottom - words[0].top
        return _median([w.bottom - w.top for w in words])

    @property
    def is_value_line(self) -> bool:
        return bool(self.values) or self.cell_values is not None

    @property
    def label_x0(self) -> float | None:
        if self.pieces_before:
            return self.pieces_before[0].x0
        if self.label_columns:
            return self.label_columns[-1][0].x0
        if self.pieces_after:
            return self.pieces_after[0].x0
        return self.guess_x0

    def location(self, source: str) -> Location:
        return Location(source=source, page=self.page, where=f"第{self.number}行")


def _median(xs: list[float]) -> float:
    """``statistics.median`` of a non-empty list, the same value (the middle one, or the mean of the middle two
    as ``(a + b) / 2``) without its generic checks."""
    xs = sorted(xs)
    n = len(xs)
    if n == 0:
        return statistics.median(xs)  # its error
    if n % 2:
        return xs[n // 2]
    return (xs[n // 2 - 1] + xs[n // 2]) / 2


def _char_width(words: list[_Word]) -> float:
    sizes = [(w.x1 - w.x0) / len(w.text) for w in words if len(w.text) >= 2 and not w.text.isascii()]
    if not sizes:
        sizes = [w.bottom - w.top for w in words] or [S.default_char_width]
    return statistics.median(sizes)


def _join_words(words: list[_Word], cw: float) -> str:
    """The words of a line as text, a space where the gap between two is wider than ``space_gap`` × the
    character width: the page's (``cw``), or between two Chinese characters the larger of it and the two
    words' own — PDFium's boxes are the glyphs' ink, and a title set large leaves gaps between its characters'
    ink that are gaps of a body-text size ("东川省 自然资源厅")."""
    out = ""
    prev = None
    for w in words:
        if prev is not None and w.x0 - prev.x1 > S.space_gap * cw and (
                not (_is_cjk(prev.text[-1]) and _is_cjk(w.text[0])) or _large_gap(prev, w, cw)):
            out += " "
        out += w.text
        prev = w
    return clean(out)


def _large_gap(a: _Word, b: _Word, cw: float) -> bool:
    """True when the gap between two words of characters set larger than the page's (by ``same_size``) is
    wider than ``space_gap`` of their own width; for characters of the page's size, True (the gap was
    already measured against ``cw``)."""
    own = max((a.x1 - a.x0) / len(a.text), (b.x1 - b.x0) / len(b.text))
    return own <= S.same_size * cw or b.x0 - a.x1 > S.space_gap * own


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@functools.lru_cache(maxsize=8192)
def _is_value_word(text: str) -> bool:
    # (digits with commas that are no thousands separators: a line of a number wrapped in its cell, "2,75" over
    # "7", or two cells' numbers run together — a value word, whose cell parse_value leaves unread unless joined)
    return parse_value(text)[0] in ("number", "not_applicable") or bool(_COMMA_DIGITS.match(text))


_COMMA_DIGITS = re.compile(r"^[0-9０-９][0-9０-９,，]*[,，][0-9０-９,，]*$")


@functools.lru_cache(maxsize=8192)
def _word_kind(text: str) -> int:
    """0 for a text word, 1 for a value word with a digit, 2 for a value word without one (a mark: "—", "/")."""
    if not _is_value_word(text):
        return 0
    return 1 if any(ch.isdigit() for ch in text) else 2


def _columns(words: list[_Word], cw: float, starts: tuple[float, ...] = ()) -> list[list[_Word]]:
    """Words split at gaps of a cell's width, and at a narrower gap where a word starts at one of ``starts``
    (where the value lines' own labels start: a label column narrow and unruled, the group cell's text
    beside it a little more than a space away)."""
    columns: list[list[_Word]] = []
    space, cell, reach = S.space_gap * cw, S.cell_gap * cw, S.label_start_reach * cw
    sorted_starts = all(x == x for x in starts)  # sorted as _label_starts gives them (no NaN to disorder them)
    for w in words:
        gap = w.x0 - columns[-1][-1].x1 if columns else 0.0
        at_start = gap > space and (_near_any(w.x0, starts, reach) if sorted_starts
                                    else any(abs(w.x0 - x) <= reach for x in starts))
        if columns and gap < cell and not at_start:
            columns[-1].append(w)
        else:
            columns.append([w])
    return columns


def _near_any(x: float, ascending: tuple[float, ...], reach: float) -> bool:
    """Whether one of ``ascending`` (sorted) lies within ``reach`` of ``x``: those near it (bisected, with a
    margin beyond rounding) are asked as ``abs(x - start) <= reach``."""
    if not ascending:
        return False
    lo = bisect.bisect_left(ascending, x - reach - _MARGIN)
    hi = bisect.bisect_right(ascending, x + reach + _MARGIN)
    return any(abs(x - s) <= reach for s in ascending[lo:hi])


def _label_starts(lines: list[_Line], cw: float) -> dict[int, tuple[float, ...]]:
    """Per page, where the own labels of its value lines start (their rightmost label column's first word),
    those at least two lines share (within ``label_start_reach``): the starts of the label columns."""
    xs: dict[int, list[float]] = {}
    for line in lines:
        if line.values and line.label_columns:
            xs.setdefault(line.page, []).append(line.label_columns[-1][0].x0)
    out = {}
    for page, found in xs.items():
        found.sort()
        out[page] = tuple(x for k, x in enumerate(found)
                          if (k and x - found[k - 1] <= S.label_start_reach * cw)
                          or (k + 1 < len(found) and found[k + 1] - x <= S.label_start_reach * cw))
    return out


def _cluster(words: list[_Word]) -> list[list[_Word]]:
    """Words on one line: vertical centres within ``line_overlap`` of the word height of the line's centre."""
    groups: list[list[_Word]] = []
    mids: list[float] = []  # the last group's words' centres (their mean by fsum, as the group grows)
    heights: list[float] = []  # … and their heights, sorted (their median without sorting again)
    reach = S.line_overlap
    for w in sorted(words, key=_BY_MID_X0):
        wh = w.bottom - w.top
        h = wh if wh > 1.0 else 1.0  # max(1.0, wh), without the call (a NaN: 1.0, as max gives)
        mid = w.mid
        if groups:
            n = len(heights)
            gh = heights[n // 2] if n % 2 else (heights[n // 2 - 1] + heights[n // 2]) / 2  # statistics.median
            if abs(mid - math.fsum(mids) / n) <= reach * (gh if gh < h else h):  # min(h, gh)
                groups[-1].append(w)
                mids.append(mid)
                bisect.insort(heights, wh)
                continue
        groups.append([w])
        mids = [mid]
        heights = [wh]
    return groups


def _near_page_edge(top: float, bottom: float, height: float) -> bool:
    return min(top, height - bottom) < S.page_edge * height


def _page_number_at_edge(words: list[_Word], height: float) -> bool:
    if not _near_page_edge(min(w.top for w in words), max(w.bottom for w in words), height):
        return False
    text = "".join(w.text for w in sorted(words, key=_BY_X0))
    # only a decorated number ("- 5 -", "第 5 页"): a bare number at the page's foot may be a row's value
    return bool(re.search(r"[-—–－页]", text)) and bool(_PAGE_NUMBER.match(text))


_MARGIN = 1e-6  # pt: more than floating-point rounding moves a centre, far less than any reach


def _label_line_for(row: list[_Word], text_lines: list[list[_Word]], centres: list[float],
                    used: set[int], ordered: bool = False) -> int | None:
    """The text line a run of values belongs to: among the lines level with it, the one nearest the values
    on their left (a merged group cell centred between two rows sits a few points off both)."""
    mid = math.fsum(w.mid for w in row) / len(row)
    h = _median([w.bottom - w.top for w in row])
    first = min(w.x0 for w in row)
    reach = S.value_row_reach * h
    lo, hi = 0, len(centres)
    if ordered:  # the centres ascend: only those near ``mid`` are asked (a margin beyond any rounding)
        lo = bisect.bisect_left(centres, mid - reach - _MARGIN)
        hi = bisect.bisect_right(centres, mid + reach + _MARGIN)
    cands = [i for i in range(lo, hi) if i not in used and abs(centres[i] - mid) <= reach]
    left = [i for i in cands if max(w.x1 for w in text_lines[i]) <= first]
    if left:
        return max(left, key=lambda i: (max(w.x1 for w in text_lines[i]), -abs(centres[i] - mid)))
    if cands:
        return min(cands, key=lambda i: abs(centres[i] - mid))
    return None


def _lines_of_page(words: list[_Word], page: int, height: float, sheet: bool = False) -> list[_Line]:
    """Lines of a page.  Text words and value words are clustered apart, then each run of values
    joins the text line level with it (:func:`_label_line_for`).  ``sheet``: a spreadsheet's pages printed side
    by side (:func:`_side_by_side`), whose cells never wrap a number (a spreadsheet prints "###"): numbers one
    over another are its rows, however close."""
    is_value = [w.value for w in words]
    stacked = set() if sheet else _stacked_digits([w for w, v in zip(words, is_value) if v], [w for w, v in zip(words, is_value) if not v])
    if stacked:  # digits of numbers wrapped in narrow cells without rules: no value of any cell, left unread
        words = [_TextMark(w.text, w.x0, w.x1, w.top, w.bottom) if id(w) in stacked else w for w in words]
        is_value = [v and id(w) not in stacked for w, v in zip(words, is_value)]
    text_lines = _cluster([w for w, v in zip(words, is_value) if not v])
    value_rows = _cluster([w for w, v in zip(words, is_value) if v])
    centres = [math.fsum(w.mid for w in tl) / len(tl) for tl in text_lines]
    ordered = all(a <= b for a, b in zip(centres, centres[1:]))  # as _cluster makes them (lines by centre)
    used: set[int] = set()
    groups: list[list[_Word]] = []
    for row in value_rows:
        if _page_number_at_edge(row, height):
            continue  # a footer "- 5 -" / "第 5 页": never a row's values, never joined to a label
        best = _label_line_for(row, text_lines, centres, used, ordered)
        if best is None:
            groups.append(list(row))
            continue
        used.add(best)
        groups.append(text_lines[best] + list(row))
    groups += [tl for i, tl in enumerate(text_lines) if i not in used]
    groups.sort(key=lambda g: min(w.top for w in g))
    lines = []
    for k, g in enumerate(groups):
        g.sort(key=_BY_X0)
        if _near_page_edge(g[0].top, g[0].bottom, height) and _PAGE_NUMBER.match("".join(w.text for w in g)) \
                and not _values_near_edge(groups, k, height):
            continue
        lines.append(_Line(page, len(lines) + 1, g))
    return lines


STACKED_PITCH = 1.5  # × a digit's height: digits one over another closer than this may be lines of one number


def _stacked_digits(values: list[_Word], texts: list[_Word]) -> set[int]:
    """Ids of the digit words one over another in a column, closer than ``STACKED_PITCH`` lines, one of them level
    with no text (no label of its own): the digits of numbers wrapped in cells too narrow for them (one or two
    digits a line), in a table without drawn rules — which lines make one number, and which number is whose
    row, cannot be told (a row's label stands level with one of its lines), so none of them is read as a cell.
    Rows of a table each have their label level with their values, or wrapped over lines apart more than that;
    drawn cells join their wrapped numbers before this (:func:`_join_wrapped_digits`)."""
    digits = sorted((w for w in values if w.text.isdigit() or any(ch.isdigit() for ch in w.text)), key=_BY_X0)
    if len(digits) < 2:
        return set()
    mids = sorted(w.mid for w in texts)

    def alone(w: _Word) -> bool:  # no text word's centre level with it
        k = bisect.bisect_left(mids, w.mid - 0.4 * (w.bottom - w.top))
        return k == len(mids) or mids[k] > w.mid + 0.4 * (w.bottom - w.top)

    out: set[int] = set()
    # (x0, x1, centre, height, word), by x0: a column's numbers all overlap, so each pair of them is asked — first
    # whether their centres lie within STACKED_PITCH of a's height (a pair further apart fails the test below,
    # whose h is at most a's height)
    boxes = [(w.x0, w.x1, w.mid, w.bottom - w.top, w) for w in digits]
    n = len(boxes)
    for i, (ax0, ax1, amid, ha, a) in enumerate(boxes):
        reach = STACKED_PITCH * ha
        for k in range(i + 1, n):
            bx0, bx1, bmid, hb, b = boxes[k]
            if bx0 >= ax1:
                break
            if not -reach < amid - bmid < reach:
                continue
            h = min(ha, hb)
            overlap = min(ax1, bx1) - bx0
            if h > 0 and overlap > 0.5 * min(ax1 - ax0, bx1 - bx0) \
                    and 0.5 * h < abs(amid - bmid) < STACKED_PITCH * h and (alone(a) or alone(b)):
                out.update((id(a), id(b)))
    return out


def _values_near_edge(groups: list[list[_Word]], k: int, height: float) -> bool:
    """Whether the line ``groups[k]`` near a page's edge that reads as a page number is a table row's bare
    values instead: several numbers apart ("3  0  0", a row whose label wraps above and below them), or one
    number with another line between it and the edge (a footer "- 2 -" or a running head beyond it)."""
    g = groups[k]
    if any(re.search(r"[-—–－页第]", w.text) for w in g):
        return False  # a decorated page number
    if len(g) > 1:
        return True
    top = g[0].top < height / 2
    beyond = groups[:k] if top else groups[k + 1:]
    return bool(beyond)


def _marks_in_text(words: list[_Word]) -> list[_Word]:
    """The page's words, each dash-like mark that touches a text word on its line ("一" of "一、本年新收" or
    "只计这一情形" when a browser prints it in a fallback font: a word of its own, its box lower than its
    neighbours') made a :class:`_TextMark` on that word's line; a mark standing apart stays a value."""
    marks: list[_Word] = []
    text: list[_Word] = []
    for w in words:  # (one look-up per word: text, a number, or a mark)
        kind = _word_kind(w.text)
        if kind == 2:
            marks.append(w)
        elif kind == 0:
            text.append(w)
    if not marks:
        return words
    text.sort(key=_BY_X0)
    starts = [w.x0 for w in text]
    moved: dict[int, _Word] = {}
    for m in marks:
        reach = S.mark_touch * max(m.x1 - m.x0, m.bottom - m.top)
        lo = bisect.bisect_left(starts, m.x0 - S.mark_word_reach)
        hi = bisect.bisect_right(starts, m.x1 + reach)
        for w in text[lo:hi]:
            level = min(w.bottom, m.bottom) - max(w.top, m.top) >= S.mark_overlap * min(w.bottom - w.top,
                                                                                      m.bottom - m.top)
            if level and (0 <= w.x0 - m.x1 <= reach or 0 <= m.x0 - w.x1 <= reach):
                moved[id(m)] = _TextMark(m.text, m.x0, m.x1, w.top, w.bottom)
                break
    return [moved.get(id(w), w) for w in words]


def _ruled_apart(a: _Word, b: _Word, grids: list[_Grid]) -> bool:
    """Whether ``b`` (right of ``a`` on its line) is printed in a drawn cell that begins after ``a`` ends: a
    cell border between them, however narrow the gap (a value printed at the left edge of its cell)."""
    mid = (b.top + b.bottom) / 2
    centre = (b.x0 + b.x1) / 2
    pad = S.cell_pad
    for grid in grids:
        lefts, boxes = grid.by_left()
        for box in boxes[bisect.bisect_left(lefts, a.x1 - pad):bisect.bisect_right(lefts, centre + pad)]:
            if box[1] - pad <= mid <= box[3] + pad and centre <= box[2] + pad:
                return True
    return False


def _classify(line: _Line, cw: float, grids: list[_Grid] = ()) -> None:
    """Split a line into label columns and trailing value words (value lines only)."""
    words = line.words
    k = len(words)
    while k > 0 and _is_value(words[k - 1]):
        k -= 1
    if k == len(words):
        return
    if k > 0 and words[k].x0 - words[k - 1].x1 < S.cell_gap * cw and not _ruled_apart(words[k - 1], words[k], grids):
        return  # a number closing a sentence ("…共计 95"), not a cell
    line.values = words[k:]
    line.label_columns = _columns(words[:k], cw)


_SENTENCE = re.compile(r"[0-9０-９]\s*件|。")


def _values_at_value_columns(lines: list[_Line], cw: float) -> None:
    """A line whose numbers follow its label closer than a cell's gap is a row all the same when each of them
    stands where the numbers of other rows stand (their left edges, centres or right edges, as the table
    aligns them, shared with two value lines; with one when the line has several numbers): a label filling a
    narrow unruled column, the values printed from their cells' left edge.  A sentence ending in a number
    ("…共计 95") stands nowhere in particular and stays text (:func:`_classify`)."""
    reach = S.column_start_reach * cw
    x0s: list[float] = []
    mids: list[float] = []
    x1s: list[float] = []
    for line in lines:  # the table's columns stand where they stood on the pages before and after
        for w in line.values:
            x0s.append(w.x0)
            mids.append((w.x0 + w.x1) / 2)
            x1s.append(w.x1)
    if not x0s:
        return
    for found in (x0s, mids, x1s):
        found.sort()

    def shared(found: list[float], x: float, least: int) -> bool:
        return bisect.bisect_right(found, x + reach) - bisect.bisect_left(found, x - reach) >= least

    for line in lines:
        if line.is_value_line:
            continue
        words = line.words
        k = len(words)
        while k > 0 and _is_value(words[k - 1]):
            k -= 1
        if k == len(words) or k == 0:
            continue
        if _SENTENCE.search("".join(w.text for w in words[:k])):
            continue  # a count ("申请5118件，上年结转87" ⏎ "件，…") or a full stop before it: a sentence, never a label
        least = 1 if len(words) - k >= 2 else 2  # several numbers each under another row's: one row shows it
        if all(shared(x0s, w.x0, least) or shared(mids, (w.x0 + w.x1) / 2, least) or shared(x1s, w.x1, least)
               for w in words[k:]):
            line.values = words[k:]
            line.label_columns = _columns(words[:k], cw)


def _is_piece(line: _Line, cw: float) -> bool:
    """A short one-column line: a candidate piece of a wrapped label or a merged group cell."""
    words = line.words
    if not words or line.values or line.cell_values is not None or len(line.text) > S.piece_max_chars:
        return False
    gap = S.cell_gap * cw
    end = words[0].x1
    for w in words[1:]:
        if w.x0 - end >= gap:
            return False
        end = w.x1
    return True


def _explode(lines: list[_Line], cw: float) -> list[_Line]:
    """Split text lines with several label columns ("本年  （二）部分公开（区分处理的，只计") into one
    pseudo line per column, so each column's piece can join its own label; ``origin`` lets
    the pieces that join nothing print again as the one line they were."""
    out: list[_Line] = []
    starts = _label_starts(lines, cw)
    for line in lines:
        if line.is_value_line:
            out.append(line)
            continue
        columns = _columns(line.words, cw, starts.get(line.page, ()))
        if len(columns) == 1 or any(len("".join(w.text for w in c)) > S.piece_max_chars for c in columns):
            out.append(line)
            continue
        out += [_Line(line.page, line.number, c, origin=id(line)) for c in columns]
    return out


def _same_column(piece: _Line, row: _Line, cw: float) -> bool:
    if row.values and piece.x1 > row.values[0].x0:
        return False
    x0 = row.label_x0
    return x0 is None or abs(piece.x0 - x0) <= S.column_reach * cw


def _distance(a: _Line, b: _Line, page_height: float) -> float:
    return abs((a.page * page_height + a.top) - (b.page * page_height + b.top))


def _guess_label_columns(lines: list[_Line], pieces: list[bool]) -> None:
    """A value line printed without its label (the label wraps above and below it): its label column is the
    rightmost column of the pieces around it — the group columns lie further left."""
    for i, row in enumerate(lines):
        if not row.is_value_line or row.label_columns:
            continue
        lo, hi = max(0, i - S.guess_window), i + S.guess_window + 1
        near = [p for k, p in enumerate(lines[lo:hi], lo) if p is not row and p.page == row.page and pieces[k]
                and p.x1 <= row.values[0].x0 and abs(p.top - row.top) <= S.piece_reach * p.height]
        if near:
            row.guess_x0 = max(p.x0 for p in near)


def _attach_pieces(lines: list[_Line], cw: float, page_height: float) -> None:
    """Pieces of wrapped labels join the value line they belong to (``pieces_before``/``pieces_after``)."""
    pieces = [_is_piece(line, cw) for line in lines]
    if not any(pieces):
        return
    _guess_label_columns(lines, pieces)
    # the nearest value line before and after each line (attaching pieces makes no line a value line)
    window = S.row_window
    before: list[int] = []
    last = -1
    for j, line in enumerate(lines):
        before.append(last)
        if line.is_value_line:
            last = j
    after: list[int] = [0] * len(lines)
    last = -1
    for j in range(len(lines) - 1, -1, -1):
        after[j] = last
        if lines[j].is_value_line:
            last = j
    for i, line in enumerate(lines):
        if not pieces[i]:
            continue
        # the nearest value lines within ``row_window`` before and after
        j = before[i]
        prev = lines[j] if j >= 0 and j >= i - window else None
        j = after[i]
        nxt = lines[j] if j >= 0 and j <= i + window else None
        limit = S.piece_reach * line.height

        def near(row):
            return row is not None and row.page == line.page and _distance(line, row, page_height) <= limit

        if _ITEM_START.match(line.text):
            own = nxt.label_columns[-1] if nxt is not None and nxt.label_columns else []
            starts = own and _ITEM_START.match("".join(w.text for w in own))
            if near(nxt) and not starts and not nxt.pieces_before and _same_column(line, nxt, cw) \
                    and nxt.top > line.top:
                nxt.pieces_before.append(line)
                line.attached = True
            continue
        options = [r for r in (prev, nxt) if near(r) and _same_column(line, r, cw)]
        if not options:
            continue
        row = min(options, key=lambda r: (_distance(line, r, page_height), r is nxt))
        if row.top < line.top or row.page < line.page:
            row.pieces_after.append(line)
        else:
            row.pieces_before.append(line)
        line.attached = True


@dataclass
class _Grid:
    """A ruled table (its drawn cell borders): per row the cell boxes by column (None where a merged cell
    covers the position), ``label_end`` the last column that holds label text in a row with values (value
    columns are those to its right), ``words`` the words inside it."""

    rows: list[list[tuple | None]]
    label_end: int
    words: list[_Word]

    def __post_init__(self):
        self._cells: dict[tuple, list[_Word]] = {}
        self._columns: dict[tuple, dict[int, int]] = {}
        self._rows_of: dict[int, int] | None = None
        self._by_left: tuple[list[float], list[tuple]] | None = None
        words = self.words
        mids = [w.mid for w in words]
        self._order = order = sorted(range(len(words)), key=mids.__getitem__)  # by vertical centre
        self._mids = [mids[k] for k in order]
        self._centres = [(words[k].x0 + words[k].x1) / 2 for k in order]  # horizontal centres (as _inside's)
        self._bands: dict[tuple, tuple[tuple, tuple]] = {}  # (top, bottom) → centres, words by centre

    def inside(self, box: tuple) -> list[_Word]:
        """The table's words inside ``box`` (in the table's word order), looked up by vertical centre."""
        got = self._cells.get(box)
        if got is None:
            pad = S.cell_pad
            # :func:`_inside`: the vertical test is a slice of the words by vertical centre, the horizontal one
            # a slice of that band's words by horizontal centre (the cells of a row share their band)
            band = self._bands.get((box[1], box[3]))
            if band is None:
                lo = bisect.bisect_left(self._mids, box[1] - pad)
                hi = bisect.bisect_right(self._mids, box[3] + pad)
                pairs = sorted(zip(self._centres[lo:hi], self._order[lo:hi]))
                band = self._bands[(box[1], box[3])] = tuple(zip(*pairs)) or ((), ())  # centres, words by centre
            xs, ks = band
            left, right = box[0] - pad, box[2] + pad
            held = ks[bisect.bisect_left(xs, left):bisect.bisect_right(xs, right)]
            if len(held) > 1:
                held = sorted(held)  # the table's word order
            words = self.words
            got = self._cells[box] = [words[k] for k in held]
        return got

    def by_left(self) -> tuple[list[float], list[tuple]]:
        """The drawn cells sorted by their left edge, and those edges (to find the cells starting in a span)."""
        if self._by_left is None:
            boxes = sorted((b for cells in self.rows for b in cells if b is not None), key=lambda b: b[0])
            self._by_left = ([b[0] for b in boxes], boxes)
        return self._by_left

    def rows_holding(self, cw: float) -> dict[int, int]:
        """Word id → the rows one of whose one-row cells holds the word, as a bit mask (bit ``i``: row ``i``)."""
        if self._rows_of is None:
            rows_of: dict[int, int] = {}
            get = rows_of.get
            for i, cells in enumerate(self.rows):
                heights = [b[3] - b[1] for b in cells if b is not None]
                lowest = min(heights) + S.row_height_slack * cw if len(heights) >= 2 else None  # :func:`_single_of`
                bit = 1 << i
                for b in cells:
                    if b is not None and (b[3] - b[1] <= lowest if lowest is not None
                                          else b[3] - b[1] < S.single_row * cw):
                        for w in self.inside(b):
                            rows_of[id(w)] = get(id(w), 0) | bit
            self._rows_of = rows_of
        return self._rows_of

    def value_column(self, r: int, value_cols: list[int]) -> dict[int, int]:
        """Word id → the first of the value columns ``value_cols`` of row ``r`` whose cell holds the word."""
        key = (r, tuple(value_cols))
        got = self._columns.get(key)
        if got is None:
            got = self._columns[key] = {}
            for k in value_cols:
                for w in self.inside(self.rows[r][k]):
                    got.setdefault(id(w), k)
        return got


def _inside(w: _Word, box: tuple, pad: float | None = None) -> bool:
    pad = S.cell_pad if pad is None else pad
    x = (w.x0 + w.x1) / 2
    y = (w.top + w.bottom) / 2
    return box[0] - pad <= x <= box[2] + pad and box[1] - pad <= y <= box[3] + pad


def _without_frames(tables: list, edges: list[list]) -> list:
    """The page's ruled tables without frames: a "table" one of whose cells holds a whole cell of another table
    is a box drawn around or behind that table (a web page's content area or background fill printed by a
    browser, a page border, a layout table around the data table), not a row of cells — taken as one, its
    page-high cell swallows the real table's rows.  The frame's own edges (each a whole side of one of its
    cells) are left out and the tables found again: a frame side crossing the table would cut its cells.  The
    frame's words are read as text outside any grid."""
    if len(tables) < 2:
        return tables
    pad = S.cell_pad

    def holds(b: tuple, u) -> bool:
        x0, top, x1, bottom = u.bbox
        if x1 < b[0] or x0 > b[2] or bottom < b[1] or top > b[3]:
            return False
        return any(b[0] - pad <= c[0] and c[2] <= b[2] + pad and b[1] - pad <= c[1] and c[3] <= b[3] + pad
                   for c in u.cells)

    frames = [t for i, t in enumerate(tables)
              if any(holds(b, u) for b in t.cells for j, u in enumerate(tables) if j != i)]
    if not frames:
        return tables
    near = pdf_page.INTERSECTION_TOLERANCE
    sides = []  # (orientation, fixed coordinate, start, end) of every frame cell's side
    for t in frames:
        for x0, top, x1, bottom in t.cells:
            sides += [("h", top, x0, x1), ("h", bottom, x0, x1), ("v", x0, top, bottom), ("v", x1, top, bottom)]

    def frame_edge(e: list) -> bool:
        at, lo, hi = (e[1], e[0], e[2]) if e[6] == "h" else (e[0], e[1], e[3])
        return any(o == e[6] and abs(at - c) <= near and lo <= a + near and hi >= b - near
                   for o, c, a, b in sides)

    kept = [e for e in edges if not frame_edge(e)]
    return [t for t in pdf_page.ruled_tables(kept) if t not in frames] if len(kept) < len(edges) else \
        [t for t in tables if t not in frames]


def _open_sides_closed(edges: list[list], merged: list[list] | None = None) -> list[list]:
    """``edges`` with the outer border of a grid drawn without it (lines drawn one by one, the outer ones left
    out: issue 11): where two or more of the rules between the rows end at one x, the rows between them ruled
    into columns (a column rule runs from each to the next), their ends are the table's side — a vertical edge
    there, from the top to the bottom of the column rules crossing them; likewise the column rules' ends are its
    top and bottom.  Without it the grid lacks its first and last columns (a total column, its cells outside
    the grid) and its first and last rows.  A side already drawn is left as it is; rules with no line across
    them (a three-line table) close nothing, nor do two tables' rules ending at one x join the tables.
    ``merged``: :func:`pdf_page.merged_edges` of ``edges`` when the caller has them already.  ``edges`` itself
    (the same list) when no side is added."""
    if not edges:
        return edges
    if merged is None:
        merged = pdf_page.merged_edges(edges)
    h = [e for e in merged if e[6] == "h"]
    v = [e for e in merged if e[6] == "v"]
    if len(h) < 2 or len(v) < 2:
        return edges
    near = pdf_page.INTERSECTION_TOLERANCE
    added: list[list] = []
    # (the rules whose ends may make a side, the lines across them, the rules' coordinates: their position,
    # their start and end along themselves; the across lines' likewise) — the top and bottom first, then the
    # sides and the top and bottom again: a table of two rows has one rule between them, the sides end the
    # top, the bottom and it; a table of two columns likewise
    for rules, across, (at_k, s_k, e_k), (c_at, c_s, c_e), o in ((v, h, (0, 1, 3), (1, 0, 2), "h"),
                                                                   (h, v, (1, 0, 2), (0, 1, 3), "v"),
                                                                   (v, h, (0, 1, 3), (1, 0, 2), "h")):
        at_index: dict[int, list[list]] = {}  # the across lines by their rounded position
        for c in across:
            at_index.setdefault(round(c[c_at]), []).append(c)
        rule_index: dict[int, list[list]] = {}  # the rules likewise
        for c in rules:
            rule_index.setdefault(round(c[at_k]), []).append(c)

        def free(r: list, end: int) -> bool:  # no drawn line at the rule's end (a merged cell's side is one)
            x = r[end]
            return not any(abs(c[c_at] - x) <= near and c[c_s] - near <= r[at_k] <= c[c_e] + near
                           for k in range(round(x) - 4, round(x) + 5) for c in at_index.get(k, ()))

        def free_across(c: list, end: int) -> bool:  # :func:`free` for a line across the rules
            x = c[end]
            return not any(abs(r[at_k] - x) <= near and r[s_k] - near <= c[c_at] <= r[e_k] + near
                           for k in range(round(x) - 4, round(x) + 5) for r in rule_index.get(k, ()))

        for end in (s_k, e_k):
            ends = sorted((e for e in rules if free(e, end)), key=lambda e: e[end])
            groups: list[list[list]] = []
            for e in ends:
                if groups and e[end] - groups[-1][-1][end] <= near:
                    groups[-1].append(e)
                else:
                    groups.append([e])
            for group in groups:
                if len(group) < 2:
                    continue
                at = _median([e[end] for e in group])
                group.sort(key=lambda e: e[at_k])
                runs: list[list[list]] = [[group[0]]]  # the rules one table rules: a column rule joins each pair
                for a, b in zip(group, group[1:]):
                    if any(a[s_k] + near < c[c_at] < a[e_k] - near and b[s_k] + near < c[c_at] < b[e_k] - near
                           and c[c_s] <= a[at_k] + near and c[c_e] >= b[at_k] - near for c in across):
                        runs[-1].append(b)
                    else:
                        runs.append([b])
                for run in runs:
                    if len(run) < 2:
                        continue
                    lo, hi = run[0][at_k], run[-1][at_k]
                    crossing = [c for c in across if c[c_s] <= hi + near and c[c_e] >= lo - near
                                and any(r[s_k] + near < c[c_at] < r[e_k] - near for r in run)]
                    # to the free ends of the lines across (a frame's line, ending at its drawn sides, is no rule)
                    lo = min([lo] + [c[c_s] for c in crossing if free_across(c, c_s)])
                    hi = max([hi] + [c[c_e] for c in crossing if free_across(c, c_e)])
                    if any(abs(c[c_at] - at) <= near and c[c_s] <= lo + near and c[c_e] >= hi - near for c in across):
                        continue  # the side is drawn
                    side = [at, lo, at, hi, 0.0, hi - lo, "v"] if o == "v" else [lo, at, hi, at, hi - lo, 0.0, "h"]
                    added.append(side)
                    across.append(side)
    return edges + added if added else edges


def _ruled_tables(tables: list, words: list[_Word]) -> list[_Grid]:
    """The page's tables drawn with cell borders (pdfplumber's line strategy on PDFium's edges)."""
    grids = []
    for table in tables:
        x0, top, x1, bottom = table.bbox
        pad = S.cell_pad
        x0, top, x1, bottom = x0 - pad, top - pad, x1 + pad, bottom + pad  # :func:`_inside`, inlined
        grid = _Grid([list(r.cells) for r in table.rows], -1,
                     [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom])
        for cells in grid.rows:
            boxes = [(k, b) for k, b in enumerate(cells) if b is not None]
            own = [grid.inside(b) for _, b in boxes]
            if not any(w.value for ws in own for w in ws):
                continue  # a header or caption row
            for (k, _), ws in zip(boxes, own):
                if not all(w.value for w in ws):
                    grid.label_end = max(grid.label_end, k)
        grids.append(grid)
    return grids


_TRAILING_DIGITS = re.compile(r"^(.*\D)(\d+)$")
#: the header of a column that only numbers a table's rows (base.without_row_numbers)
_COUNT_HEADERS = frozenset({"序号", "编号", "行次", "行号"})


def _row_counts(grids: list[_Grid], before: int | None) -> tuple[set[int], int | None]:
    """The words of a ruled table's first column when it only numbers the rows: every cell (under a header cell
    "序号", if any) holds one whole number, the next after the one above (a row may hold none: a subtotal row),
    from 1 under the header over at least three rows, or on a page's first table going on from the page
    before's last number ``before``.  Read as cells they would be the rows' first values (a row with a blank cell then read one column
    off).  Returns their ids (and the header's) and the last number when the page's last table ends counting."""
    out: set[int] = set()
    last = None
    for g, grid in enumerate(grids):
        column = [grid.inside(cells[0]) for cells in grid.rows if cells and cells[0] is not None]
        texts = ["".join(w.text for w in ws) for ws in column]
        head = next((k for k, t in enumerate(texts) if t in _COUNT_HEADERS), None)
        start = head + 1 if head is not None else 0
        going_on = before + 1 if g == 0 and before is not None else None  # (the header printed again on a page)
        numbers = [t for t in texts[start:] if t]
        if not numbers or not all(t.isascii() and t.isdigit() for t in numbers):
            last = None
            continue
        expect = int(numbers[0])
        if (expect != going_on and not (head is not None and expect == 1)) \
                or [int(t) for t in numbers] != list(range(expect, expect + len(numbers))) \
                or (expect == 1 and len(numbers) < 3) or any(len(ws) > 1 for ws in column[start:]):
            last = None
            continue
        out.update(id(w) for ws in column for w in ws)
        last = int(numbers[-1])
    return out, (last if grids and last is not None else None)


def _split_at_borders(words: list[_Word], tables: list) -> list[_Word] | None:
    """A label that fills its drawn cell to the border, the number of the next cell printed right after the
    border ("3.危及“三安全一稳定”51": PDFium's word runs across the rule, no gap between the glyphs): the word is cut
    at the cell border — when its trailing digits, at a digit's width (half the text's height) each, are
    what stands right of the border — into the label (its cell) and the number (the next cell).  None when
    no word is cut.

    Each word asks only the borders whose x lies strictly inside the span it tests (:class:`_Borders`), in
    the borders' own order: the same borders, the same first one, as a scan of them all."""
    if not tables:
        return None
    borders = _Borders([(c[0], c[1], c[3]) for t in tables for c in t.cells])
    out, cut = [], False
    for w in words:
        text = w.text
        if not (text[-1:].isdigit() or text[-1:] in ",，.．\n"):  # neither a label run into digits nor a number
            out.append(w)
            continue
        m = _TRAILING_DIGITS.match(text)
        if m is not None and not m.group(1)[-1].isdigit() and not m.group(1)[-1] in ".,，．":
            h = w.bottom - w.top
            digits = len(m.group(2)) * h / 2
            at = next((x for x, top, bottom in borders.within(w.x0 + h / 2, w.x1 - h / 4)
                       if w.x0 + h / 2 < x < w.x1 - h / 4 and top <= w.mid <= bottom
                       and abs((w.x1 - x) - digits) <= h * 0.6), None)
            if at is not None:
                out += [_Word(m.group(1), w.x0, at - 0.5, w.top, w.bottom),
                        _Word(m.group(2), at + 0.5, w.x1, w.top, w.bottom)]
                cut = True
                continue
        if len(text) > 1 and _NUMBER_WORD.match(text):
            step = (w.x1 - w.x0) / len(text)
            pieces = _digits_cut_at_borders(w, borders.within(w.x0 + step / 2, w.x1 - step / 2))
            if pieces is not None:
                out += pieces
                cut = True
                continue
        out.append(w)
    return out if cut else None


class _Borders:
    """A page's cell borders (x, top, bottom), to be asked for those whose x lies strictly between two values:
    by x (bisected) where every x is a number, all of them where one is NaN (no order to bisect)."""

    def __init__(self, borders: list[tuple]):
        self.borders = borders
        if all(b[0] == b[0] for b in borders):
            at = [b[0] for b in borders]
            order = sorted(range(len(borders)), key=at.__getitem__)
            self.order, self.xs = order, [at[i] for i in order]
        else:
            self.order = self.xs = None

    def within(self, lo: float, hi: float) -> list[tuple]:
        """The borders with ``lo < x < hi`` (and, where an x is NaN, all of them), in their given order."""
        if self.xs is None:
            return self.borders
        found = self.order[bisect.bisect_right(self.xs, lo):bisect.bisect_left(self.xs, hi)]
        if len(found) > 1:
            found.sort()
        borders = self.borders
        return [borders[i] for i in found]


def _split_at_value_columns(words: list[_Word]) -> list[_Word] | None:
    """A long label run into the number of the first value column of a table without drawn rules
    ("行政规范性文件6": PDFium's word runs over the narrow gap): the word is cut before its trailing digits when
    they, at the page's digit width, start, are centred or end where two value words or more of other lines do
    (a column's left edge, centre or right edge: "2.没有现成信13" in a CSS box table whose centred numbers touch
    the label's box).  None when no word is cut."""
    values = [w for w in words if _DIGITS.match(w.text) and w.text.isascii()]
    if len(values) < 2:
        return None
    digits_only = [w for w in values if w.text.isdigit()] or values
    widths = sorted((w.x1 - w.x0) / len(w.text) for w in digits_only)
    digit = widths[len(widths) // 2]
    heights = sorted(w.bottom - w.top for w in digits_only)
    size = heights[len(heights) // 2]  # the page's digits' height: a word of another size has other digits
    starts = sorted(w.x0 for w in values)
    centres = sorted((w.x0 + w.x1) / 2 for w in values)  # (a column whose values are centred or right-aligned)
    ends = sorted(w.x1 for w in values)

    def lined_up(xs: list[float], x: float, least: int = 2) -> bool:
        return bisect.bisect_right(xs, x + 0.3 * digit) - bisect.bisect_left(xs, x - 0.3 * digit) >= least

    def trailing(w: _Word) -> re.Match | None:
        m = _TRAILING_DIGITS.match(w.text) if w.text[-1:].isdigit() else None
        if m is not None and not _DIGITS.match(w.text) and not m.group(1)[-1] in ".,，．、" \
                and _is_cjk(m.group(1)[-1]) and m.group(2).isascii():
            return m
        return None

    # where the trailing digits of every such word start: a column whose numbers are all glued to their labels
    # but one shows its left edge only with theirs (each label's digits starting there, and a value besides)
    glued = sorted(starts + [w.x1 - len(m.group(2)) * digit for w in words if (m := trailing(w)) is not None])
    out, cut = [], False
    for w in words:
        if _NUMBER_WORD.match(w.text) and w.text.isascii() and len(w.text) > 1 \
                and abs((w.bottom - w.top) - size) <= 0.1 * size:
            pieces = _number_cut_at_column(w, starts, digit)
            if pieces is not None:
                out += pieces
                cut = True
                continue
        m = trailing(w)
        if m is not None:
            at = w.x1 - len(m.group(2)) * digit
            if (lined_up(starts, at) or lined_up(centres, (at + w.x1) / 2) or lined_up(ends, w.x1)
                    or lined_up(starts, at, 1) and lined_up(glued, at, 4)) and at > w.x0 + digit:
                out += [_Word(m.group(1), w.x0, at - 0.5, w.top, w.bottom),
                        _Word(m.group(2), at, w.x1, w.top, w.bottom)]
                cut = True
                continue
        out.append(w)
    return out if cut else None


def _number_cut_at_column(w: _Word, starts: list[float], digit: float) -> list[_Word] | None:
    """Two numbers of a table without drawn rules that PDFium ran into one word over a narrow gap ("2914,227" of
    "291" | "4,227", "2,757809" of "2,757" | "809"): cut where the right one, at the page's digit width (a comma
    half of it), starts where two value words or more of other lines start — the one such place inside the word,
    both pieces whole numbers (thousands separators only as parse_value reads them), and the word wider than its
    characters by a gap.  Else None."""
    def width(text: str) -> float:
        n = sum(ch.isdigit() for ch in text)
        return digit * (n + 0.5 * (len(text) - n))

    if w.x1 - w.x0 - width(w.text) < 0.25 * digit:
        return None  # no gap inside the word wider than a digit's quarter: one number as printed ("13")
    found = []
    for k in range(1, len(w.text)):
        left, right = w.text[:k], w.text[k:]
        if parse_value(left)[0] != "number" or parse_value(right)[0] != "number" or right[0] in ",.":
            continue
        at = w.x1 - width(right)
        lo = bisect.bisect_left(starts, at - 0.3 * digit)
        hi = bisect.bisect_right(starts, at + 0.3 * digit)
        if hi - lo >= 2 and w.x0 + digit / 2 < at:
            found.append((k, at))
    if len(found) != 1:
        return None
    k, at = found[0]
    return [_Word(w.text[:k], w.x0, at - 0.5, w.top, w.bottom), _Word(w.text[k:], at, w.x1, w.top, w.bottom)]


_NUMBER_WORD = re.compile(r"^[\d,，.．]+$")


def _digits_cut_at_borders(w: _Word, borders: list[tuple]) -> list[_Word] | None:
    """The numbers of two drawn cells that PDFium ran into one word across the rule between them ("５０５１" of
    "５０" | "５１", "2914,227" of "291" | "4,227": a small gap at the rule): the word cut at each cell border
    inside it, where the border falls between two characters (characters of one width: a digit's).  None when no
    border crosses the word, or one falls inside a character (not a gap between characters: left as it is)."""
    n = len(w.text)
    step = (w.x1 - w.x0) / n
    cuts = []
    for x, top, bottom in borders:
        if w.x0 + step / 2 < x < w.x1 - step / 2 and top <= w.mid <= bottom:
            k = (x - w.x0) / step
            if abs(k - round(k)) > 0.3:
                return None
            cuts.append(round(k))
    if not cuts:
        return None
    cuts = sorted(set(k for k in cuts if 0 < k < n))
    if not cuts:
        return None
    out, start = [], 0
    for k in [*cuts, n]:
        out.append(_Word(w.text[start:k], w.x0 + start * step, w.x0 + k * step - (0.5 if k < n else 0), w.top,
                         w.bottom))
        start = k
    return out


_DIGITS = re.compile(r"^\d[\d,，]*$")  # (a wrapped number's line may hold its thousands separator: "2,75" / "7")


def _cell_digit_lines(words: list[_Word]) -> list[list[_Word]] | None:
    """The lines of digit words of one drawn cell, top to bottom, each line's words touching (PDFium may split
    "30" into "3" and "0"); None when a word is not digits or a line holds two numbers apart — except a line
    above the last: a justified paragraph spreads every line but its last to the cell's width (LibreOffice's
    "２　９" over "２６": one number, 2926, wrapped in a narrow cell)."""
    lines: list[list[_Word]] = []
    for w in sorted(words, key=_BY_MID_X0):
        if not _DIGITS.match(w.text):
            return None
        if lines and abs(lines[-1][0].mid - w.mid) < S.line_overlap * (w.bottom - w.top):
            lines[-1].append(w)
        else:
            lines.append([w])
    for k, line in enumerate(lines):
        line.sort(key=_BY_X0)
        if k == len(lines) - 1 and any(b.x0 - a.x1 > S.space_gap * (a.x1 - a.x0) / len(a.text)
                                       for a, b in zip(line, line[1:])):
            return None
    return lines


def _wrapped_lines(held: list[_Word], box: tuple, margin: float) -> list[list[_Word]] | None:
    """The digit lines of one number wrapped in the drawn cell ``box`` (its value words ``held``): two lines or
    more, each but the last filling the cell's width (``margin``: the table's inner cell margin); else None."""
    lines = _cell_digit_lines(held) if len(held) > 1 else None
    if not lines or len(lines) < 2:
        return None
    width = box[2] - box[0]
    inset = margin  # left-aligned lines (one left edge) show the cell's own margin
    if all(abs(line[0].x0 - lines[0][0].x0) <= S.cell_pad for line in lines):
        inset = max(margin, lines[0][0].x0 - box[0])
    digit = max((w.x1 - w.x0) / len(w.text) for line in lines for w in line)
    if not all(width - (a[-1].x1 - a[0].x0) - digit < 2 * inset + S.wrap_slack * digit
               for a, b in zip(lines, lines[1:])):
        return None
    return lines


def _wraps_digits(grids: list[_Grid]) -> bool:
    """Whether :func:`_join_wrapped_digits` would join anything on the page, asked of its tables' grids (each
    drawn cell's words found once, and kept for reading the cells): a cell holding a wrapped number.  Until a
    join, that function's cells hold the same value words with the same margins, so it joins nothing exactly
    when no cell here holds one."""
    for grid in grids:
        in_box: dict[tuple, list[_Word]] = {}
        for cells in grid.rows:
            for b in cells:
                if b is not None:
                    held = [w for w in grid.inside(b) if w.value]
                    if held:
                        in_box[b] = held
        insets = [min(w.x0 - b[0], b[2] - w.x1) for b, ws in in_box.items() for w in ws]
        if not insets:
            continue
        margin = max(min(insets), 0.0)
        if any(_wrapped_lines(held, box, margin) is not None for box, held in in_box.items()):
            return True
    return False


def _join_wrapped_digits(words: list[_Word], tables: list) -> list[_Word]:
    """A number wrapped inside a narrow drawn cell (LibreOffice breaks 15033 into "1503" and "3" on two lines of
    the cell when the digits do not fit its width) is one number: the digit lines stacked in one cell, each line
    but the last filling the cell's width (the next line's first digit would not fit beside it), are joined into
    the first word.  Without that the first line's digits read as a truncated number (1503) and the second line
    as a row of its own.  Lines that do not fill their cell are two printed numbers and are left as they are."""
    if not tables:
        return words
    gone: set[int] = set()
    values = [w for w in words if w.value]
    pad = S.cell_pad
    by_mid = sorted(range(len(values)), key=lambda k: values[k].mid)  # the values by vertical centre
    mids = [values[k].mid for k in by_mid]
    for table in tables:
        # each drawn cell's value words (a word inside a cell is inside the table and its row), found by
        # vertical centre; the cells in the order the words name them first, then by row and column
        centres = [(values[k].x0 + values[k].x1) / 2 for k in by_mid]  # as _inside's (a joined word grew)
        found = []
        for r, row in enumerate(table.rows):
            for col, b in enumerate(row.cells):
                if b is None:
                    continue
                left, right = b[0] - pad, b[2] + pad
                lo, hi = bisect.bisect_left(mids, b[1] - pad), bisect.bisect_right(mids, b[3] + pad)
                held = sorted(k for k, x in zip(by_mid[lo:hi], centres[lo:hi]) if left <= x <= right)
                if held:
                    found.append((held[0], r, col, b, [values[k] for k in held]))
        found.sort(key=lambda f: f[:3])
        in_box: dict[tuple, list[_Word]] = {b: ws for _, _, _, b, ws in found}
        insets = [min(w.x0 - b[0], b[2] - w.x1) for b, ws in in_box.items() for w in ws]
        if not insets:
            continue
        margin = max(min(insets), 0.0)  # the cell's inner margin: no printed value stands closer to a border
        for box, held in in_box.items():
            lines = _wrapped_lines([w for w in held if id(w) not in gone], box, margin)
            if lines is None:
                continue
            first = lines[0][0]
            first.text = "".join(w.text for line in lines for w in line)
            first.value = _is_value_word(first.text)
            first.x1 = max(w.x1 for line in lines for w in line)
            # centred where its lines are, level with its row (the first line alone, a page's top line, would
            # be taken for a page number)
            mid, height = (lines[0][0].mid + lines[-1][0].mid) / 2, first.bottom - first.top
            first.top, first.bottom, first.mid = mid - height / 2, mid + height / 2, mid
            gone.update(id(w) for line in lines for w in line if w is not first)
    return [w for w in words if id(w) not in gone] if gone else words


#: the text of a cell whose number wrapped over two lines of its borderless cell (:func:`_join_stacked_digits`):
#: the mapping reads the parts as one number only where the row's totals then hold, else leaves the cell unread
WRAPPED_IN_CELL = "（格内折行：{}⏎{}）"


class _WrappedNumber(_Word):
    """Two digit lines stacked in one borderless cell, read as one value word (a number of its row, placed in
    its column) whose cell text is :data:`WRAPPED_IN_CELL`: the parts, never the first part alone."""

    __slots__ = ("parts",)

    def __init__(self, upper: _Word, lower: _Word, mid: float):
        height = upper.bottom - upper.top
        _Word.__init__(self, upper.text + lower.text, min(upper.x0, lower.x0), max(upper.x1, lower.x1),
                       mid - height / 2, mid + height / 2)
        self.parts = (upper.text, lower.text)


def _value_text(w: _Word) -> str:
    """A value word's cell text (a number wrapped in its borderless cell: both parts, marked)."""
    return WRAPPED_IN_CELL.format(*w.parts) if isinstance(w, _WrappedNumber) else w.text


def _join_stacked_digits(words: list[_Word], grids: list[_Grid]) -> list[_Word]:
    """A number wrapped in a narrow borderless cell (a LibreOffice print of a DOCX table without borders: 15124
    printed "1512" over "4"): two digit words one line apart (centres 0.8–1.6 lines), the lower within the
    upper's x-range and no longer, no value between them in that x-range, where either

    * another value of the row overlaps both vertically (by a quarter of a line each: the cell centred on its
      row, the row's single-line values level with the parts' midpoint) — cells of two rows never overlap, so
      the parts are in one row and one cell; or
    * the upper part has values of its row level with it and every value level with the lower part is such a
      lower part too (each under a value of the upper line, fewer of them — or as many, neither line holding
      any text: a row without a label, every number wrapped), no word there starts an item
      ("（五）", "3.": a row of its own), and no value in that x-range within five lines is wider than the upper
      part (a first line fills its cell).

    Without drawn cells nothing tells for certain that the upper part filled its cell, so the two become one
    :class:`_WrappedNumber` whose cell says both parts (read by the mapping only where the row's totals hold
    with them joined): the upper part is never read alone as the row's number, nor the lower as a row of its
    own.  Words inside a ruled table are left to :func:`_join_wrapped_digits`."""
    ruled = {id(w) for g in grids for w in g.words}
    digits = [w for w in words if w.value and id(w) not in ruled and _ALL_DIGITS.fullmatch(w.text)]
    if len(digits) < 3:
        return words
    digits.sort(key=operator.attrgetter("mid"))
    mids = [w.mid for w in digits]
    values = sorted((w for w in words if w.value), key=operator.attrgetter("mid"))
    value_mids = [w.mid for w in values]
    texts = [w for w in words if not w.value]

    def level(w: _Word, among: list[_Word], mids_of: list[float] | None = None) -> list[_Word]:
        h = w.bottom - w.top
        if mids_of is None:
            return [x for x in among if x is not w and abs(x.mid - w.mid) <= 0.25 * h]
        return [x for x in among[bisect.bisect_left(mids_of, w.mid - 0.25 * h):
                                 bisect.bisect_right(mids_of, w.mid + 0.25 * h)] if x is not w]

    def under(b: _Word, a: _Word) -> bool:
        digit = (a.x1 - a.x0) / len(a.text)
        return len(b.text) <= len(a.text) and b.x0 >= a.x0 - 0.5 * digit and b.x1 <= a.x1 + 0.5 * digit

    def overlap(a: _Word, w: _Word) -> float:
        return min(a.bottom, w.bottom) - max(a.top, w.top)

    joined: dict[int, _Word] = {}
    gone: set[int] = set()
    for a in digits:
        if id(a) in gone or id(a) in joined:
            continue
        h = a.bottom - a.top
        lo, hi = bisect.bisect_right(mids, a.mid + 0.8 * h), bisect.bisect_right(mids, a.mid + 1.6 * h)
        below = [b for b in digits[lo:hi] if id(b) not in gone and id(b) not in joined and under(b, a)]
        if len(below) != 1:
            continue
        b = below[0]
        between = values[bisect.bisect_right(value_mids, a.mid):bisect.bisect_left(value_mids, b.mid)]
        if any(w.x1 > a.x0 and w.x0 < a.x1 for w in between if w is not b):
            continue  # a value in the same x-range between them: lines of a column, not one cell's
        bare = False
        centred = any(w is not b and (w.x1 <= a.x0 or w.x0 >= a.x1) and overlap(a, w) >= 0.25 * h
                      and overlap(b, w) >= 0.25 * h for w in between)
        if not centred:
            mates = level(a, values, value_mids)
            lows = level(b, values, value_mids)
            # (a row without a label, every number wrapped — table 四's fifteen narrow cells: as many lower parts
            # as upper ones, no text on either line)
            bare = not level(a, texts) and not level(b, texts) and len(lows) == len(mates)
            if not mates or len(lows) >= len(mates) and not bare \
                    or not all(any(under(x, m) for m in mates) for x in lows):
                continue
            if any(_ITEM_START.match(t.text) for t in level(b, texts)):
                continue  # a row of its own starts there
            digit = (a.x1 - a.x0) / len(a.text)
            near = digits[bisect.bisect_left(mids, a.mid - 5 * h):bisect.bisect_right(mids, a.mid + 5 * h)]
            if any(w.x1 - w.x0 > a.x1 - a.x0 + 0.5 * digit for w in near if w.x1 > a.x0 and w.x0 < a.x1):
                continue  # a wider number in that column nearby: the upper part did not fill its cell
        # level with the row's other values, or centred where the parts are when they have none (the row's label
        # stands there)
        joined[id(a)] = _WrappedNumber(a, b, a.mid if not centred and not bare else (a.mid + b.mid) / 2)
        gone.add(id(b))
    if not joined:
        return words
    return [joined.get(id(w), w) for w in words if id(w) not in gone]


_UNIT_WORDS = frozenset(("件", "元", "万元"))  # the units parse_value reads after a number


def _join_wrapped_units(words: list[_Word], tables: list) -> list[_Word]:
    """A number printed with its unit in a narrow drawn cell wraps there: "2833" on one line, "件" alone on the
    line below (a browser breaks between the digits and the CJK unit).  The unit line belongs to the number
    above it in the same cell: the two are joined into the number's word ("2833件"), centred where the cell's
    two lines are (the row's other values stand there).  Without that the unit is a text word in a value cell
    (the cell taken for a label column) and the number a row of its own, dropped.  Only a cell holding exactly
    one number over exactly its unit is joined; anything else is left as printed."""
    gone: set[int] = set()
    for u in words:
        if u.text not in _UNIT_WORDS:
            continue
        box = next((b for t in tables for b in t.cells if _inside(u, b)), None)
        if box is None:
            continue
        held = [w for w in words if id(w) not in gone and _inside(w, box)]
        above = [w for w in held if w is not u]
        if len(above) != 1 or not above[0].value or not any(ch.isdigit() for ch in above[0].text):
            continue
        n = above[0]
        if not n.bottom <= u.mid or parse_value(n.text + u.text)[0] != "number":
            continue  # the unit is not on a line below the number, or the two do not read as one number
        height = n.bottom - n.top
        mid = (n.mid + u.mid) / 2
        n.text, n.x1 = n.text + u.text, max(n.x1, u.x1)
        n.top, n.bottom, n.mid = mid - height / 2, mid + height / 2, mid
        n.value = _is_value_word(n.text)
        gone.add(id(u))
    return [w for w in words if id(w) not in gone] if gone else words


def _row_parts(grid: _Grid, cells: list) -> tuple[list[int], tuple | None]:
    """A grid row's value columns (drawn cells right of ``label_end``) and its label cell box."""
    value_cols = [k for k, b in enumerate(cells) if b is not None and k > grid.label_end]
    k = min(grid.label_end, len(cells) - 1)
    # the row's label is the nearest drawn cell holding words: a blank sub-item cell beside it (the
    # single "（六）其他处理" or "（七）总计" row of a layout whose other rows have sub-item labels) is not it
    while k >= 0 and (cells[k] is None or not grid.inside(cells[k])):
        k -= 1
    return value_cols, (cells[k] if k >= 0 else None)


def _single(box: tuple, cw: float, cells: list | None = None) -> bool:
    """A cell one row high (not a merged group cell running down several rows): no taller than the lowest
    drawn cell of its grid row ``cells`` (a label wrapped over three lines makes the whole row tall, a
    merged cell is taller than the row); a row of one drawn cell, or none given, by ``single_row``."""
    return _single_of(box, cw, [b[3] - b[1] for b in cells if b is not None] if cells is not None else [])


def _single_of(box: tuple, cw: float, heights: list[float]) -> bool:
    """:func:`_single` with the heights of the row's drawn cells given."""
    if len(heights) < 2:
        return box[3] - box[1] < S.single_row * cw
    return box[3] - box[1] <= min(heights) + S.row_height_slack * cw


def _cell_text(words: list[_Word], cw: float) -> str:
    """The text of a cell's words, line by line."""
    words = sorted(words, key=_BY_MID_X0)
    rows: list[list[_Word]] = []
    for w in words:
        if rows and abs(rows[-1][0].mid - w.mid) < S.cell_line_overlap * (w.bottom - w.top):
            rows[-1].append(w)
        else:
            rows.append([w])
    return "".join(_join_words(sorted(r, key=_BY_X0), cw) for r in rows)


def _grid_row_of(line: _Line, grid: _Grid, cw: float) -> int | None:
    """The first grid row whose one-row cells hold all of the line's values."""
    if not line.values:
        return 0 if grid.rows else None
    rows_of = grid.rows_holding(cw)
    common = -1  # every row
    for w in line.values:
        common &= rows_of.get(id(w), 0)
        if not common:
            return None
    return (common & -common).bit_length() - 1  # the lowest row left


def _values_by_cell(line: _Line, grid: _Grid, r: int, value_cols: list[int]) -> dict[int, list[_Word]] | None:
    """The line's values by value column, or None when one falls outside them or two share a cell."""
    texts: dict[int, list[_Word]] = {k: [] for k in value_cols}
    column = grid.value_column(r, value_cols)
    for w in line.values:
        k = column.get(id(w))
        if k is None:
            return None
        texts[k].append(w)
    if not texts or any(len(ws) > 1 for ws in texts.values()):
        return None  # not one value per cell: do not guess
    return texts


def _use_ruled_cells(lines: list[_Line], grids: dict[int, list[_Grid]], cw: float, height: float = 0.0) -> None:
    """Rows of a ruled table take their cells from the table's drawn grid: each value goes to the
    cell it is printed in and a cell with no value is "" (blank), however few rows fill that
    column; the label is the whole text of the row's label cell, however it wraps; a row whose
    value cells are all empty is still a row.  A line whose values do not fall one per value
    cell keeps the position-based reading (fewer, unplaced cells rather than shifted ones)."""
    value_ids = {id(w) for line in lines for w in line.values}
    used: set[int] = set()

    spilt: dict[int, set] = {}  # id(grid) → its label boxes whose text may be another row's

    def label_of(line: _Line, grid: _Grid, box: tuple | None) -> None:
        words = [] if box is None else [w for w in grid.inside(box) if id(w) not in value_ids]
        boxes = spilt.get(id(grid))
        if boxes is None:
            boxes = spilt[id(grid)] = _spilt_label_boxes(grid, value_ids, cw)
        line.cell_label = "" if box in boxes else _cell_text(words, cw)
        line.cell_label_words = {id(w) for w in words}
        used.update(line.cell_label_words)

    done: dict[tuple[int, int, int], _Line] = {}  # (page, grid, row) already read → the line that is the row
    outside: dict[int, bool] = {}  # id(grid) → whether it draws only value cells, its rows labelled left of it
    short_of = _grids_short_of_columns(lines, grids, cw)
    for line in lines:
        if not line.is_value_line:
            continue
        for g, grid in enumerate(grids.get(line.page, [])):
            if id(grid) in short_of:
                continue
            r = _grid_row_of(line, grid, cw)
            if r is None:
                continue
            value_cols, label_box = _row_parts(grid, grid.rows[r])
            texts = _values_by_cell(line, grid, r, value_cols)
            if texts is None:
                break
            values = [ws[0].text if ws else "" for ws in (texts[k] for k in value_cols)]
            first = done.get((line.page, g, r))
            if first is not None:
                # a value printed on a line of its own inside its cell (a cell aligned apart from its row's
                # others): the cell's value all the same; two values for one cell are not merged
                merged = _merged_values(first.cell_values, values)
                if merged is not None:
                    first.cell_values = merged
                    _drop_row(line, {id(w) for w in line.values} | first.cell_label_words, first)
                break
            line.cell_values = values
            if (label_box is None or not _single(label_box, cw, grid.rows[r])) \
                    and _labels_left_of(grid, line.page, lines, cw, outside):
                line.label_outside = True  # its label printed left of the grid, in no drawn cell
            else:
                label_of(line, grid, label_box if label_box is not None and _single(label_box, cw, grid.rows[r])
                         else None)
            done[(line.page, g, r)] = line
            break
    _read_blank_rows(lines, grids, cw, done, label_of, short_of)
    _join_split_rows(lines, grids, cw, done, used, value_ids, height)
    lines[:] = [line for line in lines if line.words]  # a row's second line that held only its values
    _free_pieces(lines, used)


def _grids_short_of_columns(lines: list[_Line], grids: dict[int, list[_Grid]], cw: float) -> set[int]:
    """The ids of the grids holding some values of a row in their cells but not all: a column whose rules were
    not found (segments drawn short of the table's edge without its outer border) — its rows would be read
    with too few cells, the undrawn column's cell missing (a blank edge cell), so they keep the position-based
    reading."""
    out: set[int] = set()
    for line in lines:
        if line.is_value_line:
            for grid in grids.get(line.page, []):
                if id(grid) not in out and _grid_row_of(line, grid, cw) is None:
                    rows_of = grid.rows_holding(cw)
                    if any(id(w) in rows_of for w in line.values):
                        out.add(id(grid))
    return out


def _spilt_label_boxes(grid: _Grid, value_ids: set[int], cw: float) -> set:
    """The label cells of ``grid`` whose text cannot be told from a neighbour's: a label wrapped over more lines
    than its row is high spills over the rules into the rows above and below (a spreadsheet printed with its
    rows at their default height: the label centred on its row's numbers, its first line above them, its last
    below, lying in the neighbours' cells), so a cell whose words reach past its top or bottom rule, or whose
    lines overlap one another (two labels' lines printed on top of each other), holds text of another row —
    as do the cells beside it.  Those rows are left without a label (placed by the order of the rows, or
    unread), never labelled with a neighbour's text."""
    over: set[int] = set()
    boxes: dict[int, tuple] = {}
    for r, cells in enumerate(grid.rows):
        box = _row_parts(grid, cells)[1]
        if box is None or not _single(box, cw, cells):
            continue
        boxes[r] = box
        words = sorted((w for w in grid.inside(box) if id(w) not in value_ids), key=lambda w: w.mid)
        if not words:
            continue
        h = _median([w.bottom - w.top for w in words])
        slack = S.label_spill * h
        if min(w.top for w in words) < box[1] - slack or max(w.bottom for w in words) > box[3] + slack \
                or any(S.cell_line_overlap * h <= b.mid - a.mid < (1 - S.label_spill) * h
                       for a, b in zip(words, words[1:])) or _overprinted(words, h):
            over.add(r)
    return {boxes[r] for r in boxes if {r - 1, r, r + 1} & over}


_MID = operator.attrgetter("mid")


def _overprinted(words: list[_Word], h: float) -> bool:
    """Whether two of ``words`` (sorted by vertical centre, ``h`` their height) are printed over one another:
    within half a line of each other vertically and a third of a line into each other horizontally, or one
    word narrower than its characters (``overprint_width`` of an em a Chinese character, half that any other,
    the em taken as the word's height) — the lines of two labels drawn at one height, their characters
    interleaved into one word."""
    for w in words:
        wide = sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in w.text)
        if wide >= 4 and w.x1 - w.x0 < S.overprint_width * wide * (w.bottom - w.top):
            return True
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b.mid - a.mid >= (1 - S.label_spill) * h:
                break
            if min(a.x1, b.x1) - max(a.x0, b.x0) > S.label_spill * h:
                return True
    return False


def _labels_left_of(grid: _Grid, page: int, lines: list[_Line], cw: float, known: dict[int, bool]) -> bool:
    """Whether ``grid`` draws only its value cells — no one-row cell holds text (a browser's table whose label
    cells have no border; at most a tall box behind the label area, a web page's background printed and joined
    to the table where their borders meet) — and text stands left of its value cells, level with its rows: the
    rows' labels, printed outside any label cell."""
    got = known.get(id(grid))
    if got is None:
        got = False
        valued: list[list[tuple]] = []  # per row with values, its cells holding one
        for cells in grid.rows:
            held = [(b, grid.inside(b)) for b in cells if b is not None]
            if not any(w.value for _, ws in held for w in ws):
                continue  # a header or caption row (or a box below the table)
            if any(any(not w.value for w in ws) and _single(b, cw, cells) for b, ws in held):
                break  # a label cell
            valued.append([b for b, ws in held if any(w.value for w in ws)])
        else:
            # the value cells of the rows of several values (a lone number may be a page's footer in a box)
            boxes = [b for row in valued if len(row) > 1 for b in row] or [b for row in valued for b in row]
            if boxes:
                x0, top, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[3] for b in boxes)
                got = any(not w.value and w.x1 <= x0 and top <= w.mid <= bottom
                          for line in lines if line.page == page for w in line.words)
        known[id(grid)] = got
    return got


def _merged_values(a: list[str], b: list[str]) -> list[str] | None:
    """Two readings of one row's value cells as one, or None when a cell has a value in both."""
    if len(a) != len(b) or any(x and y for x, y in zip(a, b)):
        return None
    return [x or y for x, y in zip(a, b)]


def _drop_row(line: _Line, gone: set[int], into: _Line) -> None:
    """``line`` is no longer a row of its own: the words ``gone`` (its values, its label cell's) belong to the
    row ``into``; its other words (a group cell's) stay a line, its wrapped label's pieces go to ``into``."""
    line.cell_values = None
    line.values = []
    line.label_columns = []
    into.pieces_after += line.pieces_before + line.pieces_after
    line.pieces_before, line.pieces_after = [], []
    line.words = [w for w in line.words if id(w) not in gone]
    for name in ("top", "x0", "x1", "text", "height"):  # the geometry cached by _once
        line.__dict__.pop(name, None)
    if not line.words:
        line.attached = True


def _page_grid(page_grids: list[_Grid], last: bool) -> int:
    """The index of the page's lowest (``last``) or highest ruled table."""
    tops = [min(b[1] for cells in g.rows for b in cells if b is not None) for g in page_grids]
    return max(range(len(tops)), key=lambda i: tops[i]) if last else min(range(len(tops)), key=lambda i: tops[i])


def _row_text(grid: _Grid, r: int) -> str:
    return "".join(w.text for b in grid.rows[r] if b is not None for w in grid.inside(b))


def _page_furniture(lines: list[_Line], height: float) -> set[int]:
    """The ids of lines near a page's top or bottom edge that are a page's number ("第 2 页", "— 2 —") or the same
    text (digits aside) near the same edge of another page: a running head or foot, no text between a table
    that ends a page and its rest on the next (Word's header "…政府信息公开" left by the running-head filter)."""
    edge = [ln for ln in lines if ln.words and _near_page_edge(ln.top, max(w.bottom for w in ln.words), height)]
    keys = {id(ln): (ln.top < height / 2, _ANY_DIGITS.sub("#", ln.text)) for ln in edge}
    pages: dict[tuple, set[int]] = {}
    for ln in edge:
        pages.setdefault(keys[id(ln)], set()).add(ln.page)
    # (a page's number decorated, "第 2 页" / "— 2 —": a bare number at the page's foot may be a row's value)
    return {id(ln) for ln in edge if len(pages[keys[id(ln)]]) >= 2 or (
        _PAGE_NUMBER.match(ln.text.strip()) and re.search(r"[-—–－页]", ln.text))}


_ANY_DIGITS = re.compile(r"\d+")


def _join_split_rows(lines: list[_Line], grids: dict[int, list[_Grid]], cw: float, done: dict, used: set[int],
                     value_ids: set[int], height: float = 0.0) -> None:
    """A row broken across a page (Word and LibreOffice let a tall row run on to the next page): the last row
    of the table that ends a page and the first row of the table that begins the next, drawn with the same
    label and value cells, the second's label not starting with an item number ("6.属" / "于四类过程性信息")
    and no cell holding a value in both, are one row: its label is both parts' text, its values the parts'.
    A row with its own item number, a cell filled twice or other text between the tables (a page's running head
    or number aside) is left as it is — but a cell with digits on both parts is one number the page cut when
    its upper part fills the cell (:func:`_numbers_across_page`): joined, or its upper part left unread."""
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    reach = S.split_row_reach * cw
    pad = S.cell_pad
    furniture: set[int] | None = None  # found when first needed: most documents break no row across a page
    for page in sorted(grids):
        prev_grids, here = grids.get(page - 1), grids[page]
        if not prev_grids or not here:
            continue
        gh, gg = _page_grid(prev_grids, True), _page_grid(here, False)
        upper, lower = prev_grids[gh], here[gg]
        a = done.get((page - 1, gh, len(upper.rows) - 1))
        if a is None or a.cell_values is None or a.label_outside or not lower.rows:
            continue  # (a row whose label stands outside the grid: its label, read unruled, tells a new row)
        head = 0  # the table's header rows, repeated at the top of the page (Word's 标题行重复)
        while head < min(len(lower.rows) - 1, len(upper.rows) - 1) and _row_text(lower, head) \
                and _row_text(lower, head) == _row_text(upper, head):
            head += 1
        last, first = upper.rows[-1], lower.rows[head]
        bottom = max(b[3] for b in last if b is not None)
        top = min(b[1] for b in lower.rows[0] if b is not None)
        if furniture is None:
            furniture = _page_furniture(lines, height) if height else set()
        if any(ln.top > bottom - pad for ln in by_page.get(page - 1, []) if ln.words and id(ln) not in furniture) \
                or any(max(w.bottom for w in ln.words) < top + pad for ln in by_page.get(page, [])
                       if ln.words and id(ln) not in furniture):
            continue  # text after the upper table or before the lower one: two tables, not one broken row
        value_cols, label_box = _row_parts(upper, last)
        if not value_cols:
            continue
        # (a row without a label cell — table 四's one row of 15 narrow cells — goes on only with its numbers)
        label_goes_on = label_box is not None and _label_runs_to_edge(upper, label_box, value_ids, cw)
        if not label_goes_on and not any(a.cell_values):
            continue
        wanted = ([label_box] if label_box is not None else []) + [last[k] for k in value_cols]
        matched = [next((b for b in first if b is not None and abs(b[0] - w[0]) <= reach
                         and abs(b[2] - w[2]) <= reach), None) for w in wanted]
        if any(m is None for m in matched) or any(  # a group cell's rest on its left may hold text ("果")
                lower.inside(b) for b in first if b is not None and b not in matched and b[2] > matched[0][0] + pad):
            continue
        label_words = ([w for w in lower.inside(matched[0]) if id(w) not in value_ids]
                       if label_box is not None else [])
        text = _cell_text(label_words, cw)
        if _ITEM_START.match(text):
            continue
        cells = [lower.inside(b) for b in matched[1 if label_box is not None else 0:]]
        if any(len(ws) > 1 or (ws and not _is_value(ws[0])) for ws in cells):
            continue
        lower_values = [ws[0].text if ws else "" for ws in cells]
        if text and not label_goes_on and text[1:2] in _NO_LINE_START:
            # "的，只计这一情形": a line does not start with "，", so its character before went down with it
            # (kinsoku): the upper label's last line may end a character short of its cell's edge
            label_goes_on = _label_runs_to_edge(upper, label_box, value_ids, cw, extra=cw)
        if text and label_goes_on:
            values = _merged_values(a.cell_values, lower_values)
        elif not text and any(lower_values):
            values = None  # a lower row of numbers alone: only the rest of numbers the page cut (below)
        else:
            continue
        if values is None:
            # a cell holding digits on both pages: one number wrapped in its narrow cell and cut by the page
            # ("２９" ⏎ page ⏎ "９" for 299) — joined in reading order when the upper part fills its cell's width
            # (the next digit did not fit beside it), else unread; never the upper part alone
            values = _numbers_across_page(upper, last, value_cols, a.cell_values, lower, cells)
            if values is None:
                continue
        gone = {id(w) for w in label_words} | {id(w) for ws in cells for w in ws}
        b = done.pop((page, gg, head), None)
        if b is not None and b is not a:
            _drop_row(b, gone, a)
        a.cell_values = values
        a.cell_label += text
        a.cell_label_words |= {id(w) for w in label_words}
        used.update(gone)


#: the text of a cell whose number a page cut, and which cannot be joined for certain: never read as a number
CUT_BY_PAGE = "（跨页折断：{}⏎{}）"
_ALL_DIGITS = re.compile(r"[0-9０-９]+")


def _numbers_across_page(upper: _Grid, last: list, value_cols: list[int], a: list[str], lower: _Grid,
                         cells: list[list[_Word]]) -> list[str] | None:
    """The value cells of a row broken across a page, ``a`` its upper part's texts and ``cells`` its lower part's
    words in ``lower`` (one word or none per cell): a cell filled on one page keeps its value; a cell with digits
    on both is one number wrapped in its drawn cell and cut by the page when the upper part's last line fills the
    cell's width as a wrapped line does (:func:`_wrapped_lines`: the next digit would not fit beside it) — joined
    in reading order.  An upper part on one line that leaves room for a digit is a whole number: the lower part
    is no continuation and the row is left as it is (None).  An upper part wrapped over lines (joined already,
    its box as wide as its widest line: its last line's width not known for certain) that does not fill its
    cell is left unreadable (:data:`CUT_BY_PAGE`) — never the upper part alone.  None also when the lower part
    holds a value in a cell empty above (a row of its own)."""
    b = [ws[0].text if ws else "" for ws in cells]
    if len(a) != len(b) or not any(x and y for x, y in zip(a, b)):
        return None
    if any(y and not x for x, y in zip(a, b)):
        return None
    boxes = [box for row in upper.rows for box in row if box is not None]
    # the cell's inner margin: no word (a label filling its cell) stands closer to a border
    insets = [min(w.x0 - box[0], box[2] - w.x1) for box in boxes for w in upper.inside(box)]
    margin = max(min(insets), 0.0) if insets else 0.0
    # a digit's width: the widest per digit of the tables' values (a number wrapped over lines looks narrower)
    values = [w for box in boxes for w in upper.inside(box) if _is_value(w) and _ALL_DIGITS.fullmatch(w.text)]
    values += [w for row in lower.rows for box in row if box is not None for w in lower.inside(box)
               if _is_value(w) and _ALL_DIGITS.fullmatch(w.text)]
    digit = max(((w.x1 - w.x0) / len(w.text) for w in values), default=0.0)
    out = []
    for k, (x, y) in enumerate(zip(a, b)):
        if not (x and y):
            out.append(x or y)
            continue
        box = last[value_cols[k]]
        held = [w for w in upper.inside(box) if _is_value(w)]
        if len(held) != 1 or held[0].text != x or not _ALL_DIGITS.fullmatch(x) or not _ALL_DIGITS.fullmatch(y) \
                or digit <= 0:
            out.append(CUT_BY_PAGE.format(x, y))
            continue
        up = held[0]
        one_line = (up.x1 - up.x0) / len(x) >= 0.9 * digit
        per_line = max(1, round((up.x1 - up.x0) / digit))
        tail = len(x) % per_line or per_line  # the digits of the upper part's last line
        if (box[2] - box[0]) - tail * digit - digit < 2 * margin + S.wrap_slack * digit:
            out.append(x + y)
        elif one_line:
            return None  # room for another digit beside a whole number: the lower part is something else
        else:
            out.append(CUT_BY_PAGE.format(x, y))
    return out


#: characters a line does not start with (Chinese line breaking moves the character before them down too)
_NO_LINE_START = frozenset("，。、；：？！）》」』”’,.;:?!)")


def _label_runs_to_edge(grid: _Grid, label_box: tuple, value_ids: set[int], cw: float, extra: float = 0.0) -> bool:
    """The label of a row broken by the page wraps on to the next page: its last line on the upper page runs
    to the right edge of its cell.  A last line ending short of it ("行政处罚" alone in a wide cell) ends the
    label, and the row is whole (a browser moves the next row, "行政强制", to the next page)."""
    words = [w for w in grid.inside(label_box) if id(w) not in value_ids]
    if not words:
        return False
    low = max(w.mid for w in words)
    last = [w for w in words if low - w.mid <= S.cell_line_overlap * (w.bottom - w.top)]
    return label_box[2] - max(w.x1 for w in last) <= S.split_label_slack * cw + extra


def _read_blank_rows(lines: list[_Line], grids: dict[int, list[_Grid]], cw: float, done: dict, label_of,
                     short_of: set[int] = frozenset()) -> None:
    """Rows whose value cells are all empty print no value word: the label cell's first line is the row.  Not
    in a grid in ``short_of`` (:func:`_grids_short_of_columns`): its cells would be too few."""
    for page, page_grids in grids.items():
        for g, grid in enumerate(page_grids):
            if id(grid) in short_of:
                continue
            if grid.label_end < 0:
                _empty_last_row(lines, page, g, grid, done)
                continue
            for r, cells in enumerate(grid.rows):
                value_cols, label_box = _row_parts(grid, cells)
                if (page, g, r) in done or not value_cols or label_box is None or not _single(label_box, cw, cells):
                    continue
                if any(grid.inside(cells[k]) for k in value_cols):
                    continue  # a header row (labels in the value columns) or a row read above
                first = next((ln for ln in lines if ln.page == page and not ln.is_value_line
                              and any(_inside(w, label_box) for w in ln.words)), None)
                if first is None:
                    continue
                first.cell_values = [""] * len(value_cols)
                done[(page, g, r)] = first
                label_of(first, grid, label_box)
                first.attached = False
                first.label_columns = [[w for w in first.words if id(w) not in first.cell_label_words]]
                first.label_columns = [c for c in first.label_columns if c] + [[]]


def _empty_last_row(lines: list[_Line], page: int, g: int, grid: _Grid, done: dict) -> None:
    """A ruled table of no label column whose last row is drawn with every cell empty under a header row with
    text in every cell (table 四 of an office without cases, its cells left blank): the empty row prints no word,
    so no line stood for it — a line of blank cells (no label) is made for it, after the header's last line."""
    if len(grid.rows) < 2 or (page, g, len(grid.rows) - 1) in done:
        return
    last, head = grid.rows[-1], grid.rows[-2]
    if len(last) < 2 or any(b is None or grid.inside(b) for b in last) \
            or any(b is None or not grid.inside(b) for b in head):
        return
    if any(w.value for w in grid.words):
        return  # (a table with numbers somewhere: its rows are read as they are)
    header = {id(w) for b in head for w in grid.inside(b)}
    at = max((k for k, ln in enumerate(lines) if ln.page == page and any(id(w) in header for w in ln.words)),
             default=None)
    if at is None:
        return
    x0, top, _, bottom = last[0]
    row = _Line(page, lines[at].number, [_Word("", x0, x0, top, bottom)])
    row.cell_values = [""] * len(last)
    lines.insert(at + 1, row)
    done[(page, g, len(grid.rows) - 1)] = row


def _free_pieces(lines: list[_Line], used: set[int]) -> None:
    """The pieces of a wrapped label now belong to their cell; pieces the cell does not hold (a merged group
    cell's "（六）") are free again; a piece holding words of both (a group cell's "理结果" beside the label's
    last line, too close for two columns) gives up the cell's words and is free."""
    of_cell_rows = {id(p) for r in lines if r.cell_values is not None and not r.label_outside
                    for p in r.pieces_before + r.pieces_after}
    for line in lines:
        if line.is_value_line:
            line.pieces_before = [p for p in line.pieces_before if p.words and id(p.words[0]) not in used]
            line.pieces_after = [p for p in line.pieces_after if p.words and id(p.words[0]) not in used]
            continue
        held = sum(id(w) in used for w in line.words)
        if line.words and held == len(line.words):
            line.attached = True
        elif line.attached and id(line) in of_cell_rows:
            if held:
                line.words = [w for w in line.words if id(w) not in used]
                for name in ("top", "x0", "x1", "text", "height"):  # the geometry cached by _once
                    line.__dict__.pop(name, None)
            line.attached = False
    for line in lines:
        if line.is_value_line:  # a freed piece is no longer the row's
            line.pieces_before = [p for p in line.pieces_before if p.attached]
            line.pieces_after = [p for p in line.pieces_after if p.attached]


# ----------------------------------------------------------------------------- unruled tables: labels by column
@dataclass
class _ColumnLine:
    """A line of one label column of an unruled table: its words and their extent."""

    words: list[_Word]
    top: float = field(init=False)
    bottom: float = field(init=False)
    mid: float = field(init=False)

    def __post_init__(self):
        self.words.sort(key=_BY_X0)
        self.top = min(w.top for w in self.words)
        self.bottom = max(w.bottom for w in self.words)
        self.mid = (self.top + self.bottom) / 2


def _unruled_labels(lines: list[_Line], cw: float) -> None:
    """Rows of unruled tables (no drawn cells: printed without rules, with rules between rows only or only a
    border) take their labels from the table's label columns as a whole, not line by line.  A narrow label
    column wraps a label over several lines, and a merged group cell beside it wraps too, so a row's label
    lines and its numbers do not share a line and the lines of neighbouring cells interleave.  Per page of
    each run of value lines (:func:`_label_segment`): the label columns start where the words of the label
    area line up (labels are printed from their cell's left edge), every word goes to its column, and each
    column's lines are cut into cells centred on the rows' numbers (a cell is printed centred on its row, its
    lines one line pitch apart).  A row's label is its cell in the rightmost column that has one; the other
    columns' lines are group cells and header text.  Where two cuttings explain a column equally well, or a
    line right of the row's label column belongs to no row, the row's label is not known: the row is given
    none (never a neighbour's label)."""
    taken: set[int] = set()
    last = None  # the rows of the last page of the table before, and its lines left over
    _marks_left_of_values([line for line in lines if line.values and line.cell_values is None], cw)
    for run in _label_runs(lines, cw):
        if any(r.cell_values is not None and not r.label_outside for r in run):
            last = None
            continue  # a ruled table: its drawn cells give the labels
        by_page: dict[int, list[_Line]] = {}
        for row in run:
            by_page.setdefault(row.page, []).append(row)
        # the columns from the whole table's body (a page may hold a row or two of it; a header is centred)
        area = [(rows, w) for rows in by_page.values() for ws in (_label_area(lines, rows, taken) or ((), []))[1]
                for w in ws]
        body = [w for rows, w in area if rows[0].values[0].mid - S.line_overlap * cw <= w.mid
                <= rows[-1].values[0].mid + S.line_overlap * cw]
        starts = _label_columns(body) if body else _LabelColumns([], [])
        if not starts.xs and area:  # a row or two: the lines above and below them too
            starts = _label_columns([w for _, w in area])
        free = {page: _label_segment(lines, rows, cw, taken, starts) for page, rows in by_page.items()}
        pages = sorted(by_page)
        for page in pages:
            if page + 1 in by_page:
                _join_broken_row(lines, by_page[page][-1], free[page], by_page[page + 1][0], free[page + 1], starts,
                                 cw)
        if last is not None and pages and last[0][-1].page + 1 == pages[0] \
                and len(last[0][-1].values) == len(by_page[pages[0]][0].values):
            # the table goes on after a page break and its header printed again: its row there may be broken too
            _join_broken_row(lines, last[0][-1], last[1], by_page[pages[0]][0], free[pages[0]], starts, cw,
                             tail=True)
        last = (by_page[pages[-1]], free[pages[-1]]) if pages else None


def _marks_left_of_values(rows: list[_Line], cw: float) -> None:
    """A dash-like mark ("一" of "只计这一情形" wrapped onto a line of its own in a narrow label column) read as a
    row's first value when it ends a cell's gap before the first number of every other row on its page (three
    at least): a character of the label, not a cell (a mark in a table's first column stands in it, under the
    numbers of that column)."""
    firsts: dict[int, list[float]] = {}
    for r in rows:
        if any(ch.isdigit() for ch in r.values[0].text):
            firsts.setdefault(r.page, []).append(r.values[0].x0)
    for row in rows:
        mark, found = row.values[0], firsts.get(row.page, [])
        if len(row.values) > 1 and len(found) >= 3 and not any(ch.isdigit() for ch in mark.text) \
                and mark.x1 < min(found) - S.cell_gap * cw:
            row.values = row.values[1:]
            columns = row.label_columns or [[]]
            row.label_columns = columns[:-1] + [columns[-1] + [mark]]


def _join_broken_row(lines: list[_Line], row: _Line, below: list[_Line] | None, first: _Line,
                     above: list[_Line] | None, starts: _LabelColumns, cw: float,
                     tail: bool = False) -> None:
    """A row broken across a page (a browser or a word processor lets a tall row run on): ``row``, the last
    of a page, its label known, takes the lines of its label column left over below it (``below``: those
    the page's rows did not take) and those left over at the top of the next page (``above``) before the
    label of its first row ``first`` ("（8）属" "于行政" / "查询事" "项"); with ``tail``, only when its label
    runs on below it.  A line there that starts with an item number begins another row's label: nothing is
    joined then."""
    if below is None or above is None or not row.column_label or not row.label_columns or not row.label_columns[0]:
        return
    reach = S.column_start_reach * cw
    own = row.label_columns[0]
    c = starts.of(min(w.x0 for w in own), max(w.x1 for w in own), reach)  # centred: its widest line's centre
    if c is None:
        return
    bottom = max(w.bottom for w in own)
    top = min(w.top for w in first.label_columns[0]) if first.label_columns and first.label_columns[0] \
        else first.top
    after = [ln for ln in below if ln.page == row.page and ln.top >= bottom and starts.of(ln.x0, ln.x1, reach) == c]
    before = [ln for ln in above if ln.page == first.page and ln.top < top and starts.of(ln.x0, ln.x1, reach) == c]
    if not after and (tail or not before) or any(_ITEM_START.match(ln.text) for ln in after + before):
        return
    row.column_label += "".join(_join_words(ln.words, cw) for ln in after + before)
    row.label_columns[0] = own + [w for ln in after + before for w in ln.words]
    gone = {id(ln) for ln in after + before}
    lines[:] = [line for line in lines if id(line) not in gone]


def _label_runs(lines: list[_Line], cw: float) -> list[list[_Line]]:
    """The runs of value lines (:func:`_table_runs`) joined where only lines of the label area (a label piece
    no row took, a group cell) stand between them: one table, its columns read as a whole.  A line reaching
    into the value area (prose, a header) or starting right of the rows' labels (a caption) parts them."""
    index = {id(line): k for k, line in enumerate(lines)}
    out: list[list[_Line]] = []
    for run in _table_runs(lines, cw):
        if out:
            prev = out[-1]
            # (rows of drawn cells read blank have no value words: where the values start is not known then)
            xv = min((r.values[0].x0 for r in prev + run if r.values), default=None)
            # the label area's right edge: where the rows' own label words end (a caption centred over the
            # table starts right of them)
            ends = [w.x1 for r in prev + run for c in r.label_columns for w in c]
            between = lines[index[id(prev[-1])] + 1:index[id(run[0])]]
            if ends and xv is not None and not any(line.is_value_line or line.x1 > xv or line.x0 > max(ends) for line in between):
                prev += run
                continue
        out.append(list(run))
    return out


def _label_area(lines: list[_Line], rows: list[_Line], taken: set[int]
                ) -> tuple[tuple[int, int], list[list[_Word]]] | None:
    """The lines around one page's rows of an unruled table that may hold their labels (``lines[lo:hi + 1]``),
    and per line its words in the label area (left of the values); None when the rows cannot be read so."""
    page = rows[0].page
    first = next(k for k, line in enumerate(lines) if line is rows[0])
    last = next(k for k in range(first, len(lines)) if lines[k] is rows[-1])
    row_ids = {id(r) for r in rows}
    h = statistics.median(w.bottom - w.top for r in rows for w in r.values)
    xv = min(r.values[0].x0 for r in rows)  # the value area starts here
    reach = S.label_reach * h

    def outside(line: _Line) -> bool:  # prose, a caption over the table, another table's row: the window ends
        return line.page != page or (line.is_value_line and id(line) not in row_ids) or any(
            w.x0 < xv < w.x1 for w in line.words)

    lo = first
    while lo > 0 and not outside(lines[lo - 1]) and rows[0].top - lines[lo - 1].top <= reach:
        lo -= 1
    hi = last
    while hi + 1 < len(lines) and not outside(lines[hi + 1]) and lines[hi + 1].top - rows[-1].top <= reach:
        hi += 1
    if any(outside(line) for line in lines[first:last + 1]):
        return None
    values = {id(w) for r in rows for w in r.values}
    if any(_is_value(w) and w.x1 > xv for line in lines[lo:hi + 1] if id(line) not in row_ids for w in line.words):
        return None  # numbers no row holds (a value glued to its label's last word): read line by line
    return (lo, hi), [[w for w in line.words if id(w) not in values and id(w) not in taken and w.x1 <= xv]
                      for line in lines[lo:hi + 1]]


def _label_segment(lines: list[_Line], rows: list[_Line], cw: float, taken: set[int],
                   starts: _LabelColumns) -> list[_Line] | None:
    """The labels of one page's rows of an unruled table (:func:`_unruled_labels`), its label columns starting
    at ``starts``; ``lines`` is rebuilt around them: the rows' label words leave their lines, the other words
    of the label area become one text line per group cell (column block), returned (None: not read so)."""
    area = _label_area(lines, rows, taken)
    if area is None:
        return
    (lo, hi), by_line = area
    page = rows[0].page
    row_ids = {id(r) for r in rows}
    h = statistics.median(w.bottom - w.top for r in rows for w in r.values)
    mids = [math.fsum(w.mid for w in r.values) / len(r.values) for r in rows]
    if not any(by_line) or not starts.xs:
        return  # a table without labels (table 四)
    by_column: list[list[_Word]] = [[] for _ in starts.xs]
    number_of = {id(w): line.number for line in lines[lo:hi + 1] for w in line.words}
    reach = S.column_start_reach * cw
    cand: list[_Word] = []
    stray: list[_Word] = []
    for ws in by_line:
        # a word touching the one before it ("只计这" "一…" in two fonts) is in its column: the line's runs of
        # words, each in the column where it starts (or, labels centred, is centred)
        runs: list[list[_Word]] = []
        for w in sorted(ws, key=_BY_X0):
            prev = runs[-1][-1] if runs else None
            if prev is None or w.x0 - prev.x1 > S.space_gap * cw or w.mid - prev.mid > S.line_overlap * h:
                runs.append([w])
            else:
                runs[-1].append(w)
        for run in runs:
            # a run starting (centred) at no column is no label's line (a centred caption or header)
            k = starts.of(run[0].x0, max(w.x1 for w in run), reach)
            (stray if k is None else cand).extend(run)
            if k is not None:
                by_column[k].extend(run)
    columns = [[_ColumnLine(g) for g in _cluster(ws)] for ws in by_column if ws]
    gaps = [b.mid - a.mid for col in columns for a, b in zip(col, col[1:]) if 0.8 * h <= b.mid - a.mid <= 1.6 * h]
    # lines of one cell are at most this far apart: the usual line pitch and a paragraph's spacing
    pitch = (statistics.median(gaps) if gaps else h) + S.cell_spacing * h
    # the line pitch inside a cell: the closest lines among the rows (a header's smaller font aside)
    body = [b.mid - a.mid for col in columns for a, b in zip(col, col[1:])
            if 0.8 * h <= b.mid - a.mid <= 1.6 * h and mids[0] - h <= a.mid and b.mid <= mids[-1] + h]
    close = min(body) if body else pitch - S.cell_spacing * h
    found = [_cut_column(col, mids, h, pitch, close) for col in columns]
    for c, col in enumerate(columns):  # labels at the top of their cells (a Word table without borders)
        top = _cut_column_top(col, mids, h, pitch)
        if top is not None and _unexplained(top) < _unexplained(found[c]):
            found[c] = top
    spilt = any(_overprinted([w], w.bottom - w.top) for w in cand)
    if not spilt:  # (labels spilt over their rows: a line left over may be any row's)
        found = [_item_line_joined(col, cut, pitch) for col, cut in zip(columns, found)]
        for c, col in enumerate(columns):  # labels at the top or bottom of rows higher than them (Calc)
            items = _cut_column_items(col, mids, h, pitch)
            if items is not None:  # the cells it adds to the rows the cut left without
                found[c] = _cells_added(found[c], items)
    labels: list[list[_Word] | None] = []  # per row: the words of its label, None when not known
    chosen = [_label_cell_at(found, i, len(columns)) for i in range(len(rows))]
    # labels printed over one another (wrapped over more lines than their rows are high, spilt over the rows
    # around): a row amid rows labelled in the rightmost column whose label is found further left (a group
    # cell's line) lost its own label among the spilt lines — the group cell is not its label
    inner = range(0)
    if spilt:
        right = max((at[0] for at, _ in chosen if at is not None), default=0)
        items = [i for i, (at, _) in enumerate(chosen) if at is not None and at[0] == right]
        inner = range(items[0] + 1, items[-1]) if items else inner
    for i, row in enumerate(rows):
        at, unsure = chosen[i]
        if i in inner and at is not None and at[0] < right:
            at, unsure = None, True
        cell = columns[at[0]][at[1][0]:at[1][1]] if at is not None else []
        if cell:
            lo_mid = (mids[i - 1] + mids[i]) / 2 if i else cell[0].top
            hi_mid = (mids[i + 1] + mids[i]) / 2 if i + 1 < len(rows) else cell[-1].bottom
            left = min(w.x0 for ln in cell for w in ln.words)
            # a line right of the label belonging to no row, or words there in no column (a column this table
            # shows too little of): the label is not known.  Labels spilt over their rows (the default row
            # height), a line there taken by a row around too: it is this row's own label the cutting gave a
            # neighbour, and the cell found further left a group cell's line ("（四）无法" "提供" centred on the
            # group's middle row), never the row's name
            if any(lo_mid < columns[c][j].mid < hi_mid for c in range(at[0] + 1, len(columns))
                   for j in (range(len(columns[c])) if spilt else found[c][1])) \
                    or any(w.x0 > left + reach and lo_mid < w.mid < hi_mid for w in stray):
                cell, unsure = [], True
        if cell:
            labels.append([w for ln in cell for w in ln.words])
        elif not unsure:  # no cell centred on the row (a row broken by the page): its label read line by line
            labels.append([w for p in row.pieces_before for w in p.words] + (
                row.label_columns[-1] if row.label_columns else []) + [w for p in row.pieces_after for w in p.words])
        else:
            labels.append(None)
    mine = [{id(w) for w in ws} if ws else set() for ws in labels]
    for i, ws in enumerate(labels):  # a label read line by line may not take words of another row's label
        if ws and any(mine[i] & mine[k] for k in range(len(rows)) if k != i):
            labels[i] = None
        elif ws and _overprinted(sorted(ws, key=_MID), _median([w.bottom - w.top for w in ws])):
            labels[i] = None  # two labels printed over one another (spilt over their rows): neither is known
    used: set[int] = set()
    for row, ws in zip(rows, labels):
        row.pieces_before, row.pieces_after, row.guess_x0 = [], [], None
        if not ws:
            row.column_label, row.label_columns = "", []
            continue
        used.update(id(w) for w in ws)
        row.label_columns = [ws]
        lines_of = _cluster(ws)
        row.column_label = "".join(_join_words(sorted(g, key=_BY_X0), cw) for g in lines_of)
    taken |= used
    # the other lines of each column: one text line per block of lines a line pitch apart (a group cell)
    free: list[_Line] = []
    top, bottom = rows[0].top, max(w.bottom for w in rows[-1].words)
    for col in columns:
        block: list[_Word] = []
        last = None
        for ln in col + [None]:
            rest = [w for w in ln.words if id(w) not in used] if ln is not None else []
            if block and (not rest or len(rest) < len(ln.words) or ln.mid - last > pitch):
                piece = _Line(page, number_of[id(block[0])], block)
                piece.origin = id(piece)
                piece.in_table = top <= piece.top <= bottom
                free.append(piece)
                block = []
            if rest:
                block += rest
                last = ln.mid
    gone = {id(w) for w in cand}
    kept: list[_Line] = []
    for line in lines[lo:hi + 1]:
        if id(line) not in row_ids and any(id(w) in gone for w in line.words):
            line.words = [w for w in line.words if id(w) not in gone]
            for name in ("top", "x0", "x1", "text", "height"):  # the geometry cached by _once
                line.__dict__.pop(name, None)
            if not line.words:
                continue
        kept.append(line)
    free.sort(key=lambda line: line.top)
    placed = list(free)
    merged: list[_Line] = []
    for line in kept:  # the lines in their order, each text line of the label area before the first below it
        while free and free[0].top < line.top:
            merged.append(free.pop(0))
        merged.append(line)
    lines[lo:hi + 1] = merged + free
    return placed


def _label_cell_at(found: list, i: int, ncols: int) -> tuple[tuple | None, bool]:
    """Row ``i``'s label cell among the cut columns ``found``: (column, cut) in the rightmost column that has
    one, and whether two cuttings explain a column equally well (then none)."""
    for c in range(ncols - 1, -1, -1):
        options = found[c][0][i]
        if len(options) > 1:
            return None, True  # two cuttings as good
        if options and options != {None}:
            return (c, next(iter(options))), False
    return None, False


@dataclass
class _LabelColumns:
    """The label columns of an unruled table: where each starts (``xs``, the column of each in ``column_of``),
    or, its labels printed centred in their cells (``centred``), where each is centred (a cell spanning two
    columns centred between them is a column of its own)."""

    xs: list[float]
    column_of: list[int]
    centred: bool = False

    def of(self, x0: float, x1: float, reach: float) -> int | None:
        """The column of a run of words from ``x0`` to ``x1``; None: none (a caption, a header)."""
        x = (x0 + x1) / 2 if self.centred else x0
        at = bisect.bisect_right(self.xs, x + reach) - 1
        if self.centred:  # the nearest centre within reach either side
            near = [k for k in (at, at + 1) if 0 <= k < len(self.xs) and abs(x - self.xs[k]) <= 2 * reach]
            return self.column_of[min(near, key=lambda k: abs(x - self.xs[k]))] if near else None
        return self.column_of[at] if at >= 0 and x - self.xs[at] <= 2 * reach else None


def _label_columns(words: list[_Word]) -> _LabelColumns:
    """The label columns of an unruled table's label area (:func:`_column_starts`), or where its centred labels
    are centred (:func:`_column_centres`: each line of a cell centred in it, WeasyPrint's print of a Word page)."""
    centres = _column_centres(words)
    if centres is not None:
        return _LabelColumns(centres, list(range(len(centres))), True)
    return _LabelColumns(*_column_starts(words))


def _clusters(xs: list[float], reach: float) -> list[list[float]]:
    out: list[list[float]] = []
    for x in sorted(xs):
        if out and x - out[-1][-1] <= reach:
            out[-1].append(x)
        else:
            out.append([x])
    return out


def _column_centres(words: list[_Word]) -> list[float] | None:
    """Where the centred label columns are centred (see :func:`_label_columns`), each place a column (one
    label there, a cell spanning columns, is one too); None when labels start at their columns' left edges:
    unless the words' centres gather at fewer places than their left edges do (each line of a cell
    centred in it: lines of different lengths start apart; labels printed from the left edge: lines of
    different lengths end apart, so their centres gather at more places than their starts), the labels are
    read by their starts."""
    if len(words) < S.centred_least:  # a row or two: too few lines to tell
        return None
    sizes = [(w.x1 - w.x0) / len(w.text) for w in words if len(w.text) >= 2 and not w.text.isascii()]
    cwt = statistics.median(sizes) if sizes else statistics.median(w.bottom - w.top for w in words)
    reach = S.column_start_reach * cwt
    runs: list[list[float]] = []  # [x0, x1, mid, height] of each run of words touching on a line (a word of
    for w in sorted(words, key=_BY_X0):  # two fonts, a dash-like mark: one line of a cell)
        run = next((r for r in runs if abs(w.mid - r[2]) <= S.line_overlap * r[3]
                    and -reach <= w.x0 - r[1] <= S.space_gap * cwt), None)
        if run is None:
            runs.append([w.x0, w.x1, w.mid, w.bottom - w.top])
        else:
            run[1] = max(run[1], w.x1)
    centres = _clusters([(r[0] + r[1]) / 2 for r in runs], reach)
    n_starts = len(_clusters([r[0] for r in runs], reach))
    if n_starts <= len(centres):
        return None
    return [statistics.median(c) for c in centres]


def _column_starts(words: list[_Word]) -> tuple[list[float], list[int]]:
    """Where the label columns of an unruled table start: the left edges that at least two words share
    (labels printed from their cell's left edge), and for each the column it starts: its own, or the one
    two characters left of it (a first-line indent of a paragraph in a cell, 首行缩进)."""
    sizes = [(w.x1 - w.x0) / len(w.text) for w in words if len(w.text) >= 2 and not w.text.isascii()]
    cwt = statistics.median(sizes) if sizes else statistics.median(w.bottom - w.top for w in words)
    clusters: list[list[float]] = []
    for x in sorted(w.x0 for w in words):
        if clusters and x - clusters[-1][-1] <= S.column_start_reach * cwt:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    starts: list[float] = []
    column_of: list[int] = []
    for c in clusters:
        if len(c) < 2:
            continue
        base = next((k for k, s in enumerate(starts)
                     if abs(c[0] - s - S.indent_chars * cwt) <= S.column_start_reach * cwt), None)
        column_of.append(max(column_of, default=-1) + 1 if base is None else column_of[base])
        starts.append(c[0])
    # each column's indented lines start two characters in, however few of them the table shows; a column
    # whose lines are mostly indented (each label a paragraph or two) starts two characters before them
    reach = S.column_start_reach * cwt
    indent = S.indent_chars * cwt
    xs = sorted(w.x0 for w in words)

    def taken(x: float) -> bool:
        return any(abs(x - t) <= reach for t in starts)

    def shown(x: float) -> bool:
        return bisect.bisect_right(xs, x + reach) > bisect.bisect_left(xs, x - reach)

    more = [(s + indent, k) for s, k in zip(starts, column_of) if not taken(s + indent)]
    more += [(s - indent, k) for s, k in zip(starts, column_of) if not taken(s - indent) and shown(s - indent)]
    both = sorted(list(zip(starts, column_of)) + more)
    return [s for s, _ in both], [k for _, k in both]


def _cut_column(col: list[_ColumnLine], mids: list[float], h: float, pitch: float, close: float
                ) -> tuple[list[set], set[int]]:
    """A label column's lines cut into cells, each centred on a row's numbers (``mids``), none with lines
    further apart than ``pitch``: as few lines left over, rows left without a cell and lines of a cell further
    apart than ``close`` (the line pitch inside a cell: two cells' lines taken for one) as can be, each costing
    alike.  Per row the blocks (j, k) of lines it gets in the best cuttings (None: none; two or more: the
    cuttings disagree), and the lines left over in the first of them."""
    tol = S.centre_reach * h
    # only the rows level with the column's lines can take a cell in it (a cell's centre lies between its
    # first line's and its last's); the others get none whichever cutting, each costing alike: left out
    below = bisect.bisect_left(mids, (min(ln.top for ln in col) + min(ln.bottom for ln in col)) / 2 - tol)
    above = bisect.bisect_right(mids, (max(ln.top for ln in col) + max(ln.bottom for ln in col)) / 2 + tol)
    outer = mids
    mids = mids[below:above]
    m, n = len(col), len(mids)
    miss = 1  # a line left over, a row without a cell and two lines of a cell stretched apart cost alike
    blocks: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (j, i) → [(k, cost) …]: lines j..k-1 row i's
    for j in range(m):
        stretched = 0
        for k in range(j + 1, min(m, j + S.label_lines_max) + 1):
            if k - 1 > j:
                gap = col[k - 1].mid - col[k - 2].mid
                if gap > pitch:
                    break
                stretched += gap > close + S.pitch_slack * h
            centre = (col[j].top + col[k - 1].bottom) / 2
            i = bisect.bisect_left(mids, centre - tol)
            while i < n and mids[i] <= centre + tol:
                at = below + i  # the row in all rows: its neighbours bound its cell
                if (at == 0 or col[j].top > outer[at - 1]) \
                        and (at + 1 == len(outer) or col[k - 1].bottom < outer[at + 1]):
                    blocks.setdefault((j, i), []).append((k, stretched))
                i += 1
    if not blocks:  # no cell centred on any row: every line left over, no row a cell here
        return [{None}] * len(outer), set(range(m))
    inf = math.inf
    f = [[inf] * (n + 1) for _ in range(m + 1)]  # the least cost to have read lines[:j] and rows[:i]
    f[0][0] = 0
    for j in range(m + 1):
        for i in range(n + 1):
            here = f[j][i]
            if here == inf:
                continue
            if j < m and here + miss < f[j + 1][i]:
                f[j + 1][i] = here + miss  # line j left over
            if i < n:
                if here + miss < f[j][i + 1]:
                    f[j][i + 1] = here + miss  # row i without a cell here
                for k, cost in blocks.get((j, i), ()):
                    if here + cost < f[k][i + 1]:
                        f[k][i + 1] = here + cost
    g = [[inf] * (n + 1) for _ in range(m + 1)]  # the least cost to read the rest from (j, i)
    g[m][n] = 0
    for j in range(m, -1, -1):
        for i in range(n, -1, -1):
            best = g[j][i]
            if j < m:
                best = min(best, miss + g[j + 1][i])
            if i < n:
                best = min(best, miss + g[j][i + 1])
                for k, cost in blocks.get((j, i), ()):
                    best = min(best, cost + g[k][i + 1])
            g[j][i] = best
    total = g[0][0]
    options: list[set] = [set() for _ in range(n)]
    for (j, i), ks in blocks.items():
        for k, cost in ks:
            if f[j][i] + cost + g[k][i + 1] == total:
                options[i].add((j, k))
    for i in range(n):
        if any(f[j][i] + miss + g[j][i + 1] == total for j in range(m + 1)):
            options[i].add(None)
    # the lines left over in one best cutting (followed from the start)
    left: set[int] = set()
    j = i = 0
    while (j, i) != (m, n):
        step = next(((k, i + 1) for k, cost in blocks.get((j, i), ()) if i < n and cost + g[k][i + 1] == g[j][i]),
                    None)
        if step is None and i < n and miss + g[j][i + 1] == g[j][i]:
            step = (j, i + 1)
        if step is None:
            left.add(j)
            step = (j + 1, i)
        j, i = step
    return [{None}] * below + options + [{None}] * (len(outer) - above), left


def _cut_column_items(col: list[_ColumnLine], mids: list[float], h: float, pitch: float
                      ) -> tuple[list[set], set[int]] | None:
    """A label column's lines cut into cells at the lines that begin an item ("1.申请人无正" … "申请", "2.申请人
    逾期" …): each cell from such a line down its lines no further apart than ``pitch`` to the next item, the
    cell of the one row whose numbers stand within it (its first line to its last, a line's height slack) — a
    label at the top of a row a line or two higher than it, neither centred on the numbers (:func:`_cut_column`)
    nor level with them at its first line (:func:`_cut_column_top`).  Two cells around one row: both its options
    (not known); a cell followed, further than ``pitch`` below, by a line that begins no item: none (its end is
    not known).  None when no row's cell so found."""
    tol = S.centre_reach * h
    m = len(col)
    starts = [j for j, ln in enumerate(col) if _ITEM_START.match("".join(w.text for w in ln.words))]
    options: list[set] = [{None} for _ in mids]
    used: set[int] = set()
    blocks = []
    for j in starts:
        k = j + 1
        while k < m and k not in starts and col[k].mid - col[k - 1].mid <= pitch:
            k += 1
        if k == m or k in starts:  # (a line further down that begins no item: where the cell ends is not known)
            blocks.append((j, k))
    later = []
    for j, k in blocks:
        lo = bisect.bisect_left(mids, col[j].top - tol)
        hi = bisect.bisect_right(mids, col[k - 1].bottom + tol)
        if hi - lo == 1:
            options[lo] = {(j, k)} if options[lo] == {None} else options[lo] | {(j, k)}
            used.update(range(j, k))
        elif hi == lo:
            later.append((j, k))
    # a cell with no row's numbers within it (a label at the bottom of a row higher than it, below the
    # numbers): the row just above it, within a line pitch, when the row below is twice as far and no other
    # cell has that row
    for j, k in later:
        i = bisect.bisect_left(mids, col[j].top) - 1
        if i < 0 or options[i] != {None} or col[j].top - mids[i] > pitch:
            continue
        centre = (col[j].top + col[k - 1].bottom) / 2
        if i + 1 == len(mids) or mids[i + 1] - centre >= 2 * (centre - mids[i]):
            options[i] = {(j, k)}
            used.update(range(j, k))
    if all(opts == {None} for opts in options):
        return None
    return options, set(range(m)) - used


def _cells_added(found: tuple[list[set], set[int]], other: tuple[list[set], set[int]]
                 ) -> tuple[list[set], set[int]]:
    """A cut column (``found``) given the cells of another cutting (``other``) of its rows without a cell whose
    lines it left over: one cell each, no line taken from another row."""
    options, left = found
    out, left = list(options), set(left)
    for i, (mine, theirs) in enumerate(zip(options, other[0])):
        if mine == {None} and len(theirs) == 1 and None not in theirs:
            j, k = next(iter(theirs))
            if all(n in left for n in range(j, k)):
                out[i] = theirs
                left -= set(range(j, k))
    return out, left


def _item_line_joined(col: list[_ColumnLine], found: tuple[list[set], set[int]], pitch: float
                      ) -> tuple[list[set], set[int]]:
    """A cut column (:func:`_cut_column`) whose cell begins mid-label ("行政法规禁" "止公开") right under a line
    left over that begins an item ("2.其他法律"), no further than ``pitch`` above it: that line is the cell's
    first (a label at the top of a row higher than it, Calc's rows sized a line or so too high: its first line
    above the row's numbers, the cell centred too far up to be cut so)."""
    options, left = found
    if not left:
        return found
    starts = [bool(_ITEM_START.match("".join(w.text for w in ln.words))) for ln in col]
    out = list(options)
    left = set(left)
    for i, opts in enumerate(options):
        if len(opts) != 1 or None in opts:
            continue
        j, k = next(iter(opts))
        if j - 1 in left and starts[j - 1] and not starts[j] and col[j].mid - col[j - 1].mid <= pitch:
            out[i] = {(j - 1, k)}
            left.discard(j - 1)
    return out, left


def _unexplained(found: tuple[list[set], set[int]]) -> int:
    """A cutting's lines left over and rows left without a cell (or with cuttings that disagree)."""
    options, left = found
    return len(left) + sum(opts != {None} and len(opts) != 1 or opts == {None} for opts in options)


def _cut_column_top(col: list[_ColumnLine], mids: list[float], h: float, pitch: float
                    ) -> tuple[list[set], set[int]] | None:
    """A label column's lines cut into cells printed at the top of their rows (:func:`_cut_column` cuts them
    centred): a row's cell starts with the line level with its numbers, which starts an item ("1.属" "（一）予以"
    "一、本年"), and goes on down its lines no further apart than ``pitch`` to the next row's line or a line
    starting an item (a row without numbers, a group's label).  None when no row's cell so starts."""
    tol = S.centre_reach * h
    m = len(col)
    firsts: dict[int, int] = {}  # line → row
    for i, mid in enumerate(mids):
        near = [j for j in range(m) if abs(col[j].mid - mid) <= tol]
        if len(near) == 1 and _ITEM_START.match("".join(w.text for w in col[near[0]].words)):
            firsts[near[0]] = i
    if not firsts:
        return None
    options: list[set] = [{None} for _ in mids]
    used: set[int] = set()
    for j, i in firsts.items():
        k = j + 1
        while k < m and k not in firsts and col[k].mid - col[k - 1].mid <= pitch \
                and not _ITEM_START.match("".join(w.text for w in col[k].words)) \
                and (i + 1 == len(mids) or col[k].mid < mids[i + 1] - tol):
            k += 1
        options[i] = {(j, k)}
        used.update(range(j, k))
    return options, set(range(m)) - used


def _bands(rows: list[_Line]) -> list[float]:
    most = max(len(r.values) for r in rows)
    full = [r for r in rows if len(r.values) == most]
    return [_mean([(r.values[k].x0 + r.values[k].x1) / 2 for r in full]) for k in range(most)]


def _mean(xs: list[float]) -> float:
    """``statistics.mean`` of floats, the same value (their exact sum's mean, rounded once) without its
    fractions: each float is an integer over a power of two, summed over the largest of those powers, and
    Python's division of two integers rounds correctly, as ``float(Fraction)`` does."""
    if not all(math.isfinite(x) for x in xs):
        return statistics.mean(xs)
    ratios = [x.as_integer_ratio() for x in xs]
    scale = max(d for _, d in ratios)
    return sum(n * (scale // d) for n, d in ratios) / (scale * len(xs))


def _place(row: _Line, bands: list[float]) -> list[str]:
    """The row's values at their column positions ("" where the row has no value).  A value word spanning the
    centres of two columns is two cells' numbers printed without a gap (borderless boxes without padding:
    "49108" and "175862" as "49108175862"): the row's values are then kept in order, unplaced (never the glued
    digits in one cell and a blank beside them)."""
    if any(sum(w.x0 < c < w.x1 for c in bands) > 1 for w in row.values):
        return [_value_text(x) for x in row.values]
    if len(row.values) == len(bands):
        return [_value_text(w) for w in row.values]
    out = [""] * len(bands)
    used = set()
    for w in row.values:
        mid = (w.x0 + w.x1) / 2
        k = min(range(len(bands)), key=lambda b: abs(bands[b] - mid))
        if k in used:  # two values in one column: do not guess, keep them in order
            return [_value_text(x) for x in row.values]
        used.add(k)
        out[k] = _value_text(w)
    if _text_over_blank(row, [c for c, v in zip(bands, out) if not v]):
        return [_value_text(x) for x in row.values]
    return out


def _text_over_blank(row: _Line, centres: list[float]) -> bool:
    """Whether a text word of the row runs over the centre of a column left blank: a label overflowing its box
    into the first value column with that cell's number glued to it ("情形，0": a CSS grid whose auto columns let
    the label run on) — the column is not known to be blank."""
    values = {id(w) for w in row.values}
    return any(w.x0 < c < w.x1 for w in row.words if id(w) not in values for c in centres)


def _table_runs(lines: list[_Line], cw: float) -> list[list[_Line]]:
    """Runs of value lines that form one table: broken by a line that is neither a piece nor short."""
    runs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.is_value_line:
            current.append(line)
        elif line.attached or line.in_table:
            continue
        elif len(line.text) <= S.table_gap_max_chars and _is_piece(line, cw):
            continue  # a merged group cell ("（三）不", "本") inside the table
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


# the column counts of the formats' tables printed as captioned parts (table 四: 3 × 5): the only tables whose rows
# are placed by their header's columns
_PARTED_WIDTHS = {len(t.columns) for fmt in (FORMAT_2019, FORMAT_2021) for t in fmt.tables if t.parts}
# … and of table 三, whose labelled rows may be placed by their header's columns when none of them fills every column
_LABELLED_WIDTHS = {len(t.columns) for fmt in (FORMAT_2019, FORMAT_2021) for t in fmt.tables if t.number == "三"}


def _header_spans(lines: list[_Line], first: int, cw: float) -> list[tuple[float, float]]:
    """The leaf columns of an unruled table's header, from the header lines above its first value line
    ``lines[first]`` (bottom up, across a page break): a word overlapping no column yet starts one, a word
    overlapping one column widens it (the upper characters of a label printed down its column), a word over
    several columns is a group caption ("未经复议直接起诉") and names none.  Stops at prose or a value line."""
    spans: list[list[float]] = []
    for line in reversed(lines[max(0, first - S.header_lines_max):first]):
        if line.is_value_line or line.attached or len(line.text) > S.piece_max_chars:
            break
        for w in line.words:
            over = [s for s in spans if w.x0 < s[1] and s[0] < w.x1]
            if not over:
                spans.append([w.x0, w.x1])
            elif len(over) == 1:
                over[0][0], over[0][1] = min(over[0][0], w.x0), max(over[0][1], w.x1)
    return sorted((a, b) for a, b in spans)


def _by_header(run: list[_Line], spans: list[tuple[float, float]]) -> dict[int, list[str]] | None:
    """Each row of ``run`` placed in the header's columns (a value whose centre stands inside one column's span),
    "" for a column without value; None when a value stands in no column or two values in one."""
    placed: dict[int, list[str]] = {}
    for row in run:
        out = [""] * len(spans)
        for w in row.values:
            mid = (w.x0 + w.x1) / 2
            ks = [k for k, (a, b) in enumerate(spans) if a - S.cell_pad <= mid <= b + S.cell_pad]
            if len(ks) != 1 or out[ks[0]] or sum(w.x0 < (a + b) / 2 < w.x1 for a, b in spans) > 1:
                return None  # (a word over two columns' centres: two cells' numbers printed without a gap)
            out[ks[0]] = _value_text(w)
        if _text_over_blank(row, [(a + b) / 2 for (a, b), v in zip(spans, out) if not v]):
            return None
        placed[id(row)] = out
    return placed


def _header_columns(lines: list[_Line], run: list[_Line], index: dict[int, int], cw: float
                    ) -> dict[int, list[str]] | None:
    """An unruled table none of whose rows fills every column (table 四 with a whole group left blank, printed
    by a browser without borders): the header words above it tell the columns, and a row's values go to the
    columns they stand under — never shifted left into the blank group's place.  Used for rows without label
    words when the header shows as many columns as table 四 has; for labelled rows (table 三 of a small agency,
    blank cells in every row: no row shows where all seven columns stand) with the header's columns over the
    value area, as many as table 三 has.  Only when the header shows more columns than the fullest row has
    values, and every value stands under one column, alone (:func:`_by_header`)."""
    if any(row.cell_values is not None for row in run):
        return None
    labelled = any(row.label_columns and any(row.label_columns) or row.pieces_before or row.pieces_after
                   for row in run)
    spans = _header_spans(lines, index[id(run[0])], cw)
    if labelled:  # the header's columns right of the rows' labels (the label area's header words name none)
        xl = max((w.x1 for row in run for ws in row.label_columns + [p.words for p in row.pieces_before
                                                                     + row.pieces_after] for w in ws), default=None)
        if xl is None:
            return None  # label columns or pieces without a word: where the label area ends is not known
        spans = [sp for sp in spans if sp[0] > xl - cw]
    widths = _LABELLED_WIDTHS if labelled else _PARTED_WIDTHS
    if len(spans) not in widths or len(spans) <= max(len(row.values) for row in run):
        return None  # a header read into more or fewer columns than such a table has (words split apart)
    return _by_header(run, spans)


def _table_columns(lines: list[_Line], cw: float) -> dict[int, tuple[int, list[float]]]:
    """Each value line's table (its run of value lines) and that table's column centres; a run placed by its
    header's columns (:func:`_header_columns`) gets its rows' cells instead of centres.  A run whose rows all
    took their cells from a drawn grid (:func:`_use_ruled_cells`) is placed by none of them: only its number."""
    table_of: dict[int, tuple[int, list[float]]] = {}
    index: dict[int, int] | None = None
    for t, run in enumerate(_table_runs(lines, cw)):
        if all(row.cell_values is not None for row in run):
            for row in run:
                table_of[id(row)] = (t, [])
            continue
        if index is None:
            index = {id(line): k for k, line in enumerate(lines)}
        bands = _bands(run)
        placed = _header_columns(lines, run, index, cw)
        for row in run:
            table_of[id(row)] = (t, placed[id(row)] if placed else bands)
    return table_of


@dataclass
class _GroupCells:
    """Merged group cells printed down their column ("三、" "本" "年" …, "（三）不" "予公开"): ``chained`` the
    pieces of each chain by the id of its first piece, ``member`` the ids of the later pieces, ``of_row``
    a value line's group-column cells as pseudo lines."""

    chained: dict[int, list[_Line]]
    member: set[int]
    of_row: dict[int, list[_Line]]

    def text(self, piece: _Line, cw: float) -> str | None:
        if id(piece) in self.member:
            return None
        return "".join(_join_words(p.words, cw) for p in self.chained.get(id(piece), [piece]))


def _group_cells(lines: list[_Line], cw: float) -> _GroupCells:
    """Join the unattached pieces of one column into one text block, placed at the first piece."""
    groups = _GroupCells({}, set(), {})
    open_chains: list[list[_Line]] = []
    last_of_page = {line.page: line for line in lines}
    first_row: dict[int, int] = {}  # a page's first value line's number: a group cell runs on down to it
    for line in lines:
        if line.is_value_line:
            first_row.setdefault(line.page, line.number)
    stream: list[_Line] = []
    for line in lines:
        if line.is_value_line:
            columns = line.label_columns[:-1] if line.cell_values is None else [
                c for c in ([w for w in col if id(w) not in line.cell_label_words] for col in line.label_columns) if c]
            groups.of_row[id(line)] = [_Line(line.page, line.number, col) for col in columns]
            stream += groups.of_row[id(line)]
        elif not line.attached and len(line.text) <= S.group_cell_max_chars and _is_piece(line, cw) \
                and not _ALL_DIGITS.fullmatch(line.text):  # (digits left unread are no group cell's text)
            stream.append(line)
    reach = S.group_column_reach * cw
    last_x0: list[float] = []  # each open chain's last piece's x0, to test the column first
    live: list[int] = []  # the chains whose last piece is on this page or the one before (others join nothing)
    page = None
    for line in stream:
        if line.page != page:
            page = line.page
            live = [k for k in live if open_chains[k][-1].page >= page - 1]
        x0 = line.x0
        if _ITEM_START.match(line.text):
            # an item number ("4.", "（三）") begins a label: the chains in its column end above it (two rows
            # printed all blank, "4.保护第三方合法权益" over "5.属于三类内部事务信息", are no one group cell)
            live = [k for k in live if last_x0[k] - x0 > reach or last_x0[k] - x0 < -reach]
        for k in live:  # the chains in its column, in order (|last x0 - x0| > reach, without abs(): not in it)
            d = last_x0[k] - x0
            if d > reach or d < -reach:
                continue
            chain = open_chains[k]
            last = chain[-1]
            # (across a page break only onto a page the table goes on on: rows there, a cell of it running on)
            if (last.page == line.page and 0 < line.top - last.top <= S.piece_reach * line.height) or (
                    last.page + 1 == line.page and line.page in first_row
                    and (line.number <= 2 or line.number <= first_row[line.page])
                    and last.number >= last_of_page[last.page].number - 1):
                chain.append(line)
                last_x0[k] = x0
                groups.member.add(id(line))
                break
        else:
            chain = [line]
            live.append(len(open_chains))
            open_chains.append(chain)
            last_x0.append(x0)
            groups.chained[id(line)] = chain
    return groups


def _row_block(line: _Line, cw: float, source: str, table_of: dict, groups: _GroupCells) -> list:
    """A value line as its group cells' text blocks and its RowBlock."""
    out: list = []
    for piece in groups.of_row[id(line)]:
        text = groups.text(piece, cw)
        if text:
            out.append(TextBlock(text, line.location(source)))
    if line.column_label is not None:
        label = line.column_label
    elif line.cell_values is not None and not line.label_outside:
        label = line.cell_label
    else:  # the label's pieces and its own column, joined
        own = line.label_columns[-1] if line.label_columns else []
        parts = [_join_words(p.words, cw) for p in line.pieces_before]
        if own:
            parts.append(_join_words(own, cw))
        parts += [_join_words(p.words, cw) for p in line.pieces_after]
        label = "".join(parts)
    if label and line.cell_values is None:
        words = [w for w in line.words if not w.value] + [w for p in line.pieces_before + line.pieces_after
                                                          for w in p.words]
        if words and _overprinted(sorted(words, key=_MID), _median([w.bottom - w.top for w in words])):
            label = ""  # two labels' lines printed over one another (spilt over their rows): neither row's name
    t, bands = table_of[id(line)]
    loc = line.location(source)
    cells = [RawCell(label, loc)] if label else []
    if line.cell_values is not None:
        values = line.cell_values
    elif bands and isinstance(bands[0], str):  # placed by the header's columns
        values = bands
    else:
        values = _place(line, bands)
    cells += [RawCell(v, loc) for v in values]
    # without drawn cells a row is placed only against the widest rows of its run, which need not show all
    # of the table's columns (a run of a row or two after a page break): fewer cells than the format's
    # columns are then not known to be the leftmost ones
    out.append(RowBlock(cells, loc, table=t, in_columns=line.cell_values is not None))
    return out


def _blocks(lines: list[_Line], cw: float, source: str) -> list:
    """The lines as blocks in reading order: rows, group cells, and paragraphs of prose."""
    table_of = _table_columns(lines, cw)
    groups = _group_cells(lines, cw)
    right = sorted(line.x1 for line in lines)[int(S.margin_quantile * (len(lines) - 1))]
    blocks: list = []
    para: list[_Line] = []
    last_origin: int | None = None

    def flush():
        if para:
            text = "".join(_join_words(p.words, cw) for p in para)
            blocks.append(TextBlock(text, para[0].location(source)))
            para.clear()

    for line in lines:
        if line.attached or id(line) in groups.member:
            continue
        if id(line) in groups.chained and len(groups.chained[id(line)]) > 1:
            flush()
            blocks.append(TextBlock(groups.text(line, cw), line.location(source)))
            last_origin = None
            continue
        if line.origin is not None and not line.is_value_line:
            flush()
            text = _join_words(line.words, cw)
            if last_origin == line.origin and blocks and isinstance(blocks[-1], TextBlock):
                blocks[-1].text += " " + text
            else:
                blocks.append(TextBlock(text, line.location(source)))
            last_origin = line.origin
            continue
        last_origin = None
        if line.is_value_line:
            flush()
            blocks += _row_block(line, cw, source, table_of, groups)
            continue
        if para:
            last = para[-1]
            # (a line set in another size is not the paragraph's: a title's last line above the body text)
            continues = (last.x1 >= right - S.margin_reach * cw and line.x0 <= min(p.x0 for p in para) + S.indent * cw
                         and last.page >= line.page - 1
                         and line.height <= S.same_size * last.height and last.height <= S.same_size * line.height)
            if not continues:
                flush()
        para.append(line)
    flush()
    return blocks


_DIGIT_RUNS = re.compile(r"\d+")  # (not _DIGITS: that one is a whole number word)


def _without_running_heads(lines: list[_Line], height: float) -> list[_Line]:
    """The lines without running heads and feet: a browser's print header (date and time, the page's title)
    and footer (the address, "1/5"), a document's running head — the same text, digits aside, in the outer
    band of the same edge of at least two pages and of most pages.  They are not the report's text (they
    became rows of stray numbers)."""
    pages = {line.page for line in lines}
    if len(pages) < 2:
        return lines
    band = S.running_band * height

    def key(line: _Line) -> tuple[str, str] | None:
        if max(w.bottom for w in line.words) <= band:
            return "head", _DIGIT_RUNS.sub("#", line.text)
        if line.top >= height - band:
            return "foot", _DIGIT_RUNS.sub("#", line.text)
        return None

    keys = [key(line) for line in lines]
    seen: dict[tuple[str, str], set[int]] = {}
    for line, k in zip(lines, keys):
        if k is not None:
            seen.setdefault(k, set()).add(line.page)
    running = {k for k, on in seen.items() if len(on) >= max(2, (len(pages) + 1) // 2)}
    if not running:
        return lines
    return [line for line, k in zip(lines, keys) if k not in running]


def _damaged(source: str) -> ReadError:
    """The error for a PDF whose structure PDFium cannot follow (no /Root, broken xref, bad page tree)."""
    from pathlib import PurePath

    name = PurePath(source).name or source
    return ReadError(source, f"PDF 文件结构损坏，无法读取「{name}」；请用 PDF 阅读器或原编辑软件重新导出（另存为 PDF）后再试")


@contextlib.contextmanager
def _opened(data: bytes, source: str):
    """PDFium's document for ``data``; ReadError (Chinese, no internals) for an encrypted or damaged file."""
    try:
        doc = pdf_page.open_document(data)
    except Exception as exc:  # noqa: BLE001 - PDFium's error for any file it cannot load
        if pdf_page.is_password_error(exc):
            raise ReadError(source, "PDF 文件已加密，无法读取；请提供未加密的文件") from None
        raise _damaged(source) from None
    try:
        yield doc
    finally:
        doc.close()


def page_count(doc, source: str, max_pages: int) -> int:
    """The number of pages, refusing more than ``max_pages`` before any page is loaded.

    PDFium takes the count from the page tree (``/Root /Pages /Count``, ISO 32000-1 §7.7.3.2) and, when
    that is missing or invalid, counts the tree's leaves; it never loads more pages than it counted, so a
    tree that understates its count is read only as far as it says.  Raises ReadError for too many pages
    or none.
    """
    n = len(doc)
    if n > max_pages:
        raise ReadError(source, f"PDF 页数过多（{n} 页，上限 {max_pages} 页）")
    if n <= 0:
        raise ReadError(source, "PDF 文件没有任何页面（页面目录为空或已损坏），无法读取")
    return n


MAX_INFLATED = 256 * 1024 * 1024  # all streams of one PDF together, once decompressed
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image")


_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")


def _inflated(raw: bytes, depth: int, budget: int, step: int) -> int:
    """Bytes produced by ``depth`` chained zlib inflations of ``raw``, stopping once past ``budget``; a level that
    is not zlib (or damaged) counts what it had."""
    import zlib

    def level(chunks, n):
        d = zlib.decompressobj()
        for chunk in chunks:
            try:
                out = d.decompress(chunk, step)
                yield out
                while d.unconsumed_tail:
                    out = d.decompress(d.unconsumed_tail, step)
                    yield out
            except zlib.error:
                return
    stream = iter([raw])
    for n in range(depth):
        stream = level(stream, n)
    total = 0
    for out in stream:
        total += len(out)
        if total > budget:
            break
    return total if total else len(raw)


#: deflate's largest expansion: a length–distance pair of two 1-bit codes copies 258 bytes, so one byte in gives
#: at most 1032 out (RFC 1951 §3.2.5; the known 1032:1 limit); block headers only lower it
DEFLATE_MAX_RATIO = 1032


def check_inflation(data: bytes, source: str, limit: int = MAX_INFLATED) -> None:
    """Refuse a PDF whose streams decompress to more than ``limit`` bytes in all (a deflate bomb:
    2 MB on disk, gigabytes once parsed), measured in bounded steps before anything is parsed.
    Image streams are not counted: reading the text never decodes them.

    A stream is inflated only when the bound of what is left could pass ``limit``: deflate expands at most
    :data:`DEFLATE_MAX_RATIO`-fold per level, so the streams of a text PDF of a few hundred KB cannot reach it
    and are not inflated at all (this check cost a tenth of reading such a file); otherwise the streams with
    the largest bound (a bomb's, a stream compressed twice) are inflated first, until the rest's bound fits.
    The answer is the one of inflating every stream: refused exactly when their sum passes ``limit``."""
    counted: list[tuple[int, bytes, int]] = []  # (bound, bytes, zlib levels) of each counted stream
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            break
        end = data.find(b"endstream", m.end())
        if end < 0:
            break
        raw = data[m.end():end]
        pos = end + 9
        header = data[max(0, m.start() - 4096):m.start()]
        header = header[header.rfind(b"obj") + 1:]
        if _IMAGE.search(header):  # images are not decoded to read the text: not counted
            continue
        if not raw[:1] or raw[0] & 0x0F != 8:  # not a zlib header: counted as stored
            counted.append((len(raw), raw, 0))
        else:
            # /Filter [/FlateDecode /FlateDecode …]: each level inflates the one before (a nested bomb is small
            # at every level but the last); all levels are streamed, the last one counted
            depth = max(1, min(4, len(_FLATE.findall(header))))
            counted.append((len(raw) * DEFLATE_MAX_RATIO ** depth + 1024, raw, depth))
    left = sum(bound for bound, _, _ in counted)  # the bound of the streams not inflated yet
    total = 0
    step = 16 * 1024 * 1024
    for bound, raw, depth in sorted(counted, key=lambda c: -c[0]):
        if total + left <= limit:
            return
        left -= bound
        total += len(raw) if depth == 0 else _inflated(raw, depth, limit - total, step)
        if total > limit:
            raise ReadError(source, f"PDF 的数据流解压后超过 {limit // 1024 // 1024} MB（文件只有 "
                                    f"{max(1, len(data) // 1024 // 1024)} MB），疑似压缩炸弹，拒绝读取")


@dataclass
class _Pages:
    """What the pages give: their lines, ruled tables by page, pages without text, the page height (of the
    last page), the document's title and its page count."""

    lines: list[_Line]
    grids: dict[int, list[_Grid]]
    empty: list[int]
    height: float
    title: str
    count: int
    clipped: list[tuple[int, str]] = field(default_factory=list)  # (page, text) of words the page cuts


def _checked_bytes(path_or_bytes, source: str) -> bytes:
    """The file's bytes, refused (ReadError) when empty, too big, not a PDF or a deflate bomb."""

    data = load_bytes(path_or_bytes, source, "PDF", MAX_BYTES)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(source, "不是有效的 PDF 文件（缺少 %PDF 文件头）")
    check_inflation(data, source)
    return data


def _read_pages(data: bytes, source: str, max_pages: int) -> _Pages:
    """Every page's words (as lines) and ruled tables, read by PDFium."""

    out = _Pages([], {}, [], 842.0, "", 0)
    with pdf_page.PDFIUM_LOCK, _opened(data, source) as pdf:
        out.count = page_count(pdf, source, max_pages)
        unmeasured = pdf_page.unmeasured_fonts(data)
        level = pdf_page.level_baselines(data)
        read: list[tuple[int, list[_Word], list[_Grid], list[_Word]]] = []  # (page, its words, its ruled
        #                                       tables, its words before numbers wrapped in cells were joined)
        counted: int | None = None  # the last number of a 序号 column on the page before, at its end
        widths: dict[int, float] = {}
        try:
            out.title = str(pdf_page.metadata_value(pdf, "Title") or "").strip()
            for pno in range(1, out.count + 1):
                content = pdf_page.read_page_at(pdf, pno - 1, unmeasured, level)
                out.height = content.height
                out.clipped += [(pno, w[0]) for w in content.clipped]
                words = _marks_in_text([_Word(*w) for w in _radicals_folded(content.words)])
                if not words:
                    out.empty.append(pno)
                    continue
                merged = pdf_page.merged_edges(content.edges)  # once, where no grid's side is added (most pages)
                edges = _open_sides_closed(content.edges, merged)
                tables = _without_frames(pdf_page.ruled_tables(edges, merged if edges is content.edges else None),
                                         edges)
                cut = _split_at_borders(words, tables) if tables else _split_at_value_columns(words)
                if cut is not None:  # a number glued to the label that fills the cell before it: cut at the rule
                    words = cut
                if tables and any(w.text in _UNIT_WORDS for w in words):
                    words = _join_wrapped_units(words, tables)
                grids = _ruled_tables(tables, words)
                plain = words  # (a page Calc printed beside another wraps no number: joined with these)
                words = _join_stacked_digits(words, grids)
                if _wraps_digits(grids):  # a number wrapped in its cell: joined, and the cells read again
                    words = _join_wrapped_digits(words, tables)
                    grids = _ruled_tables(tables, words)
                counts, counted = _row_counts(grids, counted)
                if counts:  # a 序号 column: its numbers are no cells of the table (nor its header's word)
                    words = [w for w in words if id(w) not in counts]
                    plain = [w for w in plain if id(w) not in counts]
                    grids = _ruled_tables(tables, words)
                read.append((pno, words, grids, plain))
                widths[pno] = content.width
            for pno, words, grids, sheet in _side_by_side(read, out.height, widths):
                out.lines += _lines_of_page(words, pno, out.height, sheet)
                out.grids[pno] = grids
        except ReadError:
            raise
        except Exception:  # noqa: BLE001 - PDFium errors on a damaged page
            raise _damaged(source) from None
    return out


def _word_lines(words: list[_Word]) -> list[list[_Word]]:
    """Words grouped into lines by vertical centre (a word within a third of its height of the line's first)."""
    lines: list[list[_Word]] = []
    for w in sorted(words, key=_BY_MID_X0):
        if lines and abs(w.mid - lines[-1][0].mid) <= S.line_overlap * (w.bottom - w.top):
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


class _Beside:
    """What :func:`_continued_beside` asks of one page's words (``words``), as the page before (``upper``) or as
    the next page, worked out on first use: :func:`_side_by_side` tries each page beside every earlier page."""

    __slots__ = ("words", "height", "values", "value_words", "_seen", "_mids", "_row_mids", "_rows", "_columns",
                 "_headers", "_edge")

    def __init__(self, words: list[_Word], height: float):
        self.words, self.height = words, height
        self.value_words = [w for w in words if w.value]
        self.values = len(self.value_words)
        self._seen = self._mids = self._row_mids = self._rows = self._columns = self._headers = self._edge = None

    def seen(self) -> dict[str, set[tuple[int, int]]]:
        """Its words' places (rounded left edge, vertical centre) by their text."""
        if self._seen is None:
            seen: dict[str, set[tuple[int, int]]] = {}
            for w in self.words:
                seen.setdefault(w.text, set()).add((round(w.x0), round(w.mid)))
            self._seen = seen
        return self._seen

    def mids(self) -> tuple[list[float], list[float]]:
        """Its words' vertical centres sorted, and those of its words with values (all of them when none has)."""
        if self._mids is None:
            self._mids = sorted(w.mid for w in self.words)
            self._row_mids = sorted(w.mid for w in self.words if w.value) or self._mids
        return self._mids, self._row_mids

    def rows(self) -> list[list[_Word]]:
        """Its lines with values (all its lines when none has)."""
        if self._rows is None:
            lines = _word_lines(self.words)
            self._rows = [ln for ln in lines if any(w.value for w in ln)] or lines
        return self._rows

    def columns(self) -> dict[int, list[_Word]]:
        """Its value words by column (centre, to 4 pt)."""
        if self._columns is None:
            columns: dict[int, list[_Word]] = {}
            for w in self.words:
                if w.value:
                    columns.setdefault(round((w.x0 + w.x1) / 2 / 4), []).append(w)  # by centre, to 4 pt
            self._columns, self._headers = columns, {}
        return self._columns

    def own_header(self, key: int) -> _Word | None:
        """The text nearest above the first number of its column ``key`` (of :meth:`columns`)."""
        headers = self._headers
        if key not in headers:
            col = self._columns[key]
            v = min(col, key=operator.attrgetter("mid"))
            x = (v.x0 + v.x1) / 2
            above = [t for t in self.words if not t.value and t.mid < v.mid and t.x0 < x < t.x1]
            headers[key] = max(above, key=operator.attrgetter("mid"), default=None)
        return headers[key]

    def at_edge(self) -> set[int]:
        """The ids of its words near the page's top or foot."""
        if self._edge is None:
            self._edge = {id(w) for w in self.words if _near_page_edge(w.top, w.bottom, self.height)}
        return self._edge


def _continued_beside(up: _Beside, page: _Beside, exact: bool = False,
                      across: float | None = None) -> list[_Word] | None:
    """A spreadsheet wider than the paper printed by LibreOffice Calc (or Excel): its first columns on one page,
    the next columns on the next, row by row at the same heights — the rows repeated without their labels, or
    with them (print titles: the same words at the same places).  The next page (``page``; its words repeating
    ``upper``'s and a page number at its edge aside) goes on to the right of ``upper`` (the page or pages before,
    side by side) when four in five of its lines with values hold nothing else and four in five stand level
    with a row of ``upper`` (a line with values, or any line of a page of labels: not the page's first line of
    prose level with the rest of a number the page cut at the foot of the page before), as many lines as ``upper`` has rows (lines with values, or any lines: a page of
    labels), its header lines level too when it is one row: ``upper``'s words and this page's, moved right past
    them.  None when it does not (a table running on down the next page prints its rows' labels).  Both pages
    come as their :class:`_Beside` (``up`` the page or pages before): what is asked of a page worked out once."""
    upper, words = up.words, page.words
    if not upper or not words or page.values < (2 if exact else 1) or page.values < 0.7 * len(up.rows()):
        return None  # fewer values than the rows it must stand beside (below: each line with values has one)
    mids, row_mids = up.mids()

    def level(w: _Word, among: list[float] = mids) -> bool:
        reach = S.line_overlap * (w.bottom - w.top)
        k = bisect.bisect_left(among, w.mid - reach)
        return k < len(among) and among[k] <= w.mid + reach

    # four in five of its lines with values hold nothing else and four in five start level with a row of the page
    # before (below), as many lines as it has rows (0.7), one at least (two to join exactly): three in five
    # do both, each starting with a value level with a row — so at least as many of its values stand level
    need = 0.6 * max(2 if exact else 1, 0.7 * len(up.rows())) - 1e-9  # (less a rounding's worth)
    found = 0
    for w in page.value_words:
        if level(w, row_mids):
            found += 1
            if found >= need:
                break
    else:
        return None
    # the columns printed again (print titles): the same words where the first page printed them — text words
    # one by one, numbers by whole columns (a column of the next page may print some digits where one of the
    # first page printed the same)
    seen = up.seen()

    def repeated(w: _Word) -> bool:
        places = seen.get(w.text)
        if places is None:
            return False
        x, y = round(w.x0), round(w.mid)
        return any((x + dx, y + dy) in places for dx in (-1, 0, 1) for dy in (-1, 0, 1))

    # (a column of zeros where the first page printed one is no repeat when its own header — the text nearest
    # above its first number — is not: "商业企业" over it where "自然人" stood; a group's header over several
    # columns may stand elsewhere on each page)
    again = {id(w) for key, col in page.columns().items() if all(repeated(w) for w in col)
             and ((h := page.own_header(key)) is None or repeated(h)) for w in col}
    edge = page.at_edge()
    rest = [w for w in words if id(w) not in again and (w.value or not repeated(w))
            and (id(w) not in edge or level(w))]
    lines = _word_lines(rest)
    with_values = [ln for ln in lines if any(w.value for w in ln)]
    if not with_values or sum(all(w.value for w in ln) for ln in with_values) < 0.8 * len(with_values) \
            or sum(level(ln[0], row_mids) for ln in with_values) < 0.8 * len(with_values):
        return None  # lines of numbers with labels, or where the page before has no line: not its rows
    # (a row whose label wraps over two lines prints its numbers between them: a few lines level with none; a
    # long label overflowing into a narrow column prints over its number: "只计这一情形0，不计其他情形）")
    if len(with_values) < 2 and (len(lines) < 2 or not all(level(ln[0]) for ln in lines)):
        return None  # one row: its header lines level with the page before's too
    rows = up.rows()
    if len(with_values) < 0.7 * len(rows):
        return None  # fewer rows than the page before has: another table's, level by chance
    if exact and not _rows_line_up(with_values, rows, level):
        return None
    # moved right by the widths of the pages before it (``across``, when known: a page joined beside an earlier
    # page than the one before it): the pages of one run of columns, each beside its own page of the rows, keep
    # their columns at the same places on each joined page (else close up to the page before's words)
    dx = across if across is not None else max(w.x1 for w in upper) + 2 * _char_width(upper) - min(
        w.x0 for w in rest)
    moved = []
    for w in rest:
        w = copy.copy(w)
        w.x0, w.x1 = w.x0 + dx, w.x1 + dx
        moved.append(w)
    return upper + moved


def _rows_line_up(lines: list[list[_Word]], rows: list[list[_Word]], level) -> bool:
    """Whether a page's lines of values (``lines``, values only) line up exactly with the rows of a page not
    just before it (``rows``): every line level with a row of values, of the same height, one line to a row,
    and every row of values in their span met by one — the same count of rows at the same heights."""
    if len(lines) < 2 or not all(all(w.value for w in ln) for ln in lines):
        return False
    row_mids = sorted(statistics.median(w.mid for w in r) for r in rows if any(w.value for w in r))
    met: set[int] = set()
    for ln in lines:
        mid = statistics.median(w.mid for w in ln)
        h = statistics.median(w.bottom - w.top for w in ln)
        near = [k for k, m in enumerate(row_mids) if abs(m - mid) <= S.line_overlap * h]
        if len(near) != 1 or near[0] in met:
            return False
        r = next(r for r in rows if any(w.value for w in r) and statistics.median(w.mid for w in r) == row_mids[near[0]])
        rh = statistics.median(w.bottom - w.top for w in r if w.value)
        if abs(rh - h) > 0.15 * h:
            return False
        met.add(near[0])
    lo, hi = min(met), max(met)
    return len(met) == hi - lo + 1


def _side_by_side(pages: list[tuple[int, list[_Word], list[_Grid], list[_Word]]], height: float,
                  widths: dict[int, float] | None = None) -> list[tuple[int, list[_Word], list[_Grid], bool]]:
    """The pages with those a spreadsheet printed beside the page before (:func:`_continued_beside`) joined to
    it as one wide page, numbered as the first (its drawn cells joined to the first page's row by row,
    :func:`_grids_beside`, or left out: its cells then read as a table without them), and whether it is so
    joined.  Each page comes with its words as read and as they were before numbers wrapped in their cells were
    joined: pages are joined with the latter (a spreadsheet wraps no number; a later page of one prints rows of
    bare numbers, a column of 0s one line apart, which look like numbers wrapped)."""
    out: list[tuple[int, list[_Word], list[_Grid], bool]] = []
    last = 0  # the page number of the last page read, into out[at]
    at = -1
    across: list[float | None] = []  # the widths of the pages joined into each page of out, side by side
    upper: list[_Beside] = []  # each page of out's words (as read before wrapped numbers were joined), as
    #                            :func:`_continued_beside` asks them
    for pno, own, grids, words in pages:
        page = _Beside(words, height)
        joined = None
        if out and last + 1 == pno:
            shift = _grids_shift(out[at][2], grids)  # the ruled cells' columns close up to the page before's
            joined = _continued_beside(upper[at], page, across=shift)
            if joined is None and shift is not None:
                joined, shift = _continued_beside(upper[at], page), None
        if joined is not None:
            out[at] = (out[at][0], joined, _grids_beside(out[at][2], grids, shift, joined), True)
            upper[at] = _Beside(joined, height)
            across[at] = _wider(across[at], widths, pno)
        else:
            # Calc prints down, then across: a sheet both longer and wider than the paper prints its first
            # columns on a run of pages, then the next columns of those rows on as many pages after — the rows
            # of a later page stand beside those of an earlier page than the one before it.  Joined only when
            # its rows line up with that page's exactly (as many rows, at the same heights)
            for k in range(len(out) - 1, -1, -1):
                if k == at % len(out) and last + 1 == pno:
                    continue
                joined = _continued_beside(upper[k], page, exact=True, across=across[k])
                if joined is not None:
                    out[k] = (out[k][0], joined, _grids_beside(out[k][2], grids, across[k], joined), True)
                    upper[k] = _Beside(joined, height)
                    across[k] = _wider(across[k], widths, pno)
                    at = k
                    break
            else:
                out.append((pno, own, grids, False))
                upper.append(page)
                across.append(widths.get(pno) if widths else None)
                at = len(out) - 1
        last = pno
    return out


def _grids_shift(upper: list[_Grid], grids: list[_Grid]) -> float | None:
    """How far right a page's ruled tables (``grids``) go to stand just right of those of the page before
    (``upper``) when the page is joined beside it; None when either page has none."""
    if not upper or not grids:
        return None
    return max(b[2] for g in upper for cells in g.rows for b in cells if b is not None) + S.cell_pad - min(
        b[0] for g in grids for cells in g.rows for b in cells if b is not None)


def _grids_beside(upper: list[_Grid], grids: list[_Grid], dx: float | None, words: list[_Word]) -> list[_Grid]:
    """The ruled tables of a page joined beside the page before (:func:`_side_by_side`, its words moved ``dx``
    right, ``words`` the joined page's): each of ``grids`` moved so, its rows added to the rows of the table
    of ``upper`` that has a row at each of its rows' heights (Calc prints a sheet's later columns at the heights
    of its first ones) — one table of all the columns, read by its cells (a label aligned at the bottom of its
    cell beside its numbers, a row broken across the page).  None of them (the joined page read as a table
    without drawn cells) when the move is not known, a table's rows do not all stand level with one table
    of the page before, or a table there holds no labels: its rows' cells then say nothing of where its
    columns stand in the table (table 四 over three pages, the first not joined: the others' ten columns are
    not its first ten)."""
    if dx is None or not upper or not grids or any(g.label_end < 0 for g in upper):
        return []
    near = S.cell_pad

    def tops(g: _Grid) -> list[float]:
        return [min(b[1] for b in cells if b is not None) for cells in g.rows]

    joined = {k: list(g.rows) for k, g in enumerate(upper)}
    for g in grids:
        theirs = tops(g)
        k = next((k for k, u in enumerate(upper)
                  if all(any(abs(t - o) <= near for o in tops(u)) for t in theirs)), None)
        if k is None:
            return []
        width = len(g.rows[0])
        rows = []
        for cells, top in zip(joined[k], tops(upper[k])):
            r = next((r for r, t in enumerate(theirs) if abs(t - top) <= near), None)
            moved = [None] * width if r is None else [
                None if b is None else (b[0] + dx, b[1], b[2] + dx, b[3]) for b in g.rows[r]]
            rows.append(list(cells) + moved)
        joined[k] = rows
    out = []
    for k, g in enumerate(upper):
        boxes = [b for cells in joined[k] for b in cells if b is not None]
        x0, x1 = min(b[0] for b in boxes) - near, max(b[2] for b in boxes) + near
        top, bottom = min(b[1] for b in boxes) - near, max(b[3] for b in boxes) + near
        out.append(_Grid(joined[k], g.label_end, [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1
                                                   and top <= (w.top + w.bottom) / 2 <= bottom]))
    return out


def _wider(across: float | None, widths: dict[int, float] | None, pno: int) -> float | None:
    """The width of the pages side by side with page ``pno`` joined on their right (None: not known)."""
    if across is None or not widths or pno not in widths:
        return None
    return across + widths[pno]


_RADICAL = re.compile("[\u2e80-\u2fd5]")


def _radicals_folded(words: list[tuple]) -> list[tuple]:
    """The page's words with CJK radicals written as the ideographs they look like (:func:`fold_radicals`): a
    re-print's text layer (``pdftocairo -pdf`` of a Chromium print) spells "一、" "行政" "人" as radicals, which the
    layout's own tests — item numbers, Chinese characters — would not know."""
    if not any(_RADICAL.search(w[0]) for w in words):
        return words
    return [(fold_radicals(w[0]), *w[1:]) for w in words]


def read_pdf(path_or_bytes, source: str = "", max_pages: int = MAX_PAGES) -> RawDocument:
    """Read a PDF (path or bytes) into blocks in reading order.

    ``source`` names the file in locations and errors (default: the path).  Locations carry
    the page and the line on the page.  ``meta["pages_without_text"]`` lists pages with no
    text layer.  Raises :class:`ReadError` for an empty, oversized, encrypted or damaged
    file, more than ``max_pages`` pages, or a PDF without any text layer (scanned; OCR is
    not supported yet).
    """
    source = source or (str(path_or_bytes) if not isinstance(path_or_bytes, (bytes, bytearray)) else "<pdf>")
    with collector_paused():
        return _read_pdf(path_or_bytes, source, max_pages)


def read_word_boxes(pages: list[tuple[float, list[tuple[str, float, float, float, float]]]], source: str,
                    reader: str) -> RawDocument:
    """A PDF's words with their boxes as a text tool printed them (``pdftotext -tsv``, ``pdftotext -bbox-layout``):
    ``pages`` is (the page's height, its words as (text, x0, x1, top, bottom)) per page.  Read as the PDF reader
    reads a page's words (lines, columns, value columns; no drawn rules: the tools print none)."""
    out = _Pages([], {}, [], 842.0, "", len(pages))
    for pno, (height, boxes) in enumerate(pages, 1):
        out.height = height or out.height
        words = _marks_in_text([_Word(*b) for b in boxes if b[0].strip()])
        if not words:
            out.empty.append(pno)
            continue
        cut = _split_at_value_columns(words)
        if cut is not None:
            words = cut
        words = _join_stacked_digits(words, [])
        out.lines += _lines_of_page(words, pno, out.height)
    if not out.lines:
        raise ReadError(source, "文件中的文字坐标表没有任何文字")
    raw = _pages_read(out, source)
    raw.meta["word_boxes"] = reader  # read as a PDF's words (reader "pdf"), from the tool's text
    return raw


def _read_pdf(path_or_bytes, source: str, max_pages: int) -> RawDocument:
    pages = _read_pages(_checked_bytes(path_or_bytes, source), source, max_pages)
    if not pages.lines:
        raise ReadError(source, f"PDF 没有文字层（共 {len(pages.empty)} 页，可能是扫描件）；暂不支持 OCR 识别，"
                                "请提供带文字的 PDF、Word 或网页版本")
    return _pages_read(pages, source)


def _pages_read(pages: _Pages, source: str) -> RawDocument:
    page_lines = _without_running_heads(pages.lines, pages.height)
    cw = _char_width([w for line in page_lines for w in line.words])
    for line in page_lines:
        _classify(line, cw, pages.grids.get(line.page, ()))
    _values_at_value_columns(page_lines, cw)
    lines = _explode(page_lines, cw)
    _attach_pieces(lines, cw, pages.height)
    _use_ruled_cells(lines, pages.grids, cw, pages.height)
    _unruled_labels(lines, cw)
    meta = {"pages": pages.count, "pages_without_text": pages.empty}
    if pages.clipped:
        meta["clipped_text"] = pages.clipped
    return RawDocument(source=source, blocks=_blocks(lines, cw, source), reader="pdf", title=pages.title,
                       meta=meta)

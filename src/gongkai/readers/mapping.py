"""Map a :class:`RawDocument` onto the format by labels: the readers' mapping logic.

Steps (each a pure function):

1. find the six section headings (also inside a line, for text exports that glued the
   whole report into one paragraph), and cut the document into sections;
2. tell the format (2021 or the outdated 2019 trial format) from labels only one uses;
3. in the region of sections 二, 三 and 四, turn blocks into *value rows* — a label and its
   values, either as cells (tables, tab-separated text) or as a run of digits (space-
   aligned ``pdftotext -layout`` text, or digits glued together) — and *text pieces*
   (headers, wrapped label fragments);
4. align value rows to the format's rows in order, scoring each pair by how much of the
   official label is found in the row's own label and in the text around it (labels
   wrap over lines, lose characters, get spaces); an alignment is monotone, like the table;
5. read the cells; split glued runs with :mod:`gongkai.readers.split`; record what was
   inferred, ambiguous, extra or relabelled as :class:`ReadingNote` for the auditor.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
import unicodedata
from collections import Counter
from dataclasses import field
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from ..format import FORMAT_2019, FORMAT_2021, Format, Table
from ..records import record
from ..report import FORMULA_NOT_COMPUTED, AnnualReport, Cell, Location, ReadingNote, SectionText
from ..textutil import (PAGE_NUMBER, clean, fold_radicals, lazy_pattern, lcs_similarity, mostly_latin, nfkc, norm,
                        parse_value, shorten)
from .halves import join_column_halves, join_text_halves
from .orientation import upright_tables
from .base import RawCell, RawDocument, RowBlock, TextBlock, collector_paused


def _split():
    """:mod:`.split`, the search for the cells of a run of digits printed glued together."""
    from . import split  # lazy: most reports print no glued run, and `gongkai audit` then does not load it (cold start)

    return split


MATCH_THRESHOLD = 0.6

# --------------------------------------------------------------------------- sections
_HEADING_START = re.compile(r"([一二三四五六])\s*[、.．]\s*")


def _title_cores(fmt: Format):
    cores = {}
    for s in fmt.sections:
        cores[s.number] = [norm(t)[2:] for t in (s.title, *s.aliases)]
    return cores


@lru_cache(maxsize=8192)
def _similar(a: str, b: str) -> float:
    """difflib's ratio (a title against the text that may print it: the same pairs recur in every report)."""
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


#: lcs_similarity of a title against the text that may print it: a heading's text is compared with the same titles
#: again as it is tried for each section and each of its titles (and the same pairs recur in every report)
_title_lcs = lru_cache(maxsize=8192)(lcs_similarity)


def _heading_at(text: str, pos: int, number: str, cores: list[str], floor: float = 0.0) -> float:
    """How well the text at ``pos`` ("三、…") reads as the title of section ``number``; a value under
    ``floor`` may be returned for any similarity under it (callers compare with a threshold).

    difflib's ratio counts the characters of its matching blocks, a common subsequence, so the
    longest common subsequence's ratio (:func:`~gongkai.textutil.lcs_similarity`) is an upper bound of it:
    difflib runs only where that bound reaches the floor and beats the best title so far."""
    m = _HEADING_START.match(text, pos)
    after = norm(text[m.end() if m else pos:pos + 80])
    best = 0.0
    for core in cores:
        cand = after[:len(core)]
        top = _title_lcs(core, cand)
        if top <= best:
            continue
        if top < floor:
            best = top  # under the floor: its exact value does not matter
            continue
        best = max(best, _similar(core, cand))
    return best


@record
class Segment:
    """A piece of the document in reading order: a section heading, text, or a table row."""

    kind: str  # "heading" | "appendix" (a table section's title again, over its table) | "text" | "row"
    text: str = ""
    location: Location = field(default_factory=Location)
    number: str = ""  # heading: section numeral
    block: RowBlock | None = None
    offset: int = 0  # text: the character column of its first character in the printed line
    blank_cells_before: int = 0  # text: empty lines before it that are empty cells (TextBlock.blank_cells_before)
    blank_cells_after: int = 0  # … after it


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def segment(raw: RawDocument, fmt: Format = FORMAT_2021) -> list[Segment]:
    """Blocks → segments, with section headings split out (in order 一 → 六, none repeated).

    A report may number its sections its own way: a heading is then found by what its title says
    (:func:`_renumbered`).  Its tables may also come after the narrative, in an appendix numbering them
    一、二、三 ("一、主动公开政府信息情况" after "三、其他需要报告的事项"): a table section's heading not yet
    seen is found there too, at the start of a block, by its title alone (the numbering is the auditor's F03)."""
    cores = _title_cores(fmt)
    order = [s.number for s in fmt.sections]
    tables = frozenset(t.number for t in fmt.tables)
    seen: list[str] = []
    out: list[Segment] = []
    for b in raw.blocks:
        if isinstance(b, RowBlock):
            # a heading alone in a table row (some HTML pages) counts as a heading
            cells = [c.text for c in b.cells if c.text.strip()]
            if len(cells) == 1:
                m = _HEADING_START.match(cells[0].strip())
                num = None
                if m and m.group(1) in order and m.group(1) not in seen \
                        and _heading_at(cells[0].strip(), 0, m.group(1), cores[m.group(1)], 0.75) >= 0.75 \
                        and (not seen or order.index(m.group(1)) > order.index(seen[-1])):
                    num = m.group(1)
                elif m:
                    num = _renumbered(cells[0].strip(), 0, seen, order, cores, tables)
                if num:
                    seen.append(num)
                    out.append(Segment("heading", clean(cells[0]), b.location, num))
                    continue
            out.append(Segment("row", b.text, b.location, block=b))
            continue
        text = b.text
        pos = 0
        cuts = []
        out_before = len(out)
        for m in _HEADING_START.finditer(text):
            num = m.group(1)
            appendix = False
            if m.start() == 0 and not cuts and num not in seen and num in tables and _short_title(text, cores[num]):
                # a table section's title shortened on a line of its own ("四、行政复议、行政诉讼", a worksheet's
                # name), also after the narrative (its table in an appendix)
                cuts.append((0, num, len(text)))
                break
            if m.start() == 0 and not cuts and (num in seen or _heading_at(text, 0, num, cores[num], 0.75) < 0.75):
                # a heading at the start of a paragraph whose numeral is the document's own (a report that
                # numbers its sections differently): the section its title names — a table's section also
                # after the narrative (its tables in an appendix), when it is a line of its own
                named = _renumbered(text, 0, seen, order, cores, tables if len(text) <= HEADING_LINE else frozenset())
                appendix = named is not None and bool(seen) and order.index(named) < order.index(seen[-1])
                num = named or num
            if num in seen or num in [c[1] for c in cuts]:
                continue
            last = cuts[-1][1] if cuts else (seen[-1] if seen else None)
            if last is not None and order.index(num) <= order.index(last) and not appendix:
                continue
            if _heading_at(text, m.start(), num, cores[num], 0.75) >= 0.75:
                # the heading ends where its title ends (approximately: title length in text)
                core = max(cores[num], key=lambda c, p=m.start(): _heading_at(text, p, num, [c]))
                end = _span_end(text, m.end(), core)
                cuts.append((m.start(), num, end))
        if not cuts:
            num = _unnumbered_heading(text, seen, order, cores, tables)
            if num:
                cuts.append((0, num, len(text)))
            else:
                again = _table_title_again(text, seen, cores, tables)
                if again:
                    num, end = again
                    out.append(Segment("appendix", clean(text[:end]), b.location, num))
                    if text[end:].strip():  # a caption of its first sub-table joined to it ("第二十条第（一）项")
                        out.append(Segment("text", text[end:].strip(), b.location, offset=end + _lead(text[end:])))
                    continue
        for start, num, end in cuts:
            if start > pos and text[pos:start].strip():
                out.append(Segment("text", text[pos:start].strip(), b.location,
                                   offset=pos + _lead(text[pos:start])))
            out.append(Segment("heading", clean(text[start:end]), b.location, num))
            seen.append(num)
            pos = end
        if text[pos:].strip():
            out.append(Segment("text", text[pos:].strip(), b.location, offset=pos + _lead(text[pos:])))
        if len(out) > out_before:  # (a line beside empty cells: a cell of a table, or its next row's label)
            out[out_before].blank_cells_before = b.blank_cells_before
            out[-1].blank_cells_after = b.blank_cells_after
    _untitled_sections(out, order, fmt)
    return out


def _short_title(text: str, cores: list[str]) -> bool:
    """A line of its own ("四、行政复议、行政诉讼") whose words after the numeral are a shortened title of the
    section: a run of at least half of one of its titles, six characters or more."""
    if len(text) > HEADING_LINE:
        return False
    m = _HEADING_START.match(text)
    body = norm(text[m.end():]) if m else ""
    return len(body) >= 6 and any(body in core and 2 * len(body) >= len(core) for core in cores)


RENUMBERED_MATCH = 0.85  # a title printed under another numeral must read almost exactly as the format's
HEADING_LINE = 48  # a block this long at most may be a heading alone (longer: a paragraph)


def _renumbered(text: str, pos: int, seen: list[str], order: list[str], cores,
                appendix: frozenset[str] = frozenset()) -> str | None:
    """The section whose title the heading at ``pos`` prints under a numeral of its own ("一、主动公开政府
    信息情况" in a report whose 一 to 六 are its own narrative parts): the next unseen section, after the
    last one found, whose title it reads as (≥ 0.85); None when there is none.  Sections in ``appendix``
    (the table sections) may also be earlier ones not yet seen: tables placed after the narrative."""
    after = order.index(seen[-1]) + 1 if seen else 0
    best, best_s = None, RENUMBERED_MATCH
    head = norm(text[pos:pos + 60])
    earlier = [n for n in order[:after] if n in appendix and n not in seen]
    for num in order[after:] + earlier:
        if num in seen:
            continue  # (a section found after an appendix's tables: the narrative's, seen before them)
        if not any(_shares_pairs(core, head) for core in cores[num]):
            continue  # cheap test first: a title ≥ 0.85 alike shares most of its character pairs
        s = _heading_at(text, pos, num, cores[num], best_s)
        if s >= best_s:
            best, best_s = num, s
    return best


_BIGRAMS: dict[str, set[str]] = {}


def _shares_pairs(core: str, text: str) -> bool:
    """At least half of ``core``'s character pairs occur in ``text`` (a pair of characters is one of the text's
    pairs when the text contains it: counted without making the text's pairs)."""
    grams = _BIGRAMS.get(core)
    if grams is None:
        grams = _BIGRAMS[core] = {core[i:i + 2] for i in range(len(core) - 1)}
    need, found = (len(grams) + 1) // 2, 0  # (half of them, rounded up)
    if not need:
        return True
    for g in grams:
        if g in text:
            found += 1
            if found >= need:
                return True
    return False


_OTHER_NUMBERING = re.compile(r"^\s*(第\s*[一二三四五六七八九十]+\s*部分|[1-9]\s*[、.．]|（[一二三四五六七八九十]+）"
                              r"|附\s*[表件]\s*[一二三四五六七八九十\d]{0,2}\s*[:：、.．]?)?\s*")


def _unnumbered_heading(text: str, seen: list[str], order: list[str], cores,
                        appendix: frozenset[str] = frozenset()) -> str | None:
    """A short block that is a section's title without the format's "一、" numbering ("主动公开政府信息情况",
    "第二部分 主动公开政府信息情况", "2. 主动公开政府信息情况", "附表1：主动公开政府信息情况"): the section it
    names, read by its title (``appendix``: as :func:`_renumbered`)."""
    if len(text) > HEADING_LINE:
        return None  # a paragraph, not a heading
    m = _OTHER_NUMBERING.match(text)
    body = norm(text[m.end():])
    if not body or not any(abs(len(body) - len(c)) <= 3 for n in order for c in cores[n]):
        return None
    return _renumbered(text, m.end(), seen, order, cores, appendix)


def _table_title_again(text: str, seen: list[str], cores, tables: frozenset[str]) -> tuple[str, int] | None:
    """A short block that starts with the title of a table's section already found (under any numbering or
    none, "附表1：…"), with no sentence after it: the narrative said what the table shows under its section's
    heading, the table itself is in an appendix after the narrative under its title.  (The table section it
    names, where its title ends), or None."""
    if len(text) > HEADING_LINE or "。" in text:
        return None
    m = _HEADING_START.match(text) or _OTHER_NUMBERING.match(text)
    for num in sorted(tables):  # (a set's order changes with the hash seed)
        if num in seen and _heading_at(text, m.end(), num, cores[num], RENUMBERED_MATCH) >= RENUMBERED_MATCH:
            core = max(cores[num], key=lambda c: _heading_at(text, m.end(), num, [c]))
            return num, _span_end(text, m.end(), core)
    return None


#: a paragraph of a web page's chrome, not of the report: the share widget, the site's footer (主办单位,
#: 网站标识码, ICP/公安 备案号, 版权所有), print/close buttons, the previous/next article links.  Like a
#: readability-style extractor's negative patterns ("share", "footer", "copyright"), but as printed words:
#: a printed page (its PDF) and a text copy carry the words, not the markup.
_SITE_CHROME = lazy_pattern(
    r"^(?:分享到|分享至|主办单位|主办[:：]|承办单位|协办单位|网站标识码|备案号|[\u4e00-\u9fff]?ICP备|"
    r"[\u4e00-\u9fff]公网安备|版权所有|(?i:copyright)|©|打印本页|【?打印】?$|关闭窗口|【?关闭】?$|"
    r"扫一扫|技术支持[:：]|网站地图|上一篇[:：]|下一篇[:：]|【字体[:：]|字体[:：]\s*[大中小]|相关链接)")
# (case folded only where Latin letters are: re.I over the CJK ranges cost 7 ms at every start of the program)


def _is_site_chrome(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).strip()
    return bool(t) and len(t) <= 200 and "。" not in t and bool(_SITE_CHROME().match(t))


def _end_before_site_chrome(rep: AnnualReport, fmt: Format) -> None:
    """End the report's last section before the site chrome a web page (or its printed PDF) puts after the
    article: from the first chrome paragraph (:data:`_SITE_CHROME`) on, when every paragraph from there to
    the end is chrome.  Conservative: a sentence, a signature or a date after the chrome keeps it all, so
    report text is never dropped (the chrome then stays, and a comparison of narratives sees it)."""
    last = next((rep.sections[s.number] for s in reversed(fmt.sections) if s.number in rep.sections), None)
    if last is None or not last.paragraphs:
        return
    cut = len(last.paragraphs)
    while cut > 0 and _is_site_chrome(last.paragraphs[cut - 1][0]):
        cut -= 1
    if cut < len(last.paragraphs):
        del last.paragraphs[cut:]


def _untitled_sections(out: list[Segment], order: list[str], fmt: Format) -> None:
    """A part of the report with no heading of its own, whose content is there ("（一）主要问题" after table
    四): it starts at its first sub-heading — one starting with a cue of the format's section — with an empty
    title (the auditor says the heading is missing)."""
    for section in fmt.sections:
        number, cues = section.number, [norm(c) for c in section.cues]
        if not cues:
            continue
        heads = {s.number: i for i, s in enumerate(out) if s.kind == "heading"}
        if number in heads:
            continue
        k = order.index(number)
        end = min((heads[n] for n in order[k + 1:] if n in heads), default=len(out))
        # (after the last earlier section printed before the next later one: tables placed after the
        # narrative come after 五 and 六, their headings are no bound of 五)
        before = [heads[n] for n in order[:k] if n in heads and heads[n] < end]
        if not before:
            continue
        start = max(before)
        for i in range(start + 1, end):
            seg = out[i]
            t = norm(seg.text)
            if seg.kind == "text" and len(t) <= 24 and any(c in t for c in cues):
                out.insert(i, Segment("heading", "", seg.location, number))
                break


def _span_end(text: str, start: int, core: str) -> int:
    """The end of a title starting at ``start`` whose normalised form is about ``core``."""
    count = 0
    i = start
    while i < len(text) and count < len(core):
        if not text[i].isspace():
            count += 1
        i += 1
    # extend over a trailing character of the title that was mistyped/extra, but stop at digits
    best_i, best = i, _similar(core, norm(text[start:i]))
    for j in range(max(start, i - 3), min(len(text), i + 4) + 1):
        cand = norm(text[start:j])
        if _title_lcs(core, cand) <= best:
            continue  # its common subsequence's ratio, at least difflib's, does not beat the best
        s = _similar(core, cand)
        if s > best:
            best_i, best = j, s
    return best_i


# --------------------------------------------------------------------------- format
MARKERS_2019 = [norm(m) for m in FORMAT_2019.markers]
MARKERS_2021 = [norm(m) for m in FORMAT_2021.markers]


def detect_format(text: str) -> tuple[str, list[str], list[str]]:
    """("2019" or "2021", 2019 markers found, 2021 markers found) by labels only one format uses
    (spec §11)."""
    t = norm(text)
    found19 = [m for m, n in zip(FORMAT_2019.markers, MARKERS_2019) if n in t]
    found21 = [m for m, n in zip(FORMAT_2021.markers, MARKERS_2021) if n in t]
    fmt = "2019" if len(found19) > len(found21) else "2021"
    return fmt, found19, found21


# --------------------------------------------------------------------------- value rows
# a not-applicable cell printed in a space-aligned row ("/", "-", "—", "－"): a token of its own, between
# spaces; a row may start with one after a space ("本年增/减" or "电话/传真" are words, not cells; "规章 / / /" a row)
_NA = r"[/／—－–\-]{1,2}"
_RUN = re.compile(rf"(?<![\d.])(?:-?\d|(?:(?<=\s)|^){_NA}(?=\s+(?:\d|{_NA}(?:\s|$))))"
                  rf"(?:[\d.\s\-]|(?<=\s){_NA}(?=\s|$))*")
_NA_TOKEN = re.compile(rf"{_NA}")
_GLUED_MARKS = re.compile(r"^\s*([^\d\s/／][^\d/／]*?[^\d\s/／:：])([/／]{2,})\s*$")  # "规章///"
_SPACED_MARK = re.compile(r"^\s*([^\d\s/／][^\d/／]*?[^\d\s/／:：])\s+([/／])\s*$")  # "行政事业性收费   /"
_SPACES = re.compile(r"\s*")
#: a dash touching the end of a row's label, the rest of the line the row's values ("（二）部分公开—   0   0"): a
#: long label ran up to the first column, whose cell is a not-applicable mark — unless the row has a value for
#: every column after it (then the dash is the label's; decided where the row's columns are known)
_GLUED_DASH = re.compile(rf"(?<=[^\s\d/／—－–\-])(?:[—－–]{{1,2}}|-{{1,2}})(?=(?:\s+(?:\d+(?:\.\d+)?|{_NA}))+\s*$)")
_CLEAN_CELL = re.compile(r"0|[1-9]\d{0,2}(?:[,，]\d{3})+(?:\.\d+)?|[1-9]\d*(?:\.\d+)?|0\.\d+")
#: digits with commas between them ("1,703", "12，345.5"; "2914,227", "1,0011." glued to the next label's item
#: number): one token, which parse_value reads when the commas are thousands separators (a group of one to three
#: digits, then groups of three) and leaves unread else — never the digits before a comma alone as a cell.  Not
#: after a comma: the cells of a comma-separated line ("行政许可,6,100") stay apart
_COMMA_NUMBER = lazy_pattern(r"(?<![\d.,，])\d+(?:[,，]\d+)+")
#: a printed token of a layout row holding several cells run together: digits and "/" "—" marks touching
#: ("0//", "/32", "5—"), or slashes only ("//": one "/" a cell) — as narrow columns print them
_TOUCHING = lazy_pattern(r"(?=[\d.]*[/／—])(?=.*\d|[/／]{2,}$)[\d./／—]+|[/／]{2,}")
_TOUCHING_PIECE = lazy_pattern(r"[/／—]|[^/／—]+")
_TOUCHING_CANDIDATE = lazy_pattern(r"(?<!\S)[\d./／—]*[/／—][\d./／—]*(?!\S)")


def _touching_as_digits(text: str) -> str:
    """``text`` with the marks of tokens of cells run together ("0//", "/32") standing as digits, the same
    length: ``_RUN`` then finds them inside a row's run (their own characters are read from ``text``)."""
    if "/" not in text and "／" not in text and "—" not in text:
        return text
    return _TOUCHING_CANDIDATE().sub(lambda m: re.sub(r"[/／—]", "9", m.group(0)) if _TOUCHING().fullmatch(m.group(0))
                                   else m.group(0), text)


#: a number with thousands separators broken at a space inside its last group ("1,59 4": pypdf's text of a
#: number wrapped in its cell): the only reading in which "1,59" is a number at all
_BROKEN_GROUP = lazy_pattern(r"(?<![\d.,，])(\d{1,3}(?:[,，]\d{3})*[,，])(\d{1,2}) (\d{1,2})(?![\d.,，])")


def _rejoin_groups(text: str) -> str:
    """``text`` with a thousands group broken by a space joined again, the space moved after it (the same
    length: the columns stay)."""
    if "," not in text and "，" not in text:
        return text
    return _BROKEN_GROUP().sub(lambda m: m.group(0) if len(m.group(2)) + len(m.group(3)) != 3
                             else m.group(1) + m.group(2) + m.group(3) + " ", text)


def _separators_as_digits(text: str) -> str:
    """``text`` with the commas between digits ("1,703") standing as digits, the same length: ``_RUN`` then
    takes such a number as one token (its own characters are read from ``text``)."""
    if "," not in text and "，" not in text:
        return text
    return _COMMA_NUMBER().sub(lambda m: re.sub("[,，]", "9", m.group(0)), text)


def _trim_run(run: str) -> str:
    """A run without its trailing spaces and stray dots/dashes ("25-", "25 ."); a dash standing alone
    between spaces at the end is a cell of its own and stays."""
    s = run.rstrip()
    while s and s[-1] in ".-":
        tok = s.split()[-1]
        if _NA_TOKEN.fullmatch(tok) and len(s.split()) > 1:
            break
        s = s[:-1].rstrip()
    return s


_ITEM_TAIL = lazy_pattern(r"^(.*?)(\d)\s*[.、．]\s*$", re.S)  # "4.  保护第三方…": spaces before the label too
_ITEM_HEAD = lazy_pattern(r"^[1-9]\s*[.、．]\s+(?=\d)")
_ITEM_MARKS = (".", "、", "．")  # (what _ITEM_TAIL's run ends with)


@record
class ValueRow:
    """A row of values with its label, before it is matched to a row of the format."""

    label: str
    location: Location
    cells: list[RawCell] | None = None  # values as cells (tables, tab text)
    run: str | None = None  # values as a digit run (layout or glued text)
    label_cells: list[RawCell] = field(default_factory=list)
    prev_text: str = ""
    next_text: str = ""
    table: int | None = None  # index of the source table (grid rows); None for text
    grid: list[RawCell] | None = None  # the whole grid row, span placeholders included
    header: list[list[RawCell]] = field(default_factory=list)  # header rows above it (grid rows)
    run_start: int | None = None  # text: the character column where the run starts in its line
    one_per_line: bool = False  # text: the run was printed one value per line (each token a whole cell)
    label_end: int | None = None  # text: the character column after its label on that line (None: no label)
    prev_parts: list[str] = field(default_factory=list)  # the pieces of ``prev_text``, in order
    caption: str = ""  # grid rows: the line printed just before the row's table when it states a unit (「单位：元」)
    next_parts: list[str] = field(default_factory=list)  # the pieces of ``next_text``, in order
    between: tuple[str, str] | None = None  # text: printed between two rows' labels, which one unknown (unread)
    in_columns: bool = True  # cells: one per column as printed (RowBlock.in_columns)
    glued_mark: bool = False  # text: the run starts with a dash touching the label ("部分公开—  0  0")
    #: text printed one cell per line: the cells from its first value line to its last, an empty line an empty
    #: cell ("" — :attr:`Segment.blank_cells_before`), and the empty lines after its last value (its own last
    #: cells, then the covered places of merged cells before the next row's label)
    line_cells: list[str] | None = None
    trailing_blanks: int = 0
    #: text: a run without a label of its own after another row's run on the same line ("行政规范性文件| 0| 0| 2"
    #: read as three runs, "│ 2 │" after a row printed short): the spare values of the row before, which never
    #: take their label from the text after them (a blank or "/" row below would get the row above's number)
    spare: bool = False
    #: text printed one cell per line: the piece right after its cells, which is no context of its own (the next
    #: row's label) unless it ends a label wrapped around the cells (:func:`_label_wrapped_around`)
    after_cells: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        if self.cells is not None:  # (= all(not c.text.strip() …): the texts joined are whitespace when each is)
            return not "".join([c.text for c in self.cells]).strip()
        return not (self.run or "").strip()


_VALUE_LIKE = re.compile(r"^\ufffd*[+-]?\d[\d.,\s]*(?:[万亿千]?元|件|[万亿][\d.]*[万亿千]?元)?[\s*＊※#^\d.,)）\]】a-z\ufffd]*$")


def _looks_like_value(text: str) -> bool:
    """A cell that starts with a digit and holds no words: a value printed with a footnote mark ("347*",
    "12※") or in a unit the cell names ("0.001235亿元", "12万3500元"), or beside the U+FFFD of a character cut by a
    byte-oriented converter ("215�": an unreadable value in its column) — not a label like "1.属于国家秘密"."""
    t = unicodedata.normalize("NFKC", text or "").strip()
    return 0 < len(t) <= 30 and bool(_VALUE_LIKE.match(t))


@functools.lru_cache(maxsize=1)
def _format_labels() -> dict[str, frozenset]:
    """Every label a row of a known format prints (its own, aliases, shortened ones), NFKC'd and without spaces
    → the rows ((table, row id)) that print it."""
    labels: dict[str, set] = {}
    for fmt in (FORMAT_2021, FORMAT_2019):
        for table in fmt.tables:
            for row in table.rows:
                for t in (row.label, *row.aliases, *row.short):
                    if t:
                        key = unicodedata.normalize("NFKC", t).replace(" ", "")
                        labels.setdefault(key, set()).add((table.number, row.id))
    return {k: frozenset(v) for k, v in labels.items()}


def _cut_label(label: str) -> str:
    """A label with characters cut by a byte-oriented converter ("行政\ufffd", "1.属于国家秘\ufffd"): the format's
    label it can be when every label it can be is one row's — each U+FFFD inside standing for one to three
    characters, a trailing one for the rest of the cell — or "" when it can be more than one row or none (the
    row's numbers are then not placed by a guess at its label: "行政\ufffd" is 行政许可, 行政处罚, 行政强制 … alike)."""
    text = unicodedata.normalize("NFKC", label).replace(" ", "")
    parts = re.split("\ufffd+", text)
    if not "".join(parts).strip():
        return ""
    pattern = re.compile(".{1,3}".join(re.escape(p) for p in parts[:-1])
                         + (".{1,3}" + re.escape(parts[-1]) + "$" if parts[-1] else ".+$"), re.S)
    found = {t: rows for t, rows in _format_labels().items() if pattern.match(t)}
    rows = set().union(*found.values()) if found else set()
    return min(found, key=len) if len(rows) == 1 else ""


def _first_value(cells: list[RawCell], kinds: list) -> int:
    """The index of a grid row's first value cell (len(cells) when it has none), by what the cells hold."""
    for i, k in enumerate(kinds):  # (a loop, not a generator's next(): the same first index)
        if k == "number" or k == "not_applicable":
            return i
        if k == "unreadable":
            text = cells[i].text
            if (i > 0 and (_looks_like_value(text) or text == FORMULA_NOT_COMPUTED)
                    and any(c.text.strip() for c in cells[:i] if not c.spanned)) \
                    or ("\ufffd" in text and _looks_like_value(text)) \
                    or text.startswith(_WRAPPED_IN_CELL_PREFIX):
                return i
    return len(cells)


@functools.lru_cache(maxsize=1)
def _label_texts() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every text a label cell of a known format prints, normalised: its rows' labels (aliases, shortened ones),
    its groups' labels and its columns' labels — (all of them, those of four characters or more)."""
    texts = set(_format_labels())
    for fmt in (FORMAT_2021, FORMAT_2019):
        for table in fmt.tables:
            texts.update(_group_texts(table))
            texts.update(norm(c.label) for c in table.columns)
            texts.update(norm(g) for c in table.columns for g in c.groups)
    texts = {norm(t) for t in texts if t}
    return frozenset(texts), tuple(t for t in texts if len(t) >= 4)


def _label_like(text: str) -> bool:
    """A cell's text that is (part of) a label of the format ("1.属于国家秘密", "（三）不予公开", "属于国家秘"),
    not something typed in a value cell ("O", "十", "?", "–3", "暂无")."""
    t = norm(text)
    whole, long = _label_texts()
    return t in whole or (len(t) >= 4 and any(t in k or k in t for k in long))


@functools.lru_cache(maxsize=1)
def _format_column_names() -> frozenset[str]:
    """The labels of every known format's columns, normalised."""
    return frozenset(norm(c.label) for fmt in (FORMAT_2021, FORMAT_2019) for table in fmt.tables
                     for c in table.columns)


def _cell_kinds(b: RowBlock) -> list:
    """What each cell of a grid row holds (:func:`parse_value`'s kind; None for a place covered by a span)."""
    return [None if c.spanned else parse_value(c.text)[0] for c in b.cells]


def _value_starts(blocks: list[RowBlock], kinds: list[list]) -> dict[int, int]:
    """The rows of one grid table, in order → for a row (by index) the position its values begin at by the other
    rows of the table: the first of the positions where those as wide as it print their first value after a label
    and where the header rows above it as wide as it first name a column of a format.  A cell there is a value cell
    of the row even when it holds no number ("O" typed for 0, "十", "?"): taken for a part of the label it would
    move every value after it one column left.  A row without a number above the table's first row with numbers
    and under no such header is a header row: none."""
    names = _format_column_names()
    firsts = [_first_value(b.cells, k) for b, k in zip(blocks, kinds)]
    out: dict[int, int] = {}
    # width → position → how many rows as wide print their first value there after a label
    starts_of: dict[int, Counter] = {}
    counted: list[int | None] = []
    for b, f in zip(blocks, firsts):
        labelled = 0 < f < len(b.cells) and any(c.text.strip() for c in b.cells[:f] if not c.spanned)
        counted.append(f if labelled else None)
        if labelled:
            starts_of.setdefault(len(b.cells), Counter())[f] += 1
    header_at: dict[int, int] = {}  # width → the first position the header rows of that width name a column at
    in_header = False
    values_seen = False
    for k, (b, f) in enumerate(zip(blocks, firsts)):
        width = len(b.cells)
        if f == width:  # no value: a header row (or a row of text, or of text typed in its value cells)
            # (a column's label, or its path as a converter prints a merged header: "行政复议/结果维持")
            named = [i for i, c in enumerate(b.cells) if not c.spanned and norm(c.text.rsplit("/", 1)[-1]) in names]
            if named:  # (over the header's rows: a lower row's cells under an upper one's merged cells)
                header_at[width] = min(named[0], header_at[width]) if in_header and width in header_at else named[0]
                in_header = True
                continue
            if not values_seen and width not in header_at:
                # a row without a number above the table's first one and under no header naming its columns: a
                # header row of its own (the column labels cut over two rows: "| 业 | 构 | 益组织 | 务机构 |")
                continue
        else:
            in_header = False
            values_seen = True
        own = counted[k]
        others = {g for g, n in starts_of.get(width, {}).items() if n > (g == own)}
        if width in header_at and (header_at[width] > 0 or not others):
            # (a header naming a column at the first position: a table without a label column, table 四 — unless
            # its other rows print labels there)
            others.add(header_at[width])
        if others:  # (text in a value cell only moves a row's first value later: the first of them)
            at = min(others)
            if f < width or at == 0 or _names_a_row(" ".join(c.text for c in b.cells[:at] if not c.spanned)):
                # (a row without a number: one of text typed in its value cells only when its label names a row —
                # not a header row of a block of the table, "信息内容 | 本年收费金额/元")
                out[k] = at
    return out


def _names_a_row(label: str) -> bool:
    """A label that is a row's of a known format (its own, an alias or a shortened one), or the whole of one in
    it or it in one (four characters or more)."""
    t = norm(label)
    if not t:
        return False
    rows = _format_labels()
    return t in rows or (len(t) >= 4 and any(t in k or k in t for k in rows if len(k) >= 4))


def _row_from_block(b: RowBlock, start: int | None = None, kinds: list | None = None) -> ValueRow | str:
    """``start``: where the row's values begin by the other rows of its table (:func:`_value_starts`); ``kinds``
    its cells' (:func:`_cell_kinds`) when known."""
    cells = list(b.cells)
    kinds = _cell_kinds(b) if kinds is None else kinds
    # the label is the text before the first printed value; text after it ("ab" among the
    # numbers) is an unreadable cell of the row, not part of the label.  A cell after the label that
    # starts with a digit and holds no word ("347*", "12万3500元") is a value, even if unreadable; so is a
    # spreadsheet's formula saved without its result (a cell of the row, unread: never a part of the label)
    # (a value beside a character cut by a converter, "2�", is one even first: table 四's rows have no label)
    first_value = _first_value(cells, kinds)
    if start is not None and start < first_value and not cells[start].spanned \
            and (start == 0 or any(c.text.strip() for c in cells[:start] if not c.spanned)):
        # text in a cell where the table's other rows print their values ("规章<TAB>O<TAB>0<TAB>5"): a value cell
        # holding no number (read as unreadable, its text kept), unless it is a label's text (a label cut over
        # two cells) — never a part of the label that moves the values after it one column left
        between = [c for c in cells[start:first_value] if not c.spanned and c.text.strip()]
        if between and not any(_label_like(c.text) for c in between):
            first_value = start
    last_label = -1
    for i in range(first_value):
        if kinds[i] == "unreadable" and cells[i].text.strip():
            last_label = i
    label_cells = [c for c in cells[:last_label + 1] if not c.spanned and c.text.strip()]
    # a position covered by a span belongs to the cell that spans it (a label's colspan, or a
    # value printed across two header columns): it is not a cell of its own
    values = [c for c in cells[last_label + 1:] if not c.spanned]
    label = " ".join(c.text for c in label_cells)
    if "\ufffd" in label:
        label = _cut_label(label)
        if not label:  # the row it was is not known: its numbers are read as no row's (unread where they land)
            values = [c if "\ufffd" in c.text else RawCell(c.text + "\ufffd", c.location, c.spanned) for c in values]
    if not values:
        return TextPiece(label, b.table, cells, b.location)
    return ValueRow(label, b.location, cells=values, label_cells=label_cells, table=b.table, grid=cells,
                    in_columns=b.in_columns)


class TextPiece(str):
    """A piece of text in a table region; ``table`` is the source table's index (None for
    text), ``cells`` the grid row when the piece is a row without values (a header row)."""

    def __new__(cls, text: str, table: int | None = None, cells: list[RawCell] | None = None,
                location: Location | None = None):
        obj = super().__new__(cls, text)
        obj.table = table
        obj.cells = cells
        obj.location = location
        return obj


def _lone_mark_row(text: str, location: Location) -> ValueRow | None:
    """A label and one not-applicable mark set apart by spaces ("行政事业性收费   /", space-aligned or
    ``pdftotext -layout`` text): a row whose one cell is "/" (a lone mark is otherwise no run: "本年增/减").  The
    mark is one whole cell, so a row of more cells stays unread rather than placed by guess."""
    m = _SPACED_MARK.match(text)
    if m is None:
        return None
    return ValueRow(clean(m.group(1)), location, run=m.group(2), one_per_line=True)


#: punctuation after "N件" that goes on with a sentence (a cell printing "12件" ends its row, or a space follows)
_SENTENCE_GOES_ON = frozenset("，、。；：,;:")


_CELL_PIPES = lazy_pattern(r"(?<=\S)\s*[|｜](?=\s*(?:\d|[/／—－–\-](?:\s|[|｜]|$)|[|｜]|$))")
_WORD = re.compile(r"\w")  # a letter, digit or ideograph: a label has one, bars and marks between cells none
#: what any value row of a line needs: a digit, or a not-applicable mark (_NA, _GLUED_DASH, _TOUCHING, _GLUED_MARKS,
#: _SPACED_MARK); or a pipe (_CELL_PIPES, which may change the line's text)
_RUN_CHAR = re.compile(r"[\d/／—－–\-|｜]")
_DASH_CHAR = re.compile(r"[—－–\-]")  # (what _GLUED_DASH needs)
_SLASH_CHAR = re.compile(r"[/／]")
#: a digit of a run (its characters are _RUN's: \d digits — str.isdigit of these — points, spaces, commas, marks)
_DIGIT_IN_RUN = re.compile(r"\d")


def pieces_from_text(text: str, location: Location, offset: int = 0) -> list[ValueRow | str]:
    """A line of text → value rows (label + digit run) and text pieces, in order."""
    if PAGE_NUMBER.match(text):
        return []
    if not _RUN_CHAR.search(text):
        # no digit, mark or pipe (most lines of prose): no run, no row — the line is one text piece, as the
        # steps below would leave it
        return [clean(text)] if text.strip() else []
    slashed = _SLASH_CHAR.search(text) is not None  # (what _GLUED_MARKS and _SPACED_MARK need)
    glued = _GLUED_MARKS.match(text) if slashed else None
    if glued:
        # a label with its not-applicable marks run together ("规章///"): one mark a cell; each mark a whole
        # cell, so fewer marks than cells leaves the row unread rather than placed by guess
        return [ValueRow(clean(glued.group(1)), location, run=" ".join(glued.group(2)), one_per_line=True)]
    if "|" in text or "｜" in text:
        # cells set apart by pipes in a line that is not a pipe table ("行政规范性文件| 0| 0| 2": python-html2text
        # prints a table without outer pipes, which Markdown then reads as text): a pipe between cells is a space
        text = _CELL_PIPES().sub(lambda m: " " * len(m.group()), text)  # (the same length: columns stay)
    text = _rejoin_groups(text)
    alone = _lone_mark_row(text, location) if slashed else None
    if alone is not None:
        return [alone]
    out: list[ValueRow | str] = []
    pos = 0
    pending = ""
    probe = _separators_as_digits(_touching_as_digits(text))
    glued_dash = _GLUED_DASH.search(probe) if _DASH_CHAR.search(probe) else None
    if glued_dash is not None:  # the dash stands as a cell of its own for the runs (the label keeps its text)
        at = glued_dash.start()
        probe = probe[:at - 1] + " " + probe[at:]
    for m in _RUN.finditer(probe):
        start, end = m.start(), m.end()
        run = text[start:end]
        nxt = text[end:end + 1]
        # a leading item number printed apart from its label ("3.      0  0  0", pdftotext -layout with the
        # label on the line above): part of the label, not a cell
        head = _ITEM_HEAD().match(run)
        if head and len(run.split()) > 1:
            start += head.end()
            run = run[head.end():]
        # a trailing item number ("…0000002." before "其他…", "1、申请人…") belongs to the next label
        tail = _ITEM_TAIL().match(run) if run.rstrip()[-1:] in _ITEM_MARKS else None
        if tail and nxt and not nxt.isdigit():
            run = tail.group(1)
            end = start + len(run)
        elif nxt in ("、", "．") and run.rstrip() == run:
            run = run[:-1]
            end = start + len(run)
        stripped = _trim_run(run)
        if not stripped.strip():
            continue
        after_run = start + len(stripped)
        if stripped.isdigit() and text[start - 1:start] in ("(", "（") and text[after_run:after_run + 1] in (")", "）"):
            continue  # a label's own item number in brackets ("（4）保护第三方合法权益"), not a cell
        if not _DIGIT_IN_RUN.search(stripped) and not (
                len(stripped.split()) >= 2 and all(_NA_TOKEN.fullmatch(t) for t in stripped.split())):
            continue  # a row of not-applicable marks only ("/  /  /") is a row; a lone dash is not
        # numbers that are part of prose (years, "第3页", "100%", "3 件") are not cells
        at = _SPACES.match(text, start + len(stripped)).end()  # not text[…:].lstrip(): a copy of the rest
        after = text[at:at + 1]
        if after[:1] in ("年", "月", "日", "%", "％", "条", "个", "次", "篇", "期", "号", "人", "家",
                         "项", "余", "份", "名", "届", "批", "类", "亿") and len(stripped.split()) == 1:
            continue
        if after == "件" and text[at + 1:at + 2] in _SENTENCE_GOES_ON and len(stripped.split()) == 1:
            continue  # "共收到政府信息公开申请6件，上年结转1件，…": a count inside a sentence, not a cell
        label = pending + text[pos:start]
        pending = ""
        spare = not _WORD.search(label) and any(isinstance(p, ValueRow) for p in out)
        out.append(ValueRow(clean(label), location, run=stripped.strip(), spare=spare,
                            run_start=offset + start + _lead(stripped),
                            label_end=offset + len(text[:start].rstrip()) if text[pos:start].strip() else None,
                            glued_mark=glued_dash is not None and start == glued_dash.start()))
        pos = start + len(stripped)
    rest = text[pos:]
    if rest.strip():
        out.append(clean(rest))
    return out


_LONE_ITEM = re.compile(r"^\s*[1-9]\d?\s*[.．、]\s*$")


def _label_follows(segments: list[Segment], k: int) -> bool:
    """The text segment after ``segments[k]`` starts with a word (a CJK character), not a number."""
    nxt = segments[k + 1] if k + 1 < len(segments) else None
    first = nxt.text.strip()[:1] if nxt is not None and nxt.kind == "text" else ""
    if first in _OPENING_MARKS:  # "3." ⏎ "“" ⏎ "危及三安全一稳" (PyMuPDF prints a label's quotes apart): the label's
        first = next((x.text.strip()[:1] for x in segments[k + 2:k + 4] if x.kind == "text"
                      and x.text.strip()[:1] not in _OPENING_MARKS), "")
    return "\u4e00" <= first <= "\u9fff"


_OPENING_MARKS = frozenset("“‘\"'（(《「『【")


def value_rows(segments: list[Segment]) -> list[ValueRow | str]:
    """Segments of a table region → value rows and text pieces, in order.

    Each value row gets the text around it (``prev_text``/``next_text``: wrapped label
    fragments) from its own source only — a grid row never borrows text from another table,
    a text line never from a grid — and grid rows get the header rows above them.
    """
    out: list[ValueRow | str] = []
    cell_line = None  # the row of the value lines just before: a table printed one cell per line
    cell_lines: list[ValueRow] = []  # rows of value lines without a label
    one_per_line = False
    item = ""  # a label's numbering printed alone on the line before its words
    # a grid table's rows (a text's tab lines: those on lines one after another) → where each row's values
    # begin by the others (_value_starts)
    grids: dict = {}
    run = 0
    for k, s in enumerate(segments):
        if s.kind == "row":
            if s.block.table is None and not (k and segments[k - 1].kind == "row"
                                              and segments[k - 1].block.table is None):
                run += 1
            grids.setdefault(s.block.table if s.block.table is not None else -run, []).append(s.block)
    kinds = {id(s.block): _cell_kinds(s.block) for s in segments if s.kind == "row"}
    starts = {id(blocks[k]): at for blocks in grids.values()
              for k, at in _value_starts(blocks, [kinds[id(b)] for b in blocks]).items()}
    for k, s in enumerate(segments):
        if s.kind == "row":
            out.append(_row_from_block(s.block, starts.get(id(s.block)), kinds[id(s.block)]))
            cell_line = None
        elif s.kind == "text":
            if _LONE_ITEM.match(s.text) and _label_follows(segments, k):
                # a label's numbering alone on its line, its words on the next ("1." / "申请人无正当理由…": plain
                # pdftotext of a narrow label cell): the start of the next line's label, never a cell holding 1
                item = clean(s.text)
                continue
            pieces = pieces_from_text(s.text, s.location, s.offset)
            if item:
                if pieces and isinstance(pieces[0], ValueRow):
                    pieces[0].label = item + pieces[0].label
                elif pieces:
                    pieces[0] = item + pieces[0]
                item = ""
            if _NA_TOKEN.fullmatch(s.text.strip()) and cell_line is not None and out and out[-1] is cell_line:
                # a not-applicable mark on a line of its own after a row's value lines: one more cell of the row
                pieces = [ValueRow("", s.location, run=s.text.strip())]
            elif _NA_TOKEN.fullmatch(s.text.strip()) and out and isinstance(out[-1], str) and out[-1].strip():
                # … or the first cell of the row whose label is the line before ("规章" / "/" / "/" / "/")
                pieces = [ValueRow("", s.location, run=s.text.strip())]
            one = pieces[0] if len(pieces) == 1 and isinstance(pieces[0], ValueRow) else None
            if one is not None and not one.label.strip() and len(one.run.split()) == 1:
                if cell_line is not None and out and out[-1] is cell_line:
                    # plain pdftotext (without -layout) and HTML-to-text exports print a table one cell
                    # per line, in row order: the value lines after a label are that row's cells
                    cell_line.run += " " + one.run
                    cell_line.run_start = None  # not a layout line: no column positions
                    cell_line.one_per_line = True
                    cell_line.line_cells += [""] * s.blank_cells_before + [one.run]
                    cell_line.trailing_blanks = s.blank_cells_after
                    one_per_line = True
                    continue
                cell_line = one
                one.line_cells = [""] * s.blank_cells_before + [one.run]
                one.trailing_blanks = s.blank_cells_after
                cell_lines.append(one)
            elif pieces:
                if cell_line is None and s.blank_cells_before and out and type(out[-1]) is TextPiece and out[-1].table is None:
                    # a label, empty cells, then the next label: a row printed with every cell empty
                    out[-1] = ValueRow(clean(out[-1]), out[-1].location, run="", line_cells=[],
                                       trailing_blanks=s.blank_cells_before)
                cell_line = None
            out.extend(TextPiece(p, location=s.location) if isinstance(p, str) else p for p in pieces)
    _unit_captions(out)
    by_source: dict = {}
    headers_by_width: dict[int, list[list[RawCell]]] = {}  # the last header of a grid of each width
    for p in out:
        by_source.setdefault(p.table, []).append(p)
    for table, items in by_source.items():
        rows = [i for i, p in enumerate(items) if isinstance(p, ValueRow)]
        for k, i in enumerate(rows):
            prev_i = rows[k - 1] if k else -1
            next_i = rows[k + 1] if k + 1 < len(rows) else len(items)
            items[i].prev_parts = [p for p in items[prev_i + 1:i] if isinstance(p, str)]
            items[i].next_parts = [p for p in items[i + 1:next_i] if isinstance(p, str)]
            if items[i].spare:  # the values left over from the row before on its line: no label around them
                items[i].prev_parts, items[i].next_parts = [], []
            items[i].prev_text = " ".join(items[i].prev_parts)
            items[i].next_text = " ".join(items[i].next_parts)
        if one_per_line and table is None:
            # printed one cell per line, a row's label is the line before its values, never the line after
            # (that is the next row's label: reading it as this row's would shift the rows)
            for v in cell_lines:
                v.after_cells = v.next_parts[:1]  # (unless the label was wrapped around them: _label_wrapped_around)
                v.next_text, v.next_parts = "", []
                v.one_per_line = True
        if table is None:
            continue
        header: list[list[RawCell]] = []
        after_values = False
        for p in items:
            if isinstance(p, ValueRow):
                if not header and not after_values and p.grid is not None:
                    # a table continued after a page break without its header (Markdown made from a PDF):
                    # the header of the grid of the same width before it
                    header = list(headers_by_width.get(len(p.grid), []))
                p.header = list(header)
                if p.blank and not after_values and p.grid is not None:
                    # no value printed yet: a lower header row whose first cells are empty (a pipe table
                    # cannot span, so "商业企业 … 其他" under "法人或其他组织" has empty cells before it)
                    header.append(p.grid)
                else:
                    after_values = True
            elif p.cells is not None:
                if after_values:  # a new block of the table (table 二's captions and headers)
                    header, after_values = [], False
                header.append(p.cells)
        if header:
            headers_by_width[len(header[-1])] = header
    return out


_UNIT_LINE = re.compile(r"^[(（]?\s*(?:金额)?单位[:：]\s*(?:人民币)?\s*(?:亿元|万元|千元|元)\s*[)）]?[。.]?$")


def _unit_captions(out: list) -> None:
    """A grid's rows get the line printed just before the grid when it says only a unit (「单位：元」,
    「（单位：万元）」 over a Markdown or HTML table): the unit of the table's amounts, as in a header."""
    before, captions = "", {}
    for p in out:
        if p.table is None:
            before = "" if isinstance(p, ValueRow) else p
            continue
        if p.table not in captions:
            captions[p.table] = before if _UNIT_LINE.match(nfkc(before).strip()) else ""
        if isinstance(p, ValueRow):
            p.caption = captions[p.table]


def extra_column_index(table: Table, items) -> tuple[int, str] | None:
    """A column the format does not have, named in a text table's header (e.g. "法人或其他组织小计"):
    (its index among the value cells, its label), placed after the known column printed before it
    in the same header line; None when the header names only the format's columns."""
    known = {norm(c.label): k for k, c in enumerate(table.columns)}
    groups = {norm(g) for c in table.columns for g in c.groups}
    for p in items:
        if isinstance(p, ValueRow) and not p.blank:
            break  # the header is above the first row with values
        if isinstance(p, ValueRow):
            labels = [c.text for c in p.label_cells]
        else:
            cells = getattr(p, "cells", None)
            labels = [c.text for c in cells if c.text.strip()] if cells else str(p).split()
        for i, lab in enumerate(labels):
            key = norm(lab)
            if not key or key in known or key in groups or "勾稽" in key or len(key) > 12:
                continue
            before = [known[norm(x)] for x in labels[:i] if norm(x) in known]
            if before:
                return before[-1] + 1, clean(lab)
            # a word before every known column ("项目", "类别"): the header of the label column, not a column of
            # values — taking it for one would drop a row's first value as that column's
    return None


def header_positions(header: list[list[RawCell]]) -> dict[int, str]:
    """Grid position → the lowest header label printed at that position."""
    leaf: dict[int, str] = {}
    for row in header:
        for i, c in enumerate(row):
            if not c.spanned and c.text.strip():
                leaf[i] = c.text
    return leaf


def columns_by_header(v: ValueRow, cols) -> dict[str, int] | None:
    """Column id → grid position, by matching the header labels above a grid row; None when the
    header names none of the columns (then cells are read in order)."""
    if v.grid is None or not v.header:
        return None
    if any(len(h) < len(v.grid) for h in v.header if any(c.text.strip() for c in h)):
        # a header row narrower than the row (a converter dropped its merged cells: "| 自然人 | 法人或其他组织 |
        # | 总计 |" above "| 商业企业 | … | 其他 |"): its labels stand at positions of their own, not over the
        # row's cells.  A row as wide as the table's widest row, nothing but empty cells between its label and its
        # last cells, holds its values in those (the label's filler cells before them, a blank 总计 an empty last
        # cell); another row is read in order
        start = len(v.grid) - len(cols)
        if len(v.grid) == max(len(h) for h in v.header) and start >= len(v.grid) - len(v.cells) \
                and not any(c.text.strip() for c in v.grid[len(v.grid) - len(v.cells):start]):
            return {col.id: start + k for k, col in enumerate(cols)}
        return None
    leaf = header_positions(v.header)
    first_value = len(v.grid) - len(v.cells) if v.cells else 0
    found: dict[str, int] = {}
    for col in cols:
        hits = [i for i, t in leaf.items() if i >= first_value and norm(t) == norm(col.label)]
        if len(hits) == 1:
            found[col.id] = hits[0]
        elif hits and hits[-1] - hits[0] == len(hits) - 1:
            # one header cell a converter repeated over the adjacent positions it spans ("|法律服务机构|法律服务机构|"):
            # the column is the one of them the row prints a value in (the first when none), never two
            printed = [i for i in hits if i < len(v.grid) and v.grid[i].text.strip()]
            if len(printed) <= 1:
                found[col.id] = printed[0] if printed else hits[0]
    _cut_header_labels(cols, found, leaf, first_value, v.grid)
    if found:
        _columns_beside(cols, found, leaf, first_value, len(v.grid))
    return found or None


def label_over_columns(v: ValueRow, cols, any_width: bool = False) -> list[int]:
    """Grid positions where the header above a grid row names one of ``cols`` but the row prints a label cell
    there: a converter dropped the covered places of a merged label cell on the header's line or on this row
    (html2text: "（三）不予公开| 1.属于国家秘密| 2422| 1539" under "…| 自然人| 商业企业| 科研机构"), so the row's cells
    do not stand under the header's labels — read by their positions its values would go to the columns after
    their own.  Only under a header whose rows are as wide as the row (a narrower header row's labels stand at
    positions of their own: :func:`columns_by_header`), unless ``any_width``."""
    if v.grid is None or not v.header or not v.cells:
        return []
    if not any_width and any(len(h) < len(v.grid) for h in v.header if any(c.text.strip() for c in h)):
        return []
    labels = {norm(c.label) for c in cols}
    first_value = len(v.grid) - len(v.cells)
    return [p for p, t in header_positions(v.header).items()
            if p < first_value and norm(t) in labels and not v.grid[p].spanned and v.grid[p].text.strip()]


def _packed_after_labels(v: ValueRow, over: list[int], vrows: list[ValueRow], cols, table: Table
                         ) -> dict[str, int] | None:
    """Column id → grid position for a row whose label cells stand under column labels (``over``, the positions
    :func:`label_over_columns` gives)
    when it is proven that its table's rows print their values right after their labels, the covered places
    of merged cells and the trailing empty cells left out (html2text): another row of the same grid table and
    header with a label cell under a column label prints exactly one value per column the header names, the
    row's own label cells under column labels are labels of the table, and the header names its columns in the
    format's order at its last positions.  The row's values then fill the named columns from the first; the
    columns after its last value are missing (never a value placed in another's column).  None otherwise."""
    leaf = header_positions(v.header)
    labels = {norm(c.label): c for c in cols}
    named = sorted((p, labels[norm(t)]) for p, t in leaf.items() if norm(t) in labels)
    if not named or len({c.id for _, c in named}) != len(named):
        return None
    order = [cols.index(c) for _, c in named]
    positions = [p for p, _ in named]
    if order != sorted(order) or positions != list(range(positions[0], positions[0] + len(positions))) \
            or len(v.cells) > len(named):
        return None
    own = [norm(t) for t in _group_texts(table)] + [norm(r.label) for r in table.rows]
    for p in over:
        text = norm(v.grid[p].text)
        if not any(text == k or (len(text) >= 4 and k and (text in k or k in text)) for k in own):
            return None  # a word under a column label ("暂无"): perhaps that column's cell, not a label
    if not any(u is not v and u.table == v.table and u.header == v.header and u.cells is not None
               and u.in_columns and len(u.cells) == len(named) and label_over_columns(u, cols, True) for u in vrows):
        return None
    first_value = len(v.grid) - len(v.cells)
    return {c.id: first_value + k for k, (_, c) in enumerate(named) if k < len(v.cells)}


def _cut_header_labels(cols, found: dict[str, int], leaf: dict[int, str], first: int, grid: list) -> None:
    """Columns whose label a converter cut over adjacent header cells ("|本年制发|件数||本年废止件数|现行有|效件数|"):
    the column is the one of those positions the row prints a value in (the first when it prints none); not
    placed when the label is cut so twice or the row prints values in more than one of them."""
    for col in cols:
        if col.id in found:
            continue
        target = norm(col.label)
        spans = []
        for i in sorted(leaf):
            text = norm(leaf[i])
            if i < first or not text or text == target or not target.startswith(text):
                continue
            j = i
            while text != target and j + 1 in leaf and target.startswith(text + norm(leaf[j + 1])):
                j += 1
                text += norm(leaf[j])
            if text == target:
                spans.append(range(i, j + 1))
        if len(spans) != 1:
            continue
        printed = [k for k in spans[0] if k < len(grid) and grid[k].text.strip()]
        if len(printed) <= 1:
            found[col.id] = printed[0] if printed else spans[0][0]


def _columns_beside(cols, found: dict[str, int], leaf: dict[int, str], first: int, width: int) -> None:
    """Columns the header does not name, placed next to a named neighbour in the format's order when that
    position has no label of its own or only a group's ("申请人情况" above 自然人 when a converter dropped
    the row naming it): 自然人 just before 商业企业, 总计 just after 其他."""
    groups = {norm(g) for c in cols for g in c.groups}
    taken = set(found.values())

    def free(i: int) -> bool:
        return first <= i < width and i not in taken and (i not in leaf or norm(leaf[i]) in groups)

    for order, step in ((list(cols), 1), (list(reversed(cols)), -1)):
        for prev, col in zip(order, order[1:]):
            if col.id not in found and prev.id in found and free(found[prev.id] + step):
                found[col.id] = found[prev.id] + step
                taken.add(found[col.id])


# --------------------------------------------------------------------------- alignment
def label_score(key: str, text: str) -> float:
    """Share of the official label ``key`` (normalised) found in ``text`` (normalised):
    1.0 when it is contained; else the matched characters in blocks of 2+ over its length."""
    if not key or not text:
        return 0.0
    if key in text:
        return 1.0
    blocks = SequenceMatcher(None, key, text, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= 2) / len(key)


class _TextScorer:
    """``label_score(key, text)`` of one (long) text against many labels: difflib's index of the text made once
    (``SequenceMatcher`` indexes its second sequence, the text; the labels are its first), and a label that
    cannot reach a limit told without difflib."""

    def __init__(self, text: str):
        self.text = text
        self.matcher: SequenceMatcher | None = None

    def score(self, key: str) -> float:
        """= ``label_score(key, self.text)``."""
        text = self.text
        if not key or not text:
            return 0.0
        if key in text:
            return 1.0
        if self.matcher is None:
            self.matcher = SequenceMatcher(None, "", text, autojunk=False)
        self.matcher.set_seq1(key)
        return sum(b.size for b in self.matcher.get_matching_blocks() if b.size >= 2) / len(key)

    def under(self, key: str, limit: float) -> float:
        """:meth:`score` where it could reach ``limit``; else a value under ``limit`` that is at least the score
        (the share of the label's characters standing in a character pair the text also has: every matched
        block of 2+ is made of such pairs).  For comparisons with ``limit`` only."""
        if not key or not self.text:
            return 0.0
        if len(key) < 2 or key in self.text:
            return self.score(key)  # (no pair to bound it by: contained or not; contained: 1.0)
        bound = _matcher(key).bound_in(self.text)
        return self.score(key) if bound >= limit else bound


def _keys(row) -> list[str]:
    """A format row's labels for aligning (normalised): the official label, its aliases, its short labels."""
    hit = _KEYS.get(id(row))  # (by id: a frozen dataclass hashes all its fields at every lookup)
    if hit is None or hit[0] is not row:
        if len(_KEYS) > 4096:
            _KEYS.clear()
        hit = _KEYS[id(row)] = (row, [norm(x) for x in (row.label, *row.aliases, *row.short) if x])
    return hit[1]


def _official_keys(row) -> list[str]:
    """A format row's official wordings (normalised): a printed label matching one is not said to differ."""
    hit = _OFFICIAL_KEYS.get(id(row))
    if hit is None or hit[0] is not row:
        if len(_OFFICIAL_KEYS) > 4096:
            _OFFICIAL_KEYS.clear()
        hit = _OFFICIAL_KEYS[id(row)] = (row, [norm(x) for x in (row.label, *row.aliases) if x])
    return hit[1]


_OFFICIAL_KEYS: dict[int, tuple] = {}  # id of a format row → (the row, kept: its id stays unique; its keys)


_KEYS: dict = {}  # id of a format row → (the row, kept: its id stays unique; its normalised labels)

# a label's own numbering, normalised: "(七)", "七、", "(1)", "1." ("1、" "1．" normalise to "1.")
_NUMBERING = re.compile(r"^(?:\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}、|\d{1,2}\.?)")
BODY_SCORE = 0.95  # a printed label that is a row's label without its numbering, or renumbered ("总计", "七、总计")


def _body(text: str) -> str:
    """A normalised label without its numbering ("(七)总计" → "总计")."""
    if not text or text[0] not in _NUMBERING_START:
        return text
    return _NUMBERING.sub("", text, count=1)


_NUMBERING_START = frozenset("(一二三四五六七八九十0123456789")


def _bodies(row) -> frozenset[str]:
    """A format row's labels without their numbering: what a table that drops or changes the numbering
    prints ("总计", "其他", "属于国家秘密").  Only a printed label equal to one counts (a short body such as
    "其他" is also part of other labels)."""
    hit = _BODIES.get(id(row))
    if hit is None or hit[0] is not row:
        if len(_BODIES) > 4096:
            _BODIES.clear()
        hit = _BODIES[id(row)] = (row, frozenset(b for b in map(_body, _keys(row)) if b))
    return hit[1]


_BODIES: dict = {}  # id of a format row → (the row, its label bodies), as _KEYS


def _bigrams(text: str) -> frozenset[str]:
    # each character with the next (operator.add: a C function, where str.__add__ is a slot wrapper called per pair)
    return frozenset(map(operator.add, text[:-1], text[1:]))


class _KeyMatcher:
    """``label_score`` for one official label against many texts, with the label indexed once.

    A text can only score the share of the label's characters that stand in a character pair the text
    also has (every matched block of 2+ is made of such pairs), so :meth:`bound` — a set lookup per
    character — is an upper bound of :meth:`score`, and the alignment computes the exact score only where
    the bound could reach the threshold or beat the best score found so far."""

    def __init__(self, key: str):
        self.key = key
        self.matcher = SequenceMatcher(None, autojunk=False)
        self.matcher.set_seq2(key)
        self.masks: dict[str, int] = {}  # a character pair → the label's characters it stands on (bits)
        for i in range(len(key) - 1):
            self.masks[key[i:i + 2]] = self.masks.get(key[i:i + 2], 0) | (3 << i)
        self.bigrams = frozenset(self.masks)
        self._cache: dict[str, float] = {}

    def bound(self, grams: frozenset[str]) -> float:
        """At least :meth:`score` of any text whose character pairs are ``grams``."""
        mask = 0
        for g in self.bigrams & grams:
            mask |= self.masks[g]
        return mask.bit_count() / len(self.key) if self.key else 0.0

    def bound_in(self, text: str) -> float:
        """= ``self.bound(_bigrams(text))``, without making the text's pairs (a pair is one of them when the text
        contains it): for a text bounded once, or a long one against a few labels."""
        mask = 0
        for g, bits in self.masks.items():
            if g in text:
                mask |= bits
        return mask.bit_count() / len(self.key) if self.key else 0.0

    def score(self, text: str) -> float:
        key = self.key
        if not key or not text:
            return 0.0
        if key in text:
            return 1.0
        if not any(b in text for b in self.bigrams):
            return 0.0
        cached = self._cache.get(text)
        if cached is None:
            self.matcher.set_seq1(text)
            cached = sum(b.size for b in self.matcher.get_matching_blocks() if b.size >= 2) / len(key)
            self._cache[text] = cached
        return cached


_MATCHERS: dict[str, _KeyMatcher] = {}


def _matcher(key: str) -> _KeyMatcher:
    """The matcher of an official label, made once per process (the formats' labels are few)."""
    m = _MATCHERS.get(key)
    if m is None:
        m = _MATCHERS[key] = _KeyMatcher(key)
    elif len(m._cache) > 4096:
        m._cache.clear()
    return m


_CONTEXT_WEIGHTS = (0.9, 0.9, 0.85)  # prev+own, own+next, prev+own+next


def _contexts(texts: tuple[str, str, str]) -> list[tuple[float, str, frozenset[str]]]:
    """A value row's own label and its label with the text around it, each with its weight and pairs."""
    own, prev, nxt = texts
    out = [(1.0, own, _bigrams(own))]
    for weight, text in zip(_CONTEXT_WEIGHTS, (prev + own, own + nxt, prev + own + nxt)):
        if text != own:
            out.append((weight, text, _bigrams(text)))
    return out


def _score(texts, matchers: list[_KeyMatcher], group_penalty: bool, threshold: float = 0.0) -> float:
    """The best score of a row's labels against a value row's own label and its context (``texts``: the
    own label, previous and next text, or their :func:`_contexts`).  A score that would stay under
    ``threshold`` may be returned as any value under it (the caller reads it as no match)."""
    contexts = _contexts(texts) if isinstance(texts, tuple) else texts
    own = contexts[0][1]
    penalty = 0.9 if group_penalty else 1.0
    best = 0.0
    for m in matchers:
        if m.key and own and m.key in own:
            best = 1.0
            break
        for weight, text, grams in contexts:
            if weight <= best:
                continue
            top = weight * m.bound(grams)
            if top <= best or top * penalty < threshold:
                continue  # cannot beat the best, or cannot reach the threshold
            best = max(best, weight * m.score(text))
    return best * penalty


def _group_texts(table: Table) -> tuple[str, ...]:
    """The labels of the table's groups (the rows it does not print, its vertical group cells), normalised,
    with and without their numbering, longest first."""
    out = _GROUPS.get(id(table))
    if out is None:
        labels = [norm(r.label) for r in table.rows if not r.printed] + [norm(g) for g in table.group_labels]
        texts = {t for label in labels for t in (label, _body(label)) if len(t) >= 4}
        out = _GROUPS[id(table)] = tuple(sorted(texts, key=len, reverse=True))
    return out


_GROUPS: dict = {}  # id of a format's table (the formats live as long as the process) → its group labels


def _without_groups(text: str, groups: tuple[str, ...]) -> str:
    """``text`` without the group labels in it — also a group label printed in two parts around a row's label
    ("三、本年度 予以公开办理结果": the merged group cell wrapped in a column too narrow and unruled to be told
    apart from the row's label, its two lines joined with the row's)."""
    found = False
    for g in groups:
        if g in text:
            text = text.replace(g, "")
            found = True
    if found:
        return text
    for cuts in _group_cuts(groups):
        for k, head, tail in cuts:
            p = text.find(head)
            if p < 0:
                break  # (nor is any longer head: each begins with this one)
            q = text.find(tail, p + k + 1)
            if q >= 0 and (p == 0 or q + len(tail) == len(text)):
                # (the merged cell's first line begins the joined line or its last line ends it: a group's words
                # found inside a row's label are not its parts — "（五）不予处 3.要求提供公开出版物" holds no "不予公开")
                return text[:p] + text[p + k:q] + text[q + len(tail):]
    return text


_GROUP_CUTS: dict = {}  # id of a tuple of group labels → (the tuple, per label its cuts (k, label[:k], label[k:]))


def _group_cuts(groups: tuple[str, ...]) -> tuple:
    """Per group label, the two parts :func:`_without_groups` looks for, cut after each of its characters from
    the second to the third last: made once per tuple of group labels (a table's, :func:`_group_texts`)."""
    hit = _GROUP_CUTS.get(id(groups))
    if hit is None or hit[0] is not groups:
        if len(_GROUP_CUTS) > 256:
            _GROUP_CUTS.clear()
        hit = _GROUP_CUTS[id(groups)] = (groups, tuple(tuple((k, g[:k], g[k:]) for k in range(2, len(g) - 1))
                                                       for g in groups))
    return hit[1]


_ITEM_AT = re.compile(r"(?=[一二三四五六七八九十]、|\([一二三四五六七八九十\d]{1,2}\)|(?<![\d.])\d{1,2}\.(?!\d))")


def _names_two_rows(text: str, rows: list, groups: tuple[str, ...] = ()) -> bool:
    """Whether a normalised label holds the numbered beginnings of two printed rows' labels ("一、予以公开年度办
    (二)部分公开(区分处": a row's label and the first line of the next one's, their lines joined where label
    columns are too narrow and unruled to be told apart) — not one row's label, nor a group's beside a row's:
    a numbered piece that begins one of ``groups`` (the merged group cell's first line, "三、本年" of
    "三、本年度办理结果", before "(一)予以公开") names no row."""
    parts = _ITEM_AT.split(text)
    if len(parts) < 3:
        return False
    named: list[frozenset[int]] = []
    for part in parts[1:]:
        body = _body(part)
        if len(body) < 2 or body == part:
            continue
        if any(g.startswith(part) for g in groups):
            continue
        head = body[:3]
        hit = frozenset(j for j, r in enumerate(rows) if r.printed and any(b.startswith(head) or head.startswith(b)
                                                                            for b in _bodies(r)))
        if hit:
            named.append(hit)
    return any(not (a & b) for k, a in enumerate(named) for b in named[k + 1:])


def _foreign_chars(text: str, own: frozenset[str]) -> set[str]:
    """The letters of a normalised label that are in none of a row's labels (nor "小计", "合计"): ``own``, the
    row's :func:`_own_chars`."""
    return {c for c in text if c.isalpha() and c not in own}


def _own_chars(row) -> frozenset[str]:
    """The characters of ``row``'s labels and of "小计", "合计"."""
    return frozenset("".join(_keys(row))) | frozenset("小计合")


#: a sub-row's numbering as :func:`norm` prints it ("1.", "(1)"); groups are numbered "(三)"
_SUB_ITEM = re.compile(r"(?<![\d.])\d{1,2}\.(?!\d)|\(\d{1,2}\)")


def _row_index(table: Table, rows: list):
    """For aligning to ``rows`` (some rows of ``table``, by position): a label without its numbering → the
    rows it is of; a group row → its sub-rows."""
    key = (id(table), tuple(r.id for r in rows))
    out = _ROW_INDEX.get(key)
    if out is None:
        by_body: dict[str, list[int]] = {}
        for j, r in enumerate(rows):
            for b in _bodies(r):
                by_body.setdefault(b, []).append(j)
        subrows = {j: [k for k, leaf in enumerate(rows) if leaf.group == r.label] for j, r in enumerate(rows)
                   if not r.printed}
        out = _ROW_INDEX[key] = (by_body, subrows)
    return out


_ROW_INDEX: dict = {}  # (id of a format's table, the ids of the rows aligned to) → _row_index


class _RowBounds:
    """:meth:`_KeyMatcher.bound` of every row's labels at once, from one index of their character pairs:
    per value row, for each format row, the most :func:`_score` could give it (the bound over the union of
    the value row's contexts — each context's pairs are among them, and a context's weight is at most 1 —
    times the row's group penalty), so that :func:`align` scores only rows that could reach its threshold.
    A one-character label has no pairs (its score comes from containment alone): its row is always scored."""

    def __init__(self, rows, matchers):
        self.index: dict[str, list[tuple[int, int]]] = {}  # a character pair → (slot, the label bits it covers)
        self.slots: list[tuple[int, int]] = []  # slot → (row index, label length)
        self.always = [False] * len(rows)
        self.penalty = [1.0 if r.printed else 0.9 for r in rows]
        for j, ms in enumerate(matchers):
            for mt in ms:
                if 0 < len(mt.key) < 2:
                    self.always[j] = True
                if not mt.key:
                    continue
                slot = len(self.slots)
                self.slots.append((j, len(mt.key)))
                for g, mask in mt.masks.items():
                    self.index.setdefault(g, []).append((slot, mask))
        self.base = [2.0 if a else 0.0 for a in self.always]
        # the same index as one integer per pair: every slot's label bits side by side (slot k's at ``offset``),
        # so that the bits a text's pairs cover are one OR per pair, not one dict update per (pair, slot)
        self.fields: list[tuple[int, int, int, int]] = []  # slot → (offset, its bits' mask, row index, length)
        offset = 0
        for j, length in self.slots:
            self.fields.append((offset, (1 << length) - 1, j, length))
            offset += length
        # (a slot is once in a pair's list, in bits of its own: the sum is the OR)
        self.wide: dict[str, int] = {g: sum(mask << self.fields[slot][0] for slot, mask in covered)
                                     for g, covered in self.index.items()}

    def reach(self, contexts) -> list[float]:
        # (:func:`_contexts`' texts are each a part of the last one — own, prev+own, own+next, prev+own+next —
        # so the union of their pairs is the last one's)
        grams = contexts[-1][2] if isinstance(contexts, list) else frozenset().union(*(g for _, _, g in contexts))
        wide = self.wide
        covered = 0  # every slot's label bits that some pair of the text covers
        for g in grams:
            bits = wide.get(g)
            if bits is not None:
                covered |= bits
        out = list(self.base)  # (2.0: always scored; a bound is at most 1.0)
        if covered:
            penalty = self.penalty
            for offset, mask, j, length in self.fields:
                a = (covered >> offset) & mask
                if a:
                    b = a.bit_count() / length * penalty[j]
                    if b > out[j]:
                        out[j] = b
        return out


_ROW_BOUNDS: dict[tuple[int, ...], tuple[list, _RowBounds]] = {}


def _row_bounds(rows: list, matchers) -> _RowBounds:
    """The :class:`_RowBounds` of a list of format rows, made once per process (the formats' rows are few and
    frozen; the list is kept with it, so its ids stay unique)."""
    key = tuple(map(id, rows))
    hit = _ROW_BOUNDS.get(key)
    if hit is None:
        if len(_ROW_BOUNDS) > 256:
            _ROW_BOUNDS.clear()
        hit = _ROW_BOUNDS[key] = (list(rows), _RowBounds(rows, matchers))
    return hit[1]


def align(vrows: list[ValueRow], table: Table, rows: list | None = None) -> list[tuple[int, object, float]]:
    """Monotone alignment of value rows to the table's rows (or to ``rows``, some of them)
    maximising the label scores.

    Returns (index into vrows, Row, score) for each matched pair.  Blank rows only match a
    label that scores ≥ 0.8 (otherwise they are header rows with empty cells).
    """
    rows = [r for r in (table.rows if rows is None else rows) if r.label]
    key = (id(table), tuple(map(id, rows)))
    hit = _SCORES.get(key)
    if hit is None or len(hit[2]) > 4096:
        if len(_SCORES) > 256:
            _SCORES.clear()
        hit = _SCORES[key] = (table, rows, {})  # (the table and rows kept with it: their ids stay unique)
    memo = hit[2]
    score = []
    prepared = None
    for v in vrows:
        # a value row's scores follow from its label, the text around it and whether it is blank: the same
        # printed labels recur in the tables of one report and of every report printed from one template
        texts = (v.label, v.prev_text, v.next_text, v.blank)
        row_scores = memo.get(texts)
        if row_scores is None:
            if prepared is None:
                prepared = _aligned_rows(table, rows, key)
            row_scores = memo[texts] = _row_scores(texts, table, rows, prepared)
        score.append(row_scores)
    if ALIGN_SHORTCUT:
        plain = _one_row_each(score, rows)
        if plain is not None:
            return plain
    return _best_alignment(score, rows)


def _best_alignment(score: list[tuple[float, ...]], rows: list) -> list[tuple[int, object, float]]:
    """The monotone alignment of value rows (``score``: each one's scores against ``rows``) to ``rows`` with the
    greatest sum of scores: (value row index, row, score) of each matched pair."""
    n, m = len(score), len(rows)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        here, below, scores, moves = best[i], best[i + 1], score[i], move[i]
        for j in range(m - 1, -1, -1):
            # the first best of: skip the value row (1), skip the format row (2), match them (3)
            v, mv = below[j], 1
            if here[j + 1] > v:
                v, mv = here[j + 1], 2
            sc = scores[j]
            if sc > 0 and sc + below[j + 1] > v:
                v, mv = sc + below[j + 1], 3
            here[j], moves[j] = v, mv
        here[m], moves[m] = below[m], 1
    for j in range(m - 1, -1, -1):
        best[n][j], move[n][j] = 0.0, 2
    out = []
    i = j = 0
    while i < n and j < m:
        mv = move[i][j]
        if mv == 3:
            out.append((i, rows[j], score[i][j]))
            i, j = i + 1, j + 1
        elif mv == 1:
            i += 1
        else:
            j += 1
    return out


_SCORES: dict = {}  # (id of a format's table, the ids of the rows aligned to) → (table, rows, texts → scores)

#: :func:`align` takes the answer of :func:`_one_row_each` where it has one (False: always the full alignment —
#: the same matches; for tests)
ALIGN_SHORTCUT = True


def _one_row_each(score: list[tuple[float, ...]], rows: list) -> list[tuple[int, object, float]] | None:
    """:func:`align`'s matches when each value row scores above 0 against one format row at most and those rows
    follow one another in the value rows' order (a table printed with the format's labels, rows left out or
    not): the pairs themselves — every alignment is a subset of them, each pair adds its score (at least the
    threshold, never 0), so taking them all is the one best alignment.  None otherwise (then the full one)."""
    out = []
    last = -1
    for i, sc in enumerate(score):
        if not any(sc):
            continue
        top = max(sc)
        j = sc.index(top)
        if j <= last or sc.count(0.0) != len(sc) - 1:
            return None  # two rows scored, or out of order: the full alignment decides
        out.append((i, rows[j], top))
        last = j
    return out


class _AlignedRows:
    """What :func:`_row_scores` needs of the format rows it aligns to, made from the format alone, once per
    process per list of rows (the formats' rows are few and frozen): their matchers, the table's group labels,
    the rows by label body, the group rows' sub-rows and the :class:`_RowBounds`."""

    __slots__ = ("table", "rows", "matchers", "groups", "by_body", "subrows", "bounds", "whole_keys", "own_chars",
                 "labels", "of_label")

    def __init__(self, table: Table, rows: list):
        self.table, self.rows = table, list(rows)  # (kept: their ids stay unique while the entry lives)
        self.matchers = [[_matcher(k) for k in _keys(r)] for r in rows]
        self.groups = _group_texts(table)
        self.by_body, self.subrows = _row_index(table, rows)
        self.bounds = _row_bounds(rows, self.matchers)
        #: (row index, label) of the printed rows' labels of three characters or more, by the label's first
        #: character pair: a line holding one whole is that row's (:func:`_row_scores`)
        self.whole_keys: dict[str, list[tuple[int, str]]] = {}  # … by their first character pair
        for j, r in enumerate(rows):
            if r.printed:
                for k in _keys(r):
                    if len(k) >= 3:
                        self.whole_keys.setdefault(k[:2], []).append((j, k))
        #: per group row, the letters its labels are made of (:func:`_foreign_chars`)
        self.own_chars = {j: _own_chars(rows[j]) for j in self.subrows}
        #: the printed rows' labels of three characters or more, and (such a label, blank) → the scores of a line
        #: whose own label is that label exactly: the format's own labels, scored once per process as they are
        #: first printed (they follow from the label alone: :func:`_whole_label_scores`)
        self.labels = frozenset(k for ks in self.whole_keys.values() for _, k in ks)
        self.of_label: dict[tuple[str, bool], tuple[float, ...]] = {}


_ALIGNED_ROWS: dict[tuple, _AlignedRows] = {}


def _aligned_rows(table: Table, rows: list, key: tuple | None = None) -> _AlignedRows:
    key = key or (id(table), tuple(map(id, rows)))
    out = _ALIGNED_ROWS.get(key)
    if out is None:
        if len(_ALIGNED_ROWS) > 256:
            _ALIGNED_ROWS.clear()
        out = _ALIGNED_ROWS[key] = _AlignedRows(table, rows)
    return out


def _row_scores(texts: tuple, table: Table, rows: list, prepared: _AlignedRows | None = None) -> tuple[float, ...]:
    """:func:`align`'s score of one value row (its label, previous and next text, whether it is blank)
    against each of ``rows``: 0.0 where it does not reach the threshold."""
    label, prev_text, next_text, blank = texts
    m = len(rows)
    prepared = prepared or _aligned_rows(table, rows)
    matchers, groups, by_body, subrows, bounds = (prepared.matchers, prepared.groups, prepared.by_body,
                                                  prepared.subrows, prepared.bounds)
    own = norm(label)
    # a sub-row's label printed after its group's merged cell ("（四）无法提供 本机关不掌握相关政府信息"):
    # the line is read by the sub-row's label, so the sub-row, not the group, is the one it names
    own = _without_groups(own, groups) or own
    thr = 0.8 if blank else MATCH_THRESHOLD
    if WHOLE_LABEL_SHORTCUT:
        known = prepared.of_label.get((own, blank))
        if known is not None:  # a line printing one of the format's labels exactly, scored before
            return known
    # (a label in the line begins with one of the line's character pairs: only those labels are looked for)
    whole_keys = prepared.whole_keys
    own_grams = _bigrams(own)
    whole = {j for g in own_grams for j, k in whole_keys.get(g, ()) if k in own}
    if whole and WHOLE_LABEL_SHORTCUT:
        out = _whole_label_scores(own, own_grams, whole, thr, rows, prepared)
        if own in prepared.labels:
            prepared.of_label[(own, blank)] = out
        return out
    scores = [0.0] * m
    prev, nxt = norm(prev_text), norm(next_text)
    contexts = _contexts((own, prev, nxt))
    reach = bounds.reach(contexts)
    own_only = None
    for j, r in enumerate(rows):
        if reach[j] < thr or not (r.printed or own):
            continue  # no label of the row can score the threshold against any context: 0
        if not r.printed:
            # a group's subtotal, which the format does not print, only by a label on the row's own line: a
            # group label on the line above or below is the merged cell beside its sub-rows
            own_only = own_only or _contexts((own, "", ""))
            s = _score(own_only, matchers[j], group_penalty=True, threshold=thr)
        else:
            s = _score(contexts, matchers[j], group_penalty=False, threshold=thr)
        scores[j] = s if s >= thr else 0.0
    # the printed label without its numbering ("总计", "七、总计"), or for a row printed without a label
    # the text just around it: the row whose label it is, and no other
    for weight, body in [(1.0, _body(own))] if own else [(0.9, _body(t)) for t in (prev, nxt) if t]:
        for j in by_body.get(body, ()):
            if not (rows[j].printed or own):
                continue  # (a group's subtotal: by its own line's label only, as above)
            s = weight * BODY_SCORE * (1.0 if rows[j].printed else 0.9)
            if s >= thr and s > scores[j]:
                scores[j] = s
    sub_numbered = _SUB_ITEM.search(own) is not None
    own_chars = prepared.own_chars
    for j in subrows:
        # a group's subtotal row prints the group's label (and at most a word such as 小计): a label with
        # other words ("(四)有现成无法提信息需供": a sub-row's label wrapped around the group's in narrow
        # unruled columns) is a sub-row's, never the group's subtotal
        if scores[j] and len(_foreign_chars(own, own_chars[j])) > 1:
            scores[j] = 0.0
    if whole:
        # the line's own label holds a printed row's whole label: it is that row's, never another row's whose
        # label shares most of its words ("一、本年新收…申请数量" printed twice: the copy is no "二、上年结转…")
        # (the shortcut above gives these scores without scoring the printed rows; kept to test it against)
        scores = [sc if j in whole or not rows[j].printed else 0.0 for j, sc in enumerate(scores)]
    if _names_two_rows(own, rows, groups):
        # two rows' labels on one line (narrow columns, no rules, their lines joined): whose numbers
        # these are cannot be told, the line is left unmatched (P03)
        return (0.0,) * m
    for j, leaves in subrows.items():
        # a group's label beside a sub-row's label (its merged cell printed on the sub-row's line, the
        # sub-row's label wrapped around it): the line is the sub-row, not a subtotal of the group — also
        # when the sub-row's label is too broken to name it ("（六） 1、申请其他处 人无正当": narrow columns
        # wrapping both, their lines interleaved): a sub-row's numbering ("1.") is in no group's label
        if scores[j] and (sub_numbered or any(scores[k] for k in leaves)):
            scores[j] = 0.0
    return tuple(scores)


#: :func:`_row_scores` gives a line holding a printed row's whole label its scores by :func:`_whole_label_scores`
#: (False: by scoring every row, as the other lines — the same scores; for tests)
WHOLE_LABEL_SHORTCUT = True


def _whole_label_scores(own: str, own_grams: frozenset[str], whole: set[int], thr: float, rows: list,
                        prepared: _AlignedRows) -> tuple[float, ...]:
    """:func:`_row_scores` of a line whose own label (``own``, normalised, without group labels) holds the whole
    label of a printed row (``whole``: those rows) — most lines of a table printed with the format's labels.  The
    same scores, found without scoring any printed row: such a line is the row of each label it holds (a label it
    contains scores 1.0, the most any context can give) and of no other printed row; a group row (its subtotal)
    is scored by the line's own label alone, as always, so the text around the line plays no part here.

    (:func:`_row_scores` skips a row whose :class:`_RowBounds` bound stays under the threshold: for a group row,
    scored by its own line, that bound is at least the score, so scoring it directly gives the same 0.0.)"""
    m = len(rows)
    scores = [0.0] * m
    for j in whole:
        scores[j] = 1.0
    subrows = prepared.subrows
    if subrows:
        own_only = None
        matchers = prepared.matchers
        for j in subrows:
            own_only = own_only or [(1.0, own, own_grams)]
            s = _score(own_only, matchers[j], group_penalty=True, threshold=thr)
            scores[j] = s if s >= thr else 0.0
        for j in prepared.by_body.get(_body(own), ()):
            if j in subrows:  # (a printed row's body score, under 1.0, is of no row but those in ``whole``)
                s = BODY_SCORE * 0.9
                if s >= thr and s > scores[j]:
                    scores[j] = s
        own_chars = prepared.own_chars
        for j in subrows:
            if scores[j] and len(_foreign_chars(own, own_chars[j])) > 1:
                scores[j] = 0.0
    if _names_two_rows(own, rows, prepared.groups):
        return (0.0,) * m
    if subrows:
        sub_numbered = _SUB_ITEM.search(own) is not None
        for j, leaves in subrows.items():
            if scores[j] and (sub_numbered or any(scores[k] for k in leaves)):
                scores[j] = 0.0
    return tuple(scores)


def _label_sides(vrows: list[ValueRow], table: Table) -> None:
    """Text rows printed without a label between the label line of one row above and of another below
    ("行政许可 / 15678 / 行政处罚"): whether the numbers are the row above's or the row below's is the
    report's convention, told only by a row printed so with a label on one side alone (the last row's
    numbers with no label after them).  With one side so witnessed the other side's text is dropped; with
    none or both the row keeps no context and stays unread (``between``), never shifted by a guess."""
    rows = [r for r in table.rows if r.label]
    prepared = _aligned_rows(table, rows)
    matchers, bounds = prepared.matchers, prepared.bounds
    memo = _NAMED.get(id(table))
    if memo is None or memo[0] is not table or len(memo[1]) > 4096:
        memo = _NAMED[id(table)] = (table, {})  # (the table kept with it: its id stays unique)
    known = memo[1]

    def named(text: str) -> frozenset[int]:
        t = norm(text)
        if not t:
            return frozenset()
        got = known.get(t)
        if got is None:
            contexts = _contexts(("", t, ""))
            reach = bounds.reach(contexts)  # rows that cannot reach 0.9 against any context are not scored
            got = known[t] = frozenset(
                j for j, r in enumerate(rows)
                if reach[j] >= 0.9 and _score(contexts, matchers[j], group_penalty=not r.printed, threshold=0.9) >= 0.9)
        return got

    def nearest(parts: list[str]) -> tuple[set[int], int]:
        """The rows named by the piece nearest the numbers that names any (and its index), or none."""
        for k, part in enumerate(parts):
            got = named(part)
            if got:
                return got, k
        return set(), -1

    sides = []
    for v in vrows:
        # a row whose own text names no row: a line of numbers only (``alone``), or with a header line or a
        # fragment of a wrapped label before them on its line (those only witness, never decided by others)
        if v.table is None and v.cells is None and not v.blank and not named(v.label):
            a, ka = nearest(v.prev_parts[::-1])
            b, kb = nearest(v.next_parts)
            # numbers indented under their columns (pdftotext -layout) are a layout row, not a line of their own
            sides.append((v, a, b, ka, kb, v.label_end is None and not v.run_start))
    if not any(a and b and not (a & b) and alone for _, a, b, _, _, alone in sides):
        return  # labels printed on the numbers' lines, or wrapped around them: the alignment reads them
    above = any(a and not b for _, a, b, _, _, _ in sides)
    below = any(b and not a for _, a, b, _, _, _ in sides)
    for v, a, b, ka, kb, alone in sides:
        if a and b and not (a & b) and alone:
            side = "above" if above and not below else "below" if below and not above else None
        elif a and not b:
            side = "above"
        elif b and not a:
            side = "below"
        else:
            continue  # no label around it, one label wrapped around the numbers, or a fragment on its line
        if side == "above":
            # the label is the one nearest above the numbers: labels printed further up are rows without numbers
            v.prev_text, v.next_text = " ".join(v.prev_parts[len(v.prev_parts) - 1 - ka:]), ""
        elif side == "below":
            v.prev_text, v.next_text = "", " ".join(v.next_parts[:kb + 1])
        else:
            v.between = (rows[min(a)].label, rows[min(b)].label)
            v.prev_text = v.next_text = ""


_UNITS = frozenset(("件", "万元", "元"))  # a value's unit printed on a line of its own ("57" / "件")


def _no_context_across_captions(vrows: list[ValueRow], table: Table) -> None:
    """A value printed on a line of its own in a table of blocks (table 二, one cell a line: "57件 / 第二十条第
    （五）项 / 信息内容 / 本年处理决定数量 / 行政许可 / 387件") never takes a label across a line of the table's
    header (a block's caption, "信息内容", a column's label): the block's header ends the context before it
    and starts the context after it — otherwise the last value of one block goes to the first row of the next.
    With the header right on one side, the numbers are a row's on the other side: the nearest one named there
    (labels further away are rows printed without numbers)."""
    if not table.in_blocks:
        return
    for v in vrows:
        if v.table is not None or v.cells is not None or v.label.strip():
            continue
        after = next((k for k, p in enumerate(v.next_parts) if _header_piece(p, table)), None)
        if after is not None:
            v.next_parts = v.next_parts[:after]
        before = next((k for k in range(len(v.prev_parts) - 1, -1, -1) if _header_piece(v.prev_parts[k], table)),
                      None)
        if before is not None:
            v.prev_parts = v.prev_parts[before + 1:]
        if after is not None and all(p.strip() in _UNITS for p in v.next_parts):  # the header right after it
            k = next((k for k in range(len(v.prev_parts) - 1, -1, -1) if _rows_named(v.prev_parts[k], table)), None)
            if k is not None:
                v.prev_parts = v.prev_parts[k:]
        elif before is not None and all(p.strip() in _UNITS for p in v.prev_parts):  # right before it
            k = next((k for k, p in enumerate(v.next_parts) if _rows_named(p, table)), None)
            if k is not None:
                v.next_parts = v.next_parts[:k + 1]
        if after is not None or before is not None:
            v.prev_text, v.next_text = " ".join(v.prev_parts), " ".join(v.next_parts)


_LABEL_BEGINS = re.compile(r"^\s*(?:\d{1,2}\s*[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]、)")


def _only_group_piece(label: str, table: Table) -> bool:
    """Whether a text row's label is no row's but a piece of a group's merged cell printed beside its sub-rows'
    numbers ("（五）不予处" / "理": the group label cut over two lines of its column) — never the whole of it (a
    group's subtotal printed)."""
    own = norm(label)
    return bool(own) and any(g != own and (g.startswith(own) or g.endswith(own)) for g in _group_labels(table))


def _group_labels(table: Table) -> tuple[str, ...]:
    """The labels of the table's groups, normalised, with their numbering (:func:`_group_texts` without the
    short ones and the bodies)."""
    out = _GROUP_LABELS.get(id(table))
    if out is None:
        out = _GROUP_LABELS[id(table)] = tuple({norm(r.label) for r in table.rows if not r.printed}
                                                | {norm(g) for g in table.group_labels})
    return out


_GROUP_LABELS: dict = {}  # id of a format's table → its group labels (:func:`_group_labels`)


def _label_after_a_group_piece(vrows: list[ValueRow], table: Table) -> None:
    """A text row whose label is a row's whole label after a piece of its group's merged cell ("（三）不予  2.其他法律
    行政法规禁止公开  0 2 3 …", the group label cut over two lines of its column, "公开" on the next line beside a
    blank row "3.危及“三安全一稳定”"): the numbers are that row's — the whole labels printed around them (blank
    rows, with the group label's other piece) end its context there, else the group piece with the next row's
    label outscores the row's own label and the numbers go to a row printed without numbers.  The rest of its own
    label wrapped onto the next line stays its context."""
    groups = _group_labels(table)

    def names_a_row(part: str) -> bool:
        return bool(_rows_named(_without_group_piece(norm(part), groups), table))

    for v in vrows:
        if v.table is not None or v.cells is not None or v.blank or not (v.prev_parts or v.next_parts):
            continue
        own = norm(v.label)
        bare = _without_group_piece(own, groups)
        if bare == own or not _rows_named(bare, table):
            continue
        k = next((k for k in range(len(v.prev_parts) - 1, -1, -1) if names_a_row(v.prev_parts[k])), None)
        if k is not None:
            v.prev_parts = v.prev_parts[k + 1:]
            v.prev_text = " ".join(v.prev_parts)
        k = next((k for k, part in enumerate(v.next_parts) if names_a_row(part)), None)
        if k is not None:
            v.next_parts = v.next_parts[:k]
            v.next_text = " ".join(v.next_parts)


def _wrapped_label_begins_above(vrows: list[ValueRow], table: Table) -> None:
    """A line of numbers without a label whose nearest line above begins a numbered label that names no row
    whole ("5.要求行政机关确认或重新出具已获取" / numbers / "信息": ``pdftotext -layout`` centring a row's numbers
    between the lines of its wrapped label): its label begins there — a whole label printed further up
    ("4.无正当理由大量反复申请") is a row printed without numbers (a blank row), never this row's."""
    for v in vrows:
        if v.table is not None or v.cells is not None or v.blank or len(v.prev_parts) < 2 \
                or (v.label.strip() and not _only_group_piece(v.label, table)):
            continue
        near = v.prev_parts[-1]
        if _LABEL_BEGINS.match(near) and not _rows_named(near, table) \
                and any(_rows_named(p, table) for p in v.prev_parts[:-1]):
            v.prev_parts = [near]
            v.prev_text = near
            continue
        # its first lines just above the numbers (one or two), the lines above them the end of the row above's
        # label ("新收政府" / "信息公开" / "申请数量" / "二、上年" / "结转政府" / numbers: pdftohtml -noframes)
        for k in range(len(v.prev_parts) - 1, max(0, len(v.prev_parts) - 3), -1):
            head = v.prev_parts[k:]
            if _LABEL_BEGINS.match(head[0]) and not _rows_named("".join(head), table) \
                    and _ends_a_label(v.prev_parts[:k], table):
                v.prev_parts = head
                v.prev_text = " ".join(head)
                break


def _ends_a_label(pieces: list[str], table: Table) -> bool:
    """The pieces, joined, are the end of a row's label and not the whole of it ("部分公" / "开（区分处理的，…不计其他
    情形）": the rest of the row above's label, wrapped in a narrow cell below that row's numbers — pdftohtml
    printing a row's label lines around its numbers), the first pieces so when a page's footer and header follow
    them ("后申请" / "内容仍" / "不明确" / "第 3 页" / "XX局政府信息公开"), or come before them."""
    labels = [x for r in table.rows for x in map(norm, (r.label, *r.aliases, *r.short)) if x]
    for i in range(min(len(pieces), 4)):  # (after a page's footer and header: "第 1 页" / "XX局政府信息公开")
        for j in range(len(pieces), i, -1):
            text = norm("".join(pieces[i:j]))
            if len(text) >= 2 and any(len(x) > len(text) and x.endswith(text) for x in labels):
                return True
    return False


def _label_wrapped_around(vrows: list[ValueRow], table: Table) -> None:
    """Numbers printed between the two lines of one row's wrapped label ("5.要求行政机关确认或重新出具已获取" /
    "0 0 0 0 0 1 1" / "信息": pdftohtml and pdftotext print a cell's lines at their heights, the numbers at the
    middle of the row) are that row's, even after a row printed without numbers ("4.无正当理由大量反复申请", a
    blank row, just above): the pieces right before and after the numbers name a row only together.  When the
    piece before names a row on its own too, either reading is possible: the numbers are left unread."""
    wrapped = set()
    for k, v in enumerate(vrows):
        after = v.next_parts or v.after_cells
        if v.table is not None or v.cells is not None or v.blank or not v.prev_parts or not after \
                or (v.label.strip() and not _only_group_piece(v.label, table)):
            continue
        head, tail = v.prev_parts[-1], after[0]
        whole = [r for r in _rows_named(norm(head) + norm(tail), table) if r.printed]
        if not whole or _rows_named(tail, table):
            continue
        alone = [r for r in _rows_named(head, table) if r.printed and r not in whole]
        if alone:
            v.between = (alone[0].label, whole[0].label)
            v.prev_text = v.next_text = ""
        else:
            v.prev_parts, v.next_parts = [head], [tail]
            v.prev_text, v.next_text = head, tail
        wrapped.add(k)
    for k in wrapped:
        # the row above, printed with its own whole label ("3.要求提供公开出版物  0 0 …"), does not take the blank
        # row's label after it as its context: that label is a row of its own
        v = vrows[k - 1] if k else None
        if (v is not None and v.table is None and v.cells is None and v.next_parts
                and _rows_named(v.label, table) and _rows_named(v.next_parts[0], table)
                and not set(map(id, _rows_named(v.label, table))) & set(map(id, _rows_named(v.next_parts[0], table)))):
            v.next_parts, v.next_text = [], ""


_NAMED: dict = {}  # id of a format's table → (the table, a printed text → the rows it names whole): _label_sides


def _next_rows_label_dropped(vrows: list[ValueRow], table: Table) -> None:
    """A text row whose own label is the middle of a wrapped label ("缴纳费用、行政  38 28 …": the label began on
    the lines above, "2.申请人逾期未" / "按收费通知要求") does not take the whole label of another row printed after
    it ("3.其他"): that label starts the next row.  Its context after the numbers ends there — otherwise the
    next row's whole label outscores its own wrapped one and the numbers go to the next row."""
    groups = _group_texts(table)
    for v in vrows:
        own = norm(v.label)
        if (v.table is not None or v.cells is not None or not own or not v.prev_parts or not v.next_parts
                or own[0] in _NUMBERING_START or _rows_named(v.label, table)
                or any(own in g for g in groups)):
            continue
        k = next((k for k, part in enumerate(v.next_parts)
                  if any(r.printed for r in _rows_named(part, table))), None)
        if k is not None:
            v.next_parts = v.next_parts[:k]
            v.next_text = " ".join(v.next_parts)


_WHOLE_LABELS: dict = {}


def _rows_named(text: str, table: Table) -> list:
    """The rows of ``table`` whose whole label ``text`` is (score ≥ 0.9, as :func:`_label_sides` decides)."""
    hit = _WHOLE_LABELS.get(id(table))
    if hit is None:
        rows = [r for r in table.rows if r.label]
        hit = _WHOLE_LABELS[id(table)] = (table, rows, _aligned_rows(table, rows))
    _, rows, prepared = hit
    t = norm(text)
    if not t:
        return []
    contexts = _contexts(("", t, ""))
    reach = prepared.bounds.reach(contexts)  # (at least each row's score: rows that cannot reach 0.9 are not scored)
    return [r for j, (r, m) in enumerate(zip(rows, prepared.matchers))
            if reach[j] >= 0.9 and _score(contexts, m, group_penalty=not r.printed, threshold=0.9) >= 0.9]


def _rows_before_block(v: ValueRow, table: Table, claimed: frozenset = frozenset()) -> list:
    """The rows a block of values printed one a line after several rows' labels may belong to when its labels
    are not all recognised (:func:`_label_block` gave none): the table's printed rows (table 二: those from the
    first to the last named), when the labels before it name at least two rows and the block holds more numbers
    than one row has cells; else none (a row's own values after its label).  Not the rows ``claimed``: rows
    printed elsewhere with their label and all their values on one line (a row of its own)."""
    named = [r for piece in v.prev_parts for r in _rows_named(piece, table) if r.printed]
    printed = [r for r in table.printed_rows if r not in claimed]
    if not printed:
        return []
    if len(set(named)) < 2 or len(v.run.split()) <= max(len(table.columns_of(r)) for r in printed):
        return []
    if not table.in_blocks:
        return list(printed)
    first, last = min(printed.index(r) for r in named), max(printed.index(r) for r in named)
    return printed[first:last + 1]


def _joined_fragments(pieces: list[str], table: Table) -> list[tuple[str, list[str]]]:
    """``pieces`` as (text, the pieces it is made of): a line joined to the next one when together they name
    a row and it names none, or the next names none (nor begins the next label, wrapped in its turn) and together
    they name the rows it names (a label wrapped over two lines in a narrow cell, its first line already enough
    to recognise it: "（二）部分公开（区分处理的" / "，只计这一情形，不计其他情形）")."""
    out: list[tuple[str, list[str]]] = []
    k = 0
    while k < len(pieces):
        piece = pieces[k]
        own = _rows_named(piece, table)
        # a header's word or a group's label ("总计", "（六）其他处理") is a cell of its own, never the first half
        # of the next label
        joined = (_rows_named(piece + pieces[k + 1], table) if k + 1 < len(pieces) and not _header_piece(piece, table)
                  and norm(piece) not in _group_texts(table) else [])
        rest_alone = joined and own and not _rows_named(pieces[k + 1], table) and not (
            k + 2 < len(pieces) and _rows_named(pieces[k + 1] + pieces[k + 2], table))
        if joined and (not own or (joined == own and rest_alone)):
            out.append((piece + pieces[k + 1], [piece, pieces[k + 1]]))
            k += 2
            continue
        out.append((piece, [piece]))
        k += 1
    return out


def _label_block(pieces: list[str], table: Table) -> list[tuple[list[str], list]] | None:
    """The rows whose labels ``pieces`` print before a block of values (plain ``pdftotext``: the table's
    column of labels, then its numbers), as (the pieces of a label, its rows) — a piece may hold several
    labels (lines the text reader joined), a label two pieces (wrapped): every printed row of the table once,
    in its order (table 二: the rows of one sub-table), header lines before them and group labels among them
    skipped.  None when the pieces are not exactly that (a label not recognised, a row missing, twice or out
    of order)."""
    printed = table.printed_rows
    block: list[tuple[list[str], list]] = []
    at = 0 if not table.in_blocks else None  # the next row expected
    for piece, parts in _joined_fragments(pieces, table):
        named = [r for r in _rows_named(piece, table) if r.printed]
        if not named:
            if (block and not _rows_named(piece, table) and not _header_piece(piece, table)
                    and norm(piece) not in _group_texts(table)):
                return None  # a line among the labels that names no row (a wrapped label): not certain
            continue  # the header's lines (also a block's, among the labels), a group's label ("（四）无法提供")
        if at is None:
            at = min(printed.index(r) for r in named)
        rows = []
        while at < len(printed) and printed[at] in named:
            rows.append(printed[at])
            at += 1
        if not rows:
            return None
        block.append((parts, rows))
    count = sum(len(rows) for _, rows in block)
    if count < 2 or (not table.in_blocks and count != len(printed)):
        return None
    return block


def _header_piece(piece: str, table: Table) -> bool:
    """A line of the table's header (its words only: "信息内容", "本年处理决定数量", "第二十条第（五）项"), as
    printed among the labels when the column of labels comes before the numbers (each block's header cells)."""
    words = table.header_words
    tokens = [norm(t) for t in piece.split()]
    return bool(tokens) and all(t in words or (len(t) >= 3 and any(t in w for w in words)) for t in tokens)


def _block_followers(v: ValueRow, items, table: Table, cells: int) -> list[ValueRow]:
    """The value rows after ``v`` that continue its block of numbers printed one a line after all the labels:
    each with no label, only the table's header lines before it (table 二's blocks: the column of labels of all
    blocks first, then each block's header and numbers) — while they and ``v`` hold no more numbers than the
    labels' rows have cells.  [] when there are none, or more numbers than cells (then nothing is joined)."""
    vrows = [p for p in items if isinstance(p, ValueRow)]
    at = next((k for k, p in enumerate(vrows) if p is v), None)
    if at is None:
        return []
    out: list[ValueRow] = []
    count = len(v.run.split())
    for w in vrows[at + 1:]:
        if (not w.one_per_line or w.label.strip() or w.cells is not None or w.run is None or not w.prev_parts
                or not all(_header_piece(p, table) for p in w.prev_parts)):
            break
        out.append(w)
        count += len(w.run.split())
    return out if out and count <= cells else []


def _wrapped_label_completed(vrows: list[ValueRow], table: Table) -> None:
    """A label wrapped in layout text with its numbers on the first line ("行政规范性文  0  1  2" / "件"): the label
    and the next line's piece together are a row's whole label, which the row's line alone is not.  The row takes
    the whole label and drops the text after it — there the next rows' labels ("行政许可", printed without numbers)
    would otherwise name the row as a whole label and take its numbers."""
    keys = {norm(k) for r in table.rows if r.label for k in _keys(r)}
    for v in vrows:
        if v.cells is not None or v.table is not None or not v.run or not v.next_parts:
            continue
        own, tail = norm(v.label), norm(v.next_parts[0])
        if own and tail and own not in keys and own + tail in keys:
            v.label = v.label + v.next_parts[0].strip()
            v.next_text, v.next_parts = "", []


_SPLIT_OVER_LINES = ("本行的数字可能分印在上下几行（单元格在不同高度，如浏览器打印的 PDF），紧挨着它的行里还有未对应到任何行的数字，"
                     "这几行的字符位置与表头各列不一定对齐")


def _digits_below(v: ValueRow, others: list[ValueRow]) -> ValueRow | None:
    """A text line right under ``v``'s line (a run of digits of a row without a label) holding only digits, fewer
    numbers than ``v`` and no label, that no row took: the rest of numbers wrapped in narrow cells (``pdftotext
    -layout``/``-raw`` of a table 四 printed "10" over "1" for 101) — None when there is none."""
    if v.run is None or v.cells is not None or v.location.line is None:
        return None
    for x in others:
        if (x.location.line == v.location.line + 1 and x.cells is None and x.run and not x.label.strip()
                and not x.blank and all(t.isdigit() for t in x.run.split())
                and len(x.run.split()) < len(v.run.split())):
            return x
    return None


def _wrapped_row(v: ValueRow) -> bool:
    """A pipe-table row of numbers without a label (every printed cell a number): in Markdown made from a PDF,
    the digits of the row above or below wrapped onto a line of their own ("|（七）总计|９|０|１|…" then
    "||３|２|５|１|…"), not a row of the table."""
    return (v.cells is not None and not v.blank and not v.label.strip()
            and all(parse_value(c.text)[0] in ("number", "blank") for c in v.cells))


_ITEM_START = lazy_pattern(r"^\s*([（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|[0-9０-９]{1,2}\s*[、.．])")


def _before_label_rest(vrows: list[ValueRow], matched: set[int]) -> set[int]:
    """Markdown rows (made from a PDF) directly followed by a row no format row took whose label is the rest of a
    wrapped label (no item number: "正、行政机关不再处理其政府", "他处理要求缴纳费用、…") and which holds numbers: the
    converter cut one table row over several pipe rows, so the numbers of the matched row may be pieces of
    numbers wrapped in their cells ("|１.申请人无正当理由逾期不补|２|１|…" for 217 12 …), or the numbers of the
    next row.  Such a row is not read as printed."""
    out = set()
    for i in matched:
        if i + 1 >= len(vrows) or i + 1 in matched:
            continue
        v = vrows[i + 1]
        if (v.cells is not None and not v.blank and v.label.strip() and not _ITEM_START().match(v.label)
                and any(parse_value(c.text)[0] == "number" for c in v.cells)):
            out.add(i)
    return out


def _pieces_beside(vrows: list[ValueRow], v: ValueRow) -> bool:
    """Whether a pipe-table row next to ``v`` (no other row between) holds numbers and no label: a line of the
    digits of ``v``'s cells wrapped onto a pipe row of their own (``_wrapped_row``)."""
    k = next(j for j, x in enumerate(vrows) if x is v)
    return any(0 <= j < len(vrows) and _wrapped_row(vrows[j]) and any(parse_value(c.text)[0] == "number"
                                                                       for c in vrows[j].cells)
               for j in (k - 1, k + 1))


def _beside_stray_values(vrows: list[ValueRow], matched: set[int], wrapped: bool = False) -> set[int]:
    """The matched rows next to a line of the table's numbers that no row took (nothing matched between them):
    ``pdftotext -layout`` of a table whose cells stand at different heights (a browser's print of cells aligned
    top, middle or bottom, padded differently) prints one row's numbers on several lines, and a line apart sets
    its characters by its own flow — the row's line shows only some of its numbers, where they stand need not be
    their columns, and the others are on the lines beside it.  Such a row is not read by where its numbers
    stand (left unread, P01): the numbers that are missing from its line are not blank, and a number's place
    on the line may be another column's (B10: 28 printed under 科研机构 was 商业企业's)."""
    out: set[int] = set()
    last = None  # the last matched row before the stray line(s)
    stray = False
    for i, v in enumerate(vrows):
        if i in matched:
            if stray:
                out.add(i)
                if last is not None:
                    out.add(last)
            last, stray = i, False
        elif not v.blank and (v.cells is None or wrapped and _wrapped_row(v)):
            stray = True
    if stray and last is not None:
        out.add(last)
    return out


def _stacked_rows(vrows: list[ValueRow], matched: set[int], beside: set[int]) -> set[int]:
    """Layout-text rows whose numbers may be fragments of numbers wrapped over lines in narrow cells, their lines
    mixed (PyMuPDF's ``get_text(sort=True)`` puts the lines of a cell's wrapped digits side by side with the next
    row's label: "２ １ １  ８二、上年结转政府信息公开申请数量  １７ １０ ４ …" for 24 14 18 …): when some
    row's line also holds numbers no row took, every row of the table beside such numbers (on its line or the
    next, ``beside``) is suspect even when it shows as many numbers as it has cells — each may be one line of
    a wrapped number.  A table whose stray numbers only stand on lines of their own (a browser's print of cells
    at different heights) is left to ``_beside_stray_values``."""
    stray_lines = {v.location.line for i, v in enumerate(vrows)
                   if i not in matched and not v.blank and v.cells is None and v.run_start is not None}
    if not stray_lines or not any(vrows[i].location.line in stray_lines for i in matched
                                  if vrows[i].cells is None):
        return set()
    return {i for i in matched if vrows[i].cells is None and vrows[i].run_start is not None
            and (i in beside or vrows[i].location.line in stray_lines)}


def _between_full_rows(vrows: list[ValueRow], cells: dict[int, int]) -> set[int]:
    """Layout rows whose numbers may be pieces of numbers wrapped over lines in narrow cells ("8 5 0 … 3" between
    "2 3 …" and "0 5 …" for 280 35 …), though each shows as many numbers as it has cells (``cells``: a matched
    row's index → its number of cells) on its label's line.  Lines of numbers no row took stand right next to
    that line (no empty line between), and either
    - the matched rows beside those lines show exactly their cells: the numbers are no row's cells printed at
      another height (``_beside_stray_values``, which leaves the short rows unread), nor the rest of a row
      printed with too many numbers (a number of its own wrapped: "… １ ８" / "３"), but pieces; or
    - such lines stand both right above and right below the row, and on one side they hold more numbers than the
      rows beside them lack.
    A full row with such lines on one side only, the row beyond them short, is left read: the lines are the rest
    of that short row (plain pypdf text of a row whose numbers wrapped: "4.保护第三方合法权益 １ ４" / "２" / …)."""
    def shown(i: int) -> int:
        v = vrows[i]
        return len(v.run.split()) if v.cells is None and v.run else 0

    def full(i: int) -> bool:
        v = vrows[i]
        # (a row of one cell — 表二 — is left to the other rules: a lone number beside stray lines of a scrambled
        # text is as often whole as not)
        return (v.cells is None and v.run_start is not None and not v.one_per_line and shown(i) == cells[i]
                and cells[i] >= 2)

    def lacking(*rows) -> int:
        return sum(max(0, cells[i] - shown(i)) for i in rows if i is not None)

    def line(i: int) -> int:
        return vrows[i].location.line or 0

    groups = []  # (matched row before, matched row after, numbers on the stray lines between them, first, last line)
    last = None  # the last matched row before the stray line(s)
    stray, first, end = 0, 0, 0  # numbers on the stray lines since it, their first and last line
    for i, v in enumerate(vrows):
        if i in cells:
            if stray:
                groups.append((last, i, stray, first, end))
            last, stray = i, 0
        elif not v.blank and v.cells is None and v.run_start is not None and v.run and not _CJK().search(v.label):
            # (a line with words of its own — a row whose label matched no row, "其他" — is no number's piece)
            first = first if stray else (v.location.line or 0)
            end = v.location.line or 0
            stray += len(v.run.split())
    if stray:
        groups.append((last, None, stray, first, end))
    out: set[int] = set()
    above: dict[int, tuple] = {}
    below: dict[int, tuple] = {}
    for before, after, n, first, end in groups:
        near = [x for x in (before, after) if x is not None and full(x)
                and (line(x) == first - 1 if x == before else line(x) == end + 1)]
        if not lacking(before, after) and not any(shown(x) > cells[x] for x in (before, after) if x is not None):
            out.update(near)
        for x in near:
            (below if x == before else above)[x] = (after if x == before else before, n)
    for i in set(above) & set(below):
        if above[i][1] > lacking(above[i][0], i) or below[i][1] > lacking(i, below[i][0]):
            out.add(i)
    return out


def _full_sums_fail(cols, v: ValueRow) -> bool:
    """A layout row showing one number per cell whose total is not the sum of its parts as printed (each number
    beside a line of stray digits may be one line of a number wrapped in its cell: "8 5 0 … 3" for 280 35 …)."""
    if v.cells is not None or not v.run or v.run_start is None:
        return False
    tokens = v.run.split()
    if len(tokens) != len(cols):
        return False
    value = {}
    for col, tok in zip(cols, tokens):
        kind, x = parse_value(tok, col.unit)
        value[col.id] = x if kind == "number" else None
    for col in cols:
        if col.sum_of and all(x in value for x in col.sum_of):
            parts = [value[x] for x in col.sum_of]
            if value[col.id] is not None and all(p is not None for p in parts) and sum(parts) != value[col.id]:
                return True
    return False


def _gap_kind(stray: bool) -> str:
    """A cell of a layout-text row read by its values' character columns where no value stands: blank — unless
    numbers of the table stand unplaced (cells printed apart from their rows, scattered down the page): then the
    missing value may be one of those, and the cell is unread (missing; C03 then warns, naming the unplaced
    numbers, instead of calling the columns absent), not called blank."""
    return "missing" if stray else "blank"


def _bare_label_then_two_runs(vrows: list[ValueRow], table: Table) -> None:
    """Layout text where a row's numbers sit one line below its label (a browser's print of a table with a
    group cell, as ``pdftotext -layout`` gives it): "4.保护第三方合法权益" on a line of its own, then
    "（三）不予公开 5.属于三类内部事务信息" with row 4's numbers, then row 5's numbers on a line without label.
    Read by the labels on their lines, row 5 would take row 4's numbers (and the sums of the group stay the
    same, so no rule notices).  The numbers could be either row's: both lines stay unread (``between``)."""
    rows = [r for r in table.rows if r.label]
    matchers = _aligned_rows(table, rows).matchers

    def named(text: str, threshold: float = 0.9) -> list[int]:
        t = norm(text)
        return [j for j, r in enumerate(rows)
                if t and _score(("", t, ""), matchers[j], group_penalty=not r.printed, threshold=threshold) >= threshold]

    for first, second in zip(vrows, vrows[1:]):
        if not (first.cells is None and first.table is None and first.run and first.label_end is not None
                and first.prev_parts and second.cells is None and second.table is None and second.run
                and second.label_end is None and not second.label.strip() and not second.prev_parts):
            continue
        # the bare label may be renumbered ("（4）保护第三方合法权益"): a looser score names it; this only unreads
        above, own = named(first.prev_parts[-1], 0.7), named(first.label)
        if not above or set(above) & set(own):
            continue
        labels = (rows[above[0]].label, rows[own[0]].label if own else first.label)
        for v in (first, second):
            v.between = labels
            v.label, v.prev_text, v.next_text, v.prev_parts, v.next_parts = "", "", "", [], []


def _two_labels_then_a_run(vrows: list[ValueRow], table: Table) -> None:
    """Layout text where two rows' labels stand on lines of their own, one after the other, and the numbers
    follow on lines without a label (a browser's print whose cells sit at different heights: "1.本机关不掌握相关
    政府信息" / "2.没有现成信息需要另行制作" / "0 0 1 1" / "28 0 0 2" …).  The first run could be either row's
    (read as the label just above it, row 2 took row 1's numbers): it stays unread (``between``)."""
    def named(text: str) -> set[str]:
        return {r.id for r in _rows_named(text, table) if r.printed}

    for v in vrows:
        if not (v.cells is None and v.table is None and v.run and v.label_end is None and not v.label.strip()
                and len(v.prev_parts) >= 2):
            continue
        upper, lower = named(v.prev_parts[-2]), named(v.prev_parts[-1])
        if upper and lower and not upper & lower:
            v.between = (table.row(sorted(upper)[0]).label, table.row(sorted(lower)[0]).label)
            v.label, v.prev_text, v.next_text, v.prev_parts, v.next_parts = "", "", "", [], []


#: id(table) → (the table, the normalised captions and column labels of its blocks (table 二), longest first):
#: by identity, as hashing a frozen Table hashes every row, column and relation in it (the table is kept in the
#: entry, so its id is not reused while the entry is there)
_CAPTIONS: dict = {}


def _without_captions(text: str, table: Table) -> str:
    """Normalised ``text`` without the captions of the table's blocks ("第二十条第（五）项"), its column labels
    ("本年处理决定数量") and the header corner "信息内容": an unruled PDF joins a block's caption and header lines
    to a row's label printed near them ("信息内容行政处罚行政强制", "行政强制第二十条第（八）项信息内容")."""
    entry = _CAPTIONS.get(id(table))
    if entry is not None and entry[0] is table:
        words = entry[1]
    else:
        found = {norm(r.block) for r in table.rows if getattr(r, "block", "")} if table.in_blocks else set()
        if found:
            found |= {norm(c.label) for c in table.columns} | {norm("信息内容")}
        words = sorted((w for w in found if w), key=len, reverse=True)
        _CAPTIONS[id(table)] = table, words
    for w in words:
        if w in text:
            text = text.replace(w, "")
    return text


def _two_rows_in_one_label(vrows: list[ValueRow], table: Table) -> None:
    """A row whose label is two consecutive rows' whole labels joined ("规章行政规范性文件" with one row of
    numbers: an unruled PDF whose label lines stand close together, the label of the row printed without numbers
    taken for a wrapped part of its neighbour's).  Both rows are printed; the numbers could be either one's: they
    stay unread (``between``), never given to one row while the other is said to be missing."""
    joined = _joined_labels(table)
    for v in vrows:
        t = _without_captions(norm(v.label), table) if v.label else ""
        if not t or v.between or not (v.run or v.cells):
            continue
        pair = joined.get(t)
        if pair is not None:
            v.between = pair
            v.label, v.prev_text, v.next_text, v.prev_parts, v.next_parts = "", "", "", [], []


def _joined_labels(table: Table) -> dict[str, tuple[str, str]]:
    """For :func:`_two_rows_in_one_label`, from the format alone: each label of a printed row followed by a
    (non-empty) label of the next printed row, written together → those two rows' labels (the first pair in
    the table's order where several give one text)."""
    hit = _JOINED.get(id(table))
    if hit is None or hit[0] is not table:
        rows = [r for r in table.rows if r.label and r.printed]
        out: dict[str, tuple[str, str]] = {}
        for a, b in zip(rows, rows[1:]):
            for ka in _keys(a):
                for kb in _keys(b):
                    if kb:
                        out.setdefault(ka + kb, (a.label, b.label))
        hit = _JOINED[id(table)] = (table, out)  # (the table kept with it: its id stays unique)
    return hit[1]


_JOINED: dict = {}  # id of a format's table → (the table, _joined_labels)


def _unsure_short_labels(vrows: list[ValueRow], table: Table, matches) -> list[tuple[int, object, float]]:
    """``matches`` without a sub-row matched by a label that is also a part of its group's label ("其他": 3.其他
    of （六）其他处理) when none of its sibling sub-rows is matched: printed so, it may as well be the group's
    subtotal, so it is left unread (P03), not guessed."""
    matched = {row.id for _, row, _ in matches}
    groups = _group_texts(table)
    members = _group_members(table)
    out = []
    for i, row, sc in matches:
        group = _body(norm(row.group)) if row.group else ""
        if group and not any(r.id in matched for r in members.get(row.group, ()) if r is not row):
            own = norm(vrows[i].label)
            own = _without_groups(own, groups) or own
            if own and _body(own) in group and not any(k in own for k in _keys(row)):
                continue
        out.append((i, row, sc))
    return out


def _without_cut_labels_of_others(vrows: list[ValueRow], table: Table, matches) -> list[tuple[int, object, float]]:
    """``matches`` without a row matched by a printed label that is the beginning of another row's label and not
    of its own: a label cut where its cell ends (a spreadsheet's wrapped label whose other lines spilt over the
    neighbouring rows: "2.申请人" of 2.申请人逾期未按收费通知要求缴纳费用…) scores nearer a short label that shares
    a word (2.重复申请) than the long one it begins; which row it is cannot be told, so it is left unread."""
    labels = _row_labels_normed(table)
    out = []
    for i, row, sc in matches:
        own = norm(vrows[i].label)
        if len(own) >= 4 and not labels[row.id].startswith(own) and not _begins_group_of(own, row) \
                and any(len(other) > len(own) and other.startswith(own) for rid, other in labels.items()
                        if rid != row.id):
            continue
        out.append((i, row, sc))
    return out


def _begins_group_of(own: str, row) -> bool:
    """Whether ``own`` begins the label of the group cell ``row`` sits under: a group's merged cell cut over the
    lines beside its sub-rows (pdftotext -layout: "（六）其他" of （六）其他处理) is the row's own context, not the
    beginning of another row's label."""
    return bool(row.group) and norm(row.group).startswith(own)


_LABELS_NORMED: dict = {}  # id of a format table → (the table, its rows' labels normalised by row id)


def _row_labels_normed(table: Table) -> dict[str, str]:
    hit = _LABELS_NORMED.get(id(table))
    if hit is None or hit[0] is not table:
        if len(_LABELS_NORMED) > 256:
            _LABELS_NORMED.clear()
        hit = _LABELS_NORMED[id(table)] = (table, {r.id: norm(r.label) for r in table.rows})
    return hit[1]


_MEMBERS: dict = {}  # id of a format table → (the table, its rows by their group's label)


def _group_members(table: Table) -> dict:
    """A group's label → its sub-rows, in the table's order (looked up once a row, not scanned); made once per
    format table (callers must not change it)."""
    hit = _MEMBERS.get(id(table))
    if hit is None or hit[0] is not table:
        if len(_MEMBERS) > 256:
            _MEMBERS.clear()
        members: dict = {}
        for r in table.rows:
            members.setdefault(r.group, []).append(r)
        hit = _MEMBERS[id(table)] = (table, members)
    return hit[1]


def _without_partial_group_totals(table: Table, matches) -> list[tuple[int, object, float]]:
    """``matches`` without a group's subtotal row (a row the format does not print) when some of its sub-rows
    are matched and some are not: the line named by the group's label ("（五）不予处理" printed on the line of
    the first sub-row's numbers, that sub-row's own label wrapped above them) may as well be the missing
    sub-row's numbers, so it is left unread (P03), not taken for a subtotal."""
    matched = {row.id for _, row, _ in matches}
    out = []
    for i, row, sc in matches:
        if not row.printed and row.sum_of:
            leaves = [x for x in row.sum_of if x in matched]
            if leaves and len(leaves) < len(row.sum_of):
                continue
        out.append((i, row, sc))
    return out


def _without_group_piece(text: str, groups) -> str:
    """Normalised ``text`` without a piece of one of the (normalised) ``groups`` labels printed before it — a
    group's merged cell beside its sub-rows, whole ("（四）无法提供 2.没有现成信息需要另行制作") or cut over two lines
    of its column ("（四）无法提" / "供"): its head or its tail, when a sub-row's numbered label follows; else
    ``text``."""
    for g in groups:
        for n in range(len(g), 0, -1):
            for piece in (g[:n] if n > 1 else "", g[-n:]):  # (a head of one character, "（", is no piece)
                if piece and text.startswith(piece) and text[n:n + 1].isdigit():
                    return text[n:]
    return text


def printed_without_values(items, vrows: list[ValueRow], table: Table, matches) -> list[tuple[object, "TextPiece"]]:
    """Rows of the format not matched to any value row whose label is printed on a line (or grid row) of
    its own with no value, in its place between the matched rows around it: (row, that text piece)."""
    rows = [r for r in table.rows if r.label and r.printed]
    by_row = {row.id: vrows[i] for i, row, _ in matches}
    at = {id(p): k for k, p in enumerate(items)}
    out = []
    for j, row in enumerate(rows):
        if row.id in by_row:
            continue
        before = [at[id(by_row[r.id])] for r in rows[:j] if r.id in by_row]
        after = [at[id(by_row[r.id])] for r in rows[j + 1:] if r.id in by_row]
        if not before and not (j == 0 and after):
            continue
        # the table's first row: between the start of the table's text (its header) and the next matched row
        lo, hi = (max(before) if before else -1), (min(after) if after else len(items))
        matched_here = {id(by_row[r.id]) for r in rows if r.id in by_row}
        if any(isinstance(p, ValueRow) and not p.blank and id(p) not in matched_here for p in items[lo + 1:hi]):
            continue  # values printed there that no row took: the row may be one of them, not blank
        keys = _keys(row)
        for p in items[lo + 1:hi]:
            if isinstance(p, ValueRow):
                continue
            t = _without_captions(norm(p), table)  # (a row's label joined with the captions below it)
            t = _without_group_piece(t, (norm(row.group),) if row.group else ())
            if t and not re.search(r"\d{2,}|\d$", t) and len(t) <= max(len(k) for k in keys) + 4 \
                    and (any(label_score(k, t) >= 0.9 for k in keys) or _body(t) in _bodies(row)):
                out.append((row, p))
                break
    return out




_TOKEN = re.compile(r"\S+")


def layout_cells(v: ValueRow) -> list[tuple[str, int, int]] | None:
    """The printed cells of a layout text row as (text, first character column, token): one a whitespace token,
    a token of cells run together (``_TOUCHING``) cut into its digits and marks, each its own cell; None for a
    row without character columns (not a layout line)."""
    if v.run_start is None or not v.run or v.one_per_line:
        return None
    out = []
    start = v.run_start
    if "/" not in v.run and "／" not in v.run and "—" not in v.run:  # (no token of cells run together)
        return [(m.group(0), start + m.start(), k) for k, m in enumerate(_TOKEN.finditer(v.run))]
    for k, m in enumerate(_TOKEN.finditer(v.run)):
        tok, at = m.group(0), start + m.start()
        if _TOUCHING().fullmatch(tok):
            out += [(p.group(0), at + p.start(), k) for p in _TOUCHING_PIECE().finditer(tok)]
        else:
            out.append((tok, at, k))
    return out


def _clean(tok: str) -> bool:
    """One whole cell: a number without leading zeros, or a not-applicable mark."""
    return bool(_CLEAN_CELL.fullmatch(tok) or _NA_TOKEN.fullmatch(tok))


#: how far (characters) a cell may stand off its column's anchor: pdftotext places characters by their x
#: position, so a column's values shift by one character from row to row (wide characters in the label before)
JITTER = 1


@record
class LayoutColumns:
    """Where a layout text table's value columns stand, from the rows printing every cell (``pdftotext -layout``
    and hand-aligned text): for each column its anchors — the character column where its values start (left
    aligned), end (right aligned) or have their centre (twice, to stay whole) — that every such row agrees on,
    and its extent (the characters its values cover)."""

    anchors: list[dict[str, int]]
    extents: list[tuple[int, int]]

    def matches(self, k: int, start: int, end: int) -> bool:
        a = self.anchors[k]
        return (abs(a.get("left", -9) - start) <= JITTER or abs(a.get("right", -9) - end) <= JITTER
                or abs(a.get("centre", -99) - start - end) <= 2 * JITTER)

    def overlaps(self, k: int, start: int, end: int) -> bool:
        lo, hi = self.extents[k]
        return start < hi and lo < end


def layout_columns(vrows: list[ValueRow], n: int, every: bool = False) -> LayoutColumns | None:
    """The columns of a layout table of ``n`` value columns, from its rows printing all ``n`` cells (one whole cell
    a token).  A column is aligned one way (left, right, centred) and every full row's token stands at its anchor;
    rows that do not (a long label pushed their values along) are left out — with ``every``, there must be none.
    None without two agreeing rows."""
    full = []
    for v in vrows:
        cells = layout_cells(v)
        if cells and len(cells) == n and len({c[2] for c in cells}) == n and all(_clean(c[0]) for c in cells):
            full.append([(at, at + len(tok)) for tok, at, _ in cells])
    if len(full) < 2 or n < 2:
        return None
    if all(b[0] - a[1] <= 1 for r in full for a, b in zip(r, r[1:])):
        return None  # every full row single-spaced: text that is not aligned (where a number stands says nothing)

    def mode(xs):
        return max(set(xs), key=lambda x: (xs.count(x), -x))

    def agrees(kind, anchor, s, e):
        return (abs(s - anchor) <= JITTER if kind == "left" else abs(e - anchor) <= JITTER if kind == "right"
                else abs(anchor - s - e) <= 2 * JITTER)

    best = []  # per column: the alignment most full rows agree on, and its anchor
    for k in range(n):
        options = []
        for kind, xs in (("left", [r[k][0] for r in full]), ("right", [r[k][1] for r in full]),
                         ("centre", [r[k][0] + r[k][1] for r in full])):
            anchor = mode(xs)
            options.append((sum(agrees(kind, anchor, *r[k]) for r in full), kind, anchor))
        best.append(max(options, key=lambda o: o[0]))
    rows = [r for r in full if all(agrees(kind, anchor, *r[k]) for k, (_, kind, anchor) in enumerate(best))]
    if len(rows) < 2 or len(rows) * 2 < len(full) or every and len(rows) < len(full):
        return None
    anchors = []
    for k in range(n):
        found = {}
        for kind, anchor in (("left", mode([r[k][0] for r in rows])), ("right", mode([r[k][1] for r in rows])),
                             ("centre", mode([r[k][0] + r[k][1] for r in rows]))):
            if all(agrees(kind, anchor, *r[k]) for r in rows):
                found[kind] = anchor  # (all three when every value of the column is as wide)
        anchors.append(found)

    def extents_of(some):
        return [(min(r[k][0] for r in some), max(r[k][1] for r in some)) for k in range(n)]

    def apart(ext):
        return all(a[1] <= b[0] for a, b in zip(ext, ext[1:]))

    # a column covers what its values cover in every full row (pdftotext shifts a narrow number off the others
    # by a few characters: "61" at 67–69 above "0" at 71); in the agreeing rows only when that runs columns
    # into each other (rows a long label pushed along)
    extents = extents_of(full)
    if not apart(extents):
        extents = extents_of(rows)
    if not apart(extents) or any(not a for a in anchors):
        return None  # columns overlapping each other: not columns
    return LayoutColumns(anchors, extents)


def _spans_apart(spans: list[tuple[int, int]], gap: int = JITTER) -> list[tuple[int, int]]:
    """Character extents merged where they overlap or stand at most ``gap`` characters apart (a column's values
    shift by a character from row to row: ``JITTER``)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1] + gap + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


_NUMBER_WORD = lazy_pattern(r"(?:^|\s)[+-]?\d+(?:\.\d+)?(?=\s|$)")  # a number standing alone on a line


def _header_words(lines: list[str], x0: int) -> list[tuple[int, int]]:
    """The extents of the column names in a layout table's header ``lines`` over its values (right of ``x0``, where
    its first value column starts): a name's characters each print one character wide however wide they are, so
    a name reaches on to the next word of its line, or by its display width; a name over two or more of another
    line's names (法人或其他组织 over 商业企业 … 其他) is no column's; a name wrapped over lines (商业企 / 业) one.
    No names when two names of a line stand one space apart (a header printed as a run of words, not over its
    columns: Chromium's cells at different heights)."""
    per_line = []
    for line in lines:
        words = [(m.start(), m.end()) for m in _TOKEN.finditer(line)]
        if any(b[0] - a[1] <= 1 and a[1] > x0 for a, b in zip(words, words[1:])):
            return []  # names one space apart: printed as a run of text, not each over its column
        spans = []
        for k, (a, b) in enumerate(words):
            if b <= x0:
                continue
            wide = a + sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line[a:b])
            spans.append((a, min(wide, words[k + 1][0]) if k + 1 < len(words) else wide))
        per_line.append(spans)
    leaves = [(a, b) for k, spans in enumerate(per_line) for a, b in spans
              if not any(sum(1 for c, d in other if a < d and c < b) > 1
                         for j, other in enumerate(per_line) if j != k)]
    return _spans_apart(leaves, gap=-1)


def gap_columns(vrows: list[ValueRow], n: int, header: list[str]) -> LayoutColumns | None:
    """The columns of a layout table too few of whose rows print every cell to give them
    (:func:`layout_columns`: blank cells print nothing in ``pdftotext -layout``), from where all its rows' values
    stand: a column's values overlap each other however it aligns them, two columns' never do — so the values'
    extents fall in groups apart, a group a column.  ``n`` groups are the ``n`` columns; fewer (a column blank in
    every row) are placed by the ``header`` lines above the rows: its ``n`` column names over the values, each
    group under exactly one name, in order.  None otherwise (a group under no name or two, names not ``n``)."""
    rows = []
    for v in vrows:
        cells = layout_cells(v)
        if cells and len(cells) <= n and len({c[2] for c in cells}) == len(cells) and all(_clean(c[0]) for c in cells):
            rows.append([(at, at + len(tok)) for tok, at, _ in cells])
    if len(rows) < 2 or n < 2:
        return None
    groups = _spans_apart([c for r in rows for c in r])
    if any(sum(1 for a, b in r if a < hi and lo < b) > 1 for r in rows for lo, hi in groups):
        return None  # two values of a row in one group: not columns
    if len(groups) == n:
        return LayoutColumns([{} for _ in groups], groups)
    names = _header_words(header, groups[0][0] - 1) if len(groups) < n else []
    if len(names) != n:
        return None
    extents = list(names)
    last = -1
    for lo, hi in groups:
        under = [k for k, (a, b) in enumerate(names) if a < hi and lo < b]
        if len(under) != 1 or under[0] <= last:
            return None
        last = under[0]
        extents[last] = (min(lo, names[last][0]), max(hi, names[last][1]))
    if any(a[1] > b[0] for a, b in zip(extents, extents[1:])):
        return None
    return LayoutColumns([{} for _ in extents], extents)


_STRADDLES = "有数字跨在两列的位置上（可能是两格的数字印在一起）"
_CUT_BY_PAGE_PREFIX = "（跨页折断："  # pdf.CUT_BY_PAGE
_WRAPPED_IN_CELL_PREFIX = "（格内折行："  # pdf.WRAPPED_IN_CELL
_NO_COLUMNS = "表中印全各格的行太少（或各行数字的位置不一致），无法确定各列的位置"


def place_by_columns(v: ValueRow, cells: list[tuple[str, int, int]], n: int, columns: LayoutColumns) -> tuple[list[str] | None, str]:
    """A layout text row printing fewer cells than its ``n`` columns (a blank cell prints nothing) read by where
    its cells stand: each at a column's anchor (left edge, right edge or centre, as the table aligns it) or
    within its extent, and within no other column's; cells run together ("0//") stand from the first one's
    column on.  The
    columns without a cell are blank.  Returns (cells, "") or (None, why not) — a cell standing between
    columns, at two columns, out of order, or a label reaching into the first column (a label too long for its
    cell pushes the values along: where they stand says nothing): then the row is not read, never guessed.
    A number reaching over into another column's values (``_STRADDLES``) may be two cells' digits run together:
    the caller gives it to the glued-digit reading, which says when it cannot decide."""
    if v.label_end is not None and v.label_end > columns.extents[0][0] - 1:
        return None, "行标签伸到了第一列数字的位置，数字被挤开，不能按位置对应到列"
    placed: list[str] = [""] * n
    last = -1
    groups: dict[int, list[tuple[str, int]]] = {}
    for tok, at, g in cells:
        groups.setdefault(g, []).append((tok, at))
    for pieces in groups.values():
        m = len(pieces)
        first, (tail, tail_at) = pieces[0], pieces[-1]
        start, end = first[1], tail_at + len(tail)
        where = f"“{''.join(t for t, _ in pieces)}”（第 {start + 1} 个字符处）"
        hits = {k for k in range(n - m + 1)
                if columns.matches(k, first[1], first[1] + len(first[0]))
                or columns.matches(k + m - 1, tail_at, tail_at + len(tail))}
        within = {k for k in range(n - m + 1) if columns.overlaps(k, first[1], first[1] + len(first[0]))
                  or columns.overlaps(k + m - 1, tail_at, tail_at + len(tail))}
        if len(hits | within) != 1:
            if len(within) > 1:
                return None, f"{_STRADDLES}：{where}"
            return None, (f"{where}不在任何一列的位置上" if not hits | within else f"{where}与两列的位置都对得上")
        k = next(iter(hits | within))
        others = [j for j in range(n) if not k <= j < k + m and columns.overlaps(j, start, end)]
        if others:
            return None, f"{_STRADDLES}：{where}"
        if k <= last:
            return None, f"{where}与前一个数字对应到同一列或次序颠倒"
        for j, (tok, _) in enumerate(pieces):
            placed[k + j] = tok
        last = k + m - 1
    return placed, ""


def align_sub_tables(vrows: list[ValueRow], table: Table) -> list[tuple[int, object, float]]:
    """Table 二 printed as sub-tables (第（一）项, 第（五）项 …) that need not come in the format's order
    (a converter puts 第（一）项's table after the other captions): each sub-table — a run of value
    rows from one source table, or the text lines between tables — is aligned by its own labels, the
    best-matching sub-table first; a row of the format is taken by one sub-table only."""
    groups: list[list[int]] = []
    for i, v in enumerate(vrows):
        if groups and vrows[groups[-1][-1]].table == v.table:
            groups[-1].append(i)
        else:
            groups.append([i])
    if len(groups) == 1:
        return align(vrows, table)
    solo = []
    for g in groups:
        found = align([vrows[i] for i in g], table)
        solo.append((sum(sc for _, _, sc in found), g))
    taken: set[str] = set()
    out = []
    for _, g in sorted(solo, key=lambda x: -x[0]):
        rest = [r for r in table.rows if r.id not in taken]
        for k, row, sc in align([vrows[i] for i in g], table, rest):
            out.append((g[k], row, sc))
            taken.add(row.id)
    return sorted(out, key=lambda x: x[0])


def _without_stray_numbers(vrows: list[ValueRow], table: Table) -> list[ValueRow]:
    """In a region whose rows are grid rows with a value for every column, a text line that is only a
    number or two (a page number, an item number printed apart from its label) is not a row."""
    width = min(len(table.columns_of(r)) for r in table.rows if r.label)
    if width < 2 or not any(v.grid is not None and v.cells is not None and len(v.cells) >= width for v in vrows):
        return vrows
    return [v for v in vrows if not (v.run is not None and len(v.run.split()) < width and len(v.run) <= 4
                                     and not v.label.strip())]


def _rows_between_anchors(vrows: list[ValueRow], table: Table, matches) -> list[tuple[int, object, float]]:
    """Grid rows printed without their label (the label floats on a line of its own, as in Markdown made
    from a PDF), between two rows matched by their labels (or the table's start or end): when every
    unmatched row between the two anchors is such a row, with a cell for every column, and their number
    equals the number of the format's rows between the anchors' rows, they are those rows in order.
    Otherwise they stay unmatched (a note says so): an unlabelled row is never placed by guess."""
    def fits(v: ValueRow, row) -> bool:
        if v.cells is None or v.grid is None or v.label.strip() or v.between:
            return False
        cols = table.columns_of(row)
        if len(v.cells) == len(cols):
            return True
        # the row keeps the table's empty label cells: placed only when the header names every column
        by_header = columns_by_header(v, cols) if len(v.cells) > len(cols) else None
        return by_header is not None and len(by_header) == len(cols)

    rows = [r for r in table.rows if r.label and r.printed]
    pos = {r.id: k for k, r in enumerate(rows)}
    anchors = sorted((i, pos[row.id]) for i, row, _ in matches if row.id in pos)
    matched = {i for i, _, _ in matches}
    out = []
    # the table's start and end bound the rows before its first anchor and after its last one alike
    anchors = [(-1, -1), *anchors, (len(vrows), len(rows))]
    for (i1, r1), (i2, r2) in zip(anchors, anchors[1:]):
        gap_rows = rows[r1 + 1:r2]
        gap = [i for i in range(i1 + 1, i2) if i not in matched and not vrows[i].blank]
        if not gap or len(gap) != len(gap_rows):
            continue
        if all(fits(vrows[i], row) for i, row in zip(gap, gap_rows)):
            out += [(i, row, 0.0) for i, row in zip(gap, gap_rows)]
    return out


def _piece_anchors(vrows: list[ValueRow], table: Table, matches, by_order) -> tuple[list, str]:
    """``by_order`` (:func:`_rows_between_anchors`) without the rows between two anchors one of which is printed
    with only a piece of a row's label (inside a row's label, its aliases or short forms, and neither the whole nor
    the start of its own row's): a re-print whose text fell out of its cells ("第三方合法权益" of 4.保护第三方合法权益, the
    rest on the row above) — that anchor may be a row off, and every row placed by order beside it with it.
    Also the first such label ("" when there is none)."""
    wholes = {row.id: {_body(norm(t)) for t in (row.label, *row.aliases, *row.short) if t} for row in table.rows}
    every = set().union(*wholes.values())

    def piece(i: int) -> bool:
        body = _body(norm(vrows[i].label.strip()))
        own = wholes[taken[i].id]
        # (the start of its own row's label is a label wrapped onto the next line, as printed labels often are)
        return bool(body) and not any(w.startswith(body) for w in own) and any(body in w for w in every)

    taken = {i: row for i, row, _ in matches}
    anchors = sorted(taken)
    kept, label = [], ""
    for entry in by_order:
        k = bisect.bisect_left(anchors, entry[0])
        bounds = [anchors[j] for j in (k - 1, k) if 0 <= j < len(anchors)]
        bad = next((a for a in bounds if piece(a)), None)
        if bad is None:
            kept.append(entry)
        elif not label:
            label = vrows[bad].label.strip()
    return kept, label


# --------------------------------------------------------------------------- reading cells
def _unit(row, col) -> str:
    return "万元" if "万元" in (row.unit, col.unit) else "件"


_AMOUNT_COLUMNS: dict = {}  # (id of a format table, id of a row) → (the table, the row, the row's 万元 columns)


def _amount_columns(table: Table, row) -> tuple:
    """The columns of ``row`` whose cells are amounts (万元), in order: made once per format row."""
    key = (id(table), id(row))
    hit = _AMOUNT_COLUMNS.get(key)
    if hit is None or hit[0] is not table or hit[1] is not row:
        if len(_AMOUNT_COLUMNS) > 4096:
            _AMOUNT_COLUMNS.clear()
        hit = _AMOUNT_COLUMNS[key] = (table, row, tuple(c for c in table.columns_of(row) if _unit(row, c) == "万元"))
    return hit[2]


#: a money unit stated (NFKC text): after 单位 (「单位：元。」「金额单位：人民币元」), in brackets of any kind
#: (「（元）」「【元】」「[元]」「（人民币：元）」), after a slash (「收费金额/元」), or right after the amount's name
#: (「收费金额 元」「收费金额元」)
_HEADER_UNIT = re.compile(r"(?:单位\s*[:：]?|[(（/\[【〔［]|金额|收费)\s*(?:人民币\s*[:：]?)?\s*(亿元|万元|千元|元)"
                          r"(?![\u4e00-\u9fff\d])")
#: "元" not part of 万元/千元/亿元 (nor 元旦…): a unit word the patterns above may not place
_BARE_YUAN = re.compile(r"(?<![万千亿百])元(?![旦月宵])")
_FEN = Decimal("0.000001")  # 1 分 in 万元: an amount converted from another unit is exact to it, or unread
_CELL_UNIT = re.compile(r"(亿元|万元|千元|元)$")
_WAN_AND_YUAN = re.compile(r"万[\d.]+元$")  # "12万3500元": 万元 and 元, read in 万元 by parse_value
_PER_10K_YUAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}


def header_amount_units(v: ValueRow) -> set[str]:
    """The money units printed in the header above a value row (「本年收费金额（单位：元）」, 「（元）」):
    the text between the previous value row and this one (with its own label: flattened text), and a grid
    row's header rows."""
    texts = [v.caption, v.prev_text, v.label, *(c.text for h in v.header for c in h)]
    return {m.group(1) for t in texts for m in _HEADER_UNIT.finditer(unicodedata.normalize("NFKC", t or ""))}


def _header_texts(v: ValueRow) -> list[str]:
    """The texts naming a value row's columns: its table's unit caption, its label, its grid's header rows and
    the text just before it when short (a header line of text; not a paragraph of prose)."""
    prev = v.prev_text if len(v.prev_text or "") <= 60 else ""
    return [unicodedata.normalize("NFKC", t or "") for t in (v.caption, prev, v.label,
                                                             *(c.text for h in v.header for c in h))]


def region_amount_units(items) -> set[str]:
    """The money units stated in a table's region outside its rows (「单位：元」 under the section's heading,
    above a sub-table's caption or below the table): in table 二 only the fee is money, so a unit stated
    anywhere in its region is the fee's.  Short pieces only (a caption; not a paragraph of prose)."""
    out: set[str] = set()
    for p in items:
        if isinstance(p, str) and len(p.strip()) <= 40:
            out |= {m.group(1) for m in _HEADER_UNIT.finditer(unicodedata.normalize("NFKC", p))}
    return out


def _in_header_unit(cell: Cell, unit: str) -> Cell:
    """A 万元 cell printed as a bare number under a header that says another unit: the number in 万元,
    exactly (123500 under 「（单位：元）」 is 12.35 万元).  A unit printed in the cell itself wins."""
    if cell.kind != "number" or unit == "万元":
        return cell
    s = unicodedata.normalize("NFKC", cell.raw).replace(",", "").replace(" ", "")
    if not (_PLAIN_NUMBER.match(s)):
        return cell  # "123500元", "12.35万元": parse_value read the cell's own unit
    return Cell("number", _to_10k_yuan(s, unit), cell.raw, cell.location, inferred=cell.inferred)


def _to_10k_yuan(number: str, unit: str) -> Decimal:
    """A plain number printed in ``unit`` (元, 千元, 万元, 亿元) in 万元, exactly."""
    value = Decimal(number) * _PER_10K_YUAN[unit]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _finer_than_fen(value) -> bool:
    """An amount in 万元 converted from 元 (千元, 亿元) that is not a whole number of 分: not a sum of money
    as printed (123.456 元), so the conversion is not trusted."""
    return isinstance(value, Decimal) and value != value.quantize(_FEN, rounding="ROUND_DOWN")


def _detached_unit(v: ValueRow) -> str:
    """A money unit printed right after a row's last number, apart from it ("796000 元" in text aligned with
    spaces: the run is "796000", "元" the text after it), or ""."""
    after = v.next_parts[0].strip() if v.next_parts else ""
    return after if after in ("元", "千元", "万元", "亿元") else ""


def _cell_unit(cell: Cell) -> str:
    """The money unit printed in a cell itself ("796000 元" → "元"; "12万3500元" → "万元"), or ""."""
    s = unicodedata.normalize("NFKC", cell.raw or "").replace(" ", "")
    if _WAN_AND_YUAN.search(s):
        return "万元"
    m = _CELL_UNIT.search(s)
    return m.group(1) if m else ""


_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def _parts_named(table: Table, text: str) -> list[int | None]:
    """Where ``text`` (as printed) names each of ``table.parts``: the character index of the first of its cues or
    of its columns' groups ("行政诉讼" names 未经复议直接起诉 and 复议后起诉 together), None for a part not named."""
    at: list[int | None] = []
    for part in table.parts:
        words = set(part.cues) | {g for c in part.columns for g in table.column(c).groups}
        found = [text.find(w) for w in words if w in text]
        at.append(min(found) if found else None)
    return at


def _names_every_part(table: Table, text: str) -> bool:
    """Whether ``text`` names each of ``table.parts``, by a cue or a group of its columns: the table's header
    ("行政复议  行政诉讼"), never one part's caption."""
    return bool(table.parts) and all(k is not None for k in _parts_named(table, text))


def _row_from_the_left(table: Table, v: ValueRow, header: Segment | None, names_at: list[int] | None = None) -> bool:
    """Whether the part-wide row ``v`` (its values only, as many as a part has cells) printed under ``header``,
    the table's header naming every part ("行政复议            行政诉讼"), stands at its left: its values the first
    part's cells, the cells after them printed as nothing (blank or lost).  Certain only where its values are whole
    cells keeping the first part's totals and stand from the left — the tab-separated cells of a row, or a layout
    line whose first value starts before the header's second part ("行政诉讼") does — and, where a header line
    names every column (``names_at``: where each name starts), whose last value ends before the second part's
    first name (a part's worth of values spread under every part, "0  0 … 0 … 0  0" with blank cells printing
    nothing, is no part's)."""
    first = [table.column(c) for c in table.parts[0].columns]
    tokens = [c.text.strip() for c in v.cells] if v.cells is not None else (v.run or "").split()
    if v.label.strip() or len(tokens) != len(first) or not all(_clean(t) for t in tokens) \
            or not _padded_sums_hold(first, tokens):
        return False
    if v.cells is not None:
        return v.in_columns
    if not header.text or v.run_start is None:
        return False
    at = _parts_named(table, header.text)
    later = [k for k in at[1:] if k is not None]
    if names_at and v.run_start + len(v.run.rstrip()) > names_at[len(first)]:
        return False  # a value under the second part's column names
    return at[0] is not None and bool(later) and at[0] < min(later) and v.run_start < header.offset + min(later)


def _header_of_every_part(table: Table, v: ValueRow, segs) -> bool:
    """Whether the text of a one-row table's region, ``v``'s own line left out, is a header printing every part:
    a 总计 for each (each part's last column is its total) or every part named, by its caption or their group
    ("行政复议  行政诉讼")."""
    if not table.parts:
        return False
    header = norm(" ".join(s.block.text if s.block is not None else s.text for s in segs
                           if s.kind in ("text", "row") and (s.block is None or s.block.location != v.location)))
    return header.count(table.column(table.parts[0].columns[-1]).label) >= len(table.parts) \
        or _names_every_part(table, header)


def _caption_passed(caption: int | None, new: int) -> bool:
    """Table 四 printed as its parts: a part's caption followed by another part's caption with no row between
    (not even a blank one) means the rows do not stand under their captions — plain ``pdftotext`` prints a
    table's columns out of order, and a blank part leaves no line — so the next row's caption cannot tell its
    part (the 行政复议 numbers would go to 未经复议直接起诉).  Such a row stays unread (P07)."""
    return caption is not None and caption != new


def _repeated_span(table: Table, cols, cells: list[RawCell], extra: list[RawCell]) -> bool:
    """A row of one value in a table whose other rows have more (table 二: 行政许可's one cell spans the three
    columns of 第（一）项's rows), printed with that value in each spanned column: a data frame made from the
    merged cell (pandas ``read_html``/``read_excel`` repeats a merged cell's value over the columns it spans) —
    one cell, not cells outside the format.  Only when every copy is the same printed value and there are no
    more copies than the widest row has columns; copies that differ are cells outside the format (P04)."""
    if len(cols) != 1 or len(cells) != 1 or not table.in_blocks:
        return False
    span = max(len(table.columns_of(r)) for r in table.rows)
    value = cells[0].text.strip()
    return (bool(value) and 1 + len(extra) <= span
            and all(not c.spanned and c.text.strip() == value for c in extra))


def _cell_from_raw(raw: RawCell, row, col) -> Cell:
    if raw.spanned:
        return Cell("blank", None, "", raw.location)
    kind, value = parse_value(raw.text, _unit(row, col))
    return Cell(kind, value, raw.text.strip(), raw.location)


def _padded_sums_hold(cols, toks: list[str], blank_groups: bool = False) -> bool:
    """Whether a row's tokens, one per column ("" blank, counting 0 as a part), keep every total of the row:
    each total column a number equal to the sum of its parts (with ``blank_groups``, or blank with all its parts
    blank or 0: a group of table 四 without a case); True when the row has no total."""
    value, printed = {}, {}
    for col, tok in zip(cols, toks):
        kind, v = parse_value(tok, col.unit) if tok else ("blank", 0)
        value[col.id] = v if kind in ("number", "blank") else None
        printed[col.id] = bool(tok)
    for col in cols:
        if col.sum_of and all(x in value for x in col.sum_of):
            if blank_groups and not printed[col.id] and all(value[x] == 0 for x in col.sum_of):
                continue  # a total left blank beside parts blank or 0 (an office printing no 0)
            parts = [value[x] for x in col.sum_of]
            if not printed[col.id] or value[col.id] is None or any(x is None for x in parts) \
                    or sum(parts) != value[col.id]:
                return False
    return True


def _sums_hold(cols, cells: list[RawCell]) -> bool:
    """Whether a row's values read in order, one per column, satisfy the row's own totals (总计 = the sum of the
    columns it sums), each total checked with all its parts printed as numbers; False when the row has no total
    to check.  Values printed apart from their columns ("| 22 10 | | 1 | 5 38 |", a converter's merged cells, or
    a number wrapped over two lines, "| １３ ５ |") are taken in order only when this holds."""
    value = {}
    for col, c in zip(cols, cells):
        kind, v = parse_value(c.text, col.unit)
        value[col.id] = v if kind == "number" else None
    checked = False
    for col in cols:
        if col.sum_of and all(x in value for x in col.sum_of):
            parts = [value[x] for x in col.sum_of]
            if value[col.id] is None or any(p is None for p in parts) or sum(parts) != value[col.id]:
                return False
            checked = True
    return checked


def _both_ends_empty(cells: list[RawCell], n: int) -> bool:
    """More cells than ``n``, empty ones at both ends: trimming the end first or the start first reads
    different cells (a blank last column, or filler before the first)."""
    return len(cells) > n and not cells[0].text.strip() and not cells[-1].text.strip() \
        and any(c.text.strip() for c in cells)


def _short_pipe_row(cells: list[RawCell], n: int) -> bool:
    """A pipe row with fewer cells than its ``n`` columns: which columns its cells stand in is not known (a
    converter's table narrower than the report's) — its printed cells', or its empty ones' (blank or not shown)."""
    return 1 < n and len(cells) < n


_LABEL_VALUES = lazy_pattern(r"(?:(?<=[\u4e00-\u9fff])|(?<=\s))((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:件|万元)"
                           r"(?:\s+(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:件|万元))*)$")


def _values_in_label(label: str) -> list[str]:
    """The counts a converter put at the end of a row's label cell ("行政许可 387件", "行政规范性文件9件"), each
    printed with its unit (no label of the format ends so): [] when none."""
    m = _LABEL_VALUES().search(unicodedata.normalize("NFKC", label or "").strip())
    return m.group(1).split() if m else []


def _filler_among_cells(cells: list[RawCell], n: int) -> bool:
    """More cells than ``n``, the first ones dropped as extra printing numbers while empty cells stand among the
    last ``n`` kept: the empty cells are a converter's filler under merged header cells ("|1|1|1|0|3||1|1|1||0|…"),
    not the row's blank cells — the last ``n`` cells are not its columns."""
    kept, extra = _fit_cells(cells, n)
    return bool(extra) and any(c.text.strip() for c in extra) and any(not c.text.strip() for c in kept)


def _narrower_than_header(v: ValueRow, n: int) -> bool:
    """A pipe row printing fewer cells than the header row above it and fewer values than its ``n`` columns
    ("| 规章 | 48 | 26 |" under "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"): a converter dropped
    some of its cells — which, the header cannot tell."""
    return v.grid is not None and bool(v.header) and v.cells is not None and len(v.cells) < n \
        and len(v.grid) < max(len(h) for h in v.header)


def _printed_off_header(v: ValueRow, positions: dict[str, int]) -> bool:
    """Whether a grid row prints a value at a position the header gives no column of the row (a converter cut a
    number over two cells, "|行政处罚|4|4|"): read by the header, that number would be dropped unseen."""
    first = len(v.grid) - len(v.cells)
    used = set(positions.values())
    return any(c.text.strip() and not c.spanned and i not in used for i, c in enumerate(v.grid) if i >= first)


def _printed_cells_fill_row(cells: list[RawCell], n: int) -> bool:
    """A row printing exactly its ``n`` cells side by side among empty ones ("| 行政许可 | | 387 | | … |", a tab line
    "label<TAB><TAB>0<TAB>…<TAB>0<TAB>"): those are its cells, whichever empty ones a converter's merged cells or
    a trailing tab left."""
    printed = [k for k, c in enumerate(cells) if c.text.strip()]
    return len(printed) == n and printed[-1] - printed[0] == n - 1


def _label_filler_row(v: ValueRow, cells: list[RawCell], n: int) -> bool:
    """A pipe row without a label of its own (its label printed on a line above) that starts with empty cells and
    prints fewer numbers than its ``n`` columns: the empty cells may stand under the label's columns."""
    return 1 < n and not v.label_cells and bool(cells) and not cells[0].text.strip() \
        and sum(1 for c in cells if c.text.strip()) < n


def _split_number(extra: list[RawCell], cells: list[RawCell], n: int) -> bool:
    """Whether the last cell dropped as extra and the first kept one may be a number cut in two: both digits, in
    a row of one value (table 二's "本年处理决定数量" printed over two cells) or the first ending in a decimal
    point ("1." "26")."""
    if not extra or not cells:
        return False
    a, b = nfkc(extra[-1].text).strip(), nfkc(cells[0].text).strip()
    return bool(_DIGITS_CUT.match(a)) and (n == 1 and bool(_DIGITS_CUT.match(b)) or a.endswith(".") and b.isdigit())


_DIGITS_CUT = re.compile(r"^\d+(?:\.\d*)?$")  # "1." "26" (1.26), or in a row of one value "64445.1" "8"
_CJK = lazy_pattern(r"[\u4e00-\u9fff]")


_DIGIT_RUN = re.compile(r"[0-9０-９][0-9０-９,，]*[0-9０-９]")  # two or more digits, thousands separators or not


def _fit_cells(cells: list[RawCell], n: int) -> tuple[list[RawCell], list[RawCell]]:
    """Trim layout padding (empty leading/trailing cells) to ``n`` cells; returns (cells, extra)."""
    cells = list(cells)
    while len(cells) > n and not cells[-1].text.strip():
        cells.pop()
    while len(cells) > n and not cells[0].text.strip():
        cells.pop(0)
    extra = []
    if len(cells) > n:
        extra = cells[:len(cells) - n]
        cells = cells[len(cells) - n:]
    return cells, extra


def _table_regions(segments: list[Segment]) -> dict[str, tuple[int, int]]:
    """Section numeral → (first, last+1) segment indices of its region, for 二/三/四 (up to the next heading
    or a table section's title again)."""
    return {num: region for num, region, again in _titled_regions(segments) if not again}


def _titled_regions(segments: list[Segment]) -> list[tuple[str, tuple[int, int], bool]]:
    """(section numeral, region, whether its title is a table section's title again) for every heading."""
    heads = [(i, s.number, s.kind == "appendix") for i, s in enumerate(segments) if s.kind in ("heading", "appendix")]
    out = []
    for k, (i, num, again) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(segments)
        out.append((num, (i + 1, end), again))
    return out


def _value_count(segments: list[Segment], region: tuple[int, int] | None) -> int:
    """How many values (cells, or a run's tokens) the value rows of ``region`` hold."""
    if region is None:
        return 0
    a, b = region
    return sum(len(p.cells) if p.cells is not None else len((p.run or "").split())
               for p in value_rows(segments[a:b]) if isinstance(p, ValueRow))


def _table_region(segments: list[Segment], table: Table, fmt: Format) -> tuple[int, int] | None:
    """Where ``table`` is: its section's region — unless the table is in an appendix after the narrative (the
    narrative's section only says what it shows, in sentences that may hold a number or two): then the region
    under its title printed again, or, after the last heading, the rows around its labels (an appendix
    without titles), when that holds more numbers."""
    titled = _titled_regions(segments)
    own = next((r for num, r, again in titled if num == table.number and not again), None)
    again = [r for num, r, is_again in titled if is_again and num == table.number]
    if not again and any(s.kind == "heading" for s in segments):
        after = max(i for i, s in enumerate(segments) if s.kind == "heading") + 1
        fallback = _fallback_region(segments[after:], table, fmt, reach=len(segments))  # up to the next table
        again = [(after + fallback[0], after + fallback[1])] if fallback is not None else []
    if own is None:
        return again[0] if again else _fallback_region(segments, table, fmt)
    if not again:
        return own
    best, most = own, _value_count(segments, own)
    for region in again:
        n = _value_count(segments, region)
        if n > most or (n == most and best is own and _header_without_values(table, segments[region[0]:region[1]])
                        and not _header_without_values(table, segments[own[0]:own[1]])):
            # (as many numbers — none: table 四 printed blank — and only the appendix holds the table's header)
            best, most = region, n
    return best


def _header_labels(table: Table, fmt: Format) -> frozenset[str]:
    """The column labels only ``table`` has (none another table of the format has too), normalised; made once
    per format's table (the formats live as long as the process)."""
    hit = _HEADER_LABELS.get((id(table), id(fmt)))
    if hit is None or hit[0] is not table or hit[1] is not fmt:
        def labels(t):
            return {norm(c.label) for c in t.columns if len(norm(c.label)) >= 2}
        others = set().union(*(labels(t) for t in fmt.tables if t is not table))
        if len(_HEADER_LABELS) > 256:
            _HEADER_LABELS.clear()
        hit = _HEADER_LABELS[(id(table), id(fmt))] = (table, fmt, frozenset(labels(table) - others))
    return hit[2]


_HEADER_LABELS: dict = {}  # (id of a format's table, id of the format) → (table, format, its header labels)


def _is_header_of(text: str, labels: frozenset[str]) -> bool:
    """The (normalised) text holds at least three of a table's own column labels: a line of its header."""
    return sum(1 for k in labels if k in text) >= 3


_DIGIT = re.compile(r"[0-9０-９]")


def _sentence_row(s: Segment) -> bool:
    """A grid row whose one filled cell is a sentence (a spreadsheet's narrative, "…被申请行政复议0件。")."""
    if s.kind != "row" or s.block is None:
        return False
    filled = [c.text for c in s.block.cells if c.text.strip()]
    return len(filled) == 1 and "。" in filled[0]


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _page_furniture(text: str) -> bool:
    """A page's number ("— 5 —", "第 5 页 共 9 页") or running title ("…2024年政府信息公开工作年度报告": a report's
    name whose only digits are a year) printed where a page breaks: no line of a table."""
    if PAGE_NUMBER.match(text):
        return True
    t = norm(text)
    return t.endswith("报告") and len(t) <= 60 and not _DIGIT.search(_YEAR.sub("", t))


def _header_without_values(table: Table, part: list[Segment]) -> Location | None:
    """A one-row table (表四) whose header is printed in full — every group and column label, in any wrapping (a
    PDF's text breaks "结果维持" in its narrow cell) — and nothing else holding a digit: its data row is printed
    with every cell empty (an office with no case), which text and PDF show as no line at all.  The location of
    the header's last line; None when a label is missing or a digit is printed in a line of the table (then the
    table is not read; a sentence after it, "被申请行政复议0件。", is narrative)."""
    if not table.one_row:
        return None
    lines = [s for s in part if s.kind in ("row", "text") and not _is_prose(s) and not _sentence_row(s)
             and not _page_furniture(s.text)]
    # (the narrative after it, as text or as a spreadsheet's row of one cell: not the table's; a page's number
    # or running title where the page breaks after the header)
    if not lines or any(_DIGIT.search(s.text) for s in lines):
        return None
    text = "".join(norm(s.text) for s in lines)
    labels = {norm(x) for c in table.columns for x in c.display.split("/")}
    if not all(k in text or _scattered_in(k, text) for k in labels if k):  # (narrow cells: "结果维" ⏎ "持")
        # a flat header without its group cells (a plain-text or drawn table of one header row): every column's
        # own label printed as often as columns carry it ("结果维持 … 总计" three times; a PDF's text may put
        # one of them out of order)
        own = Counter(norm(c.label) for c in table.columns)
        if not all(k and text.count(k) >= n for k, n in own.items()):
            return None
    return lines[-1].location


def _within(i: int, region: tuple[int, int]) -> bool:
    return region[0] <= i < region[1]


def _fallback_region(segments: list[Segment], table: Table, fmt: Format = FORMAT_2021,
                     reach: int | None = None) -> tuple[int, int] | None:
    """Where a table sits when its section heading is missing: the rows around its labels, up to the next
    heading or the next table's caption or labels after them, whatever its number (tables in an appendix
    after the narrative, under titles of their own), and from its header rows just above them."""
    keys = [norm(k) for k in table.anchors]
    own_header = _header_labels(table, fmt)
    hits = [i for i, s in enumerate(segments) if s.kind in ("row", "text")
            and (any(k in norm(s.text) for k in keys) or _is_header_of(norm(s.text), own_header))]
    if not hits:
        return None
    others = [norm(k) for t in fmt.tables if t is not table for k in (*t.anchors, t.caption) if k]
    other_headers = [_header_labels(t, fmt) for t in fmt.tables if t is not table]
    end = min(len(segments), hits[-1] + (table.reach if reach is None else reach))
    for i in range(hits[-1] + 1, end):
        s = segments[i]
        if s.kind in ("heading", "appendix") or (s.kind in ("row", "text") and (
                any(k in norm(s.text) for k in others) or any(_is_header_of(norm(s.text), h) for h in other_headers))):
            end = i
            break
    start = hits[0]
    header = [norm(k) for k in (table.caption, *(g for c in table.columns for g in (c.label, *c.groups)))
              if len(norm(k)) > 2]
    while start > 0 and hits[0] - start < 3:
        s = segments[start - 1]
        t = norm(s.text)
        if s.kind not in ("row", "text") or _is_prose(s) or any(k in t for k in others) \
                or not any(k in t for k in header):
            break
        start -= 1
    return start, end


def _one_header(table: Table) -> bool:
    """A table whose labelled rows all stand under one header of its columns (table 三; table 二's blocks
    each have their own, table 四 has no row labels)."""
    return not table.in_blocks and not table.one_row


class _Reader:
    def __init__(self, raw: RawDocument):
        self.raw = raw
        self.report = AnnualReport(source=raw.source, reader=raw.reader)
        self.notes = self.report.notes
        self._extra: dict[str, list[dict]] = {}

    def note(self, code, message, location, **data):
        self.notes.append(ReadingNote(code, message, location, data))

    def extra_cells(self, table, row_label, cells, location, columns=(), unplaced=False) -> None:
        """Collect non-empty cells outside the format's columns; one P04 note per table."""
        self._extra.setdefault(table.number, []).append(
            {"row_label": row_label, "cells": list(cells), "columns": list(columns), "line": location.line,
             "unplaced": unplaced, "location": location})

    def flush_extra(self) -> None:
        for number, rows in self._extra.items():
            columns = sorted({c for r in rows for c in r["columns"]})
            named = f"（多出的列：{'、'.join(columns)}）" if columns else ""
            self.note("P04", f"表{number}有 {len(rows)} 行在格式规定的列之外还有非空单元格{named}",
                      rows[0]["location"], table=number, columns=columns, row_label=rows[0]["row_label"],
                      cells=rows[0]["cells"],
                      rows=[{k: v for k, v in r.items() if k != "location"} for r in rows])

    # ------------------------------------------------------------------ table
    def read_table(self, table: Table, segs: list[Segment], region_loc: Location, items=None) -> None:
        """``items``: ``value_rows(segs)`` when the caller has them already."""
        items = value_rows(segs) if items is None else items
        items, unjoined = join_text_halves(items, table)  # a table printed as two (续表) in a text source
        if unjoined:
            self.note("P17", unjoined, region_loc)
        items, unsure = self._values_after_labels(table, items)
        if any(isinstance(p, ValueRow) for p in items) or not unsure:
            self._read_rows(table, segs, region_loc, items, numbers_seen=bool(unsure))
        for rows, v, readings, placed in unsure:
            if placed and any(tok is not None for tok in placed.values()):
                self._block_placed(table, rows, v, placed)
            else:
                self._block_unread(table, rows, v, readings, placed)

    def _values_after_labels(self, table: Table, items) -> tuple[list, list]:
        """A table printed one cell a line with all its labels first, then all its numbers (plain
        ``pdftotext``): the numbers go to the rows in the order that is certain (:func:`split.certain_order`:
        by rows, or by columns top to bottom, told apart by the relations) — each label then a row with its
        values; else the block is taken out, to be left unread (returned as (rows, block, readings))."""
        if table.one_row:
            return items, []
        out, unsure = list(items), []
        claimed = None
        for v in [p for p in items if isinstance(p, ValueRow)]:
            if not v.one_per_line or v.label.strip() or v.cells is not None:
                continue
            block = _label_block(v.prev_parts, table)
            if block is None:
                if claimed is None:
                    claimed = frozenset(r for p in items if isinstance(p, ValueRow) and p.label.strip()
                                        for r in _rows_named(p.label, table)
                                        if len(p.cells if p.cells is not None else p.run.split())
                                        == len(table.columns_of(r)))
                rows = _rows_before_block(v, table, claimed)
                if rows:  # the labels not all recognised: which number is whose cannot be told
                    out = [p for p in out if p is not v]
                    unsure.append((rows, v, None, None))
                continue
            rows = [row for _, named in block for row in named]
            cols = [[c.id for c in table.columns_of(r)] for r in rows]
            followers = _block_followers(v, items, table, sum(map(len, cols)))
            if followers:  # the block's numbers printed under their blocks' headers (table 二): one block
                out = [p for p in out if not any(p is f for f in followers)]
                v.run = " ".join([v.run] + [f.run for f in followers])
            readings = _split().block_orders(rows, cols, v.run.split())
            order = _split().certain_order(table, readings)
            out = [p for p in out if p is not v]
            if order is None:
                placed = None
                if not readings:  # fewer values than cells: where the blank cells are, as far as it is certain
                    placed = _split().block_with_blanks(table, rows, cols, v.run.split())
                unsure.append((rows, v, readings, placed))
                continue
            for parts, named in block:  # each label its row, with its values
                out = [p for p in out if not any(p is x for x in parts[1:])]
                k = next(i for i, p in enumerate(out) if p is parts[0])
                label = "".join(parts) if len(named) == 1 else None
                out[k:k + 1] = [ValueRow(label or row.label, v.location, one_per_line=True,
                                         run=" ".join(readings[order][(row.id, c.id)] for c in table.columns_of(row)))
                                for row in named]
        return out, unsure

    def _block_placed(self, table: Table, rows: list, v: ValueRow, placed: dict) -> None:
        """The cells of ``rows`` printed one a line after all their labels with fewer values than cells, read
        where every reading the relations leave agrees (:func:`split.block_with_blanks`): those cells are read
        as inferred (P14 names the blank cells so found); the others are unread (P01)."""
        unread_rows, blanks = [], []
        for row in rows:
            for col in table.columns_of(row):
                tok = placed.get((row.id, col.id))
                if tok is None:
                    cell = Cell("ambiguous", None, shorten(v.run), v.location)
                    if row not in unread_rows:
                        unread_rows.append(row)
                elif tok:
                    kind, value = parse_value(tok, _unit(row, col))
                    cell = Cell(kind, value, tok, v.location, inferred=True)
                else:
                    cell = Cell("blank", None, "", v.location, inferred=True)
                    blanks.append(f"「{row.label}」{col.label}")
                self.report.cells[(table.number, row.id, col.id)] = cell
        n, cells = len(v.run.split()), sum(len(table.columns_of(r)) for r in rows)
        read = len(rows) - len(unread_rows)
        self.note("P14", f"表{table.number}一格一行，先印了「{rows[0].label}」至「{rows[-1].label}」{len(rows)} 行的"
                         f"标签，后印全部数字（{shorten(v.run)}）：{n} 个数字比 {cells} 格少，空白单元格没有印出；"
                         f"只有把空白放在{'、'.join(blanks[:5]) or '（无法确定）'}{' 等' if len(blanks) > 5 else ''}"
                         f"时勾稽关系才成立，据此读取了 {read} 行", v.location,
                  table=table.number, row_label=rows[0].label, row_labels=[r.label for r in rows], raw=v.run,
                  blanks=blanks, cells=cells, values=n)
        if unread_rows:
            self.note("P01", f"表{table.number}一格一行，先印行标签后印数字，数字比格数少：「{unread_rows[0].label}」"
                             f"等 {len(unread_rows)} 行有几种读法都符合勾稽关系，无法确定哪几格空白，未予采用",
                      v.location, table=table.number, row_label=unread_rows[0].label,
                      row_labels=[r.label for r in unread_rows], raw=v.run, candidates=[], count=0,
                      too_many=False, no_fit=False, cells=cells, order_unknown=True)

    def _block_unread(self, table: Table, rows: list, v: ValueRow, readings: dict | None,
                      placed: dict | None = None) -> None:
        """The cells of ``rows`` unread (P01): their numbers printed after all their labels in an order that
        cannot be told, fewer numbers than cells (an empty cell leaves no line: ``placed`` what the search for
        the blanks' places found — {} none that the relations allow, None too many to try, or every cell
        differing), or labels not all recognised (``readings`` None)."""
        for row in rows:
            for col in table.columns_of(row):
                self.report.cells[(table.number, row.id, col.id)] = Cell("ambiguous", None, shorten(v.run),
                                                                         v.location)
        n, cells = len(v.run.split()), sum(len(table.columns_of(r)) for r in rows)
        why = ("行标签不能逐一认出，无法确定每个数字属于哪一行" if readings is None else
               f"只有 {n} 个数字，比 {cells} 格少，空白单元格放在哪里勾稽关系都不成立（数字本身可能有误），无法确定哪几格空白"
               if n < cells and placed == {} and table.relations else
               f"只有 {n} 个数字，比 {cells} 格少，空白单元格可能的位置太多、无法逐一核对，无法确定哪几格空白"
               if n < cells and placed is None and table.relations else
               f"只有 {n} 个数字，比 {cells} 格少，无法确定哪几格空白" if n < cells else
               f"有 {n} 个数字，比 {cells} 格多" if n > cells else
               "按行读与按列读得到的数字不同，勾稽关系也不能确定是哪一种")
        self.note("P01", f"表{table.number}一格一行，先印了「{rows[0].label}」至「{rows[-1].label}」{len(rows)} 行的"
                         f"标签，后印全部数字（{shorten(v.run)}）：{why}，未予采用", v.location,
                  table=table.number, row_label=rows[0].label, row_labels=[r.label for r in rows], raw=v.run,
                  candidates=[], count=len(readings or {}), too_many=False, no_fit=False, cells=cells,
                  order_unknown=True)

    def _read_rows(self, table: Table, segs: list[Segment], region_loc: Location, items,
                   numbers_seen: bool = False) -> None:
        """``numbers_seen``: numbers of the table were taken out already (a block after its labels, left unread
        with P01): no row matched is then no "table without numbers" (P08)."""
        vrows = [p for p in items if isinstance(p, ValueRow)]
        if table.one_row:
            if not self._read_scattered_row(table, vrows) and not self._read_parts(table, items, vrows, segs):
                self._read_one_row(table, vrows, region_loc, segs)
            return
        vrows = _without_stray_numbers(vrows, table)
        _no_context_across_captions(vrows, table)
        _label_wrapped_around(vrows, table)  # (before: the pieces around the numbers that name a row together)
        _label_after_a_group_piece(vrows, table)
        _wrapped_label_begins_above(vrows, table)
        _label_sides(vrows, table)
        _next_rows_label_dropped(vrows, table)
        _bare_label_then_two_runs(vrows, table)
        _two_labels_then_a_run(vrows, table)
        _wrapped_label_completed(vrows, table)
        _two_rows_in_one_label(vrows, table)
        for v in vrows:
            if v.between:
                values = v.run.split() if v.run is not None else [c.text for c in v.cells or [] if c.text.strip()]
                self.note("P03", f"表{table.number}中有一行数字（{shorten(' '.join(values))}）印在「{v.between[0]}」与"
                                 f"「{v.between[1]}」两行标签之间，不能确定属于哪一行，未予采用", v.location,
                          table=table.number, label="", values=values, between=list(v.between))
        matches = align_sub_tables(vrows, table) if table.in_blocks else align(vrows, table)
        if not matches and not numbers_seen:
            self.note("P08", f"表{table.number}所在位置已找到，但没有读到任何数值", region_loc, table=table.number)
            return
        by_order = _rows_between_anchors(vrows, table, matches)
        if by_order:
            kept, pieces = _piece_anchors(vrows, table, matches, by_order)
            if pieces:  # rows beside an anchor printed with a piece of a label: not placed by order
                self.note("P01", f"表{table.number}有 {len(by_order) - len(kept)} 行数字的行标签不在本行，而它们前后的"
                                 f"行标签「{pieces}」只是某一行标签的一部分，不能按表格的行序对应，未予采用",
                          vrows[by_order[0][0]].location, table=table.number, label=pieces,
                          rows=[{"line": vrows[i].location.line, "values": [c.text for c in vrows[i].cells]}
                                for i in sorted({e[0] for e in by_order} - {e[0] for e in kept})])
                by_order = kept
        if by_order:
            matches = sorted(matches + by_order, key=lambda x: x[0])
            self.note("P12", f"表{table.number}有 {len(by_order)} 行数字的行标签不在本行（印在表格行之外，"
                             f"如 PDF 转换的文字），已按表格的行序对应："
                             f"{'；'.join(row.label for _, row, _ in by_order[:3])}"
                             f"{' 等' if len(by_order) > 3 else ''}", vrows[by_order[0][0]].location,
                      table=table.number, rows=[{"row_label": row.label, "line": vrows[i].location.line,
                                                 "values": [c.text for c in vrows[i].cells]}
                                                for i, row, _ in by_order])
        matches = _unsure_short_labels(vrows, table, matches)
        matches = _without_cut_labels_of_others(vrows, table, matches)
        matches = _without_partial_group_totals(table, matches)
        matched = {i for i, _, _ in matches}
        # numbers of the table no row took (text whose cells came out of order, plain pdftotext): a label
        # printed without numbers may be the row they belong to, so its cells are unread, not blank
        stray = any(i not in matched and not v.blank for i, v in enumerate(vrows))
        for row, piece in printed_without_values(items, vrows, table, matches):
            # the row is printed (its label is there) but holds no number: its cells are blank, not missing
            for col in table.columns_of(row):
                self._set(table, row, col, Cell("missing" if stray else "blank", None, "",
                                                piece.location or region_loc))
        extra_column = extra_column_index(table, items) if _one_header(table) else None
        glued: list[tuple] = []  # (split.GluedRow, ValueRow, the format's row)
        known = {}
        columns: dict = {}  # (number of columns, page) → a layout table's columns on that page, found when needed
        rows_on_line = Counter(v.location.line for v in vrows)
        with_values = {row.id for i, row, _ in matches if not vrows[i].blank}
        beside_stray = _beside_stray_values(vrows, matched)
        # a Markdown row beside a row of its digits wrapped onto a line of their own: its own line shows part of
        # its digits (９ of 2930): unread, never read as printed
        wrapped = (_beside_stray_values(vrows, matched, wrapped=True) - beside_stray
                   | _before_label_rest(vrows, matched) if self.raw.reader == "markdown" else set())
        stacked = _stacked_rows(vrows, matched, beside_stray)
        pieces = _between_full_rows(vrows, {i: len(table.columns_of(row)) for i, row, _ in matches})
        short_rows: list[tuple] = []  # rows printed short whose values stand at no column positions
        # rows printed one cell a line with an empty line pair per empty cell: when a row has fewer lines than
        # cells even with the empty lines after it, the empty lines do not mark every empty cell of this table
        # (odt2txt prints nothing for a cell without a paragraph) — then a row padded with the empty lines after
        # it is read only if its totals hold so (:meth:`_read_cell_lines`); so too when a row has more lines than
        # cells (plain pdftotext: an empty line is a gap between paragraphs — "" / "181" / "" / "1" … for one
        # row, "1381" / "0" / "0" / "" / "190" for another — and a row's lines run into the next rows' numbers)
        self._lines_consistent = not any(
            vrows[i].line_cells is not None and not vrows[i].blank
            and not len(vrows[i].line_cells) <= len(table.columns_of(row))
            <= len(vrows[i].line_cells) + vrows[i].trailing_blanks
            for i, row, _ in matches)
        tabs = self.raw.meta.get("tab_lines") or {}
        # the widest tab line's cells among the table's rows and the few lines above its first row (its header)
        row_lines = {v.location.line or 0 for v in vrows} if tabs else set()
        first = min(row_lines, default=0)
        tab_width = max((n for line, n in tabs.items() if line in row_lines or first - 4 <= line < first), default=0)
        for i, row, sc in matches:
            v = vrows[i]
            if not row.printed and v.blank and with_values.intersection(row.sum_of):
                # a group's label on a row of its own, every cell empty, its sub-rows printed below with their
                # numbers ("| | （三）不予公开 | | … |"): a heading over them, not a subtotal left blank
                continue
            cols = table.columns_of(row)
            self._check_label(table, row, v)
            # (a row whose cells are not its columns — read unplaced — is never placed by the header above it)
            placeable = v.cells is not None and v.in_columns and len(v.cells) != len(cols)
            # its label cells under column labels (html2text): placed or unread below, never by the header's positions
            over = label_over_columns(v, cols) if placeable else []
            by_header = (columns_by_header(v, cols) if placeable
                         and not (self.raw.reader == "markdown"
                                  and (_narrower_than_header(v, len(cols)) and not over or _values_in_label(v.label)))
                         else None)
            off_header = bool(by_header) and self.raw.reader == "markdown" and _printed_off_header(v, by_header)
            run_in_cells = self._run_in_cells(v, cols, tab_width)
            if i in stacked or i in pieces or i in beside_stray and _full_sums_fail(cols, v):
                why = ("这张表有的行与未对应到任何行的数字印在同一行（窄单元格里的数字折成几行后，各行的文字被混排），"
                       "紧挨着这一行还有这样的数字" if i in stacked else
                       "紧挨着这一行有未对应到任何行的数字，而它上下的行都印全了各格，这些数字不属于任何行" if i in pieces else
                       "紧挨着这一行有未对应到任何行的数字，且按印出的次序读时本行的总计不等于各项之和")
                self._row_unread(table, row, cols, v, v.run,
                                 f"表{table.number}「{row.label}」（第{v.location.line}行）的数字（{shorten(v.run)}）"
                                 f"可能折行印在上下几行：{why}，无法确定每个数字，未予采用")
            elif i in wrapped:
                run = " ".join(c.text for c in v.cells)
                self._row_unread(table, row, cols, v, run,
                                 f"表{table.number}「{row.label}」（第{v.location.line}行）的数字（{shorten(run)}）"
                                 f"可能折行印在上下几行：紧挨着它的行里有没有标签、只有数字的行，无法确定每个数字，未予采用")
            elif run_in_cells is not None:
                # "规章<TAB>205": fewer cells than columns, one of them a digit run that may be several cells run
                # together — read as a run of digits (split only where certain, as without the tab)
                ascii_run = unicodedata.normalize("NFKC", run_in_cells)
                if re.fullmatch(r"[0-9]+(?: [0-9]+)*", ascii_run):
                    glued.append((_split().GluedRow(row.id, tuple(c.id for c in cols), ascii_run), v, row))
                else:  # thousands separators or marks among run-together cells: where each cell ends is not known
                    self._row_unread(table, row, cols, v, run_in_cells,
                                     f"表{table.number}「{row.label}」（第{v.location.line}行）以制表符分隔的格比 {len(cols)} 格少，"
                                     f"有的格里是连在一起的数字（{shorten(run_in_cells)}），无法确定各格，未予采用")
            elif off_header:
                # "|行政处罚|4|4|" (a number cut over two cells), or a value under a header label no column of the
                # row was placed by: read by the header, a printed number would be dropped unseen
                run = " ".join(c.text.strip() for c in v.cells if c.text.strip())
                self._row_unread(table, row, cols, v, run,
                                 f"表{table.number}「{row.label}」有印在表头没有对应列的位置上的数字（{shorten(run)}），"
                                 f"无法确定各数字所在的列，未予采用")
            elif by_header and over:
                # its label cells stand under column labels: its cells are not at the header's positions
                packed = _packed_after_labels(v, over, vrows, cols, table)
                if packed is not None:
                    self._read_by_header(table, row, cols, v, packed, known)
                else:
                    run = " ".join(c.text for c in v.cells)
                    named = "」「".join(header_positions(v.header)[p] for p in over)
                    self._row_unread(table, row, cols, v, run,
                                     f"表{table.number}「{row.label}」（第{v.location.line}行）的标签印在表头「{named}」列的"
                                     f"位置上（转换时合并单元格的空位被省去），只印了 {len(v.cells)} 个数字（{shorten(run)}），"
                                     f"无法确定各数字所在的列，未予采用")
            elif by_header:
                self._read_by_header(table, row, cols, v, by_header, known)
            elif v.cells is not None and not v.in_columns and (
                    len(v.cells) != len(cols)
                    # a Markdown cell's numbers apart (a converter's merged cells): in order only when totals hold
                    or (self.raw.reader == "markdown" and not _sums_hold(cols, v.cells))):
                # fewer values than cells, where they stand not known: which cells are blank cannot be told;
                # more (numbers a converter put together in a cell, of several rows or a number wrapped over
                # lines): which belong to the row cannot be told
                run = " ".join(c.text for c in v.cells)
                more = len(v.cells) > len(cols)
                than = ("，与格数相同，但按顺序读时本行的合计不等于各项之和" if len(v.cells) == len(cols)
                        else f"，比 {len(cols)} 格{'多' if more else '少'}")
                self._row_unread(table, row, cols, v, run,
                                 f"表{table.number}「{row.label}」{'有' if more else '只有'} {len(v.cells)} 个数字"
                                 f"（{shorten(run)}）{than}，且无法从版面确定各数字所在的列，未予采用",
                                 too_many=more, partial=not more)
            elif v.cells is not None and self.raw.reader == "markdown" and _values_in_label(v.label):
                # "|**行政许可**<br>387件|||||||": a converter put a row's number(s) into its label's cell — taken
                # when they and the row's printed cells are exactly its columns and its totals hold, else unread
                # (the empty cells after the label are not its blank cells)
                tokens = _values_in_label(v.label) + [c.text.strip() for c in v.cells if c.text.strip()]
                if len(tokens) == len(cols) and _padded_sums_hold(cols, tokens):
                    self._set_tokens(table, row, cols, tokens, v.location, known)
                else:
                    run = " ".join(tokens)
                    self._row_unread(table, row, cols, v, run,
                                     f"表{table.number}「{row.label}」的数字印在标签所在的格里（{shorten(v.label)}），"
                                     f"连同其余各格共 {len(tokens)} 个数字（{shorten(run)}），与 {len(cols)} 格对不上或"
                                     f"按顺序读时合计不等于各项之和，无法确定各数字所在的列，未予采用",
                                     too_many=len(tokens) > len(cols), partial=len(tokens) < len(cols))
            elif v.cells is not None:
                cells, extra = _fit_cells(v.cells, len(cols))
                if extra and _repeated_span(table, cols, cells, extra):
                    extra = []  # one merged cell, its value repeated over the columns it spans
                named: list[str] = []
                if extra_column and len(extra) == 1 and v.grid is not None and v.table is None:
                    # one cell too many under an extra header label (法人或其他组织小计): drop that one
                    at, label = extra_column
                    whole = cells if not extra else [*extra, *cells]
                    extra, named = [whole[at]], [label]
                    cells = whole[:at] + whole[at + 1:]
                if extra and any(c.text.strip() for c in extra):
                    self.extra_cells(table, row.label, [c.text for c in extra], v.location, columns=named)
                cut = not named and _split_number(extra, cells, len(cols))
                ends = not cut and self.raw.reader in ("markdown", "text") \
                    and _both_ends_empty(v.cells, len(cols)) and not _printed_cells_fill_row(v.cells, len(cols))
                short = not cut and not ends and self.raw.reader == "markdown" and _short_pipe_row(cells, len(cols))
                filler = not cut and not ends and not short and self.raw.reader == "markdown" \
                    and _label_filler_row(v, cells, len(cols))
                if filler:
                    # "2.重复申请" on a line of its own, then "| | | | 1件 | 0件 | 0件 | 1件 |": the empty cells before
                    # the numbers may be the label's columns or blank cells of the row — which, cannot be told
                    run = " ".join(c.text for c in cells if c.text.strip())
                    self._row_unread(table, row, cols, v, run,
                                     f"表{table.number}「{row.label}」的数字（{shorten(run)}）印在没有标签的表格行里，"
                                     f"前面的空格可能是标签所占的列，也可能是空白的数据格，无法确定各数字所在的列，未予采用")
                elif short:
                    # "| 8.属于行政查询事项 | 0件 | 0件 | 0件 | 0件 |" of a 7-column row: a converter's pipe table
                    # narrower than the report's, blank cells not kept — read from the left, a number would land
                    # in a blank cell's column
                    run = " ".join(c.text for c in cells if c.text.strip())
                    self._row_unread(table, row, cols, v, run,
                                     f"表{table.number}「{row.label}」只印了 {len(cells)} 格（{shorten(run)}），比 "
                                     f"{len(cols)} 格少（转换后的表格少了列），无法确定各数字所在的列，未予采用")
                elif ends:
                    # "| 7.属于行政执法案卷 | | 3 | 0 | 8 | 5 | 7 | 10 | |" under a header that lost its merged cells:
                    # the empty cell left over is the label's filler or a blank 总计 — which, cannot be told
                    run = " ".join(c.text for c in v.cells)
                    self._row_unread(table, row, cols, v, run,
                                     f"表{table.number}「{row.label}」印了 {len(v.cells)} 格（{shorten(run)}），比 "
                                     f"{len(cols)} 格多，首尾都是空格，无法确定哪一格是空白的数据格，未予采用",
                                     too_many=True, partial=False)
                elif cut:
                    # "|行政许可||1|5|" (15), "|1.|26|" (1.26): a number a converter cut over two cells of a merged
                    # cell — the last cell alone is not the row's value
                    run = " ".join(c.text for c in [*extra, *cells])
                    self._row_unread(table, row, cols, v, run,
                                     f"表{table.number}「{row.label}」印了 {len(extra) + len(cells)} 格数字（{shorten(run)}），"
                                     f"比 {len(cols)} 格多（可能是一个数字被拆在相邻两格里），无法确定每个数字属于哪一格，未予采用",
                                     too_many=True, partial=False)
                for k, col in enumerate(() if cut or ends or short or filler else cols):
                    self._set(table, row, col,
                              _cell_from_raw(cells[k], row, col) if k < len(cells) else Cell("missing"), known)
            elif v.line_cells is not None and (v.blank or v.trailing_blanks or len(v.line_cells) != len(v.run.split())):
                self._read_cell_lines(table, row, cols, v, known, stray)
            else:
                if v.glued_mark and len(v.run.split()) == len(cols) + 1:
                    # a dash touching the label and one value a column after it: the label's dash, not a cell
                    rest = v.run.split(None, 1)[1]
                    v.run_start = v.run_start + len(v.run) - len(rest) if v.run_start is not None else None
                    v.run, v.glued_mark = rest, False
                tokens = v.run.split()
                cells = layout_cells(v)
                if cells is not None and len(cells) != len(tokens) and len(cells) <= len(cols):
                    tokens = [tok for tok, _, _ in cells]  # cells run together ("0//"): each its own cell
                page = bisect.bisect_right(self.raw.page_starts, v.location.line or 0)
                if (len(cols), page) not in columns and cells is not None and 1 <= len(cells) < len(cols):
                    columns[(len(cols), page)] = self._page_columns(vrows, len(cols), page)
                placed, why = None, ""
                if cells is not None and 1 <= len(cells) < len(cols) and all(_clean(tok) for tok, _, _ in cells):
                    # a row of a layout table with blank cells: read by where its cells stand, or not at all
                    if i in beside_stray:
                        why = _SPLIT_OVER_LINES
                    elif columns.get((len(cols), page)):
                        placed, why = place_by_columns(v, cells, len(cols), columns[(len(cols), page)])
                    elif len(v.run.split()) > 1 and rows_on_line[v.location.line] == 1:
                        # cells apart on a line of their own (not a whole table flattened into one line, where a
                        # space may fall inside glued digits)
                        why = _NO_COLUMNS
                if why == _NO_COLUMNS:  # placed by the relations once every row is read, where certain
                    short_rows.append((row, cols, v, [tok for tok, _, _ in cells]))
                elif why and not why.startswith(_STRADDLES):
                    self._unplaced(table, row, cols, v, why)
                elif placed is not None:
                    for tok, col in zip(placed, cols):
                        kind, value = parse_value(tok, _unit(row, col)) if tok else (_gap_kind(stray), None)
                        self._set(table, row, col, Cell(kind, value, tok, v.location), known)
                elif v.one_per_line and len(tokens) == len(cols) and (
                        v.location.line in self._doubtful_lines()
                        # a converter's Markdown printing a table's numbers one per paragraph (pymupdf4llm of a
                        # PDF whose cells are drawn in another order than read): the order is not the columns'
                        or self.raw.reader == "markdown" and not _padded_sums_hold(cols, tokens)):
                    # plain pdftotext printing the row's cells apart, its total not the sum of the others: the
                    # cells may be out of order, so none is read by its place
                    self._row_unread(table, row, cols, v, v.run,
                                     f"表{table.number}「{row.label}」一格一行（第{v.location.line}行起），"
                                     f"{len(tokens)} 个数字（{shorten(v.run)}）按印出的次序总计不等于各项之和，"
                                     f"可能是转换时各格的次序被打乱，无法确定每个数字属于哪一格，未予采用")
                elif len(tokens) == len(cols):
                    self._set_tokens(table, row, cols, tokens, v.location, known)
                elif extra_column and len(tokens) == len(cols) + 1:
                    at, label = extra_column
                    self.extra_cells(table, row.label, [tokens[at]], v.location, columns=[label])
                    self._set_tokens(table, row, cols, tokens[:at] + tokens[at + 1:], v.location, known)
                elif len(tokens) > len(cols):
                    self.extra_cells(table, row.label, tokens, v.location, unplaced=True)
                    for col in cols:
                        self.report.cells[(table.number, row.id, col.id)] = Cell(
                            "ambiguous", None, v.run, v.location)
                elif (v.one_per_line and table.relations and i not in beside_stray and tokens
                      and v.location.line not in self._doubtful_lines() and all(_clean(t) for t in tokens)):
                    # each line one whole cell in the row's order, fewer lines than cells (pymupdf's and
                    # pdfminer's text of a borderless table: an empty cell leaves no line): the blanks placed by
                    # the relations once every row is read, where certain (P14), else unread
                    short_rows.append((row, cols, v, tokens))
                elif v.one_per_line:
                    self._short_cell_lines(table, row, cols, v, tokens)
                else:
                    glued.append((_split().GluedRow(row.id, tuple(c.id for c in cols), v.run), v, row))
            if not row.printed:
                leaves = [table.row(x) for x in row.sum_of]
                self.note("P06", f"表{table.number}印出了「{row.label}」的合计行，而没有分项"
                                 f"（{'、'.join(lf.label for lf in leaves)}）", v.location,
                          table=table.number, group_label=row.label, leaves=[lf.label for lf in leaves])
        if short_rows:
            self._place_short_rows(table, short_rows, known)
        if glued:
            self._solve(table, glued, known)
        self._header_units(table, matches, vrows, region_amount_units(items))
        unmatched = [v for i, v in enumerate(vrows) if i not in matched and not v.blank and not v.between]
        for v in unmatched[:MAX_ROW_NOTES]:  # (a row printed between two others was noted where it was found)
            values = [c.text for c in v.cells] if v.cells is not None else (v.run or "").split()
            if v.label.strip():
                self.note("P03", f"表{table.number}中有一行「{v.label}」不是格式规定的行", v.location,
                          table=table.number, label=v.label, values=values)
            else:
                self.note("P07", f"表{table.number}中有一行数值（{' '.join(values)}）无法对应到任何行",
                          v.location, table=table.number, label="", values=values)
        if len(unmatched) > MAX_ROW_NOTES:  # a table of thousands of rows: one note for the rest, not one each
            rest = unmatched[MAX_ROW_NOTES:]
            loc = rest[0].location
            at = loc.where or (f"第{loc.line}行" if loc.line else "")
            # a row of drawn cells (PDF, HTML) has no run; a layout row has no cells
            first = [c.text for c in rest[0].cells] if rest[0].cells is not None else (rest[0].run or "").split()
            self.note("P03", f"表{table.number}中另有 {len(rest)} 行不是格式规定的行或无法对应到格式的行"
                             f"（从{at}「{shorten(rest[0].label or ' '.join(first[:8]))}」起），未逐一列出",
                      loc, table=table.number, label=rest[0].label, count=len(rest), values=first)
        self._check_columns(table, items)

    def _run_in_cells(self, v: ValueRow, cols, width: int) -> str | None:
        """A text row of cells apart by tabs, tabs missing — fewer cells than the row has columns, or fewer tab
        cells than the widest tab line of its table (``width``, its header lines included) and not one printed cell
        per column (more, or a first one empty: a label column's filler) — one of its cells a
        bare run of two or more digits ("规章<TAB>205", the cells 2|0|5 copied without their tabs; "…<TAB>0<TAB>01"):
        its cells as one digit run to split like a glued run; no cell is read by its place.  None otherwise."""
        tabs = self.raw.meta.get("tab_lines") or {}
        if v.cells is None or v.table is not None or len(cols) < 2 or v.location.line not in tabs:
            return None
        printed = [c.text.strip() for c in v.cells if c.text.strip()]
        if not printed or not any(_DIGIT_RUN.fullmatch(t) for t in printed):
            return None
        if len(v.cells) < len(cols) or tabs[v.location.line] < width and (
                len(v.cells) != len(cols) or not v.cells[0].text.strip()):
            # (as many cells as columns, the first printed: each column's cell, whatever the other lines)
            return " ".join(printed)
        return None

    def _read_cell_lines(self, table, row, cols, v: ValueRow, known, stray: bool) -> None:
        """A row printed one cell per line with empty lines for its empty cells (LibreOffice's text export): its
        cells are its lines from its first value on, then as many of the empty lines after its last value as it
        has cells left (the others are the covered places of merged cells before the next row's label).  Lines
        that do not make exactly the row's cells leave it unread."""
        cells = v.line_cells
        if not len(cells) <= len(cols) <= len(cells) + v.trailing_blanks:
            self._row_unread(table, row, cols, v, v.run,
                             f"表{table.number}「{row.label}」一格一行，读到 {len(cells)} 格（含空行），"
                             f"与这一行的 {len(cols)} 格对不上，无法确定每个数字属于哪一格，未予采用")
            return
        if len(cells) < len(cols) and not getattr(self, "_lines_consistent", False) and not _padded_sums_hold(
                cols, cells + [""] * (len(cols) - len(cells))):
            # fewer cells than columns in a table where some empty cell left no line (odt2txt prints an empty
            # cell's paragraph, or nothing for a cell without one), and the row's own totals would not hold with
            # the blanks at its end: where its blanks are cannot be told
            self._row_unread(table, row, cols, v, v.run,
                             f"表{table.number}「{row.label}」一格一行，读到 {len(cells)} 格（含空行），比 {len(cols)} 格少，"
                             f"且把其余各格当作行末的空白时本行的总计不等于各项之和（有的空白单元格没有印出空行），"
                             f"无法确定每个数字属于哪一格，未予采用")
            return
        cells = cells + [""] * (len(cols) - len(cells))
        for tok, col in zip(cells, cols):
            kind, value = parse_value(tok, _unit(row, col)) if tok else (_gap_kind(stray), None)
            self._set(table, row, col, Cell(kind, value, tok, v.location), known)

    def _page_columns(self, vrows: list[ValueRow], n: int, page: int) -> LayoutColumns | None:
        """The columns of a layout table on one page (pdftotext lays out each page on its own).  A page with too
        few full rows takes the table's columns when its own full row stands at them — or, with none, when every
        full row of the table does."""
        starts = self.raw.page_starts
        on_page = [x for x in vrows if bisect.bisect_right(starts, x.location.line or 0) == page]
        found = layout_columns(on_page, n)
        if found is None:
            found = gap_columns(on_page, n, self._lines_above(on_page))
        if found is not None or not starts:
            return found
        whole = layout_columns(vrows, n)
        if whole is None:
            return None
        full = [c for c in (layout_cells(x) for x in on_page) if c and len(c) == n and all(_clean(t) for t, _, _ in c)]
        if not full:
            return layout_columns(vrows, n, every=True)
        fits = all(whole.matches(k, at, at + len(tok)) or whole.overlaps(k, at, at + len(tok))
                   for c in full for k, (tok, at, _) in enumerate(c))
        return whole if fits else None

    def _names_at(self, table, v: ValueRow) -> list[int] | None:
        """Where each column name starts on the header line above the layout row ``v`` that names every column of
        ``table`` (as many words, one a column, none a number), or None."""
        lines = self._lines_above([v])
        for line in reversed(lines):
            words = list(_TOKEN.finditer(line))
            if len(words) == len(table.columns) and not _NUMBER_WORD().search(line):
                return [m.start() for m in words]
        return None

    def _lines_above(self, vrows: list[ValueRow], most: int = 12) -> list[str]:
        """The text lines printed right above the first of ``vrows`` (a layout table's header), up to ``most``,
        none past two empty lines (one apart: a table printing its rows an empty line apart), a page break or a
        line printing a number (a row of the table above)."""
        if not vrows:
            return []
        first = min(v.location.line or 0 for v in vrows)
        starts = self.raw.page_starts
        page_start = starts[bisect.bisect_right(starts, first) - 1] if bisect.bisect_right(starts, first) else 0
        texts = self._line_texts
        out: list[str] = []
        line = first - 1
        while len(out) < most and line >= max(1, page_start):
            if line not in texts:
                if line - 1 not in texts:
                    break
                line -= 1
            if _NUMBER_WORD().search(texts[line]) or line < page_start:
                break
            out.append(texts[line])
            line -= 1
        return out[::-1]

    @functools.cached_property
    def _line_texts(self) -> dict[int, str]:
        return {b.location.line: b.text for b in self.raw.blocks
                if isinstance(b, TextBlock) and b.location.line and b.text.strip()}

    def _doubtful_lines(self) -> frozenset[int]:
        """Lines (1-based) of rows whose cells plain pdftotext may have printed out of order (text.py)."""
        return frozenset(self.raw.meta.get("order_doubtful_lines") or ())

    def _place_one_row(self, table, row, cols, v: ValueRow, tokens: list[str]) -> bool:
        """A one-row table (表四) printed on a line of its own with fewer whole values than cells and no column
        positions: read when exactly one placement of its blank cells makes every relation hold (a blank
        counting 0), P14 naming the blanks; False (nothing read) otherwise."""
        placed = _split().rows_with_blanks(table, [(row.id, [c.id for c in cols], tokens)])
        got = [placed.get((row.id, c.id)) for c in cols] if placed else [None]
        if any(tok is None for tok in got):
            return False
        self._place_read(table, [(row, cols, v, got)], {})
        return True

    def _place_read(self, table, read: list[tuple], known: dict) -> None:
        """Store the rows placed by :meth:`_place_short_rows` / :meth:`_place_one_row` (row, columns, value
        row, one token per column, "" blank) and say so (P14)."""
        blanks = []
        for row, cols, v, got in read:
            if None in got:
                self._partly_placed(table, row, cols, v, got)
            for tok, col in zip(got, cols):
                if tok is None:
                    continue
                if tok:
                    kind, value = parse_value(tok, _unit(row, col))
                    self._set(table, row, col, Cell(kind, value, tok, v.location, inferred=True), known)
                else:
                    self._set(table, row, col, Cell("blank", None, "", v.location, inferred=True), known)
                    blanks.append(f"「{row.label}」{col.label}" if row.label else col.label)
        row, v = read[0][0], read[0][2]
        runs = " / ".join(x[2].run for x in read)
        name = f"「{row.label}」等 {len(read)} 行" if len(read) > 1 else f"「{row.label}」" if row.label else ""
        self.note("P14", f"表{table.number}{name}只印出数字、看不出各数字所在的列，数字比格数少（空白单元格不占位置）；"
                         f"只有把空白放在{'、'.join(blanks[:5])}{' 等' if len(blanks) > 5 else ''}时勾稽关系才成立"
                         f"（空白按 0 核对），据此读取", v.location,
                  table=table.number, row_label=row.label, row_labels=[x[0].label for x in read],
                  raw=shorten(runs), blanks=blanks, positions_unknown=True,
                  cells=sum(len(x[1]) for x in read), values=sum(len(x[2].run.split()) for x in read))

    def _wrapped_in_cell(self) -> None:
        """Cells whose number a PDF printed over two lines of its borderless cell (pdf.WRAPPED_IN_CELL: "1512" over
        "4"): nothing drawn tells that the upper part filled the cell, so the parts are one number only where the
        row's own totals hold with them joined and not with the upper parts alone (a blank part counted 0); else
        every such cell of the row is unread (P01) — never the upper part alone."""
        by_row: dict = {}
        for key, cell in self.report.cells.items():
            if cell.kind == "unreadable" and cell.raw.startswith(_WRAPPED_IN_CELL_PREFIX):
                by_row.setdefault(key[:2], []).append((key, cell))
        for (number, row_id), cells in by_row.items():
            table = self.report.format.table(number)
            row = table.row(row_id)
            parts = {key[2]: cell.raw[len(_WRAPPED_IN_CELL_PREFIX):].rstrip("）").split("⏎") for key, cell in cells}

            def holds(joined: bool) -> bool:
                value = {}
                for col in table.columns:
                    if col.id in parts:
                        kind, x = parse_value("".join(parts[col.id]) if joined else parts[col.id][0], _unit(row, col))
                    else:
                        got = self.report.cells.get((number, row_id, col.id))
                        kind, x = (got.kind, got.value) if got is not None else ("missing", None)
                    value[col.id] = x if kind == "number" else 0 if kind == "blank" else None
                checked = set()
                for col in table.columns:
                    if col.sum_of and all(x in value for x in col.sum_of):
                        involved = {col.id, *col.sum_of}
                        if not involved & parts.keys():
                            continue
                        xs = [value[x] for x in col.sum_of]
                        if value[col.id] is None or any(x is None for x in xs) or sum(xs) != value[col.id]:
                            return False
                        checked |= involved
                return parts.keys() <= checked

            if holds(True) and not holds(False):
                for key, cell in cells:
                    text = "".join(parts[key[2]])
                    kind, x = parse_value(text, _unit(row, table.column(key[2])))
                    self.report.cells[key] = Cell(kind, x, text, cell.location)
                continue
            for key, cell in cells:
                self.report.cells[key] = Cell("ambiguous", None, cell.raw, cell.location)
            cols = [table.column(k[2]).label for k, _ in cells]
            shown = ["⏎".join(parts[k[2]]) for k, _ in cells]
            self.note("P01", f"表{number}「{row.label}」{'、'.join(cols)} 的数字在无框线的窄单元格内折成两行"
                             f"（{'；'.join(shown[:3])}），连读后本行的勾稽关系不成立或无从核对，无法确定是同一个数，未予采用",
                      cells[0][1].location, table=number, row_label=row.label, raw="；".join(shown), candidates=[],
                      count=0, too_many=False, no_fit=False, cells=len(cells), wrapped_in_cell=True)

    def _cut_by_page(self) -> None:
        """Cells whose number a PDF's page break cut inside its narrow drawn cell and whose parts could not be
        joined for certain (pdf.CUT_BY_PAGE): unread (P01 says which), never a number and no "not a number"."""
        by_row: dict = {}
        for key, cell in self.report.cells.items():
            if cell.kind == "unreadable" and cell.raw.startswith(_CUT_BY_PAGE_PREFIX):
                by_row.setdefault(key[:2], []).append((key, cell))
        for (number, row_id), cells in by_row.items():
            table = self.report.format.table(number)
            row = table.row(row_id)
            parts = [c.raw[len(_CUT_BY_PAGE_PREFIX):].rstrip("）") for _, c in cells]
            for key, cell in cells:
                self.report.cells[key] = Cell("ambiguous", None, cell.raw, cell.location)
            cols = [table.column(k[2]).label for k, _ in cells]
            self.note("P01", f"表{number}「{row.label}」{'、'.join(cols)} 的数字在窄单元格内折行、又被分页截断"
                             f"（{'；'.join(parts[:3])}），上下两部分不能确定是同一个数，未予采用", cells[0][1].location,
                      table=number, row_label=row.label, raw="；".join(parts), candidates=[], count=0,
                      too_many=False, no_fit=False, cells=len(cells), cut_by_page=True)

    def _partly_placed(self, table, row, cols, v: ValueRow, got: list[str | None]) -> None:
        """The cells of a row printed short that the placements the relations leave do not agree on (None in
        ``got``): unread, and said (P01); the others are read by :meth:`_place_read`."""
        unread = [col for tok, col in zip(got, cols) if tok is None]
        for col in unread:
            self.report.cells[(table.number, row.id, col.id)] = Cell("ambiguous", None, v.run, v.location)
        self.note("P01", f"表{table.number}「{row.label}」一格一行，只有 {len(v.run.split())} 个数字"
                         f"（{shorten(v.run)}），比 {len(cols)} 格少；按勾稽关系能放下这些数字的几种方式中，"
                         f"{'、'.join(c.label for c in unread)} 各不相同，这几格未予采用",
                  v.location, table=table.number, row_label=row.label, raw=v.run, candidates=[],
                  count=0, too_many=False, no_fit=True, cells=len(unread), partial=True)

    def _short_cell_lines(self, table, row, cols, v: ValueRow, tokens: list[str]) -> None:
        """Each line one whole cell, fewer lines than cells (an empty cell leaves no line), no placement certain:
        which cells are blank cannot be told, and a value is never split or moved by guess."""
        for col in cols:
            self.report.cells[(table.number, row.id, col.id)] = Cell("ambiguous", None, v.run, v.location)
        self.note("P01", f"表{table.number}「{row.label}」一格一行，只有 {len(tokens)} 个数字"
                         f"（{shorten(v.run)}），比 {len(cols)} 格少，无法确定哪几格空白，未予采用",
                  v.location, table=table.number, row_label=row.label, raw=v.run, candidates=[],
                  count=0, too_many=False, no_fit=True, cells=len(cols), partial=True)

    def _place_by_groups(self, table, short_rows: list[tuple]) -> list[tuple]:
        """Layout rows of a page printed short with no columns known (no header over them: the table goes on
        from the page before): their values stand in groups apart (:func:`gap_columns`), a group one column —
        which, the relations tell when exactly one way of giving the groups to columns in order leaves every
        relation of the table holding (the other rows as read, a blank counting 0) and checks one.  Those rows
        are read (row, columns, value row, a token per column); none where two ways or none are left."""
        by_page: dict[tuple[int, int], list[tuple]] = {}
        for item in short_rows:
            cells = layout_cells(item[2])
            if cells is not None and all(_clean(tok) for tok, _, _ in cells):
                page = bisect.bisect_right(self.raw.page_starts, item[2].location.line or 0)
                by_page.setdefault((len(item[1]), page), []).append(item)
        out: list[tuple] = []
        for (n, _), items in by_page.items():
            spans = [[(at, at + len(tok)) for tok, at, _ in layout_cells(v)] for _, _, v, _ in items]
            groups = _spans_apart([c for r in spans for c in r])
            at = [[next(g for g, (lo, hi) in enumerate(groups) if lo <= a and b <= hi) for a, b in r] for r in spans]
            if len(items) < 2 or len(groups) >= n or any(len(set(r)) < len(r) for r in at) \
                    or math.comb(n, len(groups)) > 64:
                continue
            mine = {x[0].id for x in items}
            rows = []
            for row in table.printed_rows:
                if row.id in mine:
                    continue
                cols = [c.id for c in table.columns_of(row)]
                cells = [self.report.cells.get((table.number, row.id, c)) for c in cols]
                if all(c is not None and c.kind in ("number", "blank", "not_applicable") for c in cells):
                    rows.append((row.id, cols, [str(c.value) if c.kind == "number" else "" if c.kind == "blank"
                                                else None for c in cells]))
            of = set(range(len(rows), len(rows) + len(items)))
            fits = []
            for chosen in itertools.combinations(range(n), len(groups)):
                placed = []
                for (row, cols, v, _), r in zip(items, at):
                    toks = [""] * n
                    for (tok, _, _), g in zip(layout_cells(v), r):
                        toks[chosen[g]] = tok
                    placed.append((row.id, [c.id for c in cols], toks))
                held = _split().relations_hold(table, rows + placed, of)
                if held is not False:
                    fits.append((held, placed))
                    if len(fits) > 1:
                        break
            if len(fits) == 1 and fits[0][0]:
                out += [(row, cols, v, toks) for (row, cols, v, _), (_, _, toks) in zip(items, fits[0][1])]
        return out

    def _place_short_rows(self, table, short_rows: list[tuple], known: dict) -> None:
        """Rows printed with fewer values than cells and no column positions (plain ``pdftotext``, ``-raw``,
        pdfplumber's text: "35 6 124 82 247" for 7 cells): each row's blank cells placed where the relations
        make it certain (:func:`split.rows_with_blanks`, the table's other rows as read, a blank counting 0) —
        a row is read only when exactly one placement of its blanks is left (P14 names them), else it is
        unread (P01) as before."""
        ids = [r.id for r, _, _, _ in short_rows]
        if table.relations and len(set(ids)) == len(ids):
            grouped = self._place_by_groups(table, short_rows)
            if grouped:
                self._place_read(table, grouped, known)
                done = {id(x[2]) for x in grouped}
                short_rows = [x for x in short_rows if id(x[2]) not in done]
                if not short_rows:
                    return
        placed = None
        if table.relations and len(set(ids)) == len(ids):
            short = {r.id: toks for r, _, _, toks in short_rows}
            rows = []
            for row in table.printed_rows:
                cols = [c.id for c in table.columns_of(row)]
                if row.id in short:
                    rows.append((row.id, cols, short[row.id]))
                    continue
                cells = [self.report.cells.get((table.number, row.id, c)) for c in cols]
                if all(c is not None and c.kind in ("number", "blank", "not_applicable") for c in cells):
                    rows.append((row.id, cols, [str(c.value) if c.kind == "number" else None for c in cells]))
            placed = _split().rows_with_blanks(table, rows)
        read = []
        for row, cols, v, toks in short_rows:
            got = [placed.get((row.id, c.id)) for c in cols] if placed else [None]
            if any(tok is None for tok in got):
                if any(tok is not None for tok in got) and v.one_per_line and layout_cells(v) is None:
                    # the relations across the table place some of its cells only: those read, the rest unread
                    read.append((row, cols, v, got))
                elif v.one_per_line and layout_cells(v) is None:
                    self._short_cell_lines(table, row, cols, v, toks)
                else:
                    self._unplaced(table, row, cols, v, _NO_COLUMNS)
            else:
                read.append((row, cols, v, got))
        if read:
            self._place_read(table, read, known)

    def _row_unread(self, table, row, cols, v: ValueRow, run: str, message: str, *, too_many: bool = False,
                    partial: bool = True) -> None:
        """Every cell of ``row`` unread (its printed values ``run`` kept), and the P01 note ``message`` saying why:
        no reading of the values fits, so none is guessed."""
        for col in cols:
            self.report.cells[(table.number, row.id, col.id)] = Cell("ambiguous", None, run, v.location)
        self.note("P01", message, v.location, table=table.number, row_label=row.label, raw=run, candidates=[],
                  count=0, too_many=too_many, no_fit=True, cells=len(cols), partial=partial)

    def _unplaced(self, table, row, cols, v: ValueRow, why: str) -> None:
        """A layout row with blank cells whose printed cells cannot be told to their columns: unread, and why."""
        for col in cols:
            self.report.cells[(table.number, row.id, col.id)] = Cell("ambiguous", None, v.run, v.location)
        count = len(layout_cells(v) or v.run.split())
        self.note("P01", f"表{table.number}「{row.label}」（第{v.location.line}行）只印出 {count} 格（{shorten(v.run)}），"
                         f"比 {len(cols)} 格少（空白单元格不占位置）；{why}，无法确定每个数字属于哪一格，未予采用",
                  v.location, table=table.number, row_label=row.label, raw=v.run, candidates=[], count=0,
                  too_many=False, no_fit=False, cells=len(cols), position=True, why=why, line=v.location.line)

    def _header_units(self, table, matches, vrows, region_units=frozenset()) -> None:
        """Amounts (万元 columns) under a header that prints another unit are converted exactly; under a
        header that prints two different units the cell is left unread (ambiguous, both readings as
        candidates): never a guess.  A cell printing 元 (千元) under a header printing 万元 says two units
        for one number: unread the same way (a larger unit in the cell, "0.001235亿元", is converted).  A conversion that is not a whole number of 分 is
        not trusted: the cell is left unread, with a note naming the unit."""
        for i, row, _ in matches:
            cols = _amount_columns(table, row)
            if not cols:
                continue
            printed = header_amount_units(vrows[i])
            units = printed | set(region_units)
            bare = not units and any(_BARE_YUAN.search(t) for t in _header_texts(vrows[i]))
            detached = _detached_unit(vrows[i]) if cols[-1] is table.columns_of(row)[-1] else ""
            for col in cols:
                key = (table.number, row.id, col.id)
                cell = self.report.cells.get(key)
                if cell is None or cell.kind != "number":
                    continue
                own = _cell_unit(cell)
                if not own and detached and col is cols[-1]:  # "796000 元" split into the number and "元"
                    own = detached
                    value = parse_value(f"{cell.raw}{own}", "万元")[1]
                    cell = self.report.cells[key] = Cell("number", value, f"{cell.raw} {own}", cell.location,
                                                         inferred=cell.inferred)
                if own in ("元", "千元") and units and own not in units:  # "796000 元" under 「（单位：万元）」
                    plain = unicodedata.normalize("NFKC", _CELL_UNIT.sub("", cell.raw.strip())).replace(",", "")
                    readings = sorted({str(cell.value), *(str(_to_10k_yuan(plain.strip(), u)) for u in units)},
                                      key=Decimal)
                    self.report.cells[key] = Cell("ambiguous", None, cell.raw, cell.location, candidates=readings)
                    self.note("P01", f"表{table.number}「{row.label}」的金额印为“{cell.raw}”（单位为{own}），"
                                     f"而列标题的单位是{'、'.join(sorted(units))}，两处单位不一致，"
                                     f"无法确定是 {' 万元还是 '.join(readings)} 万元，未予采用",
                              cell.location, table=table.number, row_label=row.label, raw=cell.raw, unit=own,
                              candidates=readings, line=cell.location.line)
                    continue
                if len(units) == 1 and units != {"万元"}:
                    cell = self.report.cells[key] = _in_header_unit(cell, next(iter(units)))
                    own = own or next(iter(units))
                elif len(units) > 1:  # C07 reports it, with the readings under each printed unit
                    readings = sorted({str(_in_header_unit(cell, u).value) for u in units}, key=Decimal)
                    self.report.cells[key] = Cell("ambiguous", None, cell.raw, cell.location, candidates=readings)
                    if units != printed:  # a unit stated apart from the header: said here, with both units
                        self.note("P01", f"表{table.number}「{row.label}」的金额“{cell.raw}”：表格周围写明的单位有"
                                         f"{'、'.join(sorted(units))}，无法确定是 {' 万元还是 '.join(readings)} 万元，"
                                         f"未予采用", cell.location, table=table.number, row_label=row.label,
                                  raw=cell.raw, unit="、".join(sorted(units)), candidates=readings,
                                  line=cell.location.line)
                    continue
                elif bare and not own:  # "元" printed by the column's name in a way not understood: never 万元
                    readings = sorted({str(cell.value), str(_in_header_unit(cell, "元").value)}, key=Decimal)
                    self.report.cells[key] = Cell("ambiguous", None, cell.raw, cell.location, candidates=readings)
                    self.note("P01", f"表{table.number}「{row.label}」的金额“{cell.raw}”：列标题或表格说明里印有"
                                     f"“元”，单位可能是元而不是万元，无法确定是 {' 万元还是 '.join(readings)} 万元，"
                                     f"未予采用", cell.location, table=table.number, row_label=row.label,
                              raw=cell.raw, unit="元", candidates=readings, line=cell.location.line)
                    continue
                if own and own != "万元" and _finer_than_fen(cell.value):
                    reading = [str(cell.value)]
                    self.report.cells[key] = Cell("ambiguous", None, cell.raw, cell.location, candidates=reading)
                    self.note("P01", f"表{table.number}「{row.label}」的金额“{cell.raw}”以{own}为单位，"
                                     f"换算成万元不是整分（{cell.value} 万元），单位可能有误，未予采用",
                              cell.location, table=table.number, row_label=row.label, raw=cell.raw, unit=own,
                              candidates=reading, line=cell.location.line)

    def _set(self, table, row, col, cell: Cell, known: dict | None = None) -> None:
        """Store a read cell; its number also goes into ``known`` for the glued-run solver."""
        self.report.cells[(table.number, row.id, col.id)] = cell
        if known is not None and cell.kind == "number":
            known[(row.id, col.id)] = cell.value

    def _set_tokens(self, table, row, cols, tokens, location, known=None, inferred=False) -> None:
        """Store one cell per printed token (already one token per column)."""
        for tok, col in zip(tokens, cols):
            kind, value = parse_value(tok, _unit(row, col))
            self._set(table, row, col, Cell(kind, value, tok, location, inferred=inferred), known)

    def _read_by_header(self, table, row, cols, v: ValueRow, positions: dict[str, int], known) -> None:
        """Read a grid row whose cells do not line up one-to-one with the format's columns,
        by the positions of the column labels in the header above it."""
        used = set(positions.values())
        for col in cols:
            pos = positions.get(col.id)
            missing = pos is None or pos >= len(v.grid)
            self._set(table, row, col, Cell("missing") if missing else _cell_from_raw(v.grid[pos], row, col), known)
        first_value = len(v.grid) - len(v.cells)
        extra = [c for i, c in enumerate(v.grid) if i >= first_value and i not in used and not c.spanned
                 and c.text.strip()]
        if extra:
            leaf = header_positions(v.header)
            self.extra_cells(table, row.label, [c.text for c in extra], v.location,
                             columns=sorted({leaf.get(v.grid.index(c), "") for c in extra} - {""}))

    def _solve(self, table, glued, known):
        split = _split()
        split.solve(table, [g for g, _, _ in glued], known)
        inferred: list[dict] = []
        constrained = None  # the rows some relation of the table names (made once, for the first row not read)
        for g, v, row in glued:
            cols = table.columns_of(row)
            if g.chosen is not None:
                self._set_tokens(table, row, cols, g.chosen, v.location, inferred=True)
                inferred.append({"row_label": row.label, "raw": g.run, "values": list(g.chosen),
                                 "line": v.location.line})
            else:
                cands = g.candidates
                if constrained is None:
                    constrained = {r for e in split.equations(table) for r, _ in e.cells}
                for k, col in enumerate(cols):
                    if k in g.certain:  # equal in every reading that fits, blank cells included
                        self._set_tokens(table, row, [col], [g.certain[k]], v.location, inferred=True)
                        continue
                    self.report.cells[(table.number, row.id, col.id)] = Cell(
                        "ambiguous", None, g.run, v.location,
                        candidates=sorted({c[k] or "（空白）" for c in cands}, key=lambda x: (len(x), x))
                        if cands else [])
                if g.blank_too_many and not cands:
                    why = "不含空白单元格的拆分都不满足勾稽关系，含空白单元格的读法过多，无法判断"
                elif g.blank_too_many:
                    why = "不含空白单元格的拆分只有一种满足勾稽关系，但连写的数字不显示空白单元格，含空白的读法过多，无法排除"
                elif g.blank_readings and "" in cands[0]:
                    alt = " / ".join(p or "（空白）" for p in min(g.blank_readings, key=lambda c: c.count("")))
                    why = (f"不含空白单元格的拆分都不满足勾稽关系，含空白单元格的 {len(g.blank_readings)} 种读法"
                           f"（如 {alt}）满足")
                elif g.blank_readings:
                    alt = " / ".join(p or "（空白）" for p in min(g.blank_readings, key=lambda c: c.count("")))
                    kept = f"；各种读法都相同的 {len(g.certain)} 格已采用" if g.certain else ""
                    why = (f"不含空白单元格的拆分（{' / '.join(cands[0])}）满足勾稽关系，但连写的数字不显示空白单元格，"
                           f"含空白单元格的 {len(g.blank_readings)} 种读法（如 {alt}）同样满足{kept}")
                elif g.too_many:
                    why = "可能的拆分过多，无法判断"
                elif g.no_fit:
                    why = "没有一种拆分满足勾稽关系"
                elif row.id not in constrained:
                    why = f"这一行没有可用于核对的勾稽关系，有 {len(cands)} 种拆分"
                else:
                    why = f"有 {len(cands)} 种拆分都满足勾稽关系"
                self.note("P01", f"表{table.number}「{row.label}」的数字连在一起（{shorten(g.run)}），{why}，未予采用",
                          v.location, table=table.number, row_label=row.label, raw=g.run,
                          candidates=[list(c) for c in cands[:10]], count=len(cands), too_many=g.too_many,
                          no_fit=g.no_fit, cells=len(cols), **({"digit_bound": g.digit_bound} if g.digit_bound is not None else {}),
                          blank_readings=[list(c) for c in g.blank_readings[:10]], blank_too_many=g.blank_too_many,
                          certain=[cols[k].label for k in sorted(g.certain)],
                          constrained=row.id in constrained)
        if inferred:
            sample = "；".join(f"「{r['row_label']}」{shorten(r['raw'])} → {' / '.join(map(shorten, r['values']))}"
                              for r in inferred[:3])
            more = f" 等 {len(inferred)} 行" if len(inferred) > 3 else ""
            self.note("P02", f"表{table.number}有 {len(inferred)} 行数字连在一起（如{sample}{more}），"
                             f"已按勾稽关系唯一拆分；这些单元格标为“推断”", glued[0][1].location,
                      table=table.number, rows=inferred)

    def _read_parts(self, table: Table, items, vrows: list[ValueRow], segs=()) -> bool:
        """A one-row table printed as its parts (table 四: five cells each for 行政复议 / 未经复议直接起诉 /
        复议后起诉), each under its own caption (a heading, a header row, or its own label): each part-wide
        row goes to the part its own caption names — a caption serves the one row after it, never a later
        one.  A part-wide row without a caption of its own stays unread (P07).  False when the table is not
        printed so (a row with all its cells, or no captioned part-wide row): the one-row reading applies."""
        def width(v):
            return len(v.cells) if v.cells is not None else len((v.run or "").split())

        if not table.parts:
            return False
        part_width = len(table.parts[0].columns)
        if any(width(v) >= len(table.columns) for v in vrows) or not any(width(v) == part_width for v in vrows):
            return False
        parts: dict[int, ValueRow] = {}
        unplaced: list[ValueRow] = []
        caption: int | None = None
        passed = False  # a caption passed without a row of its own (see _caption_passed)
        head: Segment | None = None  # the caption is the table's header naming every part ("行政复议  行政诉讼")
        for p in items:
            own = table.part(norm(p.label if isinstance(p, ValueRow) else p))
            if not isinstance(p, ValueRow):
                if own is not None:
                    passed = passed or _caption_passed(caption, own)
                    caption = own
                    head = None
                    if _names_every_part(table, p):
                        head = next((s for s in segs if s.kind == "text" and norm(s.text) == norm(p)), None)
                        head = head or Segment("text")  # (its printed line not found: no place to compare)
                continue
            if own is not None and p.blank and width(p) < part_width:
                passed = passed or _caption_passed(caption, own)  # a caption row ("行政复议" and empty cells: a
                caption, head = own, None  # converter's row of a caption spanning the part's table)
                continue
            if width(p) == part_width and p.blank:
                caption = None  # a part printed blank: its caption is served
                continue
            if width(p) != part_width:
                continue
            part = own if own is not None else caption
            if own is None and passed:
                part = None
            if own is None and head is not None and not _row_from_the_left(table, p, head, self._names_at(table, p)):
                part = None  # (under the header of every part, a row whose place cannot be told: unplaced)
            caption, passed, head = None, False, None
            if part is None or part in parts:
                unplaced.append(p)
            else:
                parts[part] = p
        if not parts:
            return False
        row = table.rows[0]
        for part, v in parts.items():
            cols = [table.column(c) for c in table.parts[part].columns]
            if v.cells is not None:
                for raw, col in zip(v.cells, cols):
                    self._set(table, row, col, _cell_from_raw(raw, row, col))
            else:
                self._set_tokens(table, row, cols, v.run.split(), v.location)
        for v in unplaced:
            values = [c.text for c in v.cells] if v.cells is not None else (v.run or "").split()
            self.note("P07", f"表{table.number}中有一行数值（{' '.join(values)}）无法对应到任何行", v.location,
                      table=table.number, label=v.label, values=values)
        header = norm(" ".join(p for p in items if not isinstance(p, ValueRow)))
        left = [k for k in range(len(table.parts)) if k not in parts]
        if left and not unplaced and _names_every_part(table, header):
            # the header prints every part (or names it by its group: "行政复议  行政诉讼"), the row only the first
            # parts' cells ("2\t2\t0\t0\t4" under 15 column labels: a tool printing no empty cells after the last
            # value — tsv, texttable): the parts not printed are blank or lost, which the text does not say —
            # unread, never a missing part (C03's 错误)
            v = next(iter(parts.values()))
            for k in left:
                for c in table.parts[k].columns:
                    self._set(table, row, table.column(c), Cell("ambiguous", None, "", v.location))
            names = "、".join(table.parts[k].name for k in left)
            raw = " ".join(c.text for c in v.cells) if v.cells is not None else (v.run or "")
            self.note("P01", f"表{table.number}表头印了各部分（或它们所属的栏目），数据行只印出前面的格"
                             f"（{shorten(raw)}），{names}的格没有印出（可能是空白单元格），未予采用", v.location,
                      table=table.number, row_label="", raw=raw, candidates=[], count=0, too_many=False, no_fit=False,
                      cells=sum(len(table.parts[k].columns) for k in left), partial=True, unprinted=names,
                      line=v.location.line)
        return True

    def _read_row_start(self, table: Table, row, cols, vrows: list[ValueRow], segs) -> bool:
        """Table 四's one row printed as its first cells only ("2\t2\t0\t0\t4" — a tool printing no empty cells
        after the last value, tsv) under a header printing every part's columns (a 总计 for each) or naming every
        part (by its caption or their group, "行政复议  行政诉讼"): its cells stand
        from the left, each in its column; the cells after them are blank or lost — unread (P01), never missing.
        False when the table is not printed so."""
        rows = [v for v in vrows if not v.blank]
        if len(rows) != 1 or not table.parts:
            return False
        v = rows[0]
        if v.cells is None or v.label.strip() or not 1 <= len(v.cells) < len(cols) \
                or not all(_clean(c.text.strip()) for c in v.cells):
            return False
        if not _header_of_every_part(table, v, segs):
            return False
        raw = " ".join(c.text for c in v.cells)
        if not v.in_columns:
            # values only, apart by tabs: an empty cell may have left no tab (catdoc) — where they stand is not
            # known; unread, the table found (no 错误 for a row missing)
            for col in cols:
                self._set(table, row, col, Cell("ambiguous", None, raw, v.location))
            self.note("P01", f"表{table.number}只印出 {len(v.cells)} 个数字（{shorten(raw)}），比 {len(cols)} 格少，"
                             f"空白单元格可能没有留下分隔符，无法确定各数字所在的列，未予采用", v.location,
                      table=table.number, row_label="", raw=raw, candidates=[], count=0, too_many=False,
                      no_fit=False, cells=len(cols), position=True, line=v.location.line,
                      why="这一行只有数字、没有标签，空白单元格可能没有留下分隔符")
            return True
        self._read_from_the_left(table, row, cols, v, v.cells)
        return True

    def _read_from_the_left(self, table: Table, row, cols, v: ValueRow, cells: list[RawCell]) -> None:
        """A row's ``cells`` standing in their columns from the left, the cells after them not printed (blank or
        lost: the text does not say) — unread (P01 naming them), never missing."""
        for k, col in enumerate(cols):
            self._set(table, row, col, _cell_from_raw(cells[k], row, col) if k < len(cells) else
                      Cell("ambiguous", None, "", v.location))
        raw = " ".join(c.text for c in cells)
        left = "、".join(c.label for c in cols[len(cells):])
        self.note("P01", f"表{table.number}只印出前 {len(cells)} 格（{shorten(raw)}），后面 {len(cols) - len(cells)} 格"
                         f"没有印出（可能是空白单元格），未予采用", v.location, table=table.number, row_label="",
                  raw=raw, candidates=[], count=0, too_many=False, no_fit=False, cells=len(cols) - len(cells),
                  partial=True, unprinted="其余", line=v.location.line, columns=left)

    def _read_one_row_lines(self, table: Table, row, cols, vrows: list[ValueRow]) -> bool:
        """Table 四 printed one cell a line, an empty line pair for each empty cell (odt2txt, mammoth's raw text,
        docx2txt): read when its lines — values and empty cells, up to its last value or with the empty ones after
        it — are exactly its cells (every empty cell printed its line: none can have moved) and each group's 总计 is the
        sum of its four cells (or the group all blank).  False otherwise (the other readings apply)."""
        lined = [v for v in vrows if not v.blank]
        if len(lined) != 1 or lined[0].line_cells is None or lined[0].cells is not None or lined[0].label.strip():
            return False
        v = lined[0]
        # (its lines up to its last value are its cells, or with the empty lines after it exactly so: an empty
        # paragraph after the table — Word's — adds one more empty line pair)
        cells = v.line_cells if len(v.line_cells) == len(cols) else v.line_cells + [""] * v.trailing_blanks
        if len(cells) != len(cols) or "" not in cells or not all(_clean(t) for t in cells if t) \
                or not _padded_sums_hold(cols, cells, blank_groups=True):
            return False
        for tok, col in zip(cells, cols):
            kind, value = parse_value(tok, _unit(row, col)) if tok else ("blank", None)
            self._set(table, row, col, Cell(kind, value, tok, v.location))
        return True

    def _read_scattered_row(self, table: Table, vrows: list[ValueRow]) -> bool:
        """A one-row table (table 四) whose numbers plain text prints over several lines among its header's
        broken words (plain ``pdftotext`` of narrow columns: "结/果/维/持" one character a line, a cell's number
        beside them): every number of the table's region in printed order, exactly one per cell, read so only
        when every relation of the table holds (each group's 总计 the sum of its four cells).  False otherwise:
        the other readings apply."""
        texts = [v for v in vrows if not v.blank]
        if len(texts) < 2 or any(v.cells is not None or not v.run for v in texts):
            return False
        tokens = [(tok, v) for v in texts for tok in v.run.split()]
        cols = table.columns
        if len(tokens) != len(cols) or not table.relations:
            return False
        row = table.rows[0]
        values = {}
        for (tok, _), col in zip(tokens, cols):
            kind, value = parse_value(tok, _unit(row, col))
            if kind != "number":
                return False
            values[(row.id, col.id)] = value
        eqs = _split().equations(table)
        if not eqs or not all(_split().holds(table, eq, lambda r, c: values.get((r, c))) for eq in eqs):
            return False
        for (tok, v), col in zip(tokens, cols):
            self._set_tokens(table, row, [col], [tok], v.location)
        return True

    def _read_one_row(self, table: Table, vrows: list[ValueRow], region_loc: Location, segs=()) -> None:
        row = table.rows[0]
        cols = table.columns
        if self._read_one_row_lines(table, row, cols, vrows):
            return
        cands = [v for v in vrows if (v.cells is not None and len([c for c in v.cells if c.text.strip()]) >= 1
                                      and len(v.cells) >= len(cols) - 5) or v.run]
        # the data row: the one with the most values
        if not cands and self._read_row_start(table, row, cols, vrows, segs):
            return
        if not cands:
            # a grid row under the header with a cell for every column and nothing in any (an office with no case:
            # the row is printed, its cells left empty): the table is read, every cell blank — not a missing row
            blank = [v for v in vrows if v.cells is not None and v.blank and len(v.cells) == len(cols)]
            if blank:
                v = blank[-1]
                for k, col in enumerate(cols):
                    self._set(table, row, col, _cell_from_raw(v.cells[k], row, col))
                return
            header = _header_without_values(table, list(segs))
            if header is not None:  # its header printed in full and no number (a spreadsheet drops the empty row)
                for col in cols:
                    self._set(table, row, col, Cell("blank", None, "", header))
                return
            self.note("P08", f"表{table.number}所在位置已找到，但没有读到任何数值", region_loc, table=table.number)
            return

        def count(v):
            return len(v.cells) if v.cells is not None else len(v.run.split()) + len(v.run)

        # the last row long enough for all 15 cells (else the last candidate)
        _, v = max(enumerate(cands), key=lambda ix: (count(ix[1]) >= len(cols), ix[0]))
        data_rows = [x for x in cands if x is not v]
        if v.cells is not None and not v.in_columns and len(v.cells) < len(cols):
            # fewer values than cells, where they stand not known (a PDF without drawn cells, a group of the
            # table left blank): read from the left they would shift into the blank group's place
            run = " ".join(c.text for c in v.cells)
            for col in cols:
                self._set(table, row, col, Cell("ambiguous", None, run, v.location))
            self.note("P01", f"表{table.number}只有 {len(v.cells)} 个数字（{shorten(run)}），比 {len(cols)} 格少，"
                             f"且无法从版面确定各数字所在的列（可能有整组空白的单元格），未予采用",
                      v.location, table=table.number, row_label="", raw=run, candidates=[],
                      count=0, too_many=False, no_fit=True, cells=len(cols), partial=True, unplaced=True)
        elif v.cells is not None and v.in_columns and v.grid is not None and len(v.cells) < len(cols) \
                and len(cols) <= len(grid := [c for c in v.grid if not c.spanned]) \
                and not _CJK().search(v.label):
            # the row is as wide as the table, its first cells taken for a label that is no words ("| NaN | NaN |
            # … | 1 |", a spreadsheet's empty cells written as text): they are the first columns' cells — read
            # from the first value on, the values would shift into them
            for k, col in enumerate(cols):
                self._set(table, row, col, _cell_from_raw(grid[len(grid) - len(cols) + k], row, col))
        elif v.cells is not None and self.raw.reader == "markdown" and _pieces_beside(vrows, v):
            # "| | | ２ | | | １ |…" / "| ７ １０ | ７ | ２ | １ ３ |…" / "| | | ６ | | | ２ |…": the converter cut the row's
            # numbers, wrapped in narrow cells, over several pipe rows — no one of them is the row
            run = " ".join(c.text.strip() for c in v.cells if c.text.strip())
            for col in cols:
                self._set(table, row, col, Cell("ambiguous", None, run, v.location))
            self.note("P01", f"表{table.number}的数字（{shorten(run)}）可能折行印在上下几行：紧挨着这一行还有只有数字、"
                             f"没有标签的表格行，无法确定每个数字，未予采用",
                      v.location, table=table.number, row_label="", raw=run, candidates=[],
                      count=0, too_many=False, no_fit=True, cells=len(cols), partial=True)
        elif v.cells is not None and self.raw.reader == "markdown" and _filler_among_cells(v.cells, len(cols)):
            # "|1|1|1|0|3||1|1|1||0|3|0||1|…" (19 cells for 15): a converter's pipe row with empty cells where the
            # header had merged ones — its printed cells are the row's when they are exactly its columns and its
            # totals hold, else where each stands is not known (the last 15 cells would shift the numbers)
            printed = [c for c in v.cells if c.text.strip()]
            tokens = [c.text.strip() for c in printed]
            if len(printed) == len(cols) and _padded_sums_hold(cols, tokens, blank_groups=True):
                for c, col in zip(printed, cols):
                    self._set(table, row, col, _cell_from_raw(c, row, col))
            else:
                run = " ".join(tokens)
                self._row_unread(table, row, cols, v, run,
                                 f"表{table.number}印了 {len(v.cells)} 格（{shorten(run)}），比 {len(cols)} 格多，"
                                 f"其中 {len(printed)} 格有数字，无法确定各数字所在的列，未予采用",
                                 too_many=len(printed) > len(cols), partial=len(printed) < len(cols))
        elif v.cells is not None and v.in_columns and len(v.cells) < len(cols) and not v.label.strip() \
                and v.cells[-1].text.strip() and _header_of_every_part(table, v, segs):
            # a row of cells in their columns ending before the table does ("| 2 | 1 | … | 0 |", ten cells of
            # fifteen: a tool printing no empty cell after the last value) under a header printing every part:
            # the cells not printed are blank or lost — unread, never missing (C03's 错误)
            self._read_from_the_left(table, row, cols, v, v.cells)
        elif v.cells is not None:
            cells, extra = _fit_cells(v.cells, len(cols))
            if extra and any(c.text.strip() for c in extra):
                self.extra_cells(table, "", [c.text for c in extra], v.location)
            for k, col in enumerate(cols):
                self._set(table, row, col, _cell_from_raw(cells[k], row, col) if k < len(cells) else Cell("missing"))
        else:
            tokens = v.run.split()
            cells = layout_cells(v)
            below = _digits_below(v, data_rows)
            if below is not None:
                # the next line holds only digits, fewer than the row's numbers, that no row took: the rest of
                # numbers wrapped in narrow cells ("10" over "1" for 101) that the row's totals did not prove
                # (text.py joins those it proves) — the row's numbers may be their upper parts
                self._row_unread(table, row, cols, v, v.run,
                                 f"表{table.number}的数字（{shorten(v.run)}）下一行还有未对应到任何行的数字"
                                 f"（{shorten(below.run)}），可能是窄单元格内折行的数字的后几位，按勾稽关系无法确定"
                                 f"与哪些数字相连，未予采用")
            elif len(tokens) == len(cols) and v.one_per_line and self.raw.reader == "markdown" \
                    and not _padded_sums_hold(cols, tokens, blank_groups=True):
                # a converter's Markdown printing the table's numbers one per paragraph (pymupdf4llm of a PDF whose
                # cells are drawn in another order than read), the totals not holding in that order: the order is
                # not the columns'
                self._row_unread(table, row, cols, v, v.run,
                                 f"表{table.number}的 {len(tokens)} 个数字一格一段（{shorten(v.run)}），按印出的次序"
                                 f"总计不等于各项之和，可能是转换时各格的次序被打乱，无法确定每个数字属于哪一格，未予采用")
            elif len(tokens) == len(cols):
                self._set_tokens(table, row, cols, tokens, v.location)
            elif (cells is not None and 1 < len(cells) == len(tokens) < len(cols) and not v.label.strip()
                  and all(_clean(tok) for tok in tokens) and self._place_one_row(table, row, cols, v, tokens)):
                pass  # a line of whole values, fewer than cells: placed where the relations make it certain
            else:
                self._solve(table, [(_split().GluedRow(row.id, tuple(c.id for c in cols), v.run), v, row)], {})
        for x in data_rows:
            if x.blank:
                continue
            values = [c.text for c in x.cells] if x.cells is not None else x.run.split()
            self.note("P07", f"表{table.number}中有一行数值（{' '.join(values)}）无法对应到任何行", x.location,
                      table=table.number, label=x.label, values=values)

    def _check_label(self, table, row, v: ValueRow) -> None:
        """P05 when the printed label differs from the official one (beyond spaces/brackets)."""
        keys = _official_keys(row)
        if v.label_cells:
            texts = [c.text for c in v.label_cells]
        elif v.label.strip():
            texts = [v.label]
        else:
            return
        own = norm(v.label)
        if any(k and k in own for k in keys):
            return  # contained (what the scorer below says of it first, without the text around it)
        around = _TextScorer(norm(v.prev_text) + own + norm(v.next_text))
        if any(around.under(k, 0.95) >= 0.95 for k in keys):
            return  # contained, or wrapped around other fragments (layout text) but complete
        # the cell of this row's own label (the one scoring best), compared with the official label
        best_text = max(texts, key=lambda t: max(label_score(k, norm(t)) for k in keys))
        self.note("P05", f"表{table.number}行标签「{clean(best_text)}」与格式规定的「{row.label}」不一致",
                  v.location, table=table.number, official=row.label, printed=clean(best_text))

    def _check_columns(self, table: Table, items) -> None:
        header = norm(" ".join(p for p in items if isinstance(p, str)))
        header += "".join(norm(c.text) for p in items if isinstance(p, ValueRow) for c in p.label_cells)
        if not header:
            return
        scorer = _TextScorer(header)
        for official in table.group_labels:
            group = norm(official)
            if group in header:
                continue
            # a vertical group label printed around another row's label on the same line of a PDF's text
            # ("三、本年度办理 （三）不予公开结果") is the official label once that row's label is taken out
            # (made only for a group label the header does not hold as it is)
            bare = header
            for r in table.rows:
                key = norm(r.label)
                if key and key != group:
                    bare = bare.replace(key, "")
            if group in bare or scorer.under(group, 0.6) < 0.6:
                continue  # (tested before the printed fragment is looked for: the note needs both)
            printed = _closest_fragment(items, group)
            if printed and label_score(group, norm(printed)) > 0.6:
                # (a label scattered in pieces — PDF-converted text — has no one printed form to quote)
                self.note("P05", f"表{table.number}行标签「{printed}」与格式规定的「{official}」不一致",
                          self.report.tables_found.get(table.number, Location()), table=table.number,
                          official=official, printed=printed)
        if _one_header(table):
            at = None
            for col in table.columns:
                key = norm(col.label)
                if scorer.under(key, 0.6) < 0.6 and not _scattered_in(key, header):
                    at = at or _header_location(items, table) or self.report.tables_found.get(table.number, Location())
                    self.note("P05", f"表{table.number}表头缺少「{col.label}」列", at,
                              table=table.number, official=col.label, printed="")

    # ------------------------------------------------------------------ whole document
    def run(self, all_text: str | None = None) -> AnnualReport:
        """``all_text``: :func:`document_text` of the document, when the caller has it."""
        raw = self.raw
        rep = self.report
        if all_text is None:
            all_text = document_text(raw)
        fmt_id, found19, found21 = detect_format(all_text)
        rep.format_id = fmt_id
        fmt = rep.format
        raw.blocks, turned = upright_tables(raw.blocks, fmt)  # table 三 or 四 printed with rows and columns swapped
        raw.blocks, unjoined = join_column_halves(raw.blocks, fmt)  # a wide table printed as two (续表)
        segs = segment(raw, fmt)
        for why, location in unjoined:
            self.note("P17", why, location)
        for number, first, by_order in turned:
            what = "申请人类型为行、格式的各行为列" if number == "三" else "每行一项结果及其数字"
            how = ("各行只印出结果、分组（行政复议、行政诉讼……）印在表格之外，已按格式的顺序对应各列后读取" if by_order
                   else "已转回格式的行列后读取")
            self.note("P20", f"表{number}行列互换印出（{what}），{how}", first.location,
                      table=number, row=first.text, by_order=by_order)
        table_sections = {t.number for t in fmt.tables}
        chosen = {t.number: _table_region(segs, t, fmt) for t in fmt.tables}
        # sections and preamble
        current = None
        placed: dict[int, tuple[SectionText, tuple]] = {}  # segment → the section paragraph it became
        for i, s in enumerate(segs):
            if s.kind == "heading":
                current = SectionText(s.number, s.text, s.location)
                rep.sections[s.number] = current
            elif s.kind == "appendix":  # its table's title again: what follows is its section's
                current = rep.sections.get(s.number, current)
            elif current is None:
                rep.preamble.append((s.text, s.location))
            elif current.number in table_sections and not _is_prose(s) \
                    and _within(i, chosen.get(current.number) or (0, len(segs))):
                continue  # a table line: its content is in the cells, not in the narrative
            else:
                current.paragraphs.append((s.text, s.location))
                placed[i] = (current, current.paragraphs[-1])
        _end_before_site_chrome(rep, fmt)
        self._identity(segs)
        revisions = raw.meta.get("revisions") or {}
        if revisions.get("insertions") or revisions.get("deletions"):
            self.note("P11", f"文档中还有未接受的修订：插入 {revisions.get('insertions', 0)} 处、删除 "
                             f"{revisions.get('deletions', 0)} 处；已按全部接受后的文字读取", Location(raw.source),
                      insertions=revisions.get("insertions", 0), deletions=revisions.get("deletions", 0))
        broken = raw.meta.get("broken_utf8_lines") or []
        if broken:
            shown = "、".join(str(n) for n in broken[:8]) + (" 等" if len(broken) > 8 else "")
            self.note("P15", f"文件是 UTF-8 编码，但有 {len(broken)} 行含不完整的多字节字符（第 {shown} 行：转换工具按字节"
                             f"截断了汉字），已替换为“\ufffd”继续读取；含“\ufffd”的单元格不读取",
                      Location(raw.source, line=broken[0], where=f"第{broken[0]}行"), count=len(broken),
                      lines=broken[:2000])
        if raw.meta.get("nuls_removed"):
            self.note("P19", f"文本文件{raw.meta['nuls_removed']}（可能是 PDF 转文本工具的输出），已去掉后读取",
                      Location(raw.source), how=raw.meta["nuls_removed"])
        uncomputed = raw.meta.get("uncomputed_formulas") or []
        computed = raw.meta.get("computed_formulas") or []
        if uncomputed or computed:
            said = []
            if computed:
                said.append(f"{len(computed)} 个已按公式算出其值读取（如{computed[0]}）")
            if uncomputed:
                said.append(f"{len(uncomputed)} 个无法按公式计算，读作“{FORMULA_NOT_COMPUTED}”（如{uncomputed[0]}）")
            what = ("公式，工作簿要求打开时全部重新计算，其中保存的结果不是显示的数" if raw.meta.get("stale_formula_results")
                    else "没有保存计算结果的公式")
            self.note("P13", f"有 {len(uncomputed) + len(computed)} 个单元格是{what}：{'；'.join(said)}；"
                             f"请在 Excel 或 WPS 中打开、重新计算并保存后再读取",
                      Location(raw.source, where=(uncomputed or computed)[0]), count=len(uncomputed),
                      cells=uncomputed[:20], computed=len(computed), computed_cells=computed[:20],
                      stale=bool(raw.meta.get("stale_formula_results")))
        clipped = raw.meta.get("clipped_text") or []
        if clipped:
            page, text = clipped[0]
            self.note("P16", f"PDF 中有 {len(clipped)} 个数字被页面边缘截去了一部分（如第{page}页的“{text}”：表格比纸宽，"
                             f"超出页面的部分没有印出），这些数字未读取", Location(raw.source, page=page),
                      count=len(clipped), items=[{"page": p, "text": t} for p, t in clipped[:20]])
        if raw.meta.get("lost_shapes"):  # (readers/legacy.py: an RTF keeping a text box only as an empty field)
            self.note("P18", f"文件中有 {raw.meta['lost_shapes']} 个文本框或图形只剩空的占位（SHAPE 域），其中的文字和表格"
                             f"没有保存在文件里（另存为 RTF 时丢失），无法读取；请提供原始的 Word（.docx）文件",
                      Location(raw.source), count=raw.meta["lost_shapes"])
        if rep.predates_formats:
            # 2018 or earlier: before the national formats, no table of theirs is in the document;
            # its numbers ("受理审批事项117件") are prose, never cells (the auditor says so, F07)
            rep.ensure_all_cells()
            return rep
        # tables
        regions = _table_regions(segs)
        for table in fmt.tables:
            region = chosen[table.number]
            if region is None:
                continue
            a, b = region
            part = segs[a:b]
            if not any(s.kind in ("row", "text") for s in part):
                continue
            head = segs[a - 1] if a > 0 and segs[a - 1].kind == "heading" else part[0]
            items = value_rows(part)
            if not any(isinstance(p, ValueRow) for p in items):
                header = _header_without_values(table, part)
                if header is not None:  # the table's header printed, its one row with no number: blank cells
                    rep.tables_found[table.number] = head.location
                    for col in table.columns:
                        self._set(table, table.rows[0], col, Cell("blank", None, "", header))
                continue  # the heading exists but no table: the auditor reports the missing table
            rep.tables_found[table.number] = head.location
            self.read_table(table, part, head.location, items)
            if region != regions.get(table.number):
                # found by its labels inside another section (an appendix after 六 under titles of its own),
                # or under its title again: its lines are that table's, not the section's narrative
                for i in range(a, b):
                    if i in placed and not _is_prose(segs[i]):
                        section, para = placed.pop(i)
                        section.paragraphs = [x for x in section.paragraphs if x is not para]
        self.flush_extra()
        self._wrapped_in_cell()
        self._cut_by_page()
        rep.ensure_all_cells()
        self._second_copy()
        if found19 and found21:
            self.note("P05", f"文中同时出现2019年试行格式的标签（{'、'.join(found19)}）和2021年格式的标签"
                             f"（{'、'.join(found21)}），按{fmt.document}读取", Location(raw.source),
                      table="二", official="", printed="、".join(found19 if fmt_id == "2021" else found21))
        return rep

    def _second_copy(self) -> None:
        """A second report or a second table 三 after the first report's last sections (two reports
        pasted into one file, a corrected table appended): only the first was read, so say so (P09)
        rather than let the second copy pass as narrative."""
        rep = self.report
        first_row = norm(rep.format.table("三").printed_rows[0].label)  # 一、本年新收政府信息公开申请数量
        for number in ("五", "六"):
            section = rep.sections.get(number)
            if section is None:
                continue
            for text, loc in section.paragraphs:
                t = norm(text)
                what = ("表三" if first_row in t or (norm("本年新收") in t and re.search(r"\d", t))
                        else "报告" if t.startswith(norm(rep.format.sections[0].title)) else "")
                if what:
                    self.note("P09", f"第{number}部分中又出现{what}的内容（{loc.where or '位置不详'}），只读取了第一份",
                              loc, section=number, what=what, text=text[:80])
                    return

    def _identity(self, segs: list[Segment]) -> None:
        rep = self.report
        # the first title-like text: the file's own title (HTML <title>, crawler header, DOCX
        # properties) only when it reads like a report title, else the preamble's first such line
        title = ""
        lines = [_digits_together(clean(text)) for text, _ in rep.preamble[:30]]
        # a title wrapped over two lines (a PDF's "2024 年上海市科委政府信息公开工作" / "年度报告")
        # (or anywhere: "…政府信息公开工作年" / "度报告")
        joined = [a + b for a, b in zip(lines, lines[1:])
                  if re.search(r"20\d\d\s*年", a) and "报告" not in a and len(a) <= 40 and len(b) <= 12
                  and "。" not in b and re.search(r"(年度报告|年报)$", re.sub(r"\s+", "", a + b))]
        # a title naming its year first (site chrome — a clock, a column called "政府信息公开年报" — has none),
        # else the first title-like text; the lines after the first naming its year are not looked at
        first = ""
        for t in [_digits_together(clean(self.raw.title))] + joined + lines:
            c = _title_part(t)
            if c and _TITLE_YEAR.search(_cn_years(c)):
                title = c
                break
            first = first or c
        else:
            title = first
        rep.title = title
        m = _TITLE_YEAR.search(_cn_years(title))  # "二〇二二年" as "2022年": same length, same positions
        if m:
            rep.year = int(m.group(1))
            rep.agency = _agency_part(title[:m.start()])
            if not rep.agency:  # "2019年上海市人民政府办公厅政府信息公开工作年度报告"
                rest = re.sub(r"^\s*度?", "", title[m.end():])
                rep.agency = _agency_part(rest)
        else:
            m = re.search(r"统计(?:期限|周期|时限|区间|时间)[^。]*?(20\d\d)\s*年\s*1\s*月\s*1\s*日",
                          _digits_together(rep.full_text))
            if m:
                rep.year = int(m.group(1))
        if not rep.agency and title:
            # the agency printed on its own line above the title ("淮安市人民政府" /
            # "2024 年政府信息公开工作年度报告")
            texts = [clean(t) for t, _ in rep.preamble[:8]]
            if title in texts:
                k = texts.index(title)
                if k > 0 and len(texts[k - 1]) <= 30 and _AGENCY_END().search(texts[k - 1]) \
                        and "报告" not in texts[k - 1]:
                    rep.agency = texts[k - 1]


_TITLE_YEAR = re.compile(r"(20\d\d)\s*年(?!\s*\d{1,2}\s*月)")  # a year, not a date (a page's clock)
_TITLE_SEPARATORS = re.compile(r"\s*(?:>|»|＞|›|\||｜|_|——|\s-\s|当前位置[:：]?)\s*")


_CN_YEAR = lazy_pattern(r"[二][〇零○Ｏ0][〇零○Ｏ0一二三四五六七八九][〇零○Ｏ0一二三四五六七八九](?=\s*年)")
_CN_DIGIT = {**{ch: "0" for ch in "〇零○Ｏ0"}, **{ch: str(k) for k, ch in enumerate("一二三四五六七八九", 1)}, "二": "2"}


def _scattered_in(key: str, text: str) -> bool:
    """The characters of ``key`` stand in ``text`` in their order within a stretch of a few times its length:
    a header printed one character a line, its narrow cells read across ("自 商 科 / 然 业 研 / 人 企 机"), where
    no two characters of a label stand together."""
    if not key:
        return False
    reach = 8 * len(key)
    start = text.find(key[0])
    while start >= 0:
        at, ok = start, True
        for ch in key[1:]:
            at = text.find(ch, at + 1, start + reach)
            if at < 0:
                ok = False
                break
        if ok:
            return True
        start = text.find(key[0], start + 1)
    return False


def _header_location(items, table: Table) -> Location | None:
    """Where a table's header is printed: the first piece before its first row of values that names one of its
    columns (the header may be spread over several lines), or None."""
    for p in items:
        if isinstance(p, ValueRow):
            break
        where = getattr(p, "location", None)
        if where is not None and any(label_score(norm(c.label), norm(p)) >= 0.6 for c in table.columns):
            return where
    return None


def _cn_years(text: str) -> str:
    """A year written in Chinese numerals ("二〇二二年") in digits ("2022年"): four characters for four."""
    if "年" not in text or "二" not in text:  # (every such year starts with 二)
        return text
    return _CN_YEAR().sub(lambda m: "".join(_CN_DIGIT[ch] for ch in m.group(0)), text)


_AGENCY_STOP = re.compile(r"关于|政府信息公开工作|政府信息公开年|政务公开工作|政务公开年|信息公开工作|年度报告|年报")


def _agency_part(text: str) -> str:
    """The agency in the part of a title around its year: up to "关于", "政府信息公开…", "年度报告" (a title
    printing its year at the end: "…政府信息公开工作年度报告（2022年度）"), without a bracket left open."""
    m = _AGENCY_STOP.search(text)
    agency = text[:m.start()] if m else text
    if m and agency.endswith("人民") and text[m.start():].startswith("政府信息"):
        agency += "政府"  # "…县人民政府信息公开工作…": the agency's 政府 is also the start of 政府信息公开
    return clean(re.sub(r"[\s（(【\[〔“\"的_—-]+$", "", agency))


def _digits_together(text: str) -> str:
    """Digits a PDF's text spaced out ("2 0 2 4 年度") written together."""
    return re.sub(r"(?<=\d) (?=\d)", "", text) if " " in text else text


def _title_part(text: str) -> str:
    """The report title in a line that may carry a web page's chrome around it (a breadcrumb
    "首页 > 政务公开 > …年度报告", a page title "…年度报告_某某网"): the part naming the report,
    or "" when the line names none (or is too long to be a title)."""
    compact = re.sub(r"\s+", "", text)
    if "年度报告" not in compact and "年报" not in compact:
        return ""
    if mostly_latin(compact):
        return ""  # a line written mostly in Latin letters (a command "gongkai audit 2024年报.html --previous …")
    text = _EMPHASIS().sub(r"\2", _MARKUP_PREFIX().sub("", _MARKUP_SUFFIX().sub("", text)))
    parts = [clean(p) for p in _TITLE_SEPARATORS.split(text) if p.strip()]
    named = [p for p in parts if len(p) <= 80 and any(w in re.sub(r"\s+", "", p) for w in ("年度报告", "年报"))]
    found = next((p for p in named if _TITLE_YEAR.search(p)), None)
    if found is None:  # a title run into a page's index line ("…浏览次数：1024某某县人民政府2024年…年度报告")
        m = _TITLE_SPAN().search(_cn_years(text))
        if m:
            return clean(text[m.start():m.end()])
    return found or (named[0] if named else "")


#: what a lightweight markup or an e-mail puts before a title line: a heading's marks (Org "* ", AsciiDoc "== ",
#: Markdown "# ", a list's "- "), a mail header ("Subject: ", "主题：", with any "Re:"/"Fwd:"/"转发：" after it)
_MARKUP_PREFIX = lazy_pattern(r"^\s*(?:(?:[*=#]{1,6}|[-+])\s+|(?:Subject|Title|主\s*题|标\s*题)\s*[:：]\s*"
                              r"(?:(?:Re|Fwd?|Fw|回复|转发)\s*[:：]\s*)*)")
#: a heading's closing marks (AsciiDoc "== … ==", Markdown "# … #")
_MARKUP_SUFFIX = lazy_pattern(r"\s+[=#]{1,6}\s*$")
#: a whole line set in bold or italics by a lightweight markup (reStructuredText/Markdown "**…**", Org/AsciiDoc
#: "*…*", "__…__"): the marks are not the title's
_EMPHASIS = lazy_pattern(r"^\s*(\*{1,2}|_{1,2})(\S(?:.*\S)?)\1\s*$")
#: a report title inside a longer line: an agency's name (no punctuation, no digits), a year (a PDF's text spaces
#: it: "宁远市民政局 2025 年…"), the report's name
_TITLE_SPAN = lazy_pattern(r"[\u4e00-\u9fff（）()]{2,40}?\s?20\d\d\s*年度?\s?[\u4e00-\u9fff（）()、]{0,30}?(?:年度报告|年报)")


def _is_prose(s: Segment) -> bool:
    """A paragraph of sentences (kept as narrative) rather than a table line: a text block
    with a full stop and no table values in it."""
    if s.kind != "text" or "。" not in s.text:
        return False
    return not any(isinstance(p, ValueRow) and len((p.run or "").split()) > 1 or
                   isinstance(p, ValueRow) and p.run and len(p.run) > 4
                   for p in pieces_from_text(s.text, s.location))


_AGENCY_END = lazy_pattern(r"(人民政府|政府|局|委员会|委|办公室|办公厅|办|管委会|管理委员会|办事处|乡|镇|街道|厅|院|署|中心)$")


#: rows of one table that are not the format's, noted one by one up to this many (then one note for the rest)
MAX_ROW_NOTES = 20


def map_document(raw: RawDocument, text: str | None = None) -> AnnualReport:
    """Map a reader's blocks onto the format; returns the :class:`AnnualReport` with every
    cell of the format (``missing`` where the document lacks it) and reading notes.  The cyclic garbage
    collector is paused meanwhile (:func:`~gongkai.readers.base.collector_paused`: the mapping's objects form
    no cycles).  ``text``: :func:`document_text` of ``raw`` when the caller has it already."""
    with collector_paused():
        if text is None:
            text = document_text(raw)
        if _fold_radicals(raw, text):
            text = document_text(raw)
        return _Reader(raw).run(text)


def document_text(raw: RawDocument) -> str:
    """The text of every block of the document, one block a line (a row's cells apart by spaces)."""
    return "\n".join([b.text for b in raw.blocks])


def _fold_radicals(raw: RawDocument, text: str) -> bool:
    """Every text of the document with CJK radicals written as ideographs (:func:`textutil.fold_radicals`:
    "⼀、总体情况" is the heading "一、总体情况", "六⼗七件" sixty-seven), before anything is matched.  ``text``: the
    document's text (:func:`document_text`) — without a radical (most documents), no block is looked at.  True
    when a block's text changed."""
    raw.title = fold_radicals(raw.title)
    if fold_radicals(text) is text:  # (it gives back the very text that has none; a cell's text is in it)
        return False
    for b in raw.blocks:
        if isinstance(b, RowBlock):
            # (a row's texts searched once, joined: fold_radicals gives back the very text that has none)
            joined = "".join([c.text for c in b.cells])
            if fold_radicals(joined) is not joined:
                for c in b.cells:
                    c.text = fold_radicals(c.text)
        else:
            b.text = fold_radicals(b.text)
    return True


def _closest_fragment(items, key: str) -> str:
    best, best_s = "", 0.0
    matcher = _matcher(key) if len(key) >= 2 else None  # (a one-character label has no pair to bound it by)
    for p in items:
        texts = [p] if isinstance(p, str) else [c.text for c in p.label_cells] or [p.label]
        for t in texts:
            text = norm(t)
            if matcher is not None and matcher.bound_in(text) <= best_s:
                continue  # (the bound of label_score: it cannot beat the best)
            s = label_score(key, text)
            if s > best_s:
                best, best_s = clean(t), s
    return best

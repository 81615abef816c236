"""Plain-text reader: text pasted from a web page, a crawler's text export, or ``pdftotext -layout``.

The reader only decodes and cuts the text into lines; it knows nothing about the format.
A line holding tab characters is a table row copied from a web table (the seed): it
becomes a :class:`RowBlock` whose cells are the tab-separated fields, empty ones kept — unless the file's
tabs stand for spaces (space-aligned columns saved by an editor: a field holds a value after spaces), then
tabs are expanded (stops every 8 characters) and the lines read as space-aligned text.
Every other line is a :class:`TextBlock`; the mapper finds labels and numbers inside
it (space-aligned columns of ``pdftotext -layout``, or whole tables glued into one line
by a web page's text export).

A crawler header (``标题: …`` / ``发布时间: …`` lines before ``==== 正文 ====``) is read
into ``RawDocument.meta`` (``title``, ``published``) and not treated as report text.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations, product

from ..format import FORMATS
from ..report import Location
from ..textutil import PAGE_NUMBER, is_value_text, lazy_pattern, norm
from . import word_boxes  # pdftotext -tsv: a table of the words of a PDF with their boxes
from .aligned_text import aligned_rows
from .asciidoc import asciidoc_tables
from .base import RawCell, RawDocument, ReadError, RowBlock, TextBlock
from .grid_text import grid_tables, might_have_grid, read_grid
from .nul_text import without_nuls
from .spaced_digits import digits_one_a_line, joined_digits
from .unit_cells import counts_without_units
from .pipes import is_delimiter_row, split_pipe_row
from .ruler import ruler_rows
from .wiki import might_have_wiki_table, wiki_tables

MAX_BYTES = 20 * 1024 * 1024

_META = re.compile(r"^\s*(标题|发布时间|发布日期|成文日期|文号|发布机构|原文链接|栏目)\s*[:：]\s*(.*)$")
_BODY_MARK = re.compile(r"^\s*=+\s*正文\s*=+\s*$")
_META_KEYS = {"标题": "title", "发布时间": "published", "发布日期": "published", "成文日期": "written",
              "文号": "document_number", "发布机构": "publisher", "原文链接": "url", "栏目": "column"}


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM; mostly UTF-8 with a few broken sequences: :func:`mostly_utf8`),
    UTF-16 with BOM, or GB18030 (⊇ GBK/GB2312).

    Raises ReadError when none fits or the data is binary.
    """
    if len(data) > MAX_BYTES:
        raise ReadError(source, f"文件过大（{len(data) // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）")
    if data.startswith(b"\xef\xbb\xbf"):  # declared UTF-8: a broken sequence is a U+FFFD (noted by the reader)
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ReadError(source, f"文件以 UTF-16 字节序标记开头，但第 {e.start + 1} 个字节起无法按 UTF-16 解码"
                                    f"（文件可能被截断）") from None
    if b"\x00" in data[:4096]:
        raise ReadError(source, "文件不是文本（含二进制内容），请确认文件类型")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    damaged = mostly_utf8(data)
    if damaged is not None:
        return damaged
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    raise ReadError(source, "无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）")


#: UTF-8 with a few broken sequences: at least this many well-formed non-ASCII characters per broken one (text in
#: GBK/GB18030 read as UTF-8 gives fewer than 0.4 per broken one once it has 20; a byte-oriented tool's output
#: cut at byte widths, html2text's, about 11)
UTF8_CHARS_PER_BROKEN = 2
UTF8_MIN_CHARS = 20


def mostly_utf8(data: bytes) -> str | None:
    """The text of ``data`` when it is UTF-8 except for a few broken sequences (a byte-oriented tool cut
    multi-byte characters at its column widths: ``html2text``), each broken sequence a U+FFFD; None when the
    bytes are not mostly UTF-8 (GBK, GB18030 …).  UTF-8 resynchronises at the next character, so no character
    is ever read as another: what is lost is only where a U+FFFD stands."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    chars = sum(1 for ch in text if ch > "\x7f") - broken
    return text if chars >= UTF8_MIN_CHARS and chars >= UTF8_CHARS_PER_BROKEN * broken else None


def _overflow(lines: list[str], i: int) -> str:
    """The text after the last "|" of row ``i`` when it is not a cell but a cell's text spilled past the row
    (html2text cuts cells at byte widths, a wrapped label's rest lands after the row: "|132�|�信息公开申请"):
    the row does not end with "|" and a row beside it, ending with "|", has as many "|" — else ""."""
    line = lines[i].rstrip()
    if line.endswith("|"):
        return ""
    n = line.count("|")
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines) and lines[j].rstrip().endswith("|") and lines[j].count("|") == n \
                and lines[j].lstrip().startswith("|"):
            return line[line.rindex("|") + 1:]
    return ""


_TERMINATED_ROW = re.compile(r"^\s*[^|\s][^|]*\|(?:.*\|)?\s*$")  # "行政复议|行政诉讼|…|": no bar before the first cell


def _pipes_terminate_cells(lines: list[str]) -> bool:
    """Rows whose every cell is followed by a "|" and none preceded by one (striprtf's text of an RTF table:
    "四、结转下年度继续办理|0|0|||0|0|0|"): then a row starting with "|" starts with an empty cell
    ("|||||1||||1||||||" is five empty cells, then 1 under 未经复议直接起诉/结果维持), not with an outer bar.  True when
    two such rows stand in the text or more, and every row starting with "|" also ends with one."""
    found = 0
    for line in lines:
        s = line.strip()
        if not s or "|" not in s:
            continue
        if s.startswith("|"):
            if not s.endswith("|") or is_delimiter_like(s):
                return False
        elif _TERMINATED_ROW.match(s):
            found += 1
        elif s.count("|") >= 2:
            return False  # a row without outer bars ("a | b | c"): Markdown, not cells each followed by a bar
    return found >= 2


def is_delimiter_like(s: str) -> bool:
    """A Markdown delimiter row ("|---|:--:|"): the text is Markdown."""
    return set(s) <= set("|-: ") and "-" in s


def _strict_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_PIPE_LINE = re.compile(r"^\s*\|.*\|\s*$")
_OPEN_PIPE_LINE = re.compile(r"^\s*\|[^|]*\|[^|]*\|")  # three pipes from the line's start, the last not closing it
_COLUMNS = re.compile(r"\S\s{3,}\S")  # space-aligned columns of pdftotext -layout: a table line
_SENTENCE_MARKS = frozenset("，、“”‘’（）《》〈〉%．.")


def _ends_inside_sentence(body: str) -> bool:
    """The last character of ``body`` (stripped, not empty) is a CJK ideograph, an ASCII letter or digit, or a
    mark inside a sentence (，、“”…).  A comparison, not the character class ``[\u4e00-\u9fff，、…]$``: compiling
    the ideographs' range costs a cold start of ``gongkai audit`` two milliseconds."""
    c = body[-1]
    return ("\u4e00" <= c <= "\u9fff" or c in _SENTENCE_MARKS or "0" <= c <= "9" or "A" <= c <= "Z"
            or "a" <= c <= "z")


def _is_prose(line: str) -> bool:
    """A line of running text (not a table line): no space-aligned columns, not a row of words one space apart
    (a header "信息内容 本年制发件数 本年废止件数" of a table printed with single spaces), ends inside a sentence."""
    body = line.strip()
    # (the cheap tests first; _ROW_TAIL only for a line ending in a digit, comma or point — it can end no other)
    return (bool(body) and _ends_inside_sentence(body) and not _COLUMNS.search(body) and not _spaced_words(body)
            and not _VALUES_ONLY.fullmatch(body) and not (body[-1] in _ROW_TAIL_END and _ROW_TAIL.search(body))
            and not _mail_header(body))


#: an e-mail's header line ("Date: Mon, 6 Jan 2025 09:00:00 +0800", "Subject: …", "发件人：…"): a line of its own,
#: never a paragraph going on below it nor the end of one above it
_MAIL_HEADER = lazy_pattern(r"(?:From|To|Cc|Bcc|Date|Subject|Sent|Reply-To|发件人|收件人|抄送|日期|发送时间|主题)\s*[:：]\s*\S")


def _mail_header(body: str) -> bool:
    return (":" in body[:12] or "：" in body[:12]) and bool(_MAIL_HEADER().match(body))


#: a line of two or more values and nothing else ("41 6 3 5 55 12 2 1 4 19 3 1 0 2 6": a table row printed with
#: single spaces, pdftotext -layout of a narrow table): a row of cells, never a sentence going on below
_VALUES_ONLY = re.compile(r"(?:[0-9０-９][0-9０-９,，.．]*|/|-|—)(?:\s+(?:[0-9０-９][0-9０-９,，.．]*|/|-|—))+")
#: a label then two or more values one space apart at the end of the line ("二、上年结转政府信息公开申请数量 5 4 9":
#: a table row as ``pdftotext -raw`` prints it): a row of cells, not a sentence going on on the next line
_ROW_TAIL = re.compile(r"[^\s0-9,.]\s*(?:[0-9][0-9,.]*\s+)+[0-9][0-9,.]*$")
_ROW_TAIL_END = frozenset("0123456789,.")  # the last character of every line _ROW_TAIL finds
#: a line that starts a sentence with a year ("2023年，本机关…"): its digits are not the end of a number that
#: the line before broke off
_STARTS_WITH_YEAR = re.compile(r"(?:19|20)\d\d\s*年")


def _spaced_words(body: str) -> bool:
    """Three or more words of two or more characters, one space apart, no sentence punctuation: the cells of a
    table line (running Chinese text has no spaces between its words; letter-spaced text has words of one)."""
    words = body.split()
    return (len(words) >= 3 and all(len(w) >= 2 for w in words)
            and not any(m in body for m in "，。；：！？"))


_ONE_NUMBER = lazy_pattern(r"^[0-9０-９][0-9０-９,，.．]*$")


def _continues(line: str) -> bool:
    """The line goes on the previous paragraph: it starts at the margin and is running text — not a lone
    number (a table printed one cell per line, after a label as long as a line of prose)."""
    return (not line[:1].isspace() and not _COLUMNS.search(line.strip()) and not _ONE_NUMBER().match(line.strip())
            and not _mail_header(line))


def _full_width(lines: list[str]) -> int:
    """The width (characters) of a full line of wrapped prose in this file, 0 when the file's
    paragraphs are not wrapped (each paragraph one line, as pasted from a web page)."""
    widths = sorted(len(x.strip()) for x in lines if x.strip() and "\t" not in x and not _COLUMNS.search(x.strip()))
    if len(widths) < 10:
        return 0
    typical = widths[int(len(widths) * 0.75)]
    if typical > 80:  # one paragraph per line: nothing was wrapped
        return 0
    if sum(w > typical * 1.5 for w in widths) >= 2:
        # lines of prose far longer than the typical line (a table's short lines make it typical): the
        # paragraphs were not wrapped at any width — wrapped text has no line much beyond its wrapping width
        return 0
    return max(10, int(typical * 0.85))


_LONE_VALUE = re.compile(r"[0-9０-９][0-9０-９,，.．]*|/")


def _blank_lines_are_cells(lines: list[str]) -> bool:
    """Text that prints every table cell on a line of its own, an empty cell as an empty line (LibreOffice's
    "Text (encoded)" export of a document with tables): many lines hold one value each, no line holds a
    label and its values together, and no empty line stands beside a paragraph — paragraphs follow each
    other without one, so an empty line is a cell (or a merged cell's covered place), never a paragraph break."""
    body = lines[:len(lines) - 1] if lines and not lines[-1].strip() else lines  # (the file's final newline)
    blank = [i for i, x in enumerate(body) if not x.strip()]
    if not blank or sum(bool(_LONE_VALUE.fullmatch(x.strip())) for x in body) < 10:
        return False
    if any("\t" in x or _COLUMNS.search(x.strip()) or _PIPE_LINE.match(x) for x in body):
        return False
    return not any("。" in body[j] for i in blank for j in (i - 1, i + 1) if 0 <= j < len(body))


def _cells_between_empty_lines(lines: list[str]) -> bool:
    """Text that prints every paragraph and table cell followed by one empty line, an empty cell as two more
    (docx2txt, AbiWord's text export): between two lines with text there are always an odd number of empty
    lines — 1, or 1 + 2 per empty cell — except lines printed straight after each other (a title).  Only such
    text whose table has empty cells (a run of 3 or more) and many lone values is taken for it: its empty
    cells are then known by position, an empty line pair each."""
    gaps: list[int] = []
    run, seen, zeros = 0, False, 0
    for x in lines:
        if x and not x.isspace():
            if seen:
                # (an even gap, or a third pair of lines straight after each other, and the text is not such:
                # known at once, without the rest of the file — most text prints its lines so)
                if not run:
                    zeros += 1
                    if zeros > 2:
                        return False
                elif run % 2 == 0:
                    return False
                gaps.append(run)
            seen, run = True, 0
        else:
            run += 1
    if len(gaps) < 40 or max(gaps) < 3:
        return False
    if sum(g == 1 for g in gaps) < len(gaps) // 2:
        return False
    if sum(bool(_LONE_VALUE.fullmatch(x.strip())) for x in lines) < 10:
        return False
    return not any("\t" in x or _COLUMNS.search(x.strip()) or _PIPE_LINE.match(x) for x in lines)


def _next_is_page_number(lines: list[str], i: int) -> bool:
    """Blank lines around a page number do not end a paragraph."""
    for j in (i - 1, i + 1, i + 2, i - 2):
        if 0 <= j < len(lines) and PAGE_NUMBER.match(lines[j]):
            return True
    return False


_ROW_CHARS = 400  # a line longer than this is not one row of a layout table
_VALUE_TOKEN = re.compile(r"0|[1-9]\d*(?:\.\d+)?|0\.\d+|/")
_ITEM = lazy_pattern(r"^([（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}\s*[、.．])")


def _value_tail(line: str) -> tuple[int, list[tuple[int, int]]]:
    """Where a line's label ends and the spans of the value tokens that end it (numbers, "/")."""
    # (the tokens taken from the end, each found back by rfind: no match object a token for the whole line)
    tokens = line.split()
    values: list[tuple[int, int]] = []
    pos = len(line)
    for token in reversed(tokens):
        start = line.rfind(token, 0, pos)  # (only whitespace after it up to pos: the token itself)
        if not _VALUE_TOKEN.fullmatch(token):
            values.reverse()
            return start + len(token), values
        values.append((start, start + len(token)))
        pos = start
    values.reverse()
    return 0, values


def _ends_in_value(line: str) -> bool:
    """False when ``line`` has no value tail (:func:`_value_tail`): its last character is not a digit or "/"."""
    last = line.rstrip()[-1:]
    return last == "/" or last.isdigit()


def _values_on_their_own_line(lines: list[str]) -> list[str]:
    """``pdftotext -layout`` of a row whose cells are aligned apart (the template's 总计 cell centred, the others
    at the top): the row's line prints a label and only its rightmost values ("（二）部分公开…  6"), the next
    line the other values, left of them ("5 1 0 0 0 0"), with no label or with the label's next piece
    ("纳费用、…政府 0 0 0 0 0 0").  Those values are the row's: they move up into its line, in their order.
    Only in layout text: the upper line's values stand apart from its label (plain ``pdftotext`` puts one space
    there, and its character columns say nothing about where a value stands).
    Not when the lower line's label starts with an item number of its own ("3.其他"), when a value of one
    line stands over one of the other, or when the lower line has no label and the line after it starts a
    row of its own (then its values may be that row's, printed above its wrapped label)."""
    out = list(lines)
    for i in range(len(out) - 2):
        a, b = out[i], out[i + 1]
        if not _ends_in_value(a) or not _ends_in_value(b):
            continue  # (most lines: prose, headings — no value tail to move)
        if len(a) > _ROW_CHARS or len(b) > _ROW_CHARS or "\t" in a or "\t" in b or "|" in a or "|" in b:
            continue  # a table line of layout text is short (a whole table glued into one line is not this)
        a_end, a_values = _value_tail(a)
        b_end, b_values = _value_tail(b)
        if not a_values or not b_values or not a[:a_end].strip() or b_values[-1][1] + 1 >= a_values[0][0]:
            continue
        if a_values[0][0] - a_end < 2:
            continue  # one space between label and values: not a layout line (plain pdftotext), columns mean nothing
        b_label = b[:b_end].strip()
        if b_label and (_ITEM().match(b_label) or any(not ch.isspace() for ch in a[b_values[0][0]:a_values[0][0]])):
            continue
        if not b_label:
            after = next((x for x in out[i + 2:] if x.strip()), "")
            if not after.strip() or _value_tail(after)[1] or any(_ITEM().match(t) for t in after.split()):
                continue
        merged = a[:a_end]
        for line, (s, e) in [(b, span) for span in b_values] + [(a, span) for span in a_values]:
            merged += " " * max(2, s - len(merged)) + line[s:e]
        out[i] = merged
        out[i + 1] = b[:b_end].rstrip()
    return out


_PADDED_FIELD = re.compile(r"^ +[0-9０-９/／—－-]|[0-9０-９] +[0-9０-９/／—－-]")
TAB_STOP = 8  # where an editor's tab stops are (unexpand, vi, Notepad: every 8 characters)


def _alignment_tabs(lines: list[str]) -> bool:
    """The file's tabs stand for spaces (an editor saved space-aligned columns with tabs, ``unexpand``), not
    for cell boundaries (a table copied from a web page: one tab a cell): some tab-separated field holds a value
    after spaces ("→  10"), or two values apart ("10   1").  Then a run of tabs is a gap of some width, not
    empty cells — read as cells it would shift the values of a row into other columns."""
    for line in lines:
        if "\t" in line and any(_PADDED_FIELD.search(f) for f in line.split("\t")[1:]):
            return True
    return False


_ROW_LABELS: set[str] = set()


def _names_a_row(label: str) -> bool:
    """True when ``label`` is a row's whole label in a format (its label, an alias or a short label: "行政许可"):
    the line is a row of its own, not the rest of a label wrapped above it."""
    if not _ROW_LABELS:
        # with and without its numbering: "予以公开" printed without its "（一）" names the row as well
        _ROW_LABELS.update(y for f in FORMATS.values() for t in f.tables for r in t.rows
                           for x in (r.label, *r.aliases, *r.short) if x
                           for y in (norm(x), norm(_ITEM().sub("", x))) if y)
    return norm(_ITEM().sub("", label)) in _ROW_LABELS or norm(label) in _ROW_LABELS


#: the rows whose own totals a line of values shows, by how many values it has: a row of table 三 (seven cells,
#: the last the sum of the others), table 四 (fifteen: three groups of five, each group's last the sum of the
#: others) or a group of table 四 printed as a table of its own (five)
_ROW_GROUPS = {5: ((0, 5),), 7: ((0, 7),), 15: ((0, 5), (5, 10), (10, 15))}
_DIGIT_TAIL = re.compile(r"(?:(?<=\s)|^)\d+(?:\s+\d+)*\s*$")  # a line's trailing digit runs, spaces apart
_DIGITS = re.compile(r"\d+")
_WRAP_SEARCH = 5000  # the most ways of hanging a line's lower digits under its numbers tried (C(15, 4) = 1365)


def _groups_hold(values: list[str], groups) -> bool:
    """Whether each group of ``values`` (whole numbers) holds its total: the last the sum of the others."""
    for s, e in groups:
        if sum(int(v) for v in values[s:e - 1]) != int(values[e - 1]):
            return False
    return True


def _joined(tops: list[str], lows: list[str], under: tuple[int, ...]) -> list[str] | None:
    """``tops`` with each lower run appended to the top value it hangs under (``under``: its index); None when a
    joined value would be no number ("0" + "7": a number does not start with 0)."""
    out = list(tops)
    for k, low in zip(under, lows):
        if out[k] == "0":
            return None
        out[k] += low
    return out


def _proven_wrap(tops: list[str], lows: list[str], candidates) -> list[str] | None:
    """The top line's values with the lower digits joined where the row's own totals prove it: the values as
    printed do not hold them, and exactly one of the ``candidates`` (ways of hanging each lower run under one
    top value, in order) does.  None when nothing proves it (no totals to check, none or several fit)."""
    groups = _ROW_GROUPS.get(len(tops))
    if groups is None or not all(v.isdigit() for v in tops) or _groups_hold(tops, groups):
        return None
    found = None
    for tried, under in enumerate(candidates):
        if tried >= _WRAP_SEARCH:
            return None
        got = _joined(tops, lows, under)
        if got is not None and _groups_hold(got, groups):
            if found is not None:
                return None  # two ways fit: which number the digits end is not known
            found = got
    return found


def _under(a_values: list[tuple[int, int]], b_values: list[tuple[int, int]]) -> tuple[int, ...] | None:
    """Which of the upper line's values each lower run stands under (their columns overlap: left-aligned,
    centred or right-aligned in one cell), each a different one; None when a lower run stands under none or
    more than one, or two under one."""
    out = []
    for s, e in b_values:
        over = [k for k, (us, ue) in enumerate(a_values) if s < ue and e > us]
        if len(over) != 1 or (out and over[0] <= out[-1]):
            return None
        out.append(over[0])
    return tuple(out)


def _near(a_values: list[tuple[int, int]], b_values: list[tuple[int, int]]) -> list[tuple[int, ...]]:
    """The ways of hanging each lower run under a different upper value, in order, that its column allows: a
    value it overlaps or touches (``pdftotext -layout`` rounds a wrapped line's position by a column: "4" over
    " 8" for 48)."""
    options = [[k for k, (us, ue) in enumerate(a_values) if s <= ue and e >= us] for s, e in b_values]
    return [x for x in product(*options) if all(p < q for p, q in zip(x, x[1:]))]


def _layout_line(line: str) -> bool:
    """Whether a line's characters stand in columns (``pdftotext -layout``: values apart by two spaces or more,
    or the line indented), so that a value's column says which cell it is in — not the text of ``pdftotext``
    or ``pdftotext -raw``, whose lines start at their first character with one space between words."""
    return line[:1] == " " or "  " in line.strip()


def _digits_wrapped_in_cells(lines: list[str]) -> list[str]:
    """A table whose narrow cells wrapped a number (LibreOffice breaks 15033 into "1503" on the cell's first line
    and "3" on its second): the row's line, then a line of fewer digit runs with no label or the rest of a
    wrapped label ("息公开申请数量      3                               6").  The lower digits end numbers above
    them, but which ones, and whether they do, only the row's totals prove: the lower runs are joined on the
    row's line where the row holds its totals (:data:`_ROW_GROUPS`) with them joined and not as printed — in
    layout text each to the value whose column it stands in (left-aligned, centred or right-aligned in one
    cell), in ``pdftotext``/``-raw`` text (no columns) in the one way of all that holds them.  Unproven, the
    lines stay as printed: the row beside a line of numbers no row takes is left unread, never read with the
    upper parts of its numbers (101 printed "10" over "1" read 10).  A row with no totals of its own (table 二)
    is joined only in layout text where each lower run starts in the very column of a longer run above
    (left-aligned in the same cell; right-aligned columns put runs of one length at one start).  Not when the
    lower line's label starts with an item number or names a row (a row of its own)."""
    out = list(lines)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if len(a) > _ROW_CHARS or len(b) > _ROW_CHARS or "\t" in a or "\t" in b or "|" in a or "|" in b:
            continue
        if not _ends_in_value(a) or not _ends_in_value(b):
            continue  # (cheap: no value tail on one of them)
        a_end, a_values = _value_tail(a)
        digits = _DIGIT_TAIL.search(b)  # (a lower part may start with 0: "2" over "043" for 2043)
        if not a_values or digits is None:
            continue
        b_values = [(digits.start() + x.start(), digits.start() + x.end()) for x in _DIGITS.finditer(digits.group())]
        b_end = len(b[:digits.start()].rstrip())  # where its label ends (0: none)
        if len(b_values) >= len(a_values):
            continue
        b_label = b[:b_end].strip()
        if not a[:a_end].strip() and b_label:
            continue  # a label-less row (table 四) wraps with no label below it either
        if (b_label and (_ITEM().match(b_label) or _names_a_row(b_label))) or b_end > a_values[0][0]:
            continue
        tops = [a[s:e] for s, e in a_values]
        lows = [b[s:e] for s, e in b_values]
        layout = _layout_line(a) or _layout_line(b)
        if layout:
            joined = _proven_wrap(tops, lows, _near(a_values, b_values))
            under = _under(a_values, b_values)
            if joined is None and under is not None and len(a_values) not in _ROW_GROUPS \
                    and all(a_values[k][0] == s and len(tops[k]) >= 2 and tops[k].isdigit() and len(low) < len(tops[k])
                            for k, (s, _), low in zip(under, b_values, lows)):
                joined = _joined(tops, lows, under)
        else:
            joined = _proven_wrap(tops, lows, combinations(range(len(tops)), len(lows)))
        if joined is None:
            continue
        merged = a[:a_end]
        for (s, _), value in zip(a_values, joined):
            merged += " " * max(1, s - len(merged)) + value
        out[i] = merged
        out[i + 1] = b[:b_end].rstrip()
    return out


_SECTION_TITLES: set[str] = set()
_VALUE_FIRST = frozenset("0123456789/")
_COLUMN_WORDS: set[str] = set()


def _is_section_heading(body: str) -> bool:
    if not _SECTION_TITLES:
        _SECTION_TITLES.update(norm(s.title) for f in FORMATS.values() for s in f.sections)
    return norm(body) in _SECTION_TITLES


def _row_starts(body: str) -> bool:
    """A line that starts a table row: its label numbered ("4.保护第三方合法权益", "（二）部分公开", "一、本年新收") or
    a row's whole label ("行政规范性文件"), perhaps with values after it — not a section's heading."""
    label = _value_tail(body)[0]
    head = body[:label].strip()
    if not head or _is_section_heading(head):
        return False
    if not _COLUMN_WORDS:
        _COLUMN_WORDS.update(norm(w) for f in FORMATS.values() for t in f.tables for c in t.columns
                             for w in (c.label, *c.label.split("/")) if w)
    # a row's whole label without its numbering, not a column's header word ("总计", "其他")
    return bool(_ITEM().match(head)) or (_names_a_row(head) and norm(head) not in _COLUMN_WORDS)


def _total_holds(values: list[str]) -> bool:
    """Three or more whole numbers, the last the sum of the others (a row with its 总计: table 三, table 四's
    groups)."""
    if len(values) < 3 or not all(v.isdigit() for v in values):
        return False
    return sum(int(v) for v in values[:-1]) == int(values[-1])


def _rows_one_cell_a_line(lines: list[str], page_breaks: tuple[int, ...] = (),
                          doubtful: set[int] | None = None) -> list[str]:
    """Plain ``pdftotext`` (without ``-layout``, issue 11 U3) of a table: each cell a text block of its own, so
    a row prints as its label (the first value at times on the label's line: "4.保护第三方合法权益 60"), the
    label's wrapped rest and the other values one per line, two at times ("188 3488"), with empty lines
    between (most value lines followed by an empty line: one cell a line without them is read as before).
    Each row's values — every value line after its label up to the next row's label — are moved
    onto the label's line, in order, as ``pdftotext -raw`` prints a row; the mapping then reads a row only
    when its count is the row's column count.  Not in a section where some value line follows no row label
    (a row whose values print above its label: moving the values down to the next label would give that
    row another row's numbers), and not for a section's heading.  Only what is certain is moved: a row whose
    values hold its total (the last the sum of the others), as many as the most that two rows of its section or more have (not a
    block of several rows' values after a column of labels, nor a row with a blank cell), and that no page break (``page_breaks``: 0-based
    lines that start a page) cuts; any other row stays as printed (read, or left unread, as before).
    Returns the lines, a row joined on its label's line ("4.保护第三方合法权益 60 17 6 1 5 3 92", as -raw prints
    it), the lines moved into it empty.  A row printed with as many values as the table's rows have cells whose
    total does not hold is added to ``doubtful`` (its label's and values' 0-based lines): pdftotext printed its
    cells out of order at times ("5 2 2 3 0 12 0" for "5 2 0 2 3 0 12"), so its values are not read in order."""
    value_lines = [i for i, x in enumerate(lines) if x.lstrip()[:1] in _VALUE_FIRST and _value_tail(x)[0] == 0]
    if len(value_lines) < 10:
        return lines
    apart = sum(1 for i in value_lines if i + 1 < len(lines) and not lines[i + 1].strip())
    if apart < 0.8 * len(value_lines) or any(_COLUMNS.search(x.strip()) for x in lines if len(x.split()) > 2):
        return lines  # one cell a line without empty lines between, or space-aligned columns (-layout)
    out = list(lines)
    # sections: a heading starts one; every row start gathers the lines after it up to the next start
    bounds = [i for i, x in enumerate(lines) if x.strip() and _is_section_heading(x.strip())] + [len(lines)]
    start = 0
    for end in bounds:
        rows: list[tuple[int, list[str], list[str], list[int]]] = []
        orphan = False
        current = None
        pending: list[str] = []
        pending_at: list[tuple[int, str]] = []
        for i in range(start, end):
            body = lines[i].strip()
            if not body:
                continue
            label_end, values = _value_tail(body)
            if _row_starts(body):
                pending, pending_at = [], []
                current = (i, [body[:label_end].strip()], [body[s:e] for s, e in values], [])
                rows.append(current)
            elif label_end == 0:  # a value line
                if current is None:
                    orphan = True
                    break
                current[2].extend(body[s:e] for s, e in values)
                current[1].extend(pending)
                current[3].extend(j for j, _ in pending_at)
                current[3].append(i)
                pending, pending_at = [], []
            elif current is not None and not values:
                # the label's wrapped rest, when a value line follows (text after the row's last value — a
                # caption, the next header — stays where it is)
                pending.append(body)
                pending_at.append((i, body))
            else:
                current = None  # another line (a header, prose): the row is over
                pending, pending_at = [], []
        counts = Counter(len(vals) for _, _, vals, _ in rows if _total_holds(vals))
        width = max((n for n, rows_of in counts.items() if rows_of >= 2), default=0)  # the table's row width
        if not orphan and width:
            for i, label, vals, used in rows:
                if not any(lines[k].strip() and _value_tail(lines[k].strip())[0] == 0 for k in used):
                    continue  # no value line moved: the line as printed
                if len(vals) == width and _total_holds(vals) and not any(i < p <= max(used) for p in page_breaks):
                    out[i] = "".join(label) + " " + " ".join(vals)
                    for k in used:
                        out[k] = ""
                    continue
                # not certain (its pieces out of order, cut by a page break): the lines as printed
                if (doubtful is not None and len(vals) == width and all(v.isdigit() for v in vals)
                        and not _total_holds(vals)):
                    doubtful.update([i, *used])
        start = end
    return out


_RULE_PIECE = re.compile(r"-{3,}")
#: the rule under the header of a pipe table printed without outer pipes: tabulate's presto ("----+----"), GFM's
#: delimiter row without its edges ("---|:--:|---:"), orgtbl's without its edges — dashes (with colons) joined by
#: "+" or "|", no joint at either end
_BARE_RULE = re.compile(r"^\s*:?-{2,}:?(?:\s*[+|]\s*:?-{2,}:?)+\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def bare_pipe_rows(lines: list[str], start: int = 0) -> dict[int, list[str] | None]:
    """Pipe tables printed without outer pipes (tabulate's presto, GFM/pipe tables without edges, "a | b"):
    line index → the row's cells (``None`` for the rule under the header).  In such a table every "|" separates
    two cells, so a row whose first or last cell is blank starts or ends with a "|" ("        | 3 | 5"): read with
    outer pipes stripped, its cells would shift one column.  A table is the rule line (:data:`_BARE_RULE`), the
    line above it (the header) and the lines below it up to the first without exactly as many pipes as the
    rule has joints."""
    out: dict[int, list[str] | None] = {}
    for r in range(max(start, 1), len(lines)):
        rule = lines[r]
        if "-" not in rule or not _BARE_RULE.match(rule):
            continue
        joints = len(re.findall(r"[+|]", rule))
        head = lines[r - 1]
        if len(_UNESCAPED_PIPE.findall(head)) != joints or r - 1 in out:
            continue
        rows = [r - 1]
        k = r + 1
        while k < len(lines) and lines[k].strip() and len(_UNESCAPED_PIPE.findall(lines[k])) == joints \
                and not _BARE_RULE.match(lines[k]):
            rows.append(k)
            k += 1
        if len(rows) < 2:
            continue
        out[r] = None
        for i in rows:
            out[i] = [c.strip() for c in _UNESCAPED_PIPE.split(lines[i].rstrip("\n"))]
    return out


def _wrapped_pipe_lines(lines: list[str], i: int, n: int, split_pipe_row, is_delimiter_row) -> list[int]:
    """The lines after pipe row ``i`` (``n`` cells) that go on its cells: a table whose rows a rule line sets
    apart ("|----+----|", links -dump) prints a cell's text wrapped over more lines ("|2.  |5 |" over "|申请人逾期…|
    |"), the row ending at the next rule — only there, with a rule before row ``i`` too, and every line of the
    same cells (a Markdown table has no rules between its rows: each line its own row).  The two functions are
    :mod:`.markdown`'s, which the caller loads lazily."""
    if i == 0 or not _RULE_PIECE.search(lines[i - 1]) or "|" not in lines[i - 1]:
        return []
    out = []
    k = i + 1
    while k < len(lines) and k - i <= 8:
        nxt = lines[k]
        if _RULE_PIECE.search(nxt):
            return out if "|" in nxt else []
        if not (_PIPE_LINE.match(nxt) and nxt.count("|") >= 3) or is_delimiter_row(nxt) \
                or len(split_pipe_row(nxt)) != n or _overflow(lines, k):
            return []
        out.append(k)
        k += 1
    return []


_ONE_CELL_BORDER = re.compile(r"^\s*\+-{3,}\+\s*$")
_FRAMED = re.compile(r"^(\s*)\| (.*?)\s*\|\s*$")


def _unwrapped_grids(lines: list[str]) -> list[str]:
    """A drawn (grid) table of one cell that holds a drawn table (pandoc's reStructuredText of a table nested in
    another's cell: "+------+" / "| +--+--+ |" / "| | 规章 | 2 | |" …): the outer frame taken off, so the inner
    table is read.  Line for line (the outer borders become empty lines)."""
    out = list(lines)
    i = 0
    while i < len(out):
        if not _ONE_CELL_BORDER.match(out[i]):
            i += 1
            continue
        k = i + 1
        inner = []
        while k < len(out) and not _ONE_CELL_BORDER.match(out[k]):
            m = _FRAMED.match(out[k])
            if m is None:
                break
            inner.append(m.group(2))
            k += 1
        closed = k < len(out) and _ONE_CELL_BORDER.match(out[k]) and len(out[k].strip()) == len(out[i].strip())
        if closed and inner and inner[0].lstrip().startswith("+-") and inner[-1].lstrip().startswith("+-") \
                and all(x.lstrip()[:1] in "+|" for x in inner if x.strip()):
            out[i] = out[k] = ""
            out[i + 1:k] = inner
            i = k + 1
        else:
            i += 1
    return out


def _csv_fields(line: str) -> list[str] | None:
    """The fields of a comma-separated line ("行政许可,\"22,521\",,"), or None when the line is not one: fewer than
    three fields, or a quoted field left open (a cell going on over the next lines)."""
    if "," not in line or line.count('"') % 2:
        return None
    import csv
    try:
        fields = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return None
    return fields if len(fields) >= 3 else None


def _csv_lines(lines: list[str]) -> bool:
    """A text file of comma-separated rows (a spreadsheet or a PDF's tables saved as CSV, under a .txt name): ten
    or more lines of three or more fields with an empty field or a label field among them, and they are most of
    the lines that are not prose (a sentence has full-width punctuation, not ASCII commas between cells)."""
    rows = 0
    for line in lines:
        fields = _csv_fields(line)
        if fields is not None and ("" in fields or any(_CJK_FIELD().match(f) for f in fields)):
            rows += 1
    other = sum(1 for line in lines if line.strip() and "。" not in line) - rows
    return rows >= 10 and rows >= other


_CJK_FIELD = lazy_pattern(r"^[\u4e00-\u9fff（）()、“”]{2,}")


def _csv_as_tabs(lines: list[str]) -> list[str]:
    """Comma-separated rows as tab-separated ones (each a row of cells, an empty field an empty cell); other
    lines as they are.  Line for line: a row whose quoted cells go on over several lines (pdfplumber's CSV of a
    cell wrapped in the PDF: "三、本年度办" / "理结果") is one row on its first line, each cell's lines joined, and
    empty lines after it; a record of one cell over several lines (a whole table that its extraction left in one
    cell: "规章 2 0 5" …) is left as its lines of text, without the quotes (read as a table printed in text).
    A spreadsheet saved as CSV gives every row the sheet's width (table 四's 15 columns): each run of rows
    between empty ones (a table) is cut to its own width, the last column with text in any of its rows (its
    header's 总计 among them) — so that a blank cell is an empty field among the table's columns, not one of
    the sheet's empty fields after them (:func:`_cut_to_width`)."""
    import csv
    import io

    out: list[str] = []
    fields_at: dict[int, list[str]] = {}  # out's index → the row's fields
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.count('"') % 2 == 0:
            fields = _csv_fields(line)
            if fields is not None:
                fields_at[len(out)] = [f.strip().replace("\t", " ") for f in fields]
            out.append(line if fields is None else "\t".join(f.strip().replace("\t", " ") for f in fields))
            i += 1
            continue
        k, quotes = i, line.count('"')
        while quotes % 2 and k + 1 < len(lines) and k - i < 200:
            k += 1
            quotes += lines[k].count('"')
        if quotes % 2:  # a quote never closed: the lines as they are
            out.append(line)
            i += 1
            continue
        try:
            record = next(csv.reader(io.StringIO("\n".join(lines[i:k + 1]))))
        except (csv.Error, StopIteration):
            record = []
        filled = [f for f in record if f.strip()]
        if len(filled) <= 1:  # one cell holding lines of text: those lines, as text
            text = (filled[0] if filled else "").split("\n")
            out += (text + [""] * (k + 1 - i))[:k + 1 - i]
        else:
            cells = [_join_wrapped(f.split("\n")).replace("\t", " ") for f in record]
            fields_at[len(out)] = cells
            out += ["\t".join(cells)] + [""] * (k - i)
        i = k + 1
    return _cut_to_width(out, fields_at)


def _cut_to_width(out: list[str], fields_at: dict[int, list[str]]) -> list[str]:
    """The comma-separated rows (``fields_at``: their index among ``out`` → fields) cut to their table's width:
    a table is a run of rows next to each other with two fields of text or more (or a value alone), its width
    the last field with text in any of its rows; the fields after it are the sheet's columns beyond the table,
    dropped.  A row of one text (a heading, a paragraph, a caption, a row's label without values) is that text
    and ends a table, as does an empty row — the sheet's spacer between tables, an empty line (as wide as the
    sheet, either would stand for the widest row of the table beside it)."""
    def in_table(r: int) -> bool:
        filled = [f for f in fields_at.get(r, ()) if f]
        return len(filled) >= 2 or len(filled) == 1 and is_value_text(filled[0])

    i, n = 0, len(out)
    while i < n:
        if not in_table(i):
            if i in fields_at:
                out[i] = next((f for f in fields_at[i] if f), "")
            i += 1
            continue
        k = i
        while k < n and in_table(k):
            k += 1
        width = max(max(j for j, f in enumerate(fields_at[r]) if f) for r in range(i, k)) + 1
        for r in range(i, k):
            if len(fields_at[r]) > width:
                out[r] = "\t".join(fields_at[r][:width])
        i = k
    return out


def _join_wrapped(parts: list[str]) -> str:
    """A cell's lines joined: without a space between Chinese characters (a label wrapped in a narrow cell), with
    one between other text."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        if out and not ("\u4e00" <= out[-1] <= "\u9fff" or out[-1] in "（）“”、" or "\u4e00" <= p[0] <= "\u9fff"
                        or p[0] in "（）“”、"):
            out += " "
        out += p
    return out


def crawler_header(lines: list[str]) -> tuple[dict, int]:
    """(meta, index of the first body line) of a crawler header — key: value lines (``标题``, ``发布时间`` …)
    closed by a "==== 正文 ====" line within the first 40 lines; ({}, 0) when there is none."""
    meta: dict = {}
    for i, line in enumerate(lines[:40]):
        if _BODY_MARK.match(line):
            for head in lines[:i]:
                m = _META.match(head)
                if m:
                    meta[_META_KEYS[m.group(1)]] = m.group(2).strip()
            return meta, i + 1
    return meta, 0


#: a Markdown backslash escape of ASCII punctuation ("3324\\.77", "1\\. 属于国家秘密": mammoth's and other
#: converters' Markdown); "\\|" stays, a pipe inside a pipe table's cell
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{}~])")
_DIGIT_ESCAPE = lazy_pattern(r"\d\\[.,，%-]|^\s*\d+\\[.)]", re.M)


def _markdown_unescaped(text: str) -> str:
    """Text whose numbers carry Markdown backslash escapes ("3324\\.77" for 3324.77) without them — else the
    digits before the backslash would read as the number (3324); text without such an escape as it is."""
    if not _DIGIT_ESCAPE().search(text):
        return text
    return _MD_ESCAPE.sub(r"\1", text)


#: a null marker standing as a word of its own ("  17   NaN    5", "None" of an object column): pandas' print of an
#: empty cell (``DataFrame.to_string``: "NaN" in a float column, "None" in an object one, "<NA>" a nullable integer)
_NULL_WORD = re.compile(r"(?:(?<=\s)|^)(?:NaN|nan|None|<NA>|NaT)(?=\s|$)")
_NUMBER_WORD = re.compile(r"(?:(?<=\s)|^)[+-]?\d[\d,]*(?:\.\d+)?(?=\s|$)")


def null_words_blank(lines: list[str]) -> list[str]:
    """Lines of a table printed by pandas with their null markers as spaces of the same width: an empty cell
    (blank), its place kept for the columns.  Only on a line with a number standing as a word of its own too (a
    table row; "None" in a sentence is a word), or with two null markers or more (a row of blank cells)."""
    out = []
    for line in lines:
        if ("N" in line or "n" in line) and _NULL_WORD.search(line) and (
                len(_NULL_WORD.findall(line)) > 1 or _NUMBER_WORD.search(_NULL_WORD.sub(" ", line))):
            line = _NULL_WORD.sub(lambda m: " " * len(m.group(0)), line)
        out.append(line)
    return out


def read_text(data: bytes | str, source: str, reader: str = "text") -> RawDocument:
    """Read a plain-text report into a :class:`RawDocument` (one block per line, 1-based lines)."""
    nuls = None
    if not isinstance(data, str) and b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data, nuls = without_nuls(data, source) or (data, None)  # NULs at regular places: read without them
    text = data if isinstance(data, str) else decode(data, source)
    if text.lstrip("\ufeff")[:5] == "level":
        if word_boxes.is_tsv(text):
            return word_boxes.read_tsv(text, source)
    broken_lines = ([i + 1 for i, x in enumerate(re.split(r"\r\n|\r|\n", text)) if "\ufffd" in x]
                    if not isinstance(data, str) and "\ufffd" in text and not _strict_utf8(data) else [])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\\" in text:
        text = _markdown_unescaped(text)
    page_starts = [i + 1 for i, line in enumerate(text.split("\n")) if "\f" in line] if "\f" in text else []
    text = text.replace("\f", "")  # \f: a PDF page break
    lines = text.split("\n")
    if "NaN" in text or "None" in text or "<NA>" in text or "nan" in text or "NaT" in text:
        lines = null_words_blank(lines)
    before = lines
    lines = digits_one_a_line(lines)  # "2" / "8" / "3" / "3": a number's digits one a line, cells' bounds lost
    glued_runs = lines is not before and lines != before  # (runs of glued digits: split by relations, never by place)
    if " " in text:
        lines = joined_digits(lines)  # "1 2 7 9  4 2 …": numbers one digit a space, proven by the rows' totals
    if "件" in text:
        lines = counts_without_units(lines)  # "规章 1件 0件 18件" → "规章 1 0 18" (a table's every count with its unit)
    if "\t" in text and _alignment_tabs(lines):
        lines = [line.expandtabs(TAB_STOP) for line in lines]
    if "," in text and (source.lower().endswith(".csv") or _csv_lines(lines)):
        lines = _csv_as_tabs(lines)
    meta, start = crawler_header(lines)
    if "| +-" in text:
        lines = _unwrapped_grids(lines)
    grids: dict[int, tuple[int, list]] = {}  # a drawn table's first line → (one past its last, its rows)
    if might_have_grid(text):
        for s, e in grid_tables(lines[start:]):
            rows = read_grid(lines[start + s:start + e], start + s + 1, source, len(grids))
            if rows:
                grids[start + s] = (start + e, rows)
    if "|===" in text:  # AsciiDoc tables (pandoc): a row is as many cells as the columns, over lines or not
        for s, e, rows in asciidoc_tables(lines[start:], start + 1, source, len(grids)):
            if not any(start + s <= g < start + e or g <= start + s < grids[g][0] for g in grids):
                grids[start + s] = (start + e, rows or [])  # (cells that make no whole rows: none read)
    if might_have_wiki_table(text):  # MediaWiki, MoinMoin and Textile tables: cells by their markup, spans kept
        for s, e, rows in wiki_tables(lines[start:], start + 1, source, len(grids)):
            if not any(start + s <= g < start + e or g <= start + s < grids[g][0] for g in grids):
                grids[start + s] = (start + e, rows or [])  # (a table not read cell for cell: none read)
    if grids:  # the table's lines are its cells: no layout-text repair reaches into them
        drawn = {j for s, (e, _) in grids.items() for j in range(s, e)}
        masked = ["" if j in drawn else x for j, x in enumerate(lines)]
        repaired = masked[:start] + _values_on_their_own_line(_digits_wrapped_in_cells(masked[start:]))
        lines = [lines[j] if j in drawn else x for j, x in enumerate(repaired)]
    else:
        lines = lines[:start] + _values_on_their_own_line(_digits_wrapped_in_cells(lines[start:]))
    blocks = []
    full = _full_width(lines[start:])
    joinable = False  # the last block is a prose line that may continue on the next line
    doubled = _cells_between_empty_lines(lines[start:])
    cell_lines = doubled or _blank_lines_are_cells(lines[start:])
    if not cell_lines:
        doubtful: set[int] = set()
        lines = lines[:start] + _rows_one_cell_a_line(lines[start:], tuple(p - 1 - start for p in page_starts),
                                                      doubtful)
        if doubtful:
            meta["order_doubtful_lines"] = sorted(start + i + 1 for i in doubtful)  # 1-based
    ruled = ruler_rows(lines) if "--" in text else {}
    if "  " in text and not glued_runs:  # space-aligned tables whose header gives the columns, blank cells among them
        taken = set(ruled) | {j for s, (e, _) in grids.items() for j in range(s, e)}
        ruled.update(aligned_rows(lines[start:], _names_a_row, {j - start for j in taken if j >= start}, start))
    terminated = "|" in text and _pipes_terminate_cells(lines[start:])
    bare = bare_pipe_rows(lines, start) if "|" in text and "--" in text else {}
    blank_run = 0  # empty lines since the last line with text
    skip_to = 0
    tab_lines: dict[int, int] = {}  # 1-based line read as cells apart by tabs → its number of cells
    for i in range(start, len(lines)):
        if i < skip_to:
            continue
        line = lines[i]
        loc = Location(source=source, line=i + 1)
        if i in grids:
            skip_to, rows = grids[i]
            blocks.extend(rows)
            joinable = False
        elif i in bare or i in ruled:
            # a pipe table without outer pipes (every "|" between two cells), or a dash-ruled table (pandoc: its
            # cells cut at the ruler's column extents, blanks kept)
            cells = bare[i] if i in bare else ruled[i]
            if cells is not None:
                blocks.append(RowBlock([RawCell(c, Location(source=source, line=i + 1, where=f"第{i + 1}行 第{j + 1}栏"))
                                        for j, c in enumerate(cells)], loc))
            joinable = False
            blank_run = 0
            continue
        elif (_PIPE_LINE.match(line) or _OPEN_PIPE_LINE.match(line)) and line.count("|") >= 3 \
                or terminated and _TERMINATED_ROW.match(line):
            # a Markdown pipe-table row in a text file (the file's type is decided by its content), or html2text's
            # row: each cell's bottom rule "_" padding it ("|2435|507_|74____|")
            overflow = _overflow(lines, i)
            row = line[:len(line) - len(overflow)] if overflow else line
            if not is_delimiter_row(row):
                parts = row.strip()[:-1].split("|") if terminated else split_pipe_row(row)
                texts = [c.strip().strip("_").strip() for c in parts]
                more = [] if overflow else _wrapped_pipe_lines(lines, i, len(texts), split_pipe_row,
                                                               is_delimiter_row)
                for k in more:  # the row's cells wrapped over more lines before the next rule: one row
                    texts = [a + b for a, b in zip(texts, (c.strip() for c in split_pipe_row(lines[k])))]
                    skip_to = k + 1
                cells = [RawCell(c, Location(source=source, line=i + 1, where=f"第{i + 1}行 第{j + 1}栏"))
                         for j, c in enumerate(texts)]
                blocks.append(RowBlock(cells, loc))
            if overflow.strip():
                blocks.append(TextBlock(overflow.strip(), Location(source=source, line=i + 1,
                                                                   where=f"第{i + 1}行 表格行之后")))
            joinable = False
        elif "\t" in line:
            cells = [RawCell(c.strip(), Location(source=source, line=i + 1, where=f"第{i + 1}行 第{j + 1}栏"))
                     for j, c in enumerate(line.split("\t"))]
            # values only, none empty, no label before them ("1<TAB>17" of catdoc, its label on the line above): an
            # empty cell may have left no tab, so where they stand is not known when they are fewer than the
            # columns — read as a PDF row without drawn cells (unread unless every cell is printed)
            blocks.append(RowBlock(cells, loc, in_columns=not all(c.text and is_value_text(c.text) for c in cells)))
            tab_lines[i + 1] = len(cells)
            joinable = False
        elif PAGE_NUMBER.match(line):
            continue  # page furniture of a PDF's text ("-2-"): a paragraph may go on across it
        elif not line.strip():
            joinable = joinable and _next_is_page_number(lines, i)
            blank_run += 1
            continue
        elif joinable and _continues(line) and not (_STARTS_WITH_YEAR.match(line)
                                                    and "0" <= blocks[-1].text.rstrip()[-1:] <= "9"):
            prev = blocks[-1]
            prev.text = prev.text + line.strip()
            joinable = _is_prose(line) and len(line.strip()) >= full
        else:
            if doubled and blank_run:
                blank_run = (blank_run - 1) // 2  # one empty line after every line; two more an empty cell
            if cell_lines and blank_run and blocks and isinstance(blocks[-1], TextBlock):
                blocks[-1].blank_cells_after = blank_run
            blocks.append(TextBlock(line.rstrip(), loc, blank_cells_before=blank_run if cell_lines else 0))
            joinable = _is_prose(line) and full > 0 and len(line.strip()) >= full
        blank_run = 0
    if not blocks:
        raise ReadError(source, "文件没有可读的文字内容")
    if broken_lines:
        meta["broken_utf8_lines"] = broken_lines
    if nuls:
        meta["nuls_removed"] = nuls
    if tab_lines:
        meta["tab_lines"] = tab_lines
    return RawDocument(source=source, blocks=blocks, reader=reader, title=meta.get("title", ""), meta=meta,
                       page_starts=page_starts)

"""Label normalisation and cell-value parsing shared by every reader.

Copies of the format differ in full-width/half-width brackets, "1." vs "1、" vs "1．",
spaces and line breaks inside labels, and curly vs straight quotes (spec §9).  Labels
are compared after :func:`norm`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache


def lazy_pattern(pattern: str, flags: int = 0):
    """A getter of ``re.compile(pattern, flags)`` that compiles on its first call: for a pattern only an
    uncommon path uses (a garbled file, last year's report), so that a command-line start does not pay
    for compiling it (bench/bench_cold_start.py).  Use: ``_X = lazy_pattern(r"…")`` … ``_X().search(s)``."""
    return cache(lambda: re.compile(pattern, flags))


_LATIN_LETTER = lazy_pattern(r"[A-Za-z]")
_HAN = lazy_pattern(r"[\u4e00-\u9fff]")


def mostly_latin(text: str) -> bool:
    """More Latin letters than Chinese characters in ``text`` (a document or a line written in a Western language,
    a command line naming report files; a report's own text is Chinese).  The Chinese characters are counted only
    until there are as many as Latin letters."""
    latin = len(_LATIN_LETTER().findall(text))
    return latin > sum(1 for _ in itertools.islice(_HAN().finditer(text), latin))


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_QUOTE_PAIRS = tuple((chr(k), v) for k, v in _QUOTES.items())
_WS = re.compile(r"\s+")
_ITEM_SEP = lazy_pattern(r"(\d)[、．.]")


# The CJK Radicals Supplement (U+2E80–U+2EFF) as the unified ideographs they look like (Unicode's
# EquivalentUnifiedIdeograph.txt, U+2E81–U+2EF3; U+2E80 has none).  A PDF's text layer may encode a common
# character with its radical's code point (Chromium/Skia with Noto CJK: "⼀、总体情况", "六⼗七件", "⺠"); NFKC
# folds the Kangxi radicals (U+2F00–U+2FD5) but, of this block, only ⺟ and ⻳.
_RADICAL_SUPPLEMENT = dict(zip(
    "⺁⺂⺃⺄⺅⺆⺇⺈⺉⺊⺋⺌⺍⺎⺏⺐⺑⺒⺓⺔⺕⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰⺱⺲⺳⺴⺵⺶⺷⺸⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄"
    "⻅⻆⻇⻈⻉⻊⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻞⻟⻠⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
    ["厂", "乛", "乚", "乙", "亻", "冂", "\U00020628", "刀", "刂", "卜", "㔾", "小", "小", "兀", "尣", "尢",
     "\U00021BC2", "巳", "幺", "彑", "\U0002B739", "忄", "心", "扌", "攵", "旡", "日", "月", "歺", "母", "民", "氵",
     "氺", "灬", "爫", "爫", "丬", "牛", "犭", "王", "\U00024D14", "目", "示", "礻", "\U00025AD7", "糹", "纟", "罓",
     "罒", "㓁", "冗", "\U0002626B", "羊", "\U0002634C", "\U0002634B", "耂", "肀", "聿", "肉", "\U00026951", "艹",
     "艹", "艹", "虎", "衤", "覀", "西", "见", "角", "\U000278B2", "讠", "贝", "\U00027FB7", "车", "辶", "辶", "辶",
     "邑", "钅", "長", "镸", "长", "门", "\U00028E0F", "阝", "雨", "青", "韦", "页", "风", "飞", "食", "\U0002967F",
     "飠", "饣", "\U00029810", "马", "骨", "鬼", "鱼", "鸟", "卤", "麦", "黄", "黾", "斉", "齐", "歯", "齿", "竜", "龙",
     "龜", "亀", "龟"], strict=True))
_RADICALS = re.compile("[\u2e80-\u2fd5]")


def _radical_to_ideograph(m: re.Match) -> str:
    ch = m.group()
    return _RADICAL_SUPPLEMENT.get(ch) or unicodedata.normalize("NFKC", ch)


def fold_radicals(text: str) -> str:
    """Text with the CJK radicals (Kangxi U+2F00–U+2FD5, supplement U+2E80–U+2EFF) written as the unified
    ideographs of the same shape: a PDF's text layer gives "⼀、总体情况" for "一、总体情况".  Other text stays."""
    return _RADICALS.sub(_radical_to_ideograph, text) if text and _RADICALS.search(text) else text


def norm(text: str) -> str:
    """Normalise a label for comparison: NFKC, no whitespace, ASCII brackets/quotes, "1." numbering.

    >>> norm("（二） 部分公开") == norm("(二)部分公开")
    True
    """
    if text and len(text) <= _CACHED_LENGTH:
        return _norm_cached(text)
    return _norm(text)


_CACHED_LENGTH = 200  # labels and cells repeat across rows, tables and reports; paragraphs do not


@lru_cache(maxsize=16384)
def _norm_cached(text: str) -> str:
    return _norm(text)


# CJK unified ideographs are their own NFKC and never compose with a neighbour (no decomposition, combining
# class 0, in no composition pair): NFKC of a text is the ideograph runs as they are and NFKC of the pieces
# between them — a third of the time on a Chinese report (checked for every code point beside them)
_NOT_IDEOGRAPHS = lazy_pattern("[^\u4e00-\u9fff]+")


def _nfkc_piece(m: re.Match) -> str:
    return unicodedata.normalize("NFKC", m.group())


#: runs of the characters NFKC leaves alone, taken out to leave the others (a quarter quicker than finding those)
_ASCII_OR_IDEOGRAPHS = re.compile("[\x00-\x7f\u4e00-\u9fff]+")
_NFKC_OF: dict[str, str] = {}  # a character seen → its own NFKC, for those NFKC changes ("，" → ",")
_NFKC_SAME: set[str] = set()  # characters seen that NFKC leaves as they are (the ideographs, ASCII …)


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, quicker on Chinese text.

    Each distinct character NFKC changes is replaced by its own NFKC (``str.replace``, once per character:
    the full-width punctuation of a Chinese text are a few characters printed many times).  That never changes
    the NFKC of the whole (a character and its NFKC have the same compatibility decomposition), so when the
    result is normalised — :func:`unicodedata.is_normalized`, a check of each character's property — it *is*
    the NFKC; when it is not (a combining accent, Hangul jamo to compose), the text is normalised in full."""
    if not text:
        return ""
    s = text
    # (the characters besides ASCII and the ideographs, which NFKC leaves alone: a set of the whole text would
    # make a string of every character)
    for ch in set(_ASCII_OR_IDEOGRAPHS.sub("", text)).difference(_NFKC_SAME):
        to = _NFKC_OF.get(ch)
        if to is None:
            to = unicodedata.normalize("NFKC", ch)
            if to == ch:
                _NFKC_SAME.add(ch)
                continue
            _NFKC_OF[ch] = to
        s = s.replace(ch, to)
    if unicodedata.is_normalized("NFKC", s):
        return s
    return _NOT_IDEOGRAPHS().sub(_nfkc_piece, text)  # = unicodedata.normalize("NFKC", text)


def _norm(text: str) -> str:
    s = nfkc(text)
    for quote, plain in _QUOTE_PAIRS:  # = s.translate(_QUOTES); str.translate looks up every character
        if quote in s:
            s = s.replace(quote, plain)
    s = "".join(s.split())  # = _WS.sub("", s) (str.split and re's "\s" split at str.isspace()), a quarter the time
    s = s.replace("\u3000", "")
    if "、" in s:
        s = _item_dots(s)  # = _ITEM_SEP().sub(r"\1.", s): after NFKC no "．" is left, and "1." stays "1."
    return s


def _item_dots(s: str) -> str:
    r"""``_ITEM_SEP().sub(r"\1.", s)`` of an NFKC text: each "、" just after a digit (re's ``\d``: str.isdecimal)
    written "." — by splitting at "、", a third the time of the pattern on a page of text."""
    parts = s.split("、")
    out = [parts[0]]
    for k in range(1, len(parts)):
        before = parts[k - 1]
        out.append("." if before and before[-1].isdecimal() else "、")
        out.append(parts[k])
    return "".join(out)


def _radical_table() -> dict[int, str]:
    """The CJK radicals :func:`fold_radicals` writes as ideographs: code point → the ideograph."""
    return {cp: fold_radicals(chr(cp)) for cp in range(0x2E80, 0x2FE0) if fold_radicals(chr(cp)) != chr(cp)}



def clean(text: str) -> str:
    """Collapse runs of whitespace (incl. &nbsp; and ideographic space) into one space, strip."""
    return _WS.sub(" ", (text or "").replace("\xa0", " ").replace("\u3000", " ")).strip()


PAGE_NUMBER = re.compile(r"^\s*[-－—–]\s*\d{1,4}\s*[-－—–]\s*$|^\s*第\s*\d{1,4}\s*页\s*(共\s*\d+\s*页)?\s*$")
"""A line that is only a page number ("-2-", "— 3 —", "第3页 共6页"): page furniture, not text."""

NULL_MARKERS = frozenset({"nan", "NaN", "None", "<NA>", "NaT"})
"""A cell holding only one of these was empty in the program that wrote it (pandas ``to_markdown``/``to_string``
print an empty cell as "nan"/"NaN", ``to_html`` an empty object cell as "None", "<NA>"/"NaT" for missing integers and
dates): blank, never text that is not a number."""

NOT_APPLICABLE = {"/", "／", "—", "——", "-", "－", "–", "一一", "\\", "无", "不适用", "×"}
_DASHES = re.compile(r"^[-－—―‐‑‒–─一~～_/／\\]+$")  # "--", "―", "一", "——" …: a dash, not applicable
_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?\d+\.\d+$")
_DIGIT_COMMA = re.compile(r"\d,|,\d")
_GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")  # "1,703", "12,345,678" (NFKC: "，" is ",")
_WAN_YUAN = re.compile(r"^(\d{1,12})万(\d{1,4}(?:\.\d+)?)元$")  # "12万3500元": 12 万元 and 3500 元


MAX_DIGITS = 1000  # a printed cell never has more; Python's int() refuses more than 4300 digits anyway


class NumberTooLong(ValueError):
    """A cell with an absurdly long number (a damaged or hostile file); the message is Chinese."""

    def __init__(self, digits: int):
        super().__init__(f"表格中有一个长达 {digits} 位的数字，超出可处理的范围（上限 {MAX_DIGITS} 位），"
                         f"文件可能已损坏或是恶意构造的")
        self.digits = digits


def parse_value(raw: str, unit: str = "件"):
    """Classify a printed cell: returns ``(kind, value)``.

    ``kind`` is "number", "blank", "not_applicable" or "unreadable" (see
    :mod:`gongkai.report`).  A unit printed in the cell is accepted; an amount printed in
    元 in a 万元 cell is converted (÷ 10000).  Counts (件) become int; amounts (万元) and any printed
    decimal become Decimal, so a count printed as "1.5" stays visible to the auditor.
    Full-width digits and thousands separators are accepted.  Raises :class:`NumberTooLong` for a
    number of more than ``MAX_DIGITS`` digits (int() would fail in English, and nothing real is that long).
    """
    if raw and len(raw) <= _CACHED_LENGTH:
        return _parse_value_cached(raw, unit)
    return _parse_value(raw, unit)


@lru_cache(maxsize=16384)
def _parse_value_cached(raw: str, unit: str):
    return _parse_value(raw, unit)


def _parse_value(raw: str, unit: str = "件"):
    # the minus sign U+2212 (which NFKC keeps) as "-": "−3" is minus three and "−" alone a dash, as "－3" and "－"
    # are — unread, the cell was taken into the row's label and the row's numbers shifted a column left
    s = unicodedata.normalize("NFKC", raw or "").replace("\xa0", " ").replace("\u2212", "-").strip()
    if s == "" or s in NULL_MARKERS:
        return "blank", None
    s2 = s.replace(" ", "")
    if "," in s2:
        # thousands separators only ("1,703"): a comma anywhere else ("2914,227", two cells run together; "1,2")
        # leaves the cell unread rather than read as a number it does not print
        s2 = _GROUPED.sub(lambda m: m.group(0).replace(",", ""), s2)
        if _DIGIT_COMMA.search(s2):
            return "unreadable", None
        s2 = s2.replace(",", "")
    if unit == "万元":  # "0.001235亿元", "12万3500元": amounts in other units, converted exactly
        m = _WAN_YUAN.match(s2)
        if m:
            return "number", Decimal(m.group(1)) + Decimal(m.group(2)) / 10000
        if s2.endswith("亿元") and (_INT.match(s2[:-2]) or _DEC.match(s2[:-2])):
            value = Decimal(s2[:-2]) * 10000
            return "number", value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    printed_unit = ""
    for suffix in ("万元", "元", "件"):  # a unit printed in the cell ("251000元"); raw keeps it
        if s2.endswith(suffix) and len(s2) > len(suffix):
            s2, printed_unit = s2[:-len(suffix)], suffix
            break
    if len(s2) > MAX_DIGITS and s2[-MAX_DIGITS:].isdigit():
        raise NumberTooLong(sum(ch.isdigit() for ch in s2))
    if printed_unit == "元" and unit == "万元" and (_INT.match(s2) or _DEC.match(s2)):
        return "number", Decimal(s2) / 10000  # 251000元 in a 万元 column is 25.1 万元
    if _INT.match(s2):
        return "number", (Decimal(s2) if unit == "万元" else int(s2))
    if _DEC.match(s2):
        try:
            return "number", Decimal(s2)
        except InvalidOperation:  # pragma: no cover - the regex excludes it
            return "unreadable", None
    if s in NOT_APPLICABLE or s2 in NOT_APPLICABLE or _DASHES.match(s2):
        return "not_applicable", None
    return "unreadable", None


def is_value_text(raw: str) -> bool:
    """True when ``raw`` reads as a cell value (number, blank or not-applicable mark)."""
    return parse_value(raw)[0] != "unreadable"


CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}


def cn_number(text: str) -> int | None:
    """Read a number written in digits or in Chinese numerals (一百二十三, 两千零五): int or None."""
    s = unicodedata.normalize("NFKC", text or "").replace(",", "").strip()
    if s.isdigit():
        return int(s)
    if not s or any(ch not in CN_DIGITS and ch not in "十百千万" for ch in s):
        return None
    total, section, digit = 0, 0, 0
    units = {"十": 10, "百": 100, "千": 1000}
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in units:
            section += (digit or 1) * units[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10000
            section, digit = 0, 0
    return total + section + digit


QUOTE_HEAD = 40  # a long printed value or passage is quoted as its first QUOTE_HEAD …
QUOTE_TAIL = 10  # … and last QUOTE_TAIL characters, with its length


def shorten(text, head: int = QUOTE_HEAD, tail: int = QUOTE_TAIL) -> str:
    """A printed value or passage for quoting in a message: whole when short, else its first ``head`` and
    last ``tail`` characters, e.g. “1234…7890（共200字）”, so that what is written about a document stays
    proportional to it (a 5 MB glued digit run is not repeated in every message)."""
    text = "" if text is None else str(text)
    if len(text) <= head + tail + 10:
        return text
    return f"{text[:head]}…{text[-tail:]}（共{len(text)}字）"


def one_line(text: str) -> str:
    """Whitespace normalised for the terminal: a line break or tab inside a quoted passage would break the
    indentation of the evidence lines; every run of whitespace becomes one space."""
    return re.sub(r"\s+", " ", str(text)).strip()


def lcs_similarity(a: str, b: str) -> float:
    """The longest common subsequence's share of both strings, ``2·LCS / (len(a) + len(b))`` (1.0 for two
    empty strings): an upper bound of difflib's ``SequenceMatcher.ratio`` (its matching blocks are a common
    subsequence), so it filters out candidates before difflib runs.  The same float as rapidfuzz's
    ``Indel.normalized_similarity`` (``1 - distance / (len(a) + len(b))``); computed here with the bit-parallel
    LCS (Allison–Dix / Hyyrö: one big-int step per character of ``b``) because importing rapidfuzz costs a
    command-line start more than all the titles and names it compares (bench/bench_cold_start.py)."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    masks = _positions(a)
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    lcs = len(a) - v.bit_count()
    return 1.0 - (total - 2 * lcs) / total


@lru_cache(maxsize=4096)
def _positions(a: str) -> dict[str, int]:
    """Each character of ``a`` → the bit mask of its positions (``a`` is a title or a name, compared often)."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    return masks

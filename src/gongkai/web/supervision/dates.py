"""A published report's date taken from the document itself, when the supervisor gave none at import.

Three places say it, in this order:

1. an HTML page's publish-date ``<meta>`` — what the site's CMS stamped when it put the page up (``PubDate``,
   ``publishdate``, ``firstpublishedtime``, ``article:published_time``; a *modified* time is not a publication);
2. a “发布日期：2020-01-31” (or 发布时间) line above the report's first section, as a portal prints it under the
   title (corpus: 2019 上海市人民政府办公厅, published 2020-01-31) — never the words inside a sentence;
3. the date printed on its own line at the report's end, under the agency's name (落款日期), in Arabic or
   Chinese numerals (“2025年1月20日”, “二〇二五年一月二十日”).

Each comes back with the sentence saying where it was found, so the page can show it.  Nothing is guessed: a
date inside a sentence, or anything after the body's last long paragraph, is not taken.  No Django here.
"""

from __future__ import annotations

import datetime as dt
import re

#: publish-date meta names (lower case); modified times are left out on purpose
META_NAMES = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time")
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ISO = re.compile(r"^\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:$|[\sT:-])")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_DATE = re.compile(r"^([〇○零ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
_AR_DATE = re.compile(r"^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
LAST_PARAGRAPHS = 3  # the date stands among the last few lines (agency name, date)
BODY_LENGTH = 40     # a paragraph this long is the body: the signature block ends above it


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _cn_number(text: str) -> int | None:
    """一 … 三十一 (month or day in Chinese numerals)."""
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = 1 if not tens else _CN_DIGITS.get(tens)
    o = 0 if not ones else _CN_DIGITS.get(ones)
    if t is None or o is None or len(tens) > 1 or len(ones) > 1:
        return None
    return t * 10 + o


def parse_line_date(text: str) -> dt.date | None:
    """A line that is only a date: “2025年1月20日”, “2025 年 1 月 20 日”, “二〇二五年一月二十日”; else None."""
    s = re.sub(r"\s+", "", (text or "").translate(_FULLWIDTH))
    m = _AR_DATE.match(s)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = _CN_DATE.match(s)
    if m:
        year = int("".join(str(_CN_DIGITS[c]) for c in m[1]))
        month, day = _cn_number(m[2]), _cn_number(m[3])
        if month is None or day is None:
            return None
        return _safe_date(year, month, day)
    return None


def date_at_end(report) -> tuple[dt.date, str] | None:
    """(date, where) of the date printed on its own line at the end of the report's last section."""
    if not report.sections:
        return None
    last = list(report.sections.values())[-1]
    for text, loc in list(reversed(last.paragraphs))[:LAST_PARAGRAPHS]:
        day = parse_line_date(text)
        if day is not None:
            where = loc.describe()
            return day, f"取自报告末尾的落款日期“{text.strip()}”" + (f"（{where}）" if where else "")
        if len(text.strip()) >= BODY_LENGTH:
            return None
    return None


_LABEL = re.compile(r"^发布(?:日期|时间)\s*[:：]\s*(.+?)\s*$")


def date_label(report) -> tuple[dt.date, str] | None:
    """(date, where) of a “发布日期：…” paragraph before the report's first section (its whole paragraph, or
    the first of several fields a portal prints on one line: “发布日期：2020-01-31 来源：…”)."""
    for text, loc in report.preamble[:LAST_PARAGRAPHS * 3]:
        for part in re.split(r"\s{2,}|\t|\s(?=\S+[:：])", (text or "").translate(_FULLWIDTH).strip()):
            m = _LABEL.match(part.strip())
            if not m:
                continue
            value = m[1]
            d = _ISO.match(value)
            day = _safe_date(int(d[1]), int(d[2]), int(d[3])) if d else parse_line_date(value)
            if day is not None:
                where = loc.describe()
                return day, f"取自文件中印的“{part.strip()}”" + (f"（{where}）" if where else "")
    return None


def meta_date(data: bytes) -> tuple[dt.date, str] | None:
    """(date, where) of an HTML page's publish-date meta tag, from the page's first 64 KB."""
    head = data[:65536].decode("latin-1")
    for tag in _META.findall(head):
        attrs = {m[1].lower(): (m[2] or m[3] or m[4] or "") for m in _ATTR.finditer(tag[5:])}
        name = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").strip().lower()
        if name not in META_NAMES:
            continue
        content = attrs.get("content", "")
        try:
            content = content.encode("latin-1").decode("utf-8")
        except (UnicodeDecodeError, UnicodeEncodeError):
            pass
        m = _ISO.match(content.translate(_FULLWIDTH))
        day = _safe_date(int(m[1]), int(m[2]), int(m[3])) if m else None
        if day is not None:
            return day, f"取自网页的发布日期标记 <meta name=\"{name}\" content=\"{content.strip()[:40]}\">"
    return None


def header_date(data: bytes) -> tuple[dt.date, str] | None:
    """(date, where) of the ``发布时间:``/``发布日期:`` line of a saved page's crawler header (key: value lines
    above “==== 正文 ====”, corpus: 2024 平潭综合实验区, “发布时间: 2025-03-10 15:35”), which the text reader
    keeps out of the report's text."""
    from gongkai.readers.text import crawler_header  # lazy: only for text files with a header

    head = data[:65536]
    for codec in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = head.decode("utf-8", "replace")
    meta, _ = crawler_header(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    value = (meta.get("published") or "").translate(_FULLWIDTH)
    m = _ISO.match(value)
    day = _safe_date(int(m[1]), int(m[2]), int(m[3])) if m else parse_line_date(value)
    if day is None:
        return None
    return day, f"取自网页保存时的发布时间“{value.strip()}”（正文前的页面信息）"


def found_date(data: bytes | None, report, text: bytes | None = None) -> tuple[dt.date, str] | None:
    """The document's own publication date: the page's meta first (``data``: an HTML file's bytes, or None),
    the crawler header of a saved page (``text``: a text file's first bytes, or None), then a printed 发布日期
    line above the report, then the date at its end."""
    return ((meta_date(data) if data else None) or (header_date(text) if text else None) or date_label(report)
            or date_at_end(report))

"""Text placed on a page by coordinates, as poppler's ``pdftohtml`` prints a PDF: ``pdftohtml -s`` / ``-c`` /
``-noframes`` HTML (``<p style="position:absolute;top:1087px;left:405px" class="ft14">27</p>``, one page a
``<div id="page1-div" style="position:relative;width:892px;height:1262px">``, font sizes in the ``.ftNN`` CSS rules)
and ``pdftohtml -xml`` (``<page height width>`` of ``<text top left width height font>``, sizes in ``<fontspec>``).

Read in document order such a page is a table's cells one after another, a blank cell printing nothing at all: the
columns are only in the coordinates.  So the words are given boxes from the coordinates (the width from the text's
length at the font's size — a Chinese character is as wide as the font is high, a digit or letter half as wide —
or from the ``-xml`` width) and read as the PDF reader reads a page's words (:mod:`.word_boxes`), page by page.

Pure functions over the file's text; sizes in pixels at pdftohtml's default zoom 1.5 are turned into points.
"""

from __future__ import annotations

import html
import re
import unicodedata

from .base import RawDocument, ReadError
from .word_boxes import read_boxes

ZOOM = 1.5  # pdftohtml's default: 1 pt of the PDF is 1.5 px
MIN_PLACED = 20  # text elements placed by coordinates before a page is read by them (a web page may place a few)

# an element with top and left in its style attribute (pdftohtml puts style first; the class may come before or after)
_PLACED = re.compile(r"<(p|div|span)\b([^>]*?\bstyle=\"[^\"]*?\btop:\s*(-?[\d.]+)px;\s*left:\s*(-?[\d.]+)px[^\"]*\""
                     r"[^>]*)>((?:[^<]|<(?!/?(?:p|div|span)\b))*)</\1>", re.I)  # (no element of its kind inside)
_TABLE = re.compile(r"<table\b", re.I)
_CLASS = re.compile(r"\bclass=\"([^\"]*)\"", re.I)
_INLINE_SIZE = re.compile(r"font-size:\s*([\d.]+)px", re.I)
_RULE = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")
_LINE_HEIGHT = re.compile(r"line-height:\s*([\d.]+)px", re.I)
_PAGE_DIV = re.compile(r"<div\s+id=\"page(\d+)-div\"\s+style=\"[^\"]*?height:\s*([\d.]+)px", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")
_NUMBER = re.compile(r"^[-+]?[\d,，.．]+%?$")
_SPACE = re.compile(r"[ \t\r\n\u00a0\u3000]+")

_XML_PAGE = re.compile(r"<page\b[^>]*?\bheight=\"([\d.]+)\"[^>]*>(.*?)</page>", re.S)
_XML_TEXT = re.compile(r"<text\b[^>]*?\btop=\"(-?[\d.]+)\"[^>]*?\bleft=\"(-?[\d.]+)\"[^>]*?\bwidth=\"([\d.]+)\""
                       r"[^>]*?\bheight=\"([\d.]+)\"[^>]*>(.*?)</text>", re.S)


def is_positioned(text: str) -> bool:
    """pdftohtml's HTML (text placed by top/left, no table) or its ``-xml`` output."""
    if "<pdf2xml" in text[:2000]:
        return "<text " in text
    if "top:" not in text or "left:" not in text or _TABLE.search(text):
        return False
    count = 0
    for _ in _PLACED.finditer(text):
        count += 1
        if count >= MIN_PLACED:
            return True
    return False


def _width(ch: str) -> float:
    """A character's advance in ems: a Chinese (wide) character one em, a space a quarter (the least a word space
    or a letter spacing pdftohtml prints as a space is: a word is better too narrow than over its neighbour) as are
    a point or a comma, the rest half."""
    if ch in " .,:;'!|":
        return 0.25
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


def _words(line: str, left: float, top: float, size: float, em: float, boxes: list) -> None:
    """The words of one printed line with boxes in points: ``left``, ``top``, the font's ``size`` (the box's
    height) and the width of an ``em`` in pixels.  Words are split at spaces, except a space between two Chinese
    characters: that is letter spacing ("商 业 企", a header spread over its cell), one word as pdftotext prints it;
    and a line with a number followed by words is running text, one word."""
    words: list[list] = []  # [text, x0, x1] in pixels
    x = left
    for piece in re.split(r"( +)", line):
        w = sum(_width(c) for c in piece) * em
        if piece and piece[0] != " ":
            if words and words[-1][2] < x and _width(words[-1][0][-1]) == _width(piece[0]) == 1.0:
                words[-1][0] += piece
                words[-1][2] = x + w
            else:
                words.append([piece, x, x + w])
        x += w
    if any(_NUMBER.match(a[0]) and not _NUMBER.match(b[0]) for a, b in zip(words, words[1:])):
        # a number followed by words: running text ("被申请行政复议 3 件，被提起…"), one word — its numbers are
        # not a table's, and where its later words lie is only known roughly (the widths add up along the line)
        words = [[" ".join(w[0] for w in words), words[0][1], words[-1][2]]]
    for text, x0, x1 in words:
        boxes.append((text, x0 / ZOOM, x1 / ZOOM, top / ZOOM, (top + size) / ZOOM))


def _text(inner: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", inner))).strip()


def _styles(text: str) -> dict[str, tuple[float, float]]:
    """Class name → (font size, line height) in pixels from the page's CSS rules."""
    out = {}
    for m in _RULE.finditer(text):
        size = _INLINE_SIZE.search(m.group(2))
        if size:
            lh = _LINE_HEIGHT.search(m.group(2))
            s = float(size.group(1))
            out[m.group(1)] = (s, float(lh.group(1)) if lh else s * 1.25)
    return out


def _font(name: str, page: str, styles: dict) -> tuple[float, float] | None:
    """A class's (size, line height).  pdftohtml names a font's class "ft" + the page's number + the font's number
    and defines it on the page where the font is first used: on a later page the class is the same font, defined
    under an earlier page's number (page 2's "ft24" is "ft14" of page 1)."""
    if name in styles:
        return styles[name]
    if name.startswith("ft" + page) and len(name) > 2 + len(page):
        font = name[2 + len(page):]
        for earlier in range(int(page) - 1, 0, -1):
            if f"ft{earlier}{font}" in styles:
                return styles[f"ft{earlier}{font}"]
    return None


def _html_pages(text: str) -> list:
    styles = _styles(text)
    smallest = min(styles.values(), default=(12.0, 15.0))  # a class not found: the narrowest guess
    cuts = list(_PAGE_DIV.finditer(text))
    spans = [(m.start(), cuts[i + 1].start() if i + 1 < len(cuts) else len(text), m.group(1), float(m.group(2)))
             for i, m in enumerate(cuts)] or [(0, len(text), "1", 0.0)]
    pages = []
    for start, end, page, height in spans:
        boxes: list = []
        for m in _PLACED.finditer(text, start, end):
            attrs, top, left, inner = m.group(2), float(m.group(3)), float(m.group(4)), m.group(5)
            classes = _CLASS.search(attrs)
            found = [f for f in (_font(c, page, styles) for c in (classes.group(1).split() if classes else ()))
                     if f]
            size, line_height = found[-1] if found else smallest
            inline = _INLINE_SIZE.search(attrs)
            if inline:
                size = float(inline.group(1))
                line_height = max(line_height, size)
            for i, line in enumerate(_BR.split(inner)):
                words = _text(line)
                if words:
                    _words(words, left, top + i * line_height, size, size, boxes)
        if not height:
            height = max((b[4] for b in boxes), default=0.0) * ZOOM
        pages.append((height / ZOOM, boxes))
    return pages


def _xml_pages(text: str) -> list:
    pages = []
    for p in _XML_PAGE.finditer(text):
        boxes: list = []
        for m in _XML_TEXT.finditer(p.group(2)):
            top, left, width, height = (float(x) for x in m.group(1, 2, 3, 4))
            line = _text(m.group(5))
            if not line:
                continue
            ems = sum(_width(c) for c in line)  # the printed width shared out by the characters' widths
            em = width / ems if ems and width else height
            # the box as high as the font (its em), as the HTML variants' font-size gives it: the element's height
            # is the line's (about 1.3 em), and a word then looked narrower than its characters — two lines'
            # characters printed over one another to the PDF reader's overprint test (pdf._overprinted)
            _words(line, left, top, min(height, em) if em > 0 else height, em, boxes)
        pages.append((float(p.group(1)) / ZOOM, boxes))
    return pages


def read_positioned(text: str, source: str) -> RawDocument:
    """A pdftohtml page (see the module docstring) read as a PDF's words."""
    xml = "<pdf2xml" in text[:2000]
    pages = _xml_pages(text) if xml else _html_pages(text)
    if not any(boxes for _, boxes in pages):
        raise ReadError(source, "页面中没有可读取的文字或表格")
    return read_boxes(pages, source, "pdftohtml -xml" if xml else "pdftohtml")

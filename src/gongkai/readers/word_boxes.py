"""A PDF's words with their boxes, as poppler's text tools print them: ``pdftotext -tsv`` (a table of words:
level, page, block, line, word, left, top, width, height, conf, text) and ``pdftotext -bbox-layout`` (XHTML with
``<page>``, ``<line>`` and ``<word xMin yMin xMax yMax>``).  Neither is a report's text in reading order: a table's
cells are separate blocks, so read line by line they give labels and numbers apart.  The boxes are what the PDF
reader works from, so they are read as the PDF reader reads a page's words (:func:`pdf.read_word_boxes`).

Pure functions over the file's text; every number and size is bounded by the file's size (the callers' limits).
"""

from __future__ import annotations

import re

from ..textutil import lazy_pattern
from .base import RawDocument, ReadError

TSV_HEADER = "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
_BBOX_START = re.compile(r"<doc>\s*<page\s+width=\"[\d.]+\"\s+height=\"[\d.]+\"", re.S)


def is_tsv(text: str) -> bool:
    """``pdftotext -tsv`` output: its header line first."""
    return text.lstrip("\ufeff").startswith(TSV_HEADER)


def is_bbox(text: str) -> bool:
    """``pdftotext -bbox`` / ``-bbox-layout`` output: a ``<doc>`` of ``<page width height>`` with ``<word>`` boxes."""
    return "<word " in text and bool(_BBOX_START.search(text[:20000]))


def _number(x: str) -> float:
    v = float(x)
    if not (v == v and abs(v) < 1e6):  # NaN, inf, absurd sizes: not a box
        raise ValueError(x)
    return v


def read_tsv(text: str, source: str) -> RawDocument:
    pages: dict[int, tuple[float, list]] = {}
    for n, line in enumerate(text.lstrip("\ufeff").split("\n")[1:], 2):
        f = line.rstrip("\r").split("\t")
        if len(f) < 12:
            continue
        try:
            level, page = int(f[0]), int(f[1])
            left, top, width, height = (_number(x) for x in f[6:10])
        except ValueError:
            raise ReadError(source, f"pdftotext -tsv 文字坐标表第{n}行的数值无效，无法读取") from None
        if not 0 < page <= 10_000:
            raise ReadError(source, f"pdftotext -tsv 文字坐标表第{n}行的页码无效（{f[1]}）")
        words = pages.setdefault(page, (0.0, []))[1]
        if level == 1:
            pages[page] = (height, words)
        elif level == 5 and f[10] != "-1":
            word = "\t".join(f[11:]).strip()
            if word and not (word.startswith("###") and word.endswith("###")):
                words.append((word, left, left + width, top, top + height))
    if not pages:
        raise ReadError(source, "pdftotext -tsv 文字坐标表中没有任何文字")
    return read_boxes([pages[p] for p in sorted(pages)], source, "pdftotext -tsv")


_PAGE = lazy_pattern(r"<page\s+width=\"([\d.]+)\"\s+height=\"([\d.]+)\"\s*>(.*?)</page>", re.S)
_WORD = lazy_pattern(r"<word\s+xMin=\"([-\d.]+)\"\s+yMin=\"([-\d.]+)\"\s+xMax=\"([-\d.]+)\"\s+yMax=\"([-\d.]+)\"\s*>"
                   r"(.*?)</word>", re.S)


def read_bbox(text: str, source: str) -> RawDocument:
    import html

    pages = []
    for m in _PAGE().finditer(text):
        words = []
        for w in _WORD().finditer(m.group(3)):
            try:
                x0, top, x1, bottom = (_number(x) for x in w.group(1, 2, 3, 4))
            except ValueError:
                raise ReadError(source, "pdftotext -bbox 文字坐标中的数值无效，无法读取") from None
            word = html.unescape(re.sub(r"<[^>]*>", "", w.group(5))).strip()
            if word:
                words.append((word, x0, x1, top, bottom))
        pages.append((float(m.group(2)), words))
    if not pages:
        raise ReadError(source, "pdftotext -bbox 文字坐标中没有任何页面")
    return read_boxes(pages, source, "pdftotext -bbox-layout")


def read_boxes(pages, source: str, producer: str) -> RawDocument:
    """The words read as the PDF reader reads a page's words."""
    from .pdf import read_word_boxes  # lazy: loads PDFium, which a text or web page never needs (cold start)
    return read_word_boxes(pages, source, producer)

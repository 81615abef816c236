"""Text laid out in an HTML ``<pre>`` (issue 11): a console's HTML export (rich's ``export_html``: the report as
the terminal printed it, its tables drawn with box characters), ``pdftotext -htmlmeta`` (the PDF's text in one
``<pre>``).  The element holds a text file, not a paragraph: its text is read with the text reader (as the same
text saved as .txt is read: drawn tables, aligned columns, a cell a line), and its blocks take the ``<pre>``'s place
among the page's blocks, their lines counted from the page's line the ``<pre>`` starts on and their tables
numbered after the page's tables before it.

A ``<pre>`` of fewer than :data:`MIN_LINES` lines with text (a code sample, a one-line notice) stays flow text:
its line breaks are the text's own, so each becomes a ``<br>`` before the page is walked (:func:`lines_of_pre`) —
else the walk, which reads a source line break as wrapping, runs the lines into one paragraph.  (A ``<pre>``
holding a text file is read by the text reader; ``pdftotext -htmlmeta`` wraps a PDF's whole text in one.)
"""

from __future__ import annotations

import re
from dataclasses import replace

import lxml.etree

from ..report import Location
from .base import RowBlock
from .text import read_text

MIN_LINES = 3
_LINE_WHERE = re.compile(r"第(\d+)行")
_BREAK = re.compile(r"\r\n?|[\n\f\v]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def pre_text(pre) -> str | None:
    """The text of a ``<pre>`` element holding a text file (its lines, markup inside dropped), or None."""
    text = "".join(pre.itertext())
    if sum(1 for x in text.split("\n") if x.strip()) < MIN_LINES:
        return None
    return text


#: the text reader's notes keyed by line (1-based) that the mapping reads: carried into the page's document
LINE_META = ("tab_lines", "order_doubtful_lines")


def pre_blocks(text: str, source: str, line: int | None, tables: int, extra: dict | None = None) -> tuple[list, int]:
    """The blocks of a ``<pre>``'s text (``line``: the page line it starts on; ``tables``: the page's tables
    before it) and how many tables they number.  ``extra`` (when given) gets the text's page starts
    (``"page_starts"``: a form feed of ``pdftotext -htmlmeta``; the mapping places a layout row's cells by the
    columns of its own page) and its line notes (:data:`LINE_META`), on the page's lines."""
    shift = (line or 1) - 1
    doc = read_text(text, source)
    blocks = doc.blocks
    if extra is not None:
        extra.setdefault("page_starts", []).extend(p + shift for p in doc.page_starts)
        for key in LINE_META:
            got = doc.meta.get(key)
            if isinstance(got, dict):
                extra.setdefault(key, {}).update({k + shift: v for k, v in got.items()})
            elif got:
                extra.setdefault(key, []).extend(k + shift for k in got)
    numbers: dict[int, int] = {}
    out = []
    for b in blocks:
        if isinstance(b, RowBlock):
            table = b.table if b.table is None else numbers.setdefault(b.table, tables + len(numbers))
            b = replace(b, location=_shifted(b.location, shift), table=table,
                        cells=[replace(c, location=_shifted(c.location, shift)) for c in b.cells])
        else:
            b = replace(b, location=_shifted(b.location, shift))
        out.append(b)
    return out, len(numbers)


def _shifted(loc: Location, shift: int) -> Location:
    if not shift:
        return loc
    where = _LINE_WHERE.sub(lambda m: f"第{int(m.group(1)) + shift}行", loc.where) if loc.where else loc.where
    return Location(source=loc.source, line=None if loc.line is None else loc.line + shift, where=where,
                    page=loc.page)


def lines_of_pre(root) -> None:
    """Each line break in the text of a ``<pre>`` (its own text and its children's tails) becomes a ``<br>`` —
    but for a ``<pre>`` holding a text file, which the page's walk reads with the text reader (:func:`pre_blocks`)."""
    for pre in root.iter("pre"):
        if pre_text(pre) is not None:
            continue
        for node, attr in [(pre, "text")] + [(child, "tail") for child in pre.iter() if child is not pre]:
            text = getattr(node, attr)
            if not text or not _BREAK.search(text):
                continue
            text = _CONTROL.sub("", _BREAK.sub("\n", text))  # a form feed (pdftotext's page break) breaks a line
            lines = text.strip("\n").split("\n") if node is pre and attr == "text" else text.split("\n")
            setattr(node, attr, lines[0])
            parent, at = (node, 0) if attr == "text" else (node.getparent(), node.getparent().index(node) + 1)
            for k, line in enumerate(lines[1:]):
                br = lxml.etree.Element("br")
                br.tail = line
                parent.insert(at + k, br)

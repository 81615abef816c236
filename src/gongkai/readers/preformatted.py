"""Preformatted text in a web page (``<pre>``, as ``pdftotext -htmlmeta`` wraps a PDF's whole text in one): its line
breaks are the text's own, so each becomes a ``<br>`` before the page is walked — else the walk, which reads
a source line break as wrapping, runs the lines into one paragraph and a report's headings are lost in it (a
pre-2019 report read as "not a report")."""

from __future__ import annotations

import re

import lxml.etree

from .html_pre import pre_text

_BREAK = re.compile(r"\r\n?|[\n\f\v]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def lines_of_pre(root) -> None:
    """Each line break in the text of a ``<pre>`` (its own text and its children's tails) becomes a ``<br>`` —
    but for a ``<pre>`` holding a text file, which the page's walk reads with the text readers (:mod:`.html_pre`)."""
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

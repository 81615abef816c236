"""A PDF's text as poppler prints it in HTML (issue 11, a tester's class 3).

``pdftohtml -noframes`` prints each text line of a page followed by <br/>, no positions: a table of narrow label
cells comes one cell a line, a row's label wrapped in its cell printed around its numbers ("（二）" / 2 / 0 / … /
"部分公开（区分处理的，" / "只计这一情形…"), a blank cell no line at all, page footers and running headers among the
rows.  Before, the label lines after a row's numbers, followed by the next row's first label line, were taken for
the next numbers' label: the next row's numbers went to this row — wrong numbers (171 on 18 LibreOffice PDFs,
tools/measure_pdf_html.py).  A numbered label's first line just above the numbers begins their label when the
lines above it end another row's label.  The renderer below prints that layout from random consistent reports:
never a wrong number.

``pdftotext -htmlmeta -layout`` wraps the layout text in a <pre>: read as the same text saved as .txt (its page
starts and line notes kept), cell for cell the same."""

from __future__ import annotations

import html
import random
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from test_layout_generator import (ALL_CELLS, EXAMPLES, assert_never_wrong, layout_varied, make_case,  # noqa: E402
                                   tab_text)

from gongkai.readers.html import read_html  # noqa: E402
from gongkai.readers.mapping import map_document  # noqa: E402
from gongkai.readers.text import read_text  # noqa: E402

HEADER = "测试市测试局政府信息公开"


def _is_value(c: str) -> bool:
    return c.replace(".", "", 1).isdigit() or c in ("/", "-", "—", "－")


def noframes_lines(rep, rng: random.Random) -> list[str]:
    """The report's lines as ``pdftohtml -noframes`` prints a LibreOffice PDF of its tables with a narrow label
    column (``width`` characters a line): a header row's cells each a line; a merged group cell's lines before its
    first row; a row's label cut into lines, its first ``k`` lines, its printed values one a line, its other lines;
    a page's footer and the next page's header at times between two rows."""
    width = rng.choice([3, 4, 5, 6])
    out: list[str] = []
    page = 1
    for line in tab_text(rep):
        cells = line.split("\t") if "\t" in line else None
        if cells is None:
            if line.strip():
                out.append(line)
            continue
        values = [c for c in cells if _is_value(c)]
        labels = [c for c in cells if c and not _is_value(c)]
        if not values:
            out += [c[i:i + width] for c in labels for i in range(0, len(c), width)]
            continue
        groups, label = labels[:-1], labels[-1] if labels else ""
        out += [c[i:i + width] for c in groups for i in range(0, len(c), width)]  # a merged group cell's lines
        pieces = [label[i:i + width] for i in range(0, len(label), width)]
        k = rng.randint(1, max(1, min(2, len(pieces) - 1))) if pieces else 0
        out += pieces[:k] + values + pieces[k:]
        if rng.random() < 0.08:
            out += [f"第 {page} 页", HEADER]
            page += 1
    return out


def noframes_html(rep, rng: random.Random) -> bytes:
    body = "<br/>\n".join(html.escape(x) for x in noframes_lines(rep, rng))
    return (f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset=UTF-8'/>"
            f"<title>out</title></head><body bgcolor='#A0A0A0'><a name=1></a>{HEADER}<br/>\n{body}<br/>\n"
            f"<hr/></body></html>").encode("utf-8")


@settings(max_examples=EXAMPLES, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_pdftohtml_noframes_labels_around_numbers_never_wrong(rng):
    rep, rng = make_case(rng, small=True)
    assert_never_wrong(rep, map_document(read_html(noframes_html(rep, rng), "p.html")))


@settings(max_examples=max(5, EXAMPLES // 2), deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_htmlmeta_layout_reads_as_the_text_file(rng):
    rep, rng = make_case(rng, marks=True, blank_rows=True)
    text = layout_varied(rep, rng)
    page = (f"<!DOCTYPE html><html><head><title></title></head><body>\n<pre>\n{html.escape(text)}</pre>\n"
            f"</body></html>").encode("utf-8")
    as_text = map_document(read_text(text, "g.txt"))
    as_html = map_document(read_html(page, "g.html"))
    assert_never_wrong(rep, as_html)
    for key in ALL_CELLS:
        a, b = as_text.cells[key], as_html.cells[key]
        assert (a.kind, a.value) == (b.kind, b.value), (key, a, b)

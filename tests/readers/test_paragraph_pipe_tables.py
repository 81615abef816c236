"""A Markdown pipe table with no empty line before it: python-markdown leaves it, rows and all, inside the paragraph
before it (“<p>第二十条第（一）项\\n| 信息内容 | … |\\n|:---|…|\\n| 规章 | 0 |  | 9 |</p>”), or a CMS joins the
rows with <br>.  Each row is read as a pipe row — collapsed into one paragraph, “| 0 |  | 9 |” read “0 9” (the blank
lost, the numbers unplaced).  Rendered here as python-markdown renders such Markdown; expected values are the
generated report's."""

from __future__ import annotations

import html
import random
import re
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_layout_generator import assert_never_wrong, make_case

sys.path.insert(0, str(Path(__file__).parent))
from test_converter_dumps import _read_all_right  # noqa: E402

from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.writers import write_markdown

SETTINGS = dict(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def python_markdown_html(rep, joiner: str) -> str:
    """``rep``'s Markdown with no empty line before each table, rendered as python-markdown renders it: a heading an
    <hN>, every other run of lines one <p> (its lines kept as they are, joined by ``joiner``)."""
    text = re.sub(r"\n\n(?=\|)", "\n", write_markdown(rep))
    out = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"]
    for para in re.split(r"\n\s*\n", text):
        lines = [x for x in para.split("\n") if x.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            level = len(lines[0]) - len(lines[0].lstrip("#"))
            out.append(f"<h{level}>{html.escape(lines[0].lstrip('#').strip())}</h{level}>")
            lines = lines[1:]
        if lines:
            out.append("<p>" + joiner.join(html.escape(x) for x in lines) + "</p>")
    return "\n".join(out) + "</body></html>"


@settings(**SETTINGS)
@given(seed=st.integers(0, 10**6), joiner=st.sampled_from(["\n", "<br />\n", "<br>"]))
def test_pipe_rows_inside_a_paragraph_are_read_cell_for_cell(seed, joiner):
    rep, _ = make_case(random.Random(seed), blank_rows=True)
    got = map_document(read_html(python_markdown_html(rep, joiner), "a.html"))
    assert_never_wrong(rep, got)
    _read_all_right(rep, got)


def test_a_paragraph_with_one_pipe_line_stays_a_paragraph():
    from gongkai.readers.base import RowBlock
    raw = read_html("<p>甲 | 乙 | 丙 | 丁\n第二行</p><p>说明\n| 1 | 2 |\n正文</p>"
                    "<p>说明\n| 1 |  | 2 |\n| 3 | 4 | |\n后文\n续</p>", "a.html")
    got = [[c.text for c in b.cells] if isinstance(b, RowBlock) else b.text for b in raw.blocks]
    assert got == ["甲 | 乙 | 丙 | 丁第二行", "说明 | 1 | 2 | 正文", "说明", ["1", "", "2"], ["3", "4", ""], "后文续"]
    assert [b.location.line for b in raw.blocks][2:] == [4, 5, 6, 7]  # (the source lines of the three paragraphs)

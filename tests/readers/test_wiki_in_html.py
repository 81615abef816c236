"""Wiki table markup (MediaWiki, MoinMoin, Textile) in a web page (issue 11, a tester's class 5): a CMS showing a
wiki page's source — in a <pre>, in a <div> whose text keeps its line breaks (or ``white-space: pre-wrap``), lines
apart by <br>, a <p> per line, a <textarea> — is recognised by its content as in a text file: the element's lines
are read with the text reader, each table by its markup.  Before, outside a <pre>, the lines ran into one paragraph
and "||" read as cells apart: wrong numbers.  Expected values are the generated report's."""

from __future__ import annotations

import html
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from test_converter_dumps import _read_all_right  # noqa: E402
from test_layout_generator import assert_never_wrong, make_case  # noqa: E402
from test_wiki_tables import _document, mediawiki_by_hand, mediawiki_tabulate, moinmoin, textile  # noqa: E402

from gongkai.readers.html import read_html  # noqa: E402
from gongkai.readers.mapping import map_document  # noqa: E402

MARKUPS = {"mediawiki": lambda rows, rng: mediawiki_tabulate(rows), "mediawiki_by_hand": mediawiki_by_hand,
           "moinmoin": moinmoin, "textile": textile}


def wrapped(doc: str, how: str) -> str:
    e = html.escape(doc)
    lines = doc.split("\n")
    body = {
        "pre": f"<pre>{e}</pre>",
        "div": f"<div class='content'>{e}</div>",
        "pre_wrap": f"<div style='white-space: pre-wrap'>{e}</div>",
        "br": "<div>" + "<br>".join(html.escape(x) for x in lines) + "</div>",
        "p": "".join(f"<p>{html.escape(x)}</p>" for x in lines if x.strip()),
        "textarea": f"<form><textarea rows='40'>{e}</textarea></form>",
    }[how]
    return (f"<html><head><meta charset='utf-8'><title>年报</title></head><body><div id='nav'>首页 | 信息公开</div>"
            f"<div id='main'>{body}</div></body></html>")


@pytest.mark.parametrize("markup", list(MARKUPS))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), how=st.sampled_from(["pre", "div", "pre_wrap", "br", "p", "textarea"]))
def test_wiki_markup_in_a_page_is_read_cell_for_cell(markup, seed, how):
    rep, rng = make_case(random.Random(seed))
    doc = _document(rep, lambda rows: MARKUPS[markup](rows, rng))
    got = map_document(read_html(wrapped(doc, how).encode("utf-8"), "wiki.html"))
    assert_never_wrong(rep, got)
    _read_all_right(rep, got)


def test_a_page_with_a_real_table_and_or_signs_in_its_script_is_read_as_before():
    page = ("<html><body><script>var a = b || c;</script><p>一、总体情况</p>"
            "<table><tr><td>规章</td><td>1</td></tr></table><p>x || y</p></body></html>")
    raw = read_html(page.encode("utf-8"), "a.html")
    assert any(getattr(b, "cells", None) for b in raw.blocks)
    assert any(getattr(b, "text", "") == "x || y" for b in raw.blocks)

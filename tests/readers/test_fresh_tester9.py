"""What a fresh tester (issue 11, tester 9) found read wrong in consistent reports: fixtures of our own."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.readers.html import image_text, parse_html, read_html
from gongkai.readers.mapping import map_document
from gongkai.writers import write_html

READ_FAIL = {"C02", "C03", "C05", "C08", "P08", "P10"}


def _same_cells(got, values) -> None:
    for k, v in values.items():
        cell = got.cells[k]
        assert cell.kind == "number" and cell.value == v, (k, cell.kind, cell.raw, v)


# ---------------------------------------------------------------- F3a: header cells drawn as pictures
_LABEL_CELL = re.compile(r"<(td|th)([^>]*)>([^<>]*[\u4e00-\u9fff][^<>]*)</\1>")


def _as_pictures(html: str, rng: random.Random, alt_only: bool) -> str:
    """Every label cell (some or all) given as an image with its label as alt text, as a CMS that renders header
    cells to pictures does: <td><img src="/u/img/123.png" alt="本年制发件数"></td>."""
    def swap(m):
        if not alt_only and rng.random() < 0.3:
            return m.group(0)
        return (f'<{m.group(1)}{m.group(2)}><img src="/u/img/{rng.randrange(99999)}.png" alt="{m.group(3)}" '
                f'width="60"></{m.group(1)}>')
    return _LABEL_CELL.sub(swap, html)


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_header_cells_given_as_images_are_read_by_their_alt_text(seed, alt_only):
    rng = random.Random(seed)
    values = consistent_values(rng)
    html = _as_pictures(write_html(report_from_values(values)), rng, alt_only)
    assert "<img" in html
    got = map_document(read_html(html.encode("utf-8"), "r.html"))
    _same_cells(got, values)
    assert not {f.code for f in audit(got) if f.severity == "error"} & READ_FAIL


def _cell(html: str):
    return parse_html(f"<table><tr>{html}</tr></table>", "t.html").find(".//td")


def test_alt_text_is_read_only_where_the_cell_has_no_text_and_says_something():
    assert image_text(_cell('<td><img src="a.png" alt="总计"></td>')) == "总计"
    assert image_text(_cell('<td><img src="a.png" alt="图片1"></td>')) == ""
    assert image_text(_cell('<td><img src="a.png" alt="a.png"></td>')) == ""
    assert image_text(_cell('<td><img src="a.png"></td>')) == ""
    rows = [b for b in read_html('<table><tr><td>自然人<img alt="x"></td><td><img alt="商业企业"></td>'
                                 '<td><img src="b.gif"></td></tr></table>', "t.html").blocks if hasattr(b, "cells")]
    assert [c.text for c in rows[0].cells] == ["自然人", "商业企业", ""]

"""What a fresh tester (issue 11, tester 10) found read wrong in consistent HTML reports: fixtures of our own."""

from __future__ import annotations

import codecs
import html as html_lib
import random
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.readers import read_raw
from gongkai.readers.html import parse_html, read_html
from gongkai.readers.html_visible import drop_hidden, show_controls
from gongkai.readers.mapping import map_document
from gongkai.writers import write_html

READ_FAIL = {"C02", "C03", "C05", "C08", "P08", "P10"}
_NUMBER_CELL = re.compile(r"<(td|th)([^>]*)>\s*(\d+)\s*</\1>")
_LABEL_CELL = re.compile(r"<(td|th)([^>]*)>([^<>]*[\u4e00-\u9fff][^<>]*)</\1>")


def _same_cells(got, values) -> None:
    for k, v in values.items():
        cell = got.cells[k]
        assert cell.kind == "number" and cell.value == v, (k, cell.kind, cell.raw, v)


def _read(html: str, values: dict) -> None:
    got = map_document(read_html(html.encode("utf-8"), "r.html"))
    _same_cells(got, values)
    assert not {f.code for f in audit(got) if f.severity == "error"} & READ_FAIL


# ---------------------------------------------------------------- form controls print their values
def _as_controls(html: str, rng: random.Random) -> str:
    """Every number cell printed by a read-only form control, as a CMS's "form view" of the report does."""
    def swap(m):
        n, kind = m.group(3), rng.randrange(4)
        if kind == 0:
            ctl = f'<input type="text" class="num" value="{n}" readonly="readonly">'
        elif kind == 1:
            ctl = f'<input value="{n}" readonly>'
        elif kind == 2:
            ctl = f'<textarea readonly rows="1">{n}</textarea>'
        else:
            other = str(int(n) + 1)
            ctl = f'<select disabled><option>{other}</option><option selected>{n}</option></select>'
        return f"<{m.group(1)}{m.group(2)}>{ctl}</{m.group(1)}>"
    return _NUMBER_CELL.sub(swap, html)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_numbers_in_read_only_form_controls_are_read_as_the_cells_text(seed):
    rng = random.Random(seed)
    values = consistent_values(rng)
    html = _as_controls(write_html(report_from_values(values)), rng)
    assert "<input" in html
    _read(html, values)


def test_a_select_without_a_selected_option_shows_its_first_and_a_checkbox_shows_nothing():
    page = ('<table><tr><td><select><option>3</option><option>4</option></select></td>'
            '<td><input type="checkbox" value="9">是</td><td><input type="hidden" value="7"></td></tr></table>')
    root = parse_html(page, "t.html")
    show_controls(root)
    assert [("".join(td.itertext())) for td in root.iter("td")] == ["3", "是", ""]


# ---------------------------------------------------------------- anti-copy text hidden by CSS
def _with_hidden_noise(html: str, rng: random.Random) -> str:
    """Hidden anti-copy text inside labels and numbers (inline style, or a <style> class rule)."""
    noise = ['<span style="display:none">gov</span>', '<span class="hid">8</span>',
             '<font style="visibility: hidden">1</font>', '<i class="x hid">www</i>']
    def add(m):
        text = m.group(3)
        cut = rng.randrange(len(text) + 1)
        return f"<{m.group(1)}{m.group(2)}>{text[:cut]}{rng.choice(noise)}{text[cut:]}</{m.group(1)}>"
    html = _LABEL_CELL.sub(add, html)
    html = _NUMBER_CELL.sub(add, html)
    return html + "<style>.hid{display:none}</style>"  # (a rule after the text it hides applies all the same)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_text_hidden_by_css_inside_labels_and_numbers_is_not_read(seed):
    rng = random.Random(seed)
    values = consistent_values(rng)
    html = _with_hidden_noise(write_html(report_from_values(values)), rng)
    assert "display:none" in html
    _read(html, values)


# ---------------------------------------------------------------- Word's "Unicode" web page: UTF-16 with a BOM
@settings(max_examples=4, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["utf-16-le", "utf-16-be"]), st.booleans())
def test_a_utf16_web_page_with_or_without_a_byte_order_mark_is_read_as_html(seed, codec, with_bom):
    rng = random.Random(seed)
    values = consistent_values(rng)
    html = write_html(report_from_values(values)).replace("charset=utf-8", "charset=unicode")
    bom = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) if with_bom else b""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "r.htm"
        path.write_bytes(bom + html.encode(codec))
        raw = read_raw(path)
    assert raw.reader == "html"
    got = map_document(raw)
    _same_cells(got, values)


# ---------------------------------------------------------------- the article in an iframe's srcdoc
@settings(max_examples=6, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_a_report_framed_in_an_iframe_srcdoc_is_read_where_the_frame_is(seed, controls):
    rng = random.Random(seed)
    values = consistent_values(rng)
    inner = write_html(report_from_values(values))
    if controls:
        inner = _as_controls(inner, rng)
    page = (f'<html><head><title>门户</title></head><body><div class="nav">首页 | 政务公开</div>'
            f'<iframe id="zwnr" width="100%" height="4000" srcdoc="{html_lib.escape(inner, quote=True)}"></iframe>'
            f'<div class="foot">版权所有</div></body></html>')
    _read(page, values)


def test_rules_inside_a_media_block_hide_nothing_and_a_hidden_rule_outside_does():
    from_page = ('<style>@media (max-width: 768px) { .wide { display: none } } @media print{.x{display:none}}'
                 ' .hid{display:none}</style><table class="wide"><tr><td>本年新收政府信息公开申请数量</td>'
                 '<td>1<span class="hid">9</span>2</td><td style="DISPLAY: None">7</td><td>3</td></tr></table>')
    root = parse_html(from_page, "t.html")
    drop_hidden(root, from_page.encode())
    assert ["".join(td.itertext()) for td in root.iter("td")] == ["本年新收政府信息公开申请数量", "12", "3"]

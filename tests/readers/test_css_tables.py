"""Tables a page draws with CSS boxes (grid, flex rows, display: table) instead of <table>: read cell by cell.

The pages are made here from random consistent reports: gongkai's own HTML with every <table> rewritten as
boxes (lxml), with no white space between the boxes (so a reader of the flow text would run "23" "11" together)
and empty boxes for blank cells (which flow text would drop, moving the numbers after them left).
"""

from __future__ import annotations

import random

import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from office_helpers import consistent_values, report_from_values

from gongkai.readers.css_tables import _columns, convert
from gongkai.readers.html import parse_html, read_html
from gongkai.writers import write_html

STYLE = ("<style>.g{display:grid;grid-template-columns:%s} .row{display:flex} .cell{flex:1;border:1px solid #444}"
         " .t{display:table} .tr{display:table-row} .td{display:table-cell}</style>")


def _report(seed: int):
    rng = random.Random(seed)
    values = consistent_values(rng, rng.choice([9, 60, 5000]))
    keys = sorted(k for k in values if k[0] in ("二", "三", "四"))
    blanks = rng.sample(keys, rng.randint(0, 6))
    for key in blanks:
        values.pop(key)
    return report_from_values(values, blanks=blanks, title="测试市测试局2024年政府信息公开工作年度报告")


def _as_boxes(html: str, layout: str) -> str:
    """gongkai's HTML page with its tables drawn by CSS boxes of ``layout`` (grid | table)."""
    root = lxml.html.fromstring(html)
    widest = 1
    for table in list(root.iter("table")):
        rows = list(table.iter("tr"))
        if layout == "grid":
            widths = [sum(int(td.get("colspan", 1)) for td in tr.iter("td", "th")) for tr in rows]
            cols = max(widths) if widths else 1
            widest = max(widest, cols)
            box = lxml.html.Element("div", {"class": "g", "style": f"grid-template-columns:repeat({cols},auto)"})
            for tr in rows:
                for td in tr.iter("td", "th"):
                    cell = lxml.html.Element("div")
                    cell.text = td.text_content().strip()
                    style = []
                    if int(td.get("colspan", 1)) > 1:
                        style.append(f"grid-column:span {td.get('colspan')}")
                    if int(td.get("rowspan", 1)) > 1:
                        style.append(f"grid-row:span {td.get('rowspan')}")
                    if style:
                        cell.set("style", ";".join(style))
                    box.append(cell)
        else:
            box = lxml.html.Element("div", {"class": "t"})
            for tr in rows:
                row = lxml.html.Element("div", {"class": "tr"})
                for td in tr.iter("td", "th"):
                    cell = lxml.html.Element("span", {"class": "td"})
                    cell.text = td.text_content().strip()
                    for name in ("rowspan", "colspan"):
                        if td.get(name):
                            cell.set(name, td.get(name))
                    row.append(cell)
                box.append(row)
        box.tail = table.tail
        table.getparent().replace(table, box)
    page = lxml.html.tostring(root, encoding="unicode")
    return f"<html><head>{STYLE % f'repeat({widest},auto)'}</head><body>{page}</body></html>"


@pytest.mark.parametrize("layout", ["grid", "table"])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_a_report_drawn_with_css_boxes_reads_every_cell(layout, seed):
    rep = _report(seed)
    page = _as_boxes(write_html(rep), layout)
    assert "<table" not in page
    from gongkai.readers.mapping import map_document
    got = map_document(read_html(page.encode("utf-8"), "boxes.html"))
    for key, cell in rep.cells.items():
        if key[0] in ("二", "三", "四"):
            assert (got.cells[key].kind, got.cells[key].value) == (cell.kind, cell.value), (layout, key)


def test_flex_rows_without_white_space_are_cells_and_an_empty_box_a_blank_cell():
    page = ("<html><head><style>.r{display:flex}</style></head><body><p>第二十条第（一）项</p><div>"
            '<div class="r"><span>信息内容</span><span>本年制发件数</span><span>本年废止件数</span><span>现行有效件数</span></div>'
            '<div class="r"><span>规章</span><span></span><span>2</span><span>57</span></div>'
            '<div class="r"><span>行政规范性文件</span><span>23</span><span>11</span><span>186</span></div>'
            "</div></body></html>")
    root = parse_html(page, "x")
    assert convert(root, page) == 1
    rows = [[(td.text or "") for td in tr] for tr in root.iter("tr")]
    assert rows == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "", "2", "57"],
                    ["行政规范性文件", "23", "11", "186"]]


def test_boxes_whose_layout_is_not_certain_are_left_as_flow_text():
    page = ("<html><head><style>.r{display:flex} .c{display:flex;flex-direction:column}"
            ".g{display:grid;grid-template-columns:repeat(auto-fill,100px)}</style></head><body>"
            '<div class="r"><a>首页</a><a>政务公开</a></div>'  # one flex row alone: a navigation bar, not a table
            '<div><div class="c"><span>1</span><span>2</span></div><div class="c"><span>3</span><span>4</span></div></div>'
            '<div class="g"><span>5</span><span>6</span></div>'  # no fixed column count
            '<div class="r">说明<span>7</span><span>8</span></div><div class="r"><span>9</span><span>0</span></div>'
            "</body></html>")
    root = parse_html(page, "x")
    assert convert(root, page) == 0
    assert root.find(".//table") is None


def test_a_page_without_layout_css_is_not_looked_at():
    page = "<html><body><div style='color:red'><span>1</span><span>2</span></div></body></html>"
    root = parse_html(page, "x")
    before = lxml.etree.tostring(root)
    assert convert(root, page) == 0 and lxml.etree.tostring(root) == before


@pytest.mark.parametrize("template, columns", [
    ("repeat(8,auto)", 8), ("200px 1fr 1fr", 3), ("minmax(100px, 1fr) repeat(7, 60px)", 8),
    ("repeat(2, 100px 1fr)", 4), ("[a] 1fr [b] 2fr", 2), ("repeat(auto-fill, 100px)", None), ("", None),
    ("repeat(100000, 1fr)", None),
])
def test_grid_template_columns(template, columns):
    assert _columns(template) == columns

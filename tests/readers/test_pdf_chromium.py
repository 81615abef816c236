"""PDFs Chromium prints from HTML laid out as LibreOffice exports a DOCX (issue 11): labels in a CJK fallback
font whose word boxes are twice as tall as the digits', ruled rows 12 pt apart, a table running on to the next
page.  The HTML is written here, printed by ``chromium --headless --print-to-pdf`` and read back."""

from __future__ import annotations

import pytest

from office_helpers import CHROMIUM, chromium_pdf

from gongkai.readers.base import RowBlock
from gongkai.readers.pdf import read_pdf

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium 未安装：apt-get install chromium fonts-noto-cjk")


def _cell(text: str, span: int = 1) -> str:
    inner = f'<font face="仿宋">{text}</font>' if text and not text[0].isdigit() and text != "/" else text
    colspan = f' colspan="{span}"' if span > 1 else ""
    return (f'<td{colspan} style="border: 1px solid #000000; padding: 0in 0.08in">'
            f'<p align="left" style="orphans: 2; widows: 2; margin: 0">{inner}</p></td>')


def _print(tmp_path, rows: list[tuple[list, bool]], filler: int = 0) -> bytes:
    """``rows``: (cells, a page break before the row); a cell is its text or (text, columns spanned)."""
    brk_style = ' style="break-before: page"'
    body = "".join(f'<tr valign="top"{brk_style if brk else ""}>'
                   + "".join(_cell(*c) if isinstance(c, tuple) else _cell(c) for c in cells) + "</tr>"
                   for cells, brk in rows)
    html = ('<html><head><meta charset="utf-8"><style>body { font-size: 12pt }</style></head><body>'
            + "<p>本机关坚持以公开为常态。</p>" * filler
            + '<p><font face="仿宋">二、主动公开政府信息情况</font></p>'
            + f'<table width="576" cellpadding="7" cellspacing="0">{body}</table></body></html>')
    return chromium_pdf(tmp_path, html).read_bytes()


TABLE_2 = [([("第二十条第（一）项", 4)], False), (["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], False),
           (["规章", "/", "/", "/"], False), (["行政规范性文件", "4", "1", "37"], False),
           ([("第二十条第（五）项", 4)], False), ([("信息内容", 2), ("本年处理决定数量", 2)], False),
           ([("行政许可", 2), ("15678", 2)], False), ([("第二十条第（六）项", 4)], False),
           ([("信息内容", 2), ("本年处理决定数量", 2)], False), ([("行政处罚", 2), ("2345", 2)], False)]


def _rows(data: bytes) -> list[list[str]]:
    return [[c.text for c in b.cells] for b in read_pdf(data, "t.pdf").blocks if isinstance(b, RowBlock)]


def test_labels_in_boxes_taller_than_their_digits_keep_their_rows(tmp_path):
    """The label "行政规范性文件" in a fallback font: its box reaches above the row's digits and below them
    (into the rows around it); the digits 4, 1, 37 are that row's, "/" the row above's."""
    rows = _rows(_print(tmp_path, TABLE_2 + [([("行政强制", 2), ("", 2)], False)]))
    assert ["规章", "/", "/", "/"] in rows
    assert ["行政规范性文件", "4", "1", "37"] in rows
    assert ["行政许可", "15678"] in rows and ["行政处罚", "2345"] in rows


@pytest.mark.parametrize("filler", [0, 30])
def test_a_whole_row_at_a_pages_foot_is_not_joined_with_the_next_pages_first_row(tmp_path, filler):
    """A browser moves a whole row to the next page: "行政处罚 2345" ends page 1 (its label far short of its
    cell's right edge), "行政强制" with an empty cell begins page 2 without an item number.  Two rows, not
    one row "行政处罚行政强制" (a blank fact lost, a label no longer the format's)."""
    data = _print(tmp_path, TABLE_2 + [([("行政强制", 2), ("", 2)], True)], filler)
    rows = _rows(data)
    assert ["行政处罚", "2345"] in rows, rows
    assert not [r for r in rows if "行政处罚行政强制" in r[0]], rows


def test_a_blank_group_of_table_4_printed_without_borders_stays_in_its_columns(tmp_path):
    """Table 四 printed by a browser without cell borders, its 未经复议直接起诉 group left blank: the row prints
    ten numbers under fifteen header columns.  The header words above the row tell the columns, so the
    复议后起诉 numbers stay under 复议后起诉 and the blank group stays blank (not 0s shifted into it)."""
    import random

    from office_helpers import consistent_values, report_from_values

    from gongkai.readers.mapping import map_document
    from gongkai.writers.html import write_html

    values = consistent_values(random.Random(3), 9)
    blank = [("四", "cases", f"lawsuit_direct_{c}") for c in ("upheld", "corrected", "other_result", "pending",
                                                               "total")]
    rep = report_from_values({k: v for k, v in values.items() if k not in blank}, blanks=blank)
    html = write_html(rep).replace("border:1px solid #333", "border:none")
    out = chromium_pdf(tmp_path, html)
    got = map_document(read_pdf(out.read_bytes(), "t.pdf"))
    for key in blank:
        assert got.cells[key].kind == "blank", (key, got.cells[key])
    for key, x in values.items():
        if key[0] == "四" and key not in blank:
            assert (got.cells[key].kind, got.cells[key].value) == ("number", x), (key, got.cells[key])


@pytest.mark.parametrize("size, width", [("22pt", "20em"), ("26pt", "14em"), ("18pt", "40em")])
def test_a_title_set_large_reads_without_spaces_between_its_characters(tmp_path, size, width):
    """The ink of large characters leaves gaps wider than a body-text space between some of them (tester 5:
    "东川省 自然资源厅", "临江市青 山区人民政府" from a centred title wrapped by Chromium): no space in the
    title or the agency, and the title's last line is not joined to the body text below it."""
    from gongkai.readers import read_report
    title = "临江市青山区人民政府2024年政府信息公开工作年度报告"
    html = (f'<html><head><meta charset="utf-8"></head><body style="font-family: \'Noto Serif CJK SC\'">'
            f'<h1 style="font-size:{size}; text-align:center; width:{width}; margin:auto">{title}</h1>'
            "<p style='font-size:12pt'>本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。 本机关 地址见网站。</p>"
            "</body></html>")
    path = tmp_path / "r.pdf"
    path.write_bytes(chromium_pdf(tmp_path, html).read_bytes())
    rep = read_report(path)
    assert rep.agency == "临江市青山区人民政府" and rep.year == 2024
    assert rep.title == title
    blocks = [b.text for b in read_pdf(path.read_bytes(), "r.pdf").blocks if hasattr(b, "text")]
    assert "".join(blocks).startswith(title + "本报告")
    assert not any(title[-4:] in b and "本报告" in b for b in blocks)  # the title's last line is not the body's


@pytest.mark.parametrize("label, value", [("3.危及“三安全一稳定”", "51"), ("行政规范性文件", "4"), ("1.属于国家秘密", "1208")])
def test_a_number_printed_right_after_a_label_that_fills_its_cell_is_the_next_cells(tmp_path, label, value):
    """A label that fills its drawn cell to the border and a number at the left edge of the next cell (no
    padding): PDFium's word runs across the rule ("3.危及“三安全一稳定”51").  The word is cut at the cell border:
    the label its cell's, the number the next cell's — not a label ending in digits and a blank cell."""
    width = sum(1 if c.isascii() else 2 for c in label) / 2  # in em: CJK one, ASCII about half
    cell = 'style="border: 1px solid #000000; padding: 0; white-space: nowrap"'
    row = "".join(f'<td {cell}><p style="margin:0">{t}</p></td>' for t in (label, value, "2", str(int(value) + 2)))
    html = ('<html><head><meta charset="utf-8"><style>body { font-size: 12pt }</style></head>'
            '<body><p>三、收到和处理政府信息公开申请情况</p>'
            '<table cellpadding="0" cellspacing="0" style="border-collapse: collapse; table-layout: fixed">'
            f'<col style="width: {width:.2f}em"><col style="width: 5em"><col style="width: 5em"><col style="width: 5em">'
            f'<tr>{row}</tr></table></body></html>')
    rows = _rows(chromium_pdf(tmp_path, html).read_bytes())
    assert [label, value, "2", str(int(value) + 2)] in rows, rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_small_agencys_table_3_printed_without_borders_is_placed_by_its_header(tmp_path, seed):
    """A small agency's table 三 printed by a browser without cell borders (T9's WeasyPrint prints of
    ``border="1"`` tables), its zero cells left blank: no row prints all seven numbers, so the rows' numbers
    alone do not show where the columns stand (once every row was left unread, P01).  The header words above the
    table (自然人 … 总计, each over its column) tell the columns: every cell is read as printed, a blank blank."""
    import random

    from office_helpers import consistent_values, report_from_values

    from gongkai.readers.mapping import map_document
    from gongkai.writers.html import write_html

    values = consistent_values(random.Random(seed), 2)
    for key in [k for k in values if k[0] == "三" and k[2] == "natural_person"]:  # no natural person applied
        values[("三", key[1], "total")] -= values[key]
        values[key] = 0
    blank = [k for k, x in values.items() if k[0] == "三" and x == 0]
    rep = report_from_values({k: v for k, v in values.items() if k not in blank}, blanks=blank)
    html = write_html(rep).replace("border:1px solid #333", "border:none")
    got = map_document(read_pdf(chromium_pdf(tmp_path, html).read_bytes(), "t.pdf"))
    rows = {k[1] for k in values if k[0] == "三"}
    assert all(any(k in blank for k in values if k[0] == "三" and k[1] == r) for r in rows)  # no row is full
    for key, x in values.items():
        if key[0] != "三":
            continue
        want = ("blank", None) if key in blank else ("number", x)
        assert (got.cells[key].kind, got.cells[key].value) == want, (key, got.cells[key])


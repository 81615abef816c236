"""Space-aligned text tables (``pdftotext -layout``, hand-aligned text) with blank cells (issue 11).

A blank cell prints nothing, so a row has fewer values than columns.  Its values are read by where they stand:
each column's anchor (left edge, right edge or centre, as the table aligns it) comes from the rows printing every
cell, page by page; a value at one column's anchor is that column's, the columns without a value are blank.  A
value at no column (or at two), or a label reaching into the values, leaves the row unread with a P01 note that
says the line and why — the digits are not "连在一起".  Cells run together by narrow columns ("0//", "/32") are
cells each.  Expected values are written here by hand, or read off the document by eye.
"""

from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from gongkai.audit import audit
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

HEAD = ["测试市测试局2024年政府信息公开工作年度报告", "一、总体情况", "本年度共收到政府信息公开申请12件。",
        "三、收到和处理政府信息公开申请情况",
        "                                            申请人情况",
        "                                  自然人      法人或其他组织                             总计",
        "                                          商业企业 科研机构 社会公益组织 法律服务机构 其他"]
TAIL = ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"]
STARTS = [34, 42, 50, 58, 70, 82, 88]  # where each value column starts, and how wide it is
WIDTHS = [6, 6, 6, 10, 10, 4, 6]
ROWS = {  # row id → its label and cells as printed ("" a blank cell)
    "received": ("一、本年新收政府信息公开申请数量", ["10", "1", "0", "0", "1", "0", "12"]),
    "carried_over": ("二、上年结转政府信息公开申请数量", ["2", "0", "0", "0", "0", "0", "2"]),
    "granted": ("（一）予以公开", ["", "1", "0", "0", "1", "0", "8"]),  # the first column blank
    "partially_granted": ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["3", "0", "0", "0", "0", "0", ""]),
    "dispositions_total": ("（七）总计", ["12", "", "", "0", "1", "0", "14"]),  # two side by side
    "carried_forward": ("四、结转下年度继续办理", ["0", "0", "0", "0", "0", "0", "0"]),
}


def _line(label: str, cells: list[str], align: str, starts=STARTS, widths=WIDTHS) -> str:
    out = label
    for cell, start, width in zip(cells, starts, widths):
        if cell:
            at = {"left": start, "right": start + width - len(cell), "centre": start + (width - len(cell)) // 2}[align]
            out = out.ljust(at) + cell
    return out


def _document(align: str, rows=ROWS) -> str:
    return "\n".join(HEAD + [_line(label, cells, align) for label, cells in rows.values()] + TAIL) + "\n"


def _row(rep, row_id: str) -> list[tuple[str, str]]:
    return [(rep.cell("三", row_id, c.id).kind, rep.cell("三", row_id, c.id).raw) for c in rep.table("三").columns]


def _printed(cells: list[str]) -> list[tuple[str, str]]:
    return [("number", c) if c else ("blank", "") for c in cells]


@pytest.mark.parametrize("align", ["left", "right", "centre"])
def test_a_row_with_blank_cells_is_read_by_where_its_values_stand_whatever_the_alignment(align):
    rep = map_document(read_text(_document(align), "hand.txt"))
    for row_id, (_, cells) in ROWS.items():
        assert _row(rep, row_id) == _printed(cells), row_id
    assert not [n for n in rep.notes if n.code == "P01"], [n.message for n in rep.notes]


def test_a_value_standing_between_two_columns_leaves_its_row_unread_with_the_line_and_why():
    text = _document("left")
    moved = _line("（一）予以公开", ["", "1", "0", "0", "1", "0", "8"], "left")
    assert moved in text
    # its "1" moved three characters right: between 商业企业 and 科研机构
    text = text.replace(moved, moved.replace("1       0", "   1    0", 1), 1)
    rep = map_document(read_text(text, "hand.txt"))
    assert {kind for kind, _ in _row(rep, "granted")} == {"ambiguous"}
    assert _row(rep, "received") == _printed(ROWS["received"][1])
    note = next(n for n in rep.notes if n.code == "P01")
    line = text.split("\n").index(moved.replace("1       0", "   1    0", 1)) + 1
    assert note.data["line"] == line and f"第{line}行" in note.message
    assert "不在任何一列的位置上" in note.message and "连在一起" not in note.message
    finding = next(f for f in audit(rep) if f.code == "P01")
    assert finding.severity == "warning"
    assert f"第{line}行" in finding.message and "连在一起" not in finding.message


def test_a_label_reaching_into_the_first_column_leaves_a_row_with_blank_cells_unread():
    """A label too long for its cell pushes the values along: where they stand says nothing."""
    rows = dict(ROWS)
    label = "（一）予以公开（区分处理的，本行标签写得很长，一直写到了数字的位置上）"
    assert STARTS[0] < len(label) < STARTS[1]
    rows["granted"] = (label, ["", "1", "0", "0", "1", "0", "8"])
    text = _document("left", rows)
    rep = map_document(read_text(text, "hand.txt"))
    assert {kind for kind, _ in _row(rep, "granted")} == {"ambiguous"}
    note = next(n for n in rep.notes if n.code == "P01")
    assert "行标签伸到了第一列数字的位置" in note.message


def test_each_page_has_its_own_columns():
    """pdftotext lays out each page on its own: the rows after a form feed stand at other characters.  A row of
    page 2 with a blank cell is read by page 2's columns — by page 1's, its "0" at 50 would be 科研机构."""
    starts2 = [40, 50, 58, 66, 74, 82, 90]
    page2 = {k: ROWS[k] for k in ("dispositions_total", "carried_forward")}
    # a second full row on page 2, in the table's order (a row printed twice or out of order would leave numbers
    # unplaced, and the blank cell would then be unread: it might be one of them)
    extra = {"state_secret": ("1.属于国家秘密", ["0", "0", "0", "0", "0", "0", "0"])}
    lines = (HEAD + [_line(label, cells, "left") for label, cells in ROWS.values() if label not in
                     {v[0] for v in page2.values()}]
             + ["", "                                   - 1 -", "\f" + " " * 40 + "申请人情况"]
             + [_line(label, cells, "left", starts2) for label, cells in [*extra.values(), *page2.values()]]
             + TAIL)
    rows = {**ROWS, "dispositions_total": ("（七）总计", ["12", "", "0", "0", "1", "0", "14"])}
    lines = [_line("（七）总计", rows["dispositions_total"][1], "left", starts2) if x.startswith("（七）总计") else x
             for x in lines]
    rep = map_document(read_text("\n".join(lines) + "\n", "pages.txt"))
    assert _row(rep, "dispositions_total") == _printed(["12", "", "0", "0", "1", "0", "14"])
    assert _row(rep, "granted") == _printed(ROWS["granted"][1])


@pytest.mark.parametrize("printed, cells", [
    ("0//", ["0", "/", "/"]),
    ("/32", ["/", "32"]),
    ("5—", ["5", "—"]),
])
def test_cells_run_together_by_narrow_columns_are_cells_each(printed, cells):
    """ "（一）予以公开 … 0//": a number and marks touching (narrow columns print them without a space)."""
    values = ["4", "1", *cells, *["0"] * (7 - 2 - len(cells))]
    values[-1] = "5" if "5" not in cells else values[-1]
    text = _document("left")
    row = _line(*ROWS["granted"], "left")
    line = "（一）予以公开".ljust(STARTS[0]) + "4   1   " + printed + "   " + "   ".join(values[2 + len(cells):])
    rep = map_document(read_text(text.replace(row, line, 1), "marks.txt"))
    got = _row(rep, "granted")
    assert [raw for _, raw in got] == values
    assert [kind for kind, _ in got] == ["not_applicable" if v in ("/", "—") else "number" for v in values]
    assert not [n for n in rep.notes if n.code in ("P01", "P03", "P07")], [n.message for n in rep.notes]


# ----------------------------------------------------------------------------- real pdftotext -layout output
def _pdftotext(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext 未安装：apt-get install poppler-utils")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_blank_cells_in_real_pdftotext_layout_output(corpus):
    """The 淮安市 2024 PDF through ``pdftotext -layout``, with some of its cells blanked (spaces, as pdftotext
    prints an empty cell): the other cells of those rows are read where they stand.  Values read off the PDF."""
    text = _pdftotext(corpus("pdf/2024_huaian_shizhengfu.pdf"))
    edits = [  # (the line as printed, the line with cells blanked)
        ("一、本年新收政府信息公开申请数量                3001        53       0        0    61       4   3119",
         "一、本年新收政府信息公开申请数量                3001                 0        0    61       4   3119"),
        ("      （一）予以公开                   1288        21       0        0    50       3   1362",
         "      （一）予以公开                   1288        21       0        0    50       3       "),
        ("               2.重复申请                   25        0        0         0        0         0    25",
         "               2.重复申请                   25        0                            0         0    25"),
    ]
    for printed, blanked in edits:
        assert printed in text
        text = text.replace(printed, blanked, 1)
    rep = map_document(read_text(text, "huaian.txt"))
    num = lambda *v: [("number", x) if x else ("blank", "") for x in v]  # noqa: E731
    assert _row(rep, "received") == num("3001", "", "0", "0", "61", "4", "3119")
    assert _row(rep, "granted") == num("1288", "21", "0", "0", "50", "3", "")
    assert _row(rep, "not_processed_duplicate") == num("25", "0", "", "", "0", "0", "25")
    assert _row(rep, "carried_over") == num("34", "0", "0", "0", "0", "0", "34")
    assert _row(rep, "carried_forward") == num("103", "0", "0", "0", "0", "0", "103")
    assert not [f for f in audit(rep) if f.severity == "error"], [f.message for f in audit(rep)]


def test_our_pdf_through_pdftotext_layout_never_gives_a_wrong_number(tmp_path):
    """A generated report with blank cells and "/" marks, written to PDF by our writer (LibreOffice) and turned
    into text by ``pdftotext -layout``: every cell is read as the report has it, or left unread with a note."""
    from gongkai.writers.pdf import soffice_path, write_pdf
    if soffice_path() is None:
        pytest.skip("LibreOffice（soffice）未安装：apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    from test_layout_generator import ALL_CELLS, _read_right, assert_never_wrong, make_case
    right = cells = 0
    for seed in (0, 3):
        rep, _ = make_case(random.Random(seed), blank_rows=True, marks=seed == 3)
        text = _pdftotext(write_pdf(rep, tmp_path / f"r{seed}.pdf"))
        got = map_document(read_text(text, f"r{seed}.txt"))
        assert_never_wrong(rep, got)
        right += sum(_read_right(rep.cells[k], got.cells.get(k)) for k in ALL_CELLS)
        cells += len(ALL_CELLS)
    assert right / cells >= 0.95, f"{right}/{cells}"


def test_tabs_an_editor_put_for_spaces_are_gaps_not_empty_cells():
    """Space-aligned columns saved with tabs (``unexpand``: "→→  12→→→  0"): a run of tabs is a gap, not empty
    cells — read as cells, the row's values would move into other columns."""
    from test_layout_generator import unexpand
    text = "\n".join(unexpand(x) if any(ch.isdigit() for ch in x) and "  " in x else x
                     for x in _document("right").split("\n"))
    assert "\t\t" in text
    rep = map_document(read_text(text, "tabs.txt"))
    for row_id, (_, cells) in ROWS.items():
        assert _row(rep, row_id) == _printed(cells), row_id


def test_a_table_copied_from_a_web_page_keeps_one_tab_a_cell():
    text = "\n".join(HEAD[:4] + ["\t".join([label, *cells]) for label, cells in ROWS.values()] + TAIL) + "\n"
    rep = map_document(read_text(text, "web.txt"))
    for row_id, (_, cells) in ROWS.items():
        assert _row(rep, row_id) == _printed(cells), row_id

"""Unruled PDF tables (issue 11): labels read by column from the whole table (``pdf._unruled_labels``).

A table printed without rules (or with rules between rows only) in narrow label columns wraps each label over
several lines and the merged group cell beside it too, so a row's label lines and its numbers do not share a
line and the lines of neighbouring cells interleave.  The labels are cut out of each column as cells centred
on their rows' numbers; where two cuttings are as good the row gets no label (never a neighbour's)."""

from __future__ import annotations

import pytest

from office_helpers import chromium_pdf

from gongkai.readers.base import RowBlock
from gongkai.readers.pdf import (_cells_added, _ColumnLine, _cut_column, _cut_column_items, _cut_column_top,
                                 _item_line_joined, _unexplained, _Word, read_pdf)


def _print(tmp_path, body: str, css: str) -> bytes:
    html = ('<html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC",sans-serif;'
            f'font-size:11pt}} table{{border-collapse:collapse}} {css}</style></head><body>'
            f'<p>三、收到和处理政府信息公开申请情况</p><table>{body}</table><p>四、其他</p></body></html>')
    return chromium_pdf(tmp_path, html).read_bytes()


def _rows(data: bytes) -> list[list[str]]:
    return [[c.text for c in b.cells] for b in read_pdf(data, "t.pdf").blocks if isinstance(b, RowBlock)]


GROUP = "（三）不予公开"
SUB = [("1.属于国家秘密", "3 0 11"), ("2.其他法律行政法规禁止公开", "0 2 5"), ("3.危及“三安全一稳定”", "7 1 0"),
       ("4.保护第三方合法权益", "2 2 2")]


def _table(split) -> str:
    """Table 三's 予以公开 row over both label columns, then the group （三） beside its sub-rows, each label
    printed by ``split`` (as it is, or over two paragraphs)."""
    rows = ['<tr><th colspan="2" class="own">（一）予以公开</th><td>4</td><td>5</td><td>6</td></tr>']
    for k, (label, values) in enumerate(SUB):
        group = f'<th rowspan="{len(SUB)}" class="group">{GROUP}</th>' if k == 0 else ""
        cells = "".join(f"<td>{v}</td>" for v in values.split())
        rows.append(f'<tr>{group}<th class="own">{split(label)}</th>{cells}</tr>')
    rows.append('<tr><th colspan="2" class="own">（七）总计</th><td>16</td><td>10</td><td>24</td></tr>')
    return "".join(rows)


CSS = ("th,td{border:none;padding:.15em .3em;font-weight:normal;vertical-align:middle;text-align:center}"
       "th.own{text-align:left;width:3em;word-break:break-all} th.group{text-align:left;width:2em;"
       "word-break:break-all} td{width:5em} p{margin:.3em 0;text-indent:2em}")


@pytest.mark.parametrize("rules", ["", "tr{border-top:1px solid #000;border-bottom:1px solid #000}"])
@pytest.mark.parametrize("paragraphs", [False, True])
def test_narrow_unruled_label_columns_give_each_row_its_label(tmp_path, rules, paragraphs):
    """Labels wrapped every three characters beside a group cell wrapped every two, unruled or with rules
    between rows only, each label as it is or over two paragraphs indented two characters: every row its own
    whole label and its numbers; the group's text apart from them."""
    def split(label):
        return f"<p>{label[:4]}</p><p>{label[4:]}</p>" if paragraphs else label

    rows = _rows(_print(tmp_path, _table(split), CSS + rules))
    want = [["（一）予以公开", "4", "5", "6"]] + [[label, *values.split()] for label, values in SUB] + [
        ["（七）总计", "16", "10", "24"]]
    assert rows == want


def _line(top: float, h: float = 10.0, x0: float = 50.0) -> _ColumnLine:
    return _ColumnLine([_Word("字", x0, x0 + h, top, top + h)])


def test_a_wrapped_label_is_the_cell_centred_on_its_row():
    """A header line, a one-line label, a three-line label (its numbers on the middle line's level): each row
    its lines, the header left over."""
    col = [_line(0), _line(16), _line(32), _line(45), _line(58)]  # cells 16 apart, lines inside one 13 apart
    options, left = _cut_column(col, [21.0, 50.0], 10.0, 13.0 + 5.0, 13.0)
    assert options == [{(1, 2)}, {(2, 5)}]
    assert left == {0}


def _text_line(text: str, top: float, h: float = 10.0) -> _ColumnLine:
    return _ColumnLine([_Word(text, 50.0, 50.0 + h * len(text), top, top + h)])


def test_labels_at_the_top_of_rows_higher_than_them_are_cut_at_their_item_lines():
    """Two six-line labels at the top of rows higher than them (Calc's rows sized a line too high): neither is
    centred on its numbers — a centred cutting leaves each first line over and names the rows by the rest.
    Cut at their item lines, each row its own six lines; such cells are added only to rows without a cell,
    from lines left over, and the first line left over joins the cell cut right under it."""
    words = ["1.申请人无正", "当理由逾期不", "补正、行政机", "关不再处理其", "政府信息公开", "申请",
             "2.申请人逾期", "未按收费通知", "要求缴纳费用", "、行政机关不", "再处理其政府", "信息公开申请"]
    col = [_text_line(w, 13.0 * k + (26.0 if k >= 6 else 0.0)) for k, w in enumerate(words)]
    mids = [40.0 + 3.0, 144.0 + 3.0]  # a little below each cell's centre (the first line above the numbers)
    centred = _cut_column(col, mids, 10.0, 13.0 + 5.0, 13.0)
    assert centred == ([{(1, 6)}, {(7, 12)}], {0, 6})
    items = _cut_column_items(col, mids, 10.0, 13.0 + 5.0)
    assert items == ([{(0, 6)}, {(6, 12)}], set())
    assert _item_line_joined(col, centred, 13.0 + 5.0) == items
    assert _cells_added(centred, items) == centred  # (rows with a cell keep it)
    assert _cells_added(([{None}, {None}], set(range(12))), items) == items
    assert _cells_added(([{None}, {(7, 12)}], set(range(7))), items) == ([{(0, 6)}, {(7, 12)}], {6})


def test_a_first_line_left_over_above_a_cell_begun_mid_label_is_its_first():
    """"2.其他法律" left over right above the cell "行政法规禁" "止公开": the cell's first line; a line that begins
    no item, or is further than a line pitch above, is not joined."""
    col = [_text_line("2.其他法律", 0.0), _text_line("行政法规禁", 13.0), _text_line("止公开", 26.0)]
    assert _item_line_joined(col, ([{(1, 3)}], {0}), 18.0) == ([{(0, 3)}], set())
    col[0] = _text_line("其他法律", 0.0)
    assert _item_line_joined(col, ([{(1, 3)}], {0}), 18.0) == ([{(1, 3)}], {0})
    col[0] = _text_line("2.其他法律", -20.0)
    assert _item_line_joined(col, ([{(1, 3)}], {0}), 18.0) == ([{(1, 3)}], {0})


def test_two_cuttings_as_good_leave_the_rows_unknown():
    """Six lines evenly apart, one row level with the second, another between the fourth and the fifth: the
    first row takes the second line (and the second row the four below) or the first three (and the second row
    the two below) — one line left over either way.  Neither is told: both rows are offered both cuttings (the
    reader gives such rows no label)."""
    col = [_line(13.0 * k) for k in range(6)]
    options, _ = _cut_column(col, [18.0, 50.5], 10.0, 13.0 + 5.0, 13.0)
    assert options == [{(1, 2), (0, 3)}, {(2, 6), (3, 5)}]


CENTRED_SUB = [("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0 1 1"),
               ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "1 0 1"),
               ("3.其他", "1 1 2")]
CENTRED_CSS = ("th,td{border:none;padding:.15em .3em;font-weight:normal;vertical-align:middle;text-align:center}"
               "th.own{width:7em} th.group{width:2em} td{width:4em} p{margin:.3em 0}")


@pytest.mark.parametrize("rules", ["", "tr{border-top:1px solid #000;border-bottom:1px solid #000}"])
def test_labels_centred_in_their_cells_give_each_row_its_label(tmp_path, rules):
    """Every label centred in its cell (a Word page printed by a browser or WeasyPrint), each wrapped over two
    or three lines of different lengths beside a centred group cell, and a label spanning both label columns
    centred between them: the columns are where the lines are centred, not where they start (a wide label's
    first line starts left in the group column) — every row its own whole label and its numbers."""
    rows = ['<tr><th colspan="2" class="own">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</th>'
            '<td>4</td><td>5</td><td>9</td></tr>']
    for k, (label, values) in enumerate(CENTRED_SUB):
        group = f'<th rowspan="{len(CENTRED_SUB)}" class="group">（六）其他处理</th>' if k == 0 else ""
        cells = "".join(f"<td>{v}</td>" for v in values.split())
        rows.append(f'<tr>{group}<th class="own">{label}</th>{cells}</tr>')
    rows.append('<tr><th colspan="2" class="own">（七）总计</th><td>6</td><td>7</td><td>13</td></tr>')
    got = _rows(_print(tmp_path, "".join(rows), CENTRED_CSS + rules))
    want = [["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "4", "5", "9"]] + [
        [label, *values.split()] for label, values in CENTRED_SUB] + [["（七）总计", "6", "7", "13"]]
    assert got == want


def _item(top: float, text: str, h: float = 10.0, x0: float = 50.0) -> _ColumnLine:
    return _ColumnLine([_Word(text, x0, x0 + h * len(text), top, top + h)])


def test_labels_at_the_top_of_their_cells_are_cut_from_each_rows_first_line():
    """A Word table without borders printed by LibreOffice: each label at the top of its cell, its first line
    level with the row's numbers and wrapped every two characters below — a row takes the lines from its own
    down to the next row's; a line starting an item (a row without numbers) ends the cell and is left over.
    Centred on the rows, the same lines would leave most over."""
    col = [_item(0, "1.属"), _item(13, "于国"), _item(26, "家秘"), _item(39, "密"),
           _item(60, "2.其"), _item(73, "他法"), _item(86, "3.危"), _item(99, "及“")]
    found = _cut_column_top(col, [5.0, 65.0], 10.0, 13.0 + 5.0)
    assert found == ([{(0, 4)}, {(4, 6)}], {6, 7})
    assert _unexplained(found) < _unexplained(_cut_column(col, [5.0, 65.0], 10.0, 18.0, 13.0))
    # labels at the bottom of their cells (the last line level with the numbers): no cell so starts
    assert _cut_column_top([_item(0, "于国"), _item(13, "家秘")], [18.0], 10.0, 18.0) is None


TOP_CSS = CSS.replace("vertical-align:middle", "vertical-align:top")


@pytest.mark.parametrize("rules", ["", "tr{border-top:1px solid #000;border-bottom:1px solid #000}"])
def test_narrow_labels_at_the_top_of_their_cells_give_each_row_its_label(tmp_path, rules):
    """The same table with every cell's text at its top (a Word table's default, printed without borders):
    every row its own whole label and its numbers."""
    rows = _rows(_print(tmp_path, _table(lambda label: label), TOP_CSS + rules))
    want = [["（一）予以公开", "4", "5", "6"]] + [[label, *values.split()] for label, values in SUB] + [
        ["（七）总计", "16", "10", "24"]]
    assert rows == want

"""Numbers wrapped over lines in narrow cells, the lines of a table mixed (issue 11, a fresh tester's r6 read with
PyMuPDF's ``get_text(sort=True)``): a cell too narrow for "142" prints "1", "4", "2" on three lines, and the
text puts those lines side by side with the next row's label and with other cells' digits, some of them before
the label ("２ １ １  ８二、上年结转政府信息公开申请数量  １７ １０ ４ …" for 24 14 18 …).  A row's line then shows as
many numbers as the row has cells, each one line of a wrapped number: such rows are left unread (P01), never read
as printed.

The text is made here: a consistent table 三 (scaled so its numbers have several digits), each number cut into
lines of ``width`` digits and centred on its row's lines, the cells of the first ``before`` columns set before
the label on every line.  Every expected value is the number the generator wrote.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

from .test_plain_blanks import COL_IDS, COLUMNS, ROWS

FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def wrapped_text(scale: int, width: int, before: int, full_width: bool) -> str:
    lines = ["某县某局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "申请人情况  " + "  ".join(COLUMNS)]
    for _, label, vals in ROWS:
        numbers = [str(v * scale) for v in vals]
        if full_width:
            numbers = [n.translate(FULL) for n in numbers]
        chunks = [[n[k:k + width] for k in range(0, len(n), width)] for n in numbers]
        height = max(len(c) for c in chunks)
        grid = [["" for _ in numbers] for _ in range(height)]
        for c, parts in enumerate(chunks):
            top = (height - len(parts)) // 2  # a cell's lines centred in the row
            for k, part in enumerate(parts):
                grid[top + k][c] = part
        middle = height // 2
        for h, cells in enumerate(grid):
            text = [x.rjust(width + 1) if x else " " * (width + 1) for x in cells]
            name = label if h == middle else ""
            line = "".join(text[:before]) + ("  " if before else "") + name + "   " + "".join(text[before:])
            lines.append(line.rstrip())
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines) + "\n"


def wrong_cells(text: str) -> list:
    got = map_document(read_text(text, "t.txt"))
    out = []
    for rid, _, vals in ROWS:
        for c, col in enumerate(COL_IDS):
            cell = got.cells.get(("三", rid, col))
            if cell is not None and cell.kind == "number" and cell.value != vals[c] * SCALE[0]:
                out.append((rid, col, cell.raw, vals[c] * SCALE[0]))
    return out


SCALE = [1]


@settings(max_examples=40, deadline=None)
@given(scale=st.sampled_from([7, 13, 37, 263, 1009, 2719]), width=st.integers(1, 2), before=st.integers(0, 3),
       full_width=st.booleans())
def test_numbers_wrapped_over_mixed_lines_are_never_read_wrong(scale, width, before, full_width):
    SCALE[0] = scale
    assert not wrong_cells(wrapped_text(scale, width, before, full_width))


def test_a_mixed_row_is_unread_with_a_note():
    SCALE[0] = 37
    text = wrapped_text(37, 1, 2, True)
    got = map_document(read_text(text, "t.txt"))
    assert not wrong_cells(text)
    kinds = {got.cells[("三", "received", c)].kind for c in COL_IDS}
    assert kinds == {"ambiguous"}
    assert [n for n in got.notes if n.code == "P01" and "折行" in n.message]


def markdown_text(wrapped_rows: set[int], scale: int) -> str:
    """Table 三 as a PDF-to-Markdown converter prints it, the rows in ``wrapped_rows`` cut over three pipe rows:
    their label wrapped after 8 characters and each number after its first digit, as the cell's lines."""
    lines = ["# 某县某局2024年政府信息公开工作年度报告", "", "三、收到和处理政府信息公开申请情况", "",
             "|申请人情况|" + "|".join(COLUMNS) + "|", "|" + "---|" * (len(COLUMNS) + 1)]
    for k, (_, label, vals) in enumerate(ROWS):
        numbers = [str(v * scale) for v in vals]
        if k not in wrapped_rows:
            lines.append(f"|{label}|" + "|".join(numbers) + "|")
            continue
        parts = [label[:8], label[8:16] or "", label[16:]]
        for h in range(3):
            cells = [n[h] if h < len(n) else "" for n in numbers] if h < 2 else [n[2:] for n in numbers]
            lines.append(f"|{parts[h]}|" + "|".join(cells) + "|")
    return "\n".join(lines) + "\n\n四、政府信息公开行政复议、行政诉讼情况\n"


@settings(max_examples=25, deadline=None)
@given(rows=st.sets(st.sampled_from([k for k, (_, label, _) in enumerate(ROWS) if len(label) > 16]), min_size=1,
                    max_size=3), scale=st.sampled_from([13, 37, 263]))
def test_markdown_rows_cut_over_pipe_rows_are_never_read_wrong(rows, scale):
    from gongkai.readers.markdown import read_markdown

    got = map_document(read_markdown(markdown_text(rows, scale).encode("utf-8"), "t.md"))
    for rid, _, vals in ROWS:
        for c, col in enumerate(COL_IDS):
            cell = got.cells.get(("三", rid, col))
            if cell is not None and cell.kind == "number":
                assert cell.value == vals[c] * scale, (rid, col, cell.raw)


def table_four_markdown(values: list[int], wrapped: bool) -> str:
    """Table 四 as a PDF-to-Markdown converter prints it; ``wrapped``: each number of two digits or more wrapped
    in its narrow cell, its first digit on a pipe row of its own above the row ("| | ２ | | …" / "| ７ | ６ | …")."""
    five = "结果维持|结果纠正|其他结果|尚未审结|总计"
    lines = ["# 某县某局2024年政府信息公开工作年度报告", "", "## 四、政府信息公开行政复议、行政诉讼情况", "",
             "|行政复议|||||行政诉讼||||||||||", "|" + "---|" * 15,
             f"|{five}|未经复议直接起诉|||||复议后起诉|||||", f"||||||{five}|{five}|"]
    numbers = [str(v) for v in values]
    if wrapped:
        lines.append("|" + "|".join(n[0] if len(n) > 1 else "" for n in numbers) + "|")
        numbers = [n[1:] if len(n) > 1 else n for n in numbers]
    lines.append("|" + "|".join(numbers) + "|")
    return "\n".join(lines) + "\n\n## 五、存在的主要问题及改进情况\n\n无。\n"


@settings(max_examples=25, deadline=None)
@given(parts=st.lists(st.lists(st.integers(0, 40), min_size=4, max_size=4), min_size=3, max_size=3),
       wrapped=st.booleans())
def test_table_four_cut_over_pipe_rows_is_never_read_wrong(parts, wrapped):
    from gongkai.readers.markdown import read_markdown

    values = [x for p in parts for x in (*p, sum(p))]
    got = map_document(read_markdown(table_four_markdown(values, wrapped).encode("utf-8"), "t4.md"))
    cells = [c for *_, c in got.iter_cells("四")]
    assert len(cells) == 15
    for cell, want in zip(cells, values):
        if cell.kind == "number":
            assert cell.value == want
    if not wrapped:
        assert [c.value for c in cells] == values
    elif any(v >= 10 for v in values):
        assert [n for n in got.notes if n.code == "P01" and "折行" in n.message]

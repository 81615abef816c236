"""Tester 7's leftovers (issue 11), classes 3 and 4, with fixtures of our own.

3. A number wrapped inside a narrow ruled PDF cell ("２９" over "９") whose row a page break cuts (LibreOffice lets
   a tall row — a label wrapped over three lines — run on to the next page): all the digits inside the cell's box
   belong to the cell in reading order, joined when the upper part fills its cell's width, else unread; it was
   read as the upper part alone ("２９" for 299, 13 wrong cells in 12 generated reports).
4. Table 四's header printed and its row of numbers not (an office with no case), a page number or running title
   after the header where the page breaks: 15 blank cells, not a missing table (C02).
"""

from __future__ import annotations

import io
import random
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from office_helpers import consistent_values, report_from_values
from test_layout_generator import ALL_CELLS

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers import pdf as pdf_reader
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.readers.text import read_text
from gongkai.textutil import parse_value
from gongkai.writers import write_markdown

sys.path.insert(0, str(Path(__file__).parent))
from test_fresh_tester7 import T4, _layout_text  # noqa: E402

FW = str.maketrans("0123456789", "０１２３４５６７８９")


# ----------------------------------------------------------------------------- 3: numbers cut by the page
class _Grid:
    def __init__(self, rows, words):
        self.rows, self.words = rows, words

    def inside(self, box):
        return [w for w in self.words if box[0] <= (w.x0 + w.x1) / 2 <= box[2] and box[1] <= w.mid <= box[3]]


def _cut_row(upper_text: str, upper_width: float):
    """A row's last cell box 40 pt wide (inner margin 4 pt) at the bottom of a page, holding ``upper_text`` over
    ``upper_width`` pt; the label cell and one more value cell ("7", 8 pt wide, the margin shown)."""
    label, v1, v2 = (0, 700, 100, 760), (100, 700, 140, 760), (140, 700, 180, 760)
    words = [pdf_reader._Word("（二）部分公开", 4, 96, 740, 752), pdf_reader._Word("7", 104, 112, 740, 752),
             pdf_reader._Word(upper_text, 144, 144 + upper_width, 740, 752)]
    return _Grid([[label, v1, v2]], words), [label, v1, v2]


def _lower(*texts):
    """The lower page's grid and its row's words of the two value cells (16 pt digits, one line each)."""
    cells = [[pdf_reader._Word(t, 144, 144 + 16 * len(t), 80, 92)] if t else [] for t in texts]
    return _Grid([[(100, 70, 140, 100), (140, 70, 180, 100)]], [w for ws in cells for w in ws]), cells


def _across(grid, last, a, *lower):
    return pdf_reader._numbers_across_page(grid, last, [1, 2], a, *_lower(*lower))


def test_a_number_cut_by_the_page_is_joined_when_its_upper_part_fills_the_cell():
    grid, last = _cut_row("２９", 32.0)  # 40 - 32 = 8 pt left: two margins, no room for a third digit
    assert _across(grid, last, ["7", "２９"], "", "９") == ["7", "２９９"]


def test_an_upper_part_wrapped_over_lines_is_joined_by_its_last_line():
    grid, last = _cut_row("２９", 16.0)  # "２" over "９" (joined: its box one digit wide) in a 24 pt cell
    last[2] = (140, 700, 164, 760)
    grid.words[-1] = pdf_reader._Word("２９", 144, 160, 740, 752)
    assert _across(grid, last, ["7", "２９"], "", "９") == ["7", "２９９"]


def test_a_whole_number_with_room_beside_it_is_no_part_of_the_next_page():
    grid, last = _cut_row("２", 16.0)  # room for two more digits beside it: "９" below is something else
    last[2] = (140, 700, 196, 760)
    assert _across(grid, last, ["7", "２"], "", "９") is None


def test_a_wrapped_upper_part_short_of_its_cell_is_unread_never_the_upper_part():
    grid, last = _cut_row("２９", 16.0)  # "２" over "９", room beside the last line: where it ends not known
    last[2] = (140, 700, 196, 760)
    got = _across(grid, last, ["7", "２９"], "", "９")
    assert got[0] == "7" and parse_value(got[1])[0] != "number" and got[1] == pdf_reader.CUT_BY_PAGE.format("２９", "９")


def test_a_lower_part_with_a_value_of_its_own_is_no_continuation():
    grid, last = _cut_row("２９", 32.0)
    assert _across(grid, last, ["", "２９"], "3", "９") is None
    assert _across(grid, last, ["7", "２９"], "", "") is None


def test_cells_cut_by_the_page_are_unread_with_a_note_never_not_a_number():
    rep = report_from_values(consistent_values(random.Random(3)))
    text = write_markdown(rep)
    cut = pdf_reader.CUT_BY_PAGE.format("４６", "０")
    text = text.replace("| " + str(rep.value("四", "cases", "review_corrected")) + " |", "| " + cut + " |", 1)
    got = map_document(read_markdown(text, "r.md"))
    cells = [k for k, c in got.cells.items() if c.raw == cut]
    assert cells and all(got.cells[k].kind == "ambiguous" for k in cells)
    findings = audit(got)
    assert not [f for f in findings if f.code == "C05"]
    assert [f for f in findings if f.code == "P01" and "分页截断" in f.message]


HAVE_SOFFICE = shutil.which("soffice") is not None


@pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice (soffice) 未安装：生成 PDF 需要它")
def test_full_width_numbers_wrapped_in_narrow_ruled_cells_and_cut_by_pages_are_never_misread():
    """Generated reports, their numbers up to four digits printed full-width in narrow ruled cells, long labels
    wrapped over three lines (rows that break across pages): every cell read right or unread, never wrong."""
    import docx
    from text_classes import Style, convert_all, report_docx

    small, large = [200, 500, 999], [999, 5000, 9999]
    # (seed, label column mm, font pt, numbers up to, a page header and footer): table 三's rows and table 四's
    # one row of 15 cells one digit wide cut by pages, a running head and "第 N 页" between the parts
    cases = [(7, 70.0, 12.0, small, False), (10, 60.0, 14.0, small, False), (6, 40.0, 14.0, small, False),
             (16, 40.0, 10.5, small, False), (41, 60.0, 12.0, small, False), (103, 18.0, 14.0, large, True),
             (120, 30.0, 12.0, large, True)]
    with tempfile.TemporaryDirectory() as tmp:
        files, reps = [], []
        for seed, label_mm, size, high, header_footer in cases:
            rng = random.Random(seed)
            rep = report_from_values(consistent_values(rng, rng.choice(high)))
            document = docx.Document(io.BytesIO(report_docx(rep, Style(ruled=True, label_mm=label_mm, size_pt=size,
                                                                        header_footer=header_footer))))
            for table in document.tables:
                for row in table.rows:
                    for cell in row.cells:
                        for p in cell.paragraphs:
                            for run in p.runs:
                                if run.text.strip().isdigit():
                                    run.text = run.text.translate(FW)
            path = Path(tmp) / f"fw{seed}.docx"
            document.save(path)
            files.append(path)
            reps.append(rep)
        convert_all(files, Path(tmp))
        right = 0
        for path, rep in zip(files, reps):
            got = map_document(pdf_reader.read_pdf(path.with_suffix(".pdf").read_bytes(), path.name))
            for key in ALL_CELLS:
                want, cell = rep.cells[key], got.cells.get(key)
                if cell is not None and cell.kind == "number":
                    assert want.kind == "number" and cell.value == want.value, (path.name, key, cell.raw)
                    right += 1
            assert not [f for f in audit(got) if f.severity == "error"], path.name
    assert right >= 0.98 * len(ALL_CELLS) * len(cases)


# ----------------------------------------------------------------------------- 4: table 四 header, no numbers
@pytest.mark.parametrize("narrow", [False, True])
@pytest.mark.parametrize("furniture", ["\f测试市测试局2024年政府信息公开工作年度报告", "第 5 页", "— 5 —",
                                       "第 5 页 共 9 页", "\f第 5 页\n\f测试市测试局2024年政府信息公开工作年度报告",
                                       "2024年度报告"])
def test_table_four_header_then_a_page_number_or_running_title_is_a_blank_table(narrow, furniture):
    got = map_document(read_text(_layout_text(True, furniture, narrow=narrow), "r.txt"))
    assert [got.cells[k].kind for k in T4] == ["blank"] * len(T4)
    assert not [f for f in audit(got) if f.severity == "error"]


@pytest.mark.parametrize("stray", ["5", "1 2 3", "第 5 页 共 9 页 3", "2024年度报告 3件"])
def test_table_four_header_then_a_number_that_may_be_a_cell_is_not_read_blank(stray):
    for reader, name in ((read_text, "r.txt"), (read_markdown, "r.md")):
        got = map_document(reader(_layout_text(True, stray), name))
        assert not any(got.cells[k].kind == "blank" for k in T4), (stray, name)


def test_table_four_read_blank_only_from_its_full_header():
    lines = _layout_text(True, "第 5 页").replace("未经复议直接起诉", "")
    got = map_document(read_text(lines, "r.txt"))
    assert not any(got.cells[k].kind == "blank" for k in T4)
    assert FORMAT_2021.table("四").one_row

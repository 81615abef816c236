"""The Markdown reader: headings and paragraphs as text blocks, pipe tables as rows, Markdown line numbers.

Expected values were read from tests/fixtures/md/report_table3.md by eye (line numbers counted
in an editor), not from the reader's output.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from gongkai.readers.base import ReadError, RowBlock, TextBlock
from gongkai.readers.markdown import read_markdown, split_pipe_row


@pytest.fixture(scope="module")
def report():
    path = FIXTURES / "md" / "report_table3.md"
    return read_markdown(path.read_bytes(), path.name)


def row_with(doc, label):
    found = [b for b in doc.blocks if isinstance(b, RowBlock) and b.cells and b.cells[0].text == label]
    assert len(found) == 1
    return found[0]


def test_headings_are_text_blocks_with_their_markdown_line(report):
    heading = next(b for b in report.blocks if b.text == "三、收到和处理政府信息公开申请情况")
    assert isinstance(heading, TextBlock) and heading.location.line == 8
    assert report.reader == "markdown"
    assert report.title == "示例镇人民政府2023年政府信息公开工作年度报告"
    # the heading comes right before the table's first row
    i = report.blocks.index(heading)
    assert isinstance(report.blocks[i + 1], RowBlock) and report.blocks[i + 1].table == 0


def test_a_wrapped_paragraph_is_one_block_starting_at_its_first_line(report):
    para = next(b for b in report.blocks if b.text.startswith("2023年"))
    assert para.text == ("2023年，示例镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，"
                         "全年共收到政府信息公开申请6件。")  # the line break between two CJK characters is gone
    assert para.location.line == 5 and para.location.where.endswith("段")


def test_pipe_table_rows_keep_blank_cells_and_give_markdown_lines(report):
    carried = row_with(report, "二、上年结转政府信息公开申请数量")
    assert [c.text for c in carried.cells] == ["二、上年结转政府信息公开申请数量", "0", "", "0", "0", "0", "0", "0"]
    assert not any(c.spanned for c in carried.cells)
    assert carried.location.line == 13 and carried.cells[2].location.line == 13
    assert carried.cells[2].location.where == "第1个表格 第3行 第3列"
    total = row_with(report, "（七）总计")
    assert [c.text for c in total.cells[1:]] == ["5", "1", "0", "0", "0", "0", "6"]
    assert total.location.line == 16


def test_full_width_digit_in_a_pipe_table_is_kept_as_printed(report):
    assert row_with(report, "（一）予以公开").cells[1].text == "３"


def test_header_row_is_the_first_row_of_the_table(report):
    rows = [b for b in report.blocks if isinstance(b, RowBlock)]
    assert len(rows) == 7  # header + 6 body rows; the |---| delimiter row is not a row
    assert [c.text for c in rows[0].cells[1:]] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                                                   "其他", "总计"]
    assert rows[0].location.line == 10


def test_short_row_is_not_padded_and_extra_cells_are_not_dropped():
    md = ("| 项目 | 自然人 | 总计 |\n"
          "|---|---|---|\n"
          "| 一、本年新收 | 5 |\n"
          "| 四、结转 | 0 | 0 | 7 |\n")
    rows = [b for b in read_markdown(md, "short.md").blocks if isinstance(b, RowBlock)]
    # GFM would render "一、本年新收" with an invented blank 总计 and drop the 7; we keep what is printed
    assert [c.text for c in rows[1].cells] == ["一、本年新收", "5"]
    assert [c.text for c in rows[2].cells] == ["四、结转", "0", "0", "7"]
    assert rows[2].cells[3].location.line == 4 and rows[2].cells[3].location.where == "第1个表格 第3行 第4列"


def test_raw_html_table_in_markdown_is_read_with_spans_and_markdown_lines():
    md = ("## 四、政府信息公开行政复议、行政诉讼情况\n"
          "\n"
          "<table>\n"
          "<tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>\n"
          "<tr><td>1</td><td></td><td>0</td><td>0</td><td>1</td>"
          + "<td>0</td>" * 10 + "</tr>\n"
          "</table>\n")
    doc = read_markdown(md, "t4.md")
    rows = [b for b in doc.blocks if isinstance(b, RowBlock)]
    assert [c.spanned for c in rows[0].cells] == [False] + [True] * 4 + [False] + [True] * 9
    assert [c.text for c in rows[1].cells] == ["1", "", "0", "0", "1"] + ["0"] * 10
    assert rows[0].location.line == 4 and rows[1].location.line == 5


def test_escaped_pipe_stays_inside_its_cell():
    assert split_pipe_row(r"| a \| b | c |") == [r"a \| b", "c"]
    rows = [b for b in read_markdown("| x | y |\n|---|---|\n| a \\| b | c |\n", "p.md").blocks
            if isinstance(b, RowBlock)]
    assert [c.text for c in rows[1].cells] == ["a | b", "c"]


def test_gbk_markdown_bytes_decode():
    doc = read_markdown("# 喆园街道2023年报告\n\n收到申请３件。\n".encode("gbk"), "gbk.md")
    assert doc.title == "喆园街道2023年报告" and doc.blocks[1].text == "收到申请３件。"


def test_hostile_markdown_input_is_a_read_error_naming_the_file():
    for data in (b"", "  \n\n ", b"\x00\x01\x02\x03" * 100):
        with pytest.raises(ReadError) as e:
            read_markdown(data, "坏文件.md")
        assert "坏文件.md" in str(e.value)
    with pytest.raises(ReadError, match="上限"):
        read_markdown(b"# x\n" * 10, "big.md", max_bytes=16)
    with pytest.raises(ReadError, match="没有可读取"):
        read_markdown("<!-- 只有注释 -->\n", "comment.md")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "0", "12", "３", "/", "—", "无"]), min_size=3, max_size=3),
                min_size=1, max_size=8))
def test_every_printed_pipe_cell_is_read_in_place(body):
    md = "| 项目 | 自然人 | 总计 | 其他 |\n|---|---|---|---|\n" + "".join(
        f"| 行{i} | " + " | ".join(row) + " |\n" for i, row in enumerate(body))
    rows = [b for b in read_markdown(md, "p.md").blocks if isinstance(b, RowBlock)]
    assert [[c.text for c in r.cells] for r in rows[1:]] == [[f"行{i}", *row] for i, row in enumerate(body)]
    assert [r.location.line for r in rows[1:]] == list(range(3, 3 + len(body)))


def test_pipe_rows_without_a_delimiter_row_are_rows_with_their_own_lines():
    """A converter prints a table's later rows after a floating label without a delimiter row: they are
    rows, not a paragraph of "|" and digits, and keep the lines they are printed on."""
    md = ("| 一、本年新收 | 5 | 5 |\n|---|---|---|\n\n（二）部分\n公开\n\n"
          "| 3 | 0 | 3 |\n| 2.其他 | 1 | 1 |\n\n末段文字\n")
    doc = read_markdown(md, "nodelim.md")
    rows = [b for b in doc.blocks if isinstance(b, RowBlock)]
    assert [[c.text for c in r.cells] for r in rows] == [["一、本年新收", "5", "5"], ["3", "0", "3"],
                                                         ["2.其他", "1", "1"]]
    assert [r.location.line for r in rows] == [1, 7, 8]
    assert next(b for b in doc.blocks if b.text == "末段文字").location.line == 10


# ---------------------------------------------------------------- a data frame's index written out (pandas)
def _with_index_column(markdown: str, start: int) -> str:
    """Every pipe table of ``markdown`` with a leading index column as pandas ``to_markdown`` writes it: an empty
    header cell, "---:" in the delimiter row, 0, 1, 2 … (or from ``start``) in the rows below."""
    out, n, in_table = [], start, False
    for line in markdown.split("\n"):
        if not line.startswith("|"):
            out.append(line)
            in_table = False
            continue
        if not in_table:  # the header row
            out.append("|    " + line)
            in_table, n = True, start
        elif set(line.replace("|", "").replace(":", "").strip()) <= {"-", " "}:
            out.append("|---:" + line)
        else:
            out.append(f"| {n} " + line)
            n += 1
    return "\n".join(out)


@pytest.mark.parametrize("seed,start", [(0, 0), (1, 0), (2, 0)])
def test_a_leading_index_column_counting_the_rows_is_not_part_of_the_table(seed, start):
    import random

    from office_helpers import consistent_values, report_from_values

    from gongkai.readers.mapping import map_document
    from gongkai.writers import write_markdown

    rep = report_from_values(consistent_values(random.Random(seed), 60),
                             title="测试市测试局2024年政府信息公开工作年度报告")
    got = map_document(read_markdown(_with_index_column(write_markdown(rep), start), "frame.md"))
    assert {k: (c.kind, c.value) for k, c in got.cells.items() if k in rep.cells} == \
        {k: (c.kind, c.value) for k, c in rep.cells.items()}


def test_a_first_column_of_numbers_that_does_not_count_the_rows_stays():
    from gongkai.readers.base import RawCell, RowBlock, without_row_numbers
    rows = [RowBlock([RawCell(x), RawCell("a"), RawCell("b")], table=0) for x in ("", "3", "4", "9")]
    assert [len(r.cells) for r in without_row_numbers(rows)] == [3, 3, 3, 3]
    rows = [RowBlock([RawCell(x), RawCell("a"), RawCell("b")], table=0) for x in ("", "0", "1", "2")]
    assert [len(r.cells) for r in without_row_numbers(rows)] == [2, 2, 2, 2]
    rows = [RowBlock([RawCell(x), RawCell("a"), RawCell("b")], table=0) for x in ("1", "2", "3")]  # numbered from 1
    assert [len(r.cells) for r in without_row_numbers(rows)] == [2, 2, 2]
    rows = [RowBlock([RawCell(x), RawCell("a"), RawCell("b")], table=0) for x in ("1", "2")]  # too few to tell
    assert [len(r.cells) for r in without_row_numbers(rows)] == [3, 3]
    rows = [RowBlock([RawCell(x), RawCell("1"), RawCell("2")], table=0) for x in ("行政复议", "结果维持", "0")]
    assert [len(r.cells) for r in without_row_numbers(rows)] == [3, 3, 3]  # table 四's value row stays whole


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab 中1|-:\n#*_`~>[]()!&<\\=") + ["|---|", "\n| a | b |\n", "&amp;", "<div>",
                                                                    "[x](y)", "```\n", "    ", "> ", "1. "]),
                max_size=60).map("".join))
def test_a_text_is_parsed_alike_without_the_rules_none_of_whose_characters_it_holds(text):
    from gongkai.readers import markdown

    full, trimmed = markdown._parser_without(()), markdown._parser(text)
    tokens, mine = full.parse(text), trimmed.parse(text)
    assert [t.as_dict() for t in mine] == [t.as_dict() for t in tokens]
    assert trimmed.renderer.render(mine, trimmed.options, {}) == full.renderer.render(tokens, full.options, {})

"""Text tables as pandas and tabulate print them (issue 11, a tester's classes still short): pandas
``DataFrame.to_string()`` (columns right-aligned one space apart, a blank cell "None"/"NaN"/"<NA>", a float
column's numbers "17.0", the index first, its name at times on a second header line, the default index 0 before
table 四's values) and tabulate's presto (``a | b`` without outer pipes over a ``---+---`` rule: a row whose first
or last cell is blank starts or ends with a "|"), psql, orgtbl, rst, grid, github and pipe with and without outer
pipes — each padded by display columns or by characters (tabulate without wcwidth, pandas by default).

Rendered from random consistent reports (tests/tabulated.py: blank cells anywhere, whole rows blank, 法人 columns'
zeros blank, table 四 groups blank, the fee at times in 元 under 「收费金额（元）」…) and read back: never a wrong
number, no 错误 on a consistent report (a table 四 printed with every cell blank included), and at least 98% of the
cells right per style (tools/measure_tabulated.py measures them)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))
from tabulated import STYLES, blank_rows_case, render  # noqa: E402
from test_layout_generator import (COMPLETENESS_TARGET, EXAMPLES, Completeness,  # noqa: E402
                                   assert_never_wrong, make_case, score)

from gongkai.audit import audit  # noqa: E402
from gongkai.readers.mapping import map_document  # noqa: E402
from gongkai.readers.text import read_text  # noqa: E402


def _case(rng: random.Random, blank_rows: bool):
    if blank_rows:
        return blank_rows_case(rng), rng
    return make_case(rng, blank_rows=True)


def _false_errors(rep, got) -> list[str]:
    # (a table 四 with every cell blank — its one row printed as spaces only, or as a frame's index and null
    # markers — is read blank: tests/readers/test_tables_printed_blank.py)
    return [f"{f.code} {f.message}" for f in audit(got) if f.severity == "error"]


@pytest.mark.parametrize("style", STYLES)
@settings(max_examples=max(5, EXAMPLES // 2), deadline=None)
@given(rng=st.randoms(use_true_random=False), blank_rows=st.booleans(), yuan=st.booleans())
def test_never_a_wrong_number_nor_a_false_error(style, rng, blank_rows, yuan):
    rep, rng = _case(rng, blank_rows)
    got = map_document(read_text(render(rep, style, rng, yuan=yuan), "g.txt"))
    assert_never_wrong(rep, got)
    assert not _false_errors(rep, got)


@pytest.mark.parametrize("style", STYLES)
def test_completeness_per_style(style):
    got = Completeness()
    for seed in range(24):
        rng = random.Random(f"{style}-{seed}")
        rep, rng = _case(rng, seed % 2 == 0)
        score(got, rep, map_document(read_text(render(rep, style, rng, yuan=seed % 3 == 0), "g.txt")))
    assert got.wrong == 0, f"{style}: {got}"
    assert got.share >= COMPLETENESS_TARGET, f"{style}: {got}"


def test_presto_rows_with_blank_first_and_last_cells():
    text = "\n".join([
        "测试局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "",
        " 项目                             |   自然人 |   商业企业 |   科研机构 |   社会公益组织 |   法律服务机构 |   其他 |   总计",
        "----------------------------------+----------+------------+------------+----------------+----------------+--------+--------",
        " 一、本年新收政府信息公开申请数量 |          |          3 |            |                |                |      1 |      4",
        " 二、上年结转政府信息公开申请数量 |        2 |            |            |                |                |        |",
    ])
    got = map_document(read_text(text + "\n", "g.txt"))
    received = [got.cells[("三", "received", c)] for c in ("natural_person", "commercial_enterprise", "other_org", "total")]
    assert [(c.kind, c.value) for c in received] == [("blank", None), ("number", 3), ("number", 1), ("number", 4)]
    over = got.cells[("三", "carried_over", "natural_person")], got.cells[("三", "carried_over", "total")]
    assert [(c.kind, c.value) for c in over] == [("number", 2), ("blank", None)]


def test_a_frame_printed_one_space_apart_with_none_cells():
    text = "\n".join([
        "测试局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "",
        "                                 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
        "信息内容",
        "一、本年新收政府信息公开申请数量      5     None     None         None            2    1    8",
        "二、上年结转政府信息公开申请数量   None     None     None         None         None None None",
    ])
    got = map_document(read_text(text + "\n", "g.txt"))
    row = [got.cells[("三", "received", c)] for c in ("natural_person", "commercial_enterprise", "legal_service_provider",
                                                       "other_org", "total")]
    assert [(c.kind, c.value) for c in row] == [("number", 5), ("blank", None), ("number", 2), ("number", 1),
                                                 ("number", 8)]
    assert all(got.cells[("三", "carried_over", c)].kind == "blank" for c in ("natural_person", "total"))


def test_none_in_a_sentence_stays_a_word():
    from gongkai.readers.text import null_words_blank
    assert null_words_blank(["本年度 None 申请", "合计 12 None 3", "x NaN NaN"]) == [
        "本年度 None 申请", "合计 12      3", "x        "]


def test_simple_padded_by_characters_with_blank_cells():
    """tabulate ``simple`` without wcwidth pads by characters (``disable_numparse``: every cell left-aligned): a
    CJK label is wider on screen than its dash run, so the ruler's runs hold the text only counted in
    characters; a blank cell is spaces under its run — read blank, the others in their own columns."""
    from gongkai.readers.ruler import ruler_rows
    lines = ["第二十条第（一）项",
             "-----------  -------------  ------  ------",
             "信息内容         本年制发件数         本年废止件数  现行有效件数",
             "规章".ljust(13) + "0".ljust(23) + "1".ljust(6),
             "行政规范性文件".ljust(28) + "3".ljust(8) + "0".ljust(6)]
    got = ruler_rows(lines)
    assert got[3] == ["规章", "0", "", "1"]
    assert got[4] == ["行政规范性文件", "", "3", "0"]
    # counted in display columns first: a table padded so is read so (the character count is a fallback)
    wide = ["项目              本年制发件数  本年废止件数",
            "----------------  ------------  ------------",
            "行政规范性文件    2                        7"]
    assert ruler_rows(wide)[2] == ["行政规范性文件", "2", "7"]


def test_a_ruler_under_an_empty_header_closes_on_no_other_tables_ruler():
    """tabulate ``simple`` with an empty header prints an empty line over its ruler — like a headerless pandoc
    table, which closes on the same ruler with its rows one empty line apart; the next table's ruler after a
    caption closes nothing (read so, the caption and the next header were joined into this table's cells)."""
    from gongkai.readers.ruler import ruler_rows
    lines = ["第二十条第（一）项", "", "",
             "-------  ------  ------  ------",
             "信息内容     本年制发件数  本年废止件数  现行有效件数",
             "规章       4443    1190    1207",
             "行政规范性文件  4173            3091",
             "",
             "第二十条第（五）项",
             "",
             "",
             "----  --------",
             "信息内容  本年处理决定数量",
             "行政许可  3164"]
    got = ruler_rows(lines)
    assert got[5] == ["规章", "4443", "1190", "1207"]
    assert got[6] == ["行政规范性文件", "4173", "", "3091"]
    assert not {8, 12} & set(got)  # (the caption and the next header: no cells of this table)
    # a headerless table closed by its own ruler, rows one empty line apart, still reads as one
    pandoc = ["-------  ------  ------", "规章     1       2", "", "行政规范   3       4", "-------  ------  ------"]
    assert ruler_rows(pandoc)[1] == ["规章", "1", "2"] and ruler_rows(pandoc)[3] == ["行政规范", "3", "4"]

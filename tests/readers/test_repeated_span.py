"""A data frame made from table 二 (pandas ``read_html``/``read_excel``) repeats a merged cell's value over the
columns it spans: 行政许可's one cell, spanning 第（一）项's three columns, comes back as "1286 | 1286 | 1286".
That is one cell, not cells outside the format (no P04); copies that differ are still reported (P04)."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.format import FORMAT_2021
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.writers import write_html

ONE_VALUE_ROWS = ("licensing", "penalty", "coercion", "administrative_fees")

# pandas DataFrame.to_markdown() of read_html(…, header=None)[0] for a table 二 with merged cells (written by
# hand): the frame's index column and its column numbers 0 … 3, each merged cell's value in every column it spans
FRAME_MARKDOWN = """# 某局2024年政府信息公开工作年度报告

## 二、主动公开政府信息情况

|    | 0 | 1 | 2 | 3 |
|---:|:--|:--|:--|:--|
| 0 | 第二十条第（一）项 | 第二十条第（一）项 | 第二十条第（一）项 | 第二十条第（一）项 |
| 1 | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 2 | 规章 | 8 | 36 | 54 |
| 3 | 行政规范性文件 | 51 | 48 | 4 |
| 4 | 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 |
| 5 | 信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量 |
| 6 | 行政许可 | 1286 | 1286 | 1286 |
| 7 | 第二十条第（六）项 | 第二十条第（六）项 | 第二十条第（六）项 | 第二十条第（六）项 |
| 8 | 信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量 |
| 9 | 行政处罚 | 7 | 7 | 7 |
| 10 | 行政强制 | 31 | 30 | 31 |
| 11 | 第二十条第（八）项 | 第二十条第（八）项 | 第二十条第（八）项 | 第二十条第（八）项 |
| 12 | 信息内容 | 本年收费金额（单位：万元） | 本年收费金额（单位：万元） | 本年收费金额（单位：万元） |
| 13 | 行政事业性收费 | 75412.08 | 75412.08 | 75412.08 |

## 三、收到和处理政府信息公开申请情况
"""


def test_a_frame_of_table_two_reads_each_merged_cell_once_and_reports_only_copies_that_differ():
    got = map_document(read_markdown(FRAME_MARKDOWN, "frame.md"))
    assert got.value("二", "rules", "issued") == 8 and got.value("二", "normative_documents", "in_force") == 4
    assert got.value("二", "licensing", "decisions") == 1286
    assert got.value("二", "penalty", "decisions") == 7
    assert str(got.value("二", "administrative_fees", "amount_10k_yuan")) == "75412.08"
    p04 = [n for n in got.notes if n.code == "P04"]
    assert len(p04) == 1 and [r["row_label"] for r in p04[0].data["rows"]] == ["行政强制"]  # 31 | 30 | 31
    # the frame's column numbers (0 1 2 3 over the index's empty corner) are no row of the table
    assert not [n for n in got.notes if n.code == "P07"], [n.message for n in got.notes]


def spans_repeated(html: str) -> str:
    """The HTML a data frame of the page writes back (``to_html``): every colspan cell as that many cells."""
    def repeat(m):
        tag, before, n, after, text = m.group(1), m.group(2), int(m.group(3)), m.group(4), m.group(5)
        return "".join(f"<{tag}{before}{after}>{text}</{tag}>" for _ in range(n))
    return re.sub(r'<(td|th)([^>]*?)\s+colspan="(\d+)"([^>]*)>([^<]*)</\1>', repeat, html)


T2 = FORMAT_2021.table("二")


def one_cell(row_id: str) -> tuple[str, str, str]:
    return ("二", row_id, T2.columns_of(T2.row(row_id))[0].id)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), differ=st.sampled_from([None, *ONE_VALUE_ROWS]))
def test_merged_cells_repeated_over_their_span_are_one_cell(seed, differ):
    rep = report_from_values(consistent_values(random.Random(seed), 60), title="测试市测试局2024年政府信息公开工作年度报告")
    html = spans_repeated(write_html(rep))
    part = html.split("二、主动公开")[-1].split("三、收到和处理")[0]
    assert "colspan" not in part
    if differ is not None:  # the last copy of one row's value changed: a cell outside the format after all
        value = rep.cells[one_cell(differ)].raw
        cells = list(re.finditer(rf'<td[^>]*gk-proactive-r-{differ}[^>]*>{re.escape(value)}</td>', html))
        last = cells[-1]
        html = html[:last.start()] + last.group(0).replace(f">{value}<", f">{value}9<") + html[last.end():]
    got = map_document(read_html(html.encode("utf-8"), "frame.html"))
    p04 = [n for n in got.notes if n.code == "P04"]
    if differ is None:
        assert not p04, [n.message for n in p04]
        for row in ONE_VALUE_ROWS:
            assert got.cells[one_cell(row)].value == rep.cells[one_cell(row)].value, row
    else:
        assert [r["row_label"] for n in p04 for r in n.data["rows"]] == [T2.row(differ).label]

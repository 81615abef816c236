"""Table 二 as python-html2text prints a page whose table has a caption row spanning its columns (issue 11, tester 8's
class 5): the caption is the pipe table's only header cell ("| 第二十条第（一）项 |" over "| --- |", or "| 第二十条第（一）项"
over "---"), and the rows under it have four cells.  GFM cuts every row to the header's one cell; the table must be
read with the columns its rows print (never "没有找到表二").  The Markdown is generated here; the expected values
are the numbers the generator printed.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.audit import audit
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown

CAPTIONS = ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]


def table_two(v: dict, style: str) -> list[str]:
    groups = [(CAPTIONS[0], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
               [["规章", *v["rules"]], ["行政规范性文件", *v["normative_documents"]]]),
              (CAPTIONS[1], ["信息内容", "本年处理决定数量"], [["行政许可", v["licensing"]]]),
              (CAPTIONS[2], ["信息内容", "本年处理决定数量"], [["行政处罚", v["penalty"]], ["行政强制", v["coercion"]]]),
              (CAPTIONS[3], ["信息内容", "本年收费金额（单位：万元）"], [["行政事业性收费", v["fees"]]])]
    out = []
    for k, (caption, head, rows) in enumerate(groups):
        body = [head, *[[str(x) for x in r] for r in rows]]
        if style == "pad":  # pad_tables: outer pipes, the caption the only header cell
            if k == 0:
                out += [f"| {caption} |", "| --- |"]
            else:
                out.append(f"| {caption} |")
            out += ["| " + " | ".join(r) + " |" for r in body]
        else:  # body_width=0 of a nested table: "| caption" over a line of dashes, rows without outer pipes
            out += [f"| {caption}  ", "---  "] if k == 0 else [f"{caption}  "]
            out += ["| ".join(r) + "  " for r in body]
    return out


@settings(max_examples=20, deadline=None)
@given(rules=st.lists(st.integers(0, 30), min_size=3, max_size=3),
       docs=st.lists(st.integers(0, 300), min_size=3, max_size=3),
       decisions=st.lists(st.integers(0, 30000), min_size=3, max_size=3),
       fees=st.decimals(0, 9999, places=2), style=st.sampled_from(["pad", "bw0"]))
def test_a_pipe_table_under_a_caption_cell_is_read_with_the_columns_its_rows_print(rules, docs, decisions, fees,
                                                                                    style):
    v = {"rules": rules, "normative_documents": docs, "licensing": decisions[0], "penalty": decisions[1],
         "coercion": decisions[2], "fees": fees}
    text = "\n".join(["# 某县某局2024年政府信息公开工作年度报告", "", "## 一、总体情况", "", "本局持续推进政府信息公开工作。", "",
                      "## 二、主动公开政府信息情况", "", *table_two(v, style), "", "## 三、收到和处理政府信息公开申请情况", ""])
    rep = map_document(read_markdown(text, "r.md"))
    want = {("rules", c): x for c, x in zip(("issued", "repealed", "in_force"), rules)}
    want.update({("normative_documents", c): x for c, x in zip(("issued", "repealed", "in_force"), docs)})
    want.update({("licensing", "decisions"): decisions[0], ("penalty", "decisions"): decisions[1],
                 ("coercion", "decisions"): decisions[2], ("administrative_fees", "amount_10k_yuan"): Decimal(fees)})
    for (r, c), x in want.items():
        cell = rep.cell("二", r, c)
        assert (cell.kind, cell.value) == ("number", x), (r, c, cell)
    assert not [f for f in audit(rep) if f.code == "C02" and "表二" in f.message]


GROUPS = [("行政复议", "review"), ("行政诉讼（未经复议直接起诉）", "lawsuit_direct"), ("行政诉讼（复议后起诉）", "lawsuit_after_review")]
RESULTS = ["upheld", "corrected", "other_result", "pending"]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), min_size=4, max_size=4), min_size=3, max_size=3), st.booleans())
def test_table_four_as_three_pandoc_tables_with_empty_header_rows_is_read(groups, titled):
    # pandoc's gfm / markdown_mmd of a page printing 表四 as three tables, each with a caption row spanning it:
    # an empty header row (the HTML table had none), the caption as the first body row, the result names, values
    out = ["# 某县某局2024年政府信息公开工作年度报告", "", "## 四、政府信息公开行政复议、行政诉讼情况", ""]
    for (title, _), vals in zip(GROUPS, groups):
        if titled:
            out += [title, ""]
        out += ["|  |  |  |  |  |", "|---|---|---|---|---|", f"| {title} |  |  |  |  |",
                "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
                "| " + " | ".join(str(x) for x in [*vals, sum(vals)]) + " |", ""]
    out += ["## 五、存在的主要问题及改进情况", "", "无。"]
    rep = map_document(read_markdown("\n".join(out), "r.md"))
    for (_, key), vals in zip(GROUPS, groups):
        for name, x in zip([*RESULTS, "total"], [*vals, sum(vals)]):
            cell = rep.cell("四", "cases", f"{key}_{name}")
            assert (cell.kind, cell.value) == ("number", x), (key, name, cell)
    assert not [f for f in audit(rep) if f.severity == "error" and "表四" in f.message]

"""Columns are mapped by their header labels when a grid row does not line up with the format."""

from __future__ import annotations

import csv
import io

from gongkai.audit import audit
from gongkai.cli.output import cells_csv
from gongkai.readers import read_report

HEAD = """<html><head><meta charset="utf-8"></head><body>
<p>某局2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本年收到申请3件。</p>
<p>三、收到和处理政府信息公开申请情况</p><table>
<tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="8">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="6">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>小计</td></tr>
"""


def row(label, values):
    return f"<tr><td colspan=\"3\">{label}</td>" + "".join(f"<td>{v}</td>" for v in values) + "</tr>\n"


def test_an_added_subtotal_column_is_reported_once_and_does_not_shift_the_cells(tmp_path):
    doc = tmp_path / "小计.html"
    doc.write_text(HEAD + row("一、本年新收政府信息公开申请数量", [2, 1, 0, 0, 0, 0, 1, 3])
                   + row("二、上年结转政府信息公开申请数量", [0] * 8) + "</table></body></html>", encoding="utf-8")
    rep = read_report(doc)
    assert [rep.value("三", "received", c) for c in ("natural_person", "commercial_enterprise", "other_org",
                                                       "total")] == [2, 1, 0, 3]
    p04 = [f for f in audit(rep) if f.code == "P04"]
    assert len(p04) == 1 and "小计" in p04[0].message and len(p04[0].evidence) == 2


def test_ambiguous_cells_have_no_value_in_csv(corpus):
    rep = read_report(corpus("real/2024_pingtan-zhqsyq.txt"))
    rows = list(csv.DictReader(io.StringIO(cells_csv(rep))))
    cells = [r for r in rows if r["row"] == "行政规范性文件"]
    assert [r["value"] for r in cells] == ["", "", ""]
    assert all("6233440" in r["location"] for r in cells)


def test_a_printed_group_subtotal_row_is_in_csv(corpus):
    rep = read_report(corpus("real/2024_huaian-hongze-qu.txt"))
    rows = list(csv.DictReader(io.StringIO(cells_csv(rep))))
    assert [r["value"] for r in rows if r["row"] == "（六）其他处理"] == ["0"] * 7


def test_an_added_subtotal_column_in_tab_separated_text_is_dropped_by_its_header_label(corpus, tmp_path):
    # the seed with a 法人或其他组织小计 column added after 其他 in the header and in every table 三 row
    import re
    lines = corpus("seed/2023_hulin_abei_xiang.txt").read_text(encoding="utf-8").split("\n")
    out = []
    for line in lines:
        if "\t商业企业\t" in line:
            line = line.replace("\t其他\t", "\t其他\t法人或其他组织小计\t", 1)
        cells = line.split("\t")
        nums = [i for i, c in enumerate(cells) if re.fullmatch(r"\d+", c.strip())]
        if len(nums) == 7 and "本年新收" in line:
            for k, v in zip(nums, [3, 1, 0, 0, 0, 1, 5]):
                cells[k] = str(v)
            cells.insert(nums[5] + 1, "2")  # the subtotal of the organisation columns
        elif len(nums) == 7:
            cells.insert(nums[5] + 1, "0")
        out.append("\t".join(cells))
    doc = tmp_path / "小计.txt"
    doc.write_text("\n".join(out), encoding="utf-8")
    rep = read_report(doc)
    assert [rep.value("三", "received", c) for c in ("natural_person", "commercial_enterprise", "other_org",
                                                       "total")] == [3, 1, 1, 5]
    p04 = [f for f in audit(rep) if f.code == "P04"]
    assert len(p04) == 1 and "法人或其他组织小计" in p04[0].message

"""Markdown made from a PDF by a converter (../shared/corpus/markdown/2024_shanghai-kewei.md): delimiter rows
after data rows, labels floating on lines of their own or wrapped, table 二's 第（一）项 table after the other
sub-tables' captions, sections numbered by the report itself.

Every expected value below was read from the file by eye (and checked against the table's own sums and the
text: 34 new, 2 carried over, 9 公开, 0 部分公开, 2 不予公开, 10 无法提供, 0 不予处理, 14 其他处理, 1 carried
forward), not taken from the reader's output.
"""

from __future__ import annotations

import random

import pytest

from conftest import corpus_file
from office_helpers import consistent_values
from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers import read_report

# table 三, in the format's order: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
TABLE3 = [
    ("一、本年新收政府信息公开申请数量", "32 2 0 0 0 0 34"),
    ("二、上年结转政府信息公开申请数量", "2 0 0 0 0 0 2"),
    ("（一）予以公开", "9 0 0 0 0 0 9"),
    ("（二）部分公开", "0 0 0 0 0 0 0"),
    ("1.属于国家秘密", "0 0 0 0 0 0 0"),
    ("2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
    ("3.危及", "0 0 0 0 0 0 0"),
    ("4.保护第三方合法权益", "0 0 0 0 0 0 0"),
    ("5.属于三类内部事务信息", "1 0 0 0 0 0 1"),
    ("6.属于四类过程性信息", "1 0 0 0 0 0 1"),
    ("7.属于行政执法案卷", "0 0 0 0 0 0 0"),
    ("8.属于行政查询事项", "0 0 0 0 0 0 0"),
    ("1.本机关不掌握相关政府信息", "4 0 0 0 0 0 4"),
    ("2.没有现成信息需要另行制作", "6 0 0 0 0 0 6"),
    ("3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"),
    ("1.信访举报投诉类申请", "0 0 0 0 0 0 0"),
    ("2.重复申请", "0 0 0 0 0 0 0"),
    ("3.要求提供公开出版物", "0 0 0 0 0 0 0"),
    ("4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
    ("5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
    ("1.申请人无正当理由逾期不补正", "8 2 0 0 0 0 10"),
    ("2.申请人逾期未按收费通知要求缴纳费用", "0 0 0 0 0 0 0"),
    ("3.其他", "4 0 0 0 0 0 4"),
    ("（七）总计", "33 2 0 0 0 0 35"),
    ("四、结转下年度继续办理", "1 0 0 0 0 0 _"),  # its 总计 cell is printed blank
]


@pytest.fixture(scope="module")
def kewei():
    return read_report(corpus_file("markdown/2024_shanghai-kewei.md"))


def _row(report, table, start):
    rows = [r for r in report.table(table).rows if r.label.startswith(start) and r.printed]
    assert len(rows) == 1, start
    cells = [report.cell(table, rows[0].id, c.id) for c in report.table(table).columns_of(rows[0])]
    return " ".join(c.raw if c.kind == "number" else {"blank": "_"}.get(c.kind, c.kind) for c in cells)


def test_title_and_year_come_from_the_title_wrapped_over_two_lines(kewei):
    assert kewei.year == 2024
    assert kewei.title == "2024 年上海市科委政府信息公开工作年度报告"
    assert kewei.agency == "上海市科委"


def test_table_two_sub_tables_are_matched_by_their_own_labels_not_by_order(kewei):
    assert _row(kewei, "二", "规章") == "0 0 0"
    assert _row(kewei, "二", "行政规范性文件") == "13 0 55"
    assert _row(kewei, "二", "行政许可") == "97"
    assert _row(kewei, "二", "行政处罚") == "0"
    assert _row(kewei, "二", "行政强制") == "0"
    assert _row(kewei, "二", "行政事业性收费") == "0"


@pytest.mark.parametrize("label,values", TABLE3, ids=[x[0] for x in TABLE3])
def test_table_three_rows_with_floating_labels_and_delimiter_rows(kewei, label, values):
    assert _row(kewei, "三", label) == values


def test_table_four_after_a_delimiter_row(kewei):
    assert _row(kewei, "四", "") == "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0"


def test_rows_placed_by_order_are_said_and_nothing_is_left_over(kewei):
    codes = [n.code for n in kewei.notes]
    assert codes.count("P12") == 1 and "P07" not in codes and "P01" not in codes and "P03" not in codes
    assert len(next(n for n in kewei.notes if n.code == "P12").data["rows"]) == 10


def test_sections_are_found_by_their_titles_and_renumbering_is_a_format_warning(kewei):
    assert set(kewei.sections) == set("一二三四五六")
    findings = audit(kewei)
    f03 = sorted(f.evidence[0].section for f in findings if f.code == "F03")
    assert sorted(f03) == sorted(["二", "三", "四", "六"])
    assert [f.code for f in findings if f.code == "F08"] == ["F08"]  # 五: content without its heading
    assert not [f for f in findings if f.code in ("C01", "C02", "C03", "P08")]


def _t4(parts):
    body = "".join(f"### {caption}\n\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| {values} |\n\n"
                   for caption, values in parts)
    return ("# 某某局2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n本局认真贯彻条例。\n\n"
            "## 四、政府信息公开行政复议、行政诉讼情况\n\n" + body + "## 五、存在的主要问题及改进情况\n\n无。\n")


def _t4_cells(md):
    from gongkai.readers.mapping import map_document
    from gongkai.readers.markdown import read_markdown
    rep = map_document(read_markdown(md, "t4.md"))
    return rep, " ".join(c.raw if c.kind == "number" else "·" for *_, c in rep.iter_cells("四"))


def test_table_four_as_three_captioned_sub_tables_in_any_order():
    rep, cells = _t4_cells(_t4([("行政诉讼（复议后起诉）", "0 | 0 | 0 | 4 | 4"), ("行政复议", "1 | 0 | 0 | 0 | 1"),
                                ("行政诉讼（未经复议直接起诉）", "2 | 1 | 0 | 0 | 3")]))
    assert cells == "1 0 0 0 1 2 1 0 0 3 0 0 0 4 4"


def test_table_four_sub_table_without_its_own_caption_is_left_unread_with_a_note():
    rep, cells = _t4_cells(_t4([("行政复议", "1 | 0 | 0 | 0 | 1"), ("", "2 | 1 | 0 | 0 | 3")]))
    assert cells == "1 0 0 0 1 " + " ".join(["·"] * 10)  # the second five are not put anywhere by guess
    assert [n.code for n in rep.notes if n.code == "P07"] == ["P07"]


def test_cells_from_a_split_paragraph_keep_their_own_markdown_lines(kewei):
    r = next(r for r in kewei.table("二").rows if r.label == "行政许可")
    assert kewei.cell("二", r.id, kewei.table("二").columns_of(r)[0].id).location.line == 77
    r = next(r for r in kewei.table("二").rows if r.label == "行政事业性收费")
    assert kewei.cell("二", r.id, kewei.table("二").columns_of(r)[0].id).location.line == 84


# ------------------------------------------------------------------ table 三 with the official three-level header
def _t3_markdown(values, *, natural_person_row=True, break_before_other=True):
    """Table 三 as a PDF→Markdown converter writes it: no spans in a pipe table, so the three header rows keep
    empty cells where the official table spans ("法人或其他组织" above five columns), three label columns,
    and — after a page break — the （六） rows continued in a table of their own, without a header, their
    labels floating above it and their label cells left empty."""
    t3 = FORMAT_2021.table("三")
    cols = t3.columns
    head = ["|  |  |  | 申请人情况 |" + "  |" * 6, "|" + "---|" * 10]
    if natural_person_row:
        head.append("|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |")
    head.append("|  |  |  |  | " + " | ".join(c.label for c in cols[1:6]) + " |  |")
    body, tail, floating = [], [], []
    for row in t3.printed_rows:
        cells = " | ".join(str(values[("三", row.id, c.id)]) for c in cols)
        if break_before_other and row.id.startswith("other_"):
            floating.append(row.label)
            tail.append(f"|  |  |  | {cells} |")
        else:
            body.append(f"| {row.label} |  |  | {cells} |")
    parts = ["# 某某局2024年政府信息公开工作年度报告", "## 一、总体情况", "本局认真贯彻条例。",
             "## 三、收到和处理政府信息公开申请情况", "\n".join(head + body)]
    if tail:
        end = next(k for k, line in enumerate(body) if "（七）总计" in line)
        parts[-1] = "\n".join(head + body[:end])
        parts += ["— 4 —", "\n\n".join(floating),
                  "\n".join([tail[0], "|" + "---|" * 10, *tail[1:], *body[end:]])]
    parts += ["## 五、存在的主要问题及改进情况", "无。"]
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("natural_person_row", [True, False])
@pytest.mark.parametrize("break_before_other", [True, False])
@pytest.mark.parametrize("seed", [1, 7])
def test_table_three_with_the_official_header_in_a_pipe_table(seed, natural_person_row, break_before_other):
    from gongkai.readers.mapping import map_document
    from gongkai.readers.markdown import read_markdown

    values = consistent_values(random.Random(seed), 40)
    md = _t3_markdown(values, natural_person_row=natural_person_row, break_before_other=break_before_other)
    rep = map_document(read_markdown(md, "t3.md"))
    t3 = FORMAT_2021.table("三")
    got = {(r.id, c.id): rep.cells[("三", r.id, c.id)] for r in t3.printed_rows for c in t3.columns}
    wrong = [(k, c.kind, c.raw) for k, c in got.items()
             if c.kind != "number" or c.value != values[("三", *k)]]
    assert not wrong, wrong[:5]
    codes = [f.code for f in audit(rep)]
    assert not [c for c in codes if c in ("C03", "C04", "P03", "P04", "P07")], codes


# ------------------------------------------------------------ group labels on rows of their own
def _with_group_heading_rows(text: str, groups: tuple[str, ...]) -> str:
    """Each group's label moved from its first sub-row to a row of its own above, every value cell empty
    ("| | （三）不予公开 | | … |"), as a converter writes a merged group cell."""
    out = []
    for line in text.splitlines():
        cells = line.split("|")
        group = cells[2].strip() if len(cells) > 3 else ""
        if group in groups:
            out.append("| | " + group + " |" + " |" * (len(cells) - 4))
            cells[2] = "  "
            line = "|".join(cells)
        out.append(line)
    return "\n".join(out) + "\n"


def test_a_group_label_row_with_every_cell_empty_is_a_heading_not_a_blank_subtotal(tmp_path):
    """（三）至（六） each printed as a row of its own with empty cells, the sub-rows below with their numbers
    (issue 11): the group row is a heading over its sub-rows — no P06 "只印了小计", no blank subtotal cells —
    and every sub-row reads as written."""
    from office_helpers import report_from_values
    from gongkai.writers.markdown import write_markdown

    rep = report_from_values(consistent_values(random.Random(23), 60), agency="青岚县测试局", year=2024)
    groups = ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")
    text = _with_group_heading_rows(write_markdown(rep), groups)
    assert sum(f"| | {g} |" in text for g in groups) == 4, "分组标题行未写入，测试无效"
    path = tmp_path / "group_headings.md"
    path.write_text(text, encoding="utf-8")
    got = read_report(path)
    diffs = [(key, a.value, got.cells[key].kind, got.cells[key].raw) for key, a in rep.cells.items()
             if key[0] in ("二", "三", "四") and (got.cells[key].kind, got.cells[key].value) != (a.kind, a.value)]
    assert not diffs, diffs[:6]
    t3 = FORMAT_2021.table("三")
    group_rows = [r for r in t3.rows if not r.printed and r.sum_of]
    assert {r.label for r in group_rows} == set(groups)
    assert not [key for key in got.cells if key[0] == "三" and key[1] in {r.id for r in group_rows}]
    assert not [n for n in got.notes if n.code in ("P03", "P06", "P07")], [(n.code, n.message) for n in got.notes]
    assert not [f for f in audit(got) if f.code in ("P06", "C04")]


def test_a_group_label_row_with_empty_cells_and_no_sub_rows_stays_a_blank_subtotal(tmp_path):
    """Without any of its sub-rows printed, an empty （六）其他处理 row is that group's subtotal left blank:
    P06 as before (its blank cells are a fact of the document, not a heading)."""
    from office_helpers import report_from_values
    from gongkai.writers.markdown import write_markdown

    rep = report_from_values(consistent_values(random.Random(29), 60), agency="青岚县测试局", year=2024)
    lines = [ln for ln in write_markdown(rep).splitlines()
             if not any(s in ln for s in ("（六）其他处理", "2.申请人逾期未按收费通知", "| 3.其他 |"))]
    at = next(k for k, ln in enumerate(lines) if "（七）总计" in ln)
    lines.insert(at, "| | （六）其他处理 | | | | | | | | |")
    path = tmp_path / "group_alone.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = read_report(path)
    other = next(r for r in FORMAT_2021.table("三").rows if r.label == "（六）其他处理")
    assert got.cells[("三", other.id, "total")].kind == "blank"
    assert [n.data.get("group_label") for n in got.notes if n.code == "P06"] == ["（六）其他处理"]

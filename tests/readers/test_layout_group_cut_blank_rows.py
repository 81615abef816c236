"""``pdftotext -layout`` of table 三 with blank rows among wrapped labels (tester 11, pdftotext -htmlmeta -layout:
"（五）不予处" / "理" — the group's merged cell cut over two lines beside its sub-rows — then "4.无正当理由大量
反复申请" printed alone (a blank row), then "5.要求行政机关确认或重新出具已获取" / numbers / "信息": the numbers of
3 were read as 4's and 5's as 4's).  Generated from random consistent reports with whole rows blank: each group's
label cut in two on two lines of its column, long labels wrapped around their numbers, blank rows printed as
their label alone — read back: never a wrong number, no 错误."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_layout_generator import TITLE, T3, _section_lines, assert_never_wrong, printed_values, tab_text

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.report import AnnualReport
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

from .text_tables import blank_case

GROUP_WIDTH = 10
LABEL_WIDTH = 40


def _line(group: str, label: str, values: list[str]) -> str:
    return ("  " + group.ljust(GROUP_WIDTH) + label.ljust(LABEL_WIDTH) + "".join(v.rjust(8) for v in values)).rstrip()


def layout_text(rep, rng: random.Random) -> str:
    lines = [TITLE, "", "一、总体情况", "本年度共主动公开政府信息1234条。", "二、主动公开政府信息情况"]
    lines += _section_lines(tab_text(rep), "二")  # (table 二 tab-separated: not what is tested here)
    lines += ["三、收到和处理政府信息公开申请情况",
             " " * (2 + GROUP_WIDTH + LABEL_WIDTH) + "自然人  商业企业  科研机构  社会公益  法律服务  其他  总计"]
    groups = {r.label: r for r in T3.rows if not r.printed}
    by_group: dict[str | None, list] = {}
    order: list = []
    for row in T3.printed_rows:
        g = row.group if row.group in groups else None
        key = g if g else row.id
        if key not in by_group:
            by_group[key] = []
            order.append((key, g))
        by_group[key].append(row)
    for key, g in order:
        block: list[list[str]] = []  # [group column text, label text, values…] per line
        for row in by_group[key]:
            values = printed_values(rep, T3, row)
            label = row.label
            if len(label) > 14 and rng.random() < 0.6 and any(values):
                k = rng.randint(6, len(label) - 2)
                block += [["", label[:k]], ["", "", *values], ["", label[k:]]]
            else:
                block.append(["", label, *values])
        if g:
            name = groups[g].label
            k = rng.randint(min(name.index("）") + 2, len(name) - 1), len(name) - 1)  # (never inside "（五）")
            at = rng.randint(0, len(block) - 2)
            block[at][0], block[at + 1][0] = name[:k], name[k:]
        lines += [_line(b[0], b[1], b[2:]) for b in block]
    t4 = FORMAT_2021.table("四")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议            行政诉讼",
              "".join(v.rjust(5) for v in printed_values(rep, t4, t4.rows[0])),
              "五、存在的主要问题及改进情况", "存在的主要问题：公开内容不够及时。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    return "\n".join(lines) + "\n"


def _table_four_trailing_blank(rep) -> bool:
    """Whether table 四's lawsuit cells (its last ten) are blank: printed as nothing after the review cells."""
    return all(rep.cells[("四", "cases", c.id)].kind == "blank" for c in FORMAT_2021.table("四").columns[5:])


# (seeds 102, 216, 221: a row's numbers printed beside the head of its group's cut label, "（三）不予  2.其他法律行政
# 法规禁止公开  0 2 3 …", with the tail "公开" beside the blank row under it, went to that blank row — wrong numbers)
@pytest.mark.parametrize("seed", [*range(40), 102, 216, 221])
def test_cut_group_labels_and_blank_rows_never_wrong(seed):
    rng = random.Random(seed)
    rep = blank_case(rng)
    got = map_document(read_text(layout_text(rep, rng), "l.txt"))
    assert_never_wrong(rep, got)
    errors = [f for f in audit(got) if f.severity == "error"]
    assert not errors, [f.message for f in errors]


@pytest.mark.parametrize("seed", [3, 4, 6])
def test_table_four_with_its_trailing_cells_blank_gives_no_error(seed):
    """Table 四 printed as its values alone under a header of two words ("行政复议  行政诉讼", no column labels), its
    ten lawsuit cells blank and printed as nothing: nothing in the text tells blank cells from cells not printed —
    the five review values are read (they stand from the left and keep their 总计), the ten others unread with a
    P01 naming them, never missing (no C03) and never 0."""
    rng = random.Random(seed)
    rep = blank_case(rng)
    assert _table_four_trailing_blank(rep)
    got = map_document(read_text(layout_text(rep, rng), "l.txt"))
    assert_never_wrong(rep, got)
    assert not [f for f in audit(got) if f.severity == "error"]
    t4 = FORMAT_2021.table("四")
    assert [got.cells[("四", "cases", c.id)].kind for c in t4.columns[5:]] == ["ambiguous"] * 10
    unread = [n for n in got.notes if n.code == "P01" and n.data.get("table") == "四"]
    assert len(unread) == 1 and "未经复议直接起诉、复议后起诉" in unread[0].message


# (seeds 0–299: before the header naming every part, table 四's C03 in 141 reports — the five review values read,
# the lawsuit cells printed as nothing found missing)
@pytest.mark.parametrize("seed", range(0, 300, 3))  # every third of the 300 measured (suite time)
def test_generated_reports_give_no_wrong_number_and_no_error(seed):
    rng = random.Random(seed)
    rep = blank_case(rng)
    got = map_document(read_text(layout_text(rep, rng), "l.txt"))
    assert_never_wrong(rep, got)
    assert not [f.message for f in audit(got) if f.severity == "error"]


def _table_four_under_two_words(line: str) -> str:
    return "\n".join([TITLE, "一、总体情况", "四、政府信息公开行政复议、行政诉讼情况", "行政复议            行政诉讼", line,
                      "五、存在的主要问题及改进情况", "无。"]) + "\n"


def test_a_part_printed_away_from_the_left_under_the_two_words_is_not_the_review_part():
    """The review cells blank and the 未经复议直接起诉 ones printed where they stand (under "行政诉讼"): their
    five values are no review numbers (they were read as such) — unread, said."""
    got = map_document(read_text(_table_four_under_two_words(" " * 25 + "    2    1    3    2    8"), "l.txt"))
    assert not [k for k, c in got.cells.items() if k[0] == "四" and c.kind == "number"]
    assert any(n.code == "P01" and n.data.get("table") == "四" for n in got.notes)
    assert not [f for f in audit(got) if f.code == "C03" and f.message.startswith("表四")]


@pytest.mark.parametrize("line", ["    2    1    3    2    9", "2\t1\t3\t2\t8"])
def test_a_part_wide_row_whose_place_is_not_certain_is_unread_not_missing(line):
    """Five values under the two words whose review 总计 does not hold, or apart by tabs (an empty cell may have
    left no tab): where they stand cannot be told — all fifteen cells unread (P01), none missing, no number."""
    got = map_document(read_text(_table_four_under_two_words(line), "l.txt"))
    cells = [c for k, c in got.cells.items() if k[0] == "四"]
    assert len(cells) == 15 and all(c.kind == "ambiguous" for c in cells)
    assert any(n.code == "P01" and n.data.get("table") == "四" for n in got.notes)
    assert not [f for f in audit(got) if f.code == "C03" and f.message.startswith("表四")]


def test_a_blank_row_between_a_cut_group_label_and_a_wrapped_label_takes_no_numbers():
    """The tester's lines: 3's numbers stay 3's, 4 printed alone is no row of numbers, 5's numbers (centred
    between the lines of its wrapped label) are 5's."""
    head = " " * 47 + "自然人  商业企业  科研机构  社会公益  法律服务  其他  总计"
    text = "\n".join([
        TITLE, "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", head,
        "                         1.信访举报投诉类申请           0       1    4      0       3         4        12",
        "                           2.重复申请              0       0    0      0       1         0        1",
        "       （五）不予处            3.要求提供公开出版物           0       0    0      0       0         1        1",
        "          理          4.无正当理由大量反复申请",
        "                  5.要求行政机关确认或重新出具已获取",
        "                                               2       0    0      0       0         1        3",
        "                           信息",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"])
    got = map_document(read_text(text, "l.txt"))

    def row(rid):
        return [(c.kind, c.value) for (t, r, _), c in got.cells.items() if t == "三" and r == rid]

    assert row("not_processed_publication") == [("number", 0)] * 5 + [("number", 1)] * 2
    assert all(k != "number" for k, _ in row("not_processed_excessive_repeated"))
    assert row("not_processed_confirmation_or_reissue") == [("number", 2)] + [("number", 0)] * 4 + [("number", 1),
                                                                                           ("number", 3)]


def test_a_cut_group_label_beside_a_blank_row_and_beside_a_row_of_numbers():
    """"（四）无法提" beside a blank row is that row printed without numbers (blank, not missing: no C03); the numbers
    beside "（三）不予" and a row's whole label are that row's, never the blank row's under it, beside "公开"."""
    head = " " * 47 + "自然人  商业企业  科研机构  社会公益  法律服务  其他  总计"
    text = "\n".join([
        TITLE, "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", head,
        "            1.属于国家秘密",
        "  （三）不予     2.其他法律行政法规禁止公开                                 0       2       3       3       0"
        "       3      11",
        "  公开        3.危及“三安全一稳定”",
        "            4.保护第三方合法权益                                    3       1       1       2       2"
        "       0       9",
        "            1.本机关不掌握相关政府信息                                11      11      11       6       1"
        "       0      40",
        "  （四）无法提    2.没有现成信息需要另行制作",
        "  供         3.补正后申请内容仍不明确                                 11       6       9      10       6"
        "      12      54",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"])
    got = map_document(read_text(text, "l.txt"))

    def row(rid):
        return [(c.kind, c.value) for (t, r, _), c in got.cells.items() if t == "三" and r == rid]

    assert row("withheld_prohibited_by_law") == [("number", v) for v in (0, 2, 3, 3, 0, 3, 11)]
    assert all(k != "number" for k, _ in row("withheld_security_stability"))
    assert row("unavailable_needs_creation") == [("blank", None)] * 7
    assert row("unavailable_unclear_after_correction") == [("number", v) for v in (11, 6, 9, 10, 6, 12, 54)]


def _table_four_grid(markup: str, values: list[str]) -> AnnualReport:
    """Table 四 as a grid (Markdown pipes or HTML) under its full header, its data row printing only its first
    ``values`` (a tool writing no empty cell after the last value)."""
    t4 = FORMAT_2021.table("四")
    labels = [c.label for c in t4.columns]
    lead = [TITLE, "一、总体情况", "四、政府信息公开行政复议、行政诉讼情况"]
    tail = ["五、存在的主要问题及改进情况", "无。"]
    if markup == "markdown":
        text = "\n".join(lead + ["| 行政复议 |" + " |" * 4 + " 行政诉讼 |" + " |" * 9, "|" + "---|" * 15,
                                 "| " + " | ".join(labels) + " |", "| " + " | ".join(values) + " |"] + tail) + "\n"
        return map_document(read_text(text, "l.md"))
    html = ("<html><body>" + "".join(f"<p>{x}</p>" for x in lead)
            + "<table><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr><tr>"
            + "".join(f"<td>{x}</td>" for x in labels) + "</tr><tr>" + "".join(f"<td>{v}</td>" for v in values)
            + "</tr></table>" + "".join(f"<p>{x}</p>" for x in tail) + "</body></html>")
    return map_document(read_html(html.encode(), "l.html"))


@pytest.mark.parametrize("markup", ["markdown", "html"])
@pytest.mark.parametrize("printed", [5, 10, 12])
def test_a_grid_row_ending_before_the_table_leaves_its_last_cells_unread_not_missing(markup, printed):
    """Five, ten or twelve of fifteen cells printed in their columns (the others blank, printed as no cell): they
    are read, the cells after them unread (P01 naming them) — not missing, so no C03 错误; never a number there."""
    values = ["2", "1", "3", "2", "8", "1", "0", "0", "0", "1", "1", "0"][:printed]
    got = _table_four_grid(markup, values)
    t4 = FORMAT_2021.table("四")
    cells = [got.cells[("四", "cases", c.id)] for c in t4.columns]
    assert [(c.kind, c.value) for c in cells[:printed]] == [("number", int(v)) for v in values]
    assert all(c.kind == "ambiguous" for c in cells[printed:])
    assert any(n.code == "P01" and n.data.get("unprinted") for n in got.notes)
    assert not [f for f in audit(got) if f.code == "C03"]


_GROUP = st.lists(st.integers(0, 60), min_size=4, max_size=4).map(lambda xs: [str(x) for x in xs] + [str(sum(xs))])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups=st.lists(st.one_of(st.none(), _GROUP), min_size=3, max_size=3).filter(lambda gs: any(gs)),
       layout=st.sampled_from(["line", "markdown", "html"]))
def test_table_four_with_blank_groups_printed_as_nothing_never_reads_a_wrong_number(groups, layout):
    """Table 四 with whole groups blank (None), printed as nothing: in a layout line under "行政复议  行政诉讼" a
    blank cell as spaces (the values keep their places), in a pipe or HTML row as empty cells, the ones after the
    last value not printed at all.  Every number read is the printed one in its own column, a printed number not
    read is said (P01/P07), and no column is missing (C03)."""
    values = [v for g in groups for v in (g or [""] * 5)]
    while values[-1] == "":
        values.pop()
    if layout == "line":
        got = map_document(read_text(_table_four_under_two_words("".join(v.rjust(5) for v in values)), "l.txt"))
    else:
        got = _table_four_grid(layout, values)
    t4 = FORMAT_2021.table("四")
    cells = [got.cells.get(("四", "cases", c.id)) for c in t4.columns]
    for k, cell in enumerate(cells):
        if cell is not None and cell.kind == "number":
            assert k < len(values) and values[k] and cell.value == int(values[k]), (k, cell)
    if any(v and (c is None or c.kind != "number") for v, c in zip(values, cells)):
        assert any(n.code in ("P01", "P07") and n.data.get("table") == "四" for n in got.notes)
    assert not [f for f in audit(got) if f.code == "C03" and f.message.startswith("表四")]

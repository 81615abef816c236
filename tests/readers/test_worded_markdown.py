"""Markdown as an LLM writes a report's tables (issue 11): a bullet per row naming each number by its column's word
("- **规章**：本年制发 2 件，本年废止 0 件，现行有效 15 件"), or a pipe table whose cells carry the word
("| 规章 | 本年制发：2 |"), under "### 表二 …" or the section's heading — read by the words (worded_values), in
any order of the words, only when every word names exactly one column; never a wrong number.  The reports
are consistent (office_helpers); the expected cells come from the generator."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown

TITLE = "某县某局2024年政府信息公开工作年度报告"
T2, T3, T4 = (FORMAT_2021.table(n) for n in "二三四")
WORDS = {"issued": ["本年制发", "制发"], "repealed": ["本年废止", "废止"], "in_force": ["现行有效"],
         "decisions": ["处理决定数量", "本年处理决定数量"], "amount_10k_yuan": ["收费金额"]}


def _word(col, rng) -> str:
    return rng.choice(WORDS.get(col.id, [col.label]))


def _unit(col, rng) -> str:
    if col.unit == "万元":
        return rng.choice([" 万元", "万元", ""])
    return rng.choice([" 件", "件", ""])


def _pieces(table, row, values, rng, shuffle: bool) -> list[str]:
    cols = list(table.columns_of(row))
    if shuffle:
        rng.shuffle(cols)
    sep = rng.choice(["：", "：", " "])
    return [f"{_word(c, rng)}{sep}{values[(table.number, row.id, c.id)]}{_unit(c, rng)}" for c in cols]


def _bullets(table, values, rng, shuffle) -> list[str]:
    joiner = rng.choice(["，", "；", "、"])
    bold = rng.random() < 0.7
    out = []
    for row in table.printed_rows:
        label = f"**{row.label}**" if bold else row.label
        out.append(f"- {label}：{joiner.join(_pieces(table, row, values, rng, shuffle))}")
    return out


def _worded_pipes(table, values, rng, shuffle) -> list[str]:
    out = ["| 项目 | 数据 |", "| --- | --- |"]
    for row in table.printed_rows:
        pieces = [p.replace(" ", "：", 1) if "：" not in p else p for p in _pieces(table, row, values, rng, shuffle)]
        out.append(f"| {row.label} | " + " | ".join(pieces) + " |")
    return out


def _table_four(values, rng) -> list[str]:
    groups = [("行政复议", "review"), (rng.choice(["行政诉讼（未经复议直接起诉）", "未经复议直接起诉"]), "lawsuit_direct"),
              (rng.choice(["行政诉讼（复议后起诉）", "复议后起诉"]), "lawsuit_after_review")]
    out = []
    for label, prefix in groups:
        cols = [c for c in T4.columns if c.id.startswith(prefix + "_")]
        out.append(f"- **{label}**：" + "，".join(f"{c.label} {values[('四', 'cases', c.id)]} 件" for c in cols))
    return out


def llm_markdown(values, rng, shuffle: bool) -> str:
    lines = [f"# {TITLE}", "", "## 一、总体情况", "", "本年度共主动公开政府信息1234条。", "",
             "## 二、主动公开政府信息情况", ""]
    lines += [rng.choice(["### 表二 主动公开政府信息情况", "**表二 主动公开政府信息情况**"]), ""]
    lines += (_bullets if rng.random() < 0.6 else _worded_pipes)(T2, values, rng, shuffle)
    lines += ["", "## 三、收到和处理政府信息公开申请情况", "", "### 表三 收到和处理政府信息公开申请情况", ""]
    lines += _bullets(T3, values, rng, shuffle)
    lines += ["", "## 四、政府信息公开行政复议、行政诉讼情况", ""]
    lines += _table_four(values, rng)
    lines += ["", "## 五、存在的主要问题及改进情况", "", "无。", "", "## 六、其他需要报告的事项", "", "无。", ""]
    return "\n".join(lines)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.booleans())
def test_llm_markdown_rows_are_read_by_their_column_words(seed, shuffle):
    rng = random.Random(seed)
    values = consistent_values(rng, rng.choice([0, 3, 60]))
    rep = report_from_values(values, title=TITLE)
    got = map_document(read_markdown(llm_markdown(values, rng, shuffle), "llm.md"))
    for key, cell in rep.cells.items():
        if key[0] not in "二三四":
            continue
        b = got.cells.get(key)
        assert b is not None and b.kind == "number" and b.value == cell.value, (key, cell.value, b)
    assert not [f.code for f in audit(got) if f.severity == "error" and f.code[0] in "CP"]


def test_a_word_naming_two_columns_is_not_read_by_the_word():
    md = "\n".join(["# " + TITLE, "", "## 二、主动公开政府信息情况", "",
                    "- **规章**：本年 2 件，本年废止 0 件，现行有效 15 件",  # 本年: three columns
                    "- **行政规范性文件**：本年制发 4 件，本年废止 16 件，现行有效 7 件",
                    "", "## 四、政府信息公开行政复议、行政诉讼情况", "",
                    "- **行政诉讼**：结果维持 1 件，总计 1 件",  # 行政诉讼: two groups
                    "", "## 五、存在的主要问题及改进情况", "", "无。", ""])
    got = map_document(read_markdown(md, "llm.md"))
    for col, want in (("issued", 4), ("repealed", 16), ("in_force", 7)):
        cell = got.cells[("二", "normative_documents", col)]
        assert cell.kind == "number" and cell.value == want
    for key in [("二", "rules", "issued"), ("二", "rules", "in_force"),
                ("四", "cases", "lawsuit_direct_upheld"), ("四", "cases", "lawsuit_after_review_upheld")]:
        cell = got.cells.get(key)
        assert cell is None or cell.kind != "number", (key, cell)


def test_the_rows_keep_their_lines_in_the_file():
    rng = random.Random(3)
    values = consistent_values(rng, 3)
    md = llm_markdown(values, rng, False)
    got = map_document(read_markdown(md, "llm.md"))
    lines = md.split("\n")
    for row in T2.printed_rows:
        cell = got.cells[("二", row.id, T2.columns_of(row)[0].id)]
        assert row.label in lines[cell.location.line - 1], (row.id, cell.location.line)

"""Fuzz of the mapping over random row blocks (issue 11): a table 三 printed as random subsets, orders and
duplicates of its rows, with noise in the labels (numbering dropped, spaces inside, a unit after them), rows the
format does not have, and random numbers — as tab-separated rows (a web page copied) or as space-aligned lines
(``pdftotext -layout``), one, fewer or more values than the row's cells.

Whatever the block: no exception, and every cell read as a number is a number printed on a row of that label in
that column (a row printed twice may give either of its copies); a cell that is not so is unread, never filled
from another row, another column or a foreign row."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

T3 = FORMAT_2021.table("三")
COLUMNS = T3.columns
FOREIGN = ("会议次数", "培训人次", "网站访问量", "政务微博发布条数", "备注说明")
HEAD = ["测试市测试局2024年政府信息公开工作年度报告", "一、总体情况", "本年度按要求开展政府信息公开工作。",
        "二、主动公开政府信息情况", "本年度主动公开政府信息120条。"]
TAIL = ["四、政府信息公开行政复议、行政诉讼情况", "本年度未发生行政复议、行政诉讼。",
        "五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]


def _noisy(label: str, how: str) -> str:
    if how == "bare" and label.startswith("（") and "）" in label[:5]:
        return label.split("）", 1)[1]
    if how == "spaced":
        return " ".join(label)  # letter-spaced, as a converter prints a stretched cell
    if how == "unit":
        return label + "（件）"
    return label


row_specs = st.tuples(
    st.one_of(st.sampled_from([r.id for r in T3.printed_rows]), st.sampled_from(FOREIGN)),
    st.sampled_from(["plain", "plain", "bare", "spaced", "unit"]),
    st.lists(st.integers(0, 99999), min_size=1, max_size=len(COLUMNS) + 2),
)


@settings(max_examples=int(os.environ.get("GEN_EXAMPLES", "120")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row_specs, min_size=1, max_size=30), tabs=st.booleans(), exact=st.floats(0, 1))
def test_random_row_blocks_never_give_a_wrong_number(rows, tabs, exact):
    printed: dict[str, list[list[int]]] = {}
    lines = [T3.title, ("\t" if tabs else "    ").join(["项目"] + [c.label for c in COLUMNS])]
    for key, how, values in rows:
        if exact > 0.3 and key not in FOREIGN:  # most rows with as many values as cells
            values = (values * len(COLUMNS))[:len(COLUMNS)]
        label = key if key in FOREIGN else _noisy(T3.row(key).label, how)
        printed.setdefault(key, []).append(values)
        cells = [label] + [str(v) for v in values]
        lines.append("\t".join(cells) if tabs else "    ".join(cells))
    text = "\n".join(HEAD + lines + TAIL) + "\n"
    got = map_document(read_text(text, "fuzz.txt"))
    audit(got)  # never an exception
    extra = any(n.code == "P04" for n in got.notes)
    wrong = []
    for (t, rid, cid), cell in got.cells.items():
        if t != "三" or cell.kind != "number":
            continue
        k = [c.id for c in COLUMNS].index(cid)
        # a row printed with its cells in order: the number in that column of one of the row's copies; a row
        # with more numbers than cells is read by its last ones only with the extra ones noted (P04)
        n = len(COLUMNS)
        if not any(k < len(v) and v[k] == cell.value or len(v) > n and extra and v[len(v) - n + k] == cell.value
                   for v in printed.get(rid, [])):
            wrong.append((rid, cid, cell.value, printed.get(rid)))
    assert not wrong, wrong[:3]

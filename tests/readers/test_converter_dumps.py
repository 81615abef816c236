"""Converter text dumps of a report (issue 11, tester 8 classes 1–3): never a number in another cell's place.

Made here from random consistent reports (:func:`test_layout_generator.tab_text`'s rows):

* table 三 printed as two tables (续表) as pandoc ``-t plain``/``-t org`` prints them (dash-ruled, the header
  line led by the format's corner text) and as html2text prints them (pipe rows without outer bars, a merged
  label cell dropped, so rows are not all as wide as the header; at times a row's trailing empty cell lost);
* AsciiDoc tables (``pandoc -t asciidoc``): ``[cols=…]`` and ``|===``, each cell starting with "|", a row
  continued on the next line at any cell, spans written ``N+|``, a table nested in an ``a|`` cell (``!===``);
* tab rows whose value cells were copied without their tabs ("规章<TAB>205" for 2|0|5).

Expected values are the generated report's; the halves and AsciiDoc are read cell for cell, the others
never read wrong (a run of digits is split only where the relations make it certain).
"""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from test_layout_generator import (ALL_CELLS, _read_right, assert_never_wrong, make_case, ruled_table,
                                   tab_blocks, tab_text)

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.markdown import read_markdown
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

T3 = FORMAT_2021.table("三")
TITLES = {s.title for s in FORMAT_2021.sections}
SETTINGS = dict(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])



def _is_t3(rows) -> bool:
    return any("本年新收" in c for r in rows for c in r)


def _read_all_right(rep, got, keys=ALL_CELLS):
    bad = [k for k in keys if not _read_right(rep.cells[k], got.cells.get(k))]
    assert not bad, (bad[:5], [n.message for n in got.notes][:5])


# ----------------------------------------------------------------------------------------------- 续表 halves
def _halves(rows, split: int):
    """Table 三's rows (three label cells, then seven values) as two tables split after ``split`` columns."""
    return [r[:3 + split] for r in rows], [r[:3] + r[3 + split:] for r in rows]


def pandoc_plain_halves(rep, rng: random.Random, split: int) -> str:
    out: list[str] = []
    for kind, x in tab_blocks(rep):
        if kind == "text":
            out += [x, ""]
        elif _is_t3(x):
            a, b = _halves(x, split)
            out += ruled_table(a, "headerless", rng) + [rng.choice(["续表", "（续表）"]), ""] + ruled_table(b, "headerless", rng)
        else:
            out += ruled_table(x, "headerless", rng)
    return "\n".join(out) + "\n"


def _html2text_row(cells: list[str], labels: int, drop_trailing: bool) -> str:
    """html2text's row (``body_width=0``): cells joined by "| ", the merged label cells' covered places gone."""
    kept = [c for c in cells[:labels] if c] or [""]
    values = cells[labels:]
    if drop_trailing:
        while values and not values[-1]:
            values.pop()  # a last empty cell html2text left out
    return "| ".join(kept + values)


def html2text_halves(rep, rng: random.Random, split: int, drop_trailing: bool) -> str:
    out: list[str] = []
    for kind, x in tab_blocks(rep):
        if kind == "text":
            out += [("## " if x in TITLES else "") + x, ""]
            continue
        labels = 3 if _is_t3(x) else (0 if any("结果维持" in c for c in x[0]) else 1)
        parts = _halves(x, split) if _is_t3(x) else (x,)
        for k, rows in enumerate(parts):
            if k:
                out += ["续表", ""]
            head = _html2text_row(rows[0], labels, False)
            out.append(head)
            out.append("|".join(["---"] * (head.count("|") + 1)))
            out += [_html2text_row(r, labels, drop_trailing and rng.random() < 0.5) for r in rows[1:]]
            out.append("")
    return "\n".join(out) + "\n"


@settings(**SETTINGS)
@given(seed=st.integers(0, 10**6), split=st.integers(1, 6))
def test_pandoc_plain_halves_read_every_cell(seed, split):
    """The second half's header (its own column labels after the corner text) names its columns: its values
    go to them (before: into the first columns, 222 wrong numbers in tester 8's seven files)."""
    rep, rng = make_case(random.Random(seed))
    got = map_document(read_text(pandoc_plain_halves(rep, rng, split), "plain.txt"))
    assert_never_wrong(rep, got)
    _read_all_right(rep, got, [k for k in ALL_CELLS if k[0] == "三"])


@settings(**SETTINGS)
@given(seed=st.integers(0, 10**6), split=st.integers(1, 6), drop=st.booleans())
def test_html2text_halves_never_fill_the_first_columns(seed, split, drop):
    """Pipe halves whose rows are not all as wide as their header: joined row by row when each row's values
    are its last cells after its label; a row that lost its trailing empty cell leaves the second half unread
    (P17) — never its values in the first columns."""
    rep, rng = make_case(random.Random(seed), blanks=drop or seed % 2 == 0)
    text = html2text_halves(rep, rng, split, drop)
    got = map_document(read_markdown(text, "h2t.md"))
    assert_never_wrong(rep, got)
    if not drop and not any(c.kind == "blank" for k, c in rep.cells.items() if k[0] == "三"):
        _read_all_right(rep, got, [k for k in ALL_CELLS if k[0] == "三"])


@settings(**{**SETTINGS, "max_examples": 60})
@given(seed=st.integers(0, 10**6), split=st.integers(1, 6))
@example(seed=26783, split=3)  # (seeds the old reading put a number in the column after its own)
@example(seed=10, split=5)
@example(seed=19, split=2)
@example(seed=151, split=2)
def test_html2text_short_rows_never_shifted(seed, split):
    """A row of an html2text table that prints its merged group label ("（三）不予公开| 1.属于国家秘密| 2422| 1539")
    has its label cells under the header's first column labels and lost its trailing empty cell: its values
    are never read by the header's positions (2422 under 商业企业, 1539 under 科研机构 — wrong, and one invented)."""
    rep, rng = make_case(random.Random(seed), blanks=True)
    got = map_document(read_markdown(html2text_halves(rep, rng, split, True), "h2t.md"))
    assert_never_wrong(rep, got)


_H2T_HEAD = "项目| 自然人| 商业企业| 科研机构| 社会公益组织| 法律服务机构| 其他| 总计\n" + "|".join(["---"] * 8) + "\n"


def _h2t_t3(rows: list[str]):
    text = ("测试市测试局2024年政府信息公开工作年度报告\n\n## 三、收到和处理政府信息公开申请情况\n\n" + _H2T_HEAD
            + "\n".join(rows) + "\n\n## 四、政府信息公开行政复议、行政诉讼情况\n\n无。\n")
    got = map_document(read_markdown(text, "t.md"))
    return got, {k[2]: (c.kind, c.value) for k, c in got.cells.items() if k[:2] == ("三", "withheld_state_secret")}


def test_html2text_label_over_columns_read_after_its_label_when_proven():
    """Another row of the table with its group label prints one value per column right after its labels: the
    table's rows hold their values after their labels (trailing empty cells left out) — read so."""
    got, row = _h2t_t3(["一、本年新收政府信息公开申请数量| 1| 2| 3| 4| 5| 6| 21",
                        "三、本年度办理结果| （一）予以公开| 1| 2| 3| 4| 5| 6| 21",
                        "（三）不予公开| 1.属于国家秘密| 5| 3"])
    assert row["natural_person"] == ("number", 5) and row["commercial_enterprise"] == ("number", 3)
    assert all(kind != "number" for c, (kind, _) in row.items() if c not in ("natural_person", "commercial_enterprise"))


def test_html2text_label_over_columns_unread_without_proof():
    """No row shows where a row with its group label holds its values, or a word that may be a cell stands
    under a column label: the row is unread with a note (before: 5 under 商业企业, 3 under 科研机构)."""
    for rows in (["一、本年新收政府信息公开申请数量| 1| 2| 3| 4| 5| 6| 21", "（三）不予公开| 1.属于国家秘密| 5| 3"],
                 ["三、本年度办理结果| （一）予以公开| 1| 2| 3| 4| 5| 6| 21", "1.属于国家秘密| 暂无| 5| 3"]):
        got, row = _h2t_t3(rows)
        assert not any(kind == "number" for kind, _ in row.values()), row
        assert any(n.code == "P01" and "表头「自然人」列的位置" in n.message for n in got.notes)


def test_html2text_halves_unjoinable_say_p17():
    rep, rng = make_case(random.Random(7), blanks=False)
    key = ("三", T3.printed_rows[3].id, T3.columns[-1].id)  # a trailing cell of the second half made blank
    rep.cells[key].kind, rep.cells[key].value, rep.cells[key].raw = "blank", None, ""
    got = map_document(read_markdown(html2text_halves(rep, rng, 4, True), "h2t.md"))
    assert_never_wrong(rep, got)
    assert any(n.code == "P17" for n in got.notes)


# ----------------------------------------------------------------------------------------------- AsciiDoc
def _adoc_cell(text: str) -> str:
    return text.replace("|", "\\|")


def asciidoc_table(rows: list[list[str]], rng: random.Random, spans: bool, nested: bool) -> list[str]:
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    sep = "!" if nested else "|"
    cells: list[str] = []
    for k, r in enumerate(rows):
        j = 0
        while j < n:
            # a header's corner text over the empty cells after it, written as one spanning cell
            if spans and k == 0 and j == 0 and r[0] and n > 3 and not any(r[1:3]):
                cells.append(f"3+{sep}{_adoc_cell(r[0])} ")
                j += 3
                continue
            cells.append(f"{sep}{_adoc_cell(r[j])} ")
            j += 1
        cells.append(None)  # the end of a row
    lines, cur = [], ""
    for c in cells:
        if c is None:
            lines.append(cur.rstrip())
            cur = ""
            if rng.random() < 0.7:
                lines.append("")
            continue
        if cur and rng.random() < 0.15:  # pandoc's line wrap: the row goes on on the next line
            lines.append(cur.rstrip())
            cur = ""
        cur += c
    delim = sep + "==="
    body = [f'[cols="{",".join([""] * n) if rng.random() < 0.5 else f"{n}*"}",options="header",]', delim, *lines, delim]
    if nested:
        return ['[width="100%",cols="^100%",]', "|===", "a|", *body, "", "|===", ""]
    return body + [""]


def asciidoc_text(rep, rng: random.Random, spans: bool = False, nested: bool = False, cut: bool = False) -> str:
    out = [f"== {rep.title}", ""]
    for kind, x in tab_blocks(rep)[1:]:
        if kind == "text":
            out += [("=== " if x in TITLES else "") + x, ""]
        else:
            table = asciidoc_table(x, rng, spans, nested)
            if cut and _is_t3(x):  # one cell lost: the cells make no whole rows
                at = next(i for i, line in enumerate(table) if "本年新收" in line)
                table[at] = table[at].replace("|", "", 1) if table[at].startswith("|") else table[at]
                table[at] = re.sub(r"\|[^|]*$", "", table[at], count=1)
            out += table
    return "\n".join(out) + "\n"


@settings(**SETTINGS)
@given(seed=st.integers(0, 10**6), spans=st.booleans(), nested=st.booleans())
def test_asciidoc_tables_read_cell_for_cell(seed, spans, nested):
    """A row is as many cells as the table's columns, on one line or continued on the next (before: read line
    by line, its cells shifted one column)."""
    rep, rng = make_case(random.Random(seed))
    got = map_document(read_text(asciidoc_text(rep, rng, spans, nested), "a.txt"))
    assert_never_wrong(rep, got)
    _read_all_right(rep, got)


@settings(**SETTINGS)
@given(seed=st.integers(0, 10**6))
def test_asciidoc_table_whose_cells_make_no_whole_rows_reads_nothing(seed):
    rep, rng = make_case(random.Random(seed))
    got = map_document(read_text(asciidoc_text(rep, rng, cut=True), "a.txt"))
    assert_never_wrong(rep, got)
    assert not any(c.kind == "number" for k, c in got.cells.items() if k[0] == "三")


def test_asciidoc_blocks_and_cells():
    from gongkai.readers.asciidoc import asciidoc_tables
    lines = ['[cols=",,",]', "|===", "|a |b", "|c", "", "2+|d |e", "|f .2+|g |h", "|i |j", "|===", "x"]
    (start, end, rows), = asciidoc_tables(lines, 1, "t", 0)
    assert (start, end) == (0, 9)
    assert [[(c.text, c.spanned) for c in r.cells] for r in rows] == [
        [("a", False), ("b", False), ("c", False)],
        [("d", False), ("", True), ("e", False)],
        [("f", False), ("g", False), ("h", False)],
        [("i", False), ("", True), ("j", False)]]
    assert asciidoc_tables(['[cols=",,",]', "|===", "|a |b", "|c |d", "|===", ""], 1, "t", 0)[0][2] is None
    assert asciidoc_tables(["|===", "3*|x", "|==="], 1, "t", 0)[0][2] is None  # a duplicated cell: not read


# ----------------------------------------------------------------------------------------------- tab rows
def tab_runs(rep, rng: random.Random) -> tuple[str, int]:
    """tab_text with some rows' value cells run together (the tabs between them lost); the number of rows."""
    out, n = [], 0
    for line in tab_text(rep):
        cells = line.split("\t")
        values = [k for k, c in enumerate(cells) if re.fullmatch(r"[0-9.]+", c)]
        if len(values) >= 2 and rng.random() < 0.5:
            i = rng.randrange(len(values) - 1)
            j = rng.randint(i + 1, len(values) - 1)
            a, b = values[i], values[j]
            cells = cells[:a] + ["".join(cells[a:b + 1])] + cells[b + 1:]
            n += 1
        out.append("\t".join(cells))
    return "\n".join(out) + "\n", n


@settings(**SETTINGS)
@given(seed=st.integers(0, 10**6), full_width=st.booleans())
def test_tab_rows_with_cells_run_together_are_never_one_cell(seed, full_width):
    """"规章<TAB>205" (2|0|5): the run is split only where certain, never read as one cell's value; full-width
    digits ("０００") split as theirs — never a P10 错误 on a consistent report."""
    rep, rng = make_case(random.Random(seed))
    text, _ = tab_runs(rep, rng)
    if full_width:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    got = map_document(read_text(text, "tabs.txt"))
    assert_never_wrong(rep, got)
    assert not [f.message for f in audit(got) if f.code == "P10"]


def test_tab_rows_whole_still_read_every_cell():
    rep, _ = make_case(random.Random(3))
    got = map_document(read_text("\n".join(tab_text(rep)) + "\n", "tabs.txt"))
    _read_all_right(rep, got)
    assert not [f for f in audit(got) if f.severity == "error" and f.code[0] in "RNP"]


def test_asciidoc_hostile_blocks_cost_nothing():
    """Spans past the table, a huge span or column count, an unclosed block: no rows, bounded work."""
    from gongkai.readers.asciidoc import asciidoc_tables
    for lines in (["|===", "|a .99999999999+|b |c", "|==="],
                  ["|===", "99999999999999999999+|x |y", "|==="],
                  ['[cols="999999*"]', "|===", "|x", "|==="],
                  ["|===", "|1 " * 5000, "|==="]):
        assert all(rows is None for _, _, rows in asciidoc_tables(lines, 1, "t", 0)), lines
    assert asciidoc_tables(["|===", "|1 |2"], 1, "t", 0) == []  # not closed: not a table

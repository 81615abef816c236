"""Layout generator: random consistent reports, rendered by gongkai's own writers and then perturbed the way
real documents are — HTML labels split over <br>/<p>, converter-style Markdown (delimiter rows after data rows,
labels floating on lines of their own, wrapped), ``pdftotext -layout``-style text (space-aligned columns, blank
cells as spaces, wrapped labels) — and read back.

The property is the reader's promise: every cell comes back equal, or explicitly unread (not a number, and the
audit says so); a number is never wrong.  (Which cells are read is the reader's quality; that none is wrong is
its contract.)
"""

from __future__ import annotations

import os
import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.readers.text import read_text
from gongkai.writers import write_html, write_markdown

ALL_CELLS = [(t.number, r.id, c.id) for t in FORMAT_2021.tables for r, c in t.cells()]
T3 = FORMAT_2021.table("三")
UNREAD_SAID = {"C02", "C03", "C05", "C07", "P01", "P03", "P07", "P08"}
TITLE = "测试市测试局2024年政府信息公开工作年度报告"
EXAMPLES = int(os.environ.get("GEN_EXAMPLES", "20"))  # GEN_EXAMPLES=500 for a long search


MARKS = ("/", "-", "—", "－")  # a not-applicable cell as offices print it


@st.composite
def reports(draw, small=False, marks=False, blanks=True):
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    values = consistent_values(rng, draw(st.sampled_from([0, 3, 12] if small else [0, 3, 60, 5000])))
    blanks = draw(st.lists(st.sampled_from([k for k in ALL_CELLS if k[0] == "三"]), max_size=3, unique=True)) \
        if blanks else []
    for key in blanks:
        values.pop(key)
    na = []
    if marks:  # cells printed as "/" "-" "—" "－" (not applicable), the first cell of a row among them
        na = draw(st.lists(st.sampled_from([k for k in ALL_CELLS if k[0] == "三" and k not in blanks]),
                           min_size=1, max_size=4, unique=True))
        for key in na:
            values.pop(key)
    rep = report_from_values(values, blanks=blanks, not_applicable=na, title=TITLE)
    for key in na:
        rep.cells[key].raw = draw(st.sampled_from(MARKS))
    return rep, random.Random(draw(st.integers(0, 2**32 - 1)))


def assert_never_wrong(expected, got):
    said = {f.code for f in audit(got)} | {n.code for n in got.notes}
    wrong, unsaid = [], []
    for key in ALL_CELLS:
        a, b = expected.cells[key], got.cells.get(key)
        if b is not None and b.kind == "number":
            if a.kind != "number" or a.value != b.value:
                wrong.append((key, a.kind, a.value, b.raw))
        elif a.kind == "number" and not (said & UNREAD_SAID):
            unsaid.append((key, a.value, b.kind if b else None))
    assert not wrong, f"wrong numbers: {wrong[:5]}"
    assert not unsaid, f"numbers left unread without a note: {unsaid[:5]}"


_PREFIX = re.compile(r"^(（[一二三四五六七]）)(?=.)")


def _maybe_unprefixed(label: str, rng: random.Random) -> str:
    """Some converters and hand-made tables drop a row's "（一）" prefix."""
    return _PREFIX.sub("", label) if rng.random() < 0.3 else label


def _cut(label: str, rng: random.Random) -> tuple[str, str]:
    k = rng.randint(2, max(2, len(label) - 2)) if len(label) > 4 else len(label)
    return label[:k], label[k:]


# ----------------------------------------------------------------------------- HTML
def html_split_labels(rep, rng: random.Random) -> str:
    html = write_html(rep)

    def split(m):
        label = _maybe_unprefixed(m.group(2), rng)
        if rng.random() < 0.5 or len(label) < 5:
            return f"{m.group(1)}{label}</th>"
        a, b = _cut(label, rng)
        inner = f"{a}<br>{b}" if rng.random() < 0.5 else f"<p>{a}</p><p>{b}</p>"
        return f"{m.group(1)}{inner}</th>"

    return re.sub(r'(<th[^>]*scope="row"[^>]*>)([^<]+)</th>', split, html)


# ----------------------------------------------------------------------------- converter Markdown
def converter_markdown(rep, rng: random.Random) -> str:
    """Table 三's rows: some followed by a stray delimiter row; some printed without their label, the label
    floating on lines of its own above the row (wrapped in two), the row then its own pipe table."""
    lines = _table_two_first_part_last(write_markdown(rep).split("\n"), rng)
    out: list[str] = []
    in_t3 = False
    for line in lines:
        if line.startswith("## 三、"):
            in_t3 = True
        elif line.startswith("## ") and in_t3:
            in_t3 = False
        cells = line.strip().strip("|").split("|") if line.startswith("|") else []
        label = cells[2].strip() if in_t3 and len(cells) == 10 else ""
        if not label or not any(c.strip().isdigit() for c in cells[3:]):
            out.append(line)
            continue
        values = [c.strip() for c in cells[3:]]
        label = _maybe_unprefixed(label, rng)
        if rng.random() < 0.3:
            a, b = _cut(label, rng)
            row = ["| " + " | ".join(values) + " |", "|" + "---|" * len(values)]
            floating = ["", a, b, ""]
            out += ([""] + floating + row + [""]) if rng.random() < 0.6 else ([""] + row + floating)
        else:
            out.append(line.replace(cells[2], f" {label} ", 1))
            if rng.random() < 0.3:
                out.append("|" + "---|" * 10)
    return "\n".join(out)


def _table_two_first_part_last(lines: list[str], rng: random.Random) -> list[str]:
    """Table 二's 第（一）项 sub-table (规章, 行政规范性文件) moved after the other sub-tables, as a converter
    does when it places a table after the captions printed beside it."""
    if rng.random() < 0.5:
        return lines
    start = lines.index("## 二、主动公开政府信息情况") + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("## "))
    first = next(i for i in range(start, end) if lines[i].startswith("第二十条"))
    parts: list[list[str]] = []
    for line in lines[first:end]:
        if line.startswith("第二十条"):
            parts.append([])
        parts[-1].append(line)
    parts = parts[1:] + parts[:1]
    return lines[:first] + [x for p in parts for x in p] + lines[end:]


# ----------------------------------------------------------------------------- pdftotext -layout
def layout_text(rep, rng: random.Random) -> str:
    """Space-aligned columns: each value right-aligned in a column 8 characters wide, a blank cell as spaces;
    long labels wrapped around the value line."""
    def row_line(indent, label, values):
        return " " * indent + label.ljust(40 - indent + (0 if len(label) < 36 else 4)) + "".join(
            v.rjust(8) for v in values)

    def values_of(table, row):
        out = []
        for col in table.columns_of(row):
            c = rep.cells[(table.number, row.id, col.id)]
            out.append(c.raw if c.kind in ("number", "not_applicable") else "")
        return out

    lines = [TITLE, "", "一、总体情况", "本年度共主动公开政府信息1234条。", "二、主动公开政府信息情况"]
    t2 = FORMAT_2021.table("二")
    for row in t2.printed_rows:
        lines.append(row_line(2, row.label, values_of(t2, row)))
    lines += ["三、收到和处理政府信息公开申请情况", " " * 40 + "自然人  商业企业  科研机构  社会公益  法律服务  其他  总计"]
    page = 2
    for row in T3.printed_rows:
        vals = values_of(T3, row)
        label = _maybe_unprefixed(row.label, rng)
        if len(label) > 14 and rng.random() < 0.5:
            a, b = _cut(label, rng)
            lines += [" " * 6 + a, row_line(6, "", vals), " " * 6 + b]
        else:
            lines.append(row_line(6, label, vals))
        if rng.random() < 0.1:  # a page break: the footer, a form feed, the table goes on
            lines += ["", " " * 36 + rng.choice([f"— {page} —", f"- {page} -", f"第 {page} 页", f"第 {page} 页 共 9 页"]),
                      "\f"]
            page += 1
    t4 = FORMAT_2021.table("四")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议            行政诉讼",
              "".join(v.rjust(5) for v in values_of(t4, t4.rows[0])),
              "五、存在的主要问题及改进情况", "存在的主要问题：公开内容不够及时。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- flattened web text
def flattened_text(rep, rng: random.Random) -> str:
    """A web page's text export: the report in one paragraph, each row's label followed by its digits with
    no separator at all (the 平潭 exports)."""
    def values_of(table, row):
        return "".join(rep.cells[(table.number, row.id, c.id)].raw or "" for c in table.columns_of(row))

    parts = [TITLE, "一、总体情况 本年度共主动公开政府信息1234条。", "二、主动公开政府信息情况"]
    t2 = FORMAT_2021.table("二")
    parts += [row.label + values_of(t2, row) for row in t2.printed_rows]
    parts.append("三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 "
                 "法律服务机构 其他 总计")
    parts += [_maybe_unprefixed(row.label, rng) + values_of(T3, row) for row in T3.printed_rows]
    t4 = FORMAT_2021.table("四")
    parts += ["四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计",
              values_of(t4, t4.rows[0]), "五、存在的主要问题及改进情况 公开内容不够及时。",
              "六、其他需要报告的事项 本年度未收取信息处理费。"]
    return " ".join(parts) + "\n"


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports())
def test_html_with_labels_split_over_br_and_p(case):
    rep, rng = case
    assert_never_wrong(rep, map_document(read_html(html_split_labels(rep, rng).encode("utf-8"), "g.html")))


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports())
def test_converter_style_markdown(case):
    rep, rng = case
    assert_never_wrong(rep, map_document(read_markdown(converter_markdown(rep, rng), "g.md")))


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports())
def test_pdftotext_layout_style_text(case):
    rep, rng = case
    assert_never_wrong(rep, map_document(read_text(layout_text(rep, rng), "g.txt")))


@settings(max_examples=max(5, EXAMPLES // 2), deadline=None)
@given(case=reports(small=True))
def test_flattened_web_text(case):
    # With blank cells: glued digits do not show a blank cell (its digits just shift), so the reader uses a
    # split only when no reading with blank cells fits the relations as well (issue 11) — a row with a blank
    # is left unread (P01) or keeps only the cells equal in every reading, never read as wrong numbers.
    rep, rng = case
    assert_never_wrong(rep, map_document(read_text(flattened_text(rep, rng), "g.txt")))


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports(marks=True))
def test_pdftotext_layout_style_text_with_not_applicable_marks(case):
    """A "/" "-" "—" "－" cell in space-aligned text is a not-applicable cell: never a row label (P03), never a
    wrong number, never glued digits (P01)."""
    rep, rng = case
    got = map_document(read_text(layout_text(rep, rng), "g.txt"))
    assert_never_wrong(rep, got)
    for key in ALL_CELLS:
        row_read = any(got.cells[k].kind not in ("missing", "ambiguous") for k in ALL_CELLS if k[:2] == key[:2])
        if rep.cells[key].kind == "not_applicable" and row_read:  # (a row the generator's labels lose: C03)
            assert got.cells[key].kind == "not_applicable", (key, rep.cells[key].raw, got.cells[key])
    # Known gap (issue 11): hypothesis finds rows with a mark whose label is then not aligned (P03) or whose
    # run is taken for glued digits (P01): their cells stay unread with a note, never wrong.

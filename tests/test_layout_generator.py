"""Layout generator: random consistent reports, rendered by gongkai's own writers and then perturbed the way
real documents are — HTML labels split over <br>/<p>, converter-style Markdown (delimiter rows after data rows,
labels floating on lines of their own, wrapped), ``pdftotext -layout``-style text (space-aligned columns, blank
cells as spaces, wrapped labels) — with row labels printed as real tables print them (without their numbering,
renumbered, without their group label, as the format's short label) — and read back.

Two properties.  The reader's promise: every cell comes back equal, or explicitly unread (not a number, and the
audit says so); a number is never wrong.  And its completeness: over a fixed set of generated reports per layout,
at least 98% of the cells are read right and no consistent report gets a 错误 (issue 11).
"""

from __future__ import annotations

import io
import os
import random
import re
import unicodedata
from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.readers.text import read_text
from gongkai.readers.docx import read_docx
from gongkai.writers import write_html, write_markdown
from gongkai.writers.docx import add_table, build_document
from gongkai.writers.html import table_html
from gongkai.writers.layout import Grid, GridCell, layout

ALL_CELLS = [(t.number, r.id, c.id) for t in FORMAT_2021.tables for r, c in t.cells()]
T3 = FORMAT_2021.table("三")
#: table 三's group subtotals (（三）–（六）): never printed by the generator, so a number read there is wrong
GROUP_CELLS = [("三", r.id, c.id) for r in T3.rows if not r.printed for c in T3.columns]
UNREAD_SAID = {"C02", "C03", "C05", "C07", "P01", "P03", "P07", "P08", "P15"}  # P15: characters cut
TITLE = "测试市测试局2024年政府信息公开工作年度报告"
EXAMPLES = int(os.environ.get("GEN_EXAMPLES", "20"))  # GEN_EXAMPLES=500 for a long search
COMPLETENESS_REPORTS = max(40, EXAMPLES)  # generated reports per layout for the completeness measure
COMPLETENESS_TARGET = 0.98


MARKS = ("/", "-", "—", "－")  # a not-applicable cell as offices print it


def make_case(rng: random.Random, small=False, marks=False, blanks=True, blank_rows=False):
    """A consistent report (table 三 with up to 3 blank cells and, with ``marks``, 1–4 cells printed "/" "-" "—"
    "－"; with ``blank_rows`` also up to 3 rows with 1–3 blank cells each, side by side at times, in the first
    and the last column too), and the random source its layout is drawn from."""
    values = consistent_values(rng, rng.choice([0, 3, 12] if small else [0, 3, 60, 5000]))
    t3 = [k for k in ALL_CELLS if k[0] == "三"]
    blank = rng.sample(t3, rng.randint(0, 3)) if blanks else []
    if blank_rows:
        ncols = len(T3.columns)
        for row in rng.sample(T3.printed_rows, rng.randint(1, 3)):
            many = rng.randint(1, 3)
            first = rng.choice([0, ncols - many, rng.randint(0, ncols - many)])
            blank += [("三", row.id, c.id) for c in T3.columns[first:first + many]
                      if ("三", row.id, c.id) not in blank]
    for key in blank:
        values.pop(key)
    na = []
    if marks:  # the first cell of a row among them at times
        na = rng.sample([k for k in t3 if k not in blank], rng.randint(1, 4))
        for key in na:
            values.pop(key)
    rep = report_from_values(values, blanks=blank, not_applicable=na, title=TITLE)
    for key in na:
        rep.cells[key].raw = rng.choice(MARKS)
    return rep, rng


def reports(small=False, marks=False, blanks=True):
    """Cases for hypothesis: its own random source, so a failing case shrinks."""
    return st.randoms(use_true_random=False).map(lambda rng: make_case(rng, small, marks, blanks))


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
    wrong += [(key, "not printed", None, got.cells[key].raw) for key in GROUP_CELLS
              if key in got.cells and got.cells[key].kind == "number"]
    assert not wrong, f"wrong numbers: {wrong[:5]}"
    assert not unsaid, f"numbers left unread without a note: {unsaid[:5]}"


_PREFIX = re.compile(r"^(（[一二三四五六七]）)(?=.)")


def _maybe_unprefixed(label: str, rng: random.Random) -> str:
    """Some converters and hand-made tables drop a row's "（一）" prefix."""
    return _PREFIX.sub("", label) if rng.random() < 0.3 else label


# ----------------------------------------------------------------------------- row labels as tables print them
_NUMBERING = re.compile(r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）|(\d+)\.)(?=.)")
_ANY_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")
_BY_LABEL = {r.label: r for r in T3.rows}


def label_variants(row) -> list[str]:
    """The ways tables print ``row``'s label, derived from the format: its label, aliases and short labels
    (``Row.short``: "1.申请人无正当理由逾期不补正"), each also without its numbering ("总计" for "（七）总计",
    "属于国家秘密") and renumbered ("七、总计", "(七)总计", "（1）属于国家秘密", "1、属于国家秘密")."""
    out: list[str] = []
    for label in (row.label, *row.aliases, *row.short):
        m = _NUMBERING.match(label)
        body = label[m.end():] if m else label
        out.append(label)
        if not m:
            continue
        out.append(body)
        han, bracketed, digit = m.groups()
        if han:
            out += [f"（{han}）{body}", f"({han}){body}"]
        elif bracketed:
            out += [f"{bracketed}、{body}", f"({bracketed}){body}"]
        else:
            out += [f"{digit}、{body}", f"（{digit}）{body}", f"({digit}){body}", f"{digit}．{body}"]
    return list(dict.fromkeys(out))


def printed_label(label: str, rng: random.Random) -> str:
    """A table 三 row's label as one table prints it: as the format has it (about half the time), else one of
    its variants; other labels as they are."""
    row = _BY_LABEL.get(label)
    if row is None or rng.random() < 0.5:
        return label
    return rng.choice(label_variants(row))


def _cut(label: str, rng: random.Random) -> tuple[str, str]:
    """A label wrapped in two (never inside its numbering: a cell is wider than "（7）")."""
    m = _ANY_NUMBERING.match(label)
    first = max(2, m.end() + 1 if m else 0)
    k = rng.randint(first, max(first, len(label) - 2)) if len(label) > first + 2 else len(label)
    return label[:k], label[k:]


# ----------------------------------------------------------------------------- HTML
def html_split_labels(rep, rng: random.Random) -> str:
    html = write_html(rep)

    def split(m):
        label = printed_label(m.group(2), rng)
        if rng.random() < 0.5 or len(label) < 5:
            return f"{m.group(1)}{label}</th>"
        a, b = _cut(label, rng)
        inner = f"{a}<br>{b}" if rng.random() < 0.5 else f"<p>{a}</p><p>{b}</p>"
        return f"{m.group(1)}{inner}</th>"

    def group(m):  # a sub-row's group label not printed (its merged cell left empty)
        return f"{m.group(1)}</th>" if rng.random() < 0.3 else m.group(0)

    html = re.sub(r'(<th[^>]*scope="rowgroup"[^>]*>)([^<]+)</th>', group, html)
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
        label = printed_label(label, rng)
        for group in cells[:2]:  # a group label ("三、本年度办理结果", "（三）不予公开") not printed
            if group.strip() and rng.random() < 0.3:
                line = line.replace(group, " ", 1)
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
def printed_values(rep, table, row) -> list[str]:
    """``row``'s cells as a table prints them: a number or a mark as printed, a blank (or anything else) as ""."""
    out = []
    for col in table.columns_of(row):
        c = rep.cells[(table.number, row.id, col.id)]
        out.append(c.raw if c.kind in ("number", "not_applicable") else "")
    return out


def layout_text(rep, rng: random.Random) -> str:
    """Space-aligned columns: each value right-aligned in a column 8 characters wide, a blank cell as spaces;
    long labels wrapped around the value line."""
    def row_line(indent, label, values):
        return " " * indent + label.ljust(40 - indent + (0 if len(label) < 36 else 4)) + "".join(
            v.rjust(8) for v in values)

    def values_of(table, row):
        return printed_values(rep, table, row)

    lines = [TITLE, "", "一、总体情况", "本年度共主动公开政府信息1234条。", "二、主动公开政府信息情况"]
    t2 = FORMAT_2021.table("二")
    rows2 = {r.label: r for r in t2.printed_rows}
    for line in _section_lines(tab_text(rep), "二"):  # its sub-tables' captions, headers and rows
        cells = line.split("\t")
        if len(cells) == 1:
            lines.append(line)
        elif cells[0] in rows2:  # a row: its values as printed ("/" marks too)
            lines.append(row_line(2, cells[0], values_of(t2, rows2[cells[0]])))
        else:
            lines.append("  " + cells[0].ljust(38) + "  ".join(cells[1:]))
    lines += ["三、收到和处理政府信息公开申请情况", " " * 40 + "自然人  商业企业  科研机构  社会公益  法律服务  其他  总计"]
    page = 2
    groups = {r.label: r for r in T3.rows if not r.printed}
    shown = set()
    for row in T3.printed_rows:
        vals = values_of(T3, row)
        label = printed_label(row.label, rng)
        group = ""
        if row.group in groups and row.group not in shown:
            shown.add(row.group)
            if rng.random() < 0.5:  # the group's merged cell, printed on the line of its first sub-row
                group = printed_label(row.group, rng) + "  "
        if len(label) > 14 and rng.random() < 0.5:
            a, b = _cut(label, rng)
            lines += [" " * 6 + a, row_line(6, group, vals), " " * 6 + b]
        else:
            lines.append(row_line(6, group + label, vals))
        if rng.random() < 0.1:  # a page break: the footer, a form feed, the table goes on
            lines += ["", " " * 36 + rng.choice([f"— {page} —", f"- {page} -", f"第 {page} 页", f"第 {page} 页 共 9 页"]),
                      "\f"]
            page += 1
    t4 = FORMAT_2021.table("四")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议            行政诉讼",
              "".join(v.rjust(5) for v in values_of(t4, t4.rows[0])),
              "五、存在的主要问题及改进情况", "存在的主要问题：公开内容不够及时。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    return "\n".join(lines) + "\n"


def _section_lines(lines: list[str], number: str) -> list[str]:
    """The lines under section ``number``'s heading (not blank), up to the next heading."""
    titles = {s.title for s in FORMAT_2021.sections}
    start = lines.index(FORMAT_2021.section(number).title) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] in titles), len(lines))
    return [line for line in lines[start:end] if line.strip()]


# ----------------------------------------------------------------------------- pdftotext -layout, varied
T4 = FORMAT_2021.table("四")


def _place(token: str, start: int, width: int, align: str) -> int:
    """Where a token starts in a column of ``width`` characters from ``start``, as aligned."""
    if align == "left":
        return start
    if align == "right":
        return start + width - len(token)
    return start + (width - len(token)) // 2


def _put(line: str, at: int, text: str) -> str:
    """``text`` written into ``line`` at character ``at`` (the line padded with spaces)."""
    line = line.ljust(at)
    return line[:at] + text + line[at + len(text):]


def _centred(line: str, word: str, start: int, end: int) -> str:
    """``word`` printed at the centre of the span [start, end) (a spanned header cell, as pdftotext prints it)."""
    return _put(line, start + max(0, (end - start - len(word)) // 2), word)


def _chunks(word: str, width: int) -> list[str]:
    return [word[i:i + width] for i in range(0, len(word), max(1, width))]


@dataclass
class _Grid:
    """A table's value columns as one document prints them: where each starts, how wide, how aligned."""

    starts: list[int]
    widths: list[int]
    aligns: list[str]

    @classmethod
    def draw(cls, rng: random.Random, first: int, fits: list[int]) -> "_Grid":
        table_align = rng.choice(["right", "left", "centre", "mixed"])
        starts, widths, aligns, x = [], [], [], first
        for k, need in enumerate(fits):
            width = max(rng.randint(4, 16), need)
            x += rng.randint(1, 4) if k else 0
            starts.append(x)
            widths.append(width)
            aligns.append(rng.choice(["right", "left", "centre"]) if table_align == "mixed" else table_align)
            x += width
        return cls(starts, widths, aligns)

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Columns a..b (inclusive) as one span of characters."""
        return self.starts[a], self.starts[b] + self.widths[b]

    def values_line(self, line: str, values: list[str], rng: random.Random, touching: bool) -> str:
        """The values written into their columns; a blank cell prints nothing.  With ``touching`` a
        not-applicable mark next to another printed cell may run into it (narrow columns: "0//", "//")."""
        after = len(line)
        glue = False
        for k, v in enumerate(values):
            if not v:
                glue = False
                continue
            at = _place(v, self.starts[k], self.widths[k], self.aligns[k])
            if glue:
                at = after  # runs into the cell before it
            elif at <= after:
                at = after + 1
            line = _put(line, at, v)
            after = at + len(v)
            nxt = values[k + 1] if k + 1 < len(values) else ""
            glue = touching and bool(nxt) and bool({v, nxt} & {"/", "—"}) and rng.random() < 0.5
        return line

    def header(self, rng: random.Random, levels: list[list[tuple[str, int, int]]]) -> list[str]:
        """A multi-level header: each level a list of (word, first column, last column); each word at its span's
        centre, a word wider than its span wrapped over the lines below it, a word spanning two levels below
        (rowspan, e.g. 自然人 beside 商业企业…) printed on the line of either level."""
        lines: list[str] = []
        for level, words in enumerate(levels):
            base = len(lines)
            for word, a, b in words:
                start, end = self.span(a, b)
                if level + 1 < len(levels) and a == b and not any(x <= a <= y for _, x, y in levels[level + 1]) \
                        and rng.random() < 0.5:
                    row = base + 1  # a rowspan cell printed at its vertical middle, on the lower level's line
                else:
                    row = base
                for j, piece in enumerate(_chunks(word, end - start)):
                    while len(lines) <= row + j:
                        lines.append("")
                    lines[row + j] = _centred(lines[row + j], piece, start, end)
        return [x.rstrip() for x in lines]


def unexpand(line: str, stop: int = 8) -> str:
    """``line`` as an editor saves it with tabs (``unexpand -a``): each run of two or more spaces ending at a tab stop
    becomes a tab; expanded with tab stops every ``stop`` characters it shows as before."""
    out = []
    for k in range(0, len(line), stop):
        chunk = line[k:k + stop]
        out.append(chunk.rstrip(" ") + "\t" if len(chunk) == stop and chunk.endswith("  ") else chunk)
    return "".join(out)


def layout_varied_tabs(rep, rng: random.Random) -> str:
    """:func:`layout_varied` saved by an editor that turns spaces into tabs (tab stops every 8 characters)."""
    return "\n".join(unexpand(line) if re.search(r"\S\s{2,}\S", line) else line
                     for line in layout_varied(rep, rng).split("\n"))


def layout_varied(rep, rng: random.Random) -> str:
    """``pdftotext -layout`` output of reports laid out by many hands: per table random column widths (4–16),
    alignment (right, left, centre; per table or per column) and gaps (1–4 spaces), a label column of random
    width whose labels wrap over lines (the values on the first, a middle or a line of their own), the official
    multi-level headers of tables 三 and 四 printed over 2–4 lines with each word at its span's centre, blank
    cells as nothing at all, "/" marks (run into the next cell at times, as narrow columns print them), page
    footers with form feeds."""
    def raws(table, row):
        return printed_values(rep, table, row)

    lines = [TITLE, "", "一、总体情况", "本年度共主动公开政府信息1234条。", "二、主动公开政府信息情况"]
    t2 = FORMAT_2021.table("二")
    width2 = rng.randint(10, 20)
    grid2 = _Grid.draw(rng, width2 + rng.randint(1, 4), [1 + max(len(x) for r in t2.printed_rows for x in raws(t2, r))] * 3)
    for row in t2.printed_rows:
        vals = raws(t2, row)
        line = "  " + row.label
        cols = [0, 1, 2] if len(vals) == 3 else [1]
        line = grid2.values_line(line, [vals[cols.index(k)] if k in cols else "" for k in range(3)], rng, False)
        lines.append(line)

    # table 三
    lines.append("三、收到和处理政府信息公开申请情况")
    indent = rng.randint(0, 6)
    label_width = rng.randint(12, 40)
    fits = [max(len(x) for r in T3.printed_rows for x in [raws(T3, r)[k]]) for k in range(len(T3.columns))]
    grid = _Grid.draw(rng, indent + label_width + rng.randint(1, 4), fits)
    subs = [("商业企业", 1, 1), ("科研机构", 2, 2), ("社会公益组织", 3, 3), ("法律服务机构", 4, 4), ("其他", 5, 5)]
    levels = [[("自然人", 0, 0), ("法人或其他组织", 1, 5), ("总计", 6, 6)], subs]
    if rng.random() < 0.6:
        levels.insert(0, [("申请人情况", 0, 6)])
    lines += grid.header(rng, levels)
    page = 2
    groups = {r.label: r for r in T3.rows if not r.printed}
    shown = set()
    room = label_width - 2
    for row in T3.printed_rows:
        vals = raws(T3, row)
        label = printed_label(row.label, rng)
        group = ""
        if row.group in groups and row.group not in shown:
            shown.add(row.group)
            if rng.random() < 0.5:  # the group's merged cell, printed on the line of its first sub-row
                group = printed_label(row.group, rng) + "  "
        pieces = [label]
        while len(pieces[-1]) > room:  # wrapped in its cell, each line filled (the cell is ≥ 10 characters wide)
            pieces[-1:] = [pieces[-1][:room], pieces[-1][room:]]
        pieces[0] = group + pieces[0]  # (a long one pushes the values along, as hand-aligned text does)
        pad = " " * indent
        touching = rng.random() < 0.5
        at = rng.randrange(len(pieces))
        if len(pieces) > 1 and rng.random() < 0.3:  # the values on a line of their own between the pieces
            body = [pad + p for p in pieces]
            body.insert(at + 1 if at + 1 < len(pieces) else at, grid.values_line("", vals, rng, touching))
        else:
            body = [grid.values_line(pad + p, vals, rng, touching) if i == at else pad + p
                    for i, p in enumerate(pieces)]
        lines += body
        if rng.random() < 0.1:  # a page break: the footer, a form feed, the table goes on
            lines += ["", " " * 30 + rng.choice([f"— {page} —", f"- {page} -", f"第 {page} 页", f"第 {page} 页 共 9 页"]),
                      "\f"]
            page += 1

    # table 四: one row of 15 cells under a three-level header
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    vals4 = raws(T4, T4.rows[0])
    grid4 = _Grid.draw(rng, rng.randint(0, 4), [len(x) for x in vals4])
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    levels4 = [[("行政复议", 0, 4), ("行政诉讼", 5, 14)],
               [("未经复议直接起诉", 5, 9), ("复议后起诉", 10, 14)],
               [(w, k, k) for k in range(15) for w in [results[k % 5]]]]
    lines += grid4.header(rng, levels4)
    lines.append(grid4.values_line("", vals4, rng, False))
    lines += ["五、存在的主要问题及改进情况", "存在的主要问题：公开内容不够及时。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]
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


# ----------------------------------------------------------------------------- plain pdftotext
LABEL_CELLS = {"二": 1, "三": 3, "四": 0}  # the cells before a row's values in :func:`tab_text`'s rows
PLAIN_ORDERS = ("rows", "labels_then_rows", "labels_then_columns")


def plain_table(rows: list[list[str]], label_cells: int, order: str, rng: random.Random,
                wrap: bool = True) -> list[str]:
    """A table's tab rows as plain ``pdftotext`` (without ``-layout``) prints them: every cell on a line of its
    own, an empty cell no line at all, a long label at times wrapped over two lines (a narrow cell); the
    header's cells first, then the rows — each row's labels then its values (``rows``), or all the labels
    then all the values row by row (``labels_then_rows``) or column by column, top to bottom
    (``labels_then_columns``)."""
    def labels(r):
        out = []
        for c in r[:label_cells]:
            if c:
                out += list(_cut(c, rng)) if wrap and len(c) > 16 and rng.random() < 0.2 else [c]
        return out

    header = [r for r in rows if not any(c[:1].isdigit() or c in MARKS for c in r[label_cells:])]
    data = [r for r in rows if r not in header]
    out = [c for r in header for c in r if c]
    if order == "rows":
        return out + [x for r in data for x in labels(r) + [c for c in r[label_cells:] if c]]
    out += [x for r in data for x in labels(r)]
    if order == "labels_then_rows":
        return out + [c for r in data for c in r[label_cells:] if c]
    width = max((len(r) for r in data), default=0)  # (a table whose rows are all printed blank: its header only)
    return out + [r[k] for k in range(label_cells, width) for r in data if k < len(r) and r[k]]


def plain_text(rep, rng: random.Random, wrap: bool = True) -> str:
    """The report as plain ``pdftotext`` prints it: prose as lines, each table by :func:`plain_table` in an
    order drawn per table (table 二's sub-tables each in it)."""
    lines = tab_text(rep)
    titles = {s.title: s.number for s in FORMAT_2021.sections}
    out: list[str] = []
    section, block = None, []

    def flush():
        if block:
            out.extend(plain_table(block, LABEL_CELLS[section], order, rng, wrap))
            block.clear()

    order = PLAIN_ORDERS[0]
    for line in lines:
        if line in titles:
            flush()
            section = titles[line]
            order = rng.choice(PLAIN_ORDERS)
            out.append(line)
        elif "\t" in line and section in LABEL_CELLS:
            block.append(line.split("\t"))
        else:
            flush()
            if line.strip():
                out.append(line)
    flush()
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- pandoc's dash-ruled tables
def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, align: str) -> str:
    gap = " " * (width - _display_width(text))
    return gap + text if align == "right" else text + gap


def _wrap_display(text: str, width: int) -> list[str]:
    """``text`` cut into lines at most ``width`` display columns wide (a multiline table's narrow cell)."""
    out, line = [], ""
    for ch in text:
        if line and _display_width(line + ch) > width:
            out.append(line)
            line = ""
        line += ch
    return out + [line] if line or not out else out


def ruled_table(rows: list[list[str]], style: str, rng: random.Random) -> list[str]:
    """A table's rows as pandoc prints a simple or multiline table (``-t markdown`` / ``-t plain``): columns
    cut by a ruler of dash runs one space apart, each run as wide as its column (CJK characters two columns
    wide), a blank cell as spaces.  ``style``: "simple" (the first row a header above the ruler, the table
    ended by a blank line), "headerless" (a ruler above and below the rows) or "multiline" (narrow label
    columns wrapped over lines, rows separated by blank lines, a ruler above and below)."""
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    widths = [max(max(_display_width(r[k]) for r in rows), rng.randint(1, 6)) for k in range(ncols)]
    if style == "multiline":  # the label columns narrower than their longest label: labels wrap
        widths = [min(w, rng.choice([8, 12, 20, 40])) if any(not r[k][:1].isdigit() and r[k] for r in rows[1:])
                  and w > 8 else w for k, w in enumerate(widths)]
        widths = [max(w, max(_display_width(r[k]) for r in rows if r[k][:1].isdigit() or r[k] in MARKS)
                      if any(r[k][:1].isdigit() or r[k] in MARKS for r in rows) else w)
                  for k, w in enumerate(widths)]
    aligns = [rng.choice(["left", "right"]) for _ in range(ncols)]
    ruler = "  " + " ".join("-" * w for w in widths)

    def lines_of(row):
        cells = [_wrap_display(c, widths[k]) for k, c in enumerate(row)]
        height = max(len(c) for c in cells)
        return ["  " + " ".join(_pad(c[h] if h < len(c) else "", widths[k], aligns[k])
                                for k, c in enumerate(cells)).rstrip() for h in range(height)]

    if style == "simple":
        return [*lines_of(rows[0]), ruler, *[x for r in rows[1:] for x in lines_of(r)], ""]
    if style == "headerless":
        return [ruler, *[x for r in rows for x in lines_of(r)], ruler, ""]
    out = [ruler]
    for r in rows:
        out += lines_of(r) + [""]
    return out[:-1] + [ruler, ""]


def pandoc_ruled(rep, rng: random.Random, markdown: bool = False) -> str:
    """The report as pandoc prints it with its tables as dash-ruled tables (a style drawn per table)."""
    out: list[str] = []
    block: list[list[str]] = []

    def flush():
        if block:
            out.extend(ruled_table(block, rng.choice(["simple", "headerless", "multiline"]), rng))
            block.clear()

    titles = {s.title for s in FORMAT_2021.sections}
    for line in tab_text(rep):
        if "\t" in line:
            block.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            out += [("## " if markdown and line in titles else "") + line, ""]
    flush()
    return "\n".join(out) + "\n"


def pdftotext_default(rep, rng: random.Random) -> tuple[str, set]:
    """The report as ``pdftotext`` without flags prints a PDF's table: every cell a text block of its own,
    blocks apart by an empty line — a row's label (its first value at times on the label's line, "4.保护第三方
    合法权益 60"; a long label wrapped, its rest after the first value at times), then its values one a line,
    the last two at times on one line ("188 3488"); a blank cell prints nothing; a page break (form feed) at
    times inside a row.  Returns the text and the table 三 rows a page break cut."""
    out: list[str] = []
    cut: set = set()
    titles = {s.title: s.number for s in FORMAT_2021.sections}
    rows3 = {r.label: r for r in T3.printed_rows}
    section = None
    for line in tab_text(rep):
        if line in titles:
            section = titles[line]
        if "\t" not in line or section not in ("二", "三"):
            if line.strip():
                out += [line, ""]
            continue
        cells = line.split("\t")
        n = LABEL_CELLS[section]
        labels, values = [c for c in cells[:n] if c], [c for c in cells[n:] if c]
        if not values or not any(v[:1].isdigit() for v in values):
            out += [x for c in cells if c for x in (c, "")]  # a header row: its words one a block
            continue
        label = "".join(labels)
        rest = ""
        if len(labels[-1]) > 10 and rng.random() < 0.5:
            label, rest = label[:-(len(labels[-1]) // 2)], label[-(len(labels[-1]) // 2):]
        lines = []
        if rng.random() < 0.4:
            lines.append(label + " " + values[0])
            values = values[1:]
        else:
            lines.append(label)
        if rest:
            lines.append(rest)
        if len(values) >= 2 and rng.random() < 0.3:
            values = values[:-2] + [values[-2] + " " + values[-1]]
        lines += values
        if section == "三" and len(lines) > 2 and rng.random() < 0.05:
            at = rng.randint(1, len(lines) - 1)
            lines[at] = "\f" + lines[at]
            cut.add(rows3.get(labels[-1]) or next((r for r in T3.printed_rows if labels[-1] in r.label), None))
        for x in lines:
            out += [x, ""]
    return "\n".join(out) + "\n", cut


# ----------------------------------------------------------------------------- own section numbering
NUMERALS = [s.number for s in FORMAT_2021.sections]  # 一 … 六, the format's own numerals
TABLE_SECTIONS = {t.number for t in FORMAT_2021.tables}
APPENDIX_MARKS = ("附表", "附件", "")


def _title_body(number: str) -> str:
    return FORMAT_2021.section(number).title.split("、", 1)[1]


def appendix_plan(rng: random.Random, prose: bool = False) -> list[tuple[str, str | None, str]]:
    """The order of a report that puts its tables after the narrative, as (heading, section, part) steps: part
    "body" is the section's own content (its paragraphs, or its table), "prose" sentences about a table
    section, "mark" a line of its own ("附表", "附件").

    The narrative's sections (一、五、六) numbered 一、二、三 — or, with ``prose``, all six under the format's
    titles, 二/三/四 as sentences — then an appendix ("附表", "附件" or nothing) whose tables' sections are
    numbered 一、二、三 again, titled "附表1：…", or not titled at all (the tables one after the other)."""
    steps: list[tuple[str, str | None, str]] = []
    if prose:
        steps += [(FORMAT_2021.section(n).title, n, "prose" if n in TABLE_SECTIONS else "body") for n in NUMERALS]
    else:
        narrative = [n for n in NUMERALS if n not in TABLE_SECTIONS]
        steps += [(f"{NUMERALS[k]}、{_title_body(n)}", n, "body") for k, n in enumerate(narrative)]
    appendix = rng.choice(APPENDIX_MARKS)
    if appendix:
        steps.append((appendix, None, "mark"))
    style = rng.choice(["numbered", "numbered", "captioned", "untitled"])
    for k, n in enumerate(n for n in NUMERALS if n in TABLE_SECTIONS):
        heading = {"numbered": f"{NUMERALS[k]}、{_title_body(n)}", "captioned": f"附表{k + 1}：{_title_body(n)}",
                   "untitled": ""}[style]
        steps.append((heading, n, "body"))
    return steps


def prose_of(rep, number: str) -> list[str]:
    """Sentences a narrative says about table section ``number`` before its table in the appendix — with the
    table's own numbers (so the narrative rules compare them)."""
    def value(table, row, col):
        c = rep.cells[(table, row, col)]
        return c.raw if c.kind == "number" else None

    k = sorted(TABLE_SECTIONS, key=NUMERALS.index).index(number) + 1
    if number == "三":
        received, forward = value("三", "received", "total"), value("三", "carried_forward", "total")
        said = [f"本年度新收政府信息公开申请{received}件。" if received else "本年度依法办理政府信息公开申请。",
                f"结转下年度继续办理{forward}件。" if forward else "按时答复申请人。"]
        return [*said, f"具体情况见附表{k}。"]
    if number == "四":
        return [f"本年度政府信息公开行政复议、行政诉讼情况见附表{k}。"]
    return ["本机关通过政府网站主动公开政府信息。", f"具体情况见附表{k}。"]


def _sections_of(items: list, number_of) -> tuple[list, dict]:
    """(the items before the first section heading, section → its items after the heading); ``number_of``
    gives a heading item's section (None for other items)."""
    head, parts, current = [], {}, None
    for item in items:
        n = number_of(item)
        if n is not None:
            current = n
            parts[n] = []
        elif current is None:
            head.append(item)
        else:
            parts[current].append(item)
    return head, parts


def arrange_lines(lines: list[str], rng: random.Random, *, mark: str = "", prose: bool = False,
                  rep=None) -> list[str]:
    """A line-based report (its section headings lines of their own, after ``mark``) in the order of
    :func:`appendix_plan`."""
    titles = {mark + s.title: s.number for s in FORMAT_2021.sections}
    head, parts = _sections_of(lines, lambda line: titles.get(line.strip()))
    out = list(head)
    for heading, number, part in appendix_plan(rng, prose):
        out += [f"{mark}{heading}" if heading else ""]
        out += {"body": lambda: parts[number], "mark": lambda: [""],
                "prose": lambda: prose_of(rep, number)}[part]()
    return out


def own_numbering(rep, rng: random.Random, prose: bool = False) -> str:
    """Markdown with its tables after the narrative (:func:`appendix_plan`), headings as Markdown headings or
    as plain lines."""
    lines = write_markdown(rep).split("\n")
    mark = rng.choice(["## ", ""])
    if not mark:
        lines = [line[3:] if line.startswith("## ") else line for line in lines]
    return "\n".join(arrange_lines(lines, rng, mark=mark, prose=prose, rep=rep))


def tab_text(rep) -> list[str]:
    """The report as text copied from a web page: its tables' rows tab-separated (empty cells kept), the
    column headers by their last level ("自然人" for "申请人情况/自然人")."""
    out = []
    for line in write_markdown(rep).split("\n"):
        if line.startswith("#"):
            out.append(line.lstrip("#").strip())
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                out.append("\t".join(c.rsplit("/", 1)[-1] for c in cells))
        else:
            out.append(line)
    return out


def tab_blocks(rep) -> list:
    """tab_text's lines grouped: ("text", line) or ("table", rows of cells) for each run of tab lines."""
    out: list = []
    for line in tab_text(rep):
        if "\t" in line:
            if out and out[-1][0] == "table":
                out[-1][1].append(line.split("\t"))
            else:
                out.append(("table", [line.split("\t")]))
        elif line.strip():
            out.append(("text", line))
    return out


def cell_per_line_export(rep) -> str:
    """A report as LibreOffice's "Text (encoded)" export prints a document with tables: each paragraph a line
    with no empty line between paragraphs, each table cell a line of its own — an empty cell (or a merged
    cell's covered place) an empty line."""
    out = []
    for line in tab_text(rep):
        if "\t" in line:
            out += line.split("\t")
        elif line.strip():
            out.append(line)
    return "\n".join(out) + "\n"



def own_numbering_text(rep, rng: random.Random, prose: bool = False) -> str:
    """Plain text with its tables after the narrative: tab-separated rows (a web page copied) or space-aligned
    columns (``pdftotext -layout``, :func:`layout_text`)."""
    lines = tab_text(rep) if rng.random() < 0.5 else layout_text(rep, rng).split("\n")
    return "\n".join(arrange_lines(lines, rng, prose=prose, rep=rep)) + "\n"


_HTML_SECTION = re.compile(r'<section aria-labelledby="gk-s(.)">\s*<h2[^>]*>[^<]*</h2>\n(.*?)</section>\n', re.S)


def own_numbering_html(rep, rng: random.Random, prose: bool = False) -> str:
    """:func:`write_html`'s output with its tables after the narrative: headings as <h2> or <p>, each table's
    <caption> the appendix's heading or none."""
    html = write_html(rep)
    sections = {m.group(1): m.group(2) for m in _HTML_SECTION.finditer(html)}
    first = _HTML_SECTION.search(html)
    tag = rng.choice(["h2", "p"])
    out = []
    for heading, number, part in appendix_plan(rng, prose):
        out.append(f"<{tag}>{heading}</{tag}>\n" if heading else "")
        if part == "body":
            body = re.sub(r' (?:aria-label|id)="[^"]*"', "", sections[number])  # nothing of the writer's own
            caption = f"<caption>{heading}</caption>" if heading and rng.random() < 0.5 else ""
            out.append(re.sub(r"<caption>[^<]*</caption>", caption, body))
        elif part == "prose":
            out += [f"<p>{t}</p>\n" for t in prose_of(rep, number)]
    end = html.rindex("</section>") + len("</section>\n")
    return html[:first.start()] + "".join(out) + html[end:]


_W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def own_numbering_docx(rep, rng: random.Random, prose: bool = False) -> bytes:
    """:func:`build_document`'s DOCX with its tables after the narrative: headings in the style Heading 1 or as
    plain paragraphs."""
    document = build_document(rep)
    body = document.element.body
    titles = {s.title: s.number for s in FORMAT_2021.sections}
    children = [c for c in body.iterchildren() if not c.tag.endswith("}sectPr")]
    def number_of(element):
        text = "".join(t.text or "" for t in element.iter(_W_T)).strip() if element.tag.endswith("}p") else ""
        return titles.get(text)
    head, parts = _sections_of(children, number_of)
    for c in children:
        body.remove(c)
    at = len(head)
    style = rng.choice(["Heading 1", "Normal"])
    added = []
    for heading, number, part in appendix_plan(rng, prose):
        texts = [heading] if heading else []
        if part == "prose":
            texts += prose_of(rep, number)
        for t in texts:
            added.append(document.add_paragraph(t, style=style if t == heading else "Normal")._p)
        if part == "body":
            added += parts[number]
    for element in added:  # add_paragraph appends after the body's content: move each into place
        body.insert(at, element)
        at += 1
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# ----------------------------------------------------------------------------- tables printed turned
T4 = FORMAT_2021.table("四")


@dataclass
class TurnedTable:
    """A table printed with its rows and columns swapped: ``grid`` its cells' texts, row by row; its first
    ``head`` rows are its header, its first ``labels`` columns its label cells."""

    grid: list[list[str]]
    head: int
    labels: int


def turned_table_3(rep, rng: random.Random) -> TurnedTable:
    """Table 三 with the applicant types as rows and the format's rows as columns: the header names each row by its
    label as tables print it (:func:`printed_label`), by its group and label joined, or over two header rows (its
    group above it); the applicant types in one label column or two (法人或其他组织 beside its five)."""
    rows = T3.printed_rows
    header = rng.choice(["leaf", "path", "two"])
    two_labels = rng.random() < 0.4
    corner = [rng.choice(["申请人情况", "", "项目", "办理情况"])] + ([""] if two_labels else [])
    if header == "two":
        head = [corner + [r.group or r.label for r in rows],
                [""] * len(corner) + [printed_label(r.label, rng) if r.group else "" for r in rows]]
    elif header == "path":
        head = [corner + [(r.group if r.group.startswith("（") else "") + r.label for r in rows]]
    else:
        head = [corner + [printed_label(r.label, rng) for r in rows]]
    body = []
    for col in T3.columns:
        legal = len(col.groups) > 1
        label = ([col.groups[-1] if legal else col.label, col.label if legal else ""] if two_labels
                 else [col.label])
        body.append(label + [printed_values(rep, T3, r)[T3.columns.index(col)] for r in rows])
    return TurnedTable(head + body, len(head), len(corner))


def turned_table_4(rep, rng: random.Random) -> TurnedTable:
    """Table 四 as fifteen rows of a result and its number: the group, the sub-group and the result in three label
    cells, the group path and the result in two, or all joined in one (with or without a separator)."""
    style = rng.choice(["three", "two", "one"])
    sep = rng.choice(["", "-", "/", "·"])
    if style == "three":
        head, width = ["类别", "", "结果"], 3
    elif style == "two":
        head, width = ["类别", "结果"], 2
    else:
        head, width = ["项目"], 1
    grid = [head + [rng.choice(["数量", "件数", ""])]]
    for col in T4.columns:
        cell = rep.cells[("四", "cases", col.id)]
        value = cell.raw if cell.kind in ("number", "not_applicable") else ""
        if style == "three":
            label = [col.groups[0], col.groups[1] if len(col.groups) > 1 else "", col.label]
        elif style == "two":
            label = [sep.join(col.groups), col.label]
        else:
            label = [sep.join(col.path)]
        grid.append(label + [value])
    return TurnedTable(grid, 1, width)


def _spans(t: TurnedTable, merge: bool) -> list[list[tuple[str, int, int] | None]]:
    """The grid's cells as (text, rowspan, colspan), None where a span covers; with ``merge`` equal header texts
    side by side and equal label texts one under another (and a label's empty cells beside it) are one cell."""
    out: list[list] = [[(x, 1, 1) for x in row] for row in t.grid]
    if not merge:
        return out
    for y in range(t.head):  # header texts across
        x = t.labels
        while x < len(out[y]):
            end = x + 1
            while end < len(out[y]) and t.grid[y][end] == t.grid[y][x] and t.grid[y][x]:
                out[y][end] = None
                end += 1
            out[y][x] = (t.grid[y][x], 1, end - x)
            x = end
    for x in range(t.labels):  # label texts down
        y = t.head
        while y < len(out):
            end = y + 1
            while end < len(out) and t.grid[end][x] == t.grid[y][x] and t.grid[y][x] \
                    and t.grid[end][:x] == t.grid[y][:x]:
                out[end][x] = None
                end += 1
            out[y][x] = (t.grid[y][x], end - y, 1)
            y = end
    return out


def turned_html(t: TurnedTable, merge: bool) -> str:
    rows = []
    for cells in _spans(t, merge):
        rows.append("<tr>" + "".join(f'<td rowspan="{rs}" colspan="{cs}">{x}</td>' for x, rs, cs in
                                     (c for c in cells if c is not None)) + "</tr>")
    return "<table border=\"1\">\n" + "\n".join(rows) + "\n</table>"


def turned_tables(rep, rng: random.Random) -> dict[str, TurnedTable]:
    """Tables 三 and 四 printed turned, both or one of them."""
    which = rng.choice([("三", "四"), ("三",), ("四",)])
    return {n: (turned_table_3 if n == "三" else turned_table_4)(rep, rng) for n in which}


def turned_html_report(rep, rng: random.Random) -> str:
    """:func:`write_html`'s report with table 三 and/or 四 printed turned, merged cells or not."""
    html = write_html(rep)
    merge = rng.random() < 0.5
    for number, t in turned_tables(rep, rng).items():
        m = re.search(rf'<section aria-labelledby="gk-s{number}">.*?(<table.*?</table>)', html, re.S)
        html = html[:m.start(1)] + turned_html(t, merge) + html[m.end(1):]
    return html


def turned_docx_report(rep, rng: random.Random) -> bytes:
    """:func:`build_document`'s DOCX with table 三 and/or 四 printed turned (merged cells or not)."""
    document = build_document(rep)
    merge = rng.random() < 0.5
    tables = document.tables  # 二's, then 三, then 四: found by what they print
    for number, t in turned_tables(rep, rng).items():
        word = "自然人" if number == "三" else "尚未审结"
        old = next(x for x in tables if word in "".join(c.text for c in x._cells))
        new = document.add_table(rows=len(t.grid), cols=len(t.grid[0]))
        for y, cells in enumerate(_spans(t, merge)):
            for x, c in enumerate(cells):
                if c is None:
                    continue
                text, rs, cs = c
                cell = new.cell(y, x)
                if rs > 1 or cs > 1:
                    cell = cell.merge(new.cell(y + rs - 1, x + cs - 1))
                cell.text = text
        old._tbl.addnext(new._tbl)
        old._tbl.getparent().remove(old._tbl)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# ----------------------------------------------------------------------------- table 三: 序号 column, 续表
T3_NOTE = "注：本表统计期限为当年1月1日至12月31日。"
NUMBER_HEADERS = ("序号", "编号")


def _plain(c: GridCell, **kw) -> GridCell:
    """``c`` moved or clipped (``kw``), without the writer's ids and headers (a page made by hand has none)."""
    return replace(c, id="", headers=(), **kw)


def numbered_grid(grid: Grid, rng: random.Random) -> Grid:
    """Table 三's grid with a 序号 column before its labels: "序号" over the header rows, 1, 2, 3 … down the rows,
    and at times a note row across the table after them."""
    head = len(grid.header_rows)
    out = Grid(grid.table, grid.n_rows, grid.n_cols + 1, grid.label_cols + 1, header_rows=set(grid.header_rows))
    out.cells = [GridCell(rng.choice(NUMBER_HEADERS), 0, 0, "corner", rowspan=head)]
    out.cells += [_plain(c, left=c.left + 1) for c in grid.cells]
    out.cells += [GridCell(str(y - head + 1), y, 0, "row_header") for y in range(head, grid.n_rows)]
    return out


def with_note(grid: Grid) -> Grid:
    out = replace(grid, n_rows=grid.n_rows + 1, cells=list(grid.cells))
    out.cells.append(GridCell(T3_NOTE, grid.n_rows, 0, "row_header", colspan=grid.n_cols))
    return out


def _columns_of(grid: Grid, keep: list[range], repeat: bool) -> Grid:
    """The grid's columns in ``keep`` (ranges, in order) as a table of their own: a cell over columns of two
    ranges is cut, its text in its first part only (``repeat``: in every part, a header printed again)."""
    where = [k for r in keep for k in r]
    out = Grid(grid.table, grid.n_rows, len(where), sum(1 for k in where if k < grid.label_cols),
               header_rows=set(grid.header_rows))
    for c in grid.cells:
        inside = [k for k in range(c.left, c.left + c.colspan) if k in where]
        if not inside:
            continue
        text = c.text if repeat or c.left in where else ""
        out.cells.append(_plain(c, text=text, left=where.index(inside[0]), colspan=len(inside)))
    return out


def split_by_columns(grid: Grid, rng: random.Random) -> tuple[Grid, Grid]:
    """Table 三's grid printed as two tables: its labels with the first value columns, then (under "（续表）")
    the remaining columns, its labels printed again or not, a group header cut by the split repeated or not."""
    labels = grid.label_cols
    values = grid.n_cols - labels
    repeat_labels = rng.random() < 0.7
    cut = rng.randint(1, values - 1 if repeat_labels else values - 2)  # (a one-column table is a layout box)
    repeat = rng.random() < 0.5
    first = _columns_of(grid, [range(labels + cut)], repeat)
    second = _columns_of(grid, ([range(labels)] if repeat_labels else []) + [range(labels + cut, grid.n_cols)],
                         repeat)
    return first, second


def t3_variant(rep, rng: random.Random) -> list:
    """Table 三 of ``rep`` as a report may print it: with a 序号 column (half the time), split by columns into two
    tables (half the time, always when not numbered), a note row under it at times: grids and the captions
    between them, in order."""
    grid = layout(rep, T3)
    numbered = rng.random() < 0.5
    if numbered:
        grid = numbered_grid(grid, rng)
    parts = list(split_by_columns(grid, rng)) if not numbered or rng.random() < 0.5 else [grid]
    if len(parts) == 2:
        parts.insert(1, rng.choice(["（续表）", "续表", "表三（续）", ""]))
    if numbered and rng.random() < 0.5:
        parts[-1] = with_note(parts[-1])
    return parts


_T3_HTML = re.compile(r'<table id="gk-requests">.*?</table>', re.S)


def t3_variant_html(rep, rng: random.Random) -> str:
    """:func:`write_html`'s page with table 三 printed as :func:`t3_variant` draws it."""
    html = write_html(rep)
    parts = [table_html(p) if isinstance(p, Grid) else f"<p>{p}</p>" if p else "" for p in t3_variant(rep, rng)]
    later = "".join(re.sub(r"<caption>[^<]*</caption>", "", p) for p in parts[1:])  # (the section's title once)
    return _T3_HTML.sub(lambda _: parts[0] + later, html, count=1)


def t3_variant_docx(rep, rng: random.Random) -> bytes:
    """:func:`build_document`'s DOCX with table 三 printed as :func:`t3_variant` draws it."""
    document = build_document(rep)
    old = next(t._tbl for t in document.tables if "本年新收" in "".join(x.text or "" for x in t._tbl.iter(_W_T)))
    for p in t3_variant(rep, rng):
        element = add_table(document, p)._tbl if isinstance(p, Grid) else document.add_paragraph(p)._p
        old.addprevious(element)  # (add_table and add_paragraph append at the body's end: moved into place)
    old.getparent().remove(old)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def turned_text_report(rep, rng: random.Random) -> str:
    """:func:`tab_text`'s report (a web page copied: rows tab-separated) with table 三 and/or 四 printed turned."""
    lines = tab_text(rep)
    for number, t in turned_tables(rep, rng).items():
        word = "自然人" if number == "三" else "尚未审结"
        first = next(i for i, line in enumerate(lines) if "\t" in line and word in line)
        while first > 0 and "\t" in lines[first - 1]:
            first -= 1
        end = first
        while end < len(lines) and "\t" in lines[end]:
            end += 1
        lines[first:end] = ["\t".join(row) for row in t.grid]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- reading back
LAYOUTS = {  # name → (render and read, the cases it gets)
    "html": (lambda rep, rng: read_html(html_split_labels(rep, rng).encode("utf-8"), "g.html"), {}),
    "markdown": (lambda rep, rng: read_markdown(converter_markdown(rep, rng), "g.md"), {}),
    "layout": (lambda rep, rng: read_text(layout_text(rep, rng), "g.txt"), {}),
    "layout_marks": (lambda rep, rng: read_text(layout_text(rep, rng), "g.txt"), {"marks": True}),
    "own_numbering": (lambda rep, rng: read_markdown(own_numbering(rep, rng), "g.md"), {}),
    "own_numbering_text": (lambda rep, rng: read_text(own_numbering_text(rep, rng), "g.txt"), {}),
    "own_numbering_html": (lambda rep, rng: read_html(own_numbering_html(rep, rng).encode("utf-8"), "g.html"), {}),
    "own_numbering_docx": (lambda rep, rng: read_docx(own_numbering_docx(rep, rng), "g.docx"), {}),
    "plain": (lambda rep, rng: read_text(plain_text(rep, rng), "g.txt"), {}),
    "appendix": (lambda rep, rng: read_markdown(own_numbering(rep, rng, prose=True), "g.md"), {}),
    "appendix_text": (lambda rep, rng: read_text(own_numbering_text(rep, rng, prose=True), "g.txt"), {}),
    "appendix_html": (lambda rep, rng: read_html(own_numbering_html(rep, rng, prose=True).encode("utf-8"), "g.html"),
                      {}),
    "appendix_docx": (lambda rep, rng: read_docx(own_numbering_docx(rep, rng, prose=True), "g.docx"), {}),
    "layout_varied": (lambda rep, rng: read_text(layout_varied(rep, rng), "g.txt"), {"blank_rows": True}),
    "layout_varied_marks": (lambda rep, rng: read_text(layout_varied(rep, rng), "g.txt"),
                            {"blank_rows": True}),
    "layout_varied_tabs": (lambda rep, rng: read_text(layout_varied_tabs(rep, rng), "g.txt"), {"blank_rows": True}),
    "pandoc_plain": (lambda rep, rng: read_text(pandoc_ruled(rep, rng), "g.txt"), {"blank_rows": True}),
    "pandoc_markdown": (lambda rep, rng: read_markdown(pandoc_ruled(rep, rng, markdown=True), "g.md"),
                        {"blank_rows": True}),
    "turned_html": (lambda rep, rng: read_html(turned_html_report(rep, rng).encode("utf-8"), "g.html"), {}),
    "turned_docx": (lambda rep, rng: read_docx(turned_docx_report(rep, rng), "g.docx"), {}),
    "turned_text": (lambda rep, rng: read_text(turned_text_report(rep, rng), "g.txt"), {}),
    "t3_variant_html": (lambda rep, rng: read_html(t3_variant_html(rep, rng).encode("utf-8"), "g.html"), {}),
    "t3_variant_docx": (lambda rep, rng: read_docx(t3_variant_docx(rep, rng), "g.docx"), {}),
}


def read_back(layout: str, rep, rng):
    return map_document(LAYOUTS[layout][0](rep, rng))


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports())
def test_html_with_labels_split_over_br_and_p(case):
    rep, rng = case
    assert_never_wrong(rep, read_back("html", rep, rng))


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports())
def test_converter_style_markdown(case):
    rep, rng = case
    assert_never_wrong(rep, read_back("markdown", rep, rng))


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports())
def test_pdftotext_layout_style_text(case):
    rep, rng = case
    assert_never_wrong(rep, read_back("layout", rep, rng))


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
    wrong number, never glued digits (P01) — except in a row whose values a long label pushed off the columns
    (by half a column) and that has a blank cell too: which column is blank cannot be told there, the row is
    left unread (P01)."""
    rep, rng = case
    got = read_back("layout_marks", rep, rng)
    assert_never_wrong(rep, got)
    assert not [n for n in got.notes if n.code in ("P03", "P07")], [n.message for n in got.notes]
    for n in got.notes:
        if n.code == "P01" and n.data["table"] == "三":  # (table 四's run is glued digits by design)
            row = next(r for r in T3.rows if r.label == n.data["row_label"])
            assert any(rep.cells[("三", row.id, c.id)].kind == "blank" for c in T3.columns), n.message
    for key in ALL_CELLS:
        row_read = any(got.cells[k].kind not in ("missing", "ambiguous") for k in ALL_CELLS if k[:2] == key[:2])
        if rep.cells[key].kind == "not_applicable" and row_read:
            assert got.cells[key].kind == "not_applicable", (key, rep.cells[key].raw, got.cells[key])


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=st.randoms(use_true_random=False).map(lambda rng: make_case(rng, marks=True, blank_rows=True)))
def test_pdftotext_layout_with_varied_columns_headers_and_blank_cells(case):
    """Columns of random widths, alignments and gaps, multi-level headers over several lines, wrapped labels,
    blank cells anywhere and marks run together: every cell equal or unread with a note; a row left unread for
    where its cells stand says its line and why, never that its digits are "连在一起"."""
    rep, rng = case
    got = read_back("layout_varied_marks", rep, rng)
    assert_never_wrong(rep, got)
    for n in got.notes:
        if n.code == "P01" and n.data.get("position"):
            assert "连在一起" not in n.message and f"第{n.data['line']}行" in n.message, n.message


TURNED_LAYOUTS = ["turned_html", "turned_docx", "turned_text"]


@pytest.mark.parametrize("layout", TURNED_LAYOUTS)
@settings(max_examples=max(5, EXAMPLES // 2), deadline=None)
@given(case=reports())
def test_tables_printed_turned(layout, case):
    """Table 三 with the applicant types as rows and the format's rows as columns, table 四 as fifteen rows of a
    result and its number (HTML and DOCX, merged cells or not; tab-separated text): every cell equal or unread
    with a note, never wrong — an applicant type "其他" or "总计" is never a row of the format — and no 错误 on
    the consistent report; each table read turned is said (P20), a report printed upright never is."""
    rep, rng = case
    got = read_back(layout, rep, rng)
    assert_never_wrong(rep, got)
    assert not [f for f in audit(got) if f.severity == "error"], [f.message for f in audit(got)]
    turned = [n.data["table"] for n in got.notes if n.code == "P20"]
    assert turned and set(turned) <= {"三", "四"} and len(turned) == len(set(turned)), turned
    upright = map_document(read_html(write_html(rep).encode("utf-8"), "g.html"))
    assert not [n for n in upright.notes if n.code == "P20"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports(), docx=st.booleans())
def test_table_three_numbered_or_split_by_columns(case, docx):
    """Table 三 with a 序号 column before its labels (and a note row under it), or printed as two tables — the
    labels with the first columns, then under "（续表）" the rest, its labels printed again or not — in HTML and
    DOCX: every cell equal or unread with a note, never a number in another column's place (the second table's
    values once went to the first columns), no 错误 for a consistent report (the 序号 column once made every row
    unknown: C03, P08)."""
    rep, rng = case
    got = read_back("t3_variant_docx" if docx else "t3_variant_html", rep, rng)
    assert_never_wrong(rep, got)
    assert not [f.message for f in audit(got) if f.severity == "error"]


APPENDIX_LAYOUTS = ["own_numbering", "own_numbering_text", "own_numbering_html", "own_numbering_docx",
                    "appendix", "appendix_text", "appendix_html", "appendix_docx"]


@pytest.mark.parametrize("layout", APPENDIX_LAYOUTS)
@settings(max_examples=max(5, EXAMPLES // 2), deadline=None)
@given(case=reports())
def test_tables_in_an_appendix_after_the_narrative(layout, case):
    """Sections found by what their titles say, whatever their numerals and place; tables by their titles
    printed again, their header rows and labels, wherever they are — in Markdown, plain text (tab-separated
    or space-aligned), HTML and DOCX: every table read in its own region (none running over the next: no
    P03/P07; no table taken for section 六's narrative: no P09), never a missing section (C01: a table without
    its title is its section's content) or table (C02).  Own numbering (一、二、三 for 一、五、六) is a format
    warning (F03); a narrative with the format's headings for 二/三/四 as sentences ("appendix") keeps those
    sentences as its sections' text."""
    rep, rng = case
    got = read_back(layout, rep, rng)
    assert_never_wrong(rep, got)
    assert set(got.tables_found) == TABLE_SECTIONS
    prose = layout.startswith("appendix")
    assert set(got.sections) >= set(NUMERALS) - (set() if prose else TABLE_SECTIONS)
    for number in set(NUMERALS) - TABLE_SECTIONS:  # the narrative's paragraphs hold no table line
        assert not any(re.search(r"\d\s+\d", t) for t, _ in got.sections[number].paragraphs), number
    codes = {f.code for f in audit(got)} | {n.code for n in got.notes}
    assert not codes & {"P03", "P07", "P09", "C01", "C02"}, [n.message for n in got.notes]
    if prose:
        said = " ".join(t for t, _ in got.sections["三"].paragraphs)
        assert "具体情况见附表2" in said, said
    else:
        assert "F03" in codes


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports(), wrap=st.booleans())
def test_plain_pdftotext_one_cell_per_line(case, wrap):
    """Plain ``pdftotext`` (no -layout): each cell on a line of its own, a table's labels first and then its
    numbers by rows or by columns at times, long labels wrapped at times.  The numbers are read where the
    order is certain (a table 三 without blank cells, its labels whole: exactly one number per cell, by rows
    or by columns as the relations tell; with blank cells, which print no line, the cells every placement of
    the blanks that the relations leave agrees on); else its cells are unread with P01 — never a wrong
    number, never a 错误 (C08 a warning)."""
    rep, rng = case
    got = map_document(read_text(plain_text(rep, rng, wrap), "g.txt"))
    assert_never_wrong(rep, got)
    assert not [f for f in audit(got) if f.severity == "error"], [f.message for f in audit(got)]
    t3 = [k for k in ALL_CELLS if k[0] == "三"]
    if not wrap and all(rep.cells[k].kind == "number" for k in t3):
        assert all(_read_right(rep.cells[k], got.cells[k]) for k in t3), [n.message for n in got.notes]


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports(blanks=True), markdown=st.booleans())
def test_pandoc_dash_ruled_tables_keep_blank_cells(case, markdown):
    """pandoc's simple and multiline tables (``-t plain`` / ``-t markdown``, issue 11 U7): the dash ruler
    gives each column's extent in display columns (CJK two wide), so a blank cell is placed as blank and every
    number under its own column — every cell read right, labels wrapped over lines or not, no 错误."""
    rep, rng = case
    text = pandoc_ruled(rep, rng, markdown=markdown)
    got = map_document(read_markdown(text, "g.md") if markdown else read_text(text, "g.txt"))
    assert_never_wrong(rep, got)
    assert not [f for f in audit(got) if f.severity == "error"], [f.message for f in audit(got)]
    bad = [k for k in ALL_CELLS if not _read_right(rep.cells[k], got.cells.get(k))]
    assert not bad, (bad, [n.message for n in got.notes])


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports())
def test_pdftotext_without_flags_blocks_apart(case):
    """``pdftotext`` without flags (issue 11 U3): each cell a block of its own, empty lines between, the first
    value at times on the label's line, two values at times on one line, a label's wrapped rest among the
    values.  A row's values are read when certain — as many as the table's full rows have, its total holding,
    no page break inside — else left unread with a note: never a wrong number, never a 错误, and every table
    三 row printed whole (no blank cell) and not cut by a page break read right."""
    rep, rng = case
    text, cut = pdftotext_default(rep, rng)
    got = map_document(read_text(text, "g.txt"))
    assert_never_wrong(rep, got)
    assert not [f for f in audit(got) if f.severity == "error"], [f.message for f in audit(got)]
    for row in T3.printed_rows:
        keys = [("三", row.id, c.id) for c in T3.columns]
        if row not in cut and all(rep.cells[k].kind == "number" for k in keys):
            assert all(_read_right(rep.cells[k], got.cells.get(k)) for k in keys), (
                row.label, [got.cells.get(k) for k in keys], [n.message for n in got.notes])


def blank_column_case(rng: random.Random):
    """A consistent report whose table 三 leaves a whole column blank: an applicant column (its cells 0 in the
    totals) or the 总计 column."""
    values = consistent_values(rng, rng.choice([0, 3, 12]))
    col = rng.choice([c.id for c in T3.columns])
    keys = [("三", r.id, col) for r in T3.printed_rows]
    if col != "total":
        for key in keys:
            values[key] = 0
        for row in T3.printed_rows:
            values[("三", row.id, "total")] = sum(values[("三", row.id, c.id)] for c in T3.columns if c.id != "total")
    for key in keys:
        values.pop(key)
    return report_from_values(values, blanks=keys, title=TITLE)


@settings(max_examples=max(5, EXAMPLES // 2), deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_flattened_web_text_with_a_whole_column_blank(rng):
    """Glued digits with a whole column of table 三 blank: every row's digits shift alike, which no reading
    of one row at a time can see — the rows are left unread (P01), never read as wrong numbers, and no
    consistent report gets a 错误 (no P10: a row is proved wrong only against splits that are certain)."""
    rep = blank_column_case(rng)
    got = map_document(read_text(flattened_text(rep, rng), "g.txt"))
    assert_never_wrong(rep, got)
    assert not [f for f in audit(got) if f.severity == "error"], [f.message for f in audit(got)]


# ----------------------------------------------------------------------------- completeness
@dataclass
class Completeness:
    """Over generated reports of one layout: cells read right (a number equal, a blank blank, a mark not
    applicable), cells wrong (a number that is not the printed one), reports the audit gives a 错误."""

    reports: int = 0
    cells: int = 0
    right: int = 0
    wrong: int = 0
    false_errors: int = 0

    @property
    def share(self) -> float:
        return self.right / self.cells if self.cells else 0.0

    def __str__(self) -> str:
        return (f"{self.share:.2%} of {self.cells} cells right over {self.reports} reports, {self.wrong} wrong, "
                f"{self.false_errors} with a false 错误")


def _read_right(a, b) -> bool:
    if b is None:
        return False
    return b.kind == a.kind and (a.kind != "number" or a.value == b.value)


def score(out: Completeness, rep, got) -> None:
    """Count one generated report ``rep`` and its reading ``got`` into ``out``."""
    out.reports += 1
    for key in ALL_CELLS:
        a, b = rep.cells[key], got.cells.get(key)
        out.cells += 1
        out.right += _read_right(a, b)
        out.wrong += b is not None and b.kind == "number" and not (a.kind == "number" and a.value == b.value)
    out.wrong += sum(1 for key in GROUP_CELLS if key in got.cells and got.cells[key].kind == "number")
    out.false_errors += any(f.severity == "error" for f in audit(got))


def completeness(layout: str, seeds) -> Completeness:
    out = Completeness()
    for seed in seeds:
        rep, rng = make_case(random.Random(seed), **LAYOUTS[layout][1])
        score(out, rep, read_back(layout, rep, rng))
    return out


#: layouts that cannot reach 98%, with the share they do reach: plain pdftotext prints no line for a blank cell,
#: so in a table printed labels first and numbers after, with blank cells, a cell is read only where every
#: placement of the blanks that the relations leave agrees (P14), the rest is unread (P01); a row printed with
#: its own numbers and a blank is unread — measured 74.6% (55% before the placements were tried; 68% while a
#: wrapped label whose first line already named its row was left unjoined, once the text reader stopped joining
#: the file's short lines)
COMPLETENESS_TARGETS = {"plain": 0.72}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_completeness_per_layout(layout):
    """At least 98% of the cells read right over a fixed set of generated reports (``COMPLETENESS_TARGETS``:
    the layouts that cannot), none wrong, no consistent report given a 错误 (issue 11's targets for documents
    never seen)."""
    got = completeness(layout, range(COMPLETENESS_REPORTS))
    print(f"{layout}: {got}")
    assert got.wrong == 0, f"{layout}: {got}"
    assert got.false_errors == 0, f"{layout}: {got}"
    assert got.share >= COMPLETENESS_TARGETS.get(layout, COMPLETENESS_TARGET), f"{layout}: {got}"

"""Renderers of the text table styles a tester found still short (issue 11): pandas ``DataFrame.to_string()`` and
tabulate's styles (presto, psql, orgtbl, rst simple and grid, github, pipe with and without outer pipes, simple —
a dash ruler under the header, blank cells spaces, padded in characters or display columns), written
here from how those programs print (neither is a dependency): a report's tables (:func:`tab_text`'s rows) printed
in one style per table, blank cells as the program prints a missing value.

Used by tests/readers/test_tabulated_text.py and tools/measure_tabulated.py.
"""

from __future__ import annotations

import random
import re
import unicodedata
from decimal import Decimal

from office_helpers import OUTCOME_LEAVES
from test_layout_generator import MARKS, TITLE, tab_text
from text_classes import blank_legal_case

from gongkai.format import FORMAT_2021

T3 = FORMAT_2021.table("三")

TABULATE_STYLES = ("presto", "psql", "orgtbl", "rst", "grid", "github", "pipe", "pipe_bare", "github_bare", "simple")
PANDAS_STYLES = ("pandas",)
STYLES = PANDAS_STYLES + TABULATE_STYLES


def width(text: str, east_asian: bool) -> int:
    """Characters, or display columns (CJK two wide) where the program measures them so (tabulate with
    wcwidth installed, pandas with ``display.unicode.east_asian_width``)."""
    if not east_asian:
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, n: int, align: str, east_asian: bool) -> str:
    gap = max(0, n - width(text, east_asian))
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(?:\.\d+)?", text))


FEE_HEADER = "本年收费金额（单位：万元）"
YUAN_HEADERS = ("收费金额（元）", "本年收费金额(元)", "收费金额 元", "收费金额【元】", "本年收费金额（单位：元）")


def _blocks(rep, yuan_header: str = ""):
    """The report as ("text", line) and ("table", rows) items (rows: lists of cells, header rows first); with
    ``yuan_header`` table 二's fee printed in 元 under that header."""
    out: list = []
    for line in tab_text(rep):
        if yuan_header and FEE_HEADER in line:
            line = line.replace(FEE_HEADER, yuan_header)
        elif yuan_header and line.startswith("行政事业性收费\t"):
            label, amount = line.split("\t")
            line = f"{label}\t{(Decimal(amount) * 10000).normalize():f}"
        if "\t" in line:
            if not out or out[-1][0] != "table":
                out.append(("table", []))
            out[-1][1].append(line.split("\t"))
        elif line.strip():
            out.append(("text", line))
    return out


def _label_cells(rows: list[list[str]]) -> int:
    """How many cells before a row's values (the label columns of :func:`tab_text`'s rows: table 三's group,
    sub-group and label; none in table 四's 15 cells; one in table 二's)."""
    return {10: 3, 15: 0}.get(max(len(r) for r in rows), 1)


def _shape(rows: list[list[str]], rng: random.Random,
           first_row_header: bool = False) -> tuple[list[str], list[list[str]]]:
    """A table's header (one row) and body rows, its label columns collapsed into one at times (the leaf
    label: "1.属于国家秘密"), or kept (table 三's group / sub-group / label columns, mostly empty); with
    ``first_row_header`` a group header row (table 三's "申请人情况", table 四's "行政复议 … 行政诉讼", a caption) is
    the header and the columns' own header the first row under the ruler (a converter passing a grid's first
    row as tabulate's ``headers``)."""
    n = _label_cells(rows)
    first = next((i for i, r in enumerate(rows) if any(_is_number(c) or c in MARKS for c in r[n:])), 1)
    header_rows, body = rows[:first], rows[first:]  # (a row of blank cells after the first is a body row)
    header = header_rows[-1] if header_rows else [""] * len(rows[0])
    if first_row_header:  # ``headers=rows[0]`` of a grid whose first row is a group header: the columns' own
        # header printed as a row under the ruler ("申请人情况" over it, "自然人 商业企业 …" under it)
        group = [""] * len(header)
        if n == 0:  # table 四
            group[0], group[5] = "行政复议", "行政诉讼"
        elif n > 1:  # table 三
            group[n] = "申请人情况"
        else:
            group[0] = rng.choice(["项目", ""])  # (an empty header: an empty line over the ruler)
        header, body = group, [header] + body
    if n > 1 and rng.random() < 0.7:  # one label column
        header = [next((c for c in header[:n] if c), "")][:1] + header[n:]
        body = [[next((c for c in reversed(r[:n]) if c), "")] + r[n:] for r in body]
    if header and len(header[0]) > 20 and rng.random() < 0.6:  # the 勾稽 note not printed as the label header
        header = [rng.choice(["", "项目", "信息内容"])] + header[1:]
    return header, body


# ----------------------------------------------------------------------------- pandas
def pandas_table(rows: list[list[str]], rng: random.Random, how: dict) -> list[str]:
    """``DataFrame.to_string()`` of the table: the labels its index (left-aligned), the values its columns
    (right-aligned, one space apart, a numeric column's values with a leading space for the sign), a blank
    cell "None" (object columns) or "NaN" (a float column, whose numbers then print "17.0"; "<NA>" for a
    nullable integer column); the header on two lines when the index has a name (its name on a line of its
    own under the columns' names)."""
    header, body = _shape(rows, rng)
    n = _label_cells(body)
    ea = how["east_asian"]
    if n == 0:  # no label column (table 四): the default index 0, 1, …
        index = [str(i) for i in range(len(body))]
    else:
        index = [" ".join(c for c in r[:n] if c) if n > 1 else r[0] for r in body]
        n = max(n, 1)
    columns = header[n:]
    values = [r[n:] for r in body]
    null = how["null"]
    out_cols: list[list[str]] = []
    for k, name in enumerate(columns):
        col = [v[k] if k < len(v) else "" for v in values]
        as_float = null == "NaN" and any(not c for c in col)
        cells = []
        for c in col:
            if not c:
                cells.append(null)
            elif as_float and _is_number(c) and "." not in c:
                cells.append(c + ".0")
            else:
                cells.append(c)
        numeric = all(_is_number(c) or c in ("NaN", "<NA>") for c in cells)
        if numeric:
            if as_float:  # a float column: every number to the same decimals
                decimals = max((len(c.split(".")[1]) for c in cells if "." in c), default=1)
                cells = [c if c in ("NaN", "<NA>") else f"{float(c):.{decimals}f}" for c in cells]
            cells = [" " + c for c in cells]
        w = max([width(name, ea)] + [width(c, ea) for c in cells])
        out_cols.append([pad(name, w, "right", ea)] + [pad(c, w, "right", ea) for c in cells])
    iw = max([width(x, ea) for x in index] + [width(how["index_name"], ea)])
    lines = [pad("", iw, "left", ea) + "".join(" " + c[0] for c in out_cols)]
    if how["index_name"]:
        lines.append(pad(how["index_name"], iw, "left", ea) + "".join(" " + " " * width(c[0], ea) for c in out_cols))
        lines[-1] = lines[-1].rstrip() if rng.random() < 0.5 else lines[-1]
    for i, label in enumerate(index):
        lines.append(pad(label, iw, "left", ea) + "".join(" " + c[i + 1] for c in out_cols))
    return lines


# ----------------------------------------------------------------------------- tabulate
def tabulate_table(rows: list[list[str]], style: str, rng: random.Random, how: dict) -> list[str]:
    """tabulate's ``tablefmt`` of the table (headers the header row): numbers right-aligned, text left, a
    missing value "" (spaces), one space of padding inside a cell's borders (two spaces between rst's
    columns)."""
    header, body = _shape(rows, rng, style == "simple" and how["first_row_header"])
    ea = how["east_asian"]
    ncols = max(len(header), *(len(r) for r in body))
    header = header + [""] * (ncols - len(header))
    body = [r + [""] * (ncols - len(r)) for r in body]
    numeric = [all(_is_number(r[k]) or not r[k] or r[k] in MARKS for r in body)
               and any(_is_number(r[k]) for r in body) for k in range(ncols)]
    aligns = ["right" if numeric[k] else "left" for k in range(ncols)]
    if style == "simple" and how["no_numparse"]:  # ``disable_numparse=True``: every cell text, left-aligned
        aligns = ["left"] * ncols
    minw = 2 if style in ("github", "pipe", "pipe_bare", "github_bare") else 0
    # (simple: a header's width plus tabulate's MIN_PADDING of 2 — a column under a long header is wider)
    headw = 2 if style == "simple" else 0
    widths = [max([width(header[k], ea) + headw, minw] + [width(r[k], ea) for r in body]) for k in range(ncols)]

    def cells(r, header_row=False):
        return [pad(c, widths[k], "left" if header_row and style in ("rst",) else aligns[k], ea)
                for k, c in enumerate(r)]

    def line(r, left, sep, right, header_row=False):
        return (left + sep.join(cells(r, header_row)) + right).rstrip() if not right else \
            left + sep.join(cells(r, header_row)) + right

    def rule(left, fill, joint, right, colons=False):
        parts = []
        for k, w in enumerate(widths):
            seg = fill * (w + 2)
            if colons:
                seg = (":" + fill * (w + 1)) if aligns[k] == "left" else (fill * (w + 1) + ":")
            parts.append(seg)
        return left + joint.join(parts) + right

    if style == "presto":
        return [line(header, " ", " | ", ""), rule("", "-", "+", "")[:], *[line(r, " ", " | ", "") for r in body]]
    if style == "psql":
        top = rule("+", "-", "+", "+")
        return [top, line(header, "| ", " | ", " |", True), rule("|", "-", "+", "|"),
                *[line(r, "| ", " | ", " |") for r in body], top]
    if style == "orgtbl":
        return [line(header, "| ", " | ", " |", True), rule("|", "-", "+", "|"),
                *[line(r, "| ", " | ", " |") for r in body]]
    if style == "grid":
        top = rule("+", "-", "+", "+")
        out = [top, line(header, "| ", " | ", " |", True), rule("+", "=", "+", "+")]
        for r in body:
            out += [line(r, "| ", " | ", " |"), top]
        return out
    if style == "simple":  # a dash run over each column, two spaces apart; a blank cell spaces
        trail = (lambda x: x.rstrip()) if rng.random() < 0.5 else (lambda x: x)
        return [trail("  ".join(cells(header, True))), "  ".join("-" * w for w in widths),
                *[trail("  ".join(cells(r))) for r in body]]
    if style == "rst":
        ruler = "  ".join("=" * w for w in widths)
        return [ruler, "  ".join(cells(header, True)).rstrip(), ruler,
                *["  ".join(cells(r)).rstrip() for r in body], ruler]
    if style == "github":
        return [line(header, "| ", " | ", " |", True), rule("|", "-", "|", "|"),
                *[line(r, "| ", " | ", " |") for r in body]]
    if style == "pipe":
        return [line(header, "| ", " | ", " |", True), rule("|", "-", "|", "|", colons=True),
                *[line(r, "| ", " | ", " |") for r in body]]
    # pipe / github without outer pipes
    colons = style == "pipe_bare"
    ruler = rule("", "-", "|", "", colons=colons)
    ruler = ruler[1:-1] if rng.random() < 0.5 else ruler
    return [line(header, "", " | ", ""), ruler, *[line(r, "", " | ", "") for r in body]]


def draw_how(rng: random.Random, style: str) -> dict:
    return {"east_asian": rng.random() < 0.5,
            "null": rng.choice(["None", "NaN", "NaN", "<NA>"]),
            "index_name": rng.choice(["", "", "信息内容", "项目"]) if style == "pandas" else "",
            "no_numparse": rng.random() < 0.5, "first_row_header": rng.random() < 0.5}


def blank_rows_case(rng: random.Random):
    """A consistent report (:func:`text_classes.blank_legal_case`: 0s of the 法人 columns printed blank, table 四's
    0s and at times a whole group blank) with 1–5 of table 三's outcome rows all 0 and printed blank (a row of
    blank cells, as an office with no such case prints it)."""
    rep = blank_legal_case(rng)
    values = {k: c.value for k, c in rep.cells.items() if c.kind == "number"}
    blanks = [k for k, c in rep.cells.items() if c.kind == "blank"]
    cols = [c.id for c in T3.columns if c.id != "total"]
    for rid in rng.sample(OUTCOME_LEAVES, rng.randint(1, 5)):
        for col in cols + ["total"]:
            values[("三", rid, col)] = 0
            if ("三", rid, col) not in blanks:
                blanks.append(("三", rid, col))
    for col in cols:  # the totals again (a blank counts 0)
        get = lambda r: values.get(("三", r, col), 0)  # noqa: E731
        done = sum(get(r) for r in OUTCOME_LEAVES)
        over = min(get("carried_over"), done + get("carried_forward"))
        values[("三", "dispositions_total", col)] = done
        values[("三", "carried_over", col)] = over
        values[("三", "received", col)] = done + get("carried_forward") - over
    for row in T3.printed_rows:
        values[("三", row.id, "total")] = sum(values.get(("三", row.id, c), 0) for c in cols)
    for key in [k for k in blanks if k[0] == "三" and values.get(k) not in (0, None)]:
        blanks.remove(key)  # a total that is no longer 0 is printed
    from office_helpers import report_from_values
    return report_from_values({k: v for k, v in values.items() if k not in blanks}, blanks=blanks, title=TITLE)


def render(rep, style: str, rng: random.Random, yuan: bool = False) -> str:
    """The report as text: headings and prose as lines, each table in ``style`` (its options drawn per
    document), an empty line around each table; with ``yuan`` the fee printed in 元 under a header saying so."""
    how = draw_how(rng, style)
    out: list[str] = []
    for kind, item in _blocks(rep, rng.choice(YUAN_HEADERS) if yuan else ""):
        if kind == "text":
            out.append(item)
            continue
        out.append("")
        out += pandas_table(item, rng, how) if style == "pandas" else tabulate_table(item, style, rng, how)
        out.append("")
    return "\n".join(out) + "\n"

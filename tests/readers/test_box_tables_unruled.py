"""Box tables whose body rows have no rule between them, in every box-drawing family (tester 11: tabulate's psql,
outline, rounded_outline, heavy/double outline and PrettyTable read 0–7% of their cells; heavy_grid, ruled between
every row, 7% too: its ``┏━┳━┓`` borders were not borders), generated from random consistent reports: each table
flattened as a data-frame printer prints it (a merged label repeated down its rows or left blank, a column label's
other places blank), drawn the way each style draws it (rules at the top, under the header, at the bottom — or
between every row), cells aligned left, right or centred, and read back: every cell equal or explicitly unread,
never a wrong number, no 错误 for a consistent report, the tables read (nearly) completely.

And the same text as a console's HTML export (rich's ``export_html``: the text in a ``<pre>``, numbers in
``<span>``s) reads as the text does."""

from __future__ import annotations

import html
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_layout_generator import (COMPLETENESS_TARGET, EXAMPLES, Completeness, assert_never_wrong, make_case,
                                   score)

from gongkai.readers.base import RowBlock
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

from .text_tables import aligned, audit_errors, flat_rows, prose_and_tables, width

# style → (top, under the header, between body rows or None, bottom): each rule as (left, fill, cross, right);
# then the vertical edge character
STYLES = {
    "psql": (("+", "-", "+", "+"), ("|", "-", "+", "|"), None, ("+", "-", "+", "+"), "|"),
    "outline": (("+", "-", "+", "+"), ("+", "=", "+", "+"), None, ("+", "-", "+", "+"), "|"),
    "prettytable": (("+", "-", "+", "+"), ("+", "-", "+", "+"), None, ("+", "-", "+", "+"), "|"),
    "simple_outline": (("┌", "─", "┬", "┐"), ("├", "─", "┼", "┤"), None, ("└", "─", "┴", "┘"), "│"),
    "rounded_outline": (("╭", "─", "┬", "╮"), ("├", "─", "┼", "┤"), None, ("╰", "─", "┴", "╯"), "│"),
    "heavy_outline": (("┏", "━", "┳", "┓"), ("┣", "━", "╋", "┫"), None, ("┗", "━", "┻", "┛"), "┃"),
    "double_outline": (("╔", "═", "╦", "╗"), ("╠", "═", "╬", "╣"), None, ("╚", "═", "╩", "╝"), "║"),
    "mixed_outline": (("┍", "━", "┯", "┑"), ("┝", "━", "┿", "┥"), None, ("┕", "━", "┷", "┙"), "│"),
    "heavy_grid": (("┏", "━", "┳", "┓"), ("┣", "━", "╋", "┫"), ("┣", "━", "╋", "┫"), ("┗", "━", "┻", "┛"), "┃"),
    "double_grid": (("╔", "═", "╦", "╗"), ("╠", "═", "╬", "╣"), ("╠", "═", "╬", "╣"), ("╚", "═", "╩", "╝"), "║"),
}


def draw(rows: list[list[str]], style: str, header_rows: int, rng: random.Random) -> list[str]:
    """``rows`` drawn in ``style``, the first ``header_rows`` rows the header (a rule under them)."""
    top, under, between, bottom, edge = STYLES[style]
    widths = [max(width(r[c]) for r in rows) + 2 for c in range(len(rows[0]))]
    numbers = rng.choice(["right", "left", "center"])
    labels = rng.choice(["left", "center"])

    def rule(kind):
        left, fill, cross, right = kind
        return left + cross.join(fill * w for w in widths) + right

    def line(row):
        return edge + edge.join(" " + aligned(t, w - 2, numbers if t.isascii() else labels) + " "
                                for t, w in zip(row, widths)) + edge

    out = [rule(top)]
    for i, row in enumerate(rows):
        if i == header_rows and header_rows:
            out.append(rule(under))
        elif i and between:
            out.append(rule(between))
        out.append(line(row))
    out.append(rule(bottom))
    return out


def report_text(rep, rng: random.Random, style: str) -> str:
    """The report's prose lines, each table drawn where the HTML has it."""
    repeat = rng.random() < 0.5

    def table(cells, nrows: int, ncols: int) -> list[str]:
        header_rows = min(1 + max((rs - 1 for r, c, rs, cs, t in cells if r == 0), default=0), nrows - 1)
        return draw(flat_rows(cells, nrows, ncols, header_rows, repeat), style, 1, rng)
    return prose_and_tables(rep, table)


def console_html(text: str, rng: random.Random) -> str:
    """``text`` as rich's ``export_html`` writes it: one ``<pre><code>``, escaped, some words in ``<span>``s."""
    words = []
    for part in text.split(" "):
        esc = html.escape(part)
        words.append(f'<span class="r{rng.randint(1, 3)}">{esc}</span>' if part and rng.random() < 0.2 else esc)
    return ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="UTF-8">\n<style>\n.r1 {font-weight: bold}\n</style>\n'
            '</head>\n<body>\n    <pre style="font-family:monospace"><code style="font-family:inherit">'
            + " ".join(words) + "\n</code></pre>\n</body>\n</html>\n")


@settings(max_examples=EXAMPLES, deadline=None)
@given(rng=st.randoms(use_true_random=False), style=st.sampled_from(sorted(STYLES)))
def test_box_tables_never_wrong(rng, style):
    rep, rng = make_case(rng, blank_rows=True, marks=True)
    got = map_document(read_text(report_text(rep, rng, style), "b.txt"))
    assert_never_wrong(rep, got)
    assert not audit_errors(got)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_box_tables_read_completely(style):
    out = Completeness()
    for seed in range(20):
        rep, rng = make_case(random.Random(seed), blank_rows=True)
        score(out, rep, map_document(read_text(report_text(rep, rng, style), "b.txt")))
    print(f"{style}: {out}")
    assert out.wrong == 0 and out.false_errors == 0, str(out)
    assert out.share >= COMPLETENESS_TARGET, str(out)


@pytest.mark.parametrize("seed", range(6))
def test_a_console_html_export_reads_as_its_text(seed):
    rep, rng = make_case(random.Random(seed), blank_rows=True)
    text = report_text(rep, rng, rng.choice(sorted(STYLES)))
    as_text = map_document(read_text(text, "c.txt"))
    as_html = map_document(read_html(console_html(text, rng), "c.html"))
    assert {k: (c.kind, c.value) for k, c in as_html.cells.items()} == \
        {k: (c.kind, c.value) for k, c in as_text.cells.items()}
    assert_never_wrong(rep, as_html)
    assert not audit_errors(as_html)


def test_rows_without_rules_are_a_row_a_line_with_their_lines():
    text = "\n".join([
        "说明",
        "+----------+------+------+",
        "| 信息内容 | 本年 | 总数 |",
        "|----------+------+------|",
        "| 规章     |    2 |   31 |",
        "| 行政许可 |      |      |",
        "| 行政处罚 |    0 |    7 |",
        "+----------+------+------+"])
    rows = [b for b in read_text(text, "t.txt").blocks if isinstance(b, RowBlock)]
    assert [[c.text for c in r.cells] for r in rows] == [["信息内容", "本年", "总数"], ["规章", "2", "31"],
                                                         ["行政许可", "", ""], ["行政处罚", "0", "7"]]
    assert [r.location.line for r in rows] == [3, 5, 6, 7]
    assert rows[2].cells[1].location.line == 6


def test_one_body_row_wrapped_over_lines_stays_one_row():
    """A body band whose other cells have text on one line only is one row wrapped (w3m, pandoc): not split."""
    text = "\n".join([
        "┌──────────┬────────┐",
        "│ 信息内容 │ 金额   │",
        "├──────────┼────────┤",
        "│ 行政事业 │ 300.53 │",
        "│ 性收费   │        │",
        "└──────────┴────────┘"])
    rows = [b for b in read_text(text, "t.txt").blocks if isinstance(b, RowBlock)]
    assert [[c.text for c in r.cells] for r in rows] == [["信息内容", "金额"], ["行政事业性收费", "300.53"]]


def test_a_short_pre_stays_flow_text():
    page = "<html><body><p>前言</p><pre>规章 2 0 31</pre><p>结尾</p></body></html>"
    doc = read_html(page, "p.html")
    assert [b.text for b in doc.blocks] == ["前言", "规章 2 0 31", "结尾"]


def test_a_pre_s_blocks_are_in_page_order_with_page_lines_and_table_numbers():
    page = ("<html><body>\n<table><tr><td>甲</td><td>1</td></tr></table>\n<p>中间</p>\n<pre>\n"
            "┌──────┬────┐\n│ 规章 │ 2  │\n├──────┼────┤\n│ 许可 │ 3  │\n└──────┴────┘\n</pre>\n<p>结尾</p>\n"
            "</body></html>")
    doc = read_html(page, "p.html")
    kinds = [(type(b).__name__, b.text, getattr(b, "table", None)) for b in doc.blocks]
    assert kinds == [("RowBlock", "甲 1", 0), ("TextBlock", "中间", None), ("RowBlock", "规章 2", 1),
                     ("RowBlock", "许可 3", 1), ("TextBlock", "结尾", None)]
    rows = [b for b in doc.blocks if isinstance(b, RowBlock)]
    assert [r.location.line for r in rows] == [2, 6, 8]

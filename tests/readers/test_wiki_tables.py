"""Wiki tables in text files, read by their markup:

* MediaWiki as tabulate writes it (``{|``, ``|-``, ``! a !! b``, ``| 规章 || 2 || 0``) and as people write it by
  hand (one cell a line, ``!`` header cells, ``rowspan="2" | label``, ``colspan="3" | …``);
* MoinMoin (``|| 规章 || 2 ||``, bold ``'''`` headers, ``||||`` or ``<-3>`` spanning columns, ``<|2>`` rows);
* Textile (``|_. header |``, ``|<. 2 |``, ``|\\3. spanned |``, ``|/2. label |``).

Before, “||” read as two pipe separators with a blank between (numbers shifted a column: wrong numbers), one cell a
line lost every cell, and Textile tables were not found.  The renderers below are written from each markup's
documentation; expected values are the generated report's.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_layout_generator import assert_never_wrong, make_case

sys.path.insert(0, str(Path(__file__).parent))
from test_converter_dumps import _read_all_right  # noqa: E402
from test_layout_generator import tab_blocks as _blocks  # noqa: E402

from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text
from gongkai.readers.wiki import wiki_tables

SETTINGS = dict(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SUB = ("（", "1", "2", "3", "4", "5", "6", "7", "8", "9")


def _spans(rows: list[list[str]]) -> list[list[tuple[str, int, int] | None]]:
    """``rows`` as (text, colspan, rowspan) cells, None where a span covers: the header corner over the empty
    cells after it, and a label over the empty cells below it while the rows under it are its sub-items."""
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    grid: list[list[tuple[str, int, int] | None]] = [[(c, 1, 1) for c in r] for r in rows]
    labels = [j for j in range(n) if not any(r[j].replace(".", "").isdigit() for r in rows)]
    first = rows[0]
    if first[0] and len(first) > 3 and not first[1] and not first[2]:
        span = next((j for j in range(1, n) if first[j]), n)
        grid[0][0] = (first[0], span, 1)
        for j in range(1, span):
            grid[0][j] = None
    for j in labels:
        if j + 1 >= n:
            continue
        for i in range(1, len(rows)):
            if not rows[i][j] or grid[i][j] is None:
                continue
            k = i + 1
            while k < len(rows) and not rows[k][j] and (not rows[k][j + 1] or rows[k][j + 1].startswith(_SUB)) \
                    and not any(rows[k][x] for x in range(j)):
                k += 1
            if k - i > 1:
                grid[i][j] = (rows[i][j], 1, k - i)
                for x in range(i + 1, k):
                    grid[x][j] = None
    return grid


def _document(rep, table) -> str:
    out = []
    for kind, x in _blocks(rep):
        out += ([x] if kind == "text" else table(x)) + [""]
    return "\n".join(out) + "\n"


def mediawiki_tabulate(rows: list[list[str]]) -> list[str]:
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    width = [max(len(r[j]) for r in rows) for j in range(n)]
    out = ['{| class="wikitable" style="text-align: left;"', "|+ <!-- caption -->", "|-",
           "! " + " !! ".join(c.ljust(w) for c, w in zip(rows[0], width))]
    for r in rows[1:]:
        out += ["|-", "| " + " || ".join(c.ljust(w) for c, w in zip(r, width))]
    return out + ["|}"]


def mediawiki_by_hand(rows: list[list[str]], rng: random.Random) -> list[str]:
    grid = _spans(rows) if rng.random() < 0.8 else [[(c, 1, 1) for c in r] for r in rows]
    out = ['{| class="wikitable" style="text-align:center"']
    for i, r in enumerate(grid):
        if i or rng.random() < 0.5:
            out.append("|-")
        mark = "!" if i == 0 else "|"
        for cell in r:
            if cell is None:
                continue
            text, colspan, rowspan = cell
            attrs = (f'colspan="{colspan}" ' if colspan > 1 else "") + (f'rowspan="{rowspan}" ' if rowspan > 1 else "")
            out.append(f"{mark} {attrs}| {text}" if attrs else f"{mark} {text}".rstrip() if text or rng.random() < 0.5
                       else f"{mark} ")
    return out + ["|}"]


def moinmoin(rows: list[list[str]], rng: random.Random) -> list[str]:
    grid = _spans(rows) if rng.random() < 0.7 else [[(c, 1, 1) for c in r] for r in rows]
    out = []
    for i, r in enumerate(grid):
        line = ""
        for cell in r:
            if cell is None:
                continue
            text, colspan, rowspan = cell
            shown = f"''' {text} '''" if i == 0 else f" {text} "
            if colspan > 1 and rng.random() < 0.5:
                line += "||" * colspan + shown  # an empty cell per column spanned
            else:
                attrs = (f"<-{colspan}>" if colspan > 1 else "") + (f"<|{rowspan}>" if rowspan > 1 else "")
                line += "||" + attrs + shown
        out.append(line + "||")
    return out


def textile(rows: list[list[str]], rng: random.Random) -> list[str]:
    grid = _spans(rows) if rng.random() < 0.7 else [[(c, 1, 1) for c in r] for r in rows]
    out = []
    for i, r in enumerate(grid):
        line = ""
        for cell in r:
            if cell is None:
                continue
            text, colspan, rowspan = cell
            prefix = ("_" if i == 0 else rng.choice(["<", ">", "=", ""])) + (f"\\{colspan}" if colspan > 1 else "") \
                + (f"/{rowspan}" if rowspan > 1 else "")
            line += f"|{prefix}. {text} " if prefix else f"| {text} "
        out.append(line + "|")
    return out


#: each markup's renderer: (rows, random source) → lines
MARKUPS = {
    "mediawiki_tabulate": lambda rows, rng: mediawiki_tabulate(rows),
    "mediawiki_by_hand": mediawiki_by_hand,  # one cell a line, with spans
    "moinmoin": moinmoin,
    "textile": textile,
}


@pytest.mark.parametrize("markup", sorted(MARKUPS))
@settings(**SETTINGS)
@given(seed=st.integers(0, 10**6))
def test_wiki_tables_read_cell_for_cell(markup, seed):
    rep, rng = make_case(random.Random(seed))
    got = map_document(read_text(_document(rep, lambda rows: MARKUPS[markup](rows, rng)), "a.txt"))
    assert_never_wrong(rep, got)
    _read_all_right(rep, got)


def _cells(rows):
    return [[(c.text, c.spanned) for c in r.cells] for r in rows]


def test_mediawiki_cells_attributes_and_spans():
    lines = ["前文", '{| class="wikitable"', "|+ 标题", '! rowspan="2" | 项目 !! colspan="2" | 件数', "|-",
             "! 制发 !! 废止", "|-", "| [[规章|规章]]", "| 2", "| 0", "|-", '| style="x" | 文件 || 3 ||', "|}", "后文"]
    (start, end, rows), = wiki_tables(lines, 1, "t", 0)
    assert (start, end) == (1, 13)
    assert _cells(rows) == [
        [("项目", False), ("件数", False), ("", True)],
        [("", True), ("制发", False), ("废止", False)],
        [("[[规章|规章]]", False), ("2", False), ("0", False)],
        [("文件", False), ("3", False), ("", False)],
    ]
    assert rows[2].cells[1].location.line == 9


def test_moinmoin_and_textile_cells():
    (_, _, rows), = wiki_tables(["|| '''项目''' |||| '''件数''' ||", "|| 规章 || 2 || 0 ||", "||<|2> 文件 || 1 || ||",
                                 "|| 4 || 5 ||"], 1, "t", 0)
    assert _cells(rows) == [[("项目", False), ("件数", False), ("", True)], [("规章", False), ("2", False), ("0", False)],
                            [("文件", False), ("1", False), ("", False)], [("", True), ("4", False), ("5", False)]]
    (_, _, rows), = wiki_tables(["|_. 项目 |\\2. 件数 |", "|/2<. 规章 |>. 2 |<. 0 |", "|=. 1 | |"], 1, "t", 0)
    assert _cells(rows) == [[("项目", False), ("件数", False), ("", True)], [("规章", False), ("2", False), ("0", False)],
                            [("", True), ("1", False), ("", False)]]


def test_markdown_pipe_tables_are_not_wiki_tables():
    """A Markdown row whose first cell is blank starts with “||”; a Markdown table has a delimiter row."""
    assert wiki_tables(["|| 2 | 3 |", "| a | b | c |"], 1, "t", 0) == []
    assert wiki_tables(["| a | b |", "|---|---|", "| 1 | 2 |"], 1, "t", 0) == []
    assert wiki_tables(["| a | b | c | d | e |", "|---|---|---|---|---|", "||2||3||"], 1, "t", 0) == []


def test_a_nested_mediawiki_table_reads_nothing():
    (_, _, rows), = wiki_tables(["{|", "| a", "{|", "| 1", "|}", "|}"], 1, "t", 0)
    assert rows is None


def test_hostile_wiki_blocks_cost_nothing():
    """Thousands of cells each spanning the widest table over every row: no rows (the places they would cover are
    bounded), never hours of work nor gigabytes of placeholders."""
    mediawiki = "\n".join(["{|"] + ['|-\n| rowspan="999999" colspan="200" | x'] * 3000 + ["|}"]).split("\n")
    moin = ["||<-200><|99999> x ||" * 50] * 2000
    textile = ["|\\200/99999. x |" * 50] * 2000
    wide = ['{|', '| colspan="99999999999999999999" | x', "|}"]
    for block in (mediawiki, moin, textile, wide):
        (_, _, rows), = wiki_tables(block, 1, "t", 0)
        assert rows is None


def test_links_keep_their_pipes_and_unclosed_brackets_cost_nothing():
    from gongkai.readers.wiki import _masked
    assert _masked("a|[[b|c]]|{{d|e}}|[[x|y") == "a|[[b\x00c]]|{{d\x00e}}|[[x|y"
    (_, _, rows), = wiki_tables(["{|", "| " + "[[" * 200000 + " || 2", "|}"], 1, "t", 0)
    assert [c.text for c in rows[0].cells][1:] == ["2"]
    (_, _, rows), = wiki_tables(["{|", "| <!-- 注 -->3 || " + "<!--" * 200000, "|}"], 1, "t", 0)
    assert [c.text for c in rows[0].cells][0] == "3"

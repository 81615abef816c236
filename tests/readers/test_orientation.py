"""Table 四 printed turned (fifteen rows of a result and its number) whose group cells a reader put apart as text:
a PDF's merged group column read down as one line ("类别行政复议行政复议…行政诉讼…"), the rows only "结果维持 | 17".

The documents are made here as a reader's blocks from random consistent reports (the generator's tab-separated
report, :func:`tab_blocks`), table 四's groups printed in the format's order or another, their text before the
rows and among them, or not at all.  The rows are placed by the format's order only when the text names the
groups in that order: every cell of table 四 then reads as printed; otherwise no cell of it is ever read as a
wrong number.  (Tables printed turned with their labels in the rows are in the layout generator: turned_html,
turned_docx, turned_text.)
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from test_layout_generator import EXAMPLES, assert_never_wrong, make_case, tab_blocks

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.base import RawCell, RawDocument, RowBlock, TextBlock
from gongkai.readers.mapping import map_document

T4 = FORMAT_2021.table("四")
PARTS = [list(T4.columns[k:k + 5]) for k in range(0, len(T4.columns), 5)]  # 行政复议, 直接起诉, 复议后起诉


def results_apart(rep, rng: random.Random) -> tuple[RawDocument, bool]:
    """The report's blocks with table 四 as rows of a result and its cell, its parts in a random order, their
    groups' words as text lines (the group column read down: each group once per row, or once) before the rows
    and before the second level's first row — or left out; and whether the parts are in the format's order
    and named."""
    parts = PARTS[:]
    if rng.random() < 0.4:
        rng.shuffle(parts)
    named = rng.random() < 0.85
    blocks: list = []
    tables = 0
    for kind, content in tab_blocks(rep):
        if kind == "text":
            blocks.append(TextBlock(content))
            continue
        tables += 1
        if not any("尚未审结" in cell for row in content for cell in row):
            blocks += [RowBlock([RawCell(c) for c in row], table=tables) for row in content]
            continue
        columns = [c for part in parts for c in part]
        once = rng.random() < 0.5
        def words(level: int) -> str:
            names = [c.groups[level] if len(c.groups) > level else "" for c in columns]
            return "".join(dict.fromkeys(names) if once else names)
        if named:
            blocks.append(TextBlock("类别" + words(0)))
        blocks.append(TextBlock("结果 数量"))
        for k, c in enumerate(columns):
            if named and k == next(i for i, x in enumerate(columns) if len(x.groups) > 1):
                blocks.append(TextBlock(words(1)))
            cell = rep.cells[("四", "cases", c.id)]
            raw = cell.raw if cell.kind in ("number", "not_applicable") else ""
            blocks.append(RowBlock([RawCell(c.label), RawCell(raw)], table=tables))
    return RawDocument("g.pdf", blocks, "pdf"), named and parts == PARTS


@settings(max_examples=EXAMPLES, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_results_apart_from_their_groups_read_by_the_format_order_only_when_named_so(rng):
    rep, rng = make_case(rng)
    raw, in_order = results_apart(rep, rng)
    got = map_document(raw)
    assert_never_wrong(rep, got)
    by_order = [n for n in got.notes if n.code == "P20" and n.data.get("by_order")]
    if in_order:
        assert by_order, [n.message for n in got.notes]
        for c in T4.columns:
            a, b = rep.cells[("四", "cases", c.id)], got.cells[("四", "cases", c.id)]
            assert b.kind == a.kind and b.value == a.value, (c.display, a, b)
        assert not [f for f in audit(got) if f.severity == "error"]
    else:
        assert not by_order
        assert all(got.cells[("四", "cases", c.id)].kind != "number" for c in T4.columns)

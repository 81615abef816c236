"""Text that prints every paragraph and table cell followed by an empty line, an empty cell as two more empty
lines (docx2txt, AbiWord's text export): the empty cells are known by position and read as blank."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_layout_generator import EXAMPLES, assert_never_wrong, cell_per_line_export, make_case

from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text
from gongkai.report import Cell


def docx2txt_export(rep) -> str:
    """The report as docx2txt prints a DOCX: each paragraph and each cell's text followed by "\\n\\n", an empty
    cell (or a merged cell's covered place) "\\n\\n" alone."""
    lines = cell_per_line_export(rep).split("\n")[:-1]
    return "".join(x + "\n\n" for x in lines)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.randoms(use_true_random=False), st.booleans())
def test_empty_cells_between_the_empty_lines_of_docx2txt_are_blank_cells(rng, blank_rules):
    rep, _ = make_case(rng, blank_rows=True)
    if blank_rules:
        for c in ("issued", "repealed", "in_force"):
            rep.cells[("二", "rules", c)] = Cell("blank")
    got = map_document(read_text(docx2txt_export(rep), "docx2txt.txt"))
    assert_never_wrong(rep, got)
    for key, cell in rep.cells.items():
        if key[0] in ("二", "三") and cell.kind in ("number", "blank"):
            assert (got.cells[key].kind, got.cells[key].value) == (cell.kind, cell.value), (key, got.cells[key])


def test_paragraphs_with_an_even_gap_are_not_taken_for_that_export():
    """Two empty lines somewhere (not 1 + 2 per empty cell): not docx2txt's text — empty lines are not cells."""
    rep, _ = make_case(__import__("random").Random(3), blank_rows=True)
    text = docx2txt_export(rep).replace("。\n\n", "。\n\n\n", 1)
    raw = read_text(text, "x.txt")
    assert not any(getattr(b, "blank_cells_before", 0) for b in raw.blocks)
    assert_never_wrong(rep, map_document(raw))

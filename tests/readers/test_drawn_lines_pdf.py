"""PDFs whose tables are ruled by lines drawn one by one (issue 11: a drawing library's ``line()`` calls, no
rectangles; rows with many blank cells — tests/drawn_lines_pdf.py writes them): the drawn lines are the grid, a
blank cell is blank, every number in its cell; a table whose only value row is drawn with every cell empty
(table 四 of an office without cases) is read blank, not missed (no false 错误 C02).  The reports are
consistent; the expected cells come from the generator."""

from __future__ import annotations

import dataclasses
import itertools
import random

from drawn_lines_pdf import DrawStyle, draw_style, drawn_pdf
from hypothesis import example, given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values
from test_layout_generator import ALL_CELLS, TITLE, Completeness, score
from text_classes import blank_legal_case

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.pdf import read_pdf

from .test_table_placements import sparse_report

UNREAD_SAID = {"P01", "P03", "P07", "C02", "C03", "C08"}
FALSE_ERRORS = {"C01", "C02", "C03", "C05", "C08", "P08"}  # 错误 a misreading of a consistent report would give


def _check(rep, got) -> None:
    said = {n.code for n in got.notes} | {f.code for f in audit(got)}
    for key in ALL_CELLS:
        a, b = rep.cells[key], got.cells.get(key)
        if b is not None and b.kind == "number":
            assert a.kind == "number" and a.value == b.value, (key, a.kind, a.value, b.raw)
        elif b is not None and b.kind == "blank":
            assert a.kind == "blank", (key, a.kind, a.value)
        else:
            assert said & UNREAD_SAID, (key, a.kind, b)


@settings(max_examples=16, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([0.0, 1.5, 2.5]), st.booleans())
@example(957563, 0.0, False)  # sparse table 三 without its outer border: its total column outside the grid (C03)
def test_tables_ruled_by_drawn_lines_are_read_by_their_cells(seed, short, horizontal_only):
    rng = random.Random(seed)
    rep = blank_legal_case(rng) if rng.random() < 0.5 else sparse_report(rng)
    style = dataclasses.replace(draw_style(rng), short=short, horizontal_only=horizontal_only)
    got = map_document(read_pdf(drawn_pdf(rep, style), "drawn.pdf"))
    _check(rep, got)
    assert not {f.code for f in audit(got) if f.severity == "error"} & FALSE_ERRORS


@settings(max_examples=24, deadline=None)
@given(st.integers(0, 10**6), st.booleans(), st.sampled_from([0.0, 1.5]))
@example(1014, True, 0.0)  # rows 4 and 5 of 三's （三） printed blank under rows-only rules: one "group cell" (C03)
def test_short_per_cell_segments_without_an_outer_border_never_misread(seed, horizontal_only, short):
    """The fresh tester's class (issue 11): every cell's sides drawn as short segments of their own, no outer
    border, at times rules between the rows only — never a wrong number, never a false C03 (a total mismatch
    from a misread), nor a false C02 for a table 四 printed all blank under rows-only rules."""
    rng = random.Random(seed)
    rep = blank_legal_case(rng) if rng.random() < 0.5 else sparse_report(rng)
    style = dataclasses.replace(draw_style(rng), per_cell=True, outer=False, short=short,
                                horizontal_only=horizontal_only)
    got = map_document(read_pdf(drawn_pdf(rep, style), "drawn.pdf"))
    _check(rep, got)
    assert not {f.code for f in audit(got) if f.severity == "error"} & FALSE_ERRORS


def test_drawn_tables_are_read_whole():
    """Over fixed seeds and styles, at least 99.5% of the cells read right, none wrong, no false 错误."""
    got = Completeness()
    for seed in range(12):
        rng = random.Random(seed)
        rep = blank_legal_case(rng) if seed % 2 else sparse_report(rng)
        score(got, rep, map_document(read_pdf(drawn_pdf(rep, draw_style(rng)), "drawn.pdf")))
    assert got.wrong == 0 and got.false_errors == 0, got
    assert got.share >= 0.995, got


def _all_blank_four(rng):
    values = consistent_values(rng, 3)
    t4 = FORMAT_2021.table("四")
    blanks = [("四", "cases", c.id) for c in t4.columns]
    for key in blanks:
        values.pop(key)
    return report_from_values(values, blanks=blanks, title=TITLE)


def test_a_table_drawn_with_its_value_row_all_empty_is_read_blank():
    """Table 四 printed all blank: read blank under a full grid, and under rules between the rows only (no cell
    drawn; its header then — "结果维持 … 总计" three times, without the group cells when flat — says the table)."""
    for merged, per_cell, horizontal_only in itertools.product((False, True), repeat=3):
        rep = _all_blank_four(random.Random(7))
        style = DrawStyle(per_cell=per_cell, merged=merged, row_h=16.0, horizontal_only=horizontal_only)
        got = map_document(read_pdf(drawn_pdf(rep, style), "drawn.pdf"))
        for c in FORMAT_2021.table("四").columns:
            assert got.cells[("四", "cases", c.id)].kind == "blank", (merged, per_cell, horizontal_only, c.id)
        _check(rep, got)
        assert not {f.code for f in audit(got) if f.severity == "error"} & FALSE_ERRORS


def test_a_grid_drawn_without_its_outer_border_keeps_its_edge_columns():
    """Lines drawn without the table's outer border: the rules' free ends are its sides — the total column
    and the label column are cells of the grid, a blank row is read with all its cells (no false C03
    "缺少以下列：总计"), a blank edge cell does not shift the row's numbers."""
    for seed in range(6):
        for merged in (False, True):
            rng = random.Random(seed)
            rep = sparse_report(rng) if seed % 2 else blank_legal_case(rng)
            style = DrawStyle(per_cell=False, merged=merged, outer=False, row_h=16.0,
                              align=("right", "center")[seed % 2])
            got = map_document(read_pdf(drawn_pdf(rep, style), "drawn.pdf"))
            _check(rep, got)
            assert not {f.code for f in audit(got) if f.severity == "error"} & {"C01", "C02", "C03", "C05", "C08"}

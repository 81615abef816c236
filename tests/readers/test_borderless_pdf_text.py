"""Text of borderless PDFs as pdfminer.six and PyMuPDF print it (issue 11, tester 7's class 1): each cell a line of
its own, a blank cell no line at all, labels wrapped over several lines, and (pdfminer) whole columns printed one
after another.  A row's values are placed only where the relations leave one placement (P14), a block whose
numbers may be printed by rows or by columns is read only when both orders agree; never a wrong number.

Fixtures: tests/fixtures/text/borderless_pdf (README there: real pdfminer.six / PyMuPDF output of PDFs LibreOffice
printed from generated Word tables without rules; expected.json the generated reports' cells)."""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_layout_generator import ALL_CELLS, tab_text
from text_classes import blank_legal_case

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.split import block_orders, block_with_blanks
from gongkai.readers.text import read_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "borderless_pdf"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
READ_FAIL = {"C02", "C03", "C08", "P08"}  # a table left unread is an error by design (C08): never a false number


def _check(got, want: dict[str, str]) -> int:
    """Asserts no cell read otherwise than printed; returns the cells read right."""
    right = 0
    for key in ALL_CELLS:
        w, g = want["/".join(key)], got.cells.get(key)
        if g is None:
            continue
        if g.kind == "number":
            assert w not in ("", "blank") and str(g.value) == w, (key, g.raw, w)
            right += 1
        elif g.kind == "blank":
            assert w == "", (key, w)
            right += 1
    return right


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("b*.txt")))
def test_borderless_pdf_text_never_reads_a_wrong_number(name):
    got = map_document(read_text((FIXTURES / name).read_text(encoding="utf-8"), name))
    right = _check(got, EXPECTED[name.split(".")[0]])
    assert not {f.code for f in audit(got) if f.severity == "error"} - READ_FAIL
    seed = int(name[1:].split(".")[0])
    if name.endswith("pymupdf.txt") and seed % 2 == 0:  # no blank cell: each row's cells one a line, in order
        assert right == len(ALL_CELLS), right  # (the label "3." ⏎ "“" ⏎ "危及三安全一稳" ⏎ "”" ⏎ "定" too)


def test_table_two_printed_column_by_column_is_no_row_reading():
    """pdfminer prints 规章 / 行政规范性文件's numbers column by column ("2 1 0 0 3 1" for 2 0 3 / 1 0 1): with no
    relation in table 二 to tell the orders apart, neither is taken (it used to be read by rows: 4 wrong cells)."""
    got = map_document(read_text((FIXTURES / "b5.pdfminer.txt").read_text(encoding="utf-8"), "b5"))
    for row in ("rules", "normative_documents"):
        for col in ("issued", "repealed", "in_force"):
            assert got.cells[("二", row, col)].kind != "number"


def test_block_orders_by_columns_within_runs_of_rows_with_the_same_columns():
    t2 = FORMAT_2021.table("二")
    rows = [t2.row(r) for r in ("rules", "normative_documents", "licensing", "penalty")]
    cols = [[c.id for c in t2.columns_of(r)] for r in rows]
    got = block_orders(rows, cols, "2 1 0 0 3 1 7 8".split())
    assert got["columns"][("rules", "repealed")] == "0" and got["columns"][("normative_documents", "issued")] == "1"
    assert got["columns"][("licensing", "decisions")] == "7" and got["rows"][("rules", "repealed")] == "1"
    one = [t2.row("licensing"), t2.row("penalty")]
    assert list(block_orders(one, [["decisions"], ["decisions"]], ["1", "2"])) == ["rows"]
    t3 = FORMAT_2021.table("三")
    r3 = t3.printed_rows[:2]
    assert block_with_blanks(t3, r3, [[c.id for c in t3.columns_of(r)] for r in r3], ["1"] * 13) is not None


# ----------------------------------------------------------------------------- generator: PyMuPDF-style text
def pymupdf_text(rep, width: int) -> str:
    """A report as PyMuPDF prints a borderless table: every cell's text a line (a label wrapped every ``width``
    characters), a blank cell no line at all, table 三's group labels left out (they are merged cells)."""
    out = []
    for line in tab_text(rep):
        if "\t" not in line:
            out.append(line)
            continue
        cells = line.split("\t")
        if len(cells) == 10:  # table 三: group, subgroup, label, then seven values
            labels = [c for c in cells[:3] if c]
            cells = [labels[-1] if labels else "", *cells[3:]]
        for c in cells:
            if c.strip():
                out += textwrap.wrap(c, width) or [c]
    return "\n".join(out) + "\n"


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), width=st.sampled_from([9, 11, 40]))
def test_pymupdf_style_text_is_read_where_certain_and_never_wrong(seed, width):
    rng = random.Random(seed)
    rep = blank_legal_case(rng)
    want = {"/".join(k): (str(c.value) if c.kind == "number" else "" if c.kind == "blank" else c.kind)
            for k, c in rep.cells.items()}
    got = map_document(read_text(pymupdf_text(rep, width), "g.txt"))
    _check(got, want)
    assert not {f.code for f in audit(got) if f.severity == "error"} - READ_FAIL

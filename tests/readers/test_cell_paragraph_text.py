"""Text converters that print a table one cell a paragraph (issue 11, tester 7's class 2): odt2txt and mammoth's
raw text print each cell followed by an empty line, an empty cell as an empty paragraph (one more empty line pair)
or — a cell without a paragraph, mammoth's Markdown — nothing at all.  Where the empty lines mark every blank
cell the table is read, blanks where they stand; where some blank cells left no line (whole blank columns, or
blanks printed one way here and another there) a row is read only where the relations leave one placement, else
unread — never a number moved into another column.

Fixtures: tests/fixtures/text/mammoth (README there: real mammoth 1.13.0 output of generated DOCX reports)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_layout_generator import ALL_CELLS, tab_text
from text_classes import blank_legal_case

from gongkai.audit import audit
from gongkai.readers.mapping import map_document
from gongkai.readers.text import _markdown_unescaped, read_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "mammoth"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def _wrong(got, want: dict[str, str]) -> list:
    """Cells read as a number other than printed, or read blank where a number is printed."""
    out = []
    for key in ALL_CELLS:
        w, g = want["/".join(key)], got.cells.get(key)
        if g is not None and g.kind == "number" and str(g.value) != w:
            out.append((key, g.raw, w))
        if g is not None and g.kind == "blank" and w != "":
            out.append((key, "(blank)", w))
    return out


def _right(got, want: dict[str, str]) -> int:
    n = 0
    for key in ALL_CELLS:
        w, g = want["/".join(key)], got.cells.get(key)
        n += g is not None and ((g.kind == "number" and str(g.value) == w) or (g.kind == "blank" and w == ""))
    return n


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("m*.txt")))
def test_mammoth_text_is_never_misread(name):
    got = map_document(read_text((FIXTURES / name).read_text(encoding="utf-8"), name))
    want = EXPECTED[name.split(".")[0]]
    assert not _wrong(got, want)
    assert not [f for f in audit(got) if f.severity == "error"]
    if name.endswith(".raw.txt"):  # every empty cell an empty paragraph: read whole
        assert _right(got, want) == len(ALL_CELLS)


def test_markdown_escaped_numbers_are_read_whole():
    """mammoth's Markdown escapes "3324.77" as "3324\\.77": it was read as 3324."""
    name = "m4.markdown.txt"
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert "\\." in text
    got = map_document(read_text(text, name))
    assert str(got.cells[("二", "administrative_fees", "amount_10k_yuan")].value) == \
        EXPECTED["m4"]["二/administrative_fees/amount_10k_yuan"]
    assert _markdown_unescaped("行政事业性收费\n3324\\.77\n1\\. 属于\n| a\\|b |") == "行政事业性收费\n3324.77\n1. 属于\n| a\\|b |"
    assert _markdown_unescaped("C:\\Users\\x \\.y") == "C:\\Users\\x \\.y"  # no escaped number: as it is


def odt2txt(rep, blanks: str, rng: random.Random) -> str:
    """A report as odt2txt prints it: each paragraph and each table cell followed by an empty line; an empty cell
    an empty paragraph ("lines"), nothing ("missing"), or either at random ("mixed"); table 四's group labels
    (merged header cells) each once."""
    out: list[str] = []
    for line in tab_text(rep):
        if "\t" not in line:
            if line.strip():
                out += [line, ""]
            continue
        cells = line.split("\t")
        if len(cells) == 15 and cells[:2] == ["结果维持", "结果纠正"]:
            out += ["行政复议", "", "行政诉讼", "", "未经复议直接起诉", "", "复议后起诉", ""]
        for c in cells:
            if c.strip():
                out += [c, ""]
            elif blanks == "lines" or (blanks == "mixed" and rng.random() < 0.5):
                out += ["", ""]
    return "\n".join(out) + "\n"


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6), blanks=st.sampled_from(["lines", "missing", "mixed"]))
def test_odt2txt_style_text_never_moves_a_number(seed, blanks):
    rng = random.Random(seed)
    rep = blank_legal_case(rng)
    want = {"/".join(k): (str(c.value) if c.kind == "number" else "" if c.kind == "blank" else c.kind)
            for k, c in rep.cells.items()}
    got = map_document(read_text(odt2txt(rep, blanks, rng), "o.txt"))
    assert not _wrong(got, want)
    assert not [f for f in audit(got) if f.severity == "error"]
    if blanks == "lines":
        assert _right(got, want) >= 0.98 * len(ALL_CELLS)


@pytest.mark.parametrize("seed", [2, 18, 19])
def test_blank_cells_printed_one_way_here_and_another_there_are_not_read_shifted(seed):
    """Seeds where a row with a blank cell that left no line, padded with the empty lines after it, read its
    numbers one column to the left (308 wrong cells in 20 reports before)."""
    rng = random.Random(seed)
    rep = blank_legal_case(rng)
    want = {"/".join(k): (str(c.value) if c.kind == "number" else "" if c.kind == "blank" else c.kind)
            for k, c in rep.cells.items()}
    got = map_document(read_text(odt2txt(rep, "mixed", rng), "o.txt"))
    assert not _wrong(got, want)

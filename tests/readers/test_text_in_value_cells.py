"""Text typed in a value cell of a table whose cells are set apart (tabs, HTML cells): "O" for 0, "十", "?", "–3",
"O0" in a row's first value cell was taken for a part of the row's label, and every number after it moved one
column left (规章<TAB>O<TAB>0<TAB>5 read 本年制发 0, 本年废止 5).  Such a cell is a value cell holding no number:
unread, its text kept and reported (C05 「O」不是数字); the other cells stay in their columns."""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from office_helpers import consistent_values, report_from_values  # noqa: E402
from test_layout_generator import ALL_CELLS, tab_text  # noqa: E402

from gongkai.audit import audit  # noqa: E402
from gongkai.readers.html import read_html  # noqa: E402
from gongkai.readers.mapping import map_document  # noqa: E402
from gongkai.readers.text import read_text  # noqa: E402
from gongkai.report import Cell  # noqa: E402
from gongkai.readers.markdown import read_markdown  # noqa: E402
from gongkai.writers import write_html, write_markdown  # noqa: E402

JUNK = ("O", "十", "?", "–3", "O0", "暂无", "x", "零", "o")
SAMPLE = (Path(__file__).parents[2] / "src" / "gongkai" / "samples" / "sample-report-2023.txt").read_text(encoding="utf-8")
#: every value cell (table 四's one row has no label: a text in its first cell is no label either)
LABELLED = list(ALL_CELLS)


def _read(text: str):
    return map_document(read_text(text, "t.txt"))


def _c05_about(rep, raw: str) -> list[str]:
    return [f.message for f in audit(rep) if f.code == "C05" and f"“{raw}”" in f.message]


def test_letter_o_in_table_two_first_value_cell():
    got = _read(SAMPLE.replace("规章\t0\t0\t0", "规章\tO\t0\t5"))
    cells = {c: got.cells[("二", "rules", c)] for c in ("issued", "repealed", "in_force")}
    assert (cells["issued"].kind, cells["issued"].raw) == ("unreadable", "O")
    assert (cells["repealed"].kind, cells["repealed"].value) == ("number", 0)
    assert (cells["in_force"].kind, cells["in_force"].value) == ("number", 5)
    assert _c05_about(got, "O"), "the letter O is reported"


def test_letter_o_under_natural_person_in_table_three():
    text = SAMPLE.replace("\t（一）予以公开\t\t5\t0", "\t（一）予以公开\t\tO\t0")
    assert text != SAMPLE
    got = _read(text)
    assert got.cells[("三", "granted", "natural_person")].kind == "unreadable"
    assert got.cells[("三", "granted", "natural_person")].raw == "O"
    assert got.cells[("三", "granted", "other_org")].value == 0
    assert got.cells[("三", "granted", "total")].value == 5
    assert not [f for f in audit(got) if f.code == "R303" and "予以公开" in f.message and "其他」列" in f.message]


def test_blank_then_text_before_the_values():
    # an empty cell, then text, then a number: the number stays in its own (third) column
    got = _read(SAMPLE.replace("规章\t0\t0\t0", "规章\t\t?\t5"))
    assert got.cells[("二", "rules", "issued")].kind in ("blank", "missing")
    assert got.cells[("二", "rules", "repealed")].raw == "?"
    assert got.cells[("二", "rules", "in_force")].value == 5


def test_label_over_two_cells_still_one_label():
    # a group cell and an item label in cells of their own (table 三) read as before
    got = _read(SAMPLE)
    assert got.cells[("三", "withheld_third_party_rights", "natural_person")].value == 1
    assert got.cells[("三", "unavailable_not_held", "total")].value == 2
    assert not [f for f in audit(got) if f.code == "C05"]


def _junk_report(rng):
    values = consistent_values(rng, rng.choice([3, 60]))
    rep = report_from_values(values)
    junk = {}
    for key in rng.sample(LABELLED, rng.randint(1, 2)):
        # the first value cell of its row at times (the case that moved the row's numbers)
        row_keys = [k for k in LABELLED if k[:2] == key[:2]]
        key = row_keys[0] if rng.random() < 0.6 else key
        junk[key] = rng.choice(JUNK)
        if len(junk) == 1 and len(row_keys) > 1 and rng.random() < 0.2:  # its first two cells at times
            junk[row_keys[1]] = rng.choice(JUNK)
    for key, raw in junk.items():
        rep.cells[key] = Cell("unreadable", None, raw)
    return rep, junk


def _assert_read(expected, got, junk):
    wrong = [(k, expected.cells[k].raw, got.cells[k].raw) for k in ALL_CELLS
             if k in got.cells and got.cells[k].kind == "number"
             and (expected.cells[k].kind != "number" or expected.cells[k].value != got.cells[k].value)]
    assert not wrong, f"wrong numbers: {wrong[:5]}"
    for key, raw in junk.items():
        cell = got.cells.get(key)
        assert cell is not None and cell.kind == "unreadable" and cell.raw == raw, (key, raw, cell)
    said = {f.message for f in audit(got) if f.code == "C05"}
    for raw in set(junk.values()):
        assert any(f"“{raw}”" in m for m in said), (raw, said)


@settings(max_examples=30, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_junk_in_value_cells_tab_separated(rng):
    rep, junk = _junk_report(rng)
    got = map_document(read_text("\n".join(tab_text(rep)) + "\n", "g.txt"))
    _assert_read(rep, got, junk)


@settings(max_examples=30, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_junk_in_value_cells_html(rng):
    rep, junk = _junk_report(rng)
    got = map_document(read_html(write_html(rep).encode("utf-8"), "g.html"))
    _assert_read(rep, got, junk)


@settings(max_examples=30, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_junk_in_value_cells_pipe_table(rng):
    rep, junk = _junk_report(rng)
    got = map_document(read_markdown(write_markdown(rep), "g.md"))
    _assert_read(rep, got, junk)


def test_text_in_table_four_first_cell_is_no_label():
    text = SAMPLE.replace("1\t0\t0\t1\t1\t", "O\t0\t0\t1\t1\t")
    assert text != SAMPLE
    got = _read(text)
    assert got.cells[("四", "cases", "review_upheld")].raw == "O"
    assert got.cells[("四", "cases", "review_corrected")].value == 0
    assert got.cells[("四", "cases", "review_pending")].value == 1
    assert got.cells[("四", "cases", "review_total")].value == 1


@settings(max_examples=15, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_junk_in_value_cells_docx_and_xlsx(rng):
    from gongkai.readers.docx import read_docx
    from gongkai.readers.xlsx import read_xlsx
    from gongkai.writers.docx import write_docx
    from gongkai.writers.xlsx import write_xlsx

    rep, junk = _junk_report(rng)
    with tempfile.TemporaryDirectory() as tmp:
        docx, xlsx = Path(tmp) / "g.docx", Path(tmp) / "g.xlsx"
        write_docx(rep, docx)
        write_xlsx(rep, xlsx)
        _assert_read(rep, map_document(read_docx(str(docx), "g.docx")), junk)
        _assert_read(rep, map_document(read_xlsx(str(xlsx), "g.xlsx")), junk)


def test_a_row_of_text_only_is_a_row_when_its_label_names_one():
    # every value cell text: still the row's cells (unread, reported) …
    got = _read(SAMPLE.replace("规章\t0\t0\t0", "规章\tO\t十\t?"))
    assert [got.cells[("二", "rules", c)].raw for c in ("issued", "repealed", "in_force")] == ["O", "十", "?"]
    # … but a header row of a block after the table's first rows is no row ("信息内容 | 本年收费金额/元"):
    # the fee under it is read in 元
    text = SAMPLE.replace("信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t1.25",
                          "信息内容\t本年收费金额/元\n行政事业性收费\t12500")
    assert text != SAMPLE
    got = _read(text)
    assert got.cells[("二", "administrative_fees", "amount_10k_yuan")].value == Decimal("1.25")

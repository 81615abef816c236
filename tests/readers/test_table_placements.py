"""One-cell-a-line text of a borderless table whose blank cells print nothing (PyMuPDF's plain text, plain
``pdftotext``; issue 11, tester 9: reports with several blanks in a row lost nearly all of table 三): the blanks
are placed by the relations across the whole table (placements.agreed_cells, when the search by open sums runs
out of steps) and a row is read cell by cell — a cell read when every placement of the table under which the
relations hold gives it the same token, the others unread (P01), never a wrong number.

The reports are consistent, with 0s printed blank in several columns (many rows with several blanks in a row);
the expected cells come from the generator."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values
from test_layout_generator import ALL_CELLS, TITLE, tab_text

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.placements import agreed_cells
from gongkai.readers.text import read_text

T3 = FORMAT_2021.table("三")
READ_FAIL = {"C02", "C03", "C08", "P08"}


def sparse_report(rng: random.Random):
    """A consistent report whose table 三 has no applicants in some columns (2–5 of the six), its 0s printed
    blank (all of them or some)."""
    values = consistent_values(rng, rng.choice([3, 12, 60]))
    quiet = rng.sample([c.id for c in T3.columns[:-1]], rng.randint(2, 5))
    for col in quiet:  # a whole column 0: its relations down the column still hold
        for row in T3.printed_rows:
            values[("三", row.id, col)] = 0
    for row in T3.printed_rows:  # each row's 总计 again
        values[("三", row.id, "total")] = sum(values[("三", row.id, c.id)] for c in T3.columns[:-1])
    blank_share = rng.choice([1.0, 0.6])
    blanks = [k for k in values if k[0] == "三" and values[k] == 0 and rng.random() < blank_share]
    for key in blanks:
        values.pop(key)
    return report_from_values(values, blanks=blanks, title=TITLE)


def one_cell_a_line(rep, width: int | None = None) -> str:
    """Every cell's text on a line of its own, a blank cell no line, table 三's group cells left out (PyMuPDF's
    plain text of a borderless table; plain pdftotext printing each row's label and then its values)."""
    out = []
    for line in tab_text(rep):
        if "\t" not in line:
            out.append(line)
            continue
        cells = line.split("\t")
        if len(cells) == 10:
            labels = [c for c in cells[:3] if c]
            cells = [labels[-1] if labels else "", *cells[3:]]
        for c in cells:
            if c.strip():
                out += [c[i:i + width] for i in range(0, len(c), width)] if width else [c]
    return "\n".join(out) + "\n"


def _check(rep, got) -> int:
    """No cell read otherwise than printed, every unread cell of 三 said (P01); the cells read right."""
    right = 0
    said = {n.code for n in got.notes}
    for key in ALL_CELLS:
        a, b = rep.cells[key], got.cells.get(key)
        if b is not None and b.kind == "number":
            assert a.kind == "number" and a.value == b.value, (key, a.kind, a.value, b.raw)
            right += 1
        elif b is not None and b.kind == "blank":
            assert a.kind == "blank", (key, a.kind, a.value)
            right += 1
        elif key[0] == "三" and a.kind == "number":
            assert "P01" in said, key
    return right


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([None, 12]))
def test_a_table_of_many_short_rows_is_read_cell_by_cell_and_never_wrong(seed, width):
    rep = sparse_report(random.Random(seed))
    got = map_document(read_text(one_cell_a_line(rep, width), "g.txt"))
    _check(rep, got)
    assert not {f.code for f in audit(got) if f.severity == "error"} - READ_FAIL


def test_the_totals_the_relations_force_are_read():
    """Over fixed seeds: every 总计 of a row whose total is not 0 is read (its row's own sum puts it last, in
    every placement), and more than the totals are read in all."""
    read = totals = 0
    for seed in range(12):
        rep = sparse_report(random.Random(seed))
        got = map_document(read_text(one_cell_a_line(rep), "g.txt"))
        read += _check(rep, got)
        for row in T3.printed_rows:
            a = rep.cells[("三", row.id, "total")]
            if a.kind == "number" and a.value:
                b = got.cells[("三", row.id, "total")]
                assert b.kind == "number" and b.value == a.value, (seed, row.id, b.kind, b.raw)
                totals += 1
    assert read > totals + 12 * 40  # (tables 一, 二, 四 and 五 are read whole: 40+ cells a report)


def _share(terms, cand):
    total = 0
    for j, sign in terms:
        if cand[j] is None:
            return None
        total += sign * (int(cand[j]) if cand[j] else 0)
    return total


def test_agreed_cells_by_hand():
    """Two rows of two cells, the second the sum of the first down a column: row 0 prints "5" (two
    placements), row 1 prints "5" (two): the relation col0(r0) = col0(r1), col1(r0) = col1(r1) holds in
    two ways — nothing agreed; row 1 printed whole ("5", "") pins row 0."""
    cands = [[("5", ""), ("", "5")], [("5", ""), ("", "5")]]
    across = [{0: [(0, 1)], 1: [(0, -1)]}, {0: [(1, 1)], 1: [(1, -1)]}]
    assert agreed_cells(cands, across, _share) == (None, None, None, None)
    cands[1] = [("5", "")]
    assert agreed_cells(cands, across, _share) == ("5", "", "5", "")
    cands[1] = [("7", "")]
    assert agreed_cells(cands, across, _share) == ()
    assert agreed_cells([[("5", ""), ("", "5")]] * 2, across, _share, work=1) is None


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["0", "1", "2", "3", "5"]), min_size=2, max_size=9))
def test_own_placements_are_the_combinations_the_row_relations_let_through(toks):
    """Table 四's fifteen cells, each group's 总计 the sum of its four: placed cell by cell, the placements are
    those of every combination that the group relations let through, in the same order."""
    import itertools

    from gongkai.readers.placements import own_placements

    own = [[(g * 5 + j, 1) for j in range(4)] + [(g * 5 + 4, -1)] for g in range(3)]
    want = []
    for at in itertools.combinations(range(15), len(toks)):
        cells = [""] * 15
        for k, tok in zip(at, toks):
            cells[k] = tok
        if all(_share(t, cells) == 0 for t in own):
            want.append(tuple(cells))
    assert own_placements(toks, 15, own, _share, 10_000) == want
    assert len(want) <= 1 or own_placements(toks, 15, own, _share, len(want) - 1) is None


# ----------------------------------------------------------------------------- all labels first, then the values
def plain_block(rep, order: str) -> str:
    """The report as plain ``pdftotext`` prints it (test_layout_generator.plain_text), every table in ``order``
    ("labels_then_rows": all the labels, then every value row by row, a blank cell no line)."""
    from test_layout_generator import LABEL_CELLS, plain_table

    titles = {s.title: s.number for s in FORMAT_2021.sections}
    out: list[str] = []
    section, block = None, []
    rng = random.Random(0)

    def flush():
        if block:
            out.extend(plain_table(block, LABEL_CELLS[section], order, rng, wrap=False))
            block.clear()

    for line in tab_text(rep):
        if line in titles:
            flush()
            section = titles[line]
            out.append(line)
        elif "\t" in line and section in LABEL_CELLS:
            block.append(line.split("\t"))
        else:
            flush()
            if line.strip():
                out.append(line)
    flush()
    return "\n".join(out) + "\n"


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(["labels_then_rows", "labels_then_columns"]))
def test_a_block_of_many_blanks_after_its_labels_is_read_where_certain_and_never_wrong(seed, order):
    rep = sparse_report(random.Random(seed))
    got = map_document(read_text(plain_block(rep, order), "g.txt"))
    _check(rep, got)


def test_a_block_printed_row_by_row_reads_the_totals_its_rows_force():
    """All labels first, then the values row by row (many blanks: the search cell by cell runs out of steps):
    the rows as runs of the values, placed by the relations across the table — over fixed seeds, table 三's
    总计 read in most reports, none wrong."""
    forced = 0
    for seed in range(8):
        rep = sparse_report(random.Random(seed))
        got = map_document(read_text(plain_block(rep, "labels_then_rows"), "g.txt"))
        _check(rep, got)
        forced += all(got.cells[("三", r.id, "total")].kind in ("number", "blank") for r in T3.printed_rows)
    assert forced >= 4

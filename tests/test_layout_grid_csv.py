"""Layout generator, three more converters' layouts (issue 11, outside tester T12): random consistent reports
rendered as

- pandoc grid tables (``-t plain`` / ``-t markdown`` / rst): ``+---+`` borders, the header row under a ``+===+``
  separator, alignment colons in a rule (``+:===:+``), labels wrapped over lines of a cell;
- a spreadsheet saved as CSV (LibreOffice): every row as wide as the sheet, a blank cell an empty field, an
  empty row between tables, the narrative as one-field rows — as ``.csv`` and as comma-separated ``.txt``;
- pandas ``DataFrame.to_html`` of the sheet: each section's tables one ``<table class="dataframe">``, its first
  row the header (an empty header cell "Unnamed: N"), every empty cell "NaN" (a blank cell and a merged cell's
  covered place alike);

and read back: every cell equal (a blank blank), never a wrong number, no 错误 on a consistent report.
"""

from __future__ import annotations

import csv
import html
import io
import random
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from test_layout_generator import (  # noqa: E402
    ALL_CELLS,
    EXAMPLES,
    Completeness,
    _display_width,
    _pad,
    _read_right,
    _wrap_display,
    assert_never_wrong,
    make_case,
    score,
    tab_blocks,
)

from gongkai.audit import audit  # noqa: E402
from gongkai.format import FORMAT_2021  # noqa: E402
from gongkai.readers.html import read_html  # noqa: E402
from gongkai.readers.mapping import map_document  # noqa: E402
from gongkai.readers.markdown import read_markdown  # noqa: E402
from gongkai.readers.text import read_text  # noqa: E402

SECTION_TITLES = {s.title for s in FORMAT_2021.sections}



# -- pandoc grid tables

def _rule(widths: list[int], ch: str, rng: random.Random, colons: bool) -> str:
    """A border: ``+`` at each column edge, ``ch`` between; with ``colons`` each column's alignment marked as
    pandoc marks it (``:---``, ``---:``, ``:---:``, or none)."""
    parts = []
    for w in widths:
        seg = [ch] * (w + 2)
        if colons:
            left, right = rng.choice([(True, False), (False, True), (True, True), (False, False)])
            if left:
                seg[0] = ":"
            if right:
                seg[-1] = ":"
        parts.append("".join(seg))
    return "+" + "+".join(parts) + "+"


def _span_rule(widths: list[int], spanned: list[bool]) -> str:
    """A rule between two rows where the columns ``spanned`` go on in a cell merged over both rows: spaces
    between edges there, a rule elsewhere; ``+`` where a rule meets an edge, ``|`` between two spanned parts."""
    out = "|" if spanned[0] else "+"
    for k, w in enumerate(widths):
        out += (" " if spanned[k] else "-") * (w + 2)
        last = k == len(widths) - 1
        out += ("|" if spanned[k] else "+") if last else ("|" if spanned[k] and spanned[k + 1] else "+")
    return out


def grid_table(rows: list[list[str]], rng: random.Random) -> list[str]:
    """A table as pandoc prints a grid table: every row between rules, a cell's text wrapped over lines when
    its column is narrower (labels only, never a number), a blank cell as spaces; the first row a header under
    a ``+===+`` separator (alignment colons in it at times), or no header and the colons in the top rule; at
    times a group's label merged down over its sub-rows' empty label cells (rowspan: no rule under it there)."""
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    widths = []
    for k in range(ncols):
        longest = max(_display_width(r[k]) for r in rows)
        numeric = max((_display_width(r[k]) for r in rows if r[k][:1].isdigit()), default=0)
        cap = rng.choice([longest, longest, 10, 16, 24])
        widths.append(max(numeric, min(longest, max(cap, 4)), 2))
    header = rng.random() < 0.7
    colons = rng.random() < 0.7
    merge = rng.random() < 0.5
    first_body = 1 if header else 0
    # a label column: no cell of the body is a number there
    label_cols = [k for k in range(ncols)
                  if not any(r[k][:1].isdigit() or r[k] in ("/", "-", "—", "－") for r in rows[first_body:])]

    def lines_of(row):
        cells = [_wrap_display(c, widths[k]) for k, c in enumerate(row)]
        height = max(len(c) for c in cells)
        return ["|" + "|".join(" " + _pad(c[h] if h < len(c) else "", widths[k], "left") + " "
                               for k, c in enumerate(cells)) + "|" for h in range(height)]

    open_span = [False] * ncols  # a label cell above in this column that an empty cell below may go on
    out = [_rule(widths, "-", rng, colons and not header)]
    for i, row in enumerate(rows):
        out += lines_of(row)
        if header and i == 0:
            out.append(_rule(widths, "=", rng, colons))
            continue
        for k in range(ncols):
            open_span[k] = merge and k in label_cols and (bool(row[k]) or open_span[k])
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        spanned = [nxt is not None and open_span[k] and not nxt[k] for k in range(ncols)]
        for k in range(ncols):
            open_span[k] = spanned[k]
        out.append(_span_rule(widths, spanned) if any(spanned) else _rule(widths, "-", rng, False))
    return out


def pandoc_grid(rep, rng: random.Random, markdown: bool = False) -> str:
    out: list[str] = []
    for kind, item in tab_blocks(rep):
        if kind == "table":
            out += grid_table(item, rng) + [""]
        else:
            out += [("## " if markdown and item in SECTION_TITLES else "") + item, ""]
    return "\n".join(out) + "\n"


# -- a spreadsheet saved as CSV

def sheet_rows(rep, rng: random.Random) -> list[list[str]]:
    """The report as a spreadsheet's rows: each paragraph a row of one cell, each table's rows, an empty row
    between tables at times (always after the narrative's tables end), every row as wide as the sheet."""
    blocks = tab_blocks(rep)
    width = max(len(r) for kind, item in blocks if kind == "table" for r in item) + rng.randint(0, 3)
    rows: list[list[str]] = []
    for kind, item in blocks:
        if kind == "table":
            if rng.random() < 0.5 and rows and any(rows[-1]):
                rows.append([])
            rows += [list(r) for r in item]
            if rng.random() < 0.7:
                rows.append([])
        else:
            rows.append([item])
    return [r + [""] * (width - len(r)) for r in rows]


def sheet_csv(rep, rng: random.Random) -> str:
    buf = io.StringIO()
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_NONNUMERIC])
    csv.writer(buf, quoting=quoting, lineterminator="\n").writerows(
        [[int(c) if quoting == csv.QUOTE_NONNUMERIC and c.isdigit() else c for c in r]
         for r in sheet_rows(rep, rng)])
    return buf.getvalue()


# -- pandas DataFrame.to_html of the sheet

def dataframe_html(rep, rng: random.Random) -> str:
    """Each section's tables (their captions as rows) as one DataFrame printed by ``to_html(index=False)``:
    the first row its header ("Unnamed: N" for an empty one), every empty cell "NaN" — a covered place of a
    merged cell (a caption row, a narrower sub-table's row) as much as a blank cell."""
    body: list[str] = ["<html><body>"]
    pending: list[list[str]] = []
    dataframe_class = rng.random() < 0.8

    def flush():
        if not pending:
            return
        width = max(len(r) for r in pending)
        rows = [r + [""] * (width - len(r)) for r in pending]
        head = "".join(f"<th>{html.escape(c) if c else f'Unnamed: {k}'}</th>" for k, c in enumerate(rows[0]))
        cls = ' class="dataframe"' if dataframe_class else ""
        out = [f'<table border="1"{cls}>', "  <thead>", '    <tr style="text-align: right;">', f"      {head}",
               "    </tr>", "  </thead>", "  <tbody>"]
        for r in rows[1:]:
            out += ["    <tr>"] + [f"      <td>{html.escape(c) if c else 'NaN'}</td>" for c in r] + ["    </tr>"]
        body.extend(out + ["  </tbody>", "</table>"])
        pending.clear()

    blocks = tab_blocks(rep)
    for i, (kind, item) in enumerate(blocks):
        if kind == "table":
            pending.extend(item)
        elif item not in SECTION_TITLES and i + 1 < len(blocks) and blocks[i + 1][0] == "table" \
                and len(item) <= 20:
            pending.append([item])  # a table's caption ("第二十条第（五）项"): a row of the sheet
        else:
            flush()
            body.append(f"<h2>{html.escape(item)}</h2>" if item in SECTION_TITLES else f"<p>{html.escape(item)}</p>")
    flush()
    return "\n".join(body + ["</body></html>"])


LAYOUTS = {
    "grid_plain": lambda rep, rng: read_text(pandoc_grid(rep, rng), "g.txt"),
    "grid_markdown": lambda rep, rng: read_markdown(pandoc_grid(rep, rng, markdown=True), "g.md"),
    "csv": lambda rep, rng: read_text(sheet_csv(rep, rng), "g.csv"),
    "csv_as_txt": lambda rep, rng: read_text(sheet_csv(rep, rng), "g.txt"),
    "dataframe_html": lambda rep, rng: read_html(dataframe_html(rep, rng).encode("utf-8"), "g.html"),
}


def _check(layout: str, rep, rng) -> None:
    got = map_document(LAYOUTS[layout](rep, rng))
    assert_never_wrong(rep, got)
    errors = [f.message for f in audit(got) if f.severity == "error"]
    assert not errors, errors
    bad = [(k, rep.cells[k].raw, got.cells[k].raw if k in got.cells else None)
           for k in ALL_CELLS if not _read_right(rep.cells[k], got.cells.get(k))]
    assert not bad, (bad[:5], [n.message for n in got.notes][:5])


def cases():
    return st.randoms(use_true_random=False).map(lambda rng: make_case(rng, blank_rows=True))


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=cases(), markdown=st.booleans())
def test_pandoc_grid_tables_read_every_cell(case, markdown):
    """The row after a ``+:===:+`` header separator is read (it came back blank), blank cells blank."""
    rep, rng = case
    _check("grid_markdown" if markdown else "grid_plain", rep, rng)


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=cases(), txt=st.booleans())
def test_spreadsheet_csv_reads_blank_cells_by_their_fields(case, txt):
    """A sheet-wide CSV: an empty field is a blank cell of its column, the sheet's empty fields after a table's
    last column are not cells (a row with a blank cell was left unread as glued digits)."""
    rep, rng = case
    _check("csv_as_txt" if txt else "csv", rep, rng)


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=cases())
def test_pandas_dataframe_html_nan_cells_are_empty(case):
    """"NaN" cells of a pandas table are empty: 表二's "行政许可 | 60 | NaN | NaN" reads 60."""
    rep, rng = case
    _check("dataframe_html", rep, rng)


def test_completeness_of_these_layouts():
    """Over 40 fixed seeds per layout: every cell right, none wrong, no false 错误."""
    for layout in LAYOUTS:
        out = Completeness()
        for seed in range(40):
            rep, rng = make_case(random.Random(seed), blank_rows=True)
            score(out, rep, map_document(LAYOUTS[layout](rep, rng)))
        assert out.wrong == 0 and out.false_errors == 0 and out.share == 1.0, f"{layout}: {out}"

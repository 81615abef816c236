"""Exports a clerk opens in Excel or WPS: text typed by applicants stays text.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab/CR) is a formula to a spreadsheet program, so
an applicant's "=HYPERLINK(…)" in an online application would run on the clerk's machine (CSV/formula
injection, OWASP).  CSV: such text gets a leading apostrophe, which the spreadsheet hides; XLSX: the cell
is written as a string, never as a formula.  Numbers and dates are untouched.

Speed: a row costs the same whatever the sheet's length (no look-up of the sheet's last row, which openpyxl
computes by scanning every cell); :func:`xlsx_bytes` streams the rows in openpyxl's write-only mode.
"""

from __future__ import annotations

import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """``value`` for a CSV cell: text that a spreadsheet would read as a formula gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _row_cells(ws, values) -> list:
    """``values`` with every str that openpyxl would take for a formula replaced by a string cell."""
    row = list(values)
    for i, v in enumerate(row):
        if isinstance(v, str) and v.startswith(FORMULA_START):
            from openpyxl.cell import Cell
            cell = Cell(ws, row=1, column=1, value=v)  # placed by ws.append (normal and write-only sheets)
            cell.data_type = "s"
            row[i] = cell
    return row


def append_row(ws, values) -> None:
    """Append ``values`` to the openpyxl worksheet ``ws`` (normal or write-only), every str as a plain
    string cell.  Constant time per row."""
    ws.append(_row_cells(ws, values))


def xlsx_bytes(title: str, header, rows) -> bytes:
    """An .xlsx with one sheet ``title``: ``header`` then ``rows``, every str a plain string cell.
    Written in openpyxl's write-only mode (rows streamed, no cell objects kept)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    append_row(ws, header)
    for values in rows:
        append_row(ws, values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

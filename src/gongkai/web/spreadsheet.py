"""Exports a clerk opens in Excel or WPS: text typed by applicants stays text.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab/CR) is a formula to a spreadsheet program, so
an applicant's "=HYPERLINK(…)" in an online application would run on the clerk's machine (CSV/formula
injection, OWASP).  CSV: such text gets a leading apostrophe, which the spreadsheet hides; XLSX: the cell
is written as a string, never as a formula.  Numbers and dates are untouched.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """``value`` for a CSV cell: text that a spreadsheet would read as a formula gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def append_row(ws, values) -> None:
    """Append ``values`` to the openpyxl worksheet ``ws``, every str as a plain string cell."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"

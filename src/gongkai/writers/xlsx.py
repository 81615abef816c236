"""XLSX writer (openpyxl): one worksheet per table, merged header cells as in the template.

Numbers are stored as numbers (件 as int, 万元 as a decimal number), a blank or missing
cell stays an empty cell, a not-applicable cell holds its mark ("/" when none was
printed), unreadable/ambiguous cells hold the printed text.  The sheet is laid out by
:mod:`gongkai.writers.layout`, so the merged ranges are those of the official template.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..report import AnnualReport
from .layout import Grid, layout, report_title

SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(title: str) -> str:
    return title.translate(SHEET_NAME_FORBIDDEN)[:31]


def _value(gc):
    cell = gc.cell
    if cell is None:
        return gc.text or None
    if cell.kind == "number":
        return cell.value  # int or Decimal: openpyxl stores both as numbers
    if cell.kind in ("blank", "missing"):
        return None
    if cell.kind == "not_applicable":
        return cell.raw or "/"
    return cell.raw or None


def _fill_sheet(ws, grid: Grid) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="333333")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="F3F3F3")
    for gc in grid.cells:
        cell = ws.cell(row=gc.top + 1, column=gc.left + 1)
        cell.value = _value(gc)
        if gc.role == "value":
            cell.alignment = Alignment(horizontal="center", vertical="center")
            if gc.cell is not None and gc.cell.kind == "number" and isinstance(gc.cell.value, Decimal):
                places = max(0, -gc.cell.value.as_tuple().exponent)
                cell.number_format = "0." + "0" * places if places else "0"
        else:
            cell.alignment = Alignment(horizontal="left" if gc.role in ("row_header", "corner") else "center",
                                       vertical="center", wrap_text=True)
            cell.font = Font(bold=gc.role in ("caption", "column_header"))
            if gc.role != "row_header":
                cell.fill = head_fill
        for r in range(gc.top, gc.top + gc.rowspan):
            for c in range(gc.left, gc.left + gc.colspan):
                ws.cell(row=r + 1, column=c + 1).border = border
        if gc.rowspan > 1 or gc.colspan > 1:
            ws.merge_cells(start_row=gc.top + 1, start_column=gc.left + 1,
                           end_row=gc.top + gc.rowspan, end_column=gc.left + gc.colspan)
    from openpyxl.utils import get_column_letter

    for k in range(grid.n_cols):
        ws.column_dimensions[get_column_letter(k + 1)].width = 30 if k < grid.label_cols and \
            k == grid.label_cols - 1 else (14 if k < grid.label_cols else 11)
    if grid.header_rows and min(grid.header_rows) == 0 and grid.label_cols:
        n_head = 0
        while n_head in grid.header_rows:
            n_head += 1
        ws.freeze_panes = ws.cell(row=n_head + 1, column=grid.label_cols + 1)


def write_xlsx(report: AnnualReport, path: str | Path) -> Path:
    """Write the report's tables to ``path`` (.xlsx); returns the path.

    Sheets are named after the table titles ("二、主动公开政府信息情况" …); the workbook
    title is the report's title.  Raises OSError when the file cannot be written.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = report_title(report)
    wb.properties.creator = "gongkai"
    for table in report.format.tables:
        ws = wb.create_sheet(_sheet_name(table.title))
        _fill_sheet(ws, layout(report, table))
    path = Path(path)
    wb.save(path)
    return path

"""XLSX writer (openpyxl): a sheet "正文" with the text, then one worksheet per table.

The sheet :data:`TEXT_SHEET` ("正文") holds the report's title, preamble and the six
sections' titles and paragraphs, one paragraph per row in column A, so a workbook read
back (:func:`gongkai.readers.xlsx.read_xlsx`) has the sections an audit looks for.
The tables follow, one sheet each, merged header cells as in the template.

Numbers are stored as numbers (件 as int, 万元 as a decimal number), a blank or missing
cell stays an empty cell, a not-applicable cell holds its mark ("/" when none was
printed), unreadable/ambiguous cells hold the printed text.  The sheet is laid out by
:mod:`gongkai.writers.layout`, so the merged ranges are those of the official template.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..report import AnnualReport
from .layout import Grid, front_matter, layout, report_title, section_blocks

TEXT_SHEET = "正文"

SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(title: str) -> str:
    return title.translate(SHEET_NAME_FORBIDDEN)[:31]


def _value(gc):
    cell = gc.cell
    if cell is None:
        return gc.text or None
    if cell.kind == "number":
        return cell.value  # int or Decimal: openpyxl stores both as numbers
    if cell.kind in ("blank", "missing", "ambiguous"):  # no known number: left empty
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
        if isinstance(cell.value, str):
            cell.data_type = "s"  # printed text such as "=HYPERLINK(…)" stays text, never a formula
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


def _fill_text_sheet(ws, report: AnnualReport) -> None:
    """Title, preamble, then per section its title and paragraphs: one paragraph per row, column A."""
    from openpyxl.styles import Alignment, Font

    agency_line, title, preamble = front_matter(report)
    rows: list[tuple[str, str]] = [(agency_line, "title")] if agency_line else []
    rows += [(title, "title")] + [(t, "") for t in preamble]
    for _number, title, paragraphs, _table in section_blocks(report):
        rows.append((title, "heading"))
        rows += [(p.strip(), "") for p in paragraphs if p.strip()]
    for r, (text, role) in enumerate(rows, 1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.data_type = "s"  # a paragraph such as "12" or "=…" stays text, never a number or formula
        cell.alignment = Alignment(wrap_text=True, vertical="top",
                                   horizontal="center" if role == "title" else "general")
        if role:
            cell.font = Font(bold=True, size=16 if role == "title" else 12)
    ws.column_dimensions["A"].width = 100


def write_xlsx(report: AnnualReport, path: str | Path) -> Path:
    """Write the report to ``path`` (.xlsx); returns the path.

    The first sheet, "正文", holds the text; the table sheets are named after the table titles ("二、主动公开政府信息情况" …); the workbook
    title is the report's title.  Raises OSError when the file cannot be written.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = report_title(report)
    wb.properties.creator = "gongkai"
    _fill_text_sheet(wb.create_sheet(TEXT_SHEET), report)
    for table in report.format.tables:
        ws = wb.create_sheet(_sheet_name(table.title))
        _fill_sheet(ws, layout(report, table))
    path = Path(path)
    wb.save(path)
    return path

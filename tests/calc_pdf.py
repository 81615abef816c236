"""Workbooks as offices lay them out in LibreOffice Calc and print them to PDF (issue 11, the fresh tester's class:
~80% of cells read): our XLSX writer's sheets re-laid with openpyxl — a narrow label column whose labels wrap onto
two or three lines around the row's numbers (the first line above the numbers' baseline, the last below), the
labels at the top, centre or bottom of their cells, merged label cells, some blank cells, the text sheet kept or
dropped, pages upright or turned, the table fitted to the page width or printed over several pages as Calc
splits it (a merged cell across a page split is printed in each part).  ``calc_pdf`` converts with
``soffice --headless --convert-to pdf``.

Nothing here asserts: tests/readers/test_calc_pdf.py reads the PDFs back.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class CalcStyle:
    label_width: float = 30.0  # the last label column's width in characters (ours: 30)
    value_width: float = 11.0
    valign: str = "center"  # the labels' vertical alignment
    halign: str = "center"  # the values'
    landscape: bool = True
    fit_width: bool = True  # the sheet scaled to one page wide (else Calc splits it over pages)
    text_sheet: bool = True
    font_size: float = 11.0
    borders: bool = True
    fit_rows: bool = True  # each row as high as its wrapped label (as Calc sizes a row typed in); else every
    # row at the default height and a label wrapped over more lines spills over its neighbours' cells


def calc_style(rng: random.Random) -> CalcStyle:
    return CalcStyle(label_width=rng.choice([8.0, 10.0, 12.0, 16.0, 30.0]), value_width=rng.choice([8.0, 9.0, 11.0]),
                     valign=rng.choice(["center", "top", "bottom"]), halign=rng.choice(["center", "right", "general"]),
                     landscape=rng.random() < 0.5, fit_width=rng.random() < 0.6,
                     font_size=rng.choice([9.0, 10.0, 11.0, 12.0]), borders=rng.random() < 0.8,
                     fit_rows=rng.random() < 0.7)


def calc_workbook(rep, style: CalcStyle, path: Path) -> Path:
    """``rep`` written by our XLSX writer, then re-laid as ``style`` says."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Border, Font
    from openpyxl.utils import get_column_letter

    from gongkai.writers.xlsx import TEXT_SHEET, write_xlsx

    write_xlsx(rep, path)
    wb = load_workbook(path)
    if not style.text_sheet:
        del wb[TEXT_SHEET]
    for ws in wb.worksheets:
        if ws.title == TEXT_SHEET:
            continue
        ws.freeze_panes = None
        firsts = [next((c.column for c in row if isinstance(c.value, (int, float)) or hasattr(c.value, "as_tuple")),
                       None) for row in ws.iter_rows()]
        label_cols = max(1, min((f for f in firsts if f), default=2) - 1)  # columns left of the first number
        for k in range(1, ws.max_column + 1):
            letter = get_column_letter(k)
            if k < label_cols:
                ws.column_dimensions[letter].width = min(8.0, style.label_width)
            elif k == label_cols:
                ws.column_dimensions[letter].width = style.label_width
            else:
                ws.column_dimensions[letter].width = style.value_width
        widths = {}  # a label's cell → its width in characters (a merged cell one row high: its columns')
        for rng_ in ws.merged_cells.ranges:
            if rng_.min_row == rng_.max_row:
                widths[(rng_.min_row, rng_.min_col)] = sum(
                    ws.column_dimensions[get_column_letter(k)].width for k in range(rng_.min_col, rng_.max_col + 1))
            else:  # a group cell down several rows: no one row's height
                widths[(rng_.min_row, rng_.min_col)] = None
        for row in ws.iter_rows():
            for cell in row:
                if cell.coordinate in ws.merged_cells and cell.value is None:
                    continue
                cell.font = Font(size=style.font_size, bold=cell.font.b if cell.font else False)
                if not style.borders:
                    cell.border = Border()
                if isinstance(cell.value, str) and cell.column <= label_cols:
                    cell.alignment = Alignment(horizontal="left", vertical=style.valign, wrap_text=True)
                elif cell.value is not None and not isinstance(cell.value, str):
                    cell.alignment = Alignment(horizontal=style.halign, vertical="center")
            lines = max((_wrapped_lines(c.value, widths.get((c.row, c.column),
                                                            ws.column_dimensions[get_column_letter(c.column)].width))
                         for c in row if isinstance(c.value, str) and widths.get((c.row, c.column), 1)), default=1)
            ws.row_dimensions[row[0].row].height = lines * style.font_size * 1.35 + 3 if style.fit_rows else None
        ws.page_setup.orientation = "landscape" if style.landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        if style.fit_width:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
    wb.save(path)
    return path


def _wrapped_lines(text: str, width: float) -> int:
    """About how many lines Calc wraps ``text`` into in a column ``width`` characters wide (a Chinese character
    two digits wide; rounded up, a row a little higher than it needs)."""
    import math

    wide = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return max(1, math.ceil(wide / max(1.0, width - 1.5)))


def calc_pdf(rep, style: CalcStyle) -> bytes:
    """``rep`` as a workbook laid out by ``style`` and printed to PDF by LibreOffice Calc."""
    from gongkai.writers.pdf import convert_with_soffice

    with tempfile.TemporaryDirectory(prefix="gk-calc-") as tmp:
        path = calc_workbook(rep, style, Path(tmp) / "r.xlsx")
        return convert_with_soffice(path, "pdf", Path(tmp)).read_bytes()

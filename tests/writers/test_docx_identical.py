"""The DOCX tables built from cells fetched once (issue #16) are byte-for-byte those python-docx's own
``table.cell(r, c)`` look-ups built: every part of the package except the timestamps in docProps/core.xml,
on the seed report, the shipped sample and corpus reports of both formats."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import corpus_file

from gongkai.cli import sample_path
from gongkai.readers import read_report
from gongkai.writers import docx as docx_writer


def _reference_add_table(document, grid):
    """add_table as it was before issue #16 (each position looked up with ``table.cell``)."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = docx_writer._column_widths_mm(grid)
    for k, w in enumerate(widths):
        table.columns[k].width = Mm(w)
        for cell in table.columns[k].cells:
            cell.width = Mm(w)
    n_head = 0
    while n_head in grid.header_rows and not any(c.role == "caption" for c in grid.cells):
        n_head += 1
    for y in range(n_head):
        docx_writer._mark_header_row(table.rows[y])
    value_pt = docx_writer._value_font_pt(grid, min(widths[grid.label_cols:] or widths))
    for gc in grid.cells:
        cell = table.cell(gc.top, gc.left)
        if gc.rowspan > 1 or gc.colspan > 1:
            cell = cell.merge(table.cell(gc.top + gc.rowspan - 1, gc.left + gc.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        p = cell.paragraphs[0]
        p.text = ""
        pf = p.paragraph_format
        pf.first_line_indent = None
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pf.space_before = pf.space_after = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if gc.role in ("row_header", "corner") else WD_ALIGN_PARAGRAPH.CENTER
        if gc.text:
            r = p.add_run(gc.text)
            docx_writer._set_fonts(r, docx_writer.TABLE_FONT, value_pt if gc.role == "value" else 10)
    return table


def _parts(report) -> dict[str, bytes]:
    buf = io.BytesIO()
    docx_writer.build_document(report).save(buf)
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("source", ["sample", "seed/2023_hulin_abei_xiang.txt", "real/2019_shanghai-szfbgt.html",
                                    "real/2024_huaian-shi.txt"])
def test_docx_tables_are_identical_to_those_built_with_table_cell(source, monkeypatch):
    path = sample_path() if source == "sample" else corpus_file(source)
    report = read_report(path)
    ours = _parts(report)
    monkeypatch.setattr(docx_writer, "add_table", _reference_add_table)
    reference = _parts(report)
    assert ours.keys() == reference.keys()
    for name in ours:
        assert ours[name] == reference[name], name
    assert b"<w:gridSpan" in ours["word/document.xml"] and b"<w:vMerge" in ours["word/document.xml"]

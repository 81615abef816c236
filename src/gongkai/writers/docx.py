"""DOCX writer (python-docx): the report as an official document (公文) page.

Page and type follow GB/T 9704-2012 《党政机关公文格式》: A4, margins top 37 mm,
bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号 (22 pt), centred; body
仿宋_GB2312 三号 (16 pt), first-line indent of two characters, fixed 28 pt line spacing;
section headings 黑体 三号; page numbers 4 号 (14 pt) 宋体 "— 1 —" in the footer, odd pages
on the right and even pages on the left (§7.5).  The fonts
are named as agencies have them installed; each is given a fallback (w:altName and a
font family in the font table) so a machine without it substitutes a font of the same kind
(LibreOffice renders them with Noto Serif/Sans CJK).

Tables are laid out by :mod:`gongkai.writers.layout` and have the merged cells of the
official template ``national-format-2021-blank.docx``: table 二 as one 4-column table with a
caption row per 第二十条 block, table 三 with the 勾稽关系 note in the 3×3 top-left cell and
the row groups merged vertically, table 四 with 行政复议 / 行政诉讼 over their sub-groups.
Table text is 宋体 10 pt, as in the template.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from ..report import AnnualReport
from .layout import Grid, front_matter, layout, report_title, section_blocks

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# font → (altName, w:family) written to the font table so a missing font is substituted in kind
FALLBACKS = {
    TITLE_FONT: ("宋体", "roman"),
    BODY_FONT: ("仿宋", "modern"),
    HEADING_FONT: ("SimHei", "swiss"),
    TABLE_FONT: ("SimSun", "roman"),
}
TEXT_WIDTH_MM = 210 - 28 - 26


def _set_fonts(rpr_owner, east_asia: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Set the Latin and East Asian font of a run or style, dropping theme font references."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = rpr_owner.font
    font.name = LATIN_FONT
    if size_pt is not None:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr() if hasattr(rpr_owner.element, "get_or_add_rPr") else \
        rpr_owner._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _font_table_fallbacks(document) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:  # pragma: no cover - python-docx's default template has a font table
        return
    root = etree.fromstring(part.blob)
    for name, (alt, family) in FALLBACKS.items():
        font = etree.SubElement(root, f"{{{W}}}font")
        font.set(f"{{{W}}}name", name)
        etree.SubElement(font, f"{{{W}}}altName").set(f"{{{W}}}val", alt)
        etree.SubElement(font, f"{{{W}}}charset").set(f"{{{W}}}val", "86")  # GB2312
        etree.SubElement(font, f"{{{W}}}family").set(f"{{{W}}}val", family)
        etree.SubElement(font, f"{{{W}}}pitch").set(f"{{{W}}}val", "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_setup(document) -> None:
    from docx.shared import Mm

    for s in document.sections:
        s.page_width, s.page_height = Mm(210), Mm(297)
        s.top_margin, s.bottom_margin = Mm(37), Mm(35)
        s.left_margin, s.right_margin = Mm(28), Mm(26)
        s.footer_distance = Mm(21)  # GB/T 9704: page number 7 mm below the type area


def _language(document) -> None:
    """Document language: Latin en-US, East Asian zh-CN (python-docx's template says en-US for both).

    Word and LibreOffice choose the glyphs of CJK punctuation and of characters whose forms differ
    by region (辶, 骨, 直) and the proofing language from ``w:lang/@w:eastAsia``.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def child(parent, tag):
        el = parent.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            parent.append(el)
        return el

    lang = child(child(child(document.styles.element, "w:docDefaults"), "w:rPrDefault"), "w:rPr")
    lang = child(lang, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _styles(document) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    _set_fonts(normal, BODY_FONT, 16)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    pf.space_before = pf.space_after = Pt(0)
    for name in ("Title", "Heading 1"):
        st = document.styles[name]
        _set_fonts(st, TITLE_FONT if name == "Title" else HEADING_FONT, 22 if name == "Title" else 16, bold=False)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.italic = False
        spf = st.paragraph_format
        spf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spf.line_spacing = Pt(36 if name == "Title" else 28)
        spf.space_before = Pt(0)
        spf.space_after = Pt(14 if name == "Title" else 0)
        spf.first_line_indent = None if name == "Title" else Pt(32)
        spf.keep_with_next = True
        # the built-in Title style draws a rule under the text; the official page has none
        ppr = st.element.get_or_add_pPr()
        for el in ppr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"):
            ppr.remove(el)


def _page_number_paragraph(p, odd: bool) -> None:
    """"— 1 —": 4 号 (14 pt) 宋体 digits between 一字线; odd pages on the right, even pages on the
    left, one character (14 pt) in from the edge (GB/T 9704-2012 §7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.right_indent = Pt(14) if odd else Pt(0)
    pf.left_indent = Pt(0) if odd else Pt(14)

    def run(text=""):
        r = p.add_run(text)
        _set_fonts(r, TABLE_FONT, 14)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._r.append(fc)
        elif text == " PAGE ":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            r._r.append(it)
        else:
            r.text = text
    run(" —")


def _page_number_footer(document) -> None:
    """Page numbers in odd and even footers (``w:evenAndOddHeaders``): GB/T 9704-2012 §7.5
    puts 单页码 on the right and 双页码 on the left, each 空一字 from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    for s in document.sections:
        for footer, odd in ((s.footer, True), (s.even_page_footer, False)):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            _page_number_paragraph(p, odd)


# A digit is half an em in Times New Roman and its metric twin Liberation Serif, but 0.64 em in DejaVu
# Serif, which LibreOffice substitutes where neither is installed: size for the wider, so a 4-digit
# count never wraps into "228/7" whatever fonts the converting machine has.
DIGIT_MM_PER_PT = 0.64 * 0.3528
CELL_PADDING_MM = 3.8  # Word's default left + right cell margins (0.19 cm each)


def _value_font_pt(grid: Grid, width_mm: float) -> float:
    """10 pt like the template, smaller (down to 7 pt) when the longest value would wrap."""
    longest = max((len(c.text) for c in grid.cells if c.role == "value"), default=1)
    fits = (width_mm - CELL_PADDING_MM) / (max(1, longest) * DIGIT_MM_PER_PT)
    return max(7.0, min(10.0, fits))


def _column_widths_mm(grid: Grid) -> list[float]:
    n_values = grid.n_cols - grid.label_cols
    if any(c.role == "caption" for c in grid.cells) or not grid.label_cols:
        return [TEXT_WIDTH_MM / grid.n_cols] * grid.n_cols
    longest = max((len(c.text) for c in grid.cells if c.role == "value"), default=1)
    needed = longest * 10 * DIGIT_MM_PER_PT + CELL_PADDING_MM + 0.5
    value_w = min(max(11.0, needed), 12.5, TEXT_WIDTH_MM * 0.6 / n_values)  # longer numbers get a smaller font
    label_total = TEXT_WIDTH_MM - value_w * n_values
    # the template's label columns: 754 and 921 twips (13 and 16 mm), the last one takes the rest
    firsts = [13.0, 16.0][:grid.label_cols - 1] + [16.0] * max(0, grid.label_cols - 3)
    labels = firsts + [label_total - sum(firsts)]
    return labels + [value_w] * n_values


def _mark_header_row(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def grid_cells(table) -> list[list]:
    """The ``_Cell`` of every grid position of a table without spans (as ``add_table`` creates it), built once.

    python-docx's ``table.cell(r, c)`` and ``table.columns[k].cells`` rebuild the whole grid on every call,
    which made a report's three tables cost seconds.  The ``w:tc`` elements of a new table are its grid;
    merging keeps the top-left ``w:tc`` of each merged region and the cells outside it, so the positions a
    later (non-overlapping) merge or write starts from still hold the elements listed here.
    """
    from docx.table import _Cell

    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def add_table(document, grid: Grid):
    """Append ``grid`` as a Word table with the template's merged cells; returns the table."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    cells = grid_cells(table)
    widths = _column_widths_mm(grid)
    for k, w in enumerate(widths):
        table.columns[k].width = Mm(w)
        for row in cells:
            row[k].width = Mm(w)
    n_head = 0
    while n_head in grid.header_rows and not any(c.role == "caption" for c in grid.cells):
        n_head += 1
    for y in range(n_head):
        _mark_header_row(table.rows[y])
    value_pt = _value_font_pt(grid, min(widths[grid.label_cols:] or widths))
    # The paragraph and run properties of the first cell of each (alignment, size) kind, made by python-docx;
    # the later cells of that kind get copies (python-docx's property setters search the children on every
    # call).  A copy is used only on a paragraph without properties, which is all a new table has.
    made: dict[tuple, tuple] = {}
    for gc in grid.cells:
        cell = cells[gc.top][gc.left]
        if gc.rowspan > 1 or gc.colspan > 1:
            # what ``cell.merge(bottom_right)`` does once it has validated the region (python-docx walks the
            # table for that): the layout's regions are rectangles that do not overlap, with ``cell`` on top left
            cell._tc._grow_to(gc.colspan, gc.rowspan)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        # a merge leaves one empty paragraph per merged cell; keep one
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        p = cell.paragraphs[0]
        p.text = ""
        align = WD_ALIGN_PARAGRAPH.LEFT if gc.role in ("row_header", "corner") else WD_ALIGN_PARAGRAPH.CENTER
        size = value_pt if gc.role == "value" else 10
        kind = (align, size, bool(gc.text))
        if kind in made and p._p.pPr is None:
            ppr, rpr = made[kind]
            p._p.insert(0, deepcopy(ppr))
            if gc.text:
                p.add_run(gc.text)._r.insert(0, deepcopy(rpr))
            continue
        fresh = p._p.pPr is None
        pf = p.paragraph_format
        pf.first_line_indent = None
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pf.space_before = pf.space_after = Pt(0)
        p.alignment = align
        r = None
        if gc.text:
            r = p.add_run(gc.text)
            _set_fonts(r, TABLE_FONT, size)
        if fresh:
            made[kind] = (deepcopy(p._p.pPr), deepcopy(r._r.rPr) if r is not None else None)
    return table


def build_document(report: AnnualReport):
    """The report as a python-docx ``Document`` (not saved)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    _page_setup(document)
    _styles(document)
    _language(document)
    _font_table_fallbacks(document)
    _page_number_footer(document)
    document.core_properties.title = report_title(report)
    document.core_properties.author = report.agency or ""
    agency_line, title_text, preamble = front_matter(report)
    if agency_line:  # printed above the title, as the source did
        agency = document.add_paragraph(agency_line, style="Title")
        agency.alignment = WD_ALIGN_PARAGRAPH.CENTER
        agency.paragraph_format.space_after = 0
    title = document.add_paragraph(title_text, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for t in preamble:
        document.add_paragraph(t).paragraph_format.first_line_indent = _indent()
    for _number, heading, paragraphs, table in section_blocks(report):
        document.add_paragraph(heading, style="Heading 1")
        for p in paragraphs:
            if p.strip():
                document.add_paragraph(p.strip()).paragraph_format.first_line_indent = _indent()
        if table is not None:
            add_table(document, layout(report, table))
            document.add_paragraph()
    return document


def _indent():
    from docx.shared import Pt

    return Pt(32)  # two characters of 16 pt


def write_docx(report: AnnualReport, path: str | Path) -> Path:
    """Write the report to ``path`` (.docx); returns the path.  Raises OSError when it cannot be written."""
    path = Path(path)
    build_document(report).save(str(path))
    return path


__all__ = ["add_table", "build_document", "grid_cells", "write_docx"]

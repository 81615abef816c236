"""Generator of the text classes issue 11's tester found still unread (plain ``pdftotext``, ``pdftotext -raw``,
``pdftotext -layout`` and pdfplumber's ``extract_text`` of LibreOffice PDFs): a consistent report whose 法人
columns of table 三 and whose table 四 hold blank cells (a blank group of 四 at times), printed as a flat Word
table — one label column, ruled or borderless, the label column normal or narrow (labels wrapped over 3–5
lines), a page header and footer (a row cut by a page break) — converted by LibreOffice and extracted.

Used by tools/measure_text_classes.py (per class, cells read before/after) and tests/readers/test_text_classes.py.
"""

from __future__ import annotations

import io
import pickle
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from office_helpers import consistent_values, report_from_values
from test_layout_generator import TITLE, tab_text

from gongkai.format import FORMAT_2021
from gongkai.report import Cell

T3 = FORMAT_2021.table("三")
LEGAL = [c.id for c in T3.columns][1:6]  # 商业企业 … 其他
T4_GROUPS = ("review", "lawsuit_direct", "lawsuit_after_review")
T4_RESULTS = ("upheld", "corrected", "other_result", "pending", "total")
EXTRACTORS = ("plain", "raw", "layout", "plumber", "plumber-layout")
# "chromium": the report's HTML (tests/pdf_layouts.py: our writer's tables, labels split as real tables print
# them, a drawn print style — rules all, none, horizontal or outer, narrow or wide label columns, page breaks,
# footers) printed by Chromium, as users print a web page's table; the other classes are LibreOffice prints
CHROMIUM_CLASSES = ("chromium",)


def blank_legal_case(rng: random.Random, group_blank: bool | None = None):
    """A consistent report whose 0s in table 三's 法人 columns are printed blank (all of them or some), whose
    table 四 leaves 0s blank at times and, with ``group_blank``, one whole group blank (its cases none)."""
    values = consistent_values(rng, rng.choice([0, 2, 3, 12]))
    # an office with few 法人 applicants: most 法人 cells 0
    for col in LEGAL:
        if rng.random() < 0.6:
            for row in T3.printed_rows:
                values[("三", row.id, col)] = 0
    for row in T3.printed_rows:  # the 总计 again
        values[("三", row.id, "total")] = sum(values[("三", row.id, c.id)] for c in T3.columns[:-1])
    share = rng.choice([1.0, 1.0, 0.7, 0.4])
    blanks = [("三", r.id, c) for r in T3.printed_rows for c in LEGAL
              if values[("三", r.id, c)] == 0 and rng.random() < share]
    if group_blank is None:
        group_blank = rng.random() < 0.5
    if group_blank:
        g = rng.choice(T4_GROUPS)
        for r in T4_RESULTS:
            values[("四", "cases", f"{g}_{r}")] = 0
        blanks += [("四", "cases", f"{g}_{r}") for r in T4_RESULTS]
    if rng.random() < 0.5:
        blanks += [k for k, v in values.items() if k[0] == "四" and v == 0 and k not in blanks
                   and rng.random() < share]
    for key in blanks:
        values.pop(key, None)
    return report_from_values(values, blanks=blanks, title=TITLE)


def four_printed_blank(rep):
    """``rep`` with every cell of table 四 printed blank (an office without a review or lawsuit case that leaves
    the row empty rather than print 0s); the report stays consistent."""
    for c in FORMAT_2021.table("四").columns:
        rep.cells[("四", "cases", c.id)] = Cell("blank")
    return rep


@dataclass
class Style:
    ruled: bool = True
    label_mm: float = 62.0  # the label column; 15–22 mm wraps a long label over 3–5 lines
    size_pt: float = 10.5
    header_footer: bool = True
    tall_rows: bool = False  # more space in a row: more rows cut by page breaks


def draw_style(rng: random.Random, cls: str) -> Style:
    if cls == "borderless":
        return Style(ruled=False, label_mm=rng.choice([55.0, 62.0, 70.0]), size_pt=rng.choice([9.0, 10.5]))
    if cls == "narrow":
        return Style(ruled=rng.random() < 0.7, label_mm=rng.choice([16.0, 18.0, 20.0, 24.0]),
                     size_pt=rng.choice([9.0, 10.5, 12.0]))
    if cls == "pagebreak":
        return Style(ruled=True, label_mm=rng.choice([22.0, 30.0, 40.0]), size_pt=rng.choice([12.0, 14.0]),
                     tall_rows=True)
    return Style(ruled=True, label_mm=rng.choice([55.0, 62.0, 70.0]), size_pt=rng.choice([9.0, 10.5]))


def _rows_of(rep) -> list[tuple[str, list[list[str]] | None]]:
    """The report's lines: ("text", None) for a heading or paragraph, (None, rows) for a table of flat rows
    (one label cell then the values; header rows by their last level)."""
    out: list = []
    table: list[list[str]] | None = None
    for line in tab_text(rep):
        if "\t" in line:
            cells = line.split("\t")
            if table is None:
                table = []
                out.append((None, table))
            n_labels = {10: 3, 8: 1, 4: 1, 2: 1}.get(len(cells), 0)
            if len(cells) == 10:  # table 三: group, subgroup, label
                labels = [c for c in cells[:3] if c]
                table.append([labels[-1] if labels else "", *cells[3:]])
            elif len(cells) == 15 or n_labels == 0:
                table.append(cells)
            else:
                table.append(cells)
            continue
        table = None
        if line.strip():
            out.append((line.strip(), None))
    return out


def report_docx(rep, style: Style) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    s = document.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.left_margin = s.right_margin = Mm(25)
    s.top_margin, s.bottom_margin = Mm(30), Mm(25)
    if style.header_footer:
        s.header.paragraphs[0].text = "测试市测试局政府信息公开"
        p = s.footer.paragraphs[0]
        p.add_run("第 ")
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            r = p.add_run()
            if kind:
                fc = OxmlElement("w:fldChar")
                fc.set(qn("w:fldCharType"), kind)
                r._r.append(fc)
            else:
                it = OxmlElement("w:instrText")
                it.text = text
                r._r.append(it)
        p.add_run(" 页")
    normal = document.styles["Normal"]
    normal.font.size = Pt(style.size_pt)
    normal.font.name = "宋体"
    normal.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for text, rows in _rows_of(rep):
        if rows is None:
            document.add_paragraph(text)
            continue
        ncols = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=ncols)
        if style.ruled:
            table.style = document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        one_label = ncols in (2, 4, 8)
        rest = (160.0 - style.label_mm) / max(1, ncols - 1) if one_label else 160.0 / ncols
        widths = [style.label_mm if one_label else rest] + [rest] * (ncols - 1)
        for i, row in enumerate(rows):
            for k in range(ncols):
                cell = table.rows[i].cells[k]
                cell.width = Mm(widths[k])
                text = row[k] if k < len(row) else ""
                p = cell.paragraphs[0]
                p.text = text
                if style.tall_rows:
                    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(6)
        for k, w in enumerate(widths):
            table.columns[k].width = Mm(w)
        document.add_paragraph()
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def convert_all(docx_files: list[Path], outdir: Path) -> None:
    """LibreOffice converts every file in one run (its start is the slow part)."""
    with tempfile.TemporaryDirectory(prefix="gk-lo-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, docx_files)], capture_output=True, timeout=600)


def print_cached(cache: Path, classes: list[str], seeds) -> None:
    """Each class's reports of ``seeds`` printed into ``cache`` (``<class>-<seed>.pdf``, with the report and its
    style pickled beside it), those not printed before: by LibreOffice in one run, or by one Chromium
    (:data:`CHROMIUM_CLASSES`)."""
    todo = []
    printer = None
    for cls in classes:
        for seed in seeds:
            stem = cache / f"{cls}-{seed}"
            if not stem.with_suffix(".pdf").exists():
                rng = random.Random(f"{cls}-{seed}")
                rep = blank_legal_case(rng)
                if cls in CHROMIUM_CLASSES:
                    from pdf_layouts import ChromiumPrinter, report_html
                    from pdf_layouts import draw_style as draw_print_style

                    printer = printer or ChromiumPrinter()
                    style = draw_print_style(rng)
                    stem.with_suffix(".pdf").write_bytes(printer.print_pdf(report_html(rep, rng, style), style,
                                                                           TITLE))
                    stem.with_suffix(".pickle").write_bytes(pickle.dumps((rep, style)))
                    continue
                style = draw_style(rng, cls)
                stem.with_suffix(".docx").write_bytes(report_docx(rep, style))
                stem.with_suffix(".pickle").write_bytes(pickle.dumps((rep, style)))
                todo.append(stem.with_suffix(".docx"))
    if printer is not None:
        printer.close()
    if todo:
        convert_all(todo, cache)


def extract(pdf: Path, how: str) -> str:
    if how in ("plumber", "plumber-layout"):
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            return "\n\f".join(page.extract_text(layout=how == "plumber-layout") or ""
                                for page in doc.pages) + "\n"
    flags = {"plain": [], "raw": ["-raw"], "layout": ["-layout"]}[how]
    return subprocess.run(["pdftotext", *flags, str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


def have_tools() -> bool:
    return bool(shutil.which("soffice") and shutil.which("pdftotext"))

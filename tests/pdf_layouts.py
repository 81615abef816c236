"""PDF layouts for the layout generator (issue 11): a random consistent report printed as a PDF the ways
agencies' PDFs are made, to be read back by :func:`gongkai.readers.pdf.read_pdf`.

Two printers:

* **Chromium** prints our HTML (:func:`gongkai.writers.write_html`, its row labels printed as real tables print
  them and split over ``<br>``/``<p>`` by :func:`test_layout_generator.html_split_labels`) under a drawn
  :class:`PrintStyle`: table rules (all, none, horizontal only, outer border only), label column widths (narrow
  ones that wrap every 2–4 characters, wide ones), fonts (serif, sans, 仿宋/宋体 names that fall back to Noto
  CJK), sizes 9–14 pt, A4 portrait or landscape, margins, prose before the tables (so page breaks fall inside
  them), the header row repeated on every page or not, rows free to break across pages or not, page numbers
  ("— 5 —", "第 5 页") and a running title in the print header and footer, values centred, right or left; and a
  CMS article page (rules "values"): only the value cells ruled, numbers printed with their unit ("2833件") in
  cells so narrow the unit wraps below the number, the page's background and the article's box printed.
  One Playwright browser prints many PDFs (:class:`ChromiumPrinter`); without Playwright ``chromium
  --headless --print-to-pdf`` prints them (without the drawn header and footer).
* **LibreOffice** converts our DOCX (:func:`gongkai.writers.docx.build_document`) perturbed the way a clerk
  edits the template: label column widths, the table font and its size, values aligned apart
  (:func:`perturbed_docx`).

Nothing here asserts: tests/readers/test_pdf_generator.py reads the PDFs back.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from test_layout_generator import html_split_labels

from gongkai.writers.html import STYLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-dev-shm-usage"]

RULES = ("all", "none", "horizontal", "outer")  # and "values": a CMS page (:func:`draw_style`)
FONTS = (
    '"Noto Serif CJK SC", serif',
    '"Noto Sans CJK SC", sans-serif',
    '"仿宋_GB2312", "仿宋", "FangSong", serif',  # not installed: the fallback font prints them
    '"宋体", "SimSun", serif',
    "serif",
    "sans-serif",
)
FILLER = ("本机关坚持以公开为常态、不公开为例外，认真落实政府信息公开各项工作要求，"
          "进一步加强政策解读和回应关切，持续推进决策、执行、管理、服务、结果公开。")
FOOTERS = ("— {n} —", "第 {n} 页", "- {n} -", "第 {n} 页 共 {t} 页", "{n}")


@dataclass(frozen=True)
class PrintStyle:
    """How one PDF is printed by Chromium (drawn by :func:`draw_style`)."""

    rules: str  # "all" ruled, "none" unruled, "horizontal" rules between rows only, "outer" border only
    font: str  # CSS font-family of the tables and text
    size_pt: float  # table font size
    label_em: float  # width of a row's own label column, in characters (2–4: wraps every few characters)
    group_em: float  # width of a group label column ("三、本年度办理结果"), in characters
    value_align: str  # "center", "right", "left"
    landscape: bool
    margin_mm: int
    filler: int  # prose paragraphs before the first section: where the page breaks fall
    repeat_header: bool  # the header rows printed again on every page a table runs on to
    rows_break: bool  # a tall row may break across a page
    footer: str  # "" (none) or a FOOTERS pattern
    running_title: bool  # the report's title in the print header of every page
    # a web page printed as it shows (a CMS article page): the page's grey background and the article's white
    # box behind the tables printed (drawn as filled rectangles around and under every table)
    page_frame: bool = False
    units: bool = False  # each number printed with its unit ("2833件", "47354.33万元"), in value columns so narrow
    # that a number wraps its unit onto a line of its own
    # every label centred in its cell, each line of a wrapped label centred (a Word page printed by WeasyPrint or
    # a browser): lines of a cell start apart, a wide cell's first line far left in the column beside it
    centred: bool = False

    def css(self) -> str:
        border = {"all": "border:1px solid #000",
                  "none": "border:none",
                  "horizontal": "border:none;border-top:1px solid #000;border-bottom:1px solid #000",
                  "outer": "border:none",
                  "values": "border:none"}[self.rules]
        table_border = "border:1.5px solid #000" if self.rules == "outer" else "border:none"
        align = "center" if self.centred else "left"
        return "\n".join([
            f"body{{font-family:{self.font};font-size:{self.size_pt + 2}pt;margin:0}}",
            f".gongkai-report{{font-family:{self.font};max-width:none;line-height:1.5}}",
            ".gongkai-report .gk-table-wrap{overflow:visible}",
            ".gongkai-report p{text-indent:2em;margin:.3em 0}",
            ".gongkai-report h1{font-size:1.5em;text-align:center;font-weight:normal}",
            ".gongkai-report h2{font-size:1.1em;font-weight:normal}",
            f".gongkai-report table{{border-collapse:collapse;font-size:{self.size_pt}pt;line-height:1.3;"
            f"width:100%;{table_border}}}",
            ".gongkai-report caption{text-align:left;padding:.2em 0}",
            f".gongkai-report th,.gongkai-report td{{{border};padding:.15em .3em;font-weight:normal;"
            "vertical-align:middle;text-align:center}",
            f".gongkai-report th[scope=row]{{text-align:{align};width:{self.label_em}em;word-break:break-all}}",
            f".gongkai-report th[scope=rowgroup]{{text-align:{align};width:{self.group_em}em;word-break:break-all}}",
            f".gongkai-report td.gk-value{{text-align:{self.value_align};white-space:nowrap}}",
            ".gongkai-report .gk-corner{font-size:.85em;text-align:left}",
            # table 四's 15 columns: a smaller font in portrait, so five digits fit
            f".gongkai-report #gk-reviews{{font-size:{min(self.size_pt, 9 if not self.landscape else 12)}pt}}",
            "thead{display:%s}" % ("table-header-group" if self.repeat_header else "table-row-group"),
            "tr{break-inside:%s}" % ("auto" if self.rows_break else "avoid"),
        ] + ([".gongkai-report td.gk-value{border:1px solid #000}"] if self.rules == "values" else [])
          + ([".gongkai-report td.gk-value{white-space:normal;min-width:0;width:1.6em}"] if self.units else [])
          + (["*{-webkit-print-color-adjust:exact;print-color-adjust:exact}", "html,body{background:#f0f0f0}",
              ".gk-page{background:#fff;border:1px solid #ccc;margin:6px;padding:10px}"] if self.page_frame else []))


def draw_style(rng: random.Random, rules: str | None = None, centred: bool = False) -> PrintStyle:
    """A print style; ``rules`` "values" prints a CMS article page as it shows: only the value cells ruled (the
    label cells are borderless ``<th>``), numbers with their unit in narrow cells, the page's background and the
    article's box printed behind the tables; ``centred`` every label centred in its cell."""
    narrow = rng.random() < 0.4
    return PrintStyle(
        rules=rules or rng.choice(RULES),
        font=rng.choice(FONTS),
        size_pt=rng.choice([9, 10, 10.5, 11, 12, 14]),
        label_em=rng.choice([2, 3, 4]) if narrow else rng.choice([8, 12, 18]),
        group_em=rng.choice([1, 2, 3]) if narrow else rng.choice([3, 5, 8]),
        value_align=rng.choice(["center", "center", "right", "left"]),
        landscape=rng.random() < 0.25,
        margin_mm=rng.choice([10, 20, 28]),
        filler=rng.choice([0, 0, 3, 8, 14]),
        repeat_header=rng.random() < 0.5,
        rows_break=rng.random() < 0.5,
        footer=rng.choice(("",) + FOOTERS),
        running_title=rng.random() < 0.3,
        page_frame=rules == "values",
        units=rules == "values",
        centred=centred,
    )


def _with_units(fragment: str) -> str:
    """Every number printed with its unit: 件, 万元 in the fee cell."""
    def unit(m):
        text = m.group(2)
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            return m.group(0)
        return f"{m.group(1)}{text}{'万元' if 'amount_10k_yuan' in m.group(1) else '件'}</td>"
    return re.sub(r'(<td class="gk-value"[^>]*>)([^<]*)</td>', unit, fragment)


def report_html(rep, rng: random.Random, style: PrintStyle) -> str:
    """The whole HTML page Chromium prints: our writer's fragment, labels as tables print them, ``style``'s CSS."""
    fragment = html_split_labels(rep, rng).replace(STYLE, style.css())
    if style.units:
        fragment = _with_units(fragment)
    if style.page_frame:
        fragment = f'<div class="gk-page">{fragment}</div>'
    if style.filler:  # prose after the title: moves the page breaks into the tables
        fragment = re.sub(r"(</h1>)", lambda m: m.group(1) + f"<p>{FILLER}</p>" * style.filler, fragment, count=1)
    return f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>{fragment}</body></html>'


def _header_footer(style: PrintStyle, title: str) -> tuple[str, str]:
    box = '<div style="font-size:9pt;width:100%;text-align:center;font-family:serif">{}</div>'
    header = box.format(title) if style.running_title else "<span></span>"
    if not style.footer:
        return header, "<span></span>"
    text = style.footer.format(n='<span class="pageNumber"></span>', t='<span class="totalPages"></span>')
    return header, box.format(text)


class ChromiumPrinter:
    """Prints HTML pages to PDF with one browser (Playwright), or one ``chromium --headless`` run per page."""

    def __init__(self):
        self._pw = self._browser = None
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            return
        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def print_pdf(self, html: str, style: PrintStyle, title: str = "") -> bytes:
        if self._browser is None:
            return self._print_by_command(html)
        width_mm = (297 if style.landscape else 210) - 2 * style.margin_mm
        width_px = round(width_mm / 25.4 * 96)
        page = self._browser.new_page(viewport={"width": width_px, "height": 1000})
        try:
            page.set_content(html, wait_until="load")
            # a table wider than the paper would be cut off at its right edge (no document prints so): the
            # page is printed smaller then, as a browser's "fit to page width" does
            wide = page.evaluate("Math.max(document.documentElement.scrollWidth, "
                                 "...[...document.querySelectorAll('table')].map(t => t.scrollWidth))")
            header, footer = _header_footer(style, title)
            margin = f"{style.margin_mm}mm"
            return page.pdf(format="A4", landscape=style.landscape, print_background=style.page_frame,
                            scale=max(0.1, min(1.0, width_px / max(1, wide) * 0.98)),
                            display_header_footer=bool(style.footer or style.running_title),
                            header_template=header, footer_template=footer,
                            margin={"top": margin, "bottom": margin, "left": margin, "right": margin})
        finally:
            page.close()

    @staticmethod
    def _print_by_command(html: str) -> bytes:
        with tempfile.TemporaryDirectory(prefix="gongkai-gen-") as tmp:
            src, out = Path(tmp) / "g.html", Path(tmp) / "g.pdf"
            src.write_text(html, encoding="utf-8")
            subprocess.run([CHROMIUM, "--headless", *CHROMIUM_ARGS, "--no-pdf-header-footer",
                            f"--print-to-pdf={out}", src.as_uri()], capture_output=True, timeout=120, check=False)
            return out.read_bytes() if out.exists() else b""

    def close(self):
        if self._browser is not None:
            self._browser.close()
            self._pw.stop()


# ----------------------------------------------------------------------------- DOCX → LibreOffice
DOCX_FONTS = ("宋体", "仿宋_GB2312", "黑体", "楷体_GB2312", "Noto Sans CJK SC")


@dataclass(frozen=True)
class DocxStyle:
    label_mm: float  # width of table 三's row-label column (its last label column)
    group_mm: float  # width of its other label columns
    font: str
    size_pt: float
    value_align: str  # "center", "left", "right"

    @staticmethod
    def draw(rng: random.Random) -> DocxStyle:
        narrow = rng.random() < 0.5
        return DocxStyle(label_mm=rng.choice([12, 18]) if narrow else rng.choice([40, 60]),
                         group_mm=rng.choice([8, 10]) if narrow else rng.choice([13, 20]),
                         font=rng.choice(DOCX_FONTS), size_pt=rng.choice([9, 10, 10.5, 12]),
                         value_align=rng.choice(["center", "left", "right"]))


def perturbed_docx(rep, style: DocxStyle):
    """Our DOCX with table 三's label columns resized, the tables' font and size changed, values aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from gongkai.writers.docx import _set_fonts, build_document

    document = build_document(rep)
    align = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
             "right": WD_ALIGN_PARAGRAPH.RIGHT}[style.value_align]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for r in p.runs:
                        _set_fonts(r, style.font, style.size_pt if not r.text.isdigit() else None)
                    if p.text.strip().isdigit():
                        p.alignment = align
    t3 = next(t for t in document.tables if any("申请人情况" in c.text for c in t.rows[0].cells))
    last = t3.rows[-1]
    labels = next(k for k, c in enumerate(last.cells) if c.text.strip().isdigit())
    for row in t3.rows:
        for k in range(labels):
            row.cells[k].width = Mm(style.label_mm if k == labels - 1 else style.group_mm)
    return document

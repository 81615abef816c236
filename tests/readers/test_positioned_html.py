"""A PDF converted to HTML by poppler's ``pdftohtml`` (tester 11: 151 cells lost per producer): every piece of text
is a ``<p style="position:absolute;top:…px;left:…px" class="ftNN">`` and a blank cell prints nothing, so the columns
are only in the coordinates.  Read as the PDF reader reads a page's words (:mod:`gongkai.readers.positioned`).

Two sources, both from random consistent reports with blank cells (whole blank columns and scattered blanks):

* a renderer written here that places the report's text as pdftohtml places a PDF's (a page a ``<div>``, font
  classes defined on the page where the font is first used and named after the page that uses them, wrapped
  labels as ``<br/>`` lines of one element, letter-spaced headers as "商&#160;业&#160;企");
* the real tool on a PDF printed by LibreOffice (``pdftohtml -s``, ``-c``, ``-noframes`` without ``-s`` is flow
  text and not this class; ``-xml``), skipped without LibreOffice or poppler-utils.

Expected cells are the values the reports were made from; a blank cell must stay blank, never a number.
"""

from __future__ import annotations

import html
import random
import shutil
import subprocess

import pytest
from office_helpers import consistent_values, report_from_values
from test_layout_generator import TITLE, tab_text

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers import read_report
from gongkai.readers.positioned import is_positioned

T3 = FORMAT_2021.table("三")
APPLICANTS = [c.id for c in T3.columns if c.id != "total"]


def _blank_report(rng: random.Random):
    """A consistent report with one or two applicant columns of 表三 blank throughout and a few scattered blank
    cells (never a whole row: a row printed without any number is another class)."""
    values = consistent_values(rng, 40)
    blanks = []
    for col in rng.sample(APPLICANTS, rng.randint(1, 2)):
        blanks += [("三", r.id, col) for r in T3.printed_rows]
    scattered = [k for k in values if k[0] in "二四" and k not in blanks]
    blanks += rng.sample(scattered, 3)
    for key in blanks:
        values.pop(key, None)
    return report_from_values(values, blanks=blanks, title=TITLE), values, blanks


def _wrap(text: str, chars: int) -> list[str]:
    return [text[i:i + chars] for i in range(0, len(text), chars)] or [""]


def _spaced(text: str) -> str:
    """A header printed letter-spaced, as pdftohtml prints it: a space between the characters."""
    return "&#160;".join(html.escape(text))


def pdftohtml_page(rep, rng: random.Random) -> str:
    """``rep`` as ``pdftohtml -s -i -noframes`` prints a PDF of it: text elements placed by top/left."""
    size, line_height = 11, 14
    label_x = [60, 120, 180]  # the label columns of 表三 (group, subgroup, row label)
    label_chars = [4, 4, rng.choice([12, 14, 16])]
    value_x0 = 180 + 11 * label_chars[2] + rng.randint(14, 30)
    step = rng.choice([48, 54, 60])
    pages: list[list[str]] = [[]]
    top = 70

    def place(y: int, x: int, lines: list[str], cls: str, spaced=False):
        page = len(pages)
        body = "<br/>".join(_spaced(t) if spaced else html.escape(t) for t in lines)
        name = f"ft{page}{cls}"
        pages[-1].append(f'<p style="position:absolute;top:{y}px;left:{x}px;white-space:nowrap" class="{name}">'
                         f'{body}</p>')

    for line in tab_text(rep):
        if not line.strip():
            continue
        cells = line.split("\t")
        if top > 1150:
            pages.append([])
            top = 70
        if len(cells) == 1:
            for piece in _wrap(line, 44):
                place(top, 70, [piece], "0")
                top += 24
            continue
        if len(cells) == 15:  # 表四: its last header row and its values, one narrow column each
            header = not any(c[:1].isdigit() for c in cells)
            for k, c in enumerate(cells):
                if c:
                    lines = _wrap(c, 2) if header else [c]
                    width = 22 if header else 5.5 * len(c)
                    place(top + 3, int(60 + 50 * k + (50 - width) / 2), lines, "1")
            top += 40
            continue
        # 表二: its label, then its values; 表三: the group, the subgroup and the row's label, then its values
        labels, values = (cells[:1], cells[1:]) if len(cells) <= 4 else (cells[:3], cells[3:])
        wrapped = [_wrap(t, label_chars[k if len(labels) == 3 else 2]) for k, t in enumerate(labels)]
        rows = max(len(w) for w in wrapped)
        height = rows * line_height + 6
        for k, (text, lines) in enumerate(zip(labels, wrapped)):
            if text:
                x = label_x[k] if len(labels) == 3 else label_x[2]
                place(top + (height - len(lines) * line_height) // 2, x, lines, "1")
        header = not any(v[:1].isdigit() for v in values)
        shown = [_wrap(v, 3) if header else [v] for v in values]
        height = max([height] + [len(lines) * line_height + 6 for lines in shown])
        for k, lines in enumerate(shown):
            if lines[0]:
                width = max(len(t) for t in lines) * (11 if header else 5.5)
                y = top + 3 if header else top + (height - line_height) // 2  # headers at the cell's top
                place(y, int(value_x0 + step * k + max(0, step - width) / 2), lines, "1",
                      spaced=header and rng.random() < 0.5)  # a header spread over its cell
        top += height
    out = ['<!DOCTYPE html><html><head><title>/tmp/tmpx/o</title>'
           '<meta name="generator" content="pdftohtml 0.36"/></head><body bgcolor="#A0A0A0">']
    for n, page in enumerate(pages, 1):
        out.append(f'<!-- Page {n} -->\n<a name="{n}"></a>')
        if n == 1:  # the fonts are defined where first used; a later page names them after itself
            out.append('<style type="text/css">\n<!--\n\tp {margin: 0; padding: 0;}'
                       '\t.ft10{font-size:16px;font-family:A+NotoSerifCJKsc;color:#000000;}\n'
                       f'\t.ft11{{font-size:{size}px;line-height:{line_height}px;font-family:A+NotoSerifCJKsc;}}\n'
                       '-->\n</style>')
        out.append(f'<div id="page{n}-div" style="position:relative;width:892px;height:1262px;">')
        page = list(page)
        rng.shuffle(page)  # pdftohtml prints a page's text in its own order, not the reading order
        out += page
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def _check(got, values, blanks, minimum=1.0):
    read = 0
    for key, v in values.items():
        cell = got.cell(*key)
        assert cell.kind != "number" or cell.value == v, (key, v, cell)  # never a wrong number
        read += cell.kind == "number"
    for key in blanks:
        assert got.cell(*key).kind != "number", (key, got.cell(*key))  # a blank cell is never given a number
    assert read >= minimum * len(values), (read, len(values))
    errors = [f for f in audit(got) if f.severity == "error" and f.code != "C01"]
    assert not errors, [f.message for f in errors]


@pytest.mark.parametrize("seed", range(6))
def test_pdftohtml_positioned_text_keeps_blank_columns(tmp_path, seed):
    rng = random.Random(seed)
    rep, values, blanks = _blank_report(rng)
    page = pdftohtml_page(rep, rng)
    assert is_positioned(page)
    path = tmp_path / "o.html"
    path.write_text(page, encoding="utf-8")
    got = read_report(path)
    assert got.year == 2024
    _check(got, values, blanks)


def test_a_web_page_with_a_few_placed_elements_is_read_as_a_web_page():
    page = ("<html><body>" + "".join(f'<div style="position:absolute;top:{10 * k}px;left:5px">菜单{k}</div>'
                                     for k in range(5)) + "<p>正文</p></body></html>")
    assert not is_positioned(page)
    placed_table = ("<html><body>" + "".join(f'<p style="position:absolute;top:{10 * k}px;left:5px">{k}</p>'
                                             for k in range(30)) + "<table><tr><td>1</td></tr></table></body></html>")
    assert not is_positioned(placed_table)  # a page with a real table is read by its tables


needs_tools = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftohtml") is None,
                                 reason="LibreOffice 或 poppler-utils（pdftohtml）未安装")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    from gongkai.writers.pdf import write_pdf

    tmp = tmp_path_factory.mktemp("pdftohtml")
    rep, values, blanks = _blank_report(random.Random(29))
    pdf = write_pdf(rep, tmp / "r.pdf")
    for name, args in (("s", ["-s", "-i", "-noframes"]), ("c", ["-c", "-s", "-i", "-noframes"]), ("x", ["-xml", "-i"])):
        (tmp / name).mkdir()
        subprocess.run(["pdftohtml", *args, "-q", str(pdf), str(tmp / name / "o")], check=True, timeout=120,
                       capture_output=True)
    return tmp, values, blanks


@needs_tools
@pytest.mark.parametrize("name", ["s/o.html", "c/o.html", "x/o.xml"])
def test_pdftohtml_of_a_pdf_is_read_as_the_pdf(printed, name):
    tmp, values, blanks = printed
    got = read_report(tmp / name)
    assert got.year == 2024
    _check(got, values, blanks, minimum=0.95)

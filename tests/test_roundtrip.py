"""Round trip: a valid 2021 report rendered to each office format reads back to the same cells.

Reports are generated with every relation of the format holding (counts int ≥ 0, the fee a
Decimal with ≤ 2 decimals) and some cells blank; blank must come back blank, not 0.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.format import FORMAT_2021
from gongkai.readers.docx import read_docx
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.readers.xlsx import read_xlsx
from gongkai.writers import write_docx, write_html, write_markdown, write_xlsx
from gongkai.writers.pdf import soffice_path

ALL_CELLS = [(t.number, r.id, c.id) for t in FORMAT_2021.tables for r, c in t.cells()]


@st.composite
def reports(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    high = draw(st.sampled_from([0, 3, 60, 5000]))
    values = consistent_values(random.Random(seed), high)
    blanks = draw(st.lists(st.sampled_from(ALL_CELLS), max_size=4, unique=True))
    for key in blanks:
        values.pop(key)
    return report_from_values(values, blanks=blanks)


def assert_same_cells(expected, got):
    diffs = []
    for key in ALL_CELLS:
        a, b = expected.cells[key], got.cells.get(key)
        if b is None or (a.kind, a.value) != (b.kind, b.value):
            diffs.append((key, (a.kind, a.value), (b.kind, b.value) if b else None))
    assert not diffs, diffs[:5]


def _docx(rep):
    with tempfile.TemporaryDirectory() as tmp:
        return read_docx(write_docx(rep, Path(tmp) / "r.docx"))


def _xlsx(rep):
    with tempfile.TemporaryDirectory() as tmp:
        return read_xlsx(write_xlsx(rep, Path(tmp) / "r.xlsx"))


FAST = {
    "html": lambda rep: read_html(write_html(rep).encode("utf-8"), "r.html"),
    "md": lambda rep: read_markdown(write_markdown(rep).encode("utf-8"), "r.md"),
}
SLOW = {"docx": _docx, "xlsx": _xlsx}


@pytest.mark.parametrize("fmt", sorted(FAST))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rep=reports())
def test_html_and_markdown_read_back_to_the_same_cells(fmt, rep):
    assert_same_cells(rep, map_document(FAST[fmt](rep)))


@pytest.mark.parametrize("fmt", sorted(SLOW))
@settings(max_examples=8, deadline=None)
@given(rep=reports())
def test_docx_and_xlsx_read_back_to_the_same_cells(fmt, rep):
    assert_same_cells(rep, map_document(SLOW[fmt](rep)))


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice（soffice）未安装：apt-get install "
                                                    "libreoffice-writer-nogui fonts-noto-cjk")
def test_pdf_rendered_by_libreoffice_reads_back_to_the_same_cells(tmp_path):
    """One PDF (LibreOffice takes seconds): large numbers, a blank, a two-decimal fee."""
    from decimal import Decimal

    from gongkai.readers.pdf import read_pdf
    from gongkai.writers.pdf import write_pdf

    values = consistent_values(random.Random(2024), 60)
    values[("二", "administrative_fees", "amount_10k_yuan")] = Decimal("1234.56")
    blank = ("三", "withheld_state_secret", "research_institution")
    zero = ("三", "withheld_state_secret", "public_interest_org")
    values.pop(blank)
    values[zero] = 0  # the sums no longer hold; the reader must not care
    rep = report_from_values(values, blanks=[blank])
    assert_same_cells(rep, map_document(read_pdf(write_pdf(rep, tmp_path / "r.pdf"))))


HONGZE = "real/2023_huaian-hongze-qu.txt"  # table 三 prints only the subtotal "（六）其他处理 0 0 0 0 0 0 0"


def _read_back(fmt: str, rep, tmp_path):
    from gongkai.readers.pdf import read_pdf
    from gongkai.writers.pdf import write_pdf

    if fmt in FAST:
        return map_document(FAST[fmt](rep))
    if fmt == "pdf":
        if soffice_path() is None:
            pytest.skip("LibreOffice（soffice）未安装：apt-get install libreoffice-writer-nogui fonts-noto-cjk")
        return map_document(read_pdf(write_pdf(rep, tmp_path / "r.pdf")))
    return map_document(SLOW[fmt](rep))


def assert_same_report_cells(expected, got):
    """Every cell the source had (printed rows and printed group subtotals) reads back alike."""
    diffs = [(key, (a.kind, a.value), (got.cells[key].kind, got.cells[key].value) if key in got.cells else None)
             for key, a in expected.cells.items()
             if key not in got.cells or (a.kind, a.value) != (got.cells[key].kind, got.cells[key].value)]
    assert not diffs, diffs[:5]


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "xlsx", "pdf"])
def test_a_printed_group_subtotal_without_its_items_is_rendered_as_the_group_row(fmt, corpus, tmp_path):
    from gongkai.readers import read_report

    rep = read_report(corpus(HONGZE))
    assert rep.value("三", "other_handling", "total") == 0  # the document printed the subtotal row only
    assert rep.cell("三", "other_other", "total").kind == "missing"
    assert_same_report_cells(rep, _read_back(fmt, rep, tmp_path))


@pytest.mark.parametrize("name", [HONGZE, "real/2024_huaian-shi.txt"])
def test_xlsx_round_trip_keeps_the_sections_and_adds_no_findings(name, corpus, tmp_path):
    """The "正文" sheet carries title, preamble and the six sections, so an audit of a gongkai-made
    XLSX finds what the audit of its source found (no C01 "missing section")."""
    from gongkai.audit import audit
    from gongkai.readers import read_report

    rep = read_report(corpus(name))
    got = read_report(write_xlsx(rep, tmp_path / "r.xlsx"))
    assert {n: [p for p, _ in s.paragraphs] for n, s in got.sections.items()} == \
        {n: [p for p, _ in s.paragraphs] for n, s in rep.sections.items()}
    assert {n: s.title for n, s in got.sections.items()} == {n: s.title for n, s in rep.sections.items()}
    assert got.title == rep.title
    before = {(f.code, f.message) for f in audit(rep)}
    assert {(f.code, f.message) for f in audit(got)} - before == set()
    assert_same_report_cells(rep, got)


needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice（soffice）未安装：apt-get install "
                                                                  "libreoffice-writer-nogui fonts-noto-cjk")


@pytest.fixture(scope="module")
def rendered_pdfs(tmp_path_factory):
    """The seed's and 上海 2019's reports rendered to PDF once (LibreOffice takes seconds)."""
    from conftest import corpus_file

    from gongkai.readers import read_report
    from gongkai.writers.pdf import write_pdf

    out = {}
    for name in ("seed/2023_hulin_abei_xiang.txt", "real/2019_shanghai-szfbgt.html"):
        rep = read_report(corpus_file(name))
        out[name] = (rep, write_pdf(rep, tmp_path_factory.mktemp("pdf") / "r.pdf"))
    return out


@needs_soffice
@pytest.mark.parametrize("name", ["seed/2023_hulin_abei_xiang.txt", "real/2019_shanghai-szfbgt.html"])
def test_pdf_blank_cells_keep_their_column_from_the_drawn_table_grid(name, rendered_pdfs):
    """The seed's 行政复议 cells are all blank, 上海 2019's table 三 has columns no row fills:
    read back, every blank stays blank in its own column (carried_forward total 72 stays total)."""
    from gongkai.readers.pdf import read_pdf

    rep, pdf = rendered_pdfs[name]
    got = map_document(read_pdf(pdf))
    assert_same_report_cells(rep, got)
    if name.startswith("real/2019"):
        assert got.value("三", "carried_forward", "total") == 72
        assert got.cell("三", "carried_forward", "legal_service_provider").kind == "blank"
    else:
        assert got.cell("四", "cases", "review_upheld").kind == "blank"


@needs_soffice
def test_pdf_wrapped_table_3_label_is_read_whole_without_p05(rendered_pdfs):
    from gongkai.readers.base import RowBlock
    from gongkai.readers.pdf import read_pdf

    _, pdf = rendered_pdfs["seed/2023_hulin_abei_xiang.txt"]
    raw = read_pdf(pdf)
    labels = [b.cells[0].text for b in raw.blocks if isinstance(b, RowBlock) and b.cells]
    assert "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in labels
    assert "3.其他" in labels
    assert not [n for n in map_document(raw).notes if n.code == "P05"]

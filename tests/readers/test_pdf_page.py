"""The PDF reader reads pages with PDFium (gongkai.readers.pdf_page) but keeps pdfplumber's geometry: the same
words (text and box) and the same ruled-table cells as pdfplumber gives for the same page (issue 16).

Compared on the corpus PDFs (Word/WPS exports with ruled tables, vertical cell labels in a vertical font) and on
a PDF made by gongkai's writer (LibreOffice: fonts whose descriptor gives no ascent or descent).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdf_objects import pdf_file

from gongkai.readers import pdf_page

CORPUS_PDFS = ["pdf/2024_huaian_shizhengfu.pdf", "pdf/2024_huaian-hongze-qu.pdf"]


def _pdfplumber_pages(data: bytes):
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in page.extract_words()
                     if w["text"].strip()]
            cells = [[list(r.cells) for r in t.rows] for t in page.find_tables()]
            yield words, cells


def _close(a, b, tol=0.02) -> bool:
    if a is None or b is None:
        return a is b
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def assert_same_geometry(data: bytes):
    doc = pdf_page.open_document(data)
    unmeasured = pdf_page.unmeasured_fonts(data)
    for pno, (words, cells) in enumerate(_pdfplumber_pages(data)):
        content = pdf_page.read_page(doc[pno], unmeasured)
        assert [w[0] for w in content.words] == [w[0] for w in words], f"page {pno + 1}"
        off = [(a, b) for a, b in zip(content.words, words) if not _close(a[1:], b[1:])]
        assert not off, f"page {pno + 1}: {off[:3]}"
        ours = [[list(r.cells) for r in t.rows] for t in pdf_page.ruled_tables(content.edges)]
        assert len(ours) == len(cells), f"page {pno + 1}"
        for t_ours, t_pl in zip(ours, cells):
            assert len(t_ours) == len(t_pl)
            for r_ours, r_pl in zip(t_ours, t_pl):
                assert len(r_ours) == len(r_pl) and all(_close(a, b, 1e-3) for a, b in zip(r_ours, r_pl)), \
                    f"page {pno + 1}: {r_ours} ≠ {r_pl}"


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_words_and_table_cells_are_pdfplumbers(name, corpus):
    assert_same_geometry(corpus(name).read_bytes())


def test_words_and_table_cells_are_pdfplumbers_in_a_libreoffice_pdf(tmp_path):
    import random

    from office_helpers import consistent_values, report_from_values

    from gongkai.writers.pdf import soffice_path, write_pdf

    if soffice_path() is None:
        pytest.skip("LibreOffice（soffice）未安装")
    rep = report_from_values(consistent_values(random.Random(3), 60), blanks=[("三", "received", "other")],
                             title="测试市测试局2024年政府信息公开工作年度报告")
    data = write_pdf(rep, tmp_path / "r.pdf").read_bytes()
    assert pdf_page.unmeasured_fonts(data)  # LibreOffice writes /Ascent 0 /Descent 0: the case this covers
    assert_same_geometry(data)
    # the baselines taken from the characters' matrices (no origin asked) are the origins' to the last bit
    assert pdf_page.level_baselines(data)
    doc = pdf_page.open_document(data)
    unmeasured = pdf_page.unmeasured_fonts(data)
    for pno in range(len(doc)):
        assert pdf_page.read_page_at(doc, pno, unmeasured, True) == pdf_page.read_page_at(doc, pno, unmeasured, False)


def test_words_are_pdfplumbers_in_the_seed_report_printed_by_libreoffice(tmp_path, corpus):
    """The seed report rendered by gongkai's writer: every word's box is pdfplumber's (within 0.02 pt)."""
    from gongkai.readers import read_report
    from gongkai.writers.pdf import soffice_path, write_pdf

    if soffice_path() is None:
        pytest.skip("LibreOffice（soffice）未安装")
    seed = corpus("seed/2023_hulin_abei_xiang.txt")
    assert_same_geometry(write_pdf(read_report(seed), tmp_path / "seed.pdf").read_bytes())


@pytest.mark.parametrize("marker", [b"/Encoding /Identity-V", b"/Encoding/UniGB-UCS2-V", b"/Encoding\n/GBK-EUC-V ",
                                    b"/Encoding 12 0 R", b"/WMode 1", b"/Type /ObjStm", b"/Subtype/Form",
                                    b"/Subtype /Form", b"/BaseFont /Times#20New#20Roman"])
def test_files_that_may_place_an_origin_off_its_matrix_ask_every_origin(marker):
    """A vertical CMap, an embedded one, /WMode, a Form XObject, an object stream or an escaped name: the
    reader asks PDFium each character's origin rather than take its matrix's baseline."""
    plain = b"%PDF-1.4\n1 0 obj << /Type /Font /Subtype /Type0 /Encoding /Identity-H >> endobj\n"
    assert pdf_page.level_baselines(plain)
    assert not pdf_page.level_baselines(plain + marker + b"\n")
    assert pdf_page.level_baselines(plain + b"/Encoding /Identity-Vx\n")  # a name that only starts so


def test_array_types_are_made_once():
    """The ctypes array types the reader fills are kept (made once per size, not once per read: a garbage
    collection frees a type nothing refers to)."""
    import gc

    first = type(pdf_page._buffer(3000))
    gc.collect()
    assert type(pdf_page._buffer(2500)) is first and len(pdf_page._buffer(3000)) >= 3000
    assert len(pdf_page._buffer(0)) >= 1 and len(pdf_page._buffer(1)) >= 1


def test_snapping_and_joining_are_pdfplumbers():
    """Edges 2 pt apart snap onto their mean; collinear edges 2 pt apart join; short ones are dropped."""
    from pdfplumber import table as T

    raw = [[10.0, 0.0, 10.0, 50.0, 0.0, 50.0, "v"], [12.0, 50.0, 12.0, 100.0, 0.0, 50.0, "v"],
           [0.0, 20.0, 40.0, 20.0, 40.0, 0.0, "h"], [42.0, 21.5, 90.0, 21.5, 48.0, 0.0, "h"],
           [0.0, 70.0, 2.0, 70.0, 2.0, 0.0, "h"]]
    as_dicts = [dict(zip(("x0", "top", "x1", "bottom", "width", "height", "orientation"), e)) for e in raw]
    theirs = T.merge_edges(as_dicts, 3, 3, 3, 3)
    theirs = sorted((e["x0"], e["top"], e["x1"], e["bottom"]) for e in theirs
                    if (e["height"] if e["orientation"] == "v" else e["width"]) >= 3)
    ours = sorted((e[0], e[1], e[2], e[3]) for e in pdf_page.merged_edges(raw))
    assert ours == theirs


def test_pdfs_read_in_threads_at_once_read_as_one_at_a_time(corpus):
    """PDFium is not thread-safe: reads from several threads (the web server's) are serialised by a lock and
    each gives what it gives alone."""
    from concurrent.futures import ThreadPoolExecutor

    from gongkai.readers.pdf import read_pdf

    data = [corpus(name).read_bytes() for name in CORPUS_PDFS]
    alone = [[b.text for b in read_pdf(d, "x.pdf").blocks] for d in data]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda d: [b.text for b in read_pdf(d, "x.pdf").blocks], data * 3))
    assert together == alone * 3


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(1, 3), st.integers(1, 3)), max_size=25))
def test_cells_group_into_the_tables_pdfplumber_finds(boxes):
    """_cells_to_tables (union–find over shared corners) gives pdfplumber's cells_to_tables: the same tables
    with the same cells, in the same order, on cells of a small grid so that corners are often shared."""
    from pdfplumber import table as T

    cells = [(float(x), float(y), float(x + w), float(y + h)) for x, y, w, h in boxes]
    ours = pdf_page._cells_to_tables(list(cells))
    theirs = T.cells_to_tables(list(cells))
    assert [sorted(t) for t in ours] == [sorted(t) for t in theirs]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("vh"), st.integers(0, 8), st.integers(0, 8), st.integers(1, 8)),
                min_size=2, max_size=30))
def test_cells_from_intersections_are_pdfplumbers(lines):
    """_cells (the points below and right of each point taken from its column and row, asked only as far as
    the search goes) finds pdfplumber's intersections_to_cells: the same cells, on ruling lines of a small grid
    (10 pt apart) that cross, touch and stop short of each other."""
    from pdfplumber import table as T

    edges = []
    for kind, at, start, length in lines:
        a, b = start * 10.0, (start + length) * 10.0
        edges.append([at * 10.0, a, at * 10.0, b, 0.0, b - a, "v"] if kind == "v" else
                     [a, at * 10.0, b, at * 10.0, b - a, 0.0, "h"])
    points = pdf_page._intersections(edges, pdf_page.INTERSECTION_TOLERANCE)
    as_dicts = [dict(zip(("x0", "top", "x1", "bottom", "width", "height", "orientation"), e)) for e in edges]
    found = T.edges_to_intersections(as_dicts, pdf_page.INTERSECTION_TOLERANCE, pdf_page.INTERSECTION_TOLERANCE)
    assert sorted(points) == sorted(found)  # the same points; each with the edges through it as masks
    theirs = T.intersections_to_cells(found)
    assert sorted(pdf_page._cells(points)) == sorted(theirs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(1, 3), st.integers(1, 3)), min_size=1,
                max_size=25, unique_by=lambda b: b[:2]))
def test_table_rows_and_box_are_pdfplumbers(boxes):
    """_table gives pdfplumber's Table.rows (cells by top, each at its x0's place among the table's x0s, None
    elsewhere) and Table.bbox, on cells of a small grid (merged cells, gaps, rows of different widths)."""
    from pdfplumber import table as T

    cells = [(float(x), float(y), float(x + w), float(y + h)) for x, y, w, h in boxes]
    ours = pdf_page._table(list(cells))
    theirs = T.Table(None, list(cells))
    assert ours.bbox == theirs.bbox
    assert [r.cells for r in ours.rows] == [list(r.cells) for r in theirs.rows]


def _form_xobject_pdf() -> bytes:
    """A page drawing ruling lines directly, inside a Form XObject, and inside that form drawn by another form
    (placed twice, once scaled): the matrices of the page, each form's /Matrix and the ``cm`` inside compose."""
    inner = b"q 1 0 0 1 5 5 cm 0 0 m 200 0 l S 0 0 m 0 100 l S 10 10 150 60 re f Q"
    outer = b"0 0 m 50 0 l 50 50 l 0 50 l h S /Fx1 Do"
    page = b"q 1 0 0 1 50 500 cm /Fx2 Do Q q 0.5 0 0 0.5 300 300 cm /Fx2 Do Q 20 20 m 500 20 l S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /XObject << /Fx2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page), page),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 300 300] /Length %d >>\nstream\n%s\nendstream"
        % (len(inner), inner),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 300 300] /Matrix [1 0 0 1 10 10]"
        b" /Resources << /XObject << /Fx1 5 0 R >> >> /Length %d >>\nstream\n%s\nendstream" % (len(outer), outer),
    ]
    return pdf_file(objects)



def _two_fonts_pdf(text: bytes, w1: int, w2: int, size1: float, size2: float) -> bytes:
    """Two text objects in one matrix (1 0 0 1), each in its own font of one glyph width (/Widths: ``w1``, ``w2``
    thousandths of an em) and size, whose descriptor gives no ascent and no descent (as LibreOffice writes):
    PDFium's boxes are then as high as each glyph, the same height in both objects when the sizes are equal."""
    content = (b"BT /F1 %.2f Tf 1 0 0 1 100 700 Tm (%s) Tj ET BT /F2 %.2f Tf 1 0 0 1 100 650 Tm (%s) Tj ET"
               % (size1, text, size2, text))

    def font(w: int) -> bytes:
        return (b"<< /Type /Font /Subtype /TrueType /BaseFont /GkSans /FirstChar 32 /LastChar 126 /Widths [%s]"
                b" /FontDescriptor 7 0 R /Encoding /WinAnsiEncoding >>" % b" ".join([b"%d" % w] * 95))

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        font(w1), font(w2),
        b"<< /Type /FontDescriptor /FontName /GkSans /Flags 32 /FontBBox [0 0 0 0] /ItalicAngle 0"
        b" /Ascent 0 /Descent 0 /CapHeight 0 /StemV 80 >>",
    ]
    return pdf_file(objects)


@settings(max_examples=40, deadline=None)
@given(st.text("xiolmw", min_size=1, max_size=6), st.integers(100, 450), st.integers(100, 450),
       st.sampled_from([8.0, 10.0, 10.5, 12.0]), st.booleans())
def test_each_text_object_keeps_its_own_font_and_size(text, w1, w2, size1, same_size):
    """Characters of two text objects in one matrix, with glyph-high boxes of equal heights: each character
    advances by its own object's font width at its own size (the second object's "x" never takes the first's
    width), as the PDF defines it and as pdfplumber reads it."""
    size2 = size1 if same_size else size1 + 2
    data = _two_fonts_pdf(text.encode(), w1, w2, size1, size2)
    unmeasured = pdf_page.unmeasured_fonts(data)
    assert unmeasured == {"GkSans"}
    doc = pdf_page.open_document(data)
    try:
        words = pdf_page.read_page_at(doc, 0, unmeasured, pdf_page.level_baselines(data)).words
    finally:
        doc.close()
    assert [w[0] for w in words] == [text, text]
    for w, width, size in zip(words, (w1, w2), (size1, size2)):  # glyphs wider than their advance: x1 at the advance
        assert w[1] == pytest.approx(100.0, abs=0.01)
        # (PDFium's boxes are float32 and x1 comes back rounded: 101.63 may read 101.64)
        assert w[2] == pytest.approx(100.0 + len(text) * width * size / 1000, abs=0.015)
    assert_same_geometry(data)

def test_edges_inside_nested_form_xobjects_are_pdfplumbers():
    """Ruling lines drawn inside Form XObjects (a form drawing another, placed twice) are the edges pdfplumber
    finds: the same positions once the page's, the forms' and the ``cm`` matrices are composed."""
    import io

    import pdfplumber
    import pypdfium2 as pdfium

    data = _form_xobject_pdf()
    assert not pdf_page.level_baselines(data)  # a form: every character's origin is asked
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        theirs = sorted((round(e["x0"], 3), round(e["top"], 3), round(e["x1"], 3), round(e["bottom"], 3),
                         e["orientation"]) for e in pdf.pages[0].edges)
    doc = pdfium.PdfDocument(data)
    try:
        ours = sorted((round(e[0], 3), round(e[1], 3), round(e[2], 3), round(e[3], 3), e[6])
                      for e in pdf_page.read_page_at(doc, 0).edges)
    finally:
        doc.close()
    assert len(ours) > 12 and ours == theirs
    assert (20.0, 822.0, 500.0, 822.0, "h") in ours  # the page's own line, 20 pt above the bottom
    assert (65.0, 327.0, 265.0, 327.0, "h") in ours  # the inner form's line: 50+10+5 right, 842-(500+10+5) down


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                          st.integers(0, 600_000).map(lambda k: k / 1000 / 2 + 0.0005)), min_size=1, max_size=12))
def test_column_centres_are_statistics_means(xs):
    """The unruled table's column centres (pdf._mean) are statistics.mean's values to the last bit: the exact
    mean rounded once, without fractions."""
    import statistics

    from gongkai.readers.pdf import _mean

    assert _mean(xs) == statistics.mean(xs)


def test_the_garbage_collector_is_paused_only_while_a_pdf_is_read(corpus):
    """Reading pauses the cyclic garbage collector and gives it back as it was, also when reads overlap in
    threads and when the read fails."""
    import gc
    from concurrent.futures import ThreadPoolExecutor

    from gongkai.readers import pdf

    data = corpus(CORPUS_PDFS[0]).read_bytes()
    assert gc.isenabled()
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda d: pdf.read_pdf(d, "x.pdf"), [data] * 6))
    assert gc.isenabled()
    with pytest.raises(pdf.ReadError):
        pdf.read_pdf(b"%PDF-1.4 broken", "x.pdf")
    assert gc.isenabled()
    gc.disable()
    try:
        pdf.read_pdf(data, "x.pdf")
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_wrapped_numbers_are_looked_for_as_the_join_finds_them(name, corpus):
    """pdf._wraps_digits (asked of the grids) says a page has a number wrapped in its cell exactly when
    _join_wrapped_digits joins one there (the reader skips the join, and the grids' second making, otherwise)."""
    from gongkai.readers import pdf

    data = corpus(name).read_bytes()
    doc = pdf_page.open_document(data)
    try:
        for pno in range(len(doc)):
            content = pdf_page.read_page(doc[pno], pdf_page.unmeasured_fonts(data))
            words = pdf._marks_in_text([pdf._Word(*w) for w in content.words])
            tables = pdf_page.ruled_tables(content.edges)
            wraps = pdf._wraps_digits(pdf._ruled_tables(tables, words))
            assert wraps == (len(pdf._join_wrapped_digits(words, tables)) != len(words))
    finally:
        doc.close()


def test_special_characters_are_every_space_and_pdfiums_marks():
    """The spelt-out table of the characters asked apart decides as asking ``str.isspace`` of every code point
    did (the table replaced that scan at import): the same for all 1,114,112 code points."""
    old = frozenset({chr(k) for k in range(0x110000) if chr(k).isspace()} | {"\x00", "\x02", "\ufffe"})
    assert pdf_page._SPECIAL == old
    assert pdf_page._SPACES == {ch for ch in old if ch.isspace()}  # the spaces _words asks apart: str.isspace's
    assert all((chr(k) in pdf_page._SPECIAL) == (chr(k) in old) for k in range(0x110000))


def _same_float(a: float, b: float) -> bool:
    import math

    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1.0, a) == math.copysign(1.0, b))


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.floats(), st.floats(-1e7, 1e7), st.floats(-2000, 2000, width=32),
                 st.integers(-10**7, 10**9).map(lambda k: (k + 0.5) / 1000),
                 st.tuples(st.integers(-10**7, 10**9), st.sampled_from([-2, -1, 1, 2])).map(
                     lambda kd: __import__("math").nextafter((kd[0] + 0.5) / 1000, kd[1] * 1e300))))
def test_round_3_is_pythons_round_to_three_places(x):
    """The words' coordinates are rounded to 1/1000 pt by pdf_page.round_3: Python's round(x, 3) to the last bit
    (sign of zero, halves, single-precision values, huge values, infinities and NaN included)."""
    assert _same_float(pdf_page.round_3(x), round(x, 3))

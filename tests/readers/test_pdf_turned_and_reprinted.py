"""PDFs re-printed by ``pdftocairo -pdf`` and pages turned a quarter turn (issue 11, the fresh tester's classes).

* **Re-prints**: poppler's cairo backend re-embeds the fonts.  A CJK font's descriptor then names the whole glyph
  box (Descent -1049, Ascent 1809): pdfminer's box, one em above the descent, lay a line below the glyphs, labels
  fell into the next ruled row and a row's numbers were read as the row above's (55 wrong numbers in one
  LibreOffice report).  Chromium's Type 3 fonts come back with their ascent below their descent (boxes from each
  font's few glyphs, characters of one line points apart) and text spelt with Kangxi radicals ("⼀、", "⾏政").
* **Turned pages**: a page whose /Rotate turns it back for the viewer (its content drawn turned), or a landscape
  table printed sideways on a portrait page, was read as "not a report".  Most of the page's text running turned,
  the page is read as a person turning the paper sees it; turned text that is not most of a page (a vertical
  group label) stays as it is.

The generator part prints random consistent reports (LibreOffice from our DOCX, Chromium from our HTML), re-prints
and turns them, and reads them back: every cell equal or unread with a note, never a wrong number.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess

import pytest
from pdf_objects import pdf_file
from test_layout_generator import Completeness, assert_never_wrong, make_case, score

from gongkai.readers import pdf_page
from gongkai.readers.mapping import map_document
from gongkai.readers.pdf import read_pdf

PDFTOCAIRO = shutil.which("pdftocairo")
needs_pdftocairo = pytest.mark.skipif(PDFTOCAIRO is None, reason="pdftocairo 未安装：apt-get install poppler-utils")


# ----------------------------------------------------------------------------- hand-made pages
def _pdf(content: bytes, fonts: dict[str, bytes], media=(595, 842), rotate: int | None = None) -> bytes:
    """A one-page PDF drawing ``content``; ``fonts``: resource name → font dictionary (a descriptor may follow
    as ``{n}`` placeholders: the objects are numbered from 5 in the order given)."""
    names = list(fonts)
    font_refs = b" ".join(b"/%s %d 0 R" % (n.encode(), 5 + k) for k, n in enumerate(names))
    rot = b" /Rotate %d" % rotate if rotate is not None else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]%s /Contents 4 0 R /Resources << /Font << %s >> >> >>"
        % (media[0], media[1], rot, font_refs),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        *(fonts[n] for n in names),
    ]
    return pdf_file(objects)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _words(data: bytes) -> pdf_page.PageContent:
    doc = pdf_page.open_document(data)
    try:
        return pdf_page.read_page_at(doc, 0, pdf_page.unmeasured_fonts(data), pdf_page.level_baselines(data))
    finally:
        doc.close()


#: a small table as a person reads it on a landscape page (842 × 595): lines of text (x, baseline from the bottom)
#: and ruling lines
_LINES = [(100, 500, b"Table 3 Requests"), (100, 470, b"Received 120 35 7"), (100, 450, b"Granted 80 20 5"),
          (400, 430, b"Total 200 55 12")]
_RULES = b"90 490 m 600 490 l S 90 462 m 600 462 l S 90 442 m 600 442 l S 90 490 m 90 420 l S 600 490 m 600 420 l S"


def _table_content() -> bytes:
    text = b" ".join(b"BT /F1 10 Tf 1 0 0 1 %d %d Tm (%s) Tj ET" % (x, y, t) for x, y, t in _LINES)
    return text + b" " + _RULES


@pytest.mark.parametrize("rotate, cm", [
    (90, b"0 1 -1 0 595 0 cm"),  # drawn running up the portrait page, /Rotate 90 turns it back for the viewer
    (270, b"0 -1 1 0 0 842 cm"),  # drawn running down the page, /Rotate 270
    (None, b"0 -1 1 0 0 842 cm"),  # a landscape table printed sideways on a portrait page, no /Rotate
])
def test_a_turned_page_reads_as_the_upright_page(rotate, cm):
    """The words and ruling lines of a page drawn turned are those of the same page drawn upright (landscape),
    within a point: the page is read turned back, as a person turning the paper sees it."""
    upright = _words(_pdf(_table_content(), {"F1": HELVETICA}, media=(842, 595)))
    turned = _words(_pdf(b"q " + cm + b" " + _table_content() + b" Q", {"F1": HELVETICA}, media=(595, 842),
                         rotate=rotate))
    assert (turned.width, turned.height) == pytest.approx((842, 595))
    assert [w[0] for w in turned.words] == [w[0] for w in upright.words]
    assert "Received" in [w[0] for w in upright.words]
    for a, b in zip(turned.words, upright.words):
        assert a[1:] == pytest.approx(b[1:], abs=1.0), (a, b)
    key = sorted
    assert key((round(e[0]), round(e[1]), round(e[2]), round(e[3]), e[6]) for e in turned.edges) == key(
        (round(e[0]), round(e[1]), round(e[2]), round(e[3]), e[6]) for e in upright.edges)


def test_a_turned_label_on_an_upright_page_stays_as_it_is():
    """A vertical label (text running down the page) beside upright rows is not most of the page: the page is
    not turned, the other words are where they are without it, and the label is pdfplumber's rotated word."""
    from .test_pdf_page import _pdfplumber_pages

    label = b"BT /F1 10 Tf 0 -1 1 0 60 480 Tm (GROUP) Tj ET"
    data = _pdf(_table_content() + b" " + label, {"F1": HELVETICA}, media=(842, 595))
    got = _words(data)
    alone = _words(_pdf(_table_content(), {"F1": HELVETICA}, media=(842, 595)))
    assert (got.width, got.height) == (842, 595)
    assert [w for w in got.words if w[0] != "GROUP"] == alone.words and got.edges == alone.edges
    ours = next(w for w in got.words if w[0] == "GROUP")
    theirs = next(w for w in next(_pdfplumber_pages(data))[0] if w[0] == "GROUP")
    # (x1 across the turned line is PDFium's loose box, the font's ascent, where pdfminer's box is one em: as ever)
    assert (ours[1], ours[3], ours[4]) == pytest.approx((theirs[1], theirs[3], theirs[4]), abs=0.3)
    assert ours[4] - ours[3] > 2.5 * (ours[2] - ours[1])  # down the page: taller than wide


def _deep_font(descent: int, ascent: int) -> bytes:
    return (b"<< /Type /Font /Subtype /TrueType /BaseFont /GkDeep /FirstChar 32 /LastChar 126 /Widths [%s]"
            b" /FontDescriptor << /Type /FontDescriptor /FontName /GkDeep /Flags 32 /FontBBox [-997 %d 2929 %d]"
            b" /ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 >> /Encoding /WinAnsiEncoding >>"
            % (b" ".join([b"1000"] * 95), descent, ascent, ascent, descent, ascent))


@pytest.mark.parametrize("descent, ascent", [(-1049, 1809), (-880, 1100), (847, -121)])
def test_a_font_whose_metrics_place_no_box_gets_boxes_from_its_baseline(descent, ascent):
    """A font whose descriptor descends over half an em (pdftocairo's CJK fonts) or whose ascent is below its
    descent (its Type 3 fonts): its characters' boxes stand on their baseline, one em high — on the line of the
    digits beside them in a font with ordinary metrics, not a line lower."""
    content = (b"BT /F1 10.5 Tf 1 0 0 1 100 700 Tm (LABEL) Tj ET BT /F2 7 Tf 1 0 0 1 300 700 Tm (2933) Tj ET")
    got = _words(_pdf(content, {"F1": _deep_font(descent, ascent), "F2": HELVETICA}))
    label, number = got.words
    assert label[0] == "LABEL" and number[0] == "2933"
    baseline = 842 - 700
    assert label[4] == pytest.approx(baseline, abs=0.01) and label[3] == pytest.approx(baseline - 10.5, abs=0.01)
    assert number[3] < baseline < label[4] + 1 and number[4] > label[3]  # the two boxes overlap across the line


def test_radicals_in_a_pages_text_are_read_as_the_ideographs():
    """pdftocairo's text layer spells 一 and 行 with Kangxi radicals (U+2F00, U+2F8F): the words the layout reads
    are the ideographs (an item number "⼀、" is "一、")."""
    from gongkai.readers.pdf import _radicals_folded

    words = [("⼀、本年新收", 1.0, 2.0, 3.0, 4.0), ("⾏政许可", 1.0, 2.0, 3.0, 4.0), ("12", 5.0, 6.0, 3.0, 4.0)]
    assert [w[0] for w in _radicals_folded(words)] == ["一、本年新收", "行政许可", "12"]
    plain = [("一、本年新收", 1.0, 2.0, 3.0, 4.0)]
    assert _radicals_folded(plain) is plain


# ----------------------------------------------------------------------------- the generator
def reprinted(data: bytes, tmp_path, name: str) -> bytes:
    """``data`` printed again by ``pdftocairo -pdf``."""
    src, out = tmp_path / f"{name}.pdf", tmp_path / f"{name}.cairo.pdf"
    src.write_bytes(data)
    subprocess.run([PDFTOCAIRO, "-pdf", str(src), str(out)], check=True, capture_output=True, timeout=120)
    return out.read_bytes()


def turned(data: bytes, tmp_path, name: str, turn: int, rotate: bool) -> bytes:
    """Every page drawn turned by ``turn`` degrees counter-clockwise on a page of the swapped size (pypdfium2
    places the page as a form, pdftocairo prints it out of the form), its /Rotate set to turn it back when
    ``rotate`` (else a page printed sideways)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(data)
    dst = pdfium.PdfDocument.new()
    for i in range(len(src)):
        w, h = src[i].get_size()
        page = dst.new_page(h, w)
        obj = src.page_as_xobject(i, dst).as_pageobject()
        obj.transform(pdfium.PdfMatrix(0, 1, -1, 0, h, 0) if turn == 90 else pdfium.PdfMatrix(0, -1, 1, 0, 0, w))
        page.insert_obj(obj)
        page.gen_content()
    buf = io.BytesIO()
    dst.save(buf)
    # PDFium gives an ActualText character inside a form at its place before the form's matrix: the form is
    # printed out by pdftocairo, as a producer that turns a page draws it
    flat = pdfium.PdfDocument(reprinted(buf.getvalue(), tmp_path, f"{name}-t{turn}"))
    if rotate:
        for i in range(len(flat)):
            flat[i].set_rotation(turn)
    buf = io.BytesIO()
    flat.save(buf)
    return buf.getvalue()


def _variants(data: bytes, tmp_path, name: str) -> dict[str, bytes]:
    return {"re-printed": reprinted(data, tmp_path, name),
            "/Rotate 90": turned(data, tmp_path, name, 90, True),
            "/Rotate 270": turned(data, tmp_path, name, 270, True),
            "sideways": turned(data, tmp_path, name, 270, False)}


def _check(rep, variants: dict[str, bytes], what: str, floor: float) -> None:
    for kind, data in variants.items():
        got = map_document(read_pdf(data, "g.pdf"))
        try:
            assert_never_wrong(rep, got)
        except AssertionError as e:
            raise AssertionError(f"{what}, {kind}: {e}") from None
        right = Completeness()
        score(right, rep, got)
        assert right.wrong == 0 and right.false_errors == 0, (what, kind, str(right))
        assert right.share >= floor, (what, kind, str(right))


@needs_pdftocairo
@pytest.mark.parametrize("seed", range(3))
def test_libreoffice_pdfs_reprinted_and_turned_never_give_a_wrong_number(seed, tmp_path):
    """Our DOCX perturbed and converted by LibreOffice, re-printed by pdftocairo and turned: every cell as the
    report has it (measured 100% of the cells of 16 reports in each variant)."""
    from pdf_layouts import DocxStyle, perturbed_docx

    from gongkai.writers.pdf import convert_with_soffice, soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice（soffice）未安装：apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    rng = random.Random(seed)
    rep, rng = make_case(rng, marks=rng.random() < 0.5)
    style = DocxStyle.draw(rng)
    path = tmp_path / f"g{seed}.docx"
    perturbed_docx(rep, style).save(str(path))
    data = convert_with_soffice(path, "pdf", tmp_path).read_bytes()
    _check(rep, _variants(data, tmp_path, f"g{seed}"), f"seed {seed}, {style}", 0.98)


@needs_pdftocairo
@pytest.mark.parametrize("family", ["ruled", "unruled", "centred"])
def test_chromium_pdfs_reprinted_and_turned_never_give_a_wrong_number(family, tmp_path):
    """Chromium's prints of our HTML (tests/pdf_layouts.py), re-printed by pdftocairo and turned: never a wrong
    number, most cells read (the centred family reads less upright too: tests/readers/test_pdf_generator.py)."""
    from pdf_layouts import CHROMIUM, ChromiumPrinter, draw_style, report_html
    from test_layout_generator import TITLE

    if CHROMIUM is None:
        pytest.skip("Chromium 未安装：apt-get install chromium fonts-noto-cjk")
    printer = ChromiumPrinter()
    try:
        for seed in (0, 1):
            rng = random.Random(seed)
            rep, rng = make_case(rng, marks=rng.random() < 0.5)
            style = draw_style(rng, {"ruled": "all", "unruled": "none", "centred": "none"}[family],
                               centred=family == "centred")
            data = printer.print_pdf(report_html(rep, rng, style), style, TITLE)
            if not data:
                pytest.skip("Chromium 未能打印 PDF（无头模式不可用）")
            _check(rep, _variants(data, tmp_path, f"{family}{seed}"), f"{family} seed {seed}, {style}",
                   0.85 if family == "centred" else 0.93)
    finally:
        printer.close()


# ----------------------------------------------------------------------------- order matching on broken labels
def _withheld_rows(third_label: str):
    """Table 三's 不予公开 rows as a PDF reader gives them: 1. with its label, two rows whose labels were printed
    apart (no label), a row labelled ``third_label``, 5. with its label."""
    from gongkai.readers.base import RawCell, RawDocument, RowBlock, TextBlock

    blocks = [TextBlock("测试市测试局2024年政府信息公开工作年度报告"), TextBlock("三、收到和处理政府信息公开申请情况"),
              TextBlock("申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计")]
    for label, v in (("1.属于国家秘密", 1), ("", 2), ("", 3), (third_label, 4), ("5.属于三类内部事务信息", 5)):
        cells = ([RawCell(label)] if label else []) + [RawCell(str(v))] * 6 + [RawCell(str(6 * v))]
        blocks.append(RowBlock(cells, table=0))
    blocks.append(TextBlock("四、政府信息公开行政复议、行政诉讼情况"))
    return map_document(RawDocument(source="g.pdf", blocks=blocks, reader="pdf"))


def _row_values(rep, row_id: str) -> list:
    return [c.value if c.kind == "number" else None for k, c in rep.cells.items() if k[:2] == ("三", row_id)]


@pytest.mark.parametrize("label", ["4.保护第三方合法权益", "4.保护第三方"])
def test_rows_without_labels_between_whole_labels_are_placed_by_order(label):
    """Anchors printed with their row's whole label, or its start (a label wrapped onto the next line)."""
    got = _withheld_rows(label)
    assert "P12" in {n.code for n in got.notes}
    assert _row_values(got, "withheld_prohibited_by_law") == [2] * 6 + [12]
    assert _row_values(got, "withheld_security_stability") == [3] * 6 + [18]


@pytest.mark.parametrize("label", ["第三方合法权益"])
def test_rows_without_labels_beside_a_piece_of_a_label_are_not_placed_by_order(label):
    """A printed label that is only a piece of a row's label, not its start (a re-print's text fallen out of its
    cells: the row it names may be a row off), bounds no order: the rows without labels beside it are unread
    (P01 says why), never placed a row off."""
    got = _withheld_rows(label)
    assert "P12" not in {n.code for n in got.notes}
    assert any(n.code == "P01" and "行序" in n.message for n in got.notes)
    assert _row_values(got, "withheld_prohibited_by_law") == [None] * 7
    assert _row_values(got, "withheld_security_stability") == [None] * 7

"""PDF reader on the real 淮安市人民政府 2024 report; expected values read from the PDF by a person."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.readers.base import ReadError, RowBlock
from gongkai.readers.mapping import map_document
from gongkai.readers.pdf import read_pdf

HUAIAN = "pdf/2024_huaian_shizhengfu.pdf"


@pytest.fixture(scope="module")
def huaian_raw():
    from conftest import corpus_file

    return read_pdf(corpus_file(HUAIAN))


def test_wrapped_label_is_joined_around_the_value_line(huaian_raw):
    rows = {b.cells[0].text: [c.text for c in b.cells[1:]] for b in huaian_raw.blocks
            if isinstance(b, RowBlock) and b.cells and not b.cells[0].text.isdigit()}
    assert rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == ["447", "7", "0", "0", "0", "0", "454"]
    assert rows["1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"][-1] == "71"
    assert rows["5.要求行政机关确认或重新出具已获取信息"][-1] == "1"


def test_table_3_continues_across_the_page_break(huaian_raw):
    rows = [b for b in huaian_raw.blocks if isinstance(b, RowBlock) and len(b.cells) == 8]
    assert len(rows) == 25  # the 25 numeric rows of spec §5.2, pages 4 and 5
    assert len({b.table for b in rows}) == 1
    assert {b.location.page for b in rows} == {4, 5}


def test_huaian_2024_numbers_as_read_by_a_person(huaian_raw):
    rep = map_document(huaian_raw)
    t3 = [c.id for c in rep.table("三").columns]
    assert [rep.value("三", "received", c) for c in t3] == [3001, 53, 0, 0, 61, 4, 3119]
    assert rep.value("三", "carried_over", "total") == 34
    assert rep.value("三", "dispositions_total", "total") == 3050
    assert rep.value("三", "carried_forward", "total") == 103
    assert [rep.value("四", "cases", c.id) for c in rep.table("四").columns] == [
        72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
    assert [rep.value("二", "rules", c) for c in ("issued", "repealed", "in_force")] == [1, 0, 11]
    assert [rep.value("二", "normative_documents", c) for c in ("issued", "repealed", "in_force")] == [8, 26, 66]
    assert rep.value("二", "licensing", "decisions") == 447228
    assert rep.value("二", "penalty", "decisions") == 3985758
    assert rep.value("二", "coercion", "decisions") == 88283
    assert rep.value("二", "administrative_fees", "amount_10k_yuan") == Decimal("96171.6")
    assert rep.cell("三", "received", "total").location.page == 4


def test_page_limit(corpus):
    with pytest.raises(ReadError, match="页数过多"):
        read_pdf(corpus(HUAIAN), max_pages=3)


def test_pdf_without_text_layer_is_refused_saying_ocr_is_not_supported(tmp_path):
    from docx import Document
    import pdfplumber
    assert Document and pdfplumber  # only to make sure the office stack is present

    # a one-page PDF with a drawn rectangle and no text
    pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
           b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
           b"4 0 obj<</Length 22>>stream\n10 10 100 100 re f\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF")
    with pytest.raises(ReadError, match="OCR") as exc:
        read_pdf(pdf, "扫描件.pdf")
    assert exc.value.source == "扫描件.pdf"


def test_not_a_pdf():
    with pytest.raises(ReadError, match="不是有效的 PDF"):
        read_pdf(b"<html></html>", "x.pdf")


def _pdf_with_pages(n: int, declared: int | None = None) -> bytes:
    """A valid PDF of ``n`` empty A4 pages in one flat page tree (/Count ``declared`` or ``n``)."""
    objs = {1: b"<</Type/Catalog/Pages 2 0 R>>",
            2: f"<</Type/Pages/Kids[{' '.join(f'{3 + i} 0 R' for i in range(n))}]/Count {declared or n}>>".encode()}
    for i in range(n):
        objs[3 + i] = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += f"{k} 0 obj".encode() + objs[k] + b"endobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[k]:010d} 00000 n \n".encode() for k in sorted(objs))
    out += f"trailer<</Size {len(objs) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF".encode()
    return bytes(out)


def test_page_limit_is_checked_from_the_page_tree_before_pages_are_listed(monkeypatch):
    """A 5000-page file is refused from /Root /Pages /Count: no page is loaded."""
    import pypdfium2

    def loading(self, index):
        raise AssertionError("a page loaded before the page limit was checked")

    monkeypatch.setattr(pypdfium2.PdfDocument, "__getitem__", loading)
    with pytest.raises(ReadError, match="PDF 页数过多（5000 页，上限 200 页）"):
        read_pdf(_pdf_with_pages(5000), "大文件.pdf")


@pytest.mark.parametrize("count", [b"", b"/Count -1", b"/Count 0", b"/Count 99999999"],
                         ids=["missing", "negative", "zero", "absurd"])
def test_page_limit_holds_when_the_page_tree_count_is_missing_or_invalid(count):
    """PDFium then counts the page tree's leaves: 12 pages, over the limit of 10."""
    with pytest.raises(ReadError, match="页数过多"):
        read_pdf(_pdf_with_pages(12).replace(b"/Count 12", count), "x.pdf", max_pages=10)


def test_a_page_tree_that_understates_its_count_is_read_only_as_far_as_it_says():
    """/Count 1 over 12 leaves: PDFium loads no page beyond the declared count (pdfminer walked the tree and
    refused the file), so no more pages than the limit are ever read."""
    with pytest.raises(ReadError, match="共 1 页"):
        read_pdf(_pdf_with_pages(12, declared=1), "x.pdf", max_pages=10)


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\nhello",  # pdfminer: "No /Root object! - Is this really a PDF?"
    _pdf_with_pages(3)[:300],  # cut off: no xref, no trailer
], ids=["no-root", "truncated"])
def test_damaged_pdf_is_a_chinese_read_error_naming_the_file_without_internals(data):
    with pytest.raises(ReadError) as exc:
        read_pdf(data, "/收件/损坏的报告.pdf")
    msg = exc.value.message
    assert msg.startswith("PDF 文件结构损坏") and "损坏的报告.pdf" in msg
    assert not any(x in msg for x in ("Pdfminer", "Root", "Exception", "Error", "/收件/"))


HONGZE = "pdf/2024_huaian-hongze-qu.pdf"


def test_hongze_label_beside_a_blank_sub_item_cell_is_kept(corpus):
    """洪泽 2024 prints （六）其他处理 as one row and （七）总计 with their labels spanning the blank sub-item
    column of the drawn table: both keep their labels (values read from the PDF by eye), no row is missing."""
    from gongkai.audit import audit

    rep = map_document(read_pdf(corpus(HONGZE)))
    t3 = rep.table("三")

    def row(label):
        r = next(r for r in t3.rows if r.label == label)
        return [rep.cell("三", r.id, c.id) for c in t3.columns_of(r)]

    assert [c.raw for c in row("（六）其他处理")] == ["0"] * 7
    assert [c.raw for c in row("（七）总计")] == ["95", "0", "0", "0", "0", "0", "95"]
    assert [c.raw for c in row("一、本年新收政府信息公开申请数量")] == ["95", "0", "0", "0", "0", "0", "95"]
    assert rep.value("二", "licensing", "decisions") == 9487  # a value at the page's foot, not a page number
    findings = audit(rep)
    assert not [f for f in findings if f.severity == "error"]
    assert not [n for n in rep.notes if n.code == "P07"]


@pytest.mark.parametrize("footer", [["-", "5", "-"], ["—", "5", "—"], ["第", "5", "页"], ["第5页", "共9页"]])
def test_page_footer_is_never_a_rows_digits(footer):
    """A footer a little below the table's last row, at the page's foot: dropped before value words are joined
    to labels, so the row keeps its own seven values and no footer digit becomes a cell."""
    from gongkai.readers.pdf import _lines_of_page, _Word

    height = 842.0
    row_top = 760.0
    words = [_Word("8.属于行政查询事项", 100, 200, row_top, row_top + 10)]
    words += [_Word(str(v), 300 + 30 * k, 306 + 30 * k, row_top, row_top + 10) for k, v in enumerate([1, 0, 0, 0, 0, 0, 1])]
    words += [_Word(t, 280 + 12 * k, 288 + 12 * k, 795, 805) for k, t in enumerate(footer)]
    lines = _lines_of_page(words, 1, height)
    texts = ["".join(w.text for w in ln.words) for ln in lines]
    assert texts == ["8.属于行政查询事项1000001"]


def test_a_bare_number_at_the_page_foot_stays_a_value():
    from gongkai.readers.pdf import _lines_of_page, _Word

    words = [_Word("行政许可", 100, 140, 760, 770), _Word("9487", 400, 420, 760, 770)]
    assert ["".join(w.text for w in ln.words) for ln in _lines_of_page(words, 1, 842.0)] == ["行政许可9487"]


def test_an_encrypted_pdf_is_refused_in_chinese():
    """A standard security handler whose user password is not empty: PDFium cannot open it without one."""
    enc = (b"/Encrypt<</Filter/Standard/V 1/R 2/O<" + b"11" * 32 + b">/U<" + b"22" * 32 + b">/P -4>>"
           b"/ID[<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>]")
    data = _pdf_with_pages(1).replace(b"/Root 1 0 R>>", b"/Root 1 0 R" + enc + b">>")
    with pytest.raises(ReadError, match="PDF 文件已加密") as exc:
        read_pdf(data, "加密.pdf")
    assert "PDFium" not in exc.value.message


# ------------------------------------------------------------ glyphs and rows as browsers print them
def test_a_dash_like_glyph_touching_text_is_a_character_of_it_not_a_cells_mark():
    """Chromium prints "一" of "三安全一稳定" or "一、本年新收" in a fallback font: a word of its own whose box sits
    5 pt higher than its neighbours' (these boxes are from such a page).  It is a character of the label; a
    "—" standing alone in a cell stays a not-applicable mark."""
    from gongkai.readers.pdf import _is_value, _lines_of_page, _marks_in_text, _Word

    label = _Word("3.危及“三安全", 148.219, 220.501, 215.01, 225.51)
    glyph = _Word("一", 221.004, 230.57, 209.571, 220.071)
    rest = _Word("稳定”", 231.0, 252.0, 215.01, 225.51)
    dash = _Word("—", 400.0, 410.0, 215.0, 225.5)  # a cell of its own, far from any text
    value = _Word("7", 450.0, 456.0, 215.0, 225.5)
    words = _marks_in_text([label, glyph, rest, dash, value])
    assert [_is_value(w) for w in words] == [False, False, False, True, True]
    lines = _lines_of_page(words, 1, 842.0)
    assert [line.text for line in lines] == ["3.危及“三安全一稳定”—7"]


def test_a_row_made_tall_by_a_label_wrapped_over_several_lines_is_one_row():
    """A ruled row is as tall as its longest label: its cells are one row high when no taller than the row's
    lowest drawn cell; a merged group cell running down several rows is taller."""
    from gongkai.readers.pdf import _single

    cw = 10.5
    row = [(10, 100, 60, 279.2), (60, 100, 200, 169.8)] + [(200 + 30 * k, 100, 230 + 30 * k, 169.8) for k in range(7)]
    assert _single(row[1], cw, row) and _single(row[2], cw, row)  # 69.8 pt high: more than 6 × cw
    assert not _single(row[0], cw, row)  # the merged "（六）其他处理" cell
    assert _single((0, 0, 10, 40), cw) and not _single((0, 0, 10, 70), cw)  # no row given: by height alone


def test_a_browsers_print_header_and_footer_are_not_the_reports_text():
    """Chromium prints the date and the page's title at the top of every page and the address with "1/5" at
    the foot (boxes as on such a page, A4 landscape-free 792 pt): they are dropped, the report's own first and
    last lines of a page are kept, and on a one-page document nothing is dropped."""
    from gongkai.readers.pdf import _Line, _without_running_heads, _Word

    def line(page, n, text, top, bottom):
        return _Line(page, n, [_Word(text, 30.0, 500.0, top, bottom)])

    lines = []
    for page in (1, 2, 3):
        lines += [line(page, 1, "12/6/26, 8:04 AM 青岚县市场监督管理局2022年政府信息公开工作年度报告", 16.0, 25.9),
                  line(page, 2, f"正文第{page}页的第一行 {page * 7}", 31.0, 44.6),
                  line(page, 3, "（二）依申请公开", 742.5, 756.1),
                  line(page, 4, f"file:///C:/报告/portal.html {page}/3", 766.8, 776.6)]
    kept = _without_running_heads(lines, 792.0)
    assert [(x.page, x.number) for x in kept] == [(p, n) for p in (1, 2, 3) for n in (2, 3)]
    one_page = [x for x in lines if x.page == 1]
    assert _without_running_heads(one_page, 792.0) == one_page

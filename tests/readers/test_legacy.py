"""Legacy .doc reports: converted with LibreOffice, then read like DOCX.

The .doc is made in the test from the seed's data (DOCX writer → LibreOffice "doc" filter), so the
expected cells are the seed's, read by a person from ../shared/corpus/seed.
"""

from __future__ import annotations

import shutil

import pytest

from gongkai.readers import ReadError, read_report
from gongkai.writers import write_docx
from gongkai.writers.pdf import convert_with_soffice

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) 未安装：.doc/.wps 读取需要它（Debian: libreoffice-writer-nogui）")


def _saved_as(rep, tmp_path, filter_name):
    """``rep`` written as DOCX and saved by LibreOffice with ``filter_name`` (doc, rtf, wps, odt): the file's path."""
    write_docx(rep, tmp_path / "source.docx")
    (tmp_path / "out").mkdir(exist_ok=True)
    return convert_with_soffice(tmp_path / "source.docx", filter_name, tmp_path / "out")


def _table_four_with_blanks(seed, total, blank_indexes):
    """A random consistent report (office_helpers; ``total`` applications) whose table 四 cells at ``blank_indexes`` (in row then column
    order) are blank, and the table 四 and 三 keys to compare."""
    import random

    from office_helpers import consistent_values, report_from_values

    from gongkai.format import FORMAT_2021
    values = consistent_values(random.Random(seed), total)
    t4 = FORMAT_2021.table("四")
    keys = [("四", r.id, c.id) for r in t4.rows for c in t4.columns_of(r)]
    blanks = [keys[i] for i in blank_indexes]
    for key in blanks:
        values.pop(key)
    return report_from_values(values, blanks=blanks, title="测试市测试局2024年政府信息公开工作年度报告"), keys


@needs_soffice
def test_doc_file_is_converted_and_read(corpus, tmp_path):
    doc = _saved_as(read_report(corpus("seed/2023_hulin_abei_xiang.txt")), tmp_path, "doc")
    assert doc.suffix == ".doc"
    rep = read_report(doc)
    assert rep.year == 2023 and rep.format_id == "2021"
    assert rep.value("三", "received", "total") == 0
    assert [rep.cell("四", "cases", f"review_{r}").kind for r in ("upheld", "corrected", "other_result",
                                                                   "pending", "total")] == ["blank"] * 5
    assert rep.value("四", "cases", "lawsuit_direct_total") == 0


@needs_soffice
def test_garbage_doc_is_a_clear_error(tmp_path):
    bad = tmp_path / "坏.doc"
    bad.write_bytes(b"this is not a word file" * 20)
    with pytest.raises(ReadError) as exc:
        read_report(bad)
    assert "坏.doc" in str(exc.value)


@needs_soffice
def test_wps_file_is_converted_and_read(corpus, tmp_path):
    """WPS Office's .wps (文字 2005 and later) is a Word 97-2003 compound file under its own name."""
    doc = _saved_as(read_report(corpus("seed/2023_hulin_abei_xiang.txt")), tmp_path, "doc")
    wps = tmp_path / "阿北乡2023年报.wps"
    wps.write_bytes(doc.read_bytes())
    rep = read_report(wps)
    assert rep.year == 2023 and rep.format_id == "2021"
    assert rep.value("三", "received", "total") == 0
    assert rep.value("四", "cases", "lawsuit_direct_total") == 0
    assert rep.cell("四", "cases", "review_total").kind == "blank"


def test_wps_that_is_not_a_document_names_the_file(tmp_path):
    bad = tmp_path / "损坏.wps"
    bad.write_bytes(b"\x00\x01garbage" * 50)
    with pytest.raises(ReadError) as exc:
        read_report(bad)
    assert "损坏.wps" in str(exc.value)


def test_a_doc_with_a_broken_ole_header_fails_at_once(tmp_path):
    """An OLE signature followed by random bytes (a damaged download): said at once, without LibreOffice (which
    spent the whole read time limit on it and left its soffice.bin running)."""
    import random
    import time

    from gongkai.readers.legacy import OLE2_MAGIC, ole_fault
    bad = tmp_path / "坏.doc"
    bad.write_bytes(OLE2_MAGIC + random.Random(1).randbytes(64 * 1024))
    started = time.process_time()
    with pytest.raises(ReadError) as exc:
        read_report(bad)
    assert "坏.doc" in str(exc.value) and "文件头无效" in str(exc.value), str(exc.value)
    assert time.process_time() - started < 30  # (no LibreOffice started: a generous bound, not a benchmark)
    header = bytearray(512)
    header[:8] = OLE2_MAGIC
    header[26:34] = (3).to_bytes(2, "little") + (0xFFFE).to_bytes(2, "little") + (9).to_bytes(2, "little") \
        + (6).to_bytes(2, "little")
    assert "WordDocument" in ole_fault(bytes(header))  # a valid header, no Word stream (an .xls under a .doc name)
    assert ole_fault(bytes(header) + "WordDocument".encode("utf-16-le")) is None


@needs_soffice
def test_rtf_saved_by_libreoffice_is_read(corpus, tmp_path):
    rtf = _saved_as(read_report(corpus("seed/2023_hulin_abei_xiang.txt")), tmp_path, "rtf")
    for name in ("阿北乡2023年报.rtf", "阿北乡2023年报.doc"):
        path = tmp_path / name
        path.write_bytes(rtf.read_bytes())
        rep = read_report(path)
        assert rep.year == 2023 and rep.format_id == "2021", name
        assert rep.value("三", "received", "total") == 0
        assert rep.value("四", "cases", "lawsuit_direct_total") == 0


@needs_soffice
@pytest.mark.parametrize("route", ["doc renamed", "convert-to wps"])
def test_wps_of_a_table_four_with_numbers_and_blank_cells_reads_every_cell(tmp_path, route):
    """Table 四 (15 columns under a two-level merged header) through DOC and WPS: every number in its cell and
    every blank blank — LibreOffice's own .wps export (it writes Word 97 under that name) and a DOC renamed."""
    # blank: 行政复议 结果纠正, 未经复议直接起诉 尚未审结, 复议后起诉 其他结果
    rep, keys = _table_four_with_blanks(7, 60, [1, 8, 12])
    if route == "doc renamed":
        wps = tmp_path / "r.wps"
        wps.write_bytes(_saved_as(rep, tmp_path, "doc").read_bytes())
    else:
        wps = _saved_as(rep, tmp_path, "wps")
    got = read_report(wps)
    for key in keys:
        assert (got.cells[key].kind, got.cells[key].value) == (rep.cells[key].kind, rep.cells[key].value), key
    assert any(got.cells[k].kind == "number" and got.cells[k].value > 3 for k in keys)  # not the seed's zeros


def test_a_wps_holding_a_word_document_is_converted_as_doc_and_other_files_keep_their_suffix():
    from gongkai.readers.legacy import OLE2_MAGIC, WORD_STREAM, conversion_suffix
    word = OLE2_MAGIC + b"\x00" * 200 + WORD_STREAM + b"\x00" * 50  # an OLE2 file with a "WordDocument" stream
    works = OLE2_MAGIC + b"\x00" * 200 + "MatOST".encode("utf-16-le") + b"\x00" * 50  # MS Works' stream
    assert conversion_suffix(word, ".wps") == ".doc"
    assert conversion_suffix(works, ".wps") == ".wps"
    assert conversion_suffix(b"{\\rtf1 ...", ".wps") == ".wps"
    assert conversion_suffix(word, ".doc") == ".doc"


@needs_soffice
@pytest.mark.parametrize("name", ["r.odt", "r.docx", "r.txt"])
def test_opendocument_text_is_converted_and_every_cell_read_whatever_its_name(tmp_path, name):
    """An .odt (LibreOffice's and WPS's own format; what pandoc -t odt writes) is converted like a .doc: every cell
    of a random consistent report with blank cells comes back; an ODT under another name is known by its mimetype."""
    rep, keys = _table_four_with_blanks(11, 80, [2, 9])
    keys += [k for k in rep.cells if k[0] == "三"]
    odt = _saved_as(rep, tmp_path, "odt")
    path = tmp_path / name
    path.write_bytes(odt.read_bytes())
    got = read_report(path)
    assert got.year == 2024 and got.format_id == "2021"
    for key in keys:
        assert (got.cells[key].kind, got.cells[key].value) == (rep.cells[key].kind, rep.cells[key].value), key


@needs_soffice
def test_an_html_page_saved_by_libreoffice_as_odt_is_read(corpus, tmp_path):
    """LibreOffice saves an opened web page as an ODT of type text-web (Writer/Web, which has no DOCX export):
    read as the text document it is."""
    import zipfile

    from gongkai.writers import write_html
    seed = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    page = tmp_path / "seed.html"
    page.write_text(f"<html><head><meta charset='utf-8'></head><body>{write_html(seed)}</body></html>", "utf-8")
    (tmp_path / "out").mkdir()
    odt = convert_with_soffice(page, "odt", tmp_path / "out")
    with zipfile.ZipFile(odt) as zf:
        assert zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text")
    rep = read_report(odt)
    assert rep.year == 2023 and rep.format_id == "2021"
    assert {k: (c.kind, c.value) for k, c in rep.cells.items()} == {k: (c.kind, c.value) for k, c in seed.cells.items()}


def test_an_opendocument_spreadsheet_and_a_broken_odt_are_refused_with_what_to_do(tmp_path):
    import zipfile
    ods = tmp_path / "表.ods"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    # (read through LibreOffice Calc where it is installed: this one's content is empty, so it cannot be converted)
    with pytest.raises(ReadError, match="(?s)OpenDocument 电子表格.*另存为 .xlsx"):
        read_report(ods)
    with pytest.raises(ReadError, match="(?s)OpenDocument 电子表格.*另存为 .xlsx"):
        read_report(ods.rename(tmp_path / "表.xlsx"))
    bad = tmp_path / "坏.odt"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(ReadError) as err:
        read_report(bad)
    assert "坏.odt" in str(err.value)

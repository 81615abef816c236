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


@needs_soffice
def test_doc_file_is_converted_and_read(corpus, tmp_path):
    seed = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    docx = tmp_path / "seed.docx"
    write_docx(seed, docx)
    (tmp_path / "out").mkdir()
    doc = convert_with_soffice(docx, "doc", tmp_path / "out")
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
    seed = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    write_docx(seed, tmp_path / "seed.docx")
    (tmp_path / "out").mkdir()
    doc = convert_with_soffice(tmp_path / "seed.docx", "doc", tmp_path / "out")
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
    seed = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    write_docx(seed, tmp_path / "seed.docx")
    (tmp_path / "out").mkdir()
    rtf = convert_with_soffice(tmp_path / "seed.docx", "rtf", tmp_path / "out")
    for name in ("阿北乡2023年报.rtf", "阿北乡2023年报.doc"):
        path = tmp_path / name
        path.write_bytes(rtf.read_bytes())
        rep = read_report(path)
        assert rep.year == 2023 and rep.format_id == "2021", name
        assert rep.value("三", "received", "total") == 0
        assert rep.value("四", "cases", "lawsuit_direct_total") == 0

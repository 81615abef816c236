"""The reader dispatch: a reader module and its library load only when a file of its kind is read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.readers import READERS, SUPPORTED, ReadError, _kind, _read_kind, read_raw

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "gongkai" / "samples" / "sample-report-2023.txt"
HEAVY = ("docx", "openpyxl", "pypdfium2", "pdfplumber", "lxml", "rapidfuzz", "markdown_it", "django",
         "gongkai.readers.docx", "gongkai.readers.pdf", "gongkai.readers.xlsx", "gongkai.readers.legacy",
         "gongkai.readers.html", "gongkai.readers.ooxml", "gongkai.readers.markdown", "gongkai.readers.split",
         "gongkai.casework", "gongkai.writers", "gongkai.web", "gongkai.compose", "gongkai.publications",
         "html.entities")  # (html.entities: the entity table only grid_html's escaping needs, ~1 ms at start)


def test_every_supported_suffix_has_a_reader():
    for suffix in SUPPORTED - {".json"}:  # gongkai's JSON is read by read_report itself
        assert _kind(Path("report" + suffix), b"") in READERS, suffix


def test_an_unknown_kind_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="不支持的文件类型"):
        _read_kind("pptx", tmp_path / "x.pptx", "x.pptx")


def test_auditing_a_text_report_loads_no_other_reader():
    """`gongkai audit one.txt` in a new process: neither the other readers nor their libraries are imported."""
    code = ("import json, sys; from gongkai.cli import main; main(['audit', sys.argv[1]]); "
            "sys.stderr.write(json.dumps(sorted(sys.modules)))")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], capture_output=True, text=True, env=env,
                       timeout=120)
    loaded = set(json.loads(p.stderr.strip().splitlines()[-1]))
    assert "gongkai.readers.text" in loaded
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY]


# ---------------------------------------------------------------- what a file holds, whatever its name
def _docx_bytes(text: str) -> bytes:
    import io

    from docx import Document
    d = Document()
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_docx_saved_under_a_pdf_or_xlsx_name_is_read_as_the_docx_it_is(tmp_path):
    from gongkai.readers import read_raw
    for name in ("年报.pdf", "年报.xlsx", "年报.doc"):
        path = tmp_path / name
        path.write_bytes(_docx_bytes("某某县2024年政府信息公开工作年度报告"))
        raw = read_raw(path)
        assert raw.reader == "docx", name
        assert any("2024年政府信息公开工作年度报告" in getattr(b, "text", "") for b in raw.blocks), name


def test_a_workbook_saved_under_a_docx_name_is_read_as_a_workbook(tmp_path):
    import io

    from openpyxl import Workbook
    wb = Workbook()
    wb.active.append(["项目", "本年制发件数"])
    out = io.BytesIO()
    wb.save(out)
    path = tmp_path / "统计表.docx"
    path.write_bytes(out.getvalue())
    assert _kind(path, path.read_bytes()[:4096]) == "xlsx"


def test_a_zip_archive_is_refused_as_an_archive_not_as_a_broken_docx(tmp_path):
    import zipfile
    for name in ("年报.zip", "年报.docx", "年报.pdf"):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("甲镇年报.txt", "2024年度报告")
        with pytest.raises(ReadError) as err:
            _read_kind(_kind(path, path.read_bytes()[:4096]), path, name)
        assert "ZIP 压缩包" in str(err.value) and "word/document.xml" not in str(err.value), name


def test_a_word_97_file_under_a_pdf_name_goes_to_the_legacy_reader_as_a_doc(tmp_path, monkeypatch):
    from gongkai.readers import OLE_MAGIC, legacy
    seen = {}

    def fake(path, source, suffix=""):
        seen.update(path=path, suffix=suffix)
        raise ReadError(source, "stop")

    monkeypatch.setattr(legacy, "read_legacy", fake)
    path = tmp_path / "年报.pdf"
    path.write_bytes(OLE_MAGIC + b"\0" * 600)
    assert _kind(path, path.read_bytes()[:4096]) == "doc"
    with pytest.raises(ReadError):
        _read_kind("doc", path, "年报.pdf")
    assert seen == {"path": path, "suffix": ".doc"}


@pytest.mark.parametrize("name", ["年报.html", "年报.txt", "年报.md", "年报"])
def test_office_packages_are_read_by_content_whatever_the_name(tmp_path, name):
    """A DOCX named .html or an XLSX named .txt is read as what it is, as a DOCX named .pdf already was —
    never refused as "文件不是文本（含二进制内容）" (issue 11, the tester's hostile files)."""
    import io

    from openpyxl import Workbook
    path = tmp_path / name
    path.write_bytes(_docx_bytes("某某县2024年政府信息公开工作年度报告"))
    assert _kind(path, path.read_bytes()[:4096]) == "docx"
    wb = Workbook()
    wb.active.append(["项目", "本年制发件数"])
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    assert _kind(path, path.read_bytes()[:4096]) == "xlsx"


@pytest.mark.parametrize("name", ["年报.txt", "年报.html", "年报.doc", "年报"])
def test_rtf_and_word_97_files_are_told_by_their_first_bytes(tmp_path, name):
    from gongkai.readers import OLE_MAGIC
    path = tmp_path / name
    path.write_bytes(b"{\\rtf1\\ansi\\ansicpg936 " + "年度报告".encode("gbk") + b"}")
    assert _kind(path, path.read_bytes()[:4096]) == "rtf"
    path.write_bytes(OLE_MAGIC + b"\0" * 600)
    assert _kind(path, path.read_bytes()[:4096]) == "doc"


def test_a_web_page_saved_as_txt_is_read_as_html(tmp_path):
    path = tmp_path / "年报.txt"
    path.write_bytes("<!DOCTYPE html>\n<html><body><p>某某县2024年政府信息公开工作年度报告</p></body></html>".encode())
    assert _kind(path, path.read_bytes()[:4096]) == "html"
    path.write_bytes("说明：<p> 标签不是网页\n正文".encode())
    assert _kind(path, path.read_bytes()[:4096]) == "text"


@pytest.mark.parametrize("name, says", [("年报.xls", "不是 Excel 97-2003 工作簿"), ("年报.et", "不是 Excel 97-2003 工作簿"),
                                        ("年报.ods", "不是 OpenDocument 电子表格")])
def test_a_damaged_workbook_is_called_a_damaged_workbook(tmp_path, name, says):
    """Binary bytes under a workbook's name that are neither OLE2 nor ZIP: the reader of that kind says the file is
    damaged or misnamed — not "文件不是文本", which sent the user looking for a text problem."""
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 12)
    with pytest.raises(ReadError) as err:
        read_raw(path)
    assert says in str(err.value) and "不是文本" not in str(err.value)


@pytest.mark.parametrize("body", [b"<table><tr><td>1</td></tr></table>", "表三\t1\t2\n".encode()])
def test_a_web_page_or_text_saved_as_xls_is_still_read_as_what_it_is(tmp_path, body):
    """Systems export HTML tables and tab text as ".xls": no NUL byte, so still read as a web page or text."""
    path = tmp_path / "导出.xls"
    path.write_bytes(body)
    assert _kind(path, body) in ("html", "text")


@pytest.mark.parametrize("name, parts", [
    ("年报.docx", {"[Content_Types].xml": "<x/>", "word/document.xml": "<w:document"}),  # python-docx: AttributeError
    ("年报.docx", {"[Content_Types].xml": "<Types", "word/document.xml": "<w:document/>"}),  # lxml: XMLSyntaxError
    ("年报.xlsx", {"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<workbook"}),  # openpyxl
])
def test_a_damaged_office_file_is_explained_without_python_internals(tmp_path, name, parts):
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for part, text in parts.items():
            z.writestr(part, text)
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    with pytest.raises(ReadError) as err:
        read_raw(path)
    message = str(err.value)
    assert "损坏" in message and "另存为" in message
    assert not any(word in message for word in ("object", "attribute", "Error", "lxml", "line"))

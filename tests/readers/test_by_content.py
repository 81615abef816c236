"""A file is read by what it holds, not by its name: Markdown saved as .txt or .html, pipe-table rows inside a
plain-text file, an .html file that is only text."""

from __future__ import annotations

import quopri
import random

import pytest
from office_helpers import consistent_values, report_from_values
from test_roundtrip import assert_same_cells

from gongkai.readers import kind_by_content, read_raw, read_report
from gongkai.writers import write_html, write_markdown


def _report(seed=7):
    rep = report_from_values(consistent_values(random.Random(seed), 60),
                             title="测试市测试局2024年政府信息公开工作年度报告")
    return rep


@pytest.mark.parametrize("suffix", [".txt", ".html", ".md", ".htm"])
def test_markdown_is_read_as_markdown_whatever_the_suffix(tmp_path, suffix):
    rep = _report()
    path = tmp_path / f"report{suffix}"
    path.write_text(write_markdown(rep), encoding="utf-8")
    raw = read_raw(path)
    assert raw.reader == "markdown"
    got = read_report(path)
    assert_same_cells(rep, got)
    assert got.year == 2024


def test_content_decides_the_kind():
    md = "# 标题\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".encode()
    assert kind_by_content(md, "text") == "markdown"
    assert kind_by_content(md, "html") == "markdown"
    assert kind_by_content("<html><body><p>| a |</p></body></html>".encode(), "html") == "html"
    assert kind_by_content("一、总体情况\n本年度……\n".encode("gb18030"), "html") == "text"
    assert kind_by_content("一、总体情况\n本年度……\n".encode(), "text") == "text"


def test_pipe_rows_in_a_text_file_are_rows_and_delimiter_rows_are_not(tmp_path):
    """No delimiter row under the first row, so not Markdown by content: the text reader still reads each
    pipe line as a row (its digits are cells, not separate runs) and skips a delimiter row anywhere."""
    from gongkai.readers.text import read_text
    doc = read_text("三、收到和处理政府信息公开申请情况\n| 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
                    "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n|---|---|---|---|---|---|---|\n", "t.txt")
    rows = [b for b in doc.blocks if b.__class__.__name__ == "RowBlock"]
    assert [[c.text for c in r.cells] for r in rows] == [
        ["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"], ["0"] * 7]


@pytest.mark.parametrize("garble", ["big5", "latin1-mojibake", "replacement"])
def test_text_decoded_with_the_wrong_codec_is_diagnosed_not_called_not_a_report(tmp_path, garble):
    from gongkai.readers import NotAReport, ReadError
    text = "\n".join(line.replace("|", " ") for line in write_markdown(_report()).splitlines()
                     if not line.startswith("#"))
    data = {"big5": lambda: text.encode("big5", "replace"),
            "latin1-mojibake": lambda: text.encode("utf-8").decode("latin-1").encode("utf-8"),
            "replacement": lambda: text.encode("gbk").decode("utf-8", "replace").replace("\ufffd\ufffd", "锟斤拷")
            .encode("utf-8")}[garble]()
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_report(path)
    assert not isinstance(err.value, NotAReport)
    assert err.value.message.startswith("编码可能有误")


def test_a_chinese_text_that_is_not_a_report_is_still_not_a_report(tmp_path):
    from gongkai.readers import NotAReport
    path = tmp_path / "notice.txt"
    path.write_text("关于召开全县政务公开工作会议的通知\n请各单位于下周一上午九时到县政府三楼会议室参加会议。\n" * 5,
                    encoding="gbk")
    with pytest.raises(NotAReport):
        read_report(path)


def test_pipe_rows_printed_as_paragraphs_of_an_html_page_are_rows(tmp_path):
    """A page whose CMS did not render the Markdown: each pipe row a paragraph (or a <br> line)."""
    rep = _report()
    md = write_markdown(rep)
    body = "".join(f"<p>{line}</p>" if not line.startswith("#") else f"<h2>{line.lstrip('# ')}</h2>"
                   for line in md.splitlines() if line.strip())
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>{rep.title}</title></head><body>{body}</body></html>", encoding="utf-8")
    assert read_raw(path).reader == "html"
    assert_same_cells(rep, read_report(path))


def test_crawler_header_above_markdown_content_is_metadata(tmp_path):
    rep = _report()
    md = "\n".join(line for line in write_markdown(rep).splitlines() if not line.startswith("# "))
    path = tmp_path / "page.txt"
    path.write_text(f"标题: {rep.title}\n发布时间: 2025-01-20\n==================== 正文 ====================\n{md}\n",
                    encoding="utf-8")
    got = read_report(path)
    assert got.title == rep.title and got.year == 2024 and got.agency == "测试市测试局"
    assert_same_cells(rep, got)
    assert read_raw(path).blocks[0].location.line == 5  # lines counted in the file as it is


def test_notes_in_a_western_language_quoting_a_reports_headings_are_not_a_report(tmp_path):
    """A source list or README about reports quotes their title and headings but is not one (the corpus's own
    SOURCES.md was audited as a 2021 report with 9 errors)."""
    import pytest

    from gongkai.readers import NotAReport, read_report
    notes = tmp_path / "SOURCES.md"
    notes.write_text("# Sources\n\nThe file is the 平潭综合实验区2021年政府信息公开工作年度报告, downloaded from the "
                     "official site. Its sections are 一、总体情况 and 二、主动公开政府信息情况, then 三、收到和处理政府"
                     "信息公开申请情况. We checked the tables by hand and wrote the expected values into the tests; "
                     "the numbers in the text were copied as printed, including the year 2021 and the date.\n",
                     encoding="utf-8")
    with pytest.raises(NotAReport):
        read_report(notes)


def _mhtml(html: str, charset: str = "utf-8") -> bytes:
    """A web archive as Word's "single file web page" writes one: MIME, the page quoted-printable, an image."""
    page = quopri.encodestring(html.encode(charset)).decode("ascii")
    return ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_X\"\r\n\r\n"
            "This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
            "------=_NextPart_X\r\nContent-Location: file:///C:/report.htm\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            f"Content-Type: text/html; charset=\"{charset}\"\r\n\r\n{page}\r\n"
            "------=_NextPart_X\r\nContent-Location: file:///C:/report_files/image001.png\r\n"
            "Content-Transfer-Encoding: base64\r\nContent-Type: image/png\r\n\r\niVBORw0KGgo=\r\n"
            "------=_NextPart_X--\r\n").encode("ascii")


@pytest.mark.parametrize("name,charset", [("report.mht", "utf-8"), ("单一文件网页.doc", "gb2312"),
                                          ("report.mhtml", "utf-8")])
def test_a_web_archive_is_read_as_its_html_page(tmp_path, name, charset):
    rep = _report(8)
    path = tmp_path / name
    html = write_html(rep).replace('charset="utf-8"', f'charset="{charset}"')
    path.write_bytes(_mhtml(html, charset))
    raw = read_raw(path)
    assert raw.reader == "html" and raw.meta["converted_from"] == "mhtml"
    got = read_report(path)
    assert got.title == "测试市测试局2024年政府信息公开工作年度报告"
    assert_same_cells(rep, got)


def test_a_pdf_under_another_name_is_read_as_a_pdf(tmp_path, corpus):
    pdf = corpus("pdf/2024_huaian-hongze-qu.pdf")
    for name in ("年报.doc", "年报.txt", "年报.docx"):
        path = tmp_path / name
        path.write_bytes(pdf.read_bytes())
        assert read_raw(path).reader == "pdf", name
    assert read_report(tmp_path / "年报.doc").year == 2024


def test_a_web_page_saved_as_docx_is_read_as_html(tmp_path):
    rep = _report(9)
    path = tmp_path / "年报.docx"
    path.write_text(write_html(rep), encoding="utf-8")
    assert read_raw(path).reader == "html"
    assert_same_cells(rep, read_report(path))

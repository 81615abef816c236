"""What a fresh tester (issue 11, tester 7) found read or audited wrong in consistent reports: fixtures of our own."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers.base import ReadError
from gongkai.readers.ooxml import _declares_entities, check_package


def _package(**parts: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("content.xml", "<office:document-content/>")
        for name, data in parts.items():
            z.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


ABIWORD_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE manifest:manifest PUBLIC '
                    b'"-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">\n'
                    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')


def test_a_plain_public_doctype_is_no_entity_abiword_odt_manifest():
    check_package(_package(META__INF__manifest=b"", **{"META-INF__manifest.xml": ABIWORD_MANIFEST}),
                  "a.odt", "ODT", "content.xml")


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    b'<!DOCTYPE x SYSTEM "http://example.com/x.dtd">',
    b'<!DOCTYPE x PUBLIC "-//x//EN" "http://example.com/x.dtd">',
    b'<!DOCTYPE x SYSTEM "../x.dtd">',
    b'<!DOCTYPE x PUBLIC "a" "b.dtd" [<!ENTITY a "b">]>',
    b'<!DOCTYPE x PUBLIC "a" "b.dtd"><!ENTITY a "b">',
    b'<!ENTITY a "b">',
    b'<!DOCTYPE x><!DOCTYPE y>',
])
def test_entities_internal_subsets_and_fetched_dtds_are_still_refused(doctype):
    part = b'<?xml version="1.0"?>' + doctype + b"<x/>"
    with pytest.raises(ReadError, match="DOCTYPE/ENTITY"):
        check_package(_package(**{"META-INF__manifest.xml": part}), "a.odt", "ODT", "content.xml")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='<!DOCTYPENIYSMPUBLC "[]>%&;x:./-\'', max_size=60))
def test_any_entity_declaration_is_refused(text):
    part = text.encode()
    if b"<!ENTITY" in part.upper():
        assert _declares_entities(part)
    at = part.upper().find(b"<!DOCTYPE")
    if at >= 0 and not _declares_entities(part):  # an allowed DOCTYPE: no internal subset, no path or URL
        declaration = part[at:part.index(b">", at)]
        assert b"[" not in declaration and (b"SYSTEM" not in declaration or b"/" not in declaration)


# ---------------------------------------------------------------- E2: table 四 printed with every cell empty
import random  # noqa: E402
import re  # noqa: E402

from office_helpers import consistent_values, report_from_values  # noqa: E402

from gongkai.audit import audit  # noqa: E402
from gongkai.format import FORMAT_2021  # noqa: E402
from gongkai.readers import lost_glyphs_diagnosis, read_report  # noqa: E402
from gongkai.readers.base import RawDocument, TextBlock  # noqa: E402
from gongkai.readers.docx import read_docx  # noqa: E402
from gongkai.readers.html import read_html  # noqa: E402
from gongkai.readers.mapping import map_document  # noqa: E402
from gongkai.readers.markdown import read_markdown  # noqa: E402
from gongkai.readers.xlsx import read_xlsx  # noqa: E402
from gongkai.report import Location  # noqa: E402
from gongkai.writers import write_html, write_markdown  # noqa: E402
from gongkai.writers.docx import build_document  # noqa: E402

T4 = [("四", r.id, c.id) for r, c in FORMAT_2021.table("四").cells()]
READ_FAIL = {"C02", "C03", "C08", "P08"}


def _docx_bytes(rep) -> bytes:
    buf = io.BytesIO()
    build_document(rep).save(buf)
    return buf.getvalue()


def _xlsx_bytes(rep) -> bytes:
    import tempfile
    from pathlib import Path

    from gongkai.writers import write_xlsx

    with tempfile.TemporaryDirectory() as d:
        return write_xlsx(rep, Path(d) / "r.xlsx").read_bytes()


READERS = {
    "xlsx": lambda rep: read_xlsx(_xlsx_bytes(rep), "r.xlsx"),  # (a spreadsheet keeps no empty row: header only)
    "html": lambda rep: read_html(write_html(rep).encode("utf-8"), "r.html"),
    "markdown": lambda rep: read_markdown(write_markdown(rep), "r.md"),
    "docx": lambda rep: read_docx(_docx_bytes(rep), "r.docx"),
}


@pytest.mark.parametrize("kind", sorted(READERS))
@pytest.mark.parametrize("seed", range(3))
def test_table_four_printed_with_every_cell_empty_is_read_blank_not_missing(kind, seed):
    values = consistent_values(random.Random(seed))
    rep = report_from_values({k: v for k, v in values.items() if k[0] != "四"}, blanks=T4)
    got = map_document(READERS[kind](rep))
    assert "四" in got.tables_found
    assert [got.cells[k].kind for k in T4] == ["blank"] * len(T4)
    for k, v in values.items():  # the other tables as before
        if k[0] != "四" and got.cells[k].kind == "number":
            assert got.cells[k].value == v
    codes = {f.code for f in audit(got) if f.severity == "error"}
    assert not codes & READ_FAIL, codes


NARROW_HEADER = ["行政复议其他结", "行政诉讼", "未经复议直接起诉 复议后起诉", "结果维 结果纠 尚未审",
                 "总计 结果维 结果纠 其他结 尚未审 结果维 结果纠 其他结 尚未审", "持 正 果 结 总计 总计",
                 "持 正 果 结 持 正 果 结"]  # (wkhtmltopdf of narrow cells: each label broken over two lines)


def _layout_text(four_header: bool, digits_after: str = "", narrow: bool = False) -> str:
    """Plain text of a report whose table 四 prints its header but no number (pdftotext of an all-blank row)."""
    values = consistent_values(random.Random(5))
    rep = report_from_values({k: v for k, v in values.items() if k[0] != "四"}, blanks=T4)
    text = write_markdown(rep)
    head, _, tail = text.partition("## 四、")
    tail = tail.split("## 五、", 1)[1]
    lines = ["四、政府信息公开行政复议、行政诉讼情况"]
    if narrow:
        lines += NARROW_HEADER
    elif four_header:
        lines += ["行政复议          行政诉讼", "结果 结果 其他 尚未 总计  未经复议直接起诉  复议后起诉",
                  "维持 纠正 结果 审结", "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计"]
    lines += [digits_after, "本年度因政府信息公开被申请行政复议0件，提起行政诉讼0件。"]
    return head + "\n".join(lines) + "\n\n## 五、" + tail


@pytest.mark.parametrize("narrow", [False, True])
def test_text_table_four_header_without_numbers_is_a_blank_table(narrow):
    got = map_document(read_markdown(_layout_text(True, narrow=narrow), "r.md"))
    assert [got.cells[k].kind for k in T4] == ["blank"] * len(T4)
    assert not {f.code for f in audit(got) if f.severity == "error"} & READ_FAIL


def test_text_table_four_header_missing_a_label_is_not_read_blank():
    text = _layout_text(True, narrow=True).replace("未经复议直接起诉 复议后起诉", "未经复议直接起诉")
    got = map_document(read_markdown(text, "r.md"))
    assert not any(got.cells[k].kind == "blank" for k in T4)


def test_text_table_four_without_its_header_or_with_stray_digits_is_not_read_blank():
    for text in (_layout_text(False), _layout_text(True, "1 2 3")):
        got = map_document(read_markdown(text, "r.md"))
        assert not any(got.cells[k].kind == "blank" for k in T4)


# ---------------------------------------------------------------- E3: a PDF without CJK glyphs
def test_text_whose_chinese_characters_are_all_boxes_is_refused_with_one_clear_message(tmp_path):
    values = consistent_values(random.Random(1))
    text = write_markdown(report_from_values(values))
    boxed = re.sub(r"[\u4e00-\u9fff]", "■", text)
    p = tmp_path / "r.txt"
    p.write_text(boxed, encoding="utf-8")
    with pytest.raises(ReadError, match="文字无法识别：文件中的汉字没有可提取的文字"):
        read_report(p)
    raw = RawDocument(source="r.pdf", blocks=[TextBlock(boxed, Location("r.pdf"))], reader="pdf")
    assert lost_glyphs_diagnosis(raw).startswith("文字无法识别：PDF 中的汉字没有可提取的文字")


def test_a_few_boxes_in_a_chinese_report_are_no_refusal():
    text = write_markdown(report_from_values(consistent_values(random.Random(2))))
    text = text.replace("一、总体情况", "一、总体情况\n\n" + "■" * 120 + "□")
    assert lost_glyphs_diagnosis(RawDocument(source="r", blocks=[TextBlock(text, Location("r"))], reader="text")) is None


# ---------------------------------------------------------------- E4: a spreadsheet dumped by pandas
def _dataframe_dump(markdown: str) -> str:
    """Each pipe table as pandas prints a sheet (markitdown .xlsx → .md): a header row "title | Unnamed: 1 | …",
    then the printed rows, every empty cell "NaN"."""
    out, lines, k = [], markdown.split("\n"), 0
    while k < len(lines):
        if not lines[k].startswith("|"):
            out.append(lines[k])
            k += 1
            continue
        end = k
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines[k:end]
                if not re.fullmatch(r"[\s|:-]+", line)]
        width = max(map(len, rows))
        out.append("| 表 | " + " | ".join(f"Unnamed: {i}" for i in range(1, width)) + " |")
        out.append("|" + " --- |" * width)
        for r in rows:
            out.append("| " + " | ".join(c or "NaN" for c in r + [""] * (width - len(r))) + " |")
        k = end
    return "\n".join(out)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), blanks=st.sets(st.sampled_from(T4[:5] + T4[10:]), max_size=8))
def test_pandas_nan_cells_of_a_dataframe_dump_are_blank_and_never_shift_numbers(seed, blanks):
    values = consistent_values(random.Random(seed), 5)
    md = write_markdown(report_from_values(values, blanks=blanks))
    want = map_document(read_markdown(md, "r.md"))
    got = map_document(read_markdown(_dataframe_dump(md), "r.md"))
    for key in T4 + [k for k in values if k[0] == "三"]:
        w, g = want.cells[key], got.cells[key]
        if g.kind == "number":
            assert w.kind == "number" and g.value == w.value, key
        assert g.raw != "NaN", key
    for key in blanks:
        assert got.cells[key].kind == "blank", key
    assert not [f for f in audit(got) if f.code == "C05"]


def test_nan_outside_a_dataframe_dump_is_kept_as_printed():
    from gongkai.readers.markdown import _dataframe_blanks
    text = "| 行政许可 | NaN |\n| --- | --- |\n| a | NaN |"
    assert _dataframe_blanks(text) == text
    dump = "| 表 | Unnamed: 1 |\n| --- | --- |\n| NaN | 1 |\n\nNaN 不是表格"
    assert _dataframe_blanks(dump) == "| 表 | |\n| --- | --- |\n|  | 1 |\n\nNaN 不是表格"


# ---------------------------------------------------------------- E5: a sentence ending in a number
def test_a_sentence_whose_line_ends_in_a_number_under_a_value_column_stays_text():
    """"…申请5118件，上年结转87" ⏎ "件，办结5064件": the 87 ends where a table's numbers end (the text's right margin),
    but the words before it hold a count ("5118件"): a sentence, never a row labelled "5118件，上年结转"."""
    from gongkai.readers.pdf import _Line, _values_at_value_columns, _Word

    def word(text, x0, top):
        return _Word(text, x0, x0 + 6 * len(text), top, top + 12)

    rows = []
    for k in range(3):  # a table's rows: label, then numbers whose right edges are 300 and 360
        top = 500 + 20 * k
        line = _Line(1, 20 + k, [word("行政许可", 90, top), word("12", 288, top), word("345", 342, top)])
        line.values = line.words[1:]
        rows.append(line)
    sentence = _Line(1, 11, [word("本年度共收到政府信息公开申请", 90, 100), word("5118", 200, 100),
                             word("件，上年结转", 230, 100), word("87", 348, 100)])
    label = _Line(1, 12, [word("行政强制", 90, 120), word("87", 348, 120)])  # a label then a number: a row
    _values_at_value_columns(rows + [sentence, label], 6.0)
    assert not sentence.values
    assert [w.text for w in label.values] == ["87"]


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice (soffice) 未安装：.odt 读取需要它")
def test_an_odt_whose_content_is_not_well_formed_is_refused_saying_where():
    content = (b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
               b'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               + '\n<text:h>一、总体情况</text:p></office:text></office:body></office:document-content>'.encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", ABIWORD_MANIFEST)
    from gongkai.readers.legacy import read_legacy
    with pytest.raises(ReadError, match="ODT 文件已损坏：content.xml 第 2 行不是完整的 XML"):
        read_legacy(buf.getvalue(), "a.odt", suffix=".odt")

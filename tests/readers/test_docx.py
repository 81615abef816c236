"""DOCX reader: document order, merged cells expanded, unsafe packages refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.readers.base import ReadError, RowBlock, TextBlock
from gongkai.readers.docx import read_docx
from gongkai.readers.mapping import map_document


def _fill_template(path) -> bytes:
    """The blank national template with known numbers typed into its value cells."""
    import docx

    d = docx.Document(str(path))
    t2, t3, t4 = d.tables
    # table 二 (rows 2,3: 规章, 行政规范性文件; 6 行政许可; 9,10 处罚/强制; 13 收费)
    for r, vals in ((2, ["1", "0", "11"]), (3, ["8", "26", "66"])):
        for k, v in enumerate(vals):
            t2.rows[r].cells[1 + k].text = v
    for r, v in ((6, "447228"), (9, "3985758"), (10, "88283"), (13, "96171.6")):
        t2.rows[r].cells[1].text = v
    # table 三: row 3 一、本年新收; row 4 二、上年结转; row 26 （七）总计; row 27 四、结转
    received = ["3001", "53", "0", "0", "61", "4", "3119"]
    for k, v in enumerate(received):
        t3.rows[3].cells[3 + k].text = v
    for k, v in enumerate(["34", "0", "0", "0", "0", "0", "34"]):
        t3.rows[4].cells[3 + k].text = v
    for k, v in enumerate(["2932", "53", "0", "0", "61", "4", "3050"]):
        t3.rows[26].cells[3 + k].text = v
    for k, v in enumerate(["103", "0", "0", "0", "0", "0", "103"]):
        t3.rows[27].cells[3 + k].text = v
    t3.rows[7].cells[3].text = "/"  # （三）1.属于国家秘密 / 自然人: not applicable
    for k, v in enumerate("72 64 178 37 351 13 4 8 1 26 12 1 1 6 20".split()):
        t4.rows[3].cells[k].text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_blank_national_template_filled_with_known_numbers_reads_back(corpus):
    data = _fill_template(corpus("template/national-format-2021-blank.docx"))
    rep = map_document(read_docx(data, "template-filled.docx"))
    assert rep.value("二", "normative_documents", "repealed") == 26
    assert rep.value("二", "penalty", "decisions") == 3985758
    assert str(rep.value("二", "administrative_fees", "amount_10k_yuan")) == "96171.6"
    assert [rep.value("三", "received", c.id) for c in rep.table("三").columns] == [3001, 53, 0, 0, 61, 4, 3119]
    assert rep.value("三", "dispositions_total", "total") == 3050
    assert rep.value("三", "carried_forward", "natural_person") == 103
    assert rep.cell("三", "withheld_state_secret", "natural_person").kind == "not_applicable"
    assert rep.cell("三", "withheld_state_secret", "commercial_enterprise").kind == "blank"  # left empty
    assert rep.value("四", "cases", "lawsuit_after_review_total") == 20


def test_merged_cells_are_expanded_with_spanned_placeholders_in_document_order(corpus):
    raw = read_docx(corpus("template/national-format-2021-blank.docx"))
    kinds = [type(b).__name__ for b in raw.blocks]
    assert kinds.index("RowBlock") > kinds.index("TextBlock")
    first_heading = [b.text for b in raw.blocks if isinstance(b, TextBlock)]
    assert first_heading.index("二、主动公开政府信息情况") < first_heading.index("三、收到和处理政府信息公开申请情况")
    rows3 = [b for b in raw.blocks if isinstance(b, RowBlock) and b.table == 1]
    # header row 0: the note spans 3 columns, 申请人情况 spans 7
    assert [c.spanned for c in rows3[0].cells] == [False, True, True, False] + [True] * 6
    # row 8 (（三）2.其他法律…): 三、本年度办理结果 and （三）不予公开 continue vertical merges
    assert [c.spanned for c in rows3[8].cells[:3]] == [True, True, False]
    assert rows3[8].cells[2].text == "2.其他法律行政法规禁止公开"
    assert rows3[2].cells[4].text == "商业企业"  # two paragraphs "商业" / "企业" joined without a space
    assert all(len(r.cells) == 10 for r in rows3)


def _docx_with(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                          'package/2006/content-types"/>')
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def test_xml_entity_declarations_are_refused_billion_laughs():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol2;</w:document>')
    with pytest.raises(ReadError, match="DOCTYPE/ENTITY") as exc:
        read_docx(_docx_with(bomb), "bomb.docx")
    assert exc.value.source == "bomb.docx"


def test_zip_bomb_is_refused_by_compression_ratio():
    body = b"<w:document xmlns:w='x'>" + b" " * (40 * 1024 * 1024) + b"</w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", body)
    with pytest.raises(ReadError, match="压缩炸弹"):
        read_docx(buf.getvalue(), "zipbomb.docx")


@pytest.mark.parametrize("data,message", [
    (b"", "空的"),
    (b"%PDF-1.7 ...", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc"),
    (b"PK\x03\x04 broken", "损坏"),
])
def test_files_that_are_not_docx_get_a_chinese_error_naming_the_file(data, message):
    with pytest.raises(ReadError, match=message) as exc:
        read_docx(data, "上传.docx")
    assert str(exc.value).startswith("上传.docx")


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    from gongkai.readers import ooxml

    monkeypatch.setattr(ooxml, "MAX_BYTES", 10)
    path = tmp_path / "big.docx"
    path.write_bytes(b"PK" + b"0" * 100)
    with pytest.raises(ReadError, match="过大"):
        read_docx(path)


def test_unaccepted_revisions_are_read_accepted_and_counted(tmp_path):
    """A deleted table row (w:trPr/w:del) with other numbers, deleted text and an inserted paragraph: the
    document is read as if every revision were accepted, and a warning says how many remain."""
    import random
    import re

    from office_helpers import consistent_values, report_from_values
    from test_roundtrip import assert_same_cells

    from gongkai.audit import audit
    from gongkai.writers import write_docx

    rep = report_from_values(consistent_values(random.Random(11), 60))
    path = write_docx(rep, tmp_path / "r.docx")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    rows = re.findall(r"<w:tr\b.*?</w:tr>", xml, flags=re.S)
    total = next(r for r in rows if "（七）总计" in r)
    deleted = re.sub(r"<w:t>\d+</w:t>", "<w:t>999</w:t>", total)
    mark = '<w:del w:id="901" w:author="审核人" w:date="2025-01-01T00:00:00Z"/>'
    deleted = (deleted.replace("<w:trPr>", "<w:trPr>" + mark, 1) if "<w:trPr>" in deleted
               else re.sub(r"^(<w:tr\b[^>]*>)", r"\1<w:trPr>" + mark + "</w:trPr>", deleted))
    xml = xml.replace(total, deleted + total, 1)
    extra = ('<w:p><w:ins w:id="902" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:t>本机关补充说明。</w:t></w:r>'
             '</w:ins><w:del w:id="903" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>已删去的句子。'
             '</w:delText></w:r></w:del></w:p>')
    xml = xml.replace("<w:sectPr", extra + "<w:sectPr", 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    out = tmp_path / "revised.docx"
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    raw = read_docx(out)
    text = " ".join(b.text for b in raw.blocks)
    assert "本机关补充说明。" in text and "已删去的句子" not in text and "999" not in text
    got = map_document(raw)
    assert_same_cells(rep, got)
    findings = [f for f in audit(got) if f.code == "P11"]
    assert len(findings) == 1 and "插入 1 处、删除 2 处" in findings[0].message

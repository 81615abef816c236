"""The HTML reader: blocks in document order, span-expanded table grids, encodings, hostile input.

Expected values were read by eye from the documents' HTML source (the corpus files and the
hand-written fixtures in tests/fixtures/html/), not from the reader's output.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from gongkai.readers.base import RawDocument, ReadError, RowBlock, TextBlock
from gongkai.readers.html import MAX_BYTES, clean_text, read_html

SHANGHAI = "real/2019_shanghai-szfbgt.html"
HANGZHOU = "real/uncertain/2025_ceshishi-hangzhou-style-fixture.html"


def read(path) -> RawDocument:
    return read_html(path.read_bytes(), path.name)


def rows_of(doc: RawDocument, table: int) -> list[RowBlock]:
    return [b for b in doc.blocks if isinstance(b, RowBlock) and b.table == table]


def row_with(doc: RawDocument, label: str, table: int | None = None) -> RowBlock:
    found = [b for b in doc.blocks if isinstance(b, RowBlock) and (table is None or b.table == table)
             and any(c.text == label for c in b.cells)]
    assert len(found) == 1, f"{label!r}: {len(found)} rows"
    return found[0]


def texts(row: RowBlock) -> list[str]:
    return [c.text for c in row.cells]


def spanned(row: RowBlock) -> list[bool]:
    return [c.spanned for c in row.cells]


def index_of(doc: RawDocument, block) -> int:
    return next(i for i, b in enumerate(doc.blocks) if b is block)


# --------------------------------------------------------------------------- Shanghai 2019 (corpus)

@pytest.fixture(scope="module")
def shanghai():
    from conftest import corpus_file
    return read(corpus_file(SHANGHAI))


def test_shanghai_has_the_three_tables_of_the_2019_format(shanghai):
    assert sorted({b.table for b in shanghai.blocks if isinstance(b, RowBlock)}) == [0, 1, 2]
    assert shanghai.reader == "html"
    # table 三: 3 header rows + 一, 二, 20 rows under 三、本年度办理结果, 四 = 26 <tr>
    assert len(rows_of(shanghai, 1)) == 26
    # every table 三 row is 10 positions wide (3 label columns + 7 applicant columns)
    assert {len(r.cells) for r in rows_of(shanghai, 1)} == {10}
    assert len(rows_of(shanghai, 2)) == 4


def test_shanghai_dispositions_total_row_has_printed_numbers_in_place(shanghai):
    row = row_with(shanghai, "（七）总计")
    # <td rowspan=20>三、本年度办理结果</td> covers column 1; （七）总计 has colspan=2
    assert texts(row) == ["", "（七）总计", "", "767", "35", "", "", "2", "1", "805"]
    assert spanned(row) == [True, False, True] + [False] * 7
    assert row.cells[9].location.where == "第2个表格 第25行 第10列"
    assert row.cells[9].location.source == "2019_shanghai-szfbgt.html"
    assert row.cells[9].location.line == 1  # the whole page is one line


def test_shanghai_nbsp_cells_are_blank_real_cells_not_spans(shanghai):
    row = row_with(shanghai, "一、本年新收政府信息公开申请数量")
    assert texts(row) == ["一、本年新收政府信息公开申请数量", "", "", "821", "35", "", "", "2", "1", "859"]
    assert spanned(row) == [False, True, True] + [False] * 7
    carried = row_with(shanghai, "二、上年结转政府信息公开申请数量")
    assert texts(carried)[3:] == ["18", "", "", "", "", "", "18"]
    assert not any(c.spanned for c in carried.cells[3:])


def test_shanghai_rowspan_placeholders_under_row_group_labels(shanghai):
    # 2. sits under （三）不予公开 (rowspan=8) and 三、本年度办理结果 (rowspan=20): both spanned
    row = row_with(shanghai, "2.其他法律行政法规禁止公开")
    assert spanned(row) == [True, True] + [False] * 8
    assert texts(row) == ["", "", "2.其他法律行政法规禁止公开"] + [""] * 7
    first = row_with(shanghai, "1.属于国家秘密")
    assert texts(first)[:4] == ["", "（三）不予公开", "1.属于国家秘密", "14"]
    forward = row_with(shanghai, "四、结转下年度继续办理")
    assert texts(forward) == ["四、结转下年度继续办理", "", "", "72", "", "", "", "", "", "72"]


def test_shanghai_header_rowspans_of_natural_person_and_total(shanghai):
    header = rows_of(shanghai, 1)
    assert texts(header[1])[3] == "自然人" and texts(header[1])[9] == "总计"
    assert texts(header[2])[4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert header[2].cells[3].spanned and header[2].cells[9].spanned
    assert all(c.spanned for c in header[1].cells[:3])  # the 勾稽关系 note: colspan=3 rowspan=3


def test_shanghai_table_four_row_of_values(shanghai):
    values = rows_of(shanghai, 2)[3]
    assert texts(values) == ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]
    assert not any(spanned(values))


def test_shanghai_br_inside_a_header_label_is_joined(shanghai):
    header = rows_of(shanghai, 0)[1]
    assert texts(header)[:3] == ["信息内容", "本年新制作数量", "本年新公开数量"]
    purchase = row_with(shanghai, "政府集中采购")
    assert texts(purchase) == ["政府集中采购", "6", "", "251000元", ""]


def test_shanghai_paragraphs_before_tables_and_bare_text_between_them(shanghai):
    first_row = next(i for i, b in enumerate(shanghai.blocks) if isinstance(b, RowBlock))
    para = [b for b in shanghai.blocks if isinstance(b, TextBlock) and "共受理政府信息公开申请859件" in b.text]
    assert len(para) == 1 and index_of(shanghai, para[0]) < first_row
    assert shanghai.blocks[0].text == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert shanghai.blocks[0].location.where == "第1段"
    # "三、…" is a <p> just before table 三; "四、…" is bare text after a <br /> before table 四
    heading3 = next(b for b in shanghai.blocks if isinstance(b, TextBlock) and b.text == "三、收到和处理政府信息公开申请情况")
    assert shanghai.blocks[index_of(shanghai, heading3) + 1].table == 1
    heading4 = next(b for b in shanghai.blocks
                    if isinstance(b, TextBlock) and b.text == "四、政府信息公开行政复议、行政诉讼情况")
    assert shanghai.blocks[index_of(shanghai, heading4) - 1].table == 1
    assert shanghai.blocks[index_of(shanghai, heading4) + 1].table == 2
    assert shanghai.blocks[-1].text == "无。"


def test_shanghai_entities_are_decoded_in_text(shanghai):
    assert any("《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》" in b.text
               for b in shanghai.blocks if isinstance(b, TextBlock))


# --------------------------------------------------------------------------- 测试市 2025 (corpus)

@pytest.fixture(scope="module")
def hangzhou():
    from conftest import corpus_file
    return read(corpus_file(HANGZHOU))


def test_hangzhou_title_and_paragraph_lines(hangzhou):
    assert hangzhou.title == "测试市2025年政府信息公开工作年度报告"
    heading = next(b for b in hangzhou.blocks if b.text == "一、总体情况")
    assert isinstance(heading, TextBlock) and heading.location.line == 5
    fee = hangzhou.blocks[-1]
    assert fee.text.endswith("实际收取信息处理费共计400元。") and fee.location.line == 85


def test_hangzhou_dispositions_total_and_carried_forward(hangzhou):
    total = row_with(hangzhou, "（七）总计")
    assert texts(total)[3:] == ["13364", "252", "0", "44", "121", "29", "13810"]
    assert total.location.line == 61
    forward = row_with(hangzhou, "四、结转下年度继续办理")
    assert texts(forward) == ["四、结转下年度继续办理", "", "", "783", "6", "0", "2", "25", "3", "819"]
    assert forward.cells[9].location.where == "第2个表格 第28行 第10列"
    assert forward.cells[9].location.line == 62


def test_hangzhou_rowspan_22_covers_exactly_the_result_rows(hangzhou):
    rows = rows_of(hangzhou, 1)
    assert texts(rows[5])[:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert all(r.cells[0].spanned for r in rows[6:27])  # 21 rows below the label
    assert not rows[27].cells[0].spanned  # 四、结转… is a row of its own
    other = row_with(hangzhou, "3.其他")
    assert texts(other)[:4] == ["", "", "3.其他", "941"] and spanned(other)[:2] == [True, True]


def test_hangzhou_explicit_empty_header_cells_stay_blank_not_spanned(hangzhou):
    # the fixture writes <td></td> under 自然人 and 总计 instead of using rowspan
    sub = rows_of(hangzhou, 1)[2]
    assert sub.cells[3].text == "" and not sub.cells[3].spanned
    assert sub.cells[9].text == "" and not sub.cells[9].spanned
    review_header = rows_of(hangzhou, 2)[2]
    assert texts(review_header)[:5] == [""] * 5 and not any(spanned(review_header)[:5])


def test_hangzhou_proactive_table_colspan_values(hangzhou):
    licensing = row_with(hangzhou, "行政许可")
    assert texts(licensing) == ["行政许可", "11398889", "", ""]
    assert spanned(licensing) == [False, False, True, True]
    assert texts(row_with(hangzhou, "行政规范性文件")) == ["行政规范性文件", "564", "984", "4185"]


# --------------------------------------------------------------------------- own fixtures

def test_gbk_bytes_declared_gb2312_decode_as_gb18030():
    path = FIXTURES / "html" / "gbk_declared_gb2312.html"
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # the page really has GBK-only characters (喆 堃 瑄)
    doc = read(path)
    assert doc.meta == {"encoding": "gb18030", "declared_encoding": "gb2312"}
    assert doc.title == "喆园街道办事处2023年政府信息公开工作年度报告"
    assert doc.blocks[0].text == "喆园街道办事处（堃山社区、瑄湖社区）2023年政府信息公开工作年度报告"
    received = row_with(doc, "一、本年新收政府信息公开申请数量")
    assert texts(received)[3:] == ["3", "0", "0", "0", "0", "0", "3"]
    assert received.location.line == 13


def test_page_declared_utf8_but_written_in_gbk_still_decodes():
    data = '<meta charset="utf-8"><p>镕基路街道收到申请５件</p>'.encode("gbk")
    doc = read_html(data, "mislabelled.html")
    assert doc.blocks[0].text == "镕基路街道收到申请５件"
    assert doc.meta["encoding"] == "gb18030"


def test_page_declared_gbk_but_written_in_utf8_is_read_as_utf8():
    text = "本年度共收到政府信息公开申请８５９件，办结８０５件。"
    data = f'<meta charset="gbk"><p>{text}</p>'.encode("utf-8")
    assert read_html(data, "x.html").blocks[0].text == text


def test_short_gbk_text_that_happens_to_be_valid_utf8_follows_the_declaration():
    assert "一".encode("gbk").decode("utf-8") == "һ"  # D2 BB: valid UTF-8 by chance
    data = '<meta charset="gb2312"><p>一</p>'.encode("gbk")
    assert read_html(data, "one.html").blocks[0].text == "一"


def test_utf16_with_bom():
    data = "\ufeff<p>三、收到和处理政府信息公开申请情况</p>".encode("utf-16-le")
    assert read_html(data, "u16.html").blocks[0].text == "三、收到和处理政府信息公开申请情况"


@pytest.fixture(scope="module")
def word():
    return read(FIXTURES / "html" / "word_export_fullwidth.html")


def test_full_width_digits_are_kept_as_printed(word):
    received = row_with(word, "一、本年新收政府信息公开申请数量")
    # <font>１</font><font>２</font> inside one cell is one value, "１２"
    assert texts(received) == ["一、本年新收政府信息公开申请数量", "", "", "１０", "２", "１２"]
    para = next(b for b in word.blocks if "本年度共收到" in b.text)
    assert para.text == "本年度共收到政府信息公开申请１２件，较上年增加 ３ 件。"


def test_word_export_nested_inline_tags_join_into_one_paragraph(word):
    heading = next(b for b in word.blocks if b.text.startswith("三、"))
    assert heading.text == "三、收到和处理政府信息公开申请情况"
    assert isinstance(heading, TextBlock) and heading.location.line == 15


def test_word_export_missing_end_tags_th_thead_and_blank_cells(word):
    header = rows_of(word, 0)[0]
    assert texts(header) == ["项 目", "", "", "自然人", "商业企业", "总计"]  # 商业<br>企业 joined
    carried = row_with(word, "二、上年结转政府信息公开申请数量")
    # &nbsp; and U+3000 cells are blank real cells; "0" is a zero
    assert texts(carried)[3:] == ["", "", "0"] and not any(spanned(carried)[3:])
    assert received_line(word) == 27


def received_line(doc):
    return row_with(doc, "一、本年新收政府信息公开申请数量").location.line


def test_script_style_and_head_text_are_skipped_title_is_used(word):
    assert word.title == "示例区2022年政府信息公开工作年度报告"
    everything = " ".join(b.text for b in word.blocks)
    assert "不应出现的脚本文字" not in everything and "mso-style" not in everything
    assert "示例区2022年政府信息公开工作年度报告" not in [b.text for b in word.blocks]  # only as title


def test_br_separated_lines_are_separate_paragraphs(word):
    i = next(i for i, b in enumerate(word.blocks) if b.text == "四、政府信息公开行政复议、行政诉讼情况")
    assert [b.text for b in word.blocks[i:i + 3]] == [
        "四、政府信息公开行政复议、行政诉讼情况", "本年度未发生行政复议。", "本年度未发生行政诉讼。"]
    assert [b.text for b in word.blocks[-2:]] == ["第一项说明", "第二项说明"]  # <li>
    assert word.blocks[-1].location.where == f"第{sum(isinstance(b, TextBlock) for b in word.blocks)}段"


@pytest.fixture(scope="module")
def spans():
    return read(FIXTURES / "html" / "spans_and_layout.html")


def test_official_table3_header_spans_expand_to_ten_columns(spans):
    rows = rows_of(spans, 0)
    assert texts(rows[0])[3] == "申请人情况" and spanned(rows[0]) == [False, True, True, False] + [True] * 6
    assert texts(rows[1]) == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert spanned(rows[2]) == [True, True, True, True, False, False, False, False, False, True]
    assert texts(rows[5])[:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert texts(rows[6])[:3] == ["", "", "2.其他法律行政法规禁止公开"] and spanned(rows[6])[:2] == [True, True]


def test_single_column_layout_table_is_read_as_text_not_as_a_table(spans):
    assert isinstance(spans.blocks[0], TextBlock)
    assert spans.blocks[0].text == "三、收到和处理政府信息公开申请情况"
    assert spans.blocks[1].table == 0  # the data table nested in the layout frame is table 0
    assert spans.blocks[-1].text == "结束语。"


def test_garbage_and_oversized_spans_are_read_as_a_browser_would(spans):
    rows = rows_of(spans, 1)
    # rowspan="2;" → 2; colspan="abc" → 1
    assert texts(rows[0]) == ["（四）无法提供", "1.本机关不掌握相关政府信息", "3"]
    assert texts(rows[1]) == ["", "2.没有现成信息需要另行制作", "1"] and rows[1].cells[0].spanned
    # rowspan="99" stops at the last row; colspan="4" at the row end does not widen the table
    assert texts(rows[2]) == ["（七）总计", "9", "6"]
    assert texts(rows[3]) == ["四、结转下年度继续办理", ""] and rows[3].cells[1].spanned
    assert rows[3].cells[1].location.where == "第2个表格 第4行 第2列"


def test_nested_table_is_its_own_table_and_not_repeated_in_the_outer_cell(spans):
    outer, inner = rows_of(spans, 2), rows_of(spans, 3)
    assert texts(outer[0]) == ["外层表格左", "外层右：内表之后"]
    assert [texts(r) for r in inner] == [["内表甲", "内表乙"], ["内表丙", ""]]
    order = [b.table for b in spans.blocks if isinstance(b, RowBlock)]
    assert order[-4:] == [2, 3, 3, 2]  # document order: outer row 1, inner rows, outer row 2
    assert "内表甲" not in " ".join(c.text for r in outer for c in r.cells)


# --------------------------------------------------------------------------- hostile input

def test_empty_file_is_a_read_error_naming_the_file():
    for data in (b"", b"   \r\n\t "):
        with pytest.raises(ReadError) as e:
            read_html(data, "空报告.html")
        assert e.value.source == "空报告.html" and "空报告.html" in str(e.value)
        assert "为空" in e.value.message


def test_binary_garbage_is_a_read_error():
    garbage = random.Random(20240101).randbytes(4096)
    with pytest.raises(ReadError) as e:
        read_html(garbage, "garbage.bin")
    assert "garbage.bin" in str(e.value) and re.search(r"[\u4e00-\u9fff]", e.value.message)


def test_pdf_given_to_the_html_reader_says_so():
    with pytest.raises(ReadError, match="PDF"):
        read_html(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.html")


def test_file_over_the_size_limit_is_refused_before_parsing():
    unit = "<p>申请</p>".encode()
    huge = unit * (MAX_BYTES // len(unit) + 1)
    assert len(huge) > MAX_BYTES
    with pytest.raises(ReadError) as e:
        read_html(huge, "huge.html")
    assert "huge.html" in str(e.value) and "上限" in e.value.message


def test_page_without_text_is_a_read_error():
    with pytest.raises(ReadError, match="没有可读取"):
        read_html(b"<html><head><title>x</title></head><body><script>1</script></body></html>", "blank.html")


def test_undecodable_bytes_are_a_read_error():
    # 0x80 and 0xFF are not valid lead bytes in UTF-8 or GB18030
    with pytest.raises(ReadError, match="编码"):
        read_html(b"<p>\x80\xff\x80\xff</p>", "bad.html")


def test_absurd_spans_do_not_blow_up():
    rows = "".join(f'<tr><td rowspan="65534" colspan="1000">{i}</td></tr>' for i in range(3000))
    with pytest.raises(ReadError, match="合并单元格"):
        read_html(f"<table>{rows}</table>".encode(), "spans.html")


def test_deeply_nested_markup_is_read_or_refused_never_truncated():
    data = ("<div>" * 1500 + "<p>深处的文字</p>" + "</div>" * 1500).encode()
    assert read_html(data, "deep.html").blocks[-1].text == "深处的文字"
    data = ("<div>" * 5000 + "<p>深处的文字</p>" + "</div>" * 5000).encode()
    with pytest.raises(ReadError, match="嵌套层级过深"):
        read_html(data, "deeper.html")


# --------------------------------------------------------------------------- laws

_cell_text = st.text(alphabet="一二三0１2 　\xa0", max_size=4)
_span_attr = st.one_of(st.none(), st.sampled_from(["0", "1", "2", "3", "2;", "abc", "-1", " 4", "99"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(_cell_text, _span_attr, _span_attr), min_size=1, max_size=5),
                min_size=1, max_size=6))
def test_every_printed_cell_appears_once_in_order_and_spans_add_only_placeholders(table):
    # a first column counting the rows from 0 under an empty corner is a data frame's index, not cells of the
    # table (base.without_row_numbers, tests/readers/test_markdown.py): the law is about the other tables
    assume(not any(clean_text(row[0][0]) == "0" for row in table))
    html = "<table>" + "".join(
        "<tr>" + "".join(
            "<td{}{}>{}</td>".format(f' rowspan="{rs}"' if rs is not None else "",
                                     f' colspan="{cs}"' if cs is not None else "", text)
            for text, rs, cs in row) + "</tr>" for row in table) + "</table><p>尾</p>"
    doc = read_html(html.encode(), "t.html")
    rows = [b for b in doc.blocks if isinstance(b, RowBlock)]
    printed_texts = [clean_text(text) for row in table for text, _, _ in row]
    if not rows:  # a single-column table is a layout frame: its cells are read as paragraphs
        assert [b.text for b in doc.blocks[:-1]] == [t for t in printed_texts if t]
        assert all(len(r) == 1 for r in table)
        return
    assert len(rows) == len(table)
    for row, printed in zip(rows, table):
        real = [c.text for c in row.cells if not c.spanned]
        assert real == [clean_text(text) for text, _, _ in printed]
        assert all(c.text == "" for c in row.cells if c.spanned)


@given(st.text())
def test_whitespace_normalisation_changes_only_whitespace(text):
    out = clean_text(text)
    visible = re.sub(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    assert re.sub(r"\s", "", out) == visible
    assert out == out.strip() and "  " not in out


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=30))
def test_any_gbk_text_in_a_page_declared_gb2312_reads_back_unchanged(text):
    data = f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>{text}</p>'.encode("gbk")
    assert read_html(data, "g.html").blocks[0].text == text


# --------------------------------------------------------------------------- mapped onto the format

def mapped(relative: str):
    from conftest import corpus_file
    from gongkai.readers.mapping import map_document
    return map_document(read(corpus_file(relative)))


def test_shanghai_2019_maps_onto_the_2019_format_with_the_printed_totals():
    rep = mapped(SHANGHAI)
    assert rep.format_id == "2019" and rep.year == 2019
    assert rep.value("三", "received", "total") == 859
    assert rep.value("三", "carried_over", "total") == 18
    assert rep.value("三", "dispositions_total", "total") == 805
    assert rep.value("三", "dispositions_total", "natural_person") == 767
    assert rep.value("三", "carried_forward", "total") == 72
    assert rep.value("三", "unavailable_not_held", "natural_person") == 252
    assert rep.cell("三", "dispositions_total", "total").location.where == "第2个表格 第25行 第10列"
    # &nbsp; cells are blanks, not zeros; Shanghai left 总计 blank except rows 一, 二, （七）, 四
    assert rep.cell("三", "received", "research_institution").kind == "blank"
    assert rep.cell("三", "granted", "total").kind == "blank"
    assert rep.value("二", "rules", "total_published") == 524
    assert rep.value("二", "procurement", "procurement_items") == 6
    assert rep.value("四", "cases", "review_total") == 7
    assert rep.value("四", "cases", "lawsuit_direct_total") == 9
    assert rep.cell("四", "cases", "lawsuit_after_review_total").kind == "blank"


def test_shanghai_procurement_amount_printed_in_yuan_is_25_1_ten_thousand_yuan():
    from decimal import Decimal
    cell = mapped(SHANGHAI).cell("二", "procurement", "procurement_amount")
    assert cell.raw == "251000元"
    assert cell.value == Decimal("25.1")


def test_ceshishi_2025_maps_onto_the_2021_format():
    from decimal import Decimal
    rep = mapped(HANGZHOU)
    assert rep.format_id == "2021" and rep.year == 2025
    assert rep.value("三", "received", "total") == 14069
    assert rep.value("三", "carried_over", "total") == 560
    assert rep.value("三", "other_other", "total") == 965
    assert rep.value("三", "dispositions_total", "total") == 13810
    assert rep.value("三", "carried_forward", "total") == 819
    assert rep.cell("三", "received", "research_institution").kind == "number"  # printed "0"
    assert rep.value("二", "licensing", "decisions") == 11398889
    assert rep.value("二", "administrative_fees", "amount_10k_yuan") == Decimal("316441")
    assert rep.value("四", "cases", "lawsuit_after_review_total") == 156
    assert rep.cell("四", "cases", "review_upheld").location.where == "第3个表格 第4行 第1列"


# ---------------------------------------------------------------- a CMS page laying out its menu and article in a table
def _cms_page(article: str, rng: random.Random) -> str:
    """A government site's page: navigation, a layout table with the column menu beside the article (with its
    index line), the share bar, and a footer with the site's ICP number, identifier and telephone."""
    menu = "".join(f"<li>{x}</li>" for x in ("公开指南", "公开目录", "公开年报", "依申请公开", "政策解读"))
    side = f"<td class='side' width='{rng.choice([160, 180, 220])}'><ul>{menu}</ul></td>"
    main = ("<td class='main'><div class='meta'>索引号：11000000/2025-00012　发布机构：办公室　发布日期：2025-01-20　"
            f"浏览次数：{rng.randint(10, 9999)}</div>{article}<div class='share'>【打印本页】【关闭窗口】</div></td>")
    cells = side + main if rng.random() < 0.5 else main + side
    extra_row = "<tr><td colspan='2'>当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</td></tr>" if rng.random() < 0.5 else ""
    return ("<html><head><meta charset='utf-8'><title>年度报告</title></head><body>"
            "<div class='top'><a href='/'>首页</a> | <a href='#'>政务公开</a></div>"
            f"<table width='100%' class='layout'>{extra_row}<tr>{cells}</tr></table>"
            "<div class='foot'>主办单位：本机关办公室　ICP备案号：X ICP备12345678号　网站标识码：1234000001<br>"
            "联系电话：0000-12345678</div></body></html>")


@pytest.mark.parametrize("seed", range(6))
def test_a_cms_page_with_the_article_in_a_layout_table_reads_every_cell_and_section(seed):
    """The article's headings, paragraphs and tables sit in one cell of a two-column layout table: the layout
    table is a frame, not a data table — every section found (no false C01), every cell read, the footer's
    numbers never taken for a table row (P07)."""
    from office_helpers import consistent_values, report_from_values

    from gongkai.audit import audit
    from gongkai.readers.mapping import map_document
    from gongkai.writers import write_html

    rng = random.Random(seed)
    rep = report_from_values(consistent_values(rng, rng.choice([3, 60, 5000])),
                             title="测试市测试局2024年政府信息公开工作年度报告")
    got = map_document(read_html(_cms_page(write_html(rep), rng).encode("utf-8"), "cms.html"))
    assert {k: (c.kind, c.value) for k, c in got.cells.items() if k in rep.cells} == \
        {k: (c.kind, c.value) for k, c in rep.cells.items()}
    codes = {f.code for f in audit(got)}
    assert not codes & {"C01", "C02", "C03", "P07", "P08"}, codes


_CELL_EDGE = st.text(alphabet=" \n\t\xa0\u3000\r本x", max_size=4)
_CELL_INNER = st.text(alphabet=" \n\t\xa0\u3000\u200b本年新收1２a", max_size=8)


@given(_CELL_EDGE, st.sampled_from(["p", "span", "div", "b", "br", "font"]), _CELL_INNER, _CELL_EDGE)
@settings(max_examples=500)
def test_cell_with_one_child_reads_as_walked(before, tag, inner, after):
    """The quick reading of a cell holding one element with text only (<td><p>label</p></td>) is what walking
    the cell gives, whatever whitespace surrounds it."""
    import lxml.etree

    from gongkai.readers.html import _Walker, parse_html
    from xml.sax.saxutils import escape
    inner = "" if tag == "br" else inner
    page = f"<table><tr><td>{escape(before)}<{tag}>{escape(inner)}</{tag}>{escape(after)}</td><td>1</td></tr></table>"
    cell = next(parse_html(page, "x").iter("td"))
    assert isinstance(cell, lxml.etree._Element)
    walker = _Walker("x")
    assert walker._cell_text(cell) == walker._cell_text_walked(cell)

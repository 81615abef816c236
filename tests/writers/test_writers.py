"""Writers lay the tables out like the official template (national-format-2021-blank.docx, spec §4–§6)."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest
from lxml import etree
from office_helpers import report_from_values, sample_report

from gongkai.format import FORMAT_2021
from gongkai.report import Cell
from gongkai.writers import write_docx, write_html, write_markdown, write_xlsx
from gongkai.writers.layout import cell_text, layout

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_a_cell_prints_as_its_kind_demands_blank_and_zero_differ():
    assert cell_text(Cell("number", 0, "0")) == "0"
    assert cell_text(Cell("blank")) == ""
    assert cell_text(Cell("missing")) == ""
    assert cell_text(Cell("not_applicable", raw="—")) == "—"
    assert cell_text(Cell("number", Decimal("96171.6"), "96171.6")) == "96171.6"


def test_table_3_grid_has_the_note_in_the_3x3_corner_and_the_22_row_dispositions_group():
    grid = layout(sample_report(), FORMAT_2021.table("三"))
    corner = next(c for c in grid.cells if c.role == "corner")
    assert corner.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert (corner.rowspan, corner.colspan) == (3, 3)
    group = next(c for c in grid.cells if c.text == "三、本年度办理结果")
    assert (group.rowspan, group.colspan) == (22, 1)  # spec §5.2: rowspan=22
    withheld = next(c for c in grid.cells if c.text == "（三）不予公开")
    assert withheld.rowspan == 8
    received = next(c for c in grid.cells if c.text == "一、本年新收政府信息公开申请数量")
    assert received.colspan == 3
    legal = next(c for c in grid.cells if c.text == "法人或其他组织")
    assert legal.colspan == 5
    natural = next(c for c in grid.cells if c.text == "自然人")
    assert natural.rowspan == 2
    assert grid.n_rows == 3 + 25 and grid.n_cols == 3 + 7


def test_html_value_cells_name_their_headers_and_headers_have_scope():
    html = write_html(sample_report())
    root = etree.fromstring(html.replace("<style>", "<style><![CDATA[").replace("</style>", "]]></style>"))
    t3 = root.find(".//table[@id='gk-requests']")
    ids = {th.get("id"): th.text for th in t3.iter("th")}
    assert all(th.get("scope") in ("col", "colgroup", "row", "rowgroup") for th in t3.iter("th"))
    first_value = t3.find(".//td[@class='gk-value']")
    named = [ids[h] for h in first_value.get("headers").split()]
    assert named == ["申请人情况", "自然人", "一、本年新收政府信息公开申请数量"]
    assert "<link" not in html and "<script" not in html and "src=" not in html
    assert t3.find(".//td[@class='gk-corner']").text.startswith("（本列数据的勾稽关系为")


def test_markdown_flattens_table_3_headers_with_slashes():
    md = write_markdown(sample_report())
    assert "## 三、收到和处理政府信息公开申请情况" in md
    assert "| 申请人情况/法人或其他组织/商业企业 |" in md
    assert "行政诉讼/复议后起诉/总计" in md
    assert "\n第二十条第（八）项\n" in md


def test_xlsx_keeps_numbers_as_numbers_blank_as_empty_and_not_applicable_as_slash(tmp_path):
    from openpyxl import load_workbook

    values = {("二", "rules", "issued"): 3, ("二", "administrative_fees", "amount_10k_yuan"): Decimal("12.5")}
    rep = report_from_values(values, blanks=[("二", "rules", "repealed")],
                             not_applicable=[("二", "rules", "in_force")])
    path = write_xlsx(rep, tmp_path / "r.xlsx")
    wb = load_workbook(path)
    ws = wb["二、主动公开政府信息情况"]
    assert ws["B3"].value == 3 and ws["C3"].value is None and ws["D3"].value == "/"
    assert ws["A1"].value == "第二十条第（一）项" and "A1:D1" in {str(r) for r in ws.merged_cells.ranges}
    fee = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, float)]
    assert fee == [12.5]
    assert wb.sheetnames == ["正文", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                             "四、政府信息公开行政复议、行政诉讼情况"]  # one sheet per table after the text


def _grid_shape(tbl):
    shape = []
    for tr in tbl.findall(f"{W}tr"):
        row = []
        for tc in tr.findall(f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span = pr.find(f"{W}gridSpan") if pr is not None else None
            vm = pr.find(f"{W}vMerge") if pr is not None else None
            row.append((int(span.get(f"{W}val")) if span is not None else 1,
                        None if vm is None else vm.get(f"{W}val", "continue")))
        shape.append(row)
    return shape


def test_docx_tables_have_the_merged_structure_of_the_official_template(tmp_path, corpus):
    template = corpus("template/national-format-2021-blank.docx")
    ours = write_docx(sample_report(), tmp_path / "r.docx")

    def tables(path):
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"))
        return [_grid_shape(t) for t in root.iter(f"{W}tbl")]

    assert tables(ours) == tables(template)


def test_docx_page_is_a4_with_gbt9704_margins_and_page_numbers(tmp_path):
    import docx

    d = docx.Document(str(write_docx(sample_report(), tmp_path / "r.docx")))
    s = d.sections[0]
    assert [round(x.mm) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin,
                                  s.right_margin)] == [210, 297, 37, 35, 28, 26]
    assert "PAGE" in s.footer._element.xml
    assert d.styles["Normal"].font.size.pt == 16
    assert 'w:eastAsia="仿宋_GB2312"' in d.styles["Normal"].element.xml
    assert d.paragraphs[0].style.name == "Title" and d.styles["Title"].font.size.pt == 22


@pytest.mark.parametrize("fmt_id", ["2019"])
def test_writers_lay_out_the_2019_format_from_its_model_too(fmt_id):
    rep = sample_report()
    rep.format_id = fmt_id
    rep.cells = {}
    rep.ensure_all_cells()
    md = write_markdown(rep)
    assert "第二十条第（九）项" in md and "政府集中采购" in md
    assert "gk-proactive" in write_html(rep)


def test_group_subtotal_printed_instead_of_its_items_spans_the_item_label_column(corpus):
    """洪泽区 2023 printed "（六）其他处理" with values and none of its three items: the grid has that row."""
    from gongkai.readers import read_report

    rep = read_report(corpus("real/2023_huaian-hongze-qu.txt"))
    grid = layout(rep, FORMAT_2021.table("三"))
    other = next(c for c in grid.cells if c.text == "（六）其他处理")
    assert other.colspan == 2 and other.rowspan == 1 and other.row.id == "other_handling"
    assert not any(c.text.startswith("1.申请人无正当理由") for c in grid.cells)
    values = [c.text for c in grid.cells if c.role == "value" and c.row is not None and c.row.id == "other_handling"]
    assert values == ["0"] * 7
    assert grid.n_rows == 3 + 25 - 3 + 1
    md = write_markdown(rep)
    assert "| （六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in md


def test_xlsx_text_sheet_holds_title_preamble_and_the_six_sections_one_paragraph_per_row(tmp_path):
    from openpyxl import load_workbook

    rep = sample_report()
    rep.preamble = [("本报告依据《中华人民共和国政府信息公开条例》编制。", None)]
    ws = load_workbook(write_xlsx(rep, tmp_path / "r.xlsx"))["正文"]
    column_a = [r[0] for r in ws.iter_rows(values_only=True)]
    assert ws.max_column == 1
    assert column_a[0] == "测试市测试局2024年政府信息公开工作年度报告"  # composed: the sample has no printed title
    assert column_a[1] == "本报告依据《中华人民共和国政府信息公开条例》编制。"
    for s in FORMAT_2021.sections:
        assert (rep.sections[s.number].title if s.number in rep.sections else s.title) in column_a


HOSTILE = ['<script>alert("x")</script>本年度共主动公开政府信息1234条。', "<img src=x onerror=alert(1)>",
           "费用 &lt; 1 万元 & *重点* _强调_ `代码` [链接](http://x)", "# 不是标题", "1. 不是列表", "- 不是列表"]


def test_markdown_escapes_raw_html_and_markup_from_the_source_text():
    from markdown_it import MarkdownIt

    from gongkai.readers.markdown import read_markdown
    from gongkai.readers.mapping import map_document

    rep = sample_report()
    rep.sections["一"].paragraphs = [(p, None) for p in HOSTILE]
    md = write_markdown(rep)
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in html and "<img" not in html and "<em>" not in html and "<a " not in html
    assert "<h1>不是标题" not in html and "<ol" not in html and "<ul" not in html
    back = map_document(read_markdown(md.encode("utf-8"), "r.md"))
    assert [p for p, _ in back.sections["一"].paragraphs] == HOSTILE


def _rendered_text(fmt: str, rep, tmp_path) -> list[str]:
    """The rendered document's lines/paragraphs in order (tables left out)."""
    import re as _re

    if fmt == "docx":
        import docx

        return [p.text for p in docx.Document(str(write_docx(rep, tmp_path / "r.docx"))).paragraphs if p.text]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        return [r[0] for r in load_workbook(write_xlsx(rep, tmp_path / "r.xlsx"))["正文"].iter_rows(values_only=True)]
    if fmt == "html":
        return [_re.sub(r"<[^>]+>", "", x) for x in _re.findall(r"<(?:h1|h2|p)[^>]*>.*?</(?:h1|h2|p)>",
                                                                write_html(rep))]
    return [x.lstrip("# ").replace("\\", "") for x in write_markdown(rep).splitlines() if x and not x.startswith("|")]


@pytest.mark.parametrize("fmt", ["docx", "html", "md", "xlsx"])
def test_the_title_is_printed_once_when_the_preamble_repeats_it(fmt, corpus, tmp_path):
    from gongkai.readers import read_report

    rep = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    title = "虎林市阿北乡人民政府2023年政府信息公开 工作年度报告"
    assert rep.preamble[0][0] == title  # the source's first line is the title
    lines = _rendered_text(fmt, rep, tmp_path)
    assert lines.count(title) == 1 and lines[0] == title
    assert lines[1].startswith("按照《中华人民共和国政府信息公开条例》")


@pytest.mark.parametrize("fmt", ["docx", "html", "md", "xlsx"])
def test_the_agency_is_printed_above_a_title_that_lacks_it(fmt, corpus, tmp_path):
    """洪泽区 2023 prints "洪泽区人民政府" on the line above "2023 年政府信息公开工作年度报告"."""
    from gongkai.readers import read_report

    rep = read_report(corpus("real/2023_huaian-hongze-qu.txt"))
    lines = _rendered_text(fmt, rep, tmp_path)
    assert lines[:2] == ["洪泽区人民政府", "2023 年政府信息公开工作年度报告"]
    assert lines[2].startswith("本报告由淮安市洪泽区人民政府办公室")
    assert lines.count("洪泽区人民政府") == 1


def test_page_numbers_odd_on_the_right_even_on_the_left_per_gbt9704(tmp_path):
    """GB/T 9704-2012 §7.5: 4 号半角宋体 numbers between 一字线, 单页码居右空一字, 双页码居左空一字."""
    path = write_docx(sample_report(), tmp_path / "r.docx")
    with zipfile.ZipFile(path) as z:
        settings = etree.fromstring(z.read("word/settings.xml"))
        document = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        refs = {ref.get(f"{W}type"): targets[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                                      "relationships}id")]
                for ref in document.iter(f"{W}footerReference")}
        footers = {kind: etree.fromstring(z.read("word/" + target)) for kind, target in refs.items()}
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    assert set(footers) == {"default", "even"}  # default = odd pages
    for kind, side, indent in (("default", "right", f"{W}right"), ("even", "left", f"{W}left")):
        p = footers[kind].find(f"{W}p")
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == side
        assert p.find(f"{W}pPr/{W}ind").get(indent) == "280"  # one 14 pt character, in twips
        text = "".join(t.text for t in p.iter(f"{W}t"))
        assert text == "— 1 —"
        assert " PAGE " in "".join(t.text for t in p.iter(f"{W}instrText"))
        sizes = {s.get(f"{W}val") for s in p.iter(f"{W}sz")}
        fonts = {f.get(f"{W}eastAsia") for f in p.iter(f"{W}rFonts")}
        assert sizes == {"28"} and fonts == {"宋体"}  # 4 号 = 14 pt = 28 half-points


def test_docx_east_asian_language_is_simplified_chinese(tmp_path):
    """Word and LibreOffice pick CJK glyph forms and punctuation by w:lang/@w:eastAsia."""
    with zipfile.ZipFile(write_docx(sample_report(), tmp_path / "r.docx")) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"


def test_xlsx_unreadable_text_that_looks_like_a_formula_stays_text(tmp_path):
    from openpyxl import load_workbook

    rep = report_from_values({("二", "rules", "issued"): 3})
    rep.cells[("二", "rules", "repealed")] = Cell("unreadable", raw='=HYPERLINK("http://x","点我")')
    wb = load_workbook(write_xlsx(rep, tmp_path / "r.xlsx"))
    cell = wb["二、主动公开政府信息情况"]["C3"]
    assert cell.value == '=HYPERLINK("http://x","点我")' and cell.data_type == "s"

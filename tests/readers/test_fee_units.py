"""Table 二's fee (本年收费金额, 万元) printed in 元 (issue 11): "796000 元" in the cell, 「（单位：元）」 in the column's
header or 「单位：元」 on the line before the table, in Markdown, HTML, text (tab- and space-aligned) and DOCX.

The amount is converted to 万元 exactly (796000 元 is 79.6 万元); a cell printing 元 under a header printing 万元
says two units for one number and is left unread (both readings as candidates, P01 naming the unit); an amount
in 元 that is not a whole number of 分 is left unread (its reading a candidate) with a note naming the unit.  Never a wrong number.
"""

from __future__ import annotations

import io
import random
import zipfile
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.readers.docx import read_docx
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.readers.text import read_text
from gongkai.writers.docx import write_docx
from gongkai.writers.markdown import write_markdown

TITLE = "XX市2021年政府信息公开工作年度报告"
FEE = ("二", "administrative_fees", "amount_10k_yuan")
HEADER = "本年收费金额（单位：万元）"
CAPTION = "第二十条第（八）项"
REPORT = report_from_values(consistent_values(random.Random(13), 60), title=TITLE)
AMOUNT = REPORT.cells[FEE].value  # the generated report's fee, replaced in the printed documents below


def _yuan(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}" if cents % 100 else str(cents // 100)


def _markdown(cell: str, header: str, caption: str) -> str:
    text = write_markdown(REPORT).replace(HEADER, header)
    if caption:
        text = text.replace(f"{CAPTION}\n", f"{CAPTION}\n\n{caption}\n", 1)
    old = f"| 行政事业性收费 | {AMOUNT} |"
    assert text.count(old) == 1
    return text.replace(old, f"| 行政事业性收费 | {cell} |")


def _html(markdown: str) -> bytes:
    """The Markdown rendered as a web page (each table its own ``<table>``, the line before it a ``<p>``)."""
    body = MarkdownIt("commonmark").enable("table").render(markdown)
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode("utf-8")


def _text(markdown: str, sep: str) -> str:
    """The Markdown's tables as text lines, cells apart by ``sep`` (a tab, or spaces as a layout print)."""
    lines = []
    for line in markdown.split("\n"):
        if line.startswith("| ---"):
            continue
        if line.startswith("|"):
            line = sep.join(c.strip() for c in line.strip().strip("|").split("|"))
        lines.append(line.lstrip("# "))
    return "\n".join(lines)


def _readings(cell: str, header: str, caption: str = "") -> dict:
    md = _markdown(cell, header, caption)
    docs = {"md": lambda: read_markdown(md.encode("utf-8"), "收费.md"),
            "html": lambda: read_html(_html(md), "收费.html"),
            "tab": lambda: read_text(_text(md, "\t"), "收费.txt"),
            "spaces": lambda: read_text(_text(md, "    "), "收费.txt")}
    return {name: map_document(read()) for name, read in docs.items()}


def test_a_fee_printed_in_yuan_is_read_in_10k_yuan_in_every_reader():
    for cell, header, caption in (("796000 元", "本年收费金额", ""), ("796000元", "本年收费金额", ""),
                                  ("796000", "本年收费金额（单位：元）", ""), ("796000", "本年收费金额/元", ""),
                                  ("796000", "本年收费金额（单位：人民币元）", ""), ("796000", "本年收费金额", "单位：元"),
                                  ("796000", "本年收费金额", "（单位：元）"), ("79.6", "本年收费金额", "单位：万元"),
                                  ("79.6", HEADER, "")):
        for name, got in _readings(cell, header, caption).items():
            c = got.cells[FEE]
            assert (c.kind, c.value) == ("number", Decimal("79.6")), (cell, header, caption, name, c)


def test_a_cell_in_yuan_under_a_header_in_10k_yuan_is_not_guessed():
    for name, got in _readings("796000 元", HEADER).items():
        c = got.cells[FEE]
        assert c.kind == "ambiguous" and c.candidates == ["79.6", "796000"], (name, c)
        notes = [n for n in got.notes if n.code == "P01" and "796000" in n.message]
        assert notes and "单位为元" in notes[0].message and "万元" in notes[0].message, name
        findings = [f for f in audit(got) if "收费" in f.message]
        assert [f.code for f in findings] == ["P01"] and "单位不一致" in findings[0].message, (name, findings)


def test_an_amount_in_yuan_finer_than_a_fen_is_unread_with_the_unit_named():
    for cell, header in (("123.456元", "本年收费金额"), ("123.456", "本年收费金额（单位：元）")):
        for name, got in _readings(cell, header).items():
            assert got.cells[FEE].kind == "ambiguous", (cell, name, got.cells[FEE])
            assert [n for n in got.notes if n.code == "P01" and "以元为单位" in n.message], (cell, name)
            findings = [f for f in audit(got) if "收费" in f.message]
            assert [(f.code, f.severity) for f in findings] == [("P01", "warning")], (cell, name, findings)


# how the fee is printed: (the cell, the column header, the line before the table, the cell's unit, the header's)
_PRINTS = [
    ("{yuan} 元", "本年收费金额", "", "元", ""),
    ("{yuan}元", "本年收费金额", "", "元", ""),
    ("{yuan}", "本年收费金额（单位：元）", "", "", "元"),
    ("{yuan}", "本年收费金额(元)", "", "", "元"),
    ("{yuan}", "本年收费金额", "单位：元", "", "元"),
    ("{yuan}元", "本年收费金额（单位：元）", "", "元", "元"),
    ("{wan}", HEADER, "", "", "万元"),
    ("{wan}", "本年收费金额", "（单位：万元）", "", "万元"),
    ("{wan}万元", "本年收费金额", "", "万元", ""),
    ("{yuan} 元", HEADER, "", "元", "万元"),
    ("{yuan}元", "本年收费金额", "单位：万元", "元", "万元"),
]


@settings(max_examples=25, deadline=None)
@given(cents=st.integers(0, 10 ** 12), how=st.sampled_from(_PRINTS))
@example(cents=79600000, how=_PRINTS[0])
@example(cents=79600000, how=_PRINTS[-2])
def test_a_fee_in_yuan_or_10k_yuan_is_never_a_wrong_number(cents, how):
    cell, header, caption, own, printed = how
    wan = Decimal(cents).scaleb(-6)  # 1 分 is 0.000001 万元
    cell = cell.format(yuan=_yuan(cents), wan=f"{wan.normalize():f}")
    conflict = own and printed and own != printed and own != "万元"
    for name, got in _readings(cell, header, caption).items():
        c = got.cells[FEE]
        if conflict:
            assert c.kind == "ambiguous" and str(wan.normalize()) in {str(Decimal(x).normalize()) for x in c.candidates}, \
                (cell, header, caption, name, c)
        else:
            assert c.kind == "number" and c.value == wan, (cell, header, caption, name, c)


def _docx(tmp_path, cell: str, header: str) -> bytes:
    """The report written as DOCX, its fee cell and header replaced in the document's XML."""
    path = tmp_path / "收费.docx"
    write_docx(REPORT, path)
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                xml = data.decode("utf-8")
                assert xml.count(f">{AMOUNT}<") == 1 and xml.count(HEADER) == 1
                data = xml.replace(f">{AMOUNT}<", f">{cell}<").replace(HEADER, header).encode("utf-8")
            dst.writestr(name, data)
    return out.getvalue()


def test_a_fee_in_yuan_in_docx(tmp_path):
    for cell, header, kind in (("796000 元", "本年收费金额", "number"), ("796000", "本年收费金额（单位：元）", "number"),
                               ("796000", "本年收费金额/元", "number"), ("796000 元", HEADER, "ambiguous")):
        c = map_document(read_docx(_docx(tmp_path, cell, header), "收费.docx")).cells[FEE]
        assert c.kind == kind and (c.value == Decimal("79.6") if kind == "number" else c.candidates == ["79.6", "796000"])

"""Tiny generators of hostile files (#12 item 4): each is a few KB to a few MB on disk and would,
without the caps, cost seconds to hours or gigabytes of memory.  Nothing big is committed.

Every generator writes into ``folder`` and returns the path.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from pdf_objects import pdf_file

_CT_DOCX = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>')
_RELS_DOCX = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_gridspan_bomb(folder: Path, rows: int = 3000, cells: int = 20, span: int = 1000) -> Path:
    """A DOCX whose one table has ``rows`` × ``cells`` cells, each gridSpan=``span``: ~40 KB on disk,
    60 million grid positions when expanded."""
    tc = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p/></w:tc>'
    tr = "<w:tr>" + tc * cells + "</w:tr>"
    body = (_para("示例县人民政府2023年政府信息公开工作年度报告") + _para("一、总体情况") + _para("三、收到和处理政府信息公开申请情况")
            + "<w:tbl>" + tr * rows + "</w:tbl>" + _para("六、其他需要报告的事项"))
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    path = folder / "gridspan-bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT_DOCX)
        z.writestr("_rels/.rels", _RELS_DOCX)
        z.writestr("word/document.xml", doc)
    return path


def xlsx_merged_whole_sheet(folder: Path) -> Path:
    """An XLSX with one cell and a merged range over the whole sheet (17 billion cells)."""
    path = folder / "merged-sheet.xlsx"
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
          '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          '<sheet name="表三" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>总计</t></is></c>'
             '</row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wbrels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def html_span_bomb(folder: Path, tables: int = 200) -> Path:
    """An HTML page of ``tables`` tables, each well under the per-table span limit (200 000 positions):
    40 million positions in all from under 1 MB."""
    table = ('<table><tr><td colspan="1000" rowspan="200">1</td><td>x</td></tr>' + "<tr><td>2</td></tr>" * 199
             + "</table>")
    html = ("<html><head><meta charset='utf-8'></head><body><h1>示例县人民政府2023年政府信息公开工作年度报告</h1>"
            "<p>一、总体情况</p><p>三、收到和处理政府信息公开申请情况</p>" + table * tables + "</body></html>")
    path = folder / "span-bomb.html"
    path.write_text(html, encoding="utf-8")
    return path


def pdf_inflate_bomb(folder: Path, megabytes: int = 1024) -> Path:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB (zeros, ~2 MB compressed per GB)."""
    comp = zlib.compressobj(1)
    chunk = b" " * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(megabytes)]
    parts.append(comp.flush())
    stream = b"".join(parts)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream
            + b"\nendstream"]
    path = folder / "inflate-bomb.pdf"
    path.write_bytes(pdf_file(objs))
    return path


def _text_report(table3_received: str = "6 0 0 0 0 0 6", narrative: str = "") -> str:
    return f"""示例县人民政府2023年政府信息公开工作年度报告
一、总体情况
2023年，本县共收到政府信息公开申请6件。{narrative}
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量\t{table3_received.replace(' ', chr(9))}
二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
无。
六、其他需要报告的事项
无。
"""


def text_long_claim(folder: Path, digits: int = 100_000) -> Path:
    """A text report whose narrative claims an application count of ``digits`` digits."""
    path = folder / "long-claim.txt"
    path.write_text(_text_report(narrative=f"全年收到政府信息公开申请{'1' * digits}件，其中自然人{'2' * digits}件。"
                                           f"{'3' * digits}件结转下年度。"), encoding="utf-8")
    return path


def text_long_cell(folder: Path, digits: int = 1_000_000) -> Path:
    """A text report whose table 三 has a cell of ``digits`` digits (beyond Python's int() digit limit)."""
    path = folder / "long-cell.txt"
    path.write_text(_text_report(table3_received=f"{'7' * digits} 0 0 0 0 0 6"), encoding="utf-8")
    return path


def text_many_lines(folder: Path, lines: int = 200_000) -> Path:
    """A text report with ``lines`` short sentence lines in section 一 (sentences × paragraphs)."""
    body = "\n".join(f"第{i}项工作已完成。" for i in range(lines))
    path = folder / "many-lines.txt"
    path.write_text(_text_report(narrative="\n" + body), encoding="utf-8")
    return path


GENERATORS = {
    "docx_gridspan_bomb": docx_gridspan_bomb,
    "xlsx_merged_whole_sheet": xlsx_merged_whole_sheet,
    "html_span_bomb": html_span_bomb,
    "pdf_inflate_bomb": pdf_inflate_bomb,
    "text_long_claim": text_long_claim,
    "text_long_cell": text_long_cell,
    "text_many_lines": text_many_lines,
}

"""DOCX whose tables (and headings) are inside text boxes (issue 11, T9 "docx_textbox"): a VML text box
(``w:pict/v:shape/v:textbox/w:txbxContent``), a DrawingML one saved with alternate content (``mc:Choice``: the
``wps:txbx``; ``mc:Fallback``: its VML copy, the same content again) or both nested.  Each box is read once,
as a body of its own (paragraphs and tables) after the paragraph it is anchored in, in document order: every
cell comes back equal — the old reader ran a box's whole table into its anchor paragraph's text (and read an
alternate-content box twice)."""

from __future__ import annotations

import copy
import io
import shutil

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st
from test_layout_generator import ALL_CELLS, EXAMPLES, assert_never_wrong, reports

from gongkai.audit import audit
from gongkai.readers.base import RowBlock, TextBlock
from gongkai.readers.docx import read_docx
from gongkai.readers.mapping import map_document
from gongkai.writers.docx import build_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W, "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
KINDS = ("vml", "alternate", "drawing_only", "nested")


def _el(tag: str, parent=None, **attrs):
    from lxml import etree

    prefix, name = tag.split(":")
    el = etree.Element(f"{{{NS[prefix]}}}{name}", nsmap=NS) if parent is None else \
        etree.SubElement(parent, f"{{{NS[prefix]}}}{name}")
    for k, v in attrs.items():
        el.set(k, v)
    return el


def _vml_box(content: list):
    pict = _el("w:pict")
    shape = _el("v:shape", pict, style="width:480pt;height:560pt")
    box = _el("w:txbxContent", _el("v:textbox", shape))
    for c in content:
        box.append(c)
    _el("w:p", box)
    return pict


def _drawing_box(content: list):
    drawing = _el("w:drawing")
    anchor = _el("wp:anchor", drawing)
    data = _el("a:graphicData", _el("a:graphic", anchor), uri=NS["wps"])
    box = _el("w:txbxContent", _el("wps:txbx", _el("wps:wsp", data)))
    for c in content:
        box.append(c)
    _el("w:p", box)
    return drawing


def _anchor(kind: str, content: list):
    """A paragraph holding ``content`` (body elements: w:p, w:tbl) in a text box of ``kind``."""
    p = _el("w:p")
    r = _el("w:r", p)
    if kind == "vml":
        r.append(_vml_box(content))
    elif kind == "drawing_only":
        r.append(_drawing_box(content))
    elif kind == "alternate":  # Word 2010+: the DrawingML box, its VML copy as the fallback
        alt = _el("mc:AlternateContent", r)
        _el("mc:Choice", alt, Requires="wps").append(_drawing_box(content))
        _el("mc:Fallback", alt).append(_vml_box([copy.deepcopy(c) for c in content]))
    else:  # a box in a box, as alternate content
        inner = _el("w:p")
        _el("w:r", inner).append(_vml_box(content))
        return _anchor("alternate", [inner])
    return p


def boxed_docx(rep, rng, kind: str) -> bytes:
    """:func:`build_document`'s DOCX with each table (with, at times, its section's heading) moved into a text box
    of ``kind`` anchored where the table stood, some boxes' anchor paragraphs carrying text of their own."""
    document = build_document(rep)
    body = document.element.body
    for tbl in list(body.iterchildren(f"{{{W}}}tbl")):
        content = [tbl]
        before = tbl.getprevious()
        if before is not None and before.tag == f"{{{W}}}p" and rng.random() < 0.3:
            content.insert(0, before)  # the heading in the box too
        at = body.index(content[0])
        for c in content:
            body.remove(c)
        anchor = _anchor(kind, content)
        if rng.random() < 0.3:  # the anchor paragraph has words of its own before the box
            r = anchor.find(f"{{{W}}}r")
            t = _el("w:t", _el("w:r"))
            t.text = "（见下表）"
            r.addprevious(t.getparent())
        body.insert(at, anchor)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports(), kind=st.sampled_from(KINDS))
def test_tables_in_text_boxes_read_once_every_cell_equal(case, kind):
    rep, rng = case
    got = map_document(read_docx(boxed_docx(rep, rng, kind), "g.docx"))
    assert_never_wrong(rep, got)
    right = [k for k in ALL_CELLS if rep.cells[k].kind == got.cells[k].kind
             and rep.cells[k].value == got.cells[k].value]
    assert len(right) == len(ALL_CELLS), [k for k in ALL_CELLS if k not in right][:5]
    assert not {f.code for f in audit(got) if f.severity == "error"}


def test_alternate_content_box_read_once_in_document_order():
    import random

    from office_helpers import consistent_values, report_from_values

    rep = report_from_values(consistent_values(random.Random(3)), title="测试市测试局2024年政府信息公开工作年度报告")
    for kind in KINDS:
        raw = read_docx(boxed_docx(rep, random.Random(5), kind), "g.docx")
        rows = [b for b in raw.blocks if isinstance(b, RowBlock)]
        assert len({b.table for b in rows}) == 3, kind  # three tables, none read twice (mc:Fallback)
        texts = [b.text for b in raw.blocks if isinstance(b, TextBlock)]
        assert not any("本年制发件数" in t for t in texts), kind  # no table run into a paragraph
        order = [b.text if isinstance(b, TextBlock) else f"表{b.table}" for b in raw.blocks]
        first_row = order.index("表0")
        assert any("主动公开" in t for t in order[:first_row]), kind


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
@pytest.mark.parametrize("kind", ["vml", "alternate"])
def test_text_boxes_saved_as_rtf_by_libreoffice_never_wrong_and_a_lost_box_said(kind, tmp_path):
    """LibreOffice saves a VML text box into RTF as an empty ``SHAPE`` field: its tables are not in the file.
    Read: nothing invented, and a P18 warning says how many boxes were lost (beside C02's missing tables)."""
    import random

    from office_helpers import consistent_values, report_from_values

    from gongkai.readers.legacy import read_legacy
    from gongkai.writers.pdf import convert_with_soffice

    rep = report_from_values(consistent_values(random.Random(7)), title="测试市测试局2024年政府信息公开工作年度报告")
    (tmp_path / "boxed.docx").write_bytes(boxed_docx(rep, random.Random(1), kind))
    (tmp_path / "out").mkdir()
    rtf = convert_with_soffice(tmp_path / "boxed.docx", "rtf", tmp_path / "out")
    got = map_document(read_legacy(rtf))
    assert_never_wrong(rep, got)
    tables = [b.table for b in read_legacy(rtf).blocks if isinstance(b, RowBlock)]
    lost = [f for f in audit(got) if f.code == "P18"]
    if len(set(tables)) == 3:  # the boxes kept: every cell read
        assert not lost and all(rep.cells[k].value == got.cells[k].value for k in ALL_CELLS)
    else:
        assert lost and lost[0].severity == "warning" and "文本框" in lost[0].message, kind

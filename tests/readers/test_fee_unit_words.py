"""Table 二's fee (万元) under a bare "元" however the column or the table states it (issue 11, tester's class 4):
「收费金额（元）」「收费金额【元】」「收费金额 元」「（人民币：元）」 in the header; 「单位：元。」「说明：单位：元」
as a caption; 「单位：元」 under the section's heading, above the sub-table's caption, joined to it or below the
table — in Markdown, HTML and text (tab- and space-aligned).  In table 二 only the fee is money, so a unit stated
anywhere in its region is the fee's: the amount is converted exactly, or (two units stated, a "元" not understood)
left unread with a P01 naming the unit.  Never taken as 万元: never a wrong number."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from test_fee_units import _html, _markdown, _text, _yuan  # noqa: E402

from gongkai.readers.html import read_html  # noqa: E402
from gongkai.readers.mapping import map_document  # noqa: E402
from gongkai.readers.markdown import read_markdown  # noqa: E402
from gongkai.readers.text import read_text  # noqa: E402

FEE = ("二", "administrative_fees", "amount_10k_yuan")
HEADERS = ["收费金额（元）", "本年收费金额(元)", "金额（元）", "收费金额 元", "收费金额元", "收费金额（人民币：元）",
           "收费金额【元】", "收费金额[元]", "收费金额 (元)", "收费金额（ 元 ）", "本年收费金额（单位：元）",
           "收费金额(单位:元)", "本年收费金额/元", "本年收费金额（单位：人民币元）"]
CAPTIONS = ["单位：元", "单位:元", "（单位：元）", "金额单位：元", "单位：人民币元", "单位：元。", "说明：单位：元",
            "(单位: 元)"]
PLACES = ("before_table", "after_heading", "joined", "above_caption", "after_table")


def _placed(md: str, caption: str, place: str) -> str:
    if place == "before_table":
        return md.replace("第二十条第（八）项\n", f"第二十条第（八）项\n\n{caption}\n", 1)
    if place == "after_heading":
        return md.replace("## 二、主动公开政府信息情况\n", f"## 二、主动公开政府信息情况\n\n{caption}\n", 1)
    if place == "joined":
        return md.replace("第二十条第（八）项\n", f"第二十条第（八）项{caption}\n", 1)
    if place == "above_caption":
        return md.replace("第二十条第（八）项\n", f"{caption}\n\n第二十条第（八）项\n", 1)
    row = md[md.index("| 行政事业性收费 |"):].split("\n", 1)[0]
    return md.replace(row + "\n", f"{row}\n\n{caption}\n", 1)


def _read_all(md: str) -> dict:
    return {"md": map_document(read_markdown(md.encode("utf-8"), "收费.md")),
            "html": map_document(read_html(_html(md), "收费.html")),
            "tab": map_document(read_text(_text(md, "\t"), "收费.txt")),
            "spaces": map_document(read_text(_text(md, "    "), "收费.txt"))}


def _check(got, wan: Decimal, what) -> None:
    c = got.cells[FEE]
    if c.kind == "number":
        assert c.value == wan, (what, c)
    else:  # unread: said, with the unit named
        assert c.kind == "ambiguous", (what, c)
        assert [n for n in got.notes if n.code == "P01" and "元" in n.message], (what, [n.message for n in got.notes])


@settings(max_examples=30, deadline=None)
@given(cents=st.integers(0, 10 ** 11), header=st.sampled_from(HEADERS))
def test_a_bare_yuan_header_word_is_never_read_as_10k_yuan(cents, header):
    wan = Decimal(cents).scaleb(-6)
    for name, got in _read_all(_markdown(_yuan(cents), header, "")).items():
        _check(got, wan, (header, name))


@settings(max_examples=30, deadline=None)
@given(cents=st.integers(0, 10 ** 11), caption=st.sampled_from(CAPTIONS), place=st.sampled_from(PLACES))
def test_a_unit_caption_anywhere_in_table_two_is_the_fees(cents, caption, place):
    wan = Decimal(cents).scaleb(-6)
    md = _placed(_markdown(_yuan(cents), "本年收费金额", ""), caption, place)
    for name, got in _read_all(md).items():
        _check(got, wan, (caption, place, name))


def test_the_usual_forms_are_converted_not_left_unread():
    for header in HEADERS:
        for name, got in _read_all(_markdown("796000", header, "")).items():
            assert got.cells[FEE].value == Decimal("79.6"), (header, name, got.cells[FEE])
    for caption in CAPTIONS:
        for place in PLACES:
            md = _placed(_markdown("796000", "本年收费金额", ""), caption, place)
            for name, got in _read_all(md).items():
                assert got.cells[FEE].value == Decimal("79.6"), (caption, place, name, got.cells[FEE])


def test_two_units_stated_leave_the_fee_unread_with_both_named():
    md = _placed(_markdown("796000", "本年收费金额（万元）", ""), "单位：元", "after_heading")
    for name, got in _read_all(md).items():
        c = got.cells[FEE]
        assert c.kind == "ambiguous" and {"79.6", "796000"} <= set(c.candidates), (name, c)
        assert [n for n in got.notes if n.code == "P01" and "元" in n.message], name


def test_a_yuan_not_understood_leaves_the_fee_unread():
    # "元" in the header in a form no pattern places: unread, both readings as candidates — never 万元
    for name, got in _read_all(_markdown("796000", "收费金额·元·", "")).items():
        c = got.cells[FEE]
        assert c.kind == "ambiguous" and set(c.candidates) == {"79.6", "796000"}, (name, c)
        assert [n for n in got.notes if n.code == "P01" and "“元”" in n.message], name

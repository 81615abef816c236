"""Issue 11 (tester 9, task F4): text derived from a PDF or a web page by tools never seen before.

- one cell a line (PyMuPDF's ``get_text``, its blocks and words): table 二's blocks each print their caption and
  header lines between the last value of one block and the first label of the next ("57件 / 第二十条第（五）项 /
  信息内容 / 本年处理决定数量 / 行政许可 / 387件") — a value never takes a label across those lines;
- NULs at regular places (pypdf wrote one before every character; UTF-16 without a byte order mark): read with
  them removed and a reader note (P19), or a message saying what is wrong — never "not text" for text.

Law (hypothesis): every cell read equals the printed one, or is left unread; never a wrong number.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values

from gongkai.format import FORMAT_2021
from gongkai.readers.base import ReadError
from gongkai.readers.mapping import map_document
from gongkai.readers.nul_text import without_nuls
from gongkai.readers.spaced_digits import digits_one_a_line
from gongkai.readers.text import read_text

T2 = FORMAT_2021.table("二")

HEAD = ("某某县人民政府办公室2023年政府信息公开工作年度报告\n"
        "本报告依据《中华人民共和国政府信息公开条例》要求编制。\n"
        "一、总体情况\n（一）主动公开。本年度共主动公开政府信息1234条。\n")


def _unit(row, col) -> str:
    return "万元" if col.unit == "万元" else "件"


def one_cell_a_line(values: dict, rng: random.Random, unit_apart: bool = False, first_on_label: bool = True) -> str:
    """Table 二 as PyMuPDF prints a borderless table: each block's caption, "信息内容", its column headers (joined
    on one line), then each row's label and its values one a line, the unit "件" attached (or on a line of its own
    with ``unit_apart``), the first value at times on the label's line ("行政规范性文件9件")."""
    out = [HEAD, "二、主动公开政府信息情况"]
    block = None
    for row in T2.printed_rows:
        cols = T2.columns_of(row)
        if row.block != block:
            block = row.block
            out += [block, "信息内容", "".join(c.label for c in cols)]
        vals = [f"{values[('二', row.id, c.id)]}{_unit(row, c)}" for c in cols]
        if unit_apart:
            vals = [x for v in vals for x in (v.rstrip("件万元"), v[len(v.rstrip("件万元")):])]
        if first_on_label and rng.random() < 0.5:
            out.append(row.label + vals[0])
            vals = vals[1:]
        else:
            out.append(row.label)
        out += vals
    out += ["三、收到和处理政府信息公开申请情况", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    return "\n".join(out) + "\n"


def _check_table_two(text: str, values: dict) -> int:
    rep = map_document(read_text(text.encode("utf-8"), "r.txt"))
    right = 0
    for row in T2.printed_rows:
        for col in T2.columns_of(row):
            cell = rep.cells.get(("二", row.id, col.id))
            want = values[("二", row.id, col.id)]
            if cell is not None and cell.kind == "number":
                assert Decimal(str(cell.value)) == Decimal(str(want)), (row.id, col.id, cell.raw, want, text)
                right += 1
    return right


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), unit_apart=st.booleans(), first_on_label=st.booleans())
def test_one_cell_a_line_value_never_crosses_a_block_caption(seed, unit_apart, first_on_label):
    rng = random.Random(seed)
    values = consistent_values(rng, rng.choice([9, 60, 900]))
    _check_table_two(one_cell_a_line(values, rng, unit_apart, first_on_label), values)


def test_block_caption_between_values_leaves_each_value_its_own_row():
    """The tester's case: the last value of block （一） printed right before the caption of block （五）."""
    values = consistent_values(random.Random(3), 60)
    values[("二", "normative_documents", "in_force")] = 57
    values[("二", "licensing", "decisions")] = 387
    text = one_cell_a_line(values, random.Random(1), first_on_label=False)
    rep = map_document(read_text(text.encode("utf-8"), "r.txt"))
    cell = rep.cells[("二", "licensing", "decisions")]
    assert cell.kind != "number" or cell.value == 387
    assert _check_table_two(text, values) >= 3


# ---- NULs at regular places ---------------------------------------------------------------------------------

def _nul_before_each(text: str) -> bytes:
    return "".join(c if c == "\n" else "\x00" + c for c in text).encode("utf-8")


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), after=st.booleans())
def test_text_with_a_nul_beside_every_character_reads_as_without_them(seed, after):
    rng = random.Random(seed)
    values = consistent_values(rng, 60)
    text = one_cell_a_line(values, rng)
    data = ("".join(c if c == "\n" else c + "\x00" for c in text).encode("utf-8") if after
            else _nul_before_each(text))
    plain = map_document(read_text(text.encode("utf-8"), "r.txt"))
    got = map_document(read_text(data, "r.txt"))
    assert {k: (c.kind, c.value) for k, c in got.cells.items()} == {k: (c.kind, c.value) for k, c in plain.cells.items()}
    assert any(n.code == "P19" for n in got.notes)
    assert not any(n.code == "P19" for n in plain.notes)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read(codec):
    values = consistent_values(random.Random(5), 60)
    text = one_cell_a_line(values, random.Random(5)).replace("\n", "\r\n")
    got = map_document(read_text(text.encode(codec), "r.txt"))
    assert _check_table_two(text, values) >= 3
    assert any(n.code == "P19" and "UTF-16" in n.message for n in got.notes)


def test_binary_nuls_stay_not_text():
    data = bytes(range(256)) * 40  # NUL runs, control bytes: not text
    assert without_nuls(data, "x.txt") is None
    with pytest.raises(ReadError, match="不是文本"):
        read_text(data, "x.txt")


def test_nul_before_every_character_of_undecodable_text_says_what_is_wrong():
    data = b"".join(b"\x00" + bytes([b]) for b in (b"\xb1\xa8\xb8\xe6" * 40))  # GBK bytes, each after a NUL
    with pytest.raises(ReadError, match="每个字符前"):
        read_text(data, "x.txt")


# ---- counts with their unit, digits one space apart, digits one a line ------------------------------------

T3 = FORMAT_2021.table("三")
T4 = FORMAT_2021.table("四")


def whole_text(values: dict, cell) -> str:
    """A report's three tables as text, each row its label and its cells written by ``cell(values) -> str``
    (the row's line; "" puts nothing after the label)."""
    out = [HEAD, "二、主动公开政府信息情况"]
    block = None
    for row in T2.printed_rows:
        cols = T2.columns_of(row)
        if row.block != block:
            block = row.block
            out += [block, "信息内容  " + "  ".join(c.label for c in cols)]
        out.append(row.label + cell([values[("二", row.id, c.id)] for c in cols]))
    out += ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人  法人或其他组织  总计",
            "商业企业  科研机构  社会公益组织  法律服务机构  其他"]
    for row in T3.printed_rows:
        out.append(row.label + cell([values[("三", row.id, c.id)] for c in T3.columns_of(row)]))
    out += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议  行政诉讼",
            "结果维持  结果纠正  其他结果  尚未审结  总计  未经复议直接起诉  复议后起诉"]
    row = T4.printed_rows[0]
    out.append(cell([values[("四", row.id, c.id)] for c in T4.columns_of(row)]).strip())
    out += ["五、存在的主要问题及改进情况", "一是公开内容的全面性有待加强。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    return "\n".join(out) + "\n"


def _check_all(text: str, values: dict) -> int:
    rep = map_document(read_text(text.encode("utf-8"), "r.txt"))
    right = 0
    for key, want in values.items():
        cell = rep.cells.get(key)
        if cell is not None and cell.kind == "number":
            assert Decimal(str(cell.value)) == Decimal(str(want)), (key, cell.raw, want)
            right += 1
        assert cell is None or cell.kind != "blank", (key, cell)  # a printed number never read as blank
    return right


def _counts_with_units(rng):
    def cell(vals):
        return " " + " ".join(f"{v}{rng.choice(['件', ' 件'])}" if isinstance(v, int) else f"{v}万元" for v in vals)
    return cell


def _spaced_digits(rng):
    def cell(vals):
        return "   " + (" " * rng.choice([2, 3, 5])).join(" ".join(str(v)) for v in vals)
    return cell


def _digits_a_line(vals) -> str:
    return "".join("\n" + "\n".join(str(v)) for v in vals)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6), style=st.sampled_from(["units", "spaced", "lines"]))
@example(seed=21, style="lines")  # (the space-aligned reader took a digits-a-line run joined to its label as one number)
def test_derived_text_numbers_are_right_or_unread(seed, style):
    rng = random.Random(seed)
    values = consistent_values(rng, rng.choice([9, 60, 3000]))
    cell = {"units": _counts_with_units(rng), "spaced": _spaced_digits(rng), "lines": _digits_a_line}[style]
    _check_all(whole_text(values, cell), values)


@pytest.mark.parametrize("style", ["units", "spaced", "lines"])
def test_derived_text_rows_are_read(style):
    """Each class read as far as the relations prove it: most of table 三 (the old reader: almost nothing)."""
    rng = random.Random(11)
    values = consistent_values(rng, 60 if style == "lines" else 3000)  # (a glued run of 7 numbers: few digits)
    cell = {"units": _counts_with_units(rng), "spaced": _spaced_digits(rng), "lines": _digits_a_line}[style]
    assert _check_all(whole_text(values, cell), values) >= 150


def test_single_digits_one_space_apart_without_proof_stay_cells():
    """"规章 1 0 2" in a text whose rows prove nothing: three cells, never joined into 102."""
    values = consistent_values(random.Random(2), 9)
    text = whole_text(values, lambda vals: " " + " ".join(str(v) for v in vals))
    _check_all(text, values)
    rep = map_document(read_text(text.encode("utf-8"), "r.txt"))
    assert sum(1 for k in values if rep.cells.get(k) is not None and rep.cells[k].kind == "number") >= 150


def _units_wrapped(values: dict, rng: random.Random) -> str:
    """Layout text whose wide numbers (4 digits or more) wrapped their unit onto the next line: the row's line its
    label and those numbers, the next line a lone "件" under each and the other cells with their units."""
    def cell(vals):
        if not all(isinstance(v, int) for v in vals) or not any(v >= 1000 for v in vals) or len(vals) < 3:
            return "  " + "  ".join(f"{v}件" if isinstance(v, int) else f"{v}万元" for v in vals)
        top = "      ".join(str(v) if v >= 1000 else "   " for v in vals)
        low = "   ".join("件" if v >= 1000 else f"{v}件" for v in vals)
        return "    " + top + "\n" + " " * rng.choice([4, 30]) + low
    return whole_text(values, cell)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_units_wrapped_below_their_numbers_are_right_or_unread(seed):
    rng = random.Random(seed)
    values = consistent_values(rng, rng.choice([60, 3000]))
    _check_all(_units_wrapped(values, rng), values)


def test_units_wrapped_below_their_numbers_are_read():
    rng = random.Random(4)
    values = consistent_values(rng, 3000)
    assert _check_all(_units_wrapped(values, rng), values) >= 150


# ------------------------------------------------------------ one digit a line vs one cell a line, labels first
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), high=st.integers(0, 9))
def test_cells_one_a_line_after_all_labels_are_never_glued(seed, high):
    """pdftotext of a table of small numbers prints all of a table's labels, then all its cells one a line: a run
    of hundreds of single digits after twenty labels is cells, not one number's digits (gluing it read table 三 as
    missing: a false 错误)."""
    rng = random.Random(seed)
    t3 = FORMAT_2021.table("三")
    lines = [HEAD, "三、收到和处理政府信息公开申请情况"] + [c.label for c in t3.columns]
    lines += [r.label for r in t3.printed_rows]
    lines += [str(rng.randint(0, high)) for _ in t3.printed_rows for _ in t3.columns]
    assert digits_one_a_line(lines) == lines


def test_digits_of_each_row_one_a_line_are_glued_on_the_rows_label():
    """Word-HTML text taken with a separator: each row's label, then its digits one a line — glued on the label."""
    rows = [("一、本年新收政府信息公开申请数量", "28333533945183633516"), ("二、上年结转政府信息公开申请数量", "354912"),
            ("（一）予以公开", "127655"), ("（二）部分公开", "5517")]  # each row's seven cells' digits, glued
    lines = [HEAD]
    for label, digits in rows:
        lines += [label, *digits]
    got = [x for x in digits_one_a_line(lines) if x]
    assert [x for x in got if x.startswith(("一、", "二、", "（"))] == [f"{label} {d}" for label, d in rows]

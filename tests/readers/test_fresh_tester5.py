"""Wrong numbers and false 错误 a fresh tester found on their own reports rendered by independent tools (issue 11,
tester 5: W1–W4, F1), each class rebuilt here from consistent reports of our own and read back cell for cell:
never a wrong number, never an 错误 from a blank cell or a misreading."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from office_helpers import chromium_pdf, consistent_values, report_from_values
from test_layout_generator import EXAMPLES, TITLE, assert_never_wrong, layout_text, reports

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers import read_report
from gongkai.readers.base import RawCell, RowBlock, TextBlock
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.readers.text import read_text
from gongkai.report import Cell
from gongkai.textutil import fold_radicals
from gongkai.writers import write_html, write_markdown

from .text_tables import audit_errors

T4 = FORMAT_2021.table("四")
GROUPS = ("review", "lawsuit_direct", "lawsuit_after_review")
RESULTS = ("upheld", "corrected", "other_result", "pending", "total")


# ---------------------------------------------------------------- F1: CJK radicals from a PDF's text layer
#: an ideograph → the radicals that stand for it in a PDF's text layer (Kangxi radicals and the supplement)
RADICALS_OF: dict[str, list[str]] = {}
for _cp in range(0x2E80, 0x2FD6):
    _ch = chr(_cp)
    _to = fold_radicals(_ch)
    if _to != _ch:
        RADICALS_OF.setdefault(_to, []).append(_ch)


def test_every_radical_folds_to_a_unified_ideograph():
    """The 214 Kangxi radicals fold as NFKC does; the supplement's 114 (U+2E81–U+2EF3) to CJK ideographs."""
    kangxi = [chr(c) for c in range(0x2F00, 0x2FD6)]
    assert all(fold_radicals(ch) == unicodedata.normalize("NFKC", ch) != ch for ch in kangxi)
    supplement = [chr(c) for c in range(0x2E80, 0x2EFF) if unicodedata.name(chr(c), "")]
    folded = {ch: fold_radicals(ch) for ch in supplement if fold_radicals(ch) != ch}
    assert len(folded) == 114 and "\u2e80" not in folded
    ideographs = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x323AF))  # CJK unified ideographs, A–H
    assert all(len(to) == 1 and any(a <= ord(to) <= b for a, b in ideographs) for to in folded.values())
    assert fold_radicals("⼀、总体情况，六⼗七件，东川省⾃然资源厅，⺠") == "一、总体情况，六十七件，东川省自然资源厅，民"
    assert fold_radicals("abc 123 （一）") == "abc 123 （一）"


def _with_radicals(text: str, rng: random.Random, share: float) -> str:
    return "".join(rng.choice(RADICALS_OF[c]) if c in RADICALS_OF and rng.random() < share else c for c in text)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=reports(), share=st.floats(0.3, 1.0), seed=st.integers(0, 2**16))
def test_text_with_cjk_radicals_reads_as_with_the_ideographs(tmp_path_factory, case, share, seed):
    """A report whose text layer writes common characters as radicals ("⼀、总体情况", "六⼗七件", the agency's
    "⾃") reads exactly as the same text with the ideographs: every cell, the agency, the sections, the findings."""
    rep, rng = case
    text = layout_text(rep, rng) + "\n本年度共收到政府信息公开申请六十七件，办结六十五件。\n"
    radical = _with_radicals(text, random.Random(seed), share)
    assume(radical != text)
    folder = tmp_path_factory.mktemp("f1")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(radical, encoding="utf-8")
    a, b = read_report(folder / "a.txt"), read_report(folder / "b.txt")
    assert {k: (c.kind, c.value) for k, c in a.cells.items()} == {k: (c.kind, c.value) for k, c in b.cells.items()}
    assert (a.agency, a.year, sorted(a.sections)) == (b.agency, b.year, sorted(b.sections))
    assert sorted(f.code for f in audit(a)) == sorted(f.code for f in audit(b))


# ---------------------------------------------------------------- W1: a year starting the prose below a row
def _single_spaced_table_four(text: str, rep, year_line: str) -> str:
    """``text`` with table 四 printed as pdftotext -layout prints a narrow table: its data row with single spaces
    at the margin, followed at once by ``year_line``."""
    values = " ".join(str(rep.value("四", "cases", c.id)) for c in T4.columns)
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("四、"))
    end = next(i for i, line in enumerate(lines) if line.startswith("五、"))
    return "\n".join(lines[:start + 1] + ["行政复议 行政诉讼", values] + _wrapped(year_line + WRAPPED) + lines[end:])


#: prose wrapped at a narrow width (a PDF's column): its lines as long as a table four row printed with single
#: spaces, so that a paragraph's lines are joined and the row above the paragraph is as long as they are
WRAPPED = ("本机关严格落实政府信息公开条例要求，坚持以公开为常态、不公开为例外，持续完善工作机制，"
           "规范依申请公开办理流程，加强答复文书审核，提升公开质量和实效，切实保障人民群众知情权、参与权和监督权。") * 3


def _wrapped(text: str, width: int = 24) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports(), year=st.integers(2019, 2030), prose=st.sampled_from([
    "年，本机关发生政府信息公开行政复议案件{n}件，行政诉讼案件{m}件。",
    "年度，本机关未发生因政府信息公开引发的行政复议、行政诉讼案件，相关工作平稳有序推进，未出现被纠错的情形。"]))
def test_a_year_starting_the_sentence_under_a_row_of_values_is_not_a_digit_of_its_last_cell(case, year, prose):
    """``41 6 3 5 55 12 2 1 4 19 3 1 0 2 6`` / ``2023年，本机关…``: the last cell stays 6, not 62023."""
    rep, rng = case
    n = rep.value("四", "cases", "review_total")
    line = f"{year}" + prose.format(n=n, m=rep.value("四", "cases", "lawsuit_direct_total"))
    # wrapped prose of the same width around it, so that the lines of a paragraph are joined
    text = _single_spaced_table_four(layout_text(rep, rng), rep, line)
    got = map_document(read_text(text, "w1.txt"))
    assert_never_wrong(rep, got)
    assert not [e for e in audit_errors(got) if e.startswith("R4")], audit_errors(got)


def test_a_row_of_values_at_the_margin_does_not_take_the_next_lines_digits():
    values = "41 6 3 5 55 12 2 1 4 19 3 1 0 2 6"
    prose = WRAPPED
    text = "\n".join(["四、政府信息公开行政复议、行政诉讼情况", "行政复议 行政诉讼", values]
                     + _wrapped("2023年，本机关发生政府信息公开行政复议案件55件，行政诉讼案件25件。" + prose * 4))
    blocks = read_text(text, "w1.txt").blocks
    assert [b.text for b in blocks][2] == values


# ---------------------------------------------------------------- W3, W4: python-html2text Markdown
def html2text_markdown(rep) -> str:
    """The report's Markdown as python-html2text writes tables: no outer pipes, cells joined by "| ", a
    delimiter row of "---" only, an empty first cell as a leading "| ", an empty last cell as a trailing "| "."""
    out = []
    for line in write_markdown(rep).split("\n"):
        if not line.startswith("|"):
            out.append(line)
            continue
        cells = [c.strip() for c in line.strip()[1:-1].split("|")]
        if all(re.fullmatch(r":?-+:?", c) for c in cells):
            out.append("|".join("---" for _ in cells))
        else:
            out.append("| ".join(c.rsplit("/", 1)[-1] for c in cells))
    return "\n".join(out)


def _blank_group(values: dict, group: str) -> list:
    keys = [("四", "cases", f"{group}_{r}") for r in RESULTS]
    for k in keys:
        values.pop(k)
    return keys


@settings(max_examples=EXAMPLES, deadline=None)
@given(seed=st.integers(0, 2**16), high=st.sampled_from([3, 60, 5000]),
       groups=st.sets(st.sampled_from(GROUPS), max_size=2),
       t2=st.sets(st.sampled_from(["licensing", "penalty", "coercion", "administrative_fees"]), max_size=2),
       mark=st.sampled_from(["", "/"]))
def test_html2text_tables_with_blank_first_or_last_cells_read_in_their_columns(seed, high, groups, t2, mark):
    """W3: a row "| | | | | 1| 0| 0| 1| 2| 0| 2| 0| 0| 2" (table 四 with 行政复议 blank) in a table printed
    without outer pipes has its leading pipe as a cell boundary.  W4: a blank or "/" single-value row of table 二
    ("行政许可| ") never takes the row above's number.  Never a wrong number, never an 错误."""
    values = consistent_values(random.Random(seed), high)
    blanks = [k for g in sorted(groups) for k in _blank_group(values, g)]
    t2_rows = FORMAT_2021.table("二")
    odd = []
    for rid in sorted(t2):
        col = t2_rows.columns_of(t2_rows.row(rid))[0]
        values.pop(("二", rid, col.id))
        odd.append(("二", rid, col.id))
    rep = report_from_values(values, blanks=blanks + ([] if mark else odd), not_applicable=odd if mark else [],
                             title=TITLE)
    got = map_document(read_markdown(html2text_markdown(rep), "h2t.md"))
    assert_never_wrong(rep, got)
    for key in odd + blanks:
        assert got.cells[key].kind != "number", (key, got.cells[key])
    assert not audit_errors(got), audit_errors(got)


def test_html2text_table_four_with_review_blank_reads_every_cell():
    values = consistent_values(random.Random(5), 9)
    blanks = _blank_group(values, "review")
    rep = report_from_values(values, blanks=blanks, title=TITLE)
    got = map_document(read_markdown(html2text_markdown(rep), "h2t.md"))
    for c in T4.columns:
        want, have = rep.cells[("四", "cases", c.id)], got.cells[("四", "cases", c.id)]
        assert (have.kind, have.value) == (want.kind, want.value), c.id


def test_pipe_rows_whose_readings_disagree_are_left_unread():
    """A row with a leading pipe where the table's other rows have as many cells as the border reading gives: the
    two readings disagree, and its numbers stay unread (P01) — never shifted by one."""
    md = "\n".join(["## 四、政府信息公开行政复议、行政诉讼情况", "",
                    "a| b| c| d| e| f| g| h| i| j| k| l| m| n",
                    "---|---|---|---|---|---|---|---|---|---|---|---|---|---",
                    "x| x| x| x| x| x| x| x| x| x| x| x| x| x",
                    "| | | | | 1| 0| 0| 1| 2| 0| 2| 0| 0| 2"])
    got = map_document(read_markdown(md, "x.md"))
    assert all(got.cells.get(("四", "cases", c.id), Cell("missing")).kind != "number" for c in T4.columns)


# ---------------------------------------------------------------- W4 in text: spare values of the row above
@settings(max_examples=EXAMPLES, deadline=None)
@given(seed=st.integers(0, 2**16), row=st.sampled_from(["licensing", "penalty", "coercion"]),
       mark=st.sampled_from(["", "/"]), short=st.booleans())
def test_a_blank_single_value_row_never_takes_the_spare_numbers_of_the_row_above(seed, row, mark, short):
    """Table 二 as text whose cells are set apart by box bars, the row above printed with its values not all read
    as its own: the numbers left over on that line are never the next (blank or "/") row's value."""
    values = consistent_values(random.Random(seed), 60)
    t2 = FORMAT_2021.table("二")
    col = t2.columns_of(t2.row(row))[0]
    values.pop(("二", row, col.id))
    key = ("二", row, col.id)
    rep = report_from_values(values, blanks=[] if mark else [key], not_applicable=[key] if mark else [], title=TITLE)
    lines = []
    for r in t2.printed_rows:
        cells = [("/" if mark else "") if r.id == row else str(rep.value("二", r.id, c.id)) for c in t2.columns_of(r)]
        sep = " ║ " if short and r.id == "normative_documents" else " │ "  # a bar the run does not pass
        lines.append(f"{r.label} │ " + sep.join(cells) + " │")
    text = "\n".join(["二、主动公开政府信息情况", *lines, "三、收到和处理政府信息公开申请情况"])
    got = map_document(read_text(text, "w4.txt"))
    assert got.cells[key].kind != "number", got.cells[key]
    assert_never_wrong(rep, got)


# ---------------------------------------------------------------- W2: a PDF table printed without borders
BORDERLESS = "<style>table,tr,th,td{border:none!important;outline:none!important}</style>"


@pytest.mark.parametrize("group,row", [("review", "licensing"), ("lawsuit_direct", "coercion")])
def test_borderless_pdf_with_a_blank_group_and_a_blank_row_is_never_shifted(tmp_path, group, row):
    """W2: table 四 with a whole group blank and a table 二 row blank, printed without any border: the numbers
    of table 四 are never shifted into the blank group's place (read by the header's columns, or unread with a
    note), and the blank row of table 二 is never given its neighbour's number nor reported missing (C03)."""
    values = consistent_values(random.Random(f"{group}{row}"), 9)
    blanks = _blank_group(values, group)
    if row:
        t2 = FORMAT_2021.table("二")
        key = ("二", row, t2.columns_of(t2.row(row))[0].id)
        values.pop(key)
        blanks.append(key)
    rep = report_from_values(values, blanks=blanks, title=TITLE)
    html = write_html(rep).replace("</head>", BORDERLESS + "</head>", 1)
    got = read_report(chromium_pdf(tmp_path, html))
    assert_never_wrong(rep, got)
    for key in blanks:
        assert got.cells[key].kind != "number", (key, got.cells[key])
    assert not audit_errors(got), audit_errors(got)


def _with_section(raw, number: str, blocks: list) -> None:
    """``raw`` with the blocks of section ``number``'s table replaced by ``blocks`` (its heading kept)."""
    texts = [b.text for b in raw.blocks]
    start = next(i for i, t in enumerate(texts) if t.strip().startswith(f"{number}、"))
    end = next(i for i, t in enumerate(texts) if i > start and re.match(r"\s*[二三四五六]、", t))
    raw.blocks[start + 1:end] = blocks


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=reports(), group=st.sampled_from(GROUPS), header_words=st.booleans())
def test_table_four_values_not_known_to_stand_in_columns_are_never_shifted(case, group, header_words):
    """W2: a PDF table without drawn cells gives table 四's row as its ten printed values, where they stand not
    known (``in_columns=False``; the header's words beside them taken for a label at times): fewer values than
    cells are unread with a note (P01), never placed from the left into the blank group's columns."""
    rep, rng = case
    blank = [c for c in T4.columns if c.id.startswith(group + "_")]  # (review_ is not lawsuit_after_review_)
    keep = [str(rep.value("四", "cases", c.id)) for c in T4.columns if c not in blank]
    for c in blank:
        rep.cells[("四", "cases", c.id)] = Cell("blank")
    raw = read_text(layout_text(rep, rng), "w2.txt")
    label = [RawCell("结果维持 结果纠正 其他结果 尚未审结 总计")] if header_words else []
    _with_section(raw, "四", [TextBlock("行政复议 行政诉讼"), TextBlock("未经复议直接起诉 复议后起诉"),
                             RowBlock(label + [RawCell(v) for v in keep], table=9, in_columns=False)])
    got = map_document(raw)
    assert_never_wrong(rep, got)
    assert not audit_errors(got), audit_errors(got)
    assert any(n.code == "P01" for n in got.notes)


@settings(max_examples=EXAMPLES, deadline=None)
@given(seed=st.integers(0, 2**16), blank=st.sets(st.sampled_from(["licensing", "penalty", "coercion"]),
                                                  min_size=1, max_size=2), glue=st.sampled_from(["after", "before"]))
def test_table_two_row_labels_joined_with_captions_in_an_unruled_pdf(seed, blank, glue):
    """W2: an unruled PDF joins a blank single-value row's label to its block's caption lines
    ("第二十条第（五）项信息内容行政许可第二十条第（六）项信息内容", "行政强制第二十条第（八）项信息内容") and at times
    two rows' labels over one value ("信息内容行政处罚行政强制" 5): never a neighbour's number, never a missing row
    (C03) for a row printed blank."""
    rng = random.Random(seed)
    values = consistent_values(rng, 60)
    t2 = FORMAT_2021.table("二")
    keys = {rid: ("二", rid, t2.columns_of(t2.row(rid))[0].id) for rid in blank}
    for key in keys.values():
        values.pop(key)
    rep = report_from_values(values, blanks=list(keys.values()), title=TITLE)
    blocks: list = []
    pending = ""
    for r in t2.printed_rows:
        caption = f"{r.block}信息内容" if r.block and r.block not in pending and not any(
            isinstance(b, TextBlock) and r.block in b.text for b in blocks) else ""
        if r.id in blank:
            text = (caption + r.label) if glue == "before" else (r.label + caption)
            blocks.append(TextBlock(text))
            continue
        if caption:
            blocks.append(TextBlock(caption))
        cells = [str(rep.value("二", r.id, c.id)) for c in t2.columns_of(r)]
        blocks.append(RowBlock([RawCell(r.label)] + [RawCell(v) for v in cells], table=1, in_columns=False))
    raw = read_text(layout_text(rep, rng), "w2.txt")
    _with_section(raw, "二", blocks)
    got = map_document(raw)
    assert_never_wrong(rep, got)
    for key in keys.values():
        assert got.cells[key].kind != "number", (key, got.cells[key])
    assert not audit_errors(got), audit_errors(got)


def test_two_row_labels_over_one_value_leave_both_unread():
    """"信息内容行政处罚行政强制" with one value (pandoc ODT → LibreOffice PDF, 行政强制 blank): neither row gets it."""
    rep = report_from_values(consistent_values(random.Random(3), 60), title=TITLE)
    raw = read_text(layout_text(rep, random.Random(3)), "w2.txt")
    t2 = FORMAT_2021.table("二")
    blocks = []
    for r in t2.printed_rows:
        if r.id == "coercion":
            continue
        label = "信息内容行政处罚行政强制" if r.id == "penalty" else r.label
        cells = [str(rep.value("二", r.id, c.id)) for c in t2.columns_of(r)]
        blocks.append(RowBlock([RawCell(label)] + [RawCell(v) for v in cells], table=1, in_columns=False))
    _with_section(raw, "二", blocks)
    got = map_document(raw)
    for rid in ("penalty", "coercion"):
        assert got.cells[("二", rid, "decisions")].kind != "number", got.cells[("二", rid, "decisions")]
    assert not audit_errors(got), audit_errors(got)

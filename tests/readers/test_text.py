"""Plain-text reports from ../shared/corpus, read cell by cell.

Every expected value below was read from the document by a person (the glued runs of the
平潭 exports were split by hand with the row totals, as SOURCES.md describes) — none was
captured from the program's output.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers import read_report

COLS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_service_provider", "other_org", "total")
REVIEW = [f"{g}_{r}" for g in ("review", "lawsuit_direct", "lawsuit_after_review")
          for r in ("upheld", "corrected", "other_result", "pending", "total")]


def row(rep, row_id):
    return [rep.value("三", row_id, c) for c in COLS]


def reviews(rep):
    return [rep.value("四", "cases", c) for c in REVIEW]


def note_codes(rep):
    return [n.code for n in rep.notes]


# ----------------------------------------------------------------------------- the seed
def test_seed_tab_separated_table_is_read_with_explicit_zeros(corpus):
    rep = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    assert (rep.year, rep.agency, rep.format_id) == (2023, "虎林市阿北乡人民政府", "2021")
    assert list(rep.sections) == ["一", "二", "三", "四", "五", "六"]
    assert set(rep.tables_found) == {"二", "三", "四"}
    for table, r, c, cell in rep.iter_cells("三"):
        assert (cell.kind, cell.value) == ("number", 0), (r.label, c.label)
    assert rep.value("二", "normative_documents", "in_force") == 0
    assert rep.cell("二", "administrative_fees", "amount_10k_yuan").value == Decimal(0)


def test_seed_review_cells_are_blank_not_zero(corpus):
    rep = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    kinds = [rep.cell("四", "cases", c).kind for c in REVIEW]
    assert kinds[:5] == ["blank"] * 5  # the five 行政复议 cells are empty in the published table
    assert kinds[5:] == ["number"] * 10
    assert reviews(rep)[5:] == [0] * 10


def test_seed_damaged_group_label_is_noted(corpus):
    rep = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    p05 = [n for n in rep.notes if n.code == "P05"]
    assert any(n.data["official"] == "三、本年度办理结果" and "办 理 果" in n.data["printed"] for n in p05)


def test_seed_cell_locations_name_the_line(corpus):
    rep = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    cell = rep.cell("三", "received", "total")
    assert cell.location.line == 52  # "一、\t本年新收政府信息公开申请数量\t0…" is line 52 of the file


# ----------------------------------------------------------------------------- 平潭 (glued)
def test_pingtan_2024_glued_rows_split_by_row_totals(corpus):
    rep = read_report(corpus("real/2024_pingtan-zhqsyq.txt"))
    assert (rep.year, rep.format_id) == (2024, "2021")
    assert row(rep, "received") == [217, 1, 0, 0, 0, 0, 218]
    assert row(rep, "granted") == [71, 0, 0, 0, 0, 0, 71]
    assert row(rep, "withheld_internal_affairs") == [32, 0, 0, 0, 0, 0, 32]
    assert row(rep, "unavailable_not_held") == [75, 0, 0, 0, 0, 0, 75]
    assert row(rep, "other_other") == [1, 1, 0, 0, 0, 0, 2]
    assert row(rep, "dispositions_total") == [217, 1, 0, 0, 0, 0, 218]
    assert rep.cell("三", "received", "total").inferred


def test_pingtan_2024_review_run_is_not_certain_because_a_blank_cell_leaves_no_trace(corpus):
    # "21317000001324019": without blank cells only 2/1/3/1/7 | 0/0/0/0/0 | 13/2/4/0/19 fits the three group
    # totals; but read with the 行政复议 总计 blank, 21/3/1/7/（空白） | 0/0/0/0/0 | 13/2/4/0/19 fits as well
    # (the blank would be 32), and the narrative says nothing of 复议 or 诉讼: no cell is certain
    rep = read_report(corpus("real/2024_pingtan-zhqsyq.txt"))
    cells = [rep.cell("四", "cases", c) for c in REVIEW]
    assert all(c.kind == "ambiguous" and c.value is None for c in cells)
    assert "2" in cells[0].candidates and "21" in cells[0].candidates
    note = next(n for n in rep.notes if n.code == "P01" and n.data["table"] in ("四", "reviews"))
    assert note.data["candidates"][0] == ["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]
    assert note.data["blank_readings"] or note.data["blank_too_many"]
    # table 三 keeps every cell: a reading of one of its rows with a blank cell breaks a column total
    assert row(rep, "received") == [217, 1, 0, 0, 0, 0, 218]


def test_pingtan_2024_proactive_table(corpus):
    rep = read_report(corpus("real/2024_pingtan-zhqsyq.txt"))
    assert [rep.value("二", "rules", c) for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert rep.value("二", "licensing", "decisions") == 4529
    assert rep.value("二", "penalty", "decisions") == 1100
    assert rep.value("二", "coercion", "decisions") == 65
    assert rep.value("二", "administrative_fees", "amount_10k_yuan") == Decimal("18651.06")


def test_pingtan_2024_normative_documents_run_is_ambiguous_not_guessed(corpus):
    # "行政规范性文件6233440": three counts with no relation between them — 62/3/3440, 6/233/440 …
    rep = read_report(corpus("real/2024_pingtan-zhqsyq.txt"))
    cells = [rep.cell("二", "normative_documents", c) for c in ("issued", "repealed", "in_force")]
    assert all(c.kind == "ambiguous" and c.value is None for c in cells)
    note = next(n for n in rep.notes if n.code == "P01" and n.data["row_label"] == "行政规范性文件")
    assert note.data["raw"] == "6233440"
    assert ["62", "3", "3440"] in note.data["candidates"]


def test_pingtan_2021_review_run(corpus):
    rep = read_report(corpus("real/2021_pingtan-zhqsyq.txt"))
    assert row(rep, "received") == [64, 0, 0, 2, 0, 4, 70]
    assert row(rep, "dispositions_total") == [63, 0, 0, 2, 0, 4, 69]
    assert row(rep, "carried_forward") == [1, 0, 0, 0, 0, 0, 1]
    assert row(rep, "partially_granted") == [5, 0, 0, 0, 0, 0, 5]  # "500000 5": a stray space
    # "10203120001200000": 1/0/2/0/3 | 12/0/0/0/12 | 0/0/0/0/0 fits, and so does 10/2/0/3/（空白） | 12/0/0/0/12 |
    # 0/0/0/0/0 (a blank 行政复议 总计 of 15): table 四 is left unread, never guessed
    assert reviews(rep) == [None] * 15
    assert all(rep.cell("四", "cases", c).kind == "ambiguous" for c in REVIEW)
    assert rep.value("二", "licensing", "decisions") == 2293


def test_pingtan_2022_space_separated_review_row_is_not_inferred(corpus):
    rep = read_report(corpus("real/2022_pingtan-zhqsyq.txt"))
    assert "四" in rep.tables_found  # its heading has the typo "行政法复议"
    assert reviews(rep) == [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert not rep.cell("四", "cases", "review_total").inferred
    assert row(rep, "received") == [71, 3, 0, 0, 0, 0, 74]
    assert row(rep, "carried_over") == [1, 0, 0, 0, 0, 0, 1]
    assert row(rep, "dispositions_total") == [72, 3, 0, 0, 0, 0, 75]


def test_pingtan_2020_is_read_as_the_2019_trial_format(corpus):
    rep = read_report(corpus("real/2020_pingtan-zhqsyq.txt"))
    assert (rep.year, rep.format_id) == (2020, "2019")
    assert row(rep, "received") == [20, 0, 0, 0, 0, 1, 21]  # "200 000121"
    assert row(rep, "granted") == [6, 0, 0, 0, 0, 1, 7]
    assert row(rep, "other_handling") == [4, 0, 0, 0, 0, 0, 4]  # one row in the 2019 format
    assert row(rep, "dispositions_total") == [20, 0, 0, 0, 0, 1, 21]  # "20 0 00 0 121"
    assert [rep.value("二", "administrative_fees", c) for c in ("previous_items", "change")] == [35, -15]


# ----------------------------------------------------------------------------- pdftotext -layout
def test_huaian_city_layout_text(corpus):
    rep = read_report(corpus("real/2024_huaian-shi.txt"))
    assert (rep.year, rep.format_id) == (2024, "2021")
    assert row(rep, "received") == [3001, 53, 0, 0, 61, 4, 3119]
    assert row(rep, "carried_over") == [34, 0, 0, 0, 0, 0, 34]
    assert row(rep, "partially_granted") == [447, 7, 0, 0, 0, 0, 454]  # label wrapped around the numbers
    assert row(rep, "not_processed_confirmation_or_reissue") == [1, 0, 0, 0, 0, 0, 1]
    assert row(rep, "other_correction_not_supplied") == [67, 3, 0, 0, 1, 0, 71]
    assert row(rep, "other_fee_not_paid") == [6, 0, 0, 0, 0, 0, 6]
    assert row(rep, "other_other") == [108, 2, 0, 0, 0, 0, 110]
    assert row(rep, "dispositions_total") == [2932, 53, 0, 0, 61, 4, 3050]
    assert row(rep, "carried_forward") == [103, 0, 0, 0, 0, 0, 103]
    assert reviews(rep) == [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
    assert [rep.value("二", "normative_documents", c) for c in ("issued", "repealed", "in_force")] == [8, 26, 66]
    assert rep.value("二", "penalty", "decisions") == 3985758
    assert rep.value("二", "administrative_fees", "amount_10k_yuan") == Decimal("96171.6")
    assert not [n for n in rep.notes if n.code in ("P01", "P03", "P04", "P05", "P07", "P08")]


@pytest.mark.parametrize("name,received,reviews_expected", [
    ("real/2023_huaian-hongze-qu.txt", [21, 0, 0, 0, 0, 0, 21], [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]),
    ("real/2024_huaian-hongze-qu.txt", [95, 0, 0, 0, 0, 0, 95], [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]),
])
def test_hongze_single_other_handling_row_is_kept_as_group_subtotal(corpus, name, received, reviews_expected):
    rep = read_report(corpus(name))
    assert row(rep, "received") == received
    assert reviews(rep) == reviews_expected
    # （六）其他处理 printed as one row: kept under the group, its three sub-rows are missing
    assert rep.cell("三", "other_handling", "total").kind == "number"
    assert rep.cell("三", "other_other", "total").kind == "missing"
    assert "P06" in note_codes(rep)
    p05 = [n for n in rep.notes if n.code == "P05"]
    assert any(n.data["printed"] == "2.其他法律行政止公开" for n in p05)


# ----------------------------------------------------------------------------- wrapped prose
def test_layout_text_paragraphs_are_joined_across_wrapped_lines_and_page_numbers(corpus):
    rep = read_report(corpus("real/2024_huaian-shi.txt"))
    overview = rep.sections["一"].text
    # lines 31–33 of the file wrap this sentence; it reads as one paragraph
    assert "全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复）" in overview
    # "-2-" (line 50) is page furniture: the sentence around it is whole and the number is gone
    assert "将栏目不更新、政策解读不通俗易懂" in overview
    assert "-2-" not in overview


def test_web_copied_paragraphs_stay_one_per_line(corpus):
    rep = read_report(corpus("seed/2023_hulin_abei_xiang.txt"))
    assert [p for p, _ in rep.sections["一"].paragraphs][:2] == ["（一）主动公开", rep.sections["一"].paragraphs[1][0]]
    assert rep.sections["一"].paragraphs[3][0] == "2023年度阿北乡发生依申请公开情况1件。"


def test_layout_text_row_with_one_blank_cell_is_read_by_position_not_as_glued_digits():
    """``pdftotext -layout`` prints a blank cell as spaces: the row has one value fewer than columns.  Its
    values are placed under the columns they stand in (the other rows give the columns), the missing one is
    blank — never a split of "95" into 9 and 5, even when the blank makes the row's total fail."""
    from conftest import corpus_file

    from gongkai.readers.mapping import map_document
    from gongkai.readers.text import read_text

    text = corpus_file("real/2024_huaian-hongze-qu.txt").read_text(encoding="utf-8")
    row = "一、本年新收政府信息公开申请数量                             95    0         0"
    assert row in text
    text = text.replace(row, "一、本年新收政府信息公开申请数量                             95              0", 1)
    bad = "（一）予以公开                    50    0"
    assert bad in text
    text = text.replace(bad, "（一）予以公开                          0", 1)  # its 50 blanked
    rep = map_document(read_text(text, "blank.txt"))
    cols = [c.id for c in rep.table("三").columns]
    cells = [rep.cell("三", "received", c) for c in cols]
    assert [(c.kind, c.raw) for c in cells] == [("number", "95"), ("blank", ""), ("number", "0"), ("number", "0"),
                                                ("number", "0"), ("number", "0"), ("number", "95")]
    # the blanked 50: read as printed (blank), and its row's total no longer adds up — the auditor says so
    granted = [rep.cell("三", "granted", c) for c in cols]
    assert [(c.kind, c.raw) for c in granted] == [("blank", ""), ("number", "0"), ("number", "0"), ("number", "0"),
                                                  ("number", "0"), ("number", "0"), ("number", "50")]
    assert not [n for n in rep.notes if n.code == "P01"]
    from gongkai.audit import audit
    # a blank is unknown, not 0 (the audit's rule): the relation is not checkable, and the warning names the
    # blank cell with the value the other cells imply
    assert any(f.code == "C04" and "（一）予以公开" in f.message and "应为 50" in f.message for f in audit(rep))


def test_a_printed_row_without_numbers_is_blank_not_missing():
    from conftest import corpus_file

    from gongkai.audit import audit
    from gongkai.readers.mapping import map_document
    from gongkai.readers.text import read_text

    text = corpus_file("real/2024_huaian-hongze-qu.txt").read_text(encoding="utf-8")
    row = "                 2.重复申请                0    0   0   0    0    0   0"
    assert row in text
    rep = map_document(read_text(text.replace(row, "                 2.重复申请", 1), "norow.txt"))
    r = next(r for r in rep.table("三").rows if r.label == "2.重复申请")
    assert {rep.cell("三", r.id, c.id).kind for c in rep.table("三").columns} == {"blank"}
    codes = {f.code for f in audit(rep) if "重复申请" in f.message}
    assert "C04" in codes and "C03" not in codes


# ----------------------------------------------------------------------------- not-applicable marks in layout text
@pytest.mark.parametrize("mark", ["/", "-", "—", "－", "／"])
def test_a_mark_in_a_layout_row_is_a_not_applicable_cell_not_a_row_label(corpus, mark):
    """"25  /  0 …" in ``pdftotext -layout`` text: the "/" is the row's second cell (not applicable), as the HTML,
    tab-separated and PDF readers read it — never the label of a row of its own (P03), never glued digits (P01),
    never an error; a row may also start with the mark, and a row of marks only is read as marks."""
    from gongkai.audit import audit
    from gongkai.readers.mapping import map_document
    from gongkai.readers.text import read_text

    text = corpus("real/2024_huaian-shi.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert "2.重复申请   " in lines[168] and "3.要求提供公开出版物" in lines[170]
    lines[168] = lines[168].replace("25        0 ", f"25        {mark} ", 1)
    lines[170] = lines[170].replace("0         0 ", f"{mark}         {mark} ", 1)
    lines[172] = re.sub(r"(?<=\s)0(?=\s|$)", mark, lines[172])  # 4.无正当理由大量反复申请: a mark in every cell
    rep = map_document(read_text("\n".join(lines), "marks.txt"))
    cols = [c.id for c in rep.table("三").columns]
    repeated = [rep.cell("三", "not_processed_duplicate", c) for c in cols]
    assert [(c.kind, c.value) for c in repeated] == [("number", 25), ("not_applicable", None)] + [("number", 0)] * 4 \
        + [("number", 25)]
    publications = [rep.cell("三", "not_processed_publication", c).kind for c in cols]
    assert publications == ["not_applicable", "not_applicable"] + ["number"] * 5
    assert {rep.cell("三", "not_processed_excessive_repeated", c).kind for c in cols} == {"not_applicable"}
    assert not [n for n in rep.notes if n.code in ("P01", "P03", "P07")]
    findings = audit(rep)
    assert not [f for f in findings if f.severity == "error"]
    assert any(f.code == "C06" and "2.重复申请" in f.message for f in findings)


def test_a_slash_between_words_is_not_a_cell():
    """"本年增/减", "电话/传真" and a lone dash in prose stay text."""
    from gongkai.readers.mapping import ValueRow, pieces_from_text
    from gongkai.report import Location

    pieces = pieces_from_text("电话/传真：0591-23165370 本年增/减 - 见下", Location())
    assert [p.run for p in pieces if isinstance(p, ValueRow)] == ["0591-23165370"]


def test_pingtan_2020_dash_between_glued_digits_is_a_dash_cell_never_a_minus_sign(corpus):
    """"行政处罚2648-18538" (上一年项目数量 / 本年增/减 / 处理决定数量): the "-" is the 本年增/减 cell — not a minus
    sign making 2648 / -1 / 8538; "35-15" (two cells) is still 35 / -15."""
    rep = read_report(corpus("real/2020_pingtan-zhqsyq.txt"))
    cells = [rep.cell("二", "penalty", c) for c in ("previous_items", "change", "decisions")]
    assert [(c.kind, c.value) for c in cells] == [("number", 2648), ("not_applicable", None), ("number", 18538)]
    for t, r, c in rep.cells:
        cell = rep.cells[(t, r, c)]
        assert cell.kind != "number" or cell.value >= 0 or c == "change"
        assert not any(x.startswith("-") for x in cell.candidates or []) or c == "change"


_LINE_ENDS = "\u4e00\u9fff\u4dff\ua000\u3007，、“”‘’（）《》〈〉%．.09azAZ@[`{/:\n "  # the class's edges, neighbours
_CLASS_END = r"[\u4e00-\u9fff，、“”‘’（）《》〈〉0-9A-Za-z%．.]$"


def _ends_as_the_class_says(text: str) -> None:
    from gongkai.readers.text import _ends_inside_sentence

    body = text.strip()
    if body:
        assert _ends_inside_sentence(body) == bool(re.search(_CLASS_END, body)), body


def test_the_character_class_edges_end_a_line_as_the_class_says():
    for c in _LINE_ENDS:
        _ends_as_the_class_says("行" + c)


@settings(max_examples=500, deadline=None)
@given(st.text(st.one_of(st.characters(), st.sampled_from(_LINE_ENDS)), min_size=1))
def test_a_line_ends_inside_a_sentence_as_the_character_class_says(text):
    """_ends_inside_sentence compares the last character; it says what ``_CLASS_END`` said of the stripped line
    (compiling that class cost the cold start more than the comparison costs)."""
    _ends_as_the_class_says(text)


_APART = [  # `pdftotext -layout` of a ruled row whose 总计 cell is centred and the others at the top
    "          1.属于国家秘密          2       0    1     0    0    0    3",
    "年度办 （二）部分公开（区分处理的，只计这一情                                       9",
    "                            4       3    0     1    0    1",
    "理结果 形，不计其他情形）",
    "          2.申请人逾期未按收费通知要求缴                                                      7",
    "          纳费用、行政机关不再处理其政府 2          1       0        3        0        1",
    "          信息公开申请",
]


def test_values_printed_on_the_line_below_their_rows_rightmost_value_join_the_row():
    """The lower line's values (with no label, or with the label's next piece) are the row's, in their order."""
    from gongkai.readers.text import _values_on_their_own_line

    out = _values_on_their_own_line(_APART)
    assert out[1].split()[-7:] == ["4", "3", "0", "1", "0", "1", "9"] and out[1].startswith("年度办 （二）部分公开")
    assert out[2] == "" and out[3] == _APART[3]
    assert out[4].split()[-7:] == ["2", "1", "0", "3", "0", "1", "7"]
    assert out[5].strip() == "纳费用、行政机关不再处理其政府" and out[6] == _APART[6]
    assert out[0] == _APART[0]


@pytest.mark.parametrize("lines", [
    # the lower line is a row of its own: its own item number
    ["  2.申请人逾期未按收费通知要求缴                 7", "  3.其他 2          1       0        3        0        1", "x"],
    # values without a label above a row that starts its own label: they may be that row's
    ["  （二）部分公开                            9", "                4       3    0     1    0    1",
     "  （三）不予公开"],
    # a value of the lower line under one of the upper line's: two rows
    ["  （二）部分公开          5                  9", "                4       3    0     1    0    1", "形）"],
])
def test_values_on_the_next_line_stay_apart_when_they_may_be_another_rows(lines):
    from gongkai.readers.text import _values_on_their_own_line

    assert _values_on_their_own_line(lines) == lines


_LAYOUT_LINE = st.lists(st.sampled_from(["1.其他", "纳费用", "（二）部分公开", "0", "12", "/", "3.5", "x1"]),
                        max_size=8).flatmap(
    lambda toks: st.lists(st.integers(1, 12), min_size=len(toks), max_size=len(toks)).map(
        lambda gaps: "".join(" " * g + t for g, t in zip(gaps, toks))))


@settings(max_examples=300, deadline=None)
@given(st.lists(_LAYOUT_LINE, max_size=8))
def test_moving_values_up_a_line_keeps_every_word_and_every_line(lines):
    """Whatever the lines, the join moves values between two lines only: the same words, the same line count."""
    from collections import Counter

    from gongkai.readers.text import _values_on_their_own_line

    out = _values_on_their_own_line(lines)
    assert len(out) == len(lines)
    assert Counter(w for x in out for w in x.split()) == Counter(w for x in lines for w in x.split())


def test_a_table_of_thousands_of_stray_rows_gives_twenty_notes_and_one_for_the_rest():
    """50,000 rows the format does not have: the first 20 noted one by one, the rest in one note that counts them
    (not 50,000 findings); none of their numbers counted."""
    from gongkai.audit import audit
    from gongkai.readers.mapping import MAX_ROW_NOTES, map_document
    from gongkai.readers.text import read_text
    head = ("某某县交通运输局2024年政府信息公开工作年度报告\n一、总体情况\n本年度共主动公开政府信息12条。\n"
            "三、收到和处理政府信息公开申请情况\n\t\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
            "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n")
    extra = "".join(f"自加统计行{k}\t1\t2\t3\t4\t5\t6\t21\n" for k in range(3000))
    rep = map_document(read_text(head + extra, "t.txt"))
    p03 = [f for f in audit(rep) if f.code == "P03"]
    assert len(p03) == MAX_ROW_NOTES + 1
    assert "另有 2980 行" in p03[-1].message and "自加统计行20" in p03[-1].message
    assert rep.cells[("三", "received", "total")].value == 1


def test_thousands_of_stray_rows_of_drawn_cells_are_counted_in_one_note_too():
    """The same with a table of drawn cells (HTML; PDF and DOCX rows are alike) whose stray rows have no label: such
    a row has cells and no digit run, and the note that counts the rest quotes its first cells (it once failed on
    the missing run: a LibreOffice PDF of a text report)."""
    from gongkai.audit import audit
    from gongkai.readers.html import read_html
    from gongkai.readers.mapping import MAX_ROW_NOTES, map_document
    cols = "".join(f"<td>{c}</td>" for c in ("", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"))
    rows = "".join("<tr><td></td>" + "".join(f"<td>{v}</td>" for v in (1, 2, 3, 4, 5, 6, 21)) + "</tr>"
                   for k in range(300))
    html = ("<html><body><h1>某某县交通运输局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
            "<p>本年度共主动公开政府信息12条。</p><p>三、收到和处理政府信息公开申请情况</p>"
            f"<table><tr>{cols}</tr><tr><td>一、本年新收政府信息公开申请数量</td>"
            + "".join(f"<td>{v}</td>" for v in (1, 0, 0, 0, 0, 0, 1)) + f"</tr>{rows}</table></body></html>")
    rep = map_document(read_html(html, "t.html"))
    notes = [f for f in audit(rep) if f.code in ("P03", "P07")]
    assert len(notes) == MAX_ROW_NOTES + 1
    (rest,) = [f for f in notes if "另有" in f.message]
    assert "另有 280 行" in rest.message and "1 / 2 / 3 / 4 / 5 / 6 / 21" in rest.message
    assert rep.cells[("三", "received", "total")].value == 1


def test_a_row_printed_without_its_numbering_under_a_row_is_not_the_rest_of_its_numbers():
    """pdftotext -layout: a row's shorter numbers starting in the very columns of the longer numbers above are a
    number wrapped in a narrow cell ("1503" / "3") — unless the lower line's label names a row, also printed
    without its numbering ("予以公开" for "（一）予以公开"): then they are that row's numbers (a generator seed
    once read 442 and 20 as 44220)."""
    from gongkai.readers.text import _digits_wrapped_in_cells
    above = " 二、上年结转政府信息公开申请数量        442         112                360"
    cols = [above.index(v) for v in ("442", "112", "360")]
    below = " 予以公开" + " " * (cols[0] - 5) + "20"
    below += " " * (cols[1] - len(below)) + "41"
    below += " " * (cols[2] - len(below)) + "38"
    assert _digits_wrapped_in_cells([above, below]) == [above, below]
    wrapped = " " * cols[0] + "2" + " " * (cols[1] - cols[0] - 1) + "4"  # no label: the ends of 4422 and 1124
    assert _digits_wrapped_in_cells([above, wrapped])[0].split()[-3:] == ["4422", "1124", "360"]

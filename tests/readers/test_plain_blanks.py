"""Plain ``pdftotext`` (without -layout) of table 三: every cell on a line of its own, all the labels first and
then all the numbers, by rows or by columns — and a blank cell prints no line at all, so there are fewer
numbers than cells.  Where the blanks are is read only when every placement under which the table's relations
hold puts them in the same cells (P14 says so); cells the placements disagree on stay unread (P01), and
the audit's C08 is then a warning, never an error.  The table below is written by hand (a made-up office,
consistent: every row's 总计 is the sum of its applicants, 一+二 = （七）+四, （七） the sum of its items)."""

from __future__ import annotations

import pytest

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

T3 = FORMAT_2021.table("三")
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
# the 25 printed rows of table 三, in the format's order
ROWS = [
    ("received", "一、本年新收政府信息公开申请数量", [40, 5, 0, 1, 2, 0, 48]),
    ("carried_over", "二、上年结转政府信息公开申请数量", [3, 0, 0, 0, 1, 0, 4]),
    ("granted", "（一）予以公开", [20, 2, 0, 1, 1, 0, 24]),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [6, 1, 0, 0, 0, 0, 7]),
    ("withheld_state_secret", "1.属于国家秘密", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_security_stability", "3.危及“三安全一稳定”", [1, 0, 0, 0, 0, 0, 1]),
    ("withheld_third_party_rights", "4.保护第三方合法权益", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_internal_affairs", "5.属于三类内部事务信息", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_process_information", "6.属于四类过程性信息", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_enforcement_file", "7.属于行政执法案卷", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_administrative_query", "8.属于行政查询事项", [0, 0, 0, 0, 0, 0, 0]),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", [5, 1, 0, 0, 1, 0, 7]),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", [2, 0, 0, 0, 0, 0, 2]),
    ("unavailable_unclear_after_correction", "3.补正后申请内容仍不明确", [0, 0, 0, 0, 0, 0, 0]),
    ("not_processed_petition_or_complaint", "1.信访举报投诉类申请", [1, 0, 0, 0, 0, 0, 1]),
    ("not_processed_duplicate", "2.重复申请", [2, 0, 0, 0, 0, 0, 2]),
    ("not_processed_publication", "3.要求提供公开出版物", [0, 0, 0, 0, 0, 0, 0]),
    ("not_processed_excessive_repeated", "4.无正当理由大量反复申请", [0, 0, 0, 0, 0, 0, 0]),
    ("not_processed_confirmation_or_reissue", "5.要求行政机关确认或重新出具已获取信息", [0, 0, 0, 0, 0, 0, 0]),
    ("other_correction_not_supplied", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     [0, 0, 0, 0, 0, 0, 0]),
    ("other_fee_not_paid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     [0, 0, 0, 0, 0, 0, 0]),
    ("other_other", "3.其他", [1, 0, 0, 0, 0, 0, 1]),
    ("dispositions_total", "（七）总计", [38, 4, 0, 1, 2, 0, 45]),
    ("carried_forward", "四、结转下年度继续办理", [5, 1, 0, 0, 1, 0, 7]),
]
COL_IDS = [c.id for c in T3.columns]


def plain(blanks: set[tuple[str, int]], by: str) -> str:
    """The table as plain pdftotext prints it: the header's cells, the labels, then the numbers (by rows or by
    columns), a blank cell no line."""
    lines = ["某县某局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "申请人情况",
             "法人或其他组织", *COLUMNS]
    lines += [label for _, label, _ in ROWS]
    order = ([(r, c) for r in range(len(ROWS)) for c in range(7)] if by == "rows" else
             [(r, c) for c in range(7) for r in range(len(ROWS))])
    lines += [str(ROWS[r][2][c]) for r, c in order if (ROWS[r][0], c) not in blanks]
    lines += ["四、政府信息公开行政复议、行政诉讼情况"]
    return "\n".join(lines) + "\n"


def test_the_hand_written_table_is_consistent():
    by_id = {rid: vals for rid, _, vals in ROWS}
    for vals in by_id.values():
        assert sum(vals[:6]) == vals[6]
    items = [rid for rid, _, _ in ROWS[2:-2]]
    for c in range(7):
        assert by_id["received"][c] + by_id["carried_over"][c] == (by_id["dispositions_total"][c]
                                                                  + by_id["carried_forward"][c])
        assert sum(by_id[r][c] for r in items) == by_id["dispositions_total"][c]


@pytest.mark.parametrize("by", ["rows", "columns"])
def test_a_blank_cell_the_relations_place_is_read_blank_and_every_number_in_its_cell(by):
    # 一、本年新收 自然人 printed blank: read anywhere else, the numbers after it shift into the next cells and
    # a relation fails (自然人 一+二 = （七）+四; a row's 总计)
    blank = ("received", 0)
    got = map_document(read_text(plain({blank}, by), "plain.txt"))
    for rid, _, vals in ROWS:
        for c, col in enumerate(COL_IDS):
            cell = got.cells[("三", rid, col)]
            if (rid, c) == blank:
                assert cell.kind == "blank", (rid, col, cell)
            else:
                assert (cell.kind, cell.value) == ("number", vals[c]), (rid, col, cell)
    p14 = [n for n in got.notes if n.code == "P14"]
    assert p14 and "「一、本年新收政府信息公开申请数量」自然人" in p14[0].message
    assert [f.severity for f in audit(got) if f.code == "P14"] == ["notice"]
    assert not [n for n in got.notes if n.code == "P01"]


@pytest.mark.parametrize("by", ["rows", "columns"])
def test_a_blank_among_zeros_leaves_only_the_cells_it_could_be_unread(by):
    # 1.属于国家秘密 法律服务机构 blank in a row of zeros: which zero of the row (or of its column) printed no line
    # cannot be told — those cells stay unread (P01), the rest is read, and the audit does not call it an error
    blank = ("withheld_state_secret", 4)
    got = map_document(read_text(plain({blank}, by), "plain.txt"))
    unread = [(rid, col) for rid, _, _ in ROWS for col in COL_IDS if got.cells[("三", rid, col)].kind == "ambiguous"]
    assert ("withheld_state_secret", "legal_service_provider") in unread
    for rid, _, vals in ROWS:
        for c, col in enumerate(COL_IDS):
            cell = got.cells[("三", rid, col)]
            if cell.kind != "ambiguous":
                assert (cell.kind, cell.value) == ("number", vals[c]), (rid, col, cell)
    assert len(unread) < len(ROWS) * 7
    assert [n for n in got.notes if n.code == "P01" and "无法确定哪几格空白" in n.message]
    assert not [f for f in audit(got) if f.code == "C08" and f.severity == "error"]


def test_numbers_that_fit_no_placement_are_left_unread():
    # the document's own arithmetic fails (一 自然人 printed 41 instead of 40, its 总计 48 kept): no placement of
    # the blank makes every relation hold, so nothing is read from the block — never a number moved to fit
    rows = [(rid, label, list(vals)) for rid, label, vals in ROWS]
    rows[0][2][0] = 41
    ROWS_SAVED = list(ROWS)
    try:
        ROWS[:] = rows
        got = map_document(read_text(plain({("carried_over", 1)}, "rows"), "plain.txt"))
    finally:
        ROWS[:] = ROWS_SAVED
    assert all(got.cells[("三", rid, col)].kind == "ambiguous" for rid, _, _ in ROWS for col in COL_IDS)
    assert [n for n in got.notes if n.code == "P01" and "放在哪里勾稽关系都不成立" in n.message]


def test_a_blank_beside_an_equal_number_leaves_both_cells_unread():
    # （一）予以公开 社会公益组织 (1) printed blank, 法律服务机构 beside it is 1 too: "20 2 0 1 0 24" fits the
    # relations with the blank in either cell — neither is read, whatever a guess would get right
    got = map_document(read_text(plain({("granted", 3)}, "rows"), "plain.txt"))
    for col in ("public_interest_org", "legal_service_provider"):
        assert got.cells[("三", "granted", col)].kind == "ambiguous", col
    assert got.value("三", "granted", "natural_person") == 20

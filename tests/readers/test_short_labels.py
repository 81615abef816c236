"""Row labels printed short, without their numbering, renumbered or without their group label (issue 11):
the printed table follows the format's order, so a row is found by its label's words and its place between
its neighbours ("其他" after the （六） rows and before the total, "总计" before 四).

The document is 淮安市人民政府 2024 in ``pdftotext -layout`` text (../shared/corpus/real/2024_huaian-shi.txt) with
its labels rewritten the way other reports print them; the expected numbers were read off its lines by eye.
"""

from __future__ import annotations

import pytest

from gongkai.audit import audit
from gongkai.readers.mapping import ValueRow, map_document, pieces_from_text
from gongkai.readers.text import read_text
from gongkai.report import Location

COLS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_service_provider", "other_org", "total")

# (printed in the document, printed instead); the columns after a label keep their place
SHORTENED = [
    ("（七）总计", "总计"),
    ("3、其他", "其他"),
    ("（一）予以公开", "予以公开"),
    ("5.属于三类内部事务信息", "属于三类内部事务信息"),
    ("1.本机关不掌握相关政府信息", "（1）本机关不掌握相关政府信息"),
    ("2.重复申请", "(2)重复申请"),
    ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
    ("四、结转下年度继续办理", "（四）结转下年度继续办理"),
]
GROUP_LABELS = ["      （三）不\n", "      予公开\n", "      （四）无\n", "     （五）不", "     予处理\n"]

READ_BY_EYE = {  # row id → the row's seven cells as printed (自然人 … 总计)
    "dispositions_total": [2932, 53, 0, 0, 61, 4, 3050],
    "other_other": [108, 2, 0, 0, 0, 0, 110],
    "granted": [1288, 21, 0, 0, 50, 3, 1362],
    "withheld_internal_affairs": [7, 1, 0, 0, 0, 0, 8],
    "unavailable_not_held": [746, 12, 0, 0, 10, 1, 769],
    "not_processed_duplicate": [25, 0, 0, 0, 0, 0, 25],
    "received": [3001, 53, 0, 0, 61, 4, 3119],
    "carried_forward": [103, 0, 0, 0, 0, 0, 103],
}


@pytest.fixture
def shortened(corpus):
    text = corpus("real/2024_huaian-shi.txt").read_text(encoding="utf-8")
    for printed, instead in SHORTENED:
        longer = max(0, len(instead) - len(printed))
        printed += " " * longer
        assert text.count(printed) == 1, printed
        text = text.replace(printed, instead.ljust(len(printed)))
    for group in GROUP_LABELS:  # the groups' merged cells not printed
        assert text.count(group) == 1, group
        text = text.replace(group, "\n" if group.endswith("\n") else " " * len(group))
    return text


def test_short_and_renumbered_labels_are_read_by_their_words_and_place(shortened):
    rep = map_document(read_text(shortened, "short.txt"))
    for row_id, values in READ_BY_EYE.items():
        assert [rep.value("三", row_id, c) for c in COLS] == values, row_id
    assert not [n for n in rep.notes if n.code in ("P01", "P03", "P06", "P07")], [n.message for n in rep.notes]
    assert not [f for f in audit(rep) if f.severity == "error"]


def test_shortening_labels_changes_no_cell(corpus, shortened):
    """Every cell of table 三 as read from the document with its official labels."""
    original = map_document(read_text(corpus("real/2024_huaian-shi.txt").read_text(encoding="utf-8"), "o.txt"))
    rep = map_document(read_text(shortened, "short.txt"))
    keys = [k for k in original.cells if k[0] == "三"]
    assert [(rep.cells[k].kind, rep.cells[k].value) for k in keys] == \
        [(original.cells[k].kind, original.cells[k].value) for k in keys]


def test_a_short_label_says_it_differs_from_the_format():
    """A shortened label is read, and the reading says how it was printed (P05): 「总计」 is not 「（七）总计」."""
    rows = "\n".join(["三、收到和处理政府信息公开申请情况",
                      "一、本年新收政府信息公开申请数量  1  0  0  0  0  0  1",
                      "二、上年结转政府信息公开申请数量  0  0  0  0  0  0  0",
                      "（一）予以公开  1  0  0  0  0  0  1",
                      "总计  1  0  0  0  0  0  1",
                      "四、结转下年度继续办理  0  0  0  0  0  0  0"])
    rep = map_document(read_text(rows + "\n", "t.txt"))
    assert [rep.value("三", "dispositions_total", c) for c in COLS] == [1, 0, 0, 0, 0, 0, 1]
    assert any(n.code == "P05" and n.data.get("printed") == "总计" for n in rep.notes)


def test_other_between_its_neighbours_is_the_other_handling_row():
    """「其他」 alone names 3.其他 of （六）: the row after the （六） rows, before the total — not 2.其他法律行政法规禁止公开
    (whose label only contains the word) nor the 其他 column."""
    lines = ["三、收到和处理政府信息公开申请情况",
             "          自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
             "一、本年新收政府信息公开申请数量  5  0  0  0  0  0  5",
             "二、上年结转政府信息公开申请数量  0  0  0  0  0  0  0",
             "（一）予以公开  1  0  0  0  0  0  1",
             "其他法律行政法规禁止公开  2  0  0  0  0  0  2",
             "申请人无正当理由逾期不补正  0  0  0  0  0  0  0",
             "其他  2  0  0  0  0  0  2",
             "总计  5  0  0  0  0  0  5",
             "四、结转下年度继续办理  0  0  0  0  0  0  0"]
    rep = map_document(read_text("\n".join(lines) + "\n", "t.txt"))
    assert rep.value("三", "other_other", "natural_person") == 2
    assert rep.value("三", "withheld_prohibited_by_law", "natural_person") == 2
    assert rep.value("三", "dispositions_total", "natural_person") == 5


def test_an_item_number_in_brackets_is_part_of_the_label_not_a_cell():
    pieces = pieces_from_text("（4）保护第三方合法权益   6   0   0   0   0   0   6", Location())
    rows = [p for p in pieces if isinstance(p, ValueRow)]
    assert [(r.label.strip(), r.run) for r in rows] == [("（4）保护第三方合法权益", "6   0   0   0   0   0   6")]


def test_a_group_label_on_a_sub_rows_line_is_not_a_subtotal_row(corpus):
    """The （六） group's merged cell printed on the line of its first sub-row's numbers, the sub-row's label
    wrapped above and below (as ``pdftotext -layout`` centres a group cell): the numbers are the sub-row's,
    not a （六）其他处理 subtotal (P06)."""
    text = corpus("real/2024_huaian-shi.txt").read_text(encoding="utf-8")
    line = "               正、行政机关不再处理其政府信           67"
    assert text.count(line) == 1 and text.count("     （六）其\n") == 1 and text.count("     他处理\n") == 1
    text = text.replace("     （六）其\n", "\n").replace("     他处理\n", "\n")
    text = text.replace(line, "     （六）其他处理                              67")
    text = text.replace("               1、申请人无正当理由逾期不补\n", "               1、申请人无正当理由逾期不补正、行政机关\n")
    rep = map_document(read_text(text, "group.txt"))
    assert [rep.value("三", "other_correction_not_supplied", c) for c in COLS] == [67, 3, 0, 0, 1, 0, 71]
    assert {rep.cell("三", "other_handling", c).kind for c in COLS} == {"missing"}
    assert not [n for n in rep.notes if n.code in ("P03", "P06", "P07")], [n.message for n in rep.notes]


def test_other_without_its_sibling_rows_may_be_the_group_and_stays_unread():
    """「其他」 where neither 1. nor 2. of （六） is printed may be 3.其他 or the （六）其他处理 subtotal: not guessed."""
    lines = ["三、收到和处理政府信息公开申请情况",
             "一、本年新收政府信息公开申请数量  5  0  0  0  0  0  5",
             "二、上年结转政府信息公开申请数量  0  0  0  0  0  0  0",
             "（一）予以公开  3  0  0  0  0  0  3",
             "2.重复申请  0  0  0  0  0  0  0",
             "其他  2  0  0  0  0  0  2",
             "总计  5  0  0  0  0  0  5",
             "四、结转下年度继续办理  0  0  0  0  0  0  0"]
    rep = map_document(read_text("\n".join(lines) + "\n", "t.txt"))
    assert {rep.cell("三", row, "natural_person").kind for row in ("other_other", "other_handling")} == {"missing"}
    assert any(n.code == "P03" and n.data["label"] == "其他" for n in rep.notes)
    assert rep.value("三", "dispositions_total", "natural_person") == 5

"""A text table whose rows rule lines set apart ("|----+----|", links -dump), a row's label wrapped inside its cell
over two lines and its numbers on one of them (issue 11, a fresh tester's B3).  The table is written here."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

from .test_plain_blanks import COL_IDS, COLUMNS, ROWS


def links_text(wrap: dict[str, int], numbers_below: bool) -> str:
    w = 12
    rule = "|" + "-" * 40 + ("+" + "-" * w) * 7 + "|"

    def line(label, cells):
        return "|" + label.ljust(40) + "".join("|" + c.ljust(w) for c in cells) + "|"

    out = ["某县某局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", rule,
           line("申请人情况", COLUMNS), rule]
    for rid, label, vals in ROWS:
        nums = [str(v) for v in vals]
        at = wrap.get(rid)
        if at:
            first, second = (label[:at], nums), (label[at:], [""] * 7)
            if numbers_below:
                first, second = (label[:at], [""] * 7), (label[at:], nums)
            out += [line(*first), line(*second)]
        else:
            out.append(line(label, nums))
        out.append(rule)
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(out) + "\n"


@settings(max_examples=20, deadline=None)
@given(wrap=st.dictionaries(st.sampled_from([r for r, label, _ in ROWS if len(label) > 4]), st.integers(2, 4),
                            max_size=6),
       numbers_below=st.booleans())
def test_a_label_wrapped_in_its_cell_between_rules_is_one_row(wrap, numbers_below):
    got = map_document(read_text(links_text(wrap, numbers_below), "links.txt"))
    for rid, _, vals in ROWS:
        for c, col in enumerate(COL_IDS):
            cell = got.cells[("三", rid, col)]
            assert (cell.kind, cell.value) == ("number", vals[c]), (rid, col, cell)

"""The title's agency and year as converters print the title line (issue 11, outside tester T12): set in bold or
italics by a lightweight markup (pandoc's rst "**…**", Org/AsciiDoc "*…*"), or run into the paragraph after it
with its year spaced out (LibreOffice PDF → text: "宁远市民政局 2025 年政府信息公开工作年度报告本报告根据…")."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent.parent))

from test_layout_generator import TITLE, make_case, tab_text  # noqa: E402

from gongkai.readers.mapping import _title_part, map_document  # noqa: E402
from gongkai.readers.text import read_text  # noqa: E402

PLACES = ["南岭镇", "新安县", "宁远市", "红星街道", "北湖区"]
OFFICES = ["人民政府办公室", "人民政府", "民政局", "公安局", "住房和城乡建设局", "卫生健康委员会"]
LEAD = ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
        "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。")


def _report_text(title_line: str, lead: bool) -> str:
    rep, _ = make_case(random.Random(1))
    lines = tab_text(rep)
    assert lines[0] == TITLE
    lines = [title_line] + lines[1:]
    if lead:  # the lead paragraph is run into the title line: not on a line of its own again
        lines = [x for x in lines if x != LEAD]
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None)
@given(place=st.sampled_from(PLACES), office=st.sampled_from(OFFICES), year=st.integers(2019, 2030),
       style=st.sampled_from(["**{}**", "*{}*", "__{}__", "plain", "spaced"]))
def test_title_agency_and_year_through_markup_and_run_in_lines(place, office, year, style):
    agency = place + office
    if style == "spaced":
        line = f"{agency} {year} 年政府信息公开工作年度报告{LEAD}"
    elif style == "plain":
        line = f"{agency}{year}年政府信息公开工作年度报告"
    else:
        line = style.format(f"{agency}{year}年政府信息公开工作年度报告")
    got = map_document(read_text(_report_text(line, style == "spaced"), "t.txt"))
    assert (got.agency, got.year) == (agency, year), (line, got.title)
    assert "*" not in got.title and "_" not in got.title


def test_emphasis_marks_only_around_the_whole_line():
    assert _title_part("**南岭镇人民政府办公室2024年政府信息公开工作年度报告**") == \
        "南岭镇人民政府办公室2024年政府信息公开工作年度报告"
    assert _title_part("*新安县人民政府2024年政府信息公开工作年度报告*") == "新安县人民政府2024年政府信息公开工作年度报告"
    # a line without marks: the title as printed
    assert _title_part("新安县人民政府2024年政府信息公开工作年度报告") == "新安县人民政府2024年政府信息公开工作年度报告"

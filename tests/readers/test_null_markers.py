"""Cells a program printed for “no value”: pandas ``to_markdown``/``to_string`` print an empty cell as “nan”/“NaN”,
``to_html`` an empty object cell as “None”, missing integers and dates as “<NA>”/“NaT”.  In any reader such a cell
is blank (as a printed blank: C04), never text that is not a number (C05) nor a label.  Rendered here the way pandas
renders a frame holding the generated report's tables (every empty cell, label cells included, written as the
marker); expected values are the generated report's."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_layout_generator import assert_never_wrong, make_case

sys.path.insert(0, str(Path(__file__).parent))
from test_converter_dumps import _read_all_right  # noqa: E402

from gongkai.audit import audit
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.textutil import parse_value
from gongkai.writers import write_html, write_markdown

SETTINGS = dict(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKERS = ["nan", "NaN", "None", "<NA>", "NaT"]


def _markdown_with(rep, marker: str) -> str:
    def row(line: str) -> str:
        if not line.startswith("|") or re.fullmatch(r"[|:\- ]+", line):
            return line
        cells = line.strip().strip("|").split("|")
        return "| " + " | ".join(c.strip() or marker for c in cells) + " |"
    return "\n".join(row(x) for x in write_markdown(rep).split("\n"))


def _html_with(rep, marker: str) -> str:
    shown = marker.replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"(<td[^>]*>)\s*(</td>)", lambda m: m.group(1) + shown + m.group(2), write_html(rep))


def _no_marker_said(got):
    findings = audit(got)
    assert not [f for f in findings if f.code == "C05"], [f.message for f in findings if f.code == "C05"][:3]
    assert not [f for f in findings if f.severity == "error"]


@settings(**SETTINGS)
@given(seed=st.integers(0, 10**6), marker=st.sampled_from(MARKERS))
def test_markdown_cells_printing_a_null_marker_are_blank(seed, marker):
    rep, _ = make_case(random.Random(seed), blank_rows=True)
    got = map_document(read_markdown(_markdown_with(rep, marker), "a.md"))
    assert_never_wrong(rep, got)
    _read_all_right(rep, got)
    _no_marker_said(got)


@settings(**SETTINGS)
@given(seed=st.integers(0, 10**6), marker=st.sampled_from(MARKERS))
def test_html_cells_printing_a_null_marker_are_blank(seed, marker):
    rep, _ = make_case(random.Random(seed), blank_rows=True)
    got = map_document(read_html(_html_with(rep, marker), "a.html"))
    assert_never_wrong(rep, got)
    _read_all_right(rep, got)
    _no_marker_said(got)


def test_only_a_whole_cell_is_a_null_marker():
    assert all(parse_value(m) == ("blank", None) for m in MARKERS + [" nan ", "ＮａＮ"])
    assert all(parse_value(x)[0] == "unreadable" for x in ["nan件", "None of", "NA", "null", "nan nan"])

"""The alignment's shortcuts (issue 16): ``_whole_label_scores`` gives :func:`~gongkai.readers.mapping._row_scores`
of a line holding a printed row's whole label the scores the full scoring of every row gives
(``mapping.WHOLE_LABEL_SHORTCUT``), and ``_one_row_each`` gives :func:`~gongkai.readers.mapping.align` the
matches of the full alignment when each line scores one row and those rows are in order
(``mapping.ALIGN_SHORTCUT``): the cells read are the same with them as without them.

Checked on the scores themselves — labels made of the formats' own labels with what reports print around them
(numbering changed or dropped, a group's label before a sub-row's, a unit, two labels on one line, letter
spacing), any text before and after, blank or not, against every table's rows and runs of them — and on whole
reports: generated consistent reports written as HTML and Markdown, and table 三 printed as random noisy rows of
text, mapped with and without the shortcut to the same report."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.format import FORMAT_2019, FORMAT_2021
from gongkai.readers import mapping
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.readers.text import read_text
from gongkai.writers import write_html, write_markdown

EXAMPLES = int(os.environ.get("GEN_EXAMPLES", "120"))
TABLES = [t for fmt in (FORMAT_2021, FORMAT_2019) for t in fmt.tables if any(r.label for r in t.rows)]
LABELS = sorted({x for t in TABLES for r in t.rows for x in (r.label, *r.aliases, *r.short) if x}
                | {g for t in TABLES for g in t.group_labels})
NOISE = ["", "（一）", "(二)", "三、", "1.", "2、", "小计", "合计", "总计", "（件）", "其他", "单位：件", "　", " ",
         "本年度", "申请", "办理结果", "予以公开", "不予公开", "本机关不掌握相关政府信息"]


@st.composite
def printed_labels(draw):
    """A label as reports print it, made of the formats' labels (mostly holding one of them whole)."""
    parts = [draw(st.sampled_from(LABELS))]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(LABELS)))
    for _ in range(draw(st.integers(0, 2))):
        k = draw(st.integers(0, len(parts)))
        parts.insert(k, draw(st.sampled_from(NOISE)))
    text = "".join(parts)
    how = draw(st.sampled_from(["plain", "plain", "spaced", "cut", "dropped"]))
    if how == "spaced":
        text = " ".join(text)
    elif how == "cut" and len(text) > 4:
        a = draw(st.integers(0, len(text) - 2))
        text = text[:a] + text[a + draw(st.integers(1, 2)):]
    elif how == "dropped":
        text = text.lstrip("（(一二三四五六七八九十)）、.1234567890 ")
    return text


def _scores(texts, table, rows, shortcut: bool):
    old = mapping.WHOLE_LABEL_SHORTCUT
    mapping.WHOLE_LABEL_SHORTCUT = shortcut
    try:
        return mapping._row_scores(texts, table, rows)
    finally:
        mapping.WHOLE_LABEL_SHORTCUT = old


@settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.sampled_from(TABLES), label=printed_labels(), prev=st.one_of(st.just(""), printed_labels()),
       nxt=st.one_of(st.just(""), printed_labels()), blank=st.booleans(), cut=st.tuples(st.integers(0, 40),
                                                                                     st.integers(1, 40)))
def test_the_shortcut_gives_the_full_scores(table, label, prev, nxt, blank, cut):
    rows = [r for r in table.rows if r.label]
    a, k = cut
    for some in (rows, rows[a % len(rows):a % len(rows) + k]):  # the table's rows, or a run of them (sub-tables)
        texts = (label, prev, nxt, blank)
        assert _scores(texts, table, some, True) == _scores(texts, table, some, False), (label, prev, nxt)


def _mapped(read, data, shortcut: bool):
    old = mapping.WHOLE_LABEL_SHORTCUT, mapping.ALIGN_SHORTCUT
    mapping.WHOLE_LABEL_SHORTCUT = mapping.ALIGN_SHORTCUT = shortcut
    mapping._SCORES.clear()  # (the scores are kept per document's labels: made again each way)
    try:
        return map_document(read(data))
    finally:
        mapping.WHOLE_LABEL_SHORTCUT, mapping.ALIGN_SHORTCUT = old
        mapping._SCORES.clear()


def assert_same_report(a, b):
    assert a.cells == b.cells
    assert [n.to_dict() for n in a.notes] == [n.to_dict() for n in b.notes]
    assert a.tables_found == b.tables_found


ALL_CELLS = [(t.number, r.id, c.id) for t in FORMAT_2021.tables for r, c in t.cells()]
WRITTEN = {
    "html": (write_html, lambda s: read_html(s.encode("utf-8"), "r.html")),
    "md": (write_markdown, lambda s: read_markdown(s.encode("utf-8"), "r.md")),
    "text": (write_markdown, lambda s: read_text(s, "r.txt")),
}


@pytest.mark.parametrize("how", sorted(WRITTEN))
@settings(max_examples=max(EXAMPLES // 6, 10), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), high=st.sampled_from([0, 3, 60, 5000]),
       blanks=st.lists(st.sampled_from(ALL_CELLS), max_size=4, unique=True))
def test_written_reports_map_the_same_with_and_without_the_shortcut(how, seed, high, blanks):
    values = consistent_values(random.Random(seed), high)
    for key in blanks:
        values.pop(key)
    write, read = WRITTEN[how]
    data = write(report_from_values(values, blanks=blanks))
    assert_same_report(_mapped(read, data, True), _mapped(read, data, False))


T3 = FORMAT_2021.table("三")
HEAD = ["测试市测试局2024年政府信息公开工作年度报告", "一、总体情况", "本年度按要求开展政府信息公开工作。",
        "二、主动公开政府信息情况", "本年度主动公开政府信息120条。", T3.title]
TAIL = ["四、政府信息公开行政复议、行政诉讼情况", "本年度未发生行政复议、行政诉讼。"]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(printed_labels(), st.lists(st.integers(0, 999), max_size=len(T3.columns) + 1)),
                     min_size=1, max_size=30),
       tabs=st.booleans(), html=st.booleans())
def test_noisy_rows_map_the_same_with_and_without_the_shortcut(rows, tabs, html):
    if html:
        cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in [label, *map(str, values)]) + "</tr>"
                        for label, values in rows)
        page = ("<html><body>" + "".join(f"<p>{x}</p>" for x in HEAD) + f"<table>{cells}</table>"
                + "".join(f"<p>{x}</p>" for x in TAIL) + "</body></html>")
        read = lambda s: read_html(s.encode("utf-8"), "r.html")  # noqa: E731
    else:
        sep = "\t" if tabs else "    "
        page = "\n".join(HEAD + [sep.join([label, *map(str, values)]) for label, values in rows] + TAIL) + "\n"
        read = lambda s: read_text(s, "r.txt")  # noqa: E731
    assert_same_report(_mapped(read, page, True), _mapped(read, page, False))


def test_the_shortcut_serves_the_formats_own_labels(monkeypatch):
    """Every printed row's own label takes the shortcut (else the tests above would test little)."""
    taken = []
    whole = mapping._whole_label_scores
    monkeypatch.setattr(mapping, "_ALIGNED_ROWS", {})  # (a label scored before is known without it)
    monkeypatch.setattr(mapping, "_whole_label_scores", lambda *a: taken.append(a[0]) or whole(*a))
    table = FORMAT_2021.table("三")
    rows = [r for r in table.rows if r.label]
    for r in table.printed_rows:
        mapping._row_scores((r.label, "", "", False), table, rows)
    assert len(taken) == len(table.printed_rows)
    again = [mapping._row_scores((r.label, "", "", False), table, rows) for r in table.printed_rows]
    assert len(taken) == len(table.printed_rows)  # the format's own labels: scored once per process
    mapping.WHOLE_LABEL_SHORTCUT = False
    try:
        assert again == [mapping._row_scores((r.label, "", "", False), table, rows) for r in table.printed_rows]
    finally:
        mapping.WHOLE_LABEL_SHORTCUT = True


# a value row's scores as _row_scores gives them: 0.0, or at least the threshold (0.6), at most 1.0
SCORE = st.one_of(st.just(0.0), st.just(0.0), st.just(1.0), st.just(0.95 * 0.9), st.floats(0.6, 1.0))


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(m=st.integers(0, 12), data=st.data())
def test_one_row_each_is_the_best_alignment(m, data):
    rows = [f"row{j}" for j in range(m)]
    n = data.draw(st.integers(0, 12))
    sparse = data.draw(st.booleans())
    score = []
    if sparse and data.draw(st.booleans()):  # one score a line, rows in order, some lines without
        js = sorted(data.draw(st.lists(st.integers(0, max(m - 1, 0)), max_size=min(n, m), unique=True)))
        lines = sorted(data.draw(st.lists(st.integers(0, max(n - 1, 0)), min_size=len(js), max_size=len(js),
                                          unique=True))) if n >= len(js) else []
        at = dict(zip(lines, js))
        score = [tuple(data.draw(SCORE.filter(bool)) if at.get(i) == j else 0.0 for j in range(m)) for i in range(n)]
        assert mapping._one_row_each(score, rows) is not None
        n = 0
    for _ in range(n):
        if sparse and m:  # mostly one score a line, in order or not (the shortcut's case and its neighbours)
            sc = [0.0] * m
            for _ in range(data.draw(st.integers(0, 2))):
                sc[data.draw(st.integers(0, m - 1))] = data.draw(SCORE)
        else:
            sc = [data.draw(SCORE) for _ in range(m)]
        score.append(tuple(sc))
    plain = mapping._one_row_each(score, rows)
    if plain is not None:
        assert plain == mapping._best_alignment(score, rows)

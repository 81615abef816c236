"""Functions of the HTML read+map path rewritten for speed (issue 16) give what their earlier forms gave.

The earlier forms are kept here, word for word, as the references: ``_without_groups`` (a group label's cuts
now made once per tuple of labels), ``ValueRow.blank`` (one join instead of a test per cell), ``_row_from_block``
(the first value found by a loop instead of a generator) and the check of a table's group labels in its header
(``_check_columns``: the header without the rows' labels made only for a group label the header lacks).  Random
inputs are drawn from a few characters and the format's own labels, so that labels, their parts and the
conditions meet often.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.format import FORMAT_2021
from gongkai.readers import mapping
from gongkai.readers.base import RawCell, RowBlock
from gongkai.readers.mapping import (FORMULA_NOT_COMPUTED, TextPiece, ValueRow, _cut_label, _group_texts,
                                     _WRAPPED_IN_CELL_PREFIX, _looks_like_value, _row_from_block,
                                     _without_groups)
from gongkai.report import Location
from gongkai.textutil import norm, parse_value

TABLE_THREE = FORMAT_2021.table("三")
GROUPS = _group_texts(TABLE_THREE)
PIECES = (*GROUPS, *(g[:k] for g in GROUPS for k in (2, 3, 5)), *(g[k:] for g in GROUPS for k in (2, 4)),
          *(norm(r.label) for r in TABLE_THREE.rows), "予以公开", "（三）", "其他", " ", "、", "1.")


def _without_groups_reference(text: str, groups: tuple[str, ...]) -> str:
    found = False
    for g in groups:
        if g in text:
            text = text.replace(g, "")
            found = True
    if found:
        return text
    for g in groups:
        for k in range(2, len(g) - 1):
            head, tail = g[:k], g[k:]
            p = text.find(head)
            if p < 0:
                break  # (nor is any longer head: each begins with this one)
            q = text.find(tail, p + k + 1)
            if q >= 0 and (p == 0 or q + len(tail) == len(text)):  # (t11-boxes: a group's parts begin or end it)
                return text[:p] + text[p + k:q] + text[q + len(tail):]
    return text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=6), st.booleans())
def test_without_groups_as_before(pieces, own_groups):
    text = "".join(pieces)
    groups = GROUPS if own_groups else tuple(sorted({p for p in pieces if len(p) >= 4}, key=len, reverse=True))
    assert _without_groups(text, groups) == _without_groups_reference(text, groups)


WHITESPACE = ("", " ", "\u3000", "\xa0", "\t", "\n", "\u200b", "\ufeff", "a", "0", "/", "—")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WHITESPACE), max_size=3).map("".join), max_size=5))
def test_value_row_blank_as_before(texts):
    v = ValueRow("x", Location(), cells=[RawCell(t) for t in texts])
    assert v.blank == all(not t.strip() for t in texts)


def _row_from_block_reference(b: RowBlock) -> ValueRow | str:
    cells = list(b.cells)
    kinds = [None if c.spanned else parse_value(c.text)[0] for c in cells]
    first_value = next((i for i, k in enumerate(kinds) if k in ("number", "not_applicable")
                        or (k == "unreadable" and i > 0
                            and (_looks_like_value(cells[i].text) or cells[i].text == FORMULA_NOT_COMPUTED)
                            and any(c.text.strip() for c in cells[:i] if not c.spanned))
                        or (k == "unreadable" and "\ufffd" in cells[i].text and _looks_like_value(cells[i].text))
                        or (k == "unreadable" and cells[i].text.startswith(_WRAPPED_IN_CELL_PREFIX))),
                       len(cells))
    last_label = -1
    for i, k in enumerate(kinds[:first_value]):
        if k == "unreadable" and cells[i].text.strip():
            last_label = i
    label_cells = [c for c in cells[:last_label + 1] if not c.spanned and c.text.strip()]
    values = [c for c in cells[last_label + 1:] if not c.spanned]
    label = " ".join(c.text for c in label_cells)
    if "\ufffd" in label:
        label = _cut_label(label)
        if not label:
            values = [c if "\ufffd" in c.text else RawCell(c.text + "\ufffd", c.location, c.spanned) for c in values]
    if not values:
        return TextPiece(label, b.table, cells, b.location)
    return ValueRow(label, b.location, cells=values, label_cells=label_cells, table=b.table, grid=cells,
                    in_columns=b.in_columns)


CELL_TEXTS = ("", " ", "规章", "（一）予以公开", "行政\ufffd", "1.属于国家秘密", "347*", "12万3500元", "0.001235亿元",
              "215\ufffd", "\ufffd", "2", "0", "１２", "/", "—", "无", "ab", "1,703", "2914,227", FORMULA_NOT_COMPUTED,
              "本年新收", "3 件", "－", _WRAPPED_IN_CELL_PREFIX + "1512\n4）")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CELL_TEXTS), st.booleans()), max_size=7), st.booleans())
def test_row_from_block_as_before(cells, in_columns):
    loc = Location("t.html", 3, "第1个表格 第2行")
    block = RowBlock([RawCell("" if spanned else text, loc, spanned) for text, spanned in cells], loc, table=0,
                     in_columns=in_columns)
    got, want = _row_from_block(block), _row_from_block_reference(block)
    assert type(got) is type(want)
    if isinstance(want, TextPiece):
        assert (str(got), got.table, got.cells, got.location) == (str(want), want.table, want.cells, want.location)
    else:
        assert got == want


def _groups_missing_reference(table, header: str) -> list[str]:
    """The group labels ``_check_columns`` goes on to look for, as it chose them before."""
    scorer = mapping._TextScorer(header)
    out = []
    for official in table.group_labels:
        group = norm(official)
        bare = header
        for r in table.rows:
            key = norm(r.label)
            if key and key != group:
                bare = bare.replace(key, "")
        if group in header or group in bare or scorer.under(group, 0.6) < 0.6:
            continue
        out.append(official)
    return out


def _groups_missing(table, header: str) -> list[str]:
    """As ``_check_columns`` chooses them now (its loop, up to the note)."""
    scorer = mapping._TextScorer(header)
    out = []
    for official in table.group_labels:
        group = norm(official)
        if group in header:
            continue
        bare = header
        for r in table.rows:
            key = norm(r.label)
            if key and key != group:
                bare = bare.replace(key, "")
        if group in bare or scorer.under(group, 0.6) < 0.6:
            continue
        out.append(official)
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8))
def test_group_labels_looked_for_as_before(pieces):
    header = norm("".join(pieces))
    for table in FORMAT_2021.tables:
        assert _groups_missing(table, header) == _groups_missing_reference(table, header)


def test_check_columns_source_is_the_tested_one():
    """The loop tested above is the one in ``_check_columns`` (a change there must change the test too)."""
    import inspect

    src = next(inspect.getsource(obj._check_columns) for obj in vars(mapping).values()
               if isinstance(obj, type) and "_check_columns" in vars(obj))
    assert "if group in header:\n                continue" in src
    assert "if group in bare or scorer.under(group, 0.6) < 0.6:" in src


_CELL_MARKUP = st.sampled_from([
    "{t}", " {t} ", "<p>{t}</p>", "\n <p align='center'>{t}</p>\n", "<p>本年新<br>{t}</p>", "<span>{t}</span>x",
    "<img alt='{t}'>", "<img alt='图片1'>", "", "<p></p>", "<div><p>{t}</p><p>{t}</p></div>", "a<br>{t}",
    "<script>1</script>{t}", "<table><tr><td>{t}</td><td>2</td></tr></table>"])
_CELL_WORDS = st.text(alphabet=" \n\xa0\u3000本年新收1２a", max_size=5)
_SPAN_ATTR = st.sampled_from(["", " colspan='2'", " rowspan='2'", " colspan='2' rowspan='2'"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(_CELL_MARKUP, _CELL_WORDS, _SPAN_ATTR), min_size=2, max_size=4),
                min_size=1, max_size=4))
def test_table_walk_reads_each_cell_as_cell_text(rows):
    """The table walk reads a text-only cell inline, any other by ``_cell_text``'s own methods: every cell's
    text is ``_Walker._cell_text`` of its element, a position covered by a span is an empty spanned cell, and
    each cell's location is where it was before ("第1个表格 第r行 第c列", the cell's own source line)."""
    from xml.sax.saxutils import escape

    from gongkai.readers.html import _grid, _own_rows, _Walker, parse_html

    body = "".join("<tr>" + "".join(f"<td{span}>{markup.format(t=escape(words))}</td>"
                                    for markup, words, span in row) + "</tr>" for row in rows)
    root = parse_html(f"<html><body><p>表</p>\n<table>\n{body}</table></body></html>", "x.html")
    table = next(root.iter("table"))
    grid = _grid(_own_rows(table))
    walker = _Walker("x.html")
    walker.walk(root)
    got = [b for b in walker.blocks if isinstance(b, RowBlock) and b.table == 0]
    reference = _Walker("x.html")
    assert len(got) == len(grid)
    for r, (block, line) in enumerate(zip(got, grid)):
        assert [c.text for c in block.cells] == ["" if o is None else reference._cell_text(o) for o in line]
        assert [c.spanned for c in block.cells] == [o is None for o in line]
        assert [c.location for c in block.cells] == [
            Location("x.html", block.location.line if o is None else o.sourceline, f"第1个表格 第{r + 1}行 第{c + 1}列")
            for c, o in enumerate(line)]
        assert block.location.where == f"第1个表格 第{r + 1}行"


def test_per_format_memos_as_computed():
    """The memos made once per format table or row hold what was computed at each call before: a row's 万元
    columns, a table's rows by group label, a table's group labels and whether it is printed in blocks."""
    from gongkai.format import FORMAT_2019

    for fmt in (FORMAT_2021, FORMAT_2019):
        for table in fmt.tables:
            for _ in range(2):  # made, then found
                for row in table.rows:
                    assert mapping._amount_columns(table, row) == tuple(
                        c for c in table.columns_of(row) if mapping._unit(row, c) == "万元")
                members: dict = {}
                for r in table.rows:
                    members.setdefault(r.group, []).append(r)
                assert mapping._group_members(table) == members
                own = {r.label for r in table.rows}
                assert table.group_labels == tuple(dict.fromkeys(
                    r.group for r in table.rows if r.group and r.group not in own))
                assert table.in_blocks == any(r.block for r in table.rows)

"""A table printed in the other orientation (rows and columns swapped): turned upright before it is mapped.

Some reports print table 三 with the applicant types (自然人, 商业企业 … 其他, 总计) as its rows and the
format's 25 rows as its columns, or table 四 as fifteen rows "行政复议 | 结果维持 | 17".  Read as printed, the
row labels "其他" and "总计" of the applicant types look like the format's rows "3.其他" and "（七）总计" and their
numbers land in the wrong cells; table 四's rows name no row of the format and the table is unread.

:func:`upright_tables` finds such a table among a grid table's rows (``RowBlock.table`` set) or a text's rows
read in columns, by its row labels alone, and only when it is sure: a stretch of rows one after
another,

* table 三: each labelled by an applicant type (or the group 法人或其他组织), at least three of the types no row
  of the format is called (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构);
* table 四: each of one value, labelled by a result (结果维持 … 总计) under a group (行政复议, 行政诉讼,
  未经复议直接起诉 …: in a cell before it or the label's beginning), at least three different results;

with the rows without values just above it (up to three) as its header.
Such a stretch is swapped, cell for cell (a place covered by a span stays covered; every cell keeps where it is
printed): its header becomes its label column and its label column its header, as the format prints it.  The
mapper then reads it as any other table — a column it cannot name stays unread with its note; an applicant
type is never taken for a row of the format.

A PDF reader puts a merged group column apart as text (read down: "类别行政复议行政复议…行政诉讼…"), so table 四
printed turned may come as fifteen rows "结果维持 | 17" alone.  Those are placed by the format's order, and only
when the rows print exactly the format's results in its order and the text before and among them names the
groups in the format's order (:func:`_results_apart_from_groups`); otherwise they stay unread.  A pure function
over the blocks.
"""

from __future__ import annotations

from ..format.model import Format
from ..textutil import norm, parse_value
from .base import RawCell, RowBlock

#: distinct labels of one kind (applicant types, results) a stretch of rows must print to be taken as turned
_MIN_KINDS = 3


def _label_cells(texts: list[str]) -> tuple[list[str], int]:
    """A row's label texts (normalised, non-empty: the cells before its first value) and how many values it has."""
    labels: list[str] = []
    values = 0
    for text in texts:
        kind = parse_value(text)[0]
        if kind in ("number", "not_applicable"):
            values += 1
        elif not values and text.strip():
            labels.append(norm(text))
    return labels, values


def _texts_under_spans(rows: list[RowBlock]) -> list[list[str]]:
    """Each row's cell texts, a place covered by a span holding the text above it (a group label merged down over
    its rows: 行政复议 beside each of its five results; a place covered from the left gets the text above too —
    it only tells the row's kind)."""
    out: list[list[str]] = []
    for b in rows:
        above = out[-1] if out else []
        out.append([(above[j] if j < len(above) else "") if c.spanned else c.text for j, c in enumerate(b.cells)])
    return out


def _applicant_types(fmt: Format) -> frozenset[str]:
    """Table 三's column labels that name no row of it (自然人, 商业企业 …; not 其他, 总计)."""
    table = fmt.table("三")
    rows = {norm(t) for r in table.rows for t in (r.label, *r.aliases, *r.short) if t}
    rows |= {t[t.find(".") + 1:] for t in rows}  # "3.其他" prints as "其他" too
    return frozenset(norm(c.label) for c in table.columns if norm(c.label) not in rows)


def _review_words(fmt: Format) -> tuple[frozenset[str], frozenset[str]]:
    """Table 四's results (its column labels) and its groups' words."""
    table = fmt.table("四")
    return (frozenset(norm(c.label) for c in table.columns),
            frozenset(norm(g) for c in table.columns for g in c.groups))


def _row_kind(labels: list[str], values: int, fmt: Format) -> str | None:
    """"三" for a row of values labelled by one applicant type (under its group 法人或其他组织 or not), "四" for a row
    of one value (or
    none: a blank cell) labelled by a result under a group of table 四; None for any other row."""
    if not labels:
        return None
    if values and len(set(labels) & _column_labels(fmt)) == 1 and set(labels) <= _applicant_labels(fmt):
        return "三"  # (a header row of an upright table names several)
    results, groups = _review_words(fmt)
    last = labels[-1]
    result = next((r for r in results if last.endswith(r)), None)
    if values <= 1 and result is not None and not any(r in t for t in labels[:-1] for r in results):
        before = [*labels[:-1], last[:-len(result)]]
        if any(t and (g in t or t in g) for t in before for g in groups):
            return "四"
    return None


def _column_labels(fmt: Format) -> frozenset[str]:
    """Table 三's column labels (自然人 … 其他, 总计), normalised."""
    return frozenset(norm(c.label) for c in fmt.table("三").columns)


def _applicant_labels(fmt: Format) -> frozenset[str]:
    """Table 三's column labels and the groups they stand under (申请人情况, 法人或其他组织), normalised."""
    return _column_labels(fmt) | frozenset(norm(g) for c in fmt.table("三").columns for g in c.groups)


def _distinct(kind: str, labels: list[list[str]], fmt: Format) -> int:
    """How many different applicant types (三: those no row of the format is called) or results (四) ``labels``
    print."""
    if kind == "三":
        return len(set().union(*map(set, labels)) & _applicant_types(fmt))
    results, _ = _review_words(fmt)
    return len({next(r for r in results if ls[-1].endswith(r)) for ls in labels})


def _turned_stretches(rows: list[RowBlock], fmt: Format) -> list[tuple[str, int, int]]:
    """In one table's rows (or a run of a text's rows): (numeral, first, end) of each stretch that is table 三 or
    四 printed turned — its header rows (no values, at most three, just above) and its rows of one kind.  Rows of
    an upright table 三 labelled "其他" or "总计" are of the kind too, but never three applicant types."""
    read = [_label_cells(texts) for texts in _texts_under_spans(rows)]
    kinds = [_row_kind(labels, n, fmt) for labels, n in read]
    out = []
    i = 0
    while i < len(rows):
        kind = kinds[i]
        if kind is None:
            i += 1
            continue
        j = i
        while j < len(rows) and kinds[j] == kind:
            j += 1
        if _distinct(kind, [read[k][0] for k in range(i, j)], fmt) >= _MIN_KINDS:
            first = i
            while first > 0 and i - first < 3 and not read[first - 1][1]:
                first -= 1
            out.append((kind, first, j))
        i = j
    return out


def _runs(blocks: list) -> list[list[int]]:
    """The indices of each run of table rows: a grid table's rows, or a text's rows read in columns one after
    another."""
    out: list[list[int]] = []
    for i, b in enumerate(blocks):
        if not isinstance(b, RowBlock) or not b.cells or not b.in_columns or b.glued:
            continue
        if out and out[-1][-1] == i - 1 and blocks[i - 1].table == b.table:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _swapped(rows: list[RowBlock]) -> list[RowBlock]:
    """The rows and columns swapped; short rows padded with empty cells where their row is printed."""
    width = max(len(b.cells) for b in rows)
    grid = [b.cells + [RawCell("", b.location) for _ in range(width - len(b.cells))] for b in rows]
    out = []
    for j in range(width):
        cells = [row[j] for row in grid]
        out.append(RowBlock(cells, cells[0].location if cells[0].location.where else rows[0].location,
                            rows[0].table, in_columns=True))
    return out


def _text_names_groups_in_order(text: str, fmt: Format) -> bool:
    """Whether ``text`` (normalised) names each of table 四's groups, level by level in the format's order (行政复议
    before 行政诉讼, 未经复议直接起诉 before 复议后起诉)."""
    columns = fmt.table("四").columns
    for level in range(max(len(c.groups) for c in columns)):
        names = list(dict.fromkeys(norm(c.groups[level]) for c in columns if len(c.groups) > level))
        at = [text.find(n) for n in names]
        if -1 in at or at != sorted(at):
            return False
    return True


def _results_apart_from_groups(blocks: list, fmt: Format) -> list[tuple[int, list[int]]]:
    """Table 四 printed turned whose group cells a reader put apart as text (a PDF's merged group column, read
    down as one line "类别行政复议行政复议…"): one grid table's rows, each a result and one cell, the results the
    format's columns' in the format's order, and the text before and among them naming the groups in the
    format's order — (index of the text's first block, the rows' indices) of each."""
    columns = fmt.table("四").columns
    want = [norm(c.label) for c in columns]
    tables: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if isinstance(b, RowBlock) and b.table is not None:
            tables.setdefault(b.table, []).append(i)
    out = []
    for at in tables.values():
        table = blocks[at[0]].table
        if len(at) != len(want) or any(isinstance(b, RowBlock) and b.table != table for b in blocks[at[0]:at[-1]]):
            continue
        if any(len(blocks[i].cells) != 2 or blocks[i].cells[1].spanned for i in at):
            continue
        read = [_label_cells([c.text for c in blocks[i].cells]) for i in at]
        if [labels for labels, _ in read] != [[w] for w in want]:
            continue
        start = at[0]
        while start > 0 and at[0] - start < 3 and not isinstance(blocks[start - 1], RowBlock):
            start -= 1
        text = norm("".join(b.text for b in blocks[start:at[-1]] if not isinstance(b, RowBlock)))
        if _text_names_groups_in_order(text, fmt):
            out.append((start, at))
    return out


def _by_format_order(rows: list[RowBlock], fmt: Format) -> list[RowBlock]:
    """Table 四's rows of a result and its cell as the format's header (each column by its whole path, where its
    result is printed) over one row of the cells."""
    columns = fmt.table("四").columns
    head = [RawCell(c.display if c.qualified else "/".join(c.path), b.cells[0].location) for c, b in zip(columns, rows)]
    return [RowBlock(head, rows[0].location, rows[0].table),
            RowBlock([b.cells[1] for b in rows], rows[0].location, rows[0].table)]


def upright_tables(blocks: list, fmt: Format) -> tuple[list, list[tuple[str, RowBlock, bool]]]:
    """``blocks`` with table 三 or 四 printed turned swapped upright; and for each, the table's numeral, its
    first row as printed (where it is) and whether its rows were placed by the format's order (table 四's groups
    printed apart, :func:`_results_apart_from_groups`)."""
    if not any(t.number == "三" for t in fmt.tables) or not any(t.number == "四" for t in fmt.tables):
        return blocks, []
    turned: list[tuple[str, RowBlock, bool]] = []
    replace: dict[int, list[RowBlock]] = {}
    for at in _runs(blocks):
        rows = [blocks[i] for i in at]
        for kind, first, end in _turned_stretches(rows, fmt):
            replace[at[first]] = _swapped(rows[first:end])
            replace.update({at[k]: [] for k in range(first + 1, end)})
            turned.append((kind, rows[first], False))
    for _, at in _results_apart_from_groups(blocks, fmt):
        if at[0] in replace:
            continue
        rows = [blocks[i] for i in at]
        replace[at[0]] = _by_format_order(rows, fmt)
        replace.update({i: [] for i in at[1:]})
        turned.append(("四", rows[0], True))
    if not replace:
        return blocks, []
    out: list = []
    for i, b in enumerate(blocks):
        out.extend(replace.get(i, [b]))
    return out, turned

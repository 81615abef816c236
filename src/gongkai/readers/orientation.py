"""A table printed in the other orientation (rows and columns swapped): turned upright before it is mapped.

Some reports print table 三 with the applicant types (自然人, 商业企业 … 其他, 总计) as its rows and the
format's 25 rows as its columns, or table 四 as fifteen rows "行政复议 | 结果维持 | 17".  Read as printed, the
row labels "其他" and "总计" of the applicant types look like the format's rows "3.其他" and "（七）总计" and their
numbers land in the wrong cells; table 四's rows name no row of the format and the table is unread.

:func:`upright_tables` finds such a grid table (``RowBlock.table`` set, cells in columns) by its row labels
alone, and only when it is sure:

* table 三: the rows with values are labelled by applicant types — at least three of the types no format row
  is called (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构), on most of those rows;
* table 四: most rows with values hold exactly one value, their labels end in a result (结果维持 … 总计) under
  a group (行政复议, 行政诉讼 …), at least three different results.

Such a grid is swapped, cell for cell (a place covered by a span stays covered; every cell keeps where it is
printed): its header becomes its label column and its label column its header, as the format prints it.  The
mapper then reads it as any other table — a column it cannot name stays unread with its note; an applicant
type is never taken for a row of the format.  A pure function over the blocks.
"""

from __future__ import annotations

from ..format.model import Format
from ..textutil import norm, parse_value
from .base import RawCell, RowBlock
from .halves import _tables

#: distinct labels of one kind a table must print as row labels to be taken as turned
_MIN_KINDS = 3
#: the share of a turned table's rows with values that carry such a label
_MIN_SHARE = 0.6


def _label_cells(b: RowBlock) -> tuple[list[str], int]:
    """A row's label texts (normalised, non-empty: the cells before its first value) and how many values it has."""
    labels: list[str] = []
    values = 0
    for c in b.cells:
        if c.spanned:
            continue
        kind = parse_value(c.text)[0]
        if kind in ("number", "not_applicable"):
            values += 1
        elif not values and c.text.strip():
            labels.append(norm(c.text))
    return labels, values


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


def turned_kind(rows: list[RowBlock], fmt: Format) -> str | None:
    """"三" or "四" when ``rows`` (one grid table) is that table of ``fmt`` printed turned; else None."""
    read = [_label_cells(b) for b in rows]
    with_values = [(labels, n) for labels, n in read if n]
    if not with_values:
        return None
    types = _applicant_types(fmt)
    typed = [set(labels) & types for labels, _ in with_values]
    if len(set().union(*typed)) >= _MIN_KINDS and sum(1 for t in typed if t) >= _MIN_SHARE * len(with_values):
        return "三"
    results, groups = _review_words(fmt)
    found = [labels[-1] for labels, n in with_values
             if n == 1 and labels and labels[-1] in results
             and any(g in t or t in g for t in labels[:-1] for g in groups)]
    if len(set(found)) >= _MIN_KINDS and len(found) >= _MIN_SHARE * len(with_values):
        return "四"
    return None


def _swapped(rows: list[RowBlock]) -> list[RowBlock]:
    """The grid's rows and columns swapped; short rows padded with empty cells where their row is printed."""
    width = max(len(b.cells) for b in rows)
    grid = [b.cells + [RawCell("", b.location) for _ in range(width - len(b.cells))] for b in rows]
    out = []
    for j in range(width):
        cells = [row[j] for row in grid]
        out.append(RowBlock(cells, cells[0].location if cells[0].location.source else rows[0].location,
                            rows[0].table, in_columns=True))
    return out


def upright_tables(blocks: list, fmt: Format) -> tuple[list, list[tuple[str, RowBlock]]]:
    """``blocks`` with every grid table that is table 三 or 四 printed turned swapped upright; and for each,
    the table's numeral and its first row as printed (where it is)."""
    turned: list[tuple[str, RowBlock]] = []
    replace: dict[int, list[RowBlock]] = {}
    for _, at in _tables(blocks):
        rows = [blocks[i] for i in at]
        kind = turned_kind(rows, fmt)
        if kind is not None:
            replace[at[0]] = _swapped(rows)
            replace.update({i: [] for i in at[1:]})
            turned.append((kind, rows[0]))
    if not replace:
        return blocks, []
    out: list = []
    for i, b in enumerate(blocks):
        out.extend(replace.get(i, [b]))
    return out, turned

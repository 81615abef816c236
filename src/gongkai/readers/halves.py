"""A wide table printed as two tables side by side in reading order ("续表"): its column halves joined.

Table 三 has seven value columns; a report laid out on a narrow page often prints the row labels with
自然人 … 社会公益组织 as one table and, under "（续表）" or straight after it, a second table with the
remaining columns (法律服务机构, 其他, 总计), repeating the row labels or not.  Read as they are, the second
table's rows look like rows of a table without the format's first columns and the whole table is unread.

:func:`join_column_halves` joins such a pair of grid tables (``RowBlock.table`` set, cells in columns) into
one before the blocks are mapped, only when it is certain:

* both headers name columns of one format table by their exact labels, the second names the columns the
  first does not and together they name every column of it, each once;
* the rows pair up: by their labels, row for row in the same order (equal, or one the end of the other —
  a group label printed in a merged cell on one side only), or, when the second table prints no labels,
  by order when both have the same number of rows.

Otherwise nothing is joined and the reason is returned (the tables are then read as printed: the second
half unread).  A pure function over the blocks; cells keep their own locations (the second table's cells
still say where they are printed).
"""

from __future__ import annotations

import re

from ..format.model import Format, Table
from ..report import Location
from ..textutil import norm
from .base import RawCell, RowBlock, TextBlock

#: text between the two tables that may stand there: a caption such as "续表", "（续上表）", "表三（续）"
_MAX_BETWEEN = 3
_MAX_BETWEEN_CHARS = 40
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")
_DIGIT = re.compile(r"[0-9０-９]")


def _tables(blocks: list) -> list[tuple[int, list[int]]]:
    """The grid tables in reading order: (table number, indices of its rows in ``blocks``), each table's
    rows contiguous (a table whose rows are interleaved with another's is left out)."""
    out: list[tuple[int, list[int]]] = []
    seen: set[int] = set()
    for i, b in enumerate(blocks):
        if not isinstance(b, RowBlock) or b.table is None:
            continue
        if out and out[-1][0] == b.table and out[-1][1][-1] == i - 1:
            out[-1][1].append(i)
        elif b.table in seen:
            return []  # interleaved: not a layout this joins
        else:
            seen.add(b.table)
            out.append((b.table, [i]))
    return out


def _header_rows(rows: list[RowBlock], table: Table) -> int:
    """How many leading rows are the header: rows that name at least one column or group of ``table``
    and hold no digit outside the label cell."""
    words = table.header_words
    k = 0
    for r in rows:
        texts = [c.text for c in r.cells if not c.spanned and c.text.strip()]
        if not any(norm(t) in words for t in texts):
            break
        if any(_DIGIT.search(t) for t in texts[1:]):
            break
        k += 1
    return k


def _leaves(header: list[RowBlock]) -> dict[int, str]:
    leaf: dict[int, str] = {}
    for row in header:
        for i, c in enumerate(row.cells):
            if not c.spanned and c.text.strip():
                leaf[i] = c.text
    return leaf


def _columns(header: list[RowBlock], table: Table) -> dict[int, str] | None:
    """Grid position → column id for the header's lowest labels; None when a label names no column or a
    column twice."""
    labels = {norm(c.label): c.id for c in table.columns}
    if len(labels) != len(table.columns):
        return None  # the table repeats a label (表四): its leaves alone do not name columns
    groups = {norm(g) for c in table.columns for g in c.groups}
    out: dict[int, str] = {}
    for i, text in _leaves(header).items():
        key = norm(text)
        if key in labels:
            if labels[key] in out.values():
                return None
            out[i] = labels[key]
        elif key in groups or i == 0 or (out == {} and not _DIGIT.search(text) and len(key) <= 8):
            continue  # a group over columns, or the label column's header ("项目")
        else:
            return None  # a column the format does not have: not joined
    return out


def _label(row: RowBlock, width: int) -> str:
    return norm("".join(c.text for c in row.cells[:width] if not c.spanned))


def _same_labels(a: list[RowBlock], b: list[RowBlock], wa: int, wb: int) -> bool:
    if len(a) != len(b):
        return False
    for ra, rb in zip(a, b):
        la, lb = _label(ra, wa), _label(rb, wb)
        if la == lb:
            continue
        if not la or not lb or not (la.endswith(lb) or lb.endswith(la)):
            return False
    return True


def _between_ok(blocks: list, start: int, end: int) -> bool:
    between = blocks[start:end]
    if len(between) > _MAX_BETWEEN:
        return False
    for b in between:
        if not isinstance(b, TextBlock) or len(b.text.strip()) > _MAX_BETWEEN_CHARS or _HEADING.match(b.text):
            return False
    return True


def _join(a: list[RowBlock], b: list[RowBlock], table: Table) -> tuple[list[RowBlock] | None, str]:
    """The two halves as one table's rows, or (None, why not)."""
    if any(r.glued or not r.in_columns for r in a + b):
        return None, ""
    ha, hb = _header_rows(a, table), _header_rows(b, table)
    if not ha or not hb:
        return None, ""
    ca, cb = _columns(a[:ha], table), _columns(b[:hb], table)
    if not ca or not cb:
        return None, ""
    ids = [c.id for c in table.columns]
    if set(ca.values()) & set(cb.values()) or set(ca.values()) | set(cb.values()) != set(ids):
        return None, ""
    wa = len(a[0].cells)
    wb = len(b[0].cells)
    if any(len(r.cells) != wa for r in a) or any(len(r.cells) != wb for r in b):
        return None, f"表{table.number}分成两个表格印出，但表格的行宽不一，无法逐格拼接"
    first_a, first_b = min(ca), min(cb)
    if max(ca) != wa - 1 or max(cb) != wb - 1 or len(ca) != wa - first_a or len(cb) != wb - first_b:
        return None, ""  # a position without a column label among the values
    if first_a == 0:
        return None, ""  # the first half prints no row labels
    da, db = a[ha:], b[hb:]
    if first_b:
        if not _same_labels(da, db, first_a, first_b):
            return None, (f"表{table.number}分成两个表格印出（第二个表格为「{'」「'.join(table.column(c).label for c in cb.values())}」列），"
                          f"但两个表格的行标签对不上，无法确定哪一行接哪一行，第二个表格的数字未读取")
    elif len(da) != len(db):
        return None, (f"表{table.number}分成两个表格印出，第二个表格没有行标签且行数（{len(db)} 行）与第一个表格"
                      f"（{len(da)} 行）不同，无法确定哪一行接哪一行，第二个表格的数字未读取")
    # the header rows, aligned at the bottom (the lowest labels are the columns')
    n = max(ha, hb)
    head_a = [RowBlock([RawCell("", a[0].location) for _ in range(wa)], a[0].location, a[0].table)] * (n - ha) + a[:ha]
    head_b = [RowBlock([RawCell("", b[0].location) for _ in range(wb)], b[0].location, b[0].table)] * (n - hb) + b[:hb]
    out: list[RowBlock] = []
    for ra, rb in list(zip(head_a, head_b)) + list(zip(da, db)):
        out.append(RowBlock(list(ra.cells) + list(rb.cells[first_b:]), ra.location, ra.table))
    return out, ""


def join_column_halves(blocks: list, fmt: Format) -> tuple[list, list[tuple[str, Location]]]:
    """``blocks`` with every pair of grid tables that are one format table's column halves joined (the
    second's rows removed, their value cells appended to the first's rows); and the reasons, in Chinese,
    why a pair that looked like halves could not be joined, each with where the second table starts."""
    tables = _tables(blocks)
    if len(tables) < 2:
        return blocks, []
    wide = [t for t in fmt.tables if len(t.columns) >= 3]
    replace: dict[int, list[RowBlock]] = {}
    drop: set[int] = set()
    why: list[tuple[str, Location]] = []
    k = 0
    while k + 1 < len(tables):
        (_, ia), (_, ib) = tables[k], tables[k + 1]
        if not _between_ok(blocks, ia[-1] + 1, ib[0]):
            k += 1
            continue
        a = [blocks[i] for i in ia]
        b = [blocks[i] for i in ib]
        for table in wide:
            joined, reason = _join(a, b, table)
            if joined is not None:
                replace[ia[0]] = joined
                drop.update(ia[1:])
                drop.update(ib)
                k += 1  # the second half is used
                break
            if reason:
                why.append((reason, b[0].location))
                break
        k += 1
    if not replace:
        return blocks, why
    out: list = []
    for i, b in enumerate(blocks):
        if i in replace:
            out.extend(replace[i])
        elif i not in drop:
            out.append(b)
    return out, why

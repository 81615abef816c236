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

Otherwise nothing is joined and the reason is returned; when the two headers named the halves, the second
table's rows are taken out (unread, P17) — read as printed its values would go to the first columns.  A pure function over the blocks; cells keep their own locations (the second table's cells
still say where they are printed).
"""

from __future__ import annotations

import re

from ..format.model import Format, Table
from ..report import Location
from ..textutil import lazy_pattern, norm
from .base import RawCell, RowBlock, TextBlock, note_row

#: text between the two tables that may stand there: a caption such as "续表", "（续上表）", "表三（续）"
_MAX_BETWEEN = 3
_MAX_BETWEEN_CHARS = 40
_HEADING = lazy_pattern(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")
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
    """How many leading rows are the header: rows that name at least one column or group of ``table`` (or print
    its caption, the corner text "（本列数据的勾稽关系为：…）" a continuation table repeats over its columns' labels)
    and hold no digit outside the label cell, and the rows without text among and after them."""
    words = table.header_words | {norm(table.caption)} if table.caption else table.header_words
    k = named = 0
    for r in rows:
        texts = [c.text for c in r.cells if not c.spanned and c.text.strip()]
        if not texts:  # a header row whose places the cells above cover, or a group's cut off (a half of a span)
            k += 1
            continue
        if not any(norm(t) in words for t in texts):
            break
        if any(_DIGIT.search(t) for t in texts[1:]):
            break
        k += 1
        named += 1
    return k if named else 0


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
        if not isinstance(b, TextBlock) or len(b.text.strip()) > _MAX_BETWEEN_CHARS or _HEADING().match(b.text):
            return False
    return True


def _join(a: list[RowBlock], b: list[RowBlock], table: Table) -> tuple[list[RowBlock] | None, str]:
    """The two halves as one table's rows, or (None, why not)."""
    ha, hb = _header_rows(a, table), _header_rows(b, table)
    if not ha or not hb:
        return None, ""
    ca, cb = _columns(a[:ha], table), _columns(b[:hb], table)
    if not ca or not cb:
        return None, ""
    ids = [c.id for c in table.columns]
    if set(ca.values()) & set(cb.values()) or set(ca.values()) | set(cb.values()) != set(ids):
        return None, ""
    if any(r.glued or not r.in_columns for r in a + b):
        return None, (f"表{table.number}分成两个表格印出（第二个表格为「{'」「'.join(table.column(c).label for c in cb.values())}」列），"
                      f"但有的行印出的格数与列数不同（空白单元格没有印出），无法逐格拼接，第二个表格的数字未读取")
    wa = len(a[ha - 1].cells)
    wb = len(b[hb - 1].cells)
    first_a, first_b = min(ca), min(cb)
    if max(ca) != wa - 1 or max(cb) != wb - 1 or len(ca) != wa - first_a or len(cb) != wb - first_b:
        return None, ""  # a position without a column label among the values
    if first_a == 0:
        return None, ""  # the first half prints no row labels
    da, db = a[ha:], b[hb:]
    notes: list[RowBlock] = []  # a note across a half after its rows ("注：本表统计期限为…"): no row of the table
    for rows in (da, db):
        while rows and note_row(rows[-1]):
            notes.insert(len(notes) if rows is db else 0, rows.pop())
    if any(len(r.cells) != wa for r in a) or any(len(r.cells) != wb for r in b):
        joined, why = _join_uneven(a[:ha], b[:hb], da, db, ca, cb, table)
        return (joined + notes if joined is not None else None), why
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
    return out + notes, ""


_NUMBER_LIKE = lazy_pattern(r"^[\s0-9０-９,，.．%％/／—–-]*$")
_WORDS = lazy_pattern(r"[\u3400-\u9fffA-Za-z]")
_UNITS = lazy_pattern(r"[件个万亿千元]")


def _split_row(row: RowBlock, n: int) -> tuple[str, list[RawCell]] | None:
    """A data row's label (its cells before the last ``n``) and its ``n`` value cells, when the cells before
    them hold a label and nothing that may be a value (a row of a converter's pipe table whose merged label
    cells came out as one cell or two); None otherwise."""
    cells = [c for c in row.cells]
    if len(cells) <= n:
        return None
    head = [c.text for c in cells[:-n]]
    if not any(t.strip() for t in head) or any(t.strip() and _NUMBER_LIKE().match(t) for t in head):
        return None
    if any(_WORDS().search(_UNITS().sub("", c.text)) for c in cells[-n:]):
        return None  # a label among the values: the row printed fewer cells than its columns
    return norm("".join(head)), cells[-n:]


def _join_uneven(head_a: list[RowBlock], head_b: list[RowBlock], da: list[RowBlock], db: list[RowBlock],
                 ca: dict[int, str], cb: dict[int, str], table: Table) -> tuple[list[RowBlock] | None, str]:
    """Halves whose rows are not all as wide as their header (a converter dropped the cells a merged label
    covers: "三、本年度办理结果| （一）予以公开| 37| 11| 1,444" beside "（二）部分公开| 0| 2| 13"): each row's values are
    its last cells, one per column its header names, when every row has a label before them and the rows pair
    up by label; else (None, why) and the second half is not read."""
    why = (f"表{table.number}分成两个表格印出，但表格的行宽不一，且不能逐行确定标签和各列数字，无法逐格拼接，"
           f"第二个表格的数字未读取")
    na, nb = len(ca), len(cb)
    if any(len(r.cells) != len(head_a[-1].cells) for r in head_a) or \
            any(len(r.cells) != len(head_b[-1].cells) for r in head_b):
        return None, why
    sa = [_split_row(r, na) for r in da]
    sb = [_split_row(r, nb) for r in db]
    if not da or len(da) != len(db) or any(x is None for x in sa + sb):
        return None, why
    for (la, _), (lb, _) in zip(sa, sb):
        if not (la == lb or la.endswith(lb) or lb.endswith(la)):
            return None, (f"表{table.number}分成两个表格印出（第二个表格为「{'」「'.join(table.column(c).label for c in cb.values())}」列），"
                          f"但两个表格的行标签对不上，无法确定哪一行接哪一行，第二个表格的数字未读取")
    first_b = min(cb)
    n = max(len(head_a), len(head_b))
    wa, wb = len(head_a[-1].cells), len(head_b[-1].cells)
    pad_a = [RowBlock([RawCell("", head_a[0].location) for _ in range(wa)], head_a[0].location, head_a[0].table)]
    pad_b = [RowBlock([RawCell("", head_b[0].location) for _ in range(wb)], head_b[0].location, head_b[0].table)]
    out: list[RowBlock] = []
    for ra, rb in zip(pad_a * (n - len(head_a)) + head_a, pad_b * (n - len(head_b)) + head_b):
        out.append(RowBlock(list(ra.cells) + list(rb.cells[first_b:]), ra.location, ra.table))
    for ra, (_, vb) in zip(da, sb):
        out.append(RowBlock(list(ra.cells) + list(vb), ra.location, ra.table))
    return out, ""


def join_column_halves(blocks: list, fmt: Format) -> tuple[list, list[tuple[str, Location]]]:
    """``blocks`` with every pair of grid tables that are one format table's column halves joined (the
    second's rows removed, their value cells appended to the first's rows); and the reasons, in Chinese,
    why a pair that looked like halves could not be joined, each with where the second table starts."""
    tables = _tables(blocks)
    if len(tables) < 2:
        return blocks, []
    wide = [t for t in fmt.tables if len(t.columns) >= 3 and not t.in_blocks]  # (table 二's blocks are tables of their own)
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
                # halves named by their headers but not joinable: the second half's rows are taken out (left
                # unread) — read as printed, its values would fill the first columns of its rows
                why.append((reason, b[0].location))
                drop.update(ib)
                break
        k += 1
    if not replace and not drop:
        return blocks, why
    out: list = []
    for i, b in enumerate(blocks):
        if i in replace:
            out.extend(replace[i])
        elif i not in drop:
            out.append(b)
    return out, why


# --------------------------------------------------------------------------- text (PDF, text exports)
def _header_words(words: str, table: Table) -> list[str] | None:
    """The columns one printed word of a header names ("科研机构"; "法人或其他组织商业企业": a group cell's text and
    the label under it joined, as a PDF's lines of one cell come out), each label or group whole; [] for a group
    over columns or the table's caption (the corner text "（本列数据的勾稽关系为：…）" printed whole); None for any
    other word."""
    labels = {norm(c.label): c.id for c in table.columns}
    groups = {norm(g) for c in table.columns for g in c.groups} | ({norm(table.caption)} if table.caption else set())
    key = norm(words)
    if len(key) >= 6 and table.caption and key in norm(table.caption):
        return []  # a line of the caption wrapped in its cell ("（本列数据的勾稽关系为：第一项加第二项之和，等于")
    out: list[str] = []
    while key:
        if key in labels:
            return out + [labels[key]]
        if key in groups:
            return out
        head = next((w for w in sorted(labels.keys() | groups, key=len, reverse=True) if key.startswith(w)), None)
        if head is None:
            return None
        if head in labels:
            out.append(labels[head])
        key = key[len(head):]
    return out


def _header_columns(text: str, table: Table) -> list[str] | None:
    """The columns a header line names, in order, when every word of it is a column label, a group label, the
    caption or (first) the label column's short header ("项目"); [] for a line of groups or the caption only;
    None for any other line."""
    words = text.split()
    named = [_header_words(w, table) for w in words]
    out: list[str] = []
    for k, (w, cols) in enumerate(zip(words, named)):
        key = norm(w)
        if cols is not None:
            out += cols
        elif k == 0 and not _DIGIT.search(key) and (len(key) <= 4 or (
                len(words) >= 2 and all(c is not None for c in named[1:]))):
            # the label column's header: "项目", or a longer text before column labels only (the format's corner
            # text "（本列数据的勾稽关系为：…）" cut short)
            continue
        else:
            return None
    return out if words else None


def _header_item(item, table: Table) -> list[str] | None:
    """:func:`_header_columns` of a line of a table's text, or of a row without values whose label is header
    text (a drawn table's corner cell, "（本列数据的勾稽关系为：…）", read as a row of its own; a header cell on a
    line of its own in a text export); None for others."""
    if not _is_row(item):
        return _header_columns(str(item), table)
    if (item.run or "").strip() if item.cells is None else any(c.text.strip() for c in item.cells):
        return None
    return _header_columns(item.label, table) if item.label.strip() else None


def _row_values(v) -> list[str] | None:
    if v.cells is not None:
        return [c.text for c in v.cells]
    return None


def _fitted(v, n: int) -> list | None:
    """The row's ``n`` value cells: its cells, less the empty leading ones a ruler table gives the columns its
    label does not fill ("三、本年度办理结果 （一）予以公开" spans two of three label columns), when its cells stand one
    per column as printed; None when they do not make exactly ``n``."""
    if v.cells is None:
        return None
    cells = list(v.cells)
    if len(cells) > n and getattr(v, "in_columns", True):
        while len(cells) > n and not cells[0].text.strip():
            cells.pop(0)
    return cells if len(cells) == n else None


def _is_row(item) -> bool:
    """A mapping ValueRow among the pieces of a table's text (the others are its lines of text, str)."""
    return not isinstance(item, str)


def _same_label(x: str, y: str) -> bool:
    x, y = norm(x), norm(y)
    return x == y or bool(x and y and (x.endswith(y) or y.endswith(x)))


def _rows_split_by_a_page(a: list, b: list):
    """The two halves' rows paired when a row of one half is printed over a page break as two rows — its label's
    start with its values, then the rest of its label over empty cells — and the other half prints that row
    whole with the label the two parts make: (rows of a, rows of b, the continuation rows merged away), or None
    when no such row is found or the rows do not pair up."""
    a, b = list(a), list(b)
    labels = {id(r): r.label for r in a + b}  # (labels joined only when every row pairs up)
    out_a, out_b, continued = [], [], []
    i = j = 0
    while i < len(a) and j < len(b):
        x, y = a[i], b[j]
        if _same_label(labels[id(x)], labels[id(y)]):
            out_a.append(x)
            out_b.append(y)
            i, j = i + 1, j + 1
            continue
        for rows, k, other in ((a, i, y), (b, j, x)):
            nxt = rows[k + 1] if k + 1 < len(rows) else None
            if nxt is not None and nxt.cells is not None and not any(c.text.strip() for c in nxt.cells) \
                    and nxt.label and norm(labels[id(rows[k])] + nxt.label) == norm(labels[id(other)]):
                labels[id(rows[k])] += nxt.label
                continued.append(nxt)
                del rows[k + 1]
                break
        else:
            return None
    if i != len(a) or j != len(b) or not continued:
        return None
    for r in out_a + out_b:
        r.label = labels[id(r)]
    return out_a, out_b, continued


def _unplaced_under_heads(items: list, heads: list, ids: list[str], table: Table) -> tuple[list, str]:
    """Headers after a table's rows that are not the other half of its columns: the rows under one that does not
    name the format's first column are taken out (left unread) — placed as printed their values would fill the
    first columns — and the reason is returned; the items unchanged when every later header names it."""
    drop: set[int] = set()
    shown = []
    for k, (_, start, cols, _) in enumerate(heads[1:], 1):
        if ids[0] in cols:
            continue  # (the first column's label among them: a header's line printed beside its first row)
        end = heads[k + 1][0] if k + 1 < len(heads) else len(items)
        drop.update(i for i in range(start, end) if _is_row(items[i]))
        shown.append("」「".join(table.column(c).label for c in cols))
    if not drop:
        return items, ""
    return [p for i, p in enumerate(items) if i not in drop], (
        f"表{table.number}的表格在行之后又印有表头（「{'」；「'.join(shown)}」列），与前面的表格不能逐行逐列拼接，"
        f"其下各行的数字未读取")


def join_text_halves(items: list, table: Table) -> tuple[list, str]:
    """A table printed as two in a text source (a PDF's drawn grids, a text export): a header line naming the
    first columns, its rows, then a header line naming exactly the remaining columns and its rows.  The second
    half's values are appended to the first half's rows when each row holds one cell per column and the rows
    pair up by label (row for row, in order); otherwise the second half's rows are taken out (their cells stay
    unread — placed as they are they would fill the first columns) and the reason is returned."""
    ids = [c.id for c in table.columns]
    if len(ids) < 3 or table.in_blocks or len({norm(c.label) for c in table.columns}) != len(ids):
        return items, ""
    # (index of the first header line, of the first line after, the columns in the order of the lines, and
    # whether every line names its columns in the format's order)
    heads: list[tuple[int, int, list[str], bool]] = []
    k = 0
    while k < len(items):
        if _header_item(items[k], table) is not None:
            top, cols, ordered = k, [], True
            while k < len(items) and (line := _header_item(items[k], table)) is not None:
                cols += line
                ordered = ordered and [ids.index(c) for c in line] == sorted(ids.index(c) for c in line)
                k += 1
            if cols and heads and not any(_is_row(items[i]) and _header_item(items[i], table) is None
                                          for i in range(heads[-1][1], top)):
                # lines of one header with other text between them (a group cell's text read in among them)
                t0, _, c0, o0 = heads[-1]
                heads[-1] = (t0, k, c0 + [c for c in cols if c not in c0], o0 and ordered)
            elif cols:  # (a line of groups or the caption alone heads no half)
                heads.append((top, k, cols, ordered))
            continue
        k += 1
    distinct = heads[:1]  # (a header printed again over a page break, the same columns, heads no half of its own)
    for h in heads[1:]:
        if set(h[2]) != set(distinct[-1][2]):
            distinct.append(h)
    if len(distinct) < 2:
        return items, ""
    (top_a, start_a, cols_a, ordered_a), (top_b, start_b, cols_b, ordered_b) = distinct[:2]
    if len(distinct) > 2 or set(cols_a) & set(cols_b) or set(cols_a) | set(cols_b) != set(ids) \
            or len(cols_a + cols_b) != len(ids):
        return _unplaced_under_heads(items, distinct, ids, table)
    if ordered_a and ordered_b and set(cols_a) == set(ids[:len(cols_a)]):
        # a header of several lines (a drawn header's rows: "总计" over two rows, above "法律服务机构" "其他"): its
        # lines' order is not its columns'; each line in the format's order and the halves the format's first and
        # last columns, the columns stand in the format's order — as a table printed whole is read
        cols_a, cols_b = ids[:len(cols_a)], ids[len(cols_a):]
    # (a header printed again over a page break may come as a row: the corner's text over empty cells — no row)
    again = {i for i in range(start_a, len(items)) if _is_row(items[i]) and _header_item(items[i], table) is not None}
    first = [i for i in range(start_a, top_b) if _is_row(items[i]) and i not in again]
    second = [i for i in range(start_b, len(items)) if _is_row(items[i]) and i not in again]
    labels = {norm(c.label) for c in table.columns}
    if any(norm(c.text) in labels for i in first + second for r in items[i].header for c in r):
        return items, ""  # rows of tables with their header rows: joined as tables (join_column_halves)
    if not first or not second:
        return items, ""
    a = [items[i] for i in first]
    b = [items[i] for i in second]
    shown = "」「".join(table.column(c).label for c in cols_b)
    reason = ""
    paired = _rows_split_by_a_page(a, b)
    if paired is not None:
        a, b, continued = paired
        second = [i for i in second if not any(items[i] is c for c in continued)]
        first = [i for i in first if not any(items[i] is c for c in continued)]
        drop_continued = {i for i, p in enumerate(items) if any(p is c for c in continued)}
    else:
        drop_continued = set()
    if len(a) != len(b):
        reason = (f"表{table.number}分成两个表格印出（第二个表格为「{shown}」列），两个表格的行数不同（{len(a)} 行、"
                  f"{len(b)} 行），无法确定哪一行接哪一行，第二个表格的数字未读取")
    elif any(norm(y.label) for y in b) and not all(  # (a second half without labels: its rows by order)
            norm(x.label) == norm(y.label) or (norm(x.label) and norm(y.label) and
                                               (norm(x.label).endswith(norm(y.label)) or norm(y.label).endswith(norm(x.label))))
            for x, y in zip(a, b)):
        reason = (f"表{table.number}分成两个表格印出（第二个表格为「{shown}」列），但两个表格的行标签对不上，"
                  f"无法确定哪一行接哪一行，第二个表格的数字未读取")
    elif not all(_fitted(x, len(cols_a)) is not None for x in a) or \
            not all(_fitted(y, len(cols_b)) is not None for y in b):
        reason = (f"表{table.number}分成两个表格印出（第二个表格为「{shown}」列），但有的行的数字与列对不上"
                  f"（空白单元格没有印出），第二个表格的数字未读取")
    drop = set(second) | set(range(top_b, start_b)) | drop_continued  # (the second header: not the table's)
    if not reason:
        drop |= again
    if reason:
        drop -= drop_continued  # (not joined: the first half's rows stay as printed)
        return [p for i, p in enumerate(items) if i not in drop], reason
    order = [ids.index(c) for c in cols_a + cols_b]
    if order != sorted(order):
        return [p for i, p in enumerate(items) if i not in drop], (
            f"表{table.number}分成两个表格印出，但两个表格的列不是格式的列序，第二个表格的数字未读取")
    for x, y in zip(a, b):
        x.cells = _fitted(x, len(cols_a)) + _fitted(y, len(cols_b))
    # the second header's lines of text go before the first's: the joined table's header names every column
    moved = [items[i] for i in range(top_b, start_b) if not _is_row(items[i])]
    return items[:top_a] + moved + [p for i, p in enumerate(items[top_a:], top_a) if i not in drop], ""

"""Table layout computed from the format model, shared by the HTML, DOCX and XLSX writers.

A :class:`Grid` is a table drawn on a rectangular grid of positions: every printed
cell of the official layout is a :class:`GridCell` anchored at ``(top, left)`` and
spanning ``rowspan`` × ``colspan`` positions, exactly as the merged cells of the official
template (``national-format-2021-blank.docx``) span them.  Nothing here knows the 25 rows
of table 三 or the blocks of table 二: it walks ``Table.rows`` (``Row.group`` chains give the
merged row-label cells, ``Row.block`` the captions of table 二's blocks) and
``Table.columns`` (``Column.groups`` give the merged header cells).

Two layouts exist, both read from the model:

* block layout (a table whose rows carry ``Row.block``, i.e. table 二): per block a caption
  row spanning the whole width, a header row ``信息内容 | <the block's column labels>`` and
  the block's rows; a block with fewer value columns than the widest block lets its last
  column span the rest (as the template does for 第二十条第（五）项).
* matrix layout (tables 三 and 四): column-header rows from ``Column.path`` (a label whose
  path is shorter than the deepest one spans downwards), row-label columns from the
  ``Row.group`` chain (a label whose path is shorter spans to the right, a group label
  spans down over its rows), and a top-left corner cell holding ``Table.caption`` (table 三's
  勾稽关系 note).  A table whose rows have no labels (table 四) gets no label columns.
  A group subtotal the document printed instead of the group's items is printed as that
  group row (:func:`rows_as_printed`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ..format import Column, Row, Table
from ..report import AnnualReport, Cell
from ..textutil import norm, parse_value

# 国办公开办函〔2021〕30号 附件, section 二: "The first column header is always 信息内容"
# (spec annual-report-format-2021.md §4).  The format model has no field for it.
BLOCK_LABEL_HEADER = "信息内容"

Role = Literal["corner", "caption", "column_header", "row_header", "value"]


def cell_text(cell: Cell | None) -> str:
    """How a cell prints: number → the number, blank/missing → "", not_applicable → its mark.

    Unreadable cells print what the document printed (``raw``).  An ambiguous cell (glued
    digits with no unique split) has no known number: it prints empty, never the whole run.
    """
    if cell is None or cell.kind in ("blank", "missing", "ambiguous"):
        return ""
    if cell.kind == "number":
        v = cell.value
        if isinstance(v, Decimal):
            return format(v, "f")
        return str(v)
    if cell.kind == "not_applicable":
        return cell.raw or "/"
    return cell.raw


@dataclass
class GridCell:
    text: str
    top: int
    left: int
    role: Role
    rowspan: int = 1
    colspan: int = 1
    id: str = ""
    headers: tuple[str, ...] = ()
    cell: Cell | None = None
    row: Row | None = None
    column: Column | None = None

    @property
    def scope(self) -> str:
        if self.role == "column_header":
            return "colgroup" if self.colspan > 1 else "col"
        if self.role == "row_header":
            return "rowgroup" if self.rowspan > 1 else "row"
        if self.role == "caption":
            return "colgroup"
        return ""


@dataclass
class Grid:
    """A laid-out table: ``n_rows`` × ``n_cols`` positions, ``cells`` the anchored cells."""

    table: Table
    n_rows: int
    n_cols: int
    label_cols: int
    cells: list[GridCell] = field(default_factory=list)
    header_rows: set[int] = field(default_factory=set)

    def rows(self) -> list[list[GridCell]]:
        """Anchored cells grouped by the grid row they start in, left to right."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.top].append(c)
        for r in out:
            r.sort(key=lambda c: c.left)
        return out

    def covering(self) -> list[list[GridCell]]:
        """For every position, the cell whose span covers it."""
        cover: list[list] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.top, c.top + c.rowspan):
                for k in range(c.left, c.left + c.colspan):
                    cover[r][k] = c
        return cover


def row_path(table: Table, row: Row) -> tuple[str, ...]:
    """The labels from the outermost group down to the row's own label.

    ``（三）不予公开`` → ``1.属于国家秘密`` gives
    ``("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")``.
    """
    by_label = {r.label: r for r in table.rows if r.label}
    path = [row.label]
    group, seen = row.group, {row.label}
    while group and group not in seen:
        path.insert(0, group)
        seen.add(group)
        parent = by_label.get(group)
        group = parent.group if parent is not None else ""
    return tuple(path)


def _merge(keys: list[list], top: int, left: int) -> list[tuple[int, int, int, int, object]]:
    """Maximal rectangles of equal keys: (top, left, rowspan, colspan, key) in reading order."""
    n_r = len(keys)
    n_c = len(keys[0]) if keys else 0
    done = [[False] * n_c for _ in range(n_r)]
    out = []
    for r in range(n_r):
        for c in range(n_c):
            if done[r][c]:
                continue
            key = keys[r][c]
            w = 1
            while c + w < n_c and not done[r][c + w] and keys[r][c + w] == key:
                w += 1
            h = 1
            while r + h < n_r and all(not done[r + h][c + k] and keys[r + h][c + k] == key for k in range(w)):
                h += 1
            for rr in range(r, r + h):
                for cc in range(c, c + w):
                    done[rr][cc] = True
            out.append((top + r, left + c, h, w, key))
    return out


def rows_as_printed(report: AnnualReport, table: Table) -> tuple[Row, ...]:
    """The rows to print: the official printed rows, except where the document printed a group
    subtotal instead of the group's items.

    A group row the official layout does not print (``Row.printed`` False, e.g. ``other_handling``
    "（六）其他处理") that holds cells other than ``missing`` while every cell of its items is
    ``missing`` was printed by the document as one subtotal row (洪泽区 2023: "（六）其他处理 0 0 …").
    It is printed in place of its items, so the values are not lost and reading the rendered
    file back gives the same cells.
    """
    def has_cells(row: Row) -> bool:
        return any(report.cells.get((table.number, row.id, c.id)) is not None
                   and report.cells[(table.number, row.id, c.id)].kind != "missing"
                   for c in table.columns_of(row))

    replaced: dict[str, Row] = {}  # group label → the group row printed instead of its items
    for row in table.rows:
        if row.printed or not row.label:
            continue
        items = [r for r in table.rows if r.group == row.label and r.printed]
        if items and has_cells(row) and not any(has_cells(r) for r in items):
            replaced[row.label] = row
    out: list[Row] = []
    for row in table.rows:
        if not row.printed:
            continue
        group_row = replaced.get(row.group)
        if group_row is None:
            out.append(row)
        elif group_row not in out:
            out.append(group_row)
    return tuple(out)


def layout(report: AnnualReport, table: Table) -> Grid:
    """The grid of ``table`` filled with ``report``'s cells."""
    if any(r.block for r in table.printed_rows):
        return _block_layout(report, table)
    return _matrix_layout(report, table)


def layouts(report: AnnualReport) -> list[Grid]:
    return [layout(report, t) for t in report.format.tables]


def _hid(table: Table, *parts: str) -> str:
    return "-".join(("gk", table.id, *parts))


def _block_layout(report: AnnualReport, table: Table) -> Grid:
    blocks: list[str] = []
    for r in table.printed_rows:
        if r.block not in blocks:
            blocks.append(r.block)
    width = max(len(table.columns_of(r)) for r in table.printed_rows)
    grid = Grid(table, 0, 1 + width, 1)
    y = 0
    for bi, block in enumerate(blocks):
        rows = [r for r in table.printed_rows if r.block == block]
        cols = table.columns_of(rows[0])
        cap_id = _hid(table, f"b{bi}")
        grid.cells.append(GridCell(block, y, 0, "caption", colspan=1 + width, id=cap_id))
        grid.header_rows.add(y)
        y += 1
        label_id = _hid(table, f"b{bi}", "label")
        grid.cells.append(GridCell(BLOCK_LABEL_HEADER, y, 0, "column_header", id=label_id))
        col_ids = {}
        for k, col in enumerate(cols):
            span = 1 + width - len(cols) if k == len(cols) - 1 else 1
            col_ids[col.id] = _hid(table, f"b{bi}", col.id)
            grid.cells.append(GridCell(col.label, y, 1 + k, "column_header", colspan=span, id=col_ids[col.id],
                                       headers=(cap_id,), column=col))
        grid.header_rows.add(y)
        y += 1
        for row in rows:
            row_id = _hid(table, "r", row.id)
            grid.cells.append(GridCell(row.label, y, 0, "row_header", id=row_id, headers=(cap_id, label_id),
                                       row=row))
            row_cols = table.columns_of(row)
            for k, col in enumerate(row_cols):
                span = 1 + width - len(row_cols) if k == len(row_cols) - 1 else 1
                cell = report.cell(table.number, row.id, col.id)
                grid.cells.append(GridCell(cell_text(cell), y, 1 + k, "value", colspan=span,
                                           headers=(cap_id, col_ids.get(col.id, ""), row_id), cell=cell,
                                           row=row, column=col))
            y += 1
    grid.n_rows = y
    return grid


def _matrix_layout(report: AnnualReport, table: Table) -> Grid:
    rows = rows_as_printed(report, table)
    paths = [row_path(table, r) for r in rows]
    label_depth = 0 if all(not r.label for r in rows) else max(len(p) for p in paths)
    col_depth = max(len(c.path) for c in table.columns)
    n_cols = label_depth + len(table.columns)
    grid = Grid(table, col_depth + len(rows), n_cols, label_depth)
    grid.header_rows = set(range(col_depth))

    # corner: the caption (table 三's 勾稽关系 note) over the row-label columns
    if label_depth:
        grid.cells.append(GridCell(table.caption, 0, 0, "corner", rowspan=col_depth, colspan=label_depth,
                                   id=_hid(table, "corner")))

    # column headers: level k of column c has key path[:k+1]; below its own path the leaf label spans down
    keys = [[("col", c.path[:min(k + 1, len(c.path))]) for c in table.columns] for k in range(col_depth)]
    for top, left, h, w, key in _merge(keys, 0, label_depth):
        path = key[1]
        col = table.columns[left - label_depth] if len(path) == len(table.columns[left - label_depth].path) \
            and w == 1 else None
        grid.cells.append(GridCell(path[-1], top, left, "column_header", rowspan=h, colspan=w,
                                   id=_hid(table, "h", str(top), str(left)), column=col))

    # row labels: level k of row r has key path[:k+1]; past its own path the label spans right
    if label_depth:
        keys = [[("row", p[:min(k + 1, len(p))]) for k in range(label_depth)] for p in paths]
        for top, left, h, w, key in _merge(keys, col_depth, 0):
            path = key[1]
            row = rows[top - col_depth] if h == 1 and len(path) == len(paths[top - col_depth]) else None
            grid.cells.append(GridCell(path[-1], top, left, "row_header", rowspan=h, colspan=w,
                                       id=_hid(table, "l", str(top), str(left)), row=row))

    cover = grid.covering()
    for i, row in enumerate(rows):
        y = col_depth + i
        for k, col in enumerate(table.columns):
            x = label_depth + k
            if col not in table.columns_of(row):
                continue
            cell = report.cell(table.number, row.id, col.id)
            headers = tuple(dict.fromkeys(
                [cover[h][x].id for h in range(col_depth) if cover[h][x] is not None]
                + [cover[y][lx].id for lx in range(label_depth) if cover[y][lx] is not None]))
            grid.cells.append(GridCell(cell_text(cell), y, x, "value", headers=headers, cell=cell, row=row,
                                       column=col))
    grid.cells.sort(key=lambda c: (c.top, c.left))
    return grid


def report_title(report: AnnualReport) -> str:
    """The report's title as printed, or one composed from agency and year."""
    if report.title:
        return report.title
    year = f"{report.year}年" if report.year else ""
    return f"{report.agency}{year}政府信息公开工作年度报告"


def front_matter(report: AnnualReport) -> tuple[str, str, list[str]]:
    """(agency line, title, preamble paragraphs) as the document's head prints them.

    The agency line is ``report.agency`` when it is known and the title does not contain it
    (淮安市洪泽区 2023 prints "洪泽区人民政府" on a line above "2023 年政府信息公开工作年度报告"),
    else "".  Leading preamble paragraphs that repeat the title or that agency line (after
    whitespace normalisation) are left out: the heading prints them already.
    """

    title = report_title(report)
    agency = (report.agency or "").strip()
    agency_line = agency if agency and norm(agency) not in norm(title) else ""
    head = {norm(title), norm(agency_line)} - {""}
    paragraphs = [t.strip() for t, _ in report.preamble if t.strip()]
    while paragraphs and norm(paragraphs[0]) in head:
        paragraphs.pop(0)
    return agency_line, title, paragraphs


def section_blocks(report: AnnualReport):
    """(number, title, paragraphs, table or None) for the six sections of the report's format, in order.

    The title is the one the document printed, or the official title when the section was
    not read; a table section's grid follows its paragraphs.
    """
    fmt = report.format
    out = []
    for s in fmt.sections:
        st = report.sections.get(s.number)
        title = st.title if st and st.title else s.title
        paragraphs = [t for t, _ in st.paragraphs] if st else []
        table = None
        for t in fmt.tables:
            if t.number == s.number:
                table = t
        if table is not None:
            paragraphs = [p for p in paragraphs if not _is_table_text(table, p)]
        out.append((s.number, title, paragraphs, table))
    return out


def _is_table_text(table: Table, text: str) -> bool:
    """True for a paragraph that is a line of the table as a text source printed it (labels, values).

    Readers of text sources keep the table's lines in the section's paragraphs; the writer
    draws the table from the cells, so those lines are not printed again.
    """

    n = norm(text)
    if not n:
        return True
    labels = {BLOCK_LABEL_HEADER, table.caption, *(r.label for r in table.rows), *(r.block for r in table.rows),
              *(r.group for r in table.rows), *(lab for c in table.columns for lab in c.path)}
    keys = [norm(x) for x in labels if x and len(norm(x)) >= 2]
    if any(k in n or (len(n) >= 4 and n in k) for k in keys):
        return True
    tokens = text.split()
    return bool(tokens) and all(parse_value(t)[0] in ("number", "not_applicable") for t in tokens)

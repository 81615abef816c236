"""DOCX reader: a Word document → :class:`RawDocument` (python-docx).

The body is walked in document order (paragraphs and tables interleaved as printed, content
controls ``w:sdt`` opened):

* a paragraph becomes a :class:`TextBlock` (``where`` = "第N段"); empty paragraphs are skipped;
* a table becomes one :class:`RowBlock` per row on the table's grid: a cell merged across
  columns (``w:gridSpan``) keeps its text at its first position and the positions it covers
  are ``RawCell("", spanned=True)``; a cell continuing a vertical merge (``w:vMerge`` without
  ``restart``) is ``RawCell("", spanned=True)`` too; ``w:gridBefore``/``w:gridAfter`` give
  empty positions.  A table nested in a cell is read as a table of its own after its row.

Text is kept as printed except whitespace (see :func:`gongkai.textutil.clean`); the
paragraphs of one cell are joined, without a space between two Chinese characters
("商业" / "企业" → "商业企业").

Safety (:mod:`gongkai.readers.ooxml`): size limit, zip-bomb checks, and refusal of any XML
part declaring a DOCTYPE or ENTITY.  Every failure is a :class:`ReadError` naming the file.
"""

from __future__ import annotations

import io
import re

from ..report import Location
from ..textutil import clean, parse_value
from .base import RawCell, RawDocument, ReadError, RowBlock, TextBlock, without_row_numbers
from .ooxml import check_package, load_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def join_lines(lines: list[str]) -> str:
    """Join the lines of a cell: no space between two Chinese characters, one space otherwise."""
    out = ""
    for line in (clean(x) for x in lines):
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) and _CJK.match(line[0])):
            out += " "
        out += line
    return out


MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TEXT_TAGS = (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen", f"{W}sym")


def _own_text_elements(el):
    """The text elements of ``el`` in order, not those of a text box in it (``w:txbxContent``: read as a body of
    its own, :func:`text_boxes`) nor of the VML copy Word keeps of a drawing for older readers (``mc:Fallback``,
    the same text again as its ``mc:Choice``)."""
    for child in el:
        tag = child.tag
        if tag in _TEXT_TAGS:
            yield child
        elif tag == f"{W}txbxContent" or tag == f"{MC}Fallback" or not isinstance(tag, str):
            continue
        elif len(child):
            yield from _own_text_elements(child)


def has_text_box(p) -> bool:
    """``p`` holds a text box (``w:txbxContent``) or an alternate-content pair (mc:Choice/mc:Fallback)."""
    for _ in p.iter(f"{W}txbxContent", f"{MC}Fallback"):
        return True
    return False


def text_boxes(p) -> list:
    """The bodies (``w:txbxContent``) of the text boxes anchored in paragraph ``p``, in document order, each once:
    a drawing saved with alternate content (``mc:AlternateContent``: a DrawingML ``wps:txbx`` in ``mc:Choice``, its
    VML copy in ``mc:Fallback``) is read from its first choice only; a text box inside a text box is its box's."""
    found = []

    def walk(el):
        for child in el:
            tag = child.tag
            if tag == f"{W}txbxContent":
                found.append(child)
            elif tag == f"{MC}AlternateContent":
                choice = next((c for c in child if c.tag in (f"{MC}Choice", f"{MC}Fallback")), None)
                if choice is not None:
                    walk(choice)
            elif isinstance(tag, str) and len(child):
                walk(child)

    walk(p)
    return found


def paragraph_text(p, boxes: bool = True) -> str:
    """The text of a ``w:p`` element: runs, tabs and breaks; deleted text and field codes left out; the text of
    a text box anchored in it is not the paragraph's (see :func:`text_boxes`).  ``boxes=False``: the caller
    knows the document has no text box (nor alternate content) at all."""
    parts = []
    elements = _own_text_elements(p) if boxes and has_text_box(p) else p.iter(*_TEXT_TAGS)
    for el in elements:
        tag = el.tag
        if tag == f"{W}t":
            parts.append(el.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _children(el, *tags):
    """Direct children with ``tags``, looking through content controls (w:sdt/w:sdtContent)."""
    for child in el:
        if child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _children(content, *tags)
        elif child.tag in tags:
            yield child


def _int_attr(el, path: str, default: int = 0) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return max(0, int(found.get(f"{W}val", default)))
    except ValueError:
        return default


#: grid positions after expanding gridSpan/gridBefore/gridAfter, over all tables of one document:
#: a real report has a few thousand; a 44 KB file of gridSpan bombs would otherwise expand to 10^8
MAX_GRID_CELLS = 200_000


class _Walker:
    def __init__(self, source: str):
        self.source = source
        self.blocks: list = []
        self.paragraphs = 0
        self.tables = 0
        self.grid_cells = 0
        self.boxes = True  # the document may hold text boxes (body() looks once)

    def _budget(self, n: int) -> None:
        self.grid_cells += n
        if self.grid_cells > MAX_GRID_CELLS:
            raise ReadError(self.source, f"Word 表格展开合并单元格后超过 {MAX_GRID_CELLS} 个位置"
                                         f"（第{self.tables}个表格处，gridSpan 等数值异常），拒绝读取")

    def body(self, body) -> None:
        if body.tag == f"{W}body":
            self.boxes = has_text_box(body)
        for child in _children(body, f"{W}p", f"{W}tbl"):
            if child.tag == f"{W}p":
                self.paragraph(child)
            else:
                self.table(child)

    def paragraph(self, p) -> None:
        text = clean(paragraph_text(p, self.boxes))
        if text:
            self.paragraphs += 1
            self.blocks.append(TextBlock(text, Location(source=self.source, where=f"第{self.paragraphs}段")))
        if self.boxes and has_text_box(p):  # a text box's paragraphs and tables follow its anchor paragraph
            for box in text_boxes(p):
                self.body(box)

    def cell_text(self, tc) -> str:
        lines = []
        for p in _children(tc, f"{W}p"):
            lines.append(paragraph_text(p, self.boxes))
            if self.boxes and has_text_box(p):  # a text box in a cell: its lines are the cell's
                lines += [paragraph_text(q) for box in text_boxes(p) for q in box.iter(f"{W}p")]
        return join_lines(lines)

    def table(self, tbl) -> None:
        t = self.tables
        self.tables += 1
        for r, tr in enumerate(_children(tbl, f"{W}tr")):
            trpr = tr.find(f"{W}trPr")
            before = _int_attr(trpr, f"{W}gridBefore") if trpr is not None else 0
            after = _int_attr(trpr, f"{W}gridAfter") if trpr is not None else 0
            cells: list[RawCell] = []
            nested = []

            def loc(c):
                return Location(source=self.source, where=f"第{t + 1}个表格 第{r + 1}行 第{c + 1}列")

            self._budget(before + after)
            for _ in range(before):
                cells.append(RawCell("", loc(len(cells))))
            starts = []  # (position in cells, tc) of each cell of the row
            for tc in _children(tr, f"{W}tc"):
                starts.append((len(cells), tc))
                tcpr = tc.find(f"{W}tcPr")
                span = max(1, _int_attr(tcpr, f"{W}gridSpan", 1)) if tcpr is not None else 1
                span = min(span, 1000)
                self._budget(span)
                vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(f"{W}val", "continue") != "restart"
                if continued:
                    cells.append(RawCell("", loc(len(cells)), spanned=True))
                else:
                    cells.append(RawCell(self.cell_text(tc), loc(len(cells))))
                for _ in range(span - 1):
                    cells.append(RawCell("", loc(len(cells)), spanned=True))
                nested += list(_children(tc, f"{W}tbl"))
            for _ in range(after):
                cells.append(RawCell("", loc(len(cells))))
            where = Location(source=self.source, where=f"第{t + 1}个表格 第{r + 1}行")
            unfolded = unfold_value_grid(cells, starts, loc) if nested else None
            if unfolded is not None:  # values in a grid of their own beside their labels: one row per label
                rows, nested = unfolded
                for k, row in enumerate(rows):
                    self.blocks.append(RowBlock(row, where if k == 0 else Location(
                        source=self.source, where=f"第{t + 1}个表格 第{r + 1}行（其中第{k + 1}项）"), table=t))
            else:
                self.blocks.append(RowBlock(cells, where, table=t))
            for inner in nested:
                self.table(inner)


UNPLACED = "（位置不明）"
_TRAILING_NUMBER = re.compile(r"(?<=[\u3400-\u9fff）)])\s*(\d[\d,]*(?:\.\d+)?\s*(?:万元|元|件)?)$")


def _cell_lines(paragraphs) -> list[str]:
    """The printed lines of paragraphs (a line break ``w:br`` ends a line too), empty ones left out."""
    return [line for line in (clean(x) for p in paragraphs for x in paragraph_text(p).split("\n")) if line]


def value_grid(tbl) -> list[list[str]] | None:
    """A table (nested in a cell) holding values only — every cell a number, blank or "/" mark, no table inside —
    as its rows of cell texts on its grid (a merged cell's other positions "") and how many numbers it holds, or
    None for any other table."""
    rows, numbers = [], 0
    for tr in _children(tbl, f"{W}tr"):
        row = []
        for tc in _children(tr, f"{W}tc"):
            if next(_children(tc, f"{W}tbl"), None) is not None:
                return None
            tcpr = tc.find(f"{W}tcPr")
            span = min(max(1, _int_attr(tcpr, f"{W}gridSpan", 1)), 50) if tcpr is not None else 1
            vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            text = "" if vmerge is not None and vmerge.get(f"{W}val", "continue") != "restart" else \
                join_lines([paragraph_text(p) for p in _children(tc, f"{W}p")])
            kind = parse_value(text)[0] if len(text) <= 40 else "unreadable"
            if kind == "unreadable":
                return None
            numbers += kind == "number"
            row += [text] + [""] * (span - 1)
        rows.append(row)
    return (rows, numbers) if rows else None


def unfold_value_grid(cells: list, starts: list, loc):
    """A table row whose values stand in a table of their own nested in a cell beside their labels — what pdf2docx
    makes of a PDF table: "行政处罚<br>行政强制" in one cell, a two-row table of "46件" / "36件" in the next; or the
    labels as the lines of the value cell itself, above its table — as one row per label: ``(rows, nested)``
    (``nested``: the row's other nested tables, read as tables of their own), or None when the row is no such
    row.  The i-th label line goes with the grid's i-th row.  A value the converter ran into its label's line
    ("行政规范性文件9件", "行政事业性收费0万元" over an empty grid) goes into its row's one empty cell when that is
    the first (the value printed left of the others); otherwise the row's empty cells say the number's place is unknown (unread, never guessed), and so does
    every value of a grid whose rows do not match its labels one to one."""
    holders = [(i, tc) for i, tc in starts if next(_children(tc, f"{W}tbl"), None) is not None]
    if len(holders) != 1:
        return None
    at, holder = holders[0]
    tables = list(_children(holder, f"{W}tbl"))
    found = value_grid(tables[0])
    if found is None:
        return None
    grid, numbers = found
    before, after, seen = [], [], False
    for el in _children(holder, f"{W}p", f"{W}tbl"):
        if el is tables[0]:
            seen = True
        elif el.tag == f"{W}p":
            (after if seen else before).append(el)
    labels = _cell_lines(before)
    first = at  # where the label column stands in the unfolded rows
    if not labels:
        left = [(i, tc) for i, tc in starts if i < at and cells[i].text and not cells[i].spanned]
        if not left:
            return None
        first, label_tc = left[-1]
        labels = _cell_lines(_children(label_tc, f"{W}p"))
        if not labels or first + 1 != at and any(cells[k].text for k in range(first + 1, at)):
            return None
    if not numbers and not any(_TRAILING_NUMBER.search(x) for x in labels):
        return None  # an empty table in a cell, no value beside it: nothing to unfold
    end = next((i for i, _ in starts if i > at), len(cells))
    prefix, rest = cells[:first], cells[end:]
    rows = []
    aligned = len(labels) == len(grid)
    for k, label in enumerate(labels if aligned else [" ".join(labels)]):
        values = list(grid[k]) if aligned else [" ".join(v for row in grid for v in row if v) + UNPLACED]
        m = _TRAILING_NUMBER.search(label)
        if m and aligned:
            label = label[:m.start()].rstrip()
            empty = [i for i, v in enumerate(values) if not v]
            if empty == [0]:
                values[0] = m.group(1)
            else:
                values = [v or m.group(1) + UNPLACED for v in values] if empty else \
                    [v + UNPLACED for v in values]
        row = [RawCell(c.text if k == 0 else "", c.location, spanned=c.spanned or k > 0) for c in prefix]
        row.append(RawCell(label, loc(len(row))))
        row += [RawCell(v, loc(len(row) + j)) for j, v in enumerate(values)]
        row += [RawCell(c.text if k == 0 else "", c.location, spanned=c.spanned or k > 0) for c in rest]
        rows.append(row)
    tail = join_lines([paragraph_text(p) for p in after])
    if tail:
        rows.append([RawCell("", c.location, spanned=True) for c in prefix] + [RawCell(tail, loc(len(prefix)))])
    return rows, tables[1:]


DOCX_DAMAGED = ("文件内部结构已损坏或不完整（缺少或无法解析其中的 XML 部件），可能下载未完成、被其他软件改坏或扩展名有误；"
                "请用 Word 或 WPS 打开后另存为 .docx 再试")


def read_docx(path_or_bytes, source: str = "") -> RawDocument:
    """Read a .docx (a path or its bytes) into blocks in document order.

    ``source`` names the file in locations and errors (default: the path).  Raises
    :class:`ReadError` for a file that is empty, too large, not a DOCX, a zip bomb, carries
    DOCTYPE/ENTITY declarations, or that python-docx cannot open.
    """
    source = source or (str(path_or_bytes) if not isinstance(path_or_bytes, (bytes, bytearray)) else "<docx>")
    data = load_bytes(path_or_bytes, source, "DOCX")
    check_package(data, source, "DOCX", "word/document.xml")
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, KeyError, ValueError):
            raise ReadError(source, f"不是有效的 DOCX 文件：{DOCX_DAMAGED}") from None
    except ReadError:
        raise
    except Exception:  # noqa: BLE001 - any parser failure is the file's fault, reported in Chinese
        # (python-docx's and lxml's own texts are English internals — "object has no attribute …" — not for users)
        raise ReadError(source, f"DOCX 文件无法解析：{DOCX_DAMAGED}") from None
    revisions = accept_revisions(document.element.body)
    walker = _Walker(source)
    walker.body(document.element.body)
    if not walker.blocks:
        raise ReadError(source, "DOCX 文件中没有任何文字或表格")
    title = (document.core_properties.title or "").strip()
    meta = {"revisions": revisions} if revisions["insertions"] or revisions["deletions"] else {}
    return RawDocument(source=source, blocks=without_row_numbers(walker.blocks), reader="docx", title=title,
                       meta=meta)


def accept_revisions(body) -> dict:
    """Read the document as if its tracked changes (修订) were accepted: inserted text stays, deleted and
    moved-away text (``w:del``/``w:delText``, ``w:moveFrom``) and deleted table rows go.  Returns how many
    insertions and deletions were still unaccepted ({"insertions": n, "deletions": m}), for a warning.
    Changes the in-memory tree only (the file is never written)."""
    insertions = deletions = 0
    for el in list(body.iter(f"{W}ins", f"{W}moveTo", f"{W}cellIns")):
        insertions += 1
    doomed = []
    for el in list(body.iter(f"{W}del", f"{W}moveFrom", f"{W}cellDel")):
        deletions += 1
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag == f"{W}trPr":  # a deleted table row: the whole row goes
            row = parent.getparent()
            if row is not None and row.tag == f"{W}tr":
                doomed.append(row)
        elif parent.tag in (f"{W}rPr", f"{W}tcPr"):
            continue  # a deleted paragraph mark / cell: its text runs carry their own w:del
        else:
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return {"insertions": insertions, "deletions": deletions}

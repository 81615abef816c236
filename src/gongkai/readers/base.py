"""What every reader produces: a ``RawDocument``, the document as an ordered list of blocks.

A reader knows its file type (text, HTML, Markdown, DOCX, PDF) and nothing about the
format; :func:`gongkai.readers.mapping.map_document` maps the blocks onto the format by
their labels.  A block is either a paragraph of text or a table row:

* ``TextBlock`` — one paragraph or line of prose (or a table caption/header line in a
  text source), with its location.
* ``RowBlock`` — one table row as cells in order.  For real tables (HTML, DOCX) the row
  is the grid row after expanding rowspan/colspan: a position covered by a span from
  another cell is a ``RawCell`` with ``spanned=True`` and the text "".  ``table`` is the
  index of the source table (0-based) so rows of one table stay together; text sources
  use ``table=None``.
  ``glued=True`` marks a row whose values were printed with no separators at all (a web
  page's text export: "一、本年新收政府信息公开申请数量801000081"); its last cell is the
  digit run, which the mapper splits by searching the splits that satisfy the relations.

Readers never drop a cell: empty cells stay as ``RawCell("")``.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from dataclasses import field

from ..records import record
from ..report import Location
from ..textutil import lazy_pattern


class ReadError(Exception):
    """A document could not be read at all.  ``source`` names the file; the message is Chinese."""

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


@record
class RawCell:
    """A table cell's text as the document prints it, with where it is."""

    text: str
    location: Location = field(default_factory=Location)
    spanned: bool = False  # a placeholder for a position covered by another cell's span


@record
class TextBlock:
    """A paragraph (or heading) of a document's text, with where it is."""

    text: str
    location: Location = field(default_factory=Location)
    #: the empty lines just before it, in a text export printing every table cell on a line of its own (an empty
    #: line an empty cell: LibreOffice's text export of a document with tables); 0 elsewhere
    blank_cells_before: int = 0
    blank_cells_after: int = 0  # … and just after it


@record
class RowBlock:
    """A table row's cells as the document prints them (``table`` numbers the document's tables)."""

    cells: list[RawCell]
    location: Location = field(default_factory=Location)
    table: int | None = None
    glued: bool = False
    #: False: the values are in printed order but not known to stand one per column (a PDF row read without
    #: drawn cells, its table's columns seen on no row): fewer values than the format's columns are unread
    in_columns: bool = True

    @property
    def text(self) -> str:
        return " ".join([c.text for c in self.cells if c.text])  # (a list: str.join makes one of a generator)


Block = TextBlock | RowBlock


@record
class RawDocument:
    """A document as blocks in reading order.  ``reader`` names the reader ("text", "html" …)."""

    source: str
    blocks: list[Block]
    reader: str
    title: str = ""  # from <title> or metadata where the file type has one
    meta: dict = field(default_factory=dict)
    #: text with page breaks (``pdftotext -layout`` puts a form feed before each page): the 1-based lines that
    #: start a page after the first — each page is laid out on its own, its columns at their own characters
    page_starts: list[int] = field(default_factory=list)


def without_row_numbers(blocks: list) -> list:
    """Tables printed with a leading column that only counts their rows lose that column, so the row label is
    the first cell as in the format: a data frame's index written out by pandas ``to_markdown``/``to_html``
    ("0", "1", "2" …, the header's cell empty), or a 序号 column a report prints before its labels ("序号" over
    1, 2, 3 …, a subtotal row's cell left blank, a note row "注：…" across the table's width after the last).
    A column is such a count when its header rows are empty or name it ("序号", "编号", "行次", "行号") and the
    other rows hold the next integer: from 0 under an empty header corner (a frame's index, even of one row),
    or from 1 over at least three rows (under a 序号 header some may be blank).  A frame read without a header
    row (pandas ``header=None``) prints its columns' numbers 0, 1, 2 … as its header beside that corner: that
    row is not the table's and goes too."""
    rows_of: dict[int, list[RowBlock]] = {}
    for b in blocks:
        if isinstance(b, RowBlock) and b.table is not None and b.cells:
            rows_of.setdefault(b.table, []).append(b)
    names: list[RowBlock] = []  # a frame's column names when it has none of its own: 0, 1, 2 … over the corner
    for rows in rows_of.values():
        notes = _counted(rows) if len(rows) >= 2 else None
        if notes is None:
            continue
        for r in rows[:len(rows) - notes]:
            r.cells = r.cells[1:]
        for r in rows[len(rows) - notes:]:  # a note across the table: one of its covered places goes instead
            r.cells = r.cells[:1] + r.cells[2:]
        head = [c.text.strip() for c in rows[0].cells]
        if len(head) >= 2 and head == [str(i) for i in range(len(head))]:
            names.append(rows[0])
    return [b for b in blocks if not any(b is n for n in names)] if names else blocks


#: the header of a column that numbers a table's rows: not a row label, not a value
_NUMBER_HEADERS = frozenset({"序号", "编号", "行次", "行号"})


def note_row(row: RowBlock) -> bool:
    """A note across the table ("注：本表统计期限为…", "说明：…"): its first cell the note, the others empty (covered by
    its span) — not a row of the table whose cells are all blank."""
    first = row.cells[0].text.strip() if row.cells else ""
    return first.startswith(_NOTE_WORDS) and len(row.cells) >= 2 and not any(c.text.strip() for c in row.cells[1:])


_NOTE_WORDS = ("注", "备注", "说明", "附注")


def _counted(rows: list) -> int | None:
    """When the first column of ``rows`` only counts them (:func:`without_row_numbers`): how many rows at the
    end are notes across the table (kept whole); None when it is no such column."""
    firsts = [r.cells[0].text.strip() for r in rows]
    k = 0
    named = False
    while k < len(firsts) and (not firsts[k] or firsts[k] in _NUMBER_HEADERS):  # the header rows
        named = named or firsts[k] in _NUMBER_HEADERS
        k += 1
    notes = 0
    while named and len(rows) - notes > k and note_row(rows[len(rows) - notes - 1]):
        notes += 1
    numbers = firsts[k:len(rows) - notes]
    if named:  # under a 序号 header a row may go without its number (a subtotal row), never the first
        counted = [x for x in numbers if x]
        if not numbers or not numbers[0]:
            return None
    else:
        counted = numbers
    if not counted or not all(x.isdigit() and x.isascii() for x in counted):
        return None
    start = int(counted[0])
    if not (start == 0 and k >= 1 or start == 1 and len(counted) >= 3):
        return None
    if not all(int(x) == start + i for i, x in enumerate(counted)) or not all(len(r.cells) >= 3 for r in rows):
        return None
    # beside the count, the rows' labels: text that is not a number (a frame's rows are the table's rows)
    if not any(r.cells[1].text.strip() and not _NUMBER().fullmatch(r.cells[1].text.strip()) for r in rows[k:]):
        return None
    return notes


_NUMBER = lazy_pattern(r"[-+]?[\d,，.]+")


_COLLECTOR_LOCK = threading.Lock()
_collector_pausers = 0  # the reads under way that paused the cyclic garbage collector
_collector_was_on = True  # … and whether it ran before the first of them paused it


@contextlib.contextmanager
def collector_paused():
    """The cyclic garbage collector paused while a document is read (:func:`~gongkai.readers.pdf.read_pdf`) or
    mapped (:func:`~gongkai.readers.mapping.map_document`).  A PDF read makes tens of thousands of objects (a
    tuple per character, words, lines), a mapping thousands (segments, candidate rows, cells), that live until
    the result is made and form no cycles: reference counting frees them all, yet the collector would walk
    them, and all the process's objects, several times per call (a tenth of a PDF read's time, a twentieth of
    a mapping's).  Calls in threads share one pause: the last to end restores the collector as the first
    found it."""
    global _collector_pausers, _collector_was_on
    with _COLLECTOR_LOCK:
        if _collector_pausers == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _collector_pausers += 1
    try:
        yield
    finally:
        with _COLLECTOR_LOCK:
            _collector_pausers -= 1
            if _collector_pausers == 0 and _collector_was_on:
                gc.enable()

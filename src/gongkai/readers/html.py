"""HTML reader: a web page (or a Word "save as web page" export) → :class:`RawDocument`.

``read_html(data, source)`` decodes the bytes, parses them with lxml and walks the tree in
document order:

* text outside tables becomes one :class:`TextBlock` per block-level element (``p``,
  ``div`` without block children, ``h1``–``h6``, ``li`` …) and per ``<br>``-separated line;
  inline tags (``span``, ``font``, ``b`` …) are joined into their block.  ``where`` is
  "第N段" (N counts the text blocks, 1-based), ``line`` the source line.
* every data table becomes one :class:`RowBlock` per ``<tr>``, rowspan/colspan expanded into
  a grid: the originating cell keeps its text at its first position, every other covered
  position is ``RawCell("", spanned=True)``; an empty real cell is ``RawCell("")``.  A table
  nested in a cell is a table of its own (it gets the next table index in document order)
  and its text is not repeated in the outer cell.  A table with a single column is a layout
  container, not a data table (the 30号 tables all have several columns): its content is
  read as text and it gets no table index.
* ``script``, ``style`` and ``head`` are skipped; ``<title>`` gives ``RawDocument.title``.

Text is kept as printed (full-width digits stay full-width; :func:`gongkai.textutil.parse_value`
normalises later).  Only whitespace is touched: ``&nbsp;``, U+3000 and runs of whitespace
become one space, zero-width characters are removed, and a line break between two Chinese
characters (source wrapping, ``<br>`` inside a label such as "本年新<br>制作数量") is removed.

Encoding: a byte-order mark wins; then the ``<meta charset>`` / ``http-equiv`` declaration
(any gb2312/gbk declaration is read as GB18030, its superset, because pages declared gb2312
routinely contain GBK characters); then UTF-8; then GB18030.  One exception: a page declared
in another charset whose bytes are valid UTF-8 with many non-ASCII characters is UTF-8 (a
site re-encoded to UTF-8 that kept its old ``<meta>``).  Bytes that decode with none of these raise :class:`ReadError`.

Errors: :class:`ReadError` (Chinese message) for an empty file, a file over ``max_bytes``
(20 MB by default), binary content (including PDF/DOCX/images given to the wrong reader),
undecodable bytes, and a page with no text or table at all.
"""

from __future__ import annotations

import codecs
import contextvars
import operator
import re
from collections.abc import Callable

import lxml.etree

from ..report import Location
from .base import RawCell, RawDocument, ReadError, RowBlock, TextBlock, collector_paused, without_row_numbers
from . import positioned  # pdftohtml: a PDF's text placed by coordinates, not a web page's flow
from . import word_boxes  # pdftotext -bbox-layout: a PDF's words with their boxes, not a web page
from .css_tables import convert as convert_css_tables
from .html_pre import lines_of_pre, pre_blocks, pre_text
from .wiki import might_have_wiki_table, wiki_tables
from .html_visible import drop_hidden, inline_srcdoc, show_controls
from .pipes import is_delimiter_row, split_pipe_row

MAX_BYTES = 20 * 1024 * 1024
MAX_COLSPAN = 1000  # HTML: colspan values above 1000 are treated as 1000
MAX_GRID_CELLS = 2_000_000  # positions after expanding spans, over all of one table
MAX_DOCUMENT_GRID_CELLS = 300_000  # and over all tables of one document (many tables just under the limit)
_DOCUMENT_BUDGET: contextvars.ContextVar[list | None] = contextvars.ContextVar("html_grid_budget", default=None)

# Elements that start and end a block of text.
BLOCK_TAGS = frozenset("""
    address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section
    summary ul caption td th tr tbody thead tfoot
""".split())
SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript", "iframe", "object", "svg"})

_GB_LABELS = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936", "csgb2312",
              "chinese", "iso-ir-58", "gb18030", "euc-cn", "x-euc-cn", "csiso58gb231280"}
_WEAK_LABELS = {"iso-8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252",
                "iso8859-1", "iso_8859-1"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_MAGIC = ((b"%PDF", "PDF 文件"), (b"PK\x03\x04", "ZIP 压缩包或 DOCX/XLSX 文件"),
          (b"\xd0\xcf\x11\xe0", "旧版 Word/Excel（.doc/.xls）文件"), (b"\x89PNG", "PNG 图片"),
          (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# Characters between which a line break is a wrapping artefact, not a space: CJK ideographs,
# CJK punctuation (not U+3000) and full-width punctuation (not full-width digits or letters).
_WIDE = r"[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40" \
        r"\uff5b-\uff65\u201c\u201d\u2018\u2019\u2014\u2026]"
_BREAK_BETWEEN_WIDE = re.compile(rf"(?<={_WIDE})[ \t\r\f\v\xa0\u3000]*\n\s*(?={_WIDE})")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WS = re.compile(r"\s+")
_TO_CLEAN = re.compile("[\\s\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # what clean_text changes
_SPAN_VALUE = re.compile(r"\s*\+?(\d+)")


def clean_text(text: str) -> str:
    """Whitespace-normalise printed text: drop zero-width characters, remove a line break
    between two Chinese characters, turn every other whitespace run (incl. &nbsp;, U+3000)
    into one space, strip.  Nothing else changes (full-width digits stay)."""
    if not text or text.isdigit() or not _TO_CLEAN.search(text):  # most cells: nothing to change (a number's
        return text or ""  # digits are neither whitespace nor zero-width: told by one str method, before the pattern)
    s = _ZERO_WIDTH.sub("", text)
    if "\n" in s:  # (the pattern's lookbehind is tried at every character: only where a line break could match)
        s = _BREAK_BETWEEN_WIDE.sub("", s)
    return _WS.sub(" ", s).strip()


# --------------------------------------------------------------------------- bytes → str

def _codec_for(label: str) -> str | None:
    label = label.strip().lower()
    if label in _GB_LABELS:
        return "gb18030"
    if label.startswith(("utf-16", "utf-32", "ucs-2", "ucs2")):
        return None  # impossible in a byte stream whose declaration we could read as ASCII
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    """The charset named by ``<meta charset>``, ``<meta http-equiv content="…; charset=…">``
    or an XML declaration in the first 8 KB, as printed (lower case), or None."""
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def check_bytes(data: bytes, source: str, max_bytes: int = MAX_BYTES, kind: str = "HTML") -> None:
    """Reject input no text reader should try: too large, empty, or a known binary format.

    Raises :class:`ReadError` with a Chinese message."""
    if len(data) > max_bytes:
        raise ReadError(source, f"文件大小 {len(data) / 1048576:.1f} MB，超过 {kind} 读取上限 "
                                f"{max_bytes / 1048576:.0f} MB；请确认是否选错了文件")
    if not data.strip():
        raise ReadError(source, f"文件为空，没有可读取的内容（{kind}）")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReadError(source, f"这是{what}，不是 {kind} 文本；请按文件实际类型读取")


def decode_bytes(data: bytes, source: str, kind: str = "HTML") -> tuple[str, str, str | None]:
    """Decode a text document: returns ``(text, codec used, declared charset or None)``.

    Order: byte-order mark; the declared charset (gb2312/gbk → gb18030), unless the bytes
    are clearly UTF-8; UTF-8; GB18030; a declared single-byte Latin charset last (Chinese
    pages served as iso-8859-1 are really GBK or UTF-8).  Raises :class:`ReadError` when nothing decodes
    or the result is binary (control characters)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                raise ReadError(source, f"文件以 {codec.upper()} 字节序标记开头，但第 {e.start + 1} 个字节起"
                                        f"无法按该编码解码") from None
            _check_text(text, source, kind)
            return text.lstrip("\ufeff"), codec.replace("-sig", ""), None
    bare = _bare_utf16(data)
    if bare:  # Word's "Unicode" page without its byte-order mark: "<" then NUL (or NUL then "<")
        try:
            text = data.decode(bare)
        except UnicodeDecodeError:
            pass
        else:
            _check_text(text, source, kind)
            return text, bare, None
    declared = declared_encoding(data)
    codec = _codec_for(declared) if declared else None
    candidates = []
    if codec and declared not in _WEAK_LABELS:
        if codec != "utf-8" and _clearly_utf8(data):
            candidates.append("utf-8")  # a page re-encoded to UTF-8 that kept its old <meta>
        candidates.append(codec)
    candidates += ["utf-8", "gb18030"]
    if codec and declared in _WEAK_LABELS:
        candidates.append(codec)
    for cand in dict.fromkeys(candidates):
        try:
            text = data.decode(cand)
        except (UnicodeDecodeError, LookupError):
            continue
        _check_text(text, source, kind, data if cand in _ASCII_SAFE else None)
        return text, cand, declared
    said = f"（声明的编码为 {declared}）" if declared else ""
    raise ReadError(source, f"无法识别文件编码{said}：按 UTF-8 和 GB18030（含 GBK/GB2312）都无法解码；"
                            f"请另存为 UTF-8 编码后重试")


def _bare_utf16(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when ``data`` starts (after whitespace) with a tag written in UTF-16 without a
    byte-order mark: its first 64 bytes alternate NUL and ASCII (no ASCII or GB text has a NUL in its tags)."""
    head = data[:64]
    if len(head) < 8 or b"\x00" not in head[:2]:
        return None
    if head[0] == 0 and not any(head[0::2]) and 0 not in head[1::2][:8]:
        return "utf-16-be" if head[1:].lstrip(b"\x00 \t\r\n")[:1] == b"<" else None
    if head[1] == 0 and not any(head[1::2]) and 0 not in head[0::2][:8]:
        return "utf-16-le" if head[0::2].lstrip()[:1] == b"<" else None
    return None


def _clearly_utf8(data: bytes, min_chars: int = 16) -> bool:
    """True when ``data`` is valid UTF-8 with at least ``min_chars`` non-ASCII characters.

    A short GBK text can be valid UTF-8 by chance ("一" is D2 BB, which is UTF-8 for "һ"),
    a page-length one practically never: each GBK character has roughly a one-in-ten chance."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return sum(1 for ch in text if ord(ch) > 127) >= min_chars


#: codecs in which a byte under 0x80 is always the ASCII character itself, never part of another character (UTF-8's
#: continuation bytes are 0x80–0xBF; GB18030's trailing bytes are 0x30–0x39, 0x40–0x7E and 0x80–0xFE)
_ASCII_SAFE = frozenset({"utf-8", "gb18030"})
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, *range(0x0e, 0x20), 0x7f])  # = _CONTROL's characters
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def _check_text(text: str, source: str, kind: str, data: bytes | None = None) -> None:
    """``data``: the bytes ``text`` was decoded from with a codec of :data:`_ASCII_SAFE` — their control bytes are
    the text's control characters, counted by ``bytes.translate`` (a quarter of the time of the pattern)."""
    if data is not None:
        controls = len(data.translate(None, _NOT_CONTROL_BYTES))
        nul = b"\x00" in data
    else:
        controls = len(_CONTROL.findall(text))
        nul = "\x00" in text
    if nul or controls > max(2, len(text) // 100):
        raise ReadError(source, f"文件含有大量控制字符，看起来是二进制文件而不是 {kind} 文本")


# --------------------------------------------------------------------------- tree → blocks

_IMAGE_FILE = re.compile(r"(?i)^\S*\.(png|jpe?g|gif|bmp|webp|svg)$|^(图片|图像|image|img|picture|pic|photo)\s*\d*$")


def image_text(cell) -> str:
    """The alternative text of the images of a cell that has no text of its own (a header drawn as a picture,
    <td><img alt="本年制发件数"></td>): what the page shows in that cell. An alt that only names a picture
    (``图片1``, ``a.png``) says nothing of its content and is left out."""
    alts = [clean_text(img.get("alt") or "") for img in cell.iter("img")]
    return clean_text("\n".join(a for a in alts if a and not _IMAGE_FILE.match(a)))


def _span(value: str | None) -> int | None:
    """A rowspan/colspan attribute as a browser reads it: leading digits ("2;" → 2); None if none."""
    if value is None:
        return None
    m = _SPAN_VALUE.match(value)
    return int(m.group(1)) if m else None


def _tag(el) -> str:
    tag = el.tag  # (read once: lxml makes the string at each reading)
    return tag.lower() if isinstance(tag, str) else ""


def _nearest_table(el):
    for anc in el.iterancestors():
        if _tag(anc) == "table":
            return anc
    return None


def _has_nested_table(table) -> bool:
    inner = table.iter("table")
    next(inner)  # the table itself
    return next(inner, None) is not None


def _own_rows(table) -> list:
    """The ``<tr>`` of this table (inside thead/tbody/tfoot or not), not those of nested tables."""
    if not _has_nested_table(table):  # most tables: every <tr> is the table's own
        return list(table.iter("tr"))
    return [tr for tr in table.iter("tr") if _nearest_table(tr) is table]


def _own_cells(tr) -> list:
    return list(tr.iterchildren("td", "th"))  # the HTML parser lower-cases tag names


def _grid(rows: list) -> list[list]:
    """Expand rowspan/colspan: per row, per grid position, the originating cell element, or
    None for a position covered by another cell's span.

    Spans are read as a browser reads them ("2;" → 2, garbage → 1, rowspan 0 → to the end
    of the table), a rowspan never reaches beyond the last row, colspan is capped at 1000,
    and trailing columns in which no cell starts (an overlong colspan) are trimmed.  A row
    ends at its last covered position; a position inside a row that no cell covers (broken
    markup) is also None.
    """
    # per row, the positions as a list: a cell element where a cell starts, _SPANNED where another cell's span
    # covers it, _HOLE where nothing does (yet) — a list index instead of a dict of (row, column) pairs
    n = len(rows)
    grid: list[list] = [[] for _ in range(n)]
    taken = 0  # positions covered so far (the table's count against MAX_GRID_CELLS)
    width = 0  # one past the last column in which a cell starts
    budget = _DOCUMENT_BUDGET.get()  # (a list counted in place: fetched once)
    marked: set[int] = set()  # the rows a span reached (only they can hold _HOLE or _SPANNED)
    for r, tr in enumerate(rows):
        line = grid[r]
        c = 0
        # a row no earlier row's span reached starts empty, and each of its cells then ends it (appended, or its
        # own span extends it to just its end): only a reached row has positions to step over
        reached = r in marked
        for cell in tr.iterchildren("td", "th"):  # (_own_cells: the HTML parser lower-cases tag names)
            while reached and c < len(line) and line[c] is not _HOLE:
                c += 1
            names = cell.keys()  # (one call for the attributes' names: most cells have no span, many no attribute)
            if not names or ("colspan" not in names and "rowspan" not in names):  # most cells: one position
                cs = rs = 1
            else:
                cs = min(max(_span(cell.get("colspan")) or 1, 1), MAX_COLSPAN)
                rs = _span(cell.get("rowspan"))
                rs = n - r if rs == 0 else min(max(rs or 1, 1), n - r)
            if taken + rs * cs > MAX_GRID_CELLS:
                raise TableTooLarge(taken + rs * cs)
            if budget is not None:
                budget[0] += rs * cs
                if budget[0] > MAX_DOCUMENT_GRID_CELLS:
                    raise DocumentTooLarge(budget[0])
            if rs == 1 and cs == 1:
                if c == len(line):
                    line.append(cell)
                else:
                    line[c] = cell
                taken += 1
            else:
                for dr in range(rs):  # the span's positions not yet covered by an earlier cell's span
                    marked.add(r + dr)
                    covered = grid[r + dr]
                    if len(covered) < c + cs:
                        covered.extend([_HOLE] * (c + cs - len(covered)))
                    for dc in range(c, c + cs):
                        if covered[dc] is _HOLE:
                            covered[dc] = _SPANNED
                            taken += 1
                line[c] = cell
            if c >= width:
                width = c + 1
            c += cs
    out = []
    for r, line in enumerate(grid):  # a row ends at its last covered position before ``width``
        end = min(len(line), width)
        if r in marked:
            while end and line[end - 1] is _HOLE:
                end -= 1
        if end < len(line):
            line = line[:end]
        if r in marked and (_HOLE in line or _SPANNED in line):
            line = [None if x is _HOLE or x is _SPANNED else x for x in line]
        out.append(line)
    return out


_HOLE = object()  # (_grid: a position no cell covers)
_SPANNED = object()  # (_grid: a position covered by another cell's span)


class TableTooLarge(Exception):
    """A table whose spans expand to more than MAX_GRID_CELLS positions."""


class DocumentTooLarge(TableTooLarge):
    """The tables of one document expand to more than MAX_DOCUMENT_GRID_CELLS positions in all."""


def _grid_width(rows: list) -> int:
    return max((len(g) for g in _grid(rows)), default=0)


HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: flow text in one cell longer than any row label or value: the cell holds an article, not a datum
FRAME_TEXT = 400


def _frames_an_article(cell) -> bool:
    """True when a cell holds a page's article rather than a datum: a heading, or several paragraphs of flow
    text (a CMS page laying out its menu and its article side by side in a table)."""
    for _ in cell.iter(*HEADING_TAGS):
        return True
    blocks = 0
    for _ in cell.iter("p", "div", "li"):
        blocks += 1
        if blocks >= 3:
            return sum(len(t) for t in cell.itertext()) > FRAME_TEXT
    return False


def is_layout_table(table) -> bool:
    """A table with at most one column, or one whose cells frame an article (headings, paragraphs of flow
    text — a CMS page's menu beside its article), is a layout container, not a data table."""
    rows = _own_rows(table)
    if any(len(_own_cells(tr)) > 1 for tr in rows):  # two cells of one row start two columns
        return len(rows) <= 3 and any(_frames_an_article(cell) for tr in rows for cell in _own_cells(tr))
    return _grid_width(rows) <= 1


LineOf = Callable[[object], "int | None"]


def _sourceline(el) -> int | None:
    return getattr(el, "sourceline", None)


_SOURCELINE = operator.attrgetter("sourceline")  # _sourceline for an element of lxml's tree (they all have it)


class _Walker:
    """Walks a parsed tree and appends blocks in document order."""

    def __init__(self, source: str, line_of: LineOf = _sourceline,
                 row_hook: Callable | None = None):
        self.source = source
        self.line_of = line_of
        self.row_hook = row_hook  # (tr, cells, t, r) -> cells; the Markdown reader uses it
        self.blocks: list = []
        self.buf: list[str] = []
        self.buf_line: int | None = None
        self.paragraphs = 0
        self.tables = 0
        #: whether the tree has an <img> at all (:func:`blocks_from_tree` tells it, by one search of the tree in
        #: lxml): without one, a cell with no text of its own shows nothing, and no cell is searched for images
        self.images = True
        self.wiki = 0  # the page has wiki table markup somewhere: so many flow containers are checked for it
        self.extra: dict = {}  # a text read in the page (a <pre>'s): its page starts and line notes (html_pre)

    def _wiki_check(self) -> bool:
        """One more container checked for wiki markup (a page whose markup is no table costs a bounded walk)."""
        self.wiki -= 1
        return self.wiki >= 0

    # -- text flow
    def add(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if self.buf_line is None and text.strip():
            self.buf_line = line
        self.buf.append(text)

    def flush(self) -> None:
        raw = "".join(self.buf)
        line = self.buf_line
        self.buf, self.buf_line = [], None
        if "|" in raw and "\n" in raw and self._pipe_paragraph(raw, line):
            return
        text = clean_text(raw)
        if text:
            self.paragraphs += 1
            self.blocks.append(TextBlock(text, Location(source=self.source, line=line,
                                                        where=f"第{self.paragraphs}段")))

    def _pipe_paragraph(self, raw: str, line: int | None) -> bool:
        """A paragraph holding a Markdown pipe table on lines of its own (python-markdown leaves a table with no
        empty line before it inside the paragraph before it): its text lines and each row line a block of its
        own (:func:`pipe_rows` reads the rows) — collapsed into one paragraph, “| 0 |  | 9 |” would read “0 9”.
        False (nothing added) when fewer than two of its lines are pipe rows."""
        lines = raw.split("\n")
        rows = [bool(_PIPE_TEXT.match(x)) and x.count("|") >= 3 for x in lines]
        if sum(rows) < 2:
            return False
        k = 0
        while k < len(lines):
            j = k + 1
            if not rows[k]:
                while j < len(lines) and not rows[j]:
                    j += 1
            text = clean_text("\n".join(lines[k:j]))
            if text:
                self.paragraphs += 1
                at = None if line is None else line + k
                self.blocks.append(TextBlock(text, Location(source=self.source, line=at,
                                                            where=f"第{self.paragraphs}段")))
            k = j
        return True

    def walk(self, el) -> None:
        """Flow content: ``el`` and its children, not its tail (iterative: no recursion limit)."""
        stack: list[tuple[str, object]] = [("enter", el)]
        while stack:
            event, node = stack.pop()
            if event == "tail":
                self.add(node.tail, self.line_of(node))
                continue
            if event == "exit":
                self.flush()
                continue
            tag = _tag(node)
            if tag in SKIP_TAGS or not tag:
                continue
            if tag == "br":
                self.flush()
                continue
            if tag == "table" and not is_layout_table(node):
                self.flush()
                self.table(node)
                continue
            if self.wiki and tag in _WIKI_HOLDERS and self._wiki_check() and (text := wiki_text(node)) is not None:
                # wiki markup printed as the page's text (a CMS showing the source of a MediaWiki, MoinMoin or
                # Textile table): the element's lines read as a text file is, its tables by their markup
                self.flush()
                blocks, tables = pre_blocks(text, self.source, self.line_of(node), self.tables, self.extra)
                self.blocks += blocks
                self.tables += tables
                continue
            if tag == "pre" and (text := pre_text(node)) is not None:  # a text file's lines: the text reader's
                self.flush()
                blocks, tables = pre_blocks(text, self.source, self.line_of(node), self.tables, self.extra)
                self.blocks += blocks
                self.tables += tables
                continue
            block = tag in BLOCK_TAGS or tag == "table"  # a layout table is a block of flow content
            if block:
                self.flush()
                stack.append(("exit", node))
            self.add(node.text, self.line_of(node))
            for child in reversed(node):
                if child.tail:
                    stack.append(("tail", child))
                stack.append(("enter", child))

    # -- tables
    def table(self, table) -> None:
        """A data table: one RowBlock per <tr>, then its nested data tables after their row."""
        rows = _own_rows(table)
        t = self.tables
        self.tables += 1
        for cap in table.iter("caption"):
            if _nearest_table(cap) is table:
                self.walk(cap)
        nested = _has_nested_table(table)
        grid = _grid(rows)  # (first: the stray text's walk then finds the cells' element proxies made, kept in it)
        self._stray_text(table, nested)
        source, line_of, cell_text_of_children = self.source, self.line_of, self._cell_text_of_children
        if line_of is _sourceline:  # (every element of lxml's tree has it: read it without a call per cell)
            line_of = _SOURCELINE
        columns = [f"{c}列" for c in range(1, max(map(len, grid), default=0) + 1)]  # (made once per table)
        row_hook, blocks, images = self.row_hook, self.blocks, self.images
        first_block = len(blocks)
        for r, tr in enumerate(rows):
            line = line_of(tr)
            where = f"第{t + 1}个表格 第{r + 1}行"
            cell_where = where + " 第"
            # (a cell of text only — most cells — read as _cell_text reads it, without the call)
            cells = [RawCell("", Location(source, line, cell_where + column), True) if origin is None else
                     RawCell(clean_text(origin.text or "") if not len(origin)
                             else cell_text_of_children(origin) or (images and image_text(origin)) or "",
                             Location(source, line_of(origin), cell_where + column))
                     for origin, column in zip(grid[r], columns)]
            if row_hook:
                cells = row_hook(tr, cells, t, r)
                if cells is None:  # not a row of the table (a Markdown delimiter row read as data)
                    continue
            blocks.append(RowBlock(cells, Location(source, line, where), t, in_columns=not tr.get("data-unplaced")))
            for cell in _own_cells(tr) if nested else ():
                for inner in cell.iter("table"):
                    if _nearest_table(inner) is table and not is_layout_table(inner):
                        self.table(inner)
        if _is_dataframe(table, rows):
            _dataframe_blanks(blocks, first_block, t)

    def _cell_text(self, cell) -> str:
        """All text of a cell, a line break at <br> and block boundaries, nested data tables left out.  (The table
        walk, :meth:`table`, reads a cell so without calling it: the two must stay alike.)"""
        if len(cell) == 0:  # most cells: text only (the walk below would add only outer line breaks)
            return clean_text(cell.text or "")
        return self._cell_text_of_children(cell) or (self.images and image_text(cell)) or ""

    def _cell_text_of_children(self, cell) -> str:
        """:meth:`_cell_text` of a cell with child elements."""
        if len(cell) == 1 and len(cell[0]) == 0:  # <td><p>text</p></td>: what the walk below gives, directly
            child = cell[0]
            tag = _tag(child)
            if tag and tag not in SKIP_TAGS and tag != "table":
                before, inner, after = cell.text, child.text, child.tail
                if (not before or before.isspace()) and (not after or after.isspace()):
                    # only whitespace around the child's text (<td><p>label</p></td>, pretty-printed or not):
                    # what clean_text makes of it all is what it makes of the child's text (whitespace at either
                    # end, line breaks included, is stripped and touches no character to join across it)
                    return clean_text(inner or "")
                brk = "\n" if tag == "br" or tag in BLOCK_TAGS else ""
                return clean_text(f"{before or ''}{brk}{inner or ''}{brk}{after or ''}")
        return self._cell_text_walked(cell)

    def _cell_text_walked(self, cell) -> str:
        """:meth:`_cell_text` of any cell, by walking all of it."""
        parts: list[str] = []
        stack: list[tuple[str, object]] = [("enter", cell)]
        while stack:
            event, node = stack.pop()
            if event == "tail":
                parts.append(node.tail)
                continue
            if event == "exit":
                parts.append("\n")
                continue
            tag = _tag(node)
            if tag in SKIP_TAGS or not tag:
                continue
            if tag == "table" and node is not cell and not is_layout_table(node):
                parts.append("\n")  # a nested data table is read as a table of its own
                continue
            if tag == "br" or tag in BLOCK_TAGS or tag == "table":
                parts.append("\n")
                stack.append(("exit", node))
            if node.text:
                parts.append(node.text)
            for child in reversed(node):
                if child.tail:
                    stack.append(("tail", child))
                stack.append(("enter", child))
        return clean_text("".join(parts))

    def _stray_text(self, table, nested: bool = True) -> None:
        """Text sitting in a table but outside any cell (broken markup) is kept as a paragraph."""
        stray = []
        for el in [table, *(e for e in table.iter("thead", "tbody", "tfoot", "tr")
                            if not nested or _nearest_table(e) is table)]:
            if el.text and el.text.strip():
                stray.append(el.text)
            for child in el:
                if child.tail and child.tail.strip() and _tag(child) in ("tr", "thead", "tbody", "tfoot",
                                                                            "td", "th", "caption", "colgroup"):
                    stray.append(child.tail)
        if stray:
            self.flush()
            self.add(" ".join(stray), self.line_of(table))
            self.flush()


_UNNAMED = re.compile(r"Unnamed: \d+")
_NAN = frozenset(("NaN", "nan"))


def _is_dataframe(table, rows: list) -> bool:
    """A spreadsheet written out by pandas (``DataFrame.to_html``): its class "dataframe", or a header cell
    "Unnamed: 3" (an empty header cell as pandas names it)."""
    if "dataframe" in (table.get("class") or "").split():
        return True
    return bool(rows) and any(_UNNAMED.fullmatch((c.text or "").strip()) for c in _own_cells(rows[0]))


def _dataframe_blanks(blocks: list, first: int, table: int) -> None:
    """A pandas table's cells "NaN" and "Unnamed: N" are empty cells (a blank cell, or the covered place of a
    merged cell the sheet had), never text: read as text, "NaN" before a row's values is taken for part of its
    label and, after its value, for a cell of its own (表二's "行政许可 | 60 | NaN | NaN")."""
    for block in blocks[first:]:
        if isinstance(block, RowBlock) and block.table == table:
            for cell in block.cells:
                if cell.text in _NAN or _UNNAMED.fullmatch(cell.text):
                    cell.text = ""


def parse_html(text: str, source: str):
    """Parse decoded HTML text with lxml; returns the root element.  Raises ReadError."""
    # lxml.etree's own HTML parser, not lxml.html's: the same tree, but plain elements — lxml.html looks up a
    # Python element class for every element the walk touches, a third of the reader's time
    parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
        if root is None:  # as lxml.html.document_fromstring says it
            raise lxml.etree.ParserError("Document is empty")
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as e:
        raise ReadError(source, f"HTML 无法解析：{e}") from None
    for entry in parser.error_log:
        if "depth" in entry.message.lower():  # libxml2 stops reading there: say so, do not truncate
            raise ReadError(source, f"HTML 标签嵌套层级过深（第{entry.line}行），无法完整读取")
    return root


#: elements whose text may be a wiki page's source: block containers of flow text (a <pre> is read as a text file
#: already; a table cell is a cell)
_WIKI_CHECKS = 40  # containers checked per page at most (each check walks its subtree)
_WIKI_HOLDERS = frozenset("body main article section div blockquote center textarea form".split())
_LINE_TAGS = BLOCK_TAGS - {"td", "th", "tr", "tbody", "thead", "tfoot", "caption"}


def wiki_text(el) -> str | None:
    """The lines of ``el`` (its text's own line breaks, a ``<br>`` or a block element a line break) when they
    hold a wiki table (:func:`wiki.wiki_tables` finds one read cell for cell) and ``el`` holds no HTML table;
    else None."""
    if next(el.iter("table"), None) is not None:
        return None
    parts: list[str] = []
    stack: list = [("enter", el)]
    while stack:  # (iterative: no recursion limit) text, each child and its tail, in document order
        event, node = stack.pop()
        if event == "text":
            parts.append(node)
            continue
        tag = _tag(node)
        if tag in SKIP_TAGS or not tag:
            continue
        line = tag == "br" or tag in _LINE_TAGS
        if line:
            parts.append("\n")
            stack.append(("text", "\n"))
        for child in reversed(node):
            if child.tail:
                stack.append(("text", child.tail))
            stack.append(("enter", child))
        if node.text:
            parts.append(node.text)
    text = "".join(parts)
    if not might_have_wiki_table(text):
        return None
    lines = text.split("\n")
    if sum(1 for x in lines if x.strip()) < 3:
        return None
    if not any(rows for _, _, rows in wiki_tables(lines, 1, "", 0)):
        return None
    return text


def blocks_from_tree(root, source: str, line_of: LineOf = _sourceline, row_hook=None, extra: dict | None = None
                     ) -> list:
    """The blocks of a parsed tree in document order (see the module docstring).  The cyclic garbage collector is
    paused meanwhile (:func:`~gongkai.readers.base.collector_paused`): the walk makes an element proxy, a cell and
    a location per cell, which form no cycles — a tenth of the walk's time went to the collector walking them."""
    walker = _Walker(source, line_of, row_hook)
    walker.images = next(root.iter("img"), None) is not None
    if extra is not None:
        walker.extra = extra
    walker.wiki = _WIKI_CHECKS if any(
        might_have_wiki_table(t) for el in root.iter() for t in ((el.tail,) if _tag(el) in SKIP_TAGS else (el.text, el.tail))
        if t and ("|" in t or "{" in t)) else 0
    token = _DOCUMENT_BUDGET.set([0])
    try:
        with collector_paused():
            walker.walk(root)
    except RecursionError:
        raise ReadError(source, "HTML 嵌套层级过深，无法读取") from None
    except DocumentTooLarge as e:
        raise ReadError(source, f"全部表格展开合并单元格后超过 {MAX_DOCUMENT_GRID_CELLS} 个位置（到第{walker.tables + 1}个表格时"
                                f"已有 {e.args[0]} 个），rowspan/colspan 数值异常，拒绝读取") from None
    except TableTooLarge as e:
        raise ReadError(source, f"第{walker.tables + 1}个表格展开合并单元格后超过 {MAX_GRID_CELLS} 个位置"
                                f"（{e.args[0]}），rowspan/colspan 数值异常，无法读取") from None
    finally:
        _DOCUMENT_BUDGET.reset(token)
    walker.flush()
    return without_row_numbers(walker.blocks)


def title_of(root) -> str:
    el = root.find(".//title")
    return clean_text("".join(el.itertext())) if el is not None else ""  # (lxml.html's text_content())


def read_html(data: bytes | str, source: str, *, max_bytes: int = MAX_BYTES) -> RawDocument:
    """Read an HTML page into a :class:`RawDocument` (``reader="html"``).

    ``data`` is the file's bytes, ``source`` the name used in locations and errors.
    ``meta`` gets ``encoding`` (the codec used) and ``declared_encoding`` (as printed, or None).
    Raises :class:`ReadError` (Chinese message naming ``source``) for empty, oversized,
    binary or undecodable input and for a page without any text or table.
    """
    if isinstance(data, str):
        text, codec, declared = data, "str", None
        check_bytes(data.encode("utf-8", "surrogatepass"), source, max_bytes)
    else:
        check_bytes(data, source, max_bytes)
        text, codec, declared = decode_bytes(data, source)
    if "<word " in text:
        if word_boxes.is_bbox(text):
            return word_boxes.read_bbox(text, source)
    if positioned.is_positioned(text):
        return positioned.read_positioned(text, source)
    root = parse_html(text, source)
    inline_srcdoc(root)  # a frame's document written in its srcdoc attribute is read where the frame is
    drop_hidden(root, data if codec in _ASCII_SAFE else text)  # what a browser does not show (CSS-hidden noise)
    show_controls(root)  # form controls print their values
    if "<pre" in text or "<PRE" in text:
        lines_of_pre(root)  # a <pre>'s lines are lines
    convert_css_tables(root, text)  # tables drawn with CSS boxes (grid, flex rows, display: table)
    extra: dict = {}
    blocks = pipe_rows(blocks_from_tree(root, source, extra=extra))
    if not blocks:
        raise ReadError(source, "页面中没有可读取的文字或表格")
    page_starts = sorted(extra.pop("page_starts", []))
    return RawDocument(source=source, blocks=blocks, reader="html", title=title_of(root),
                       meta={"encoding": codec, "declared_encoding": declared, **extra}, page_starts=page_starts)


_PIPE_TEXT = re.compile(r"^\s*\|.*\|\s*$")


def pipe_rows(blocks: list) -> list:
    """Markdown pipe-table rows printed as text in a page (a CMS that did not render the Markdown: one
    paragraph or line per row) are table rows: each becomes a :class:`RowBlock`, one table per run of
    them; delimiter rows (``|---|``) are dropped.  The page's real tables are unchanged."""
    if not any(isinstance(b, TextBlock) and "|" in b.text for b in blocks):
        return blocks
    out: list = []
    table = None
    count = 1 + max((b.table for b in blocks if isinstance(b, RowBlock) and b.table is not None), default=-1)
    for b in blocks:
        if isinstance(b, TextBlock) and _PIPE_TEXT.match(b.text) and b.text.count("|") >= 3:
            if is_delimiter_row(b.text):
                continue
            if table is None:
                table, count = count, count + 1
            cells = [RawCell(c, b.location) for c in split_pipe_row(b.text)]
            out.append(RowBlock(cells, b.location, table=table))
            continue
        table = None
        out.append(b)
    return out

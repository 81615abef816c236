"""Tables a web page draws with CSS instead of ``<table>``: turned into table markup before the page is read.

Some sites (and pages exported by editors) lay a table out with ``<div>``/``<span>`` boxes:

* a CSS grid (``display: grid; grid-template-columns: repeat(8, auto)``): the container's children are the
  cells in row order, ``grid-column: span k`` / ``grid-row: span k`` spanning columns and rows;
* rows of flex boxes (``display: flex``), each child a cell, one table per run of two or more such rows;
* the CSS table model (``display: table / table-row / table-cell``).

Read as flow text, such a table loses its cells: an empty box vanishes (so the numbers after it move left) and
boxes with no white space between them run together ("23" "11" → "2311").  :func:`convert` rewrites those
boxes in the parsed tree as ``<table>``/``<tr>``/``<td>`` (rowspan/colspan from the grid's spans) so the page's
own table reader reads them cell by cell.  Only what the page's CSS states is used: the rules of its
``<style>`` elements with simple selectors (``tag``, ``.class``, ``tag.class``) and ``style`` attributes; a
box whose layout is not certain (a grid without a fixed column count, text loose between the boxes, a flex
column) is left as it is.
"""

from __future__ import annotations

import re

#: a page is looked at only when some CSS of it names one of these layouts
LAYOUT_HINT = re.compile(r"display\s*:\s*(?:inline-)?(?:flex|grid|table)", re.I)
#: the letters besides ASCII that re's IGNORECASE matches to a letter of "display": İ and ı (i), ſ (s)
_FOLDED_LETTERS = ("\u0130", "\u0131", "\u017f")


def _may_name_display(text: str) -> bool:
    """False only when :data:`LAYOUT_HINT` cannot match ``text`` (no "display" in any case): the UTF-8 bytes
    lower-cased and searched for it — a third of the time of the case-insensitive pattern on a page of
    Chinese text, where it is tried at every character (UTF-8 puts no ASCII byte inside another character)."""
    if any(ch in text for ch in _FOLDED_LETTERS):
        return True
    return b"display" in text.encode("utf-8", "surrogatepass").lower()


_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SELECTOR = re.compile(r"^\s*([a-zA-Z][\w-]*)?((?:\.[\w-]+)*)\s*$")
_DECL = re.compile(r"([\w-]+)\s*:\s*([^;]+)")
_REPEAT = re.compile(r"repeat\(\s*(\d+)\s*,")
_SPAN = re.compile(r"span\s+(\d+)")
_LINES = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
#: at most this many columns or rows a grid is taken to have (a larger number is not a report's table)
MAX_TRACKS = 64
MAX_SPAN = 64
_TABLE_PARTS = {"table": "table", "table-row": "tr", "table-cell": "td", "table-row-group": "tbody",
                "table-header-group": "thead", "table-footer-group": "tfoot"}


def _declarations(text: str) -> dict[str, str]:
    return {m.group(1).strip().lower(): m.group(2).strip().lower() for m in _DECL.finditer(text or "")}


class Styles:
    """The declarations that apply to an element: its page's simple-selector rules, then its style attribute."""

    def __init__(self, root) -> None:
        self.rules: list[tuple[str | None, frozenset[str], dict[str, str]]] = []
        for style in root.iter("style"):
            css = _COMMENT.sub("", "".join(style.itertext()))
            for m in _RULE.finditer(css):
                decls = _declarations(m.group(2))
                if not decls:
                    continue
                for selector in m.group(1).split(","):
                    s = _SELECTOR.match(selector)
                    if s and (s.group(1) or s.group(2)):
                        classes = frozenset(c for c in s.group(2).split(".") if c)
                        self.rules.append(((s.group(1) or "").lower() or None, classes, decls))

    def of(self, el) -> dict[str, str]:
        # (not memoised by id(): lxml makes a new proxy object for a node no Python reference holds)
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        classes = set((el.get("class") or "").split())
        out: dict[str, str] = {}
        for rule_tag, rule_classes, decls in self.rules:
            if (rule_tag is None or rule_tag == tag) and rule_classes <= classes:
                out.update(decls)
        out.update(_declarations(el.get("style") or ""))
        return out


def _display(decls: dict[str, str]) -> str:
    value = decls.get("display", "")
    return value.removeprefix("inline-") if value in ("inline-flex", "inline-grid") else value


def _tracks(text: str) -> list[str]:
    """The space-separated tracks of a grid template (parentheses kept together, line names dropped)."""
    tokens, depth, token = [], 0, ""
    for ch in re.sub(r"\[[^\]]*\]", " ", text):
        depth += (ch == "(") - (ch == ")")
        if ch.isspace() and depth == 0:
            if token:
                tokens.append(token)
            token = ""
        else:
            token += ch
    return tokens + [token] if token else tokens


def _columns(template: str) -> int | None:
    """The number of columns ``grid-template-columns`` states, or None when not fixed (auto-fill, subgrid …)."""
    if not template or any(w in template for w in ("auto-fill", "auto-fit", "subgrid", "masonry", "none")):
        return None
    count = 0
    for track in _tracks(template):
        m = _REPEAT.match(track)
        if m:
            inner = len(_tracks(track[m.end():].removesuffix(")")))
            count += int(m.group(1)) * max(inner, 1)
        else:
            count += 1
    return count if 0 < count <= MAX_TRACKS else None


def _span(value: str) -> int:
    m = _SPAN.search(value or "")
    if m:
        return max(1, min(int(m.group(1)), MAX_SPAN))
    m = _LINES.match(value or "")
    if m and int(m.group(2)) > int(m.group(1)):
        return min(int(m.group(2)) - int(m.group(1)), MAX_SPAN)
    return 1


def _loose_text(el) -> bool:
    """True when ``el`` holds text outside its child elements (then its children are not all its content)."""
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


def _elements(el) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def _make(parent_tag: str, like) -> object:
    node = like.makeelement(parent_tag, {})
    if like.sourceline:
        node.sourceline = like.sourceline
    return node


def _grid(el, styles: Styles) -> bool:
    cols = _columns(styles.of(el).get("grid-template-columns", ""))
    items = _elements(el)
    if cols is None or len(items) < cols or _loose_text(el):
        return False
    occupied: set[tuple[int, int]] = set()
    rows: dict[int, list] = {}
    r = c = 0
    for item in items:
        decls = styles.of(item)
        if _display(decls) == "none":
            continue
        colspan = min(_span(decls.get("grid-column", "")), cols)
        rowspan = _span(decls.get("grid-row", ""))
        while True:  # the grid's auto-placement: the next free place, row by row
            if c + colspan > cols:
                r, c = r + 1, 0
                continue
            if any((r + dr, c + dc) in occupied for dr in range(rowspan) for dc in range(colspan)):
                c += 1
                continue
            break
        occupied.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
        rows.setdefault(r, []).append((item, rowspan, colspan))
        c += colspan
    for item in items:
        el.remove(item)
    el.text = None
    el.tag = "table"
    for r in sorted(rows):
        tr = _make("tr", rows[r][0][0])
        for item, rowspan, colspan in rows[r]:
            item.tag, item.tail = "td", None
            for name in ("rowspan", "colspan"):
                item.attrib.pop(name, None)
            if rowspan > 1:
                item.set("rowspan", str(rowspan))
            if colspan > 1:
                item.set("colspan", str(colspan))
            tr.append(item)
        el.append(tr)
    return True


def _is_flex_row(el, styles: Styles) -> bool:
    decls = styles.of(el)
    return (_display(decls) == "flex" and not decls.get("flex-direction", "").startswith("column")
            and len(_elements(el)) >= 2 and not _loose_text(el))


def _flex_rows(parent, styles: Styles) -> int:
    """Runs of two or more flex rows among ``parent``'s children, each made a table; returns how many."""
    made = 0
    children = _elements(parent)
    i = 0
    while i < len(children):
        j = i
        while j < len(children) and _is_flex_row(children[j], styles):
            j += 1
        if j - i >= 2:
            run = children[i:j]
            table = _make("table", run[0])
            parent.insert(parent.index(run[0]), table)
            table.tail = run[-1].tail
            for row in run:
                parent.remove(row)
                row.tag, row.tail, row.text = "tr", None, None
                for cell in _elements(row):
                    cell.tag, cell.tail = "td", None
                table.append(row)
            made += 1
        i = max(j, i + 1)
    return made


def convert(root, html_text: str) -> int:
    """Rewrite the CSS-drawn tables of a parsed page as table markup (in place); returns how many were found.
    Costs nothing for a page whose CSS names no grid, flex or table layout."""
    if not _may_name_display(html_text) or not LAYOUT_HINT.search(html_text):
        return 0
    styles = Styles(root)
    made = 0
    parents = set()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.tag in ("table", "tr", "td", "th", "tbody", "thead", "tfoot"):
            continue
        display = _display(styles.of(el))
        if display == "grid":
            made += _grid(el, styles)
        elif display == "flex":
            parent = el.getparent()
            if parent is not None:
                parents.add(parent)
        elif display in _TABLE_PARTS:
            el.tag = _TABLE_PARTS[display]
            made += display == "table"
    for parent in parents:
        made += _flex_rows(parent, styles)
    for table in root.iter("table"):  # CSS table cells straight in a CSS table: one anonymous row (CSS 2.1 §17.2.1)
        cells = [c for c in table if c.tag == "td"]
        if cells and len(cells) == len(_elements(table)):
            tr = _make("tr", cells[0])
            for cell in cells:
                table.remove(cell)
                tr.append(cell)
            table.append(tr)
    return made

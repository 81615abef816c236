"""What the PDF reader needs of a page, from PDFium (pypdfium2): word boxes and the drawn cell borders.

PDFium parses and lays out a page in C; pdfminer (under pdfplumber) does the same in Python and took 95 %
of the reader's time (issue 16).  The geometry stays pdfplumber's, so the reader's rules keep their
meaning and nothing is read differently:

* **characters**: x0/x1 and the bottom from PDFium's *loose* character box (the advance width and the
  font's descent, as pdfminer's ``LTChar``); the top is the bottom minus the font size in page units
  (pdfminer's box is one em high, PDFium's loose box runs from the descent to the ascent);
* **words**: pdfplumber's ``extract_words`` rules with its defaults (``x_tolerance=3, y_tolerance=3``,
  no blank characters): characters are clustered into lines by their top (chains 3 pt apart), sorted
  by x0, and a word ends at a space, a step back, or a gap of more than 3 pt;
* **edges**: every path object drawn (filled or stroked; a clipping path is none), split into subpaths
  as pdfminer does (``PDFLayoutAnalyzer.paint_path``): a two-point subpath is a *line*, whose edge
  pdfplumber calls horizontal when both ends are level and vertical otherwise; any other subpath gives
  an edge per pair of consecutive points (Bézier control points skipped, a closing ``h`` back to the
  start), kept when it is horizontal or vertical;
* **tables**: pdfplumber's own ``lines`` strategy on those edges (snap, join, length filter,
  intersections, cells, tables — :mod:`pdfplumber.table`, default settings), so the cells are exactly
  the ones pdfplumber finds.

What PDFium cannot be asked and pdfplumber is still used for: nothing; the table construction from edges
follows pdfplumber's code step by step (the tests compare the two on ruling lines of every kind).
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import math
import operator
import re
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as c

# pdfplumber's extract_words defaults (pdfplumber.utils.text)
# the characters asked apart in the loop over a page's characters: every character ``str.isspace`` calls a space
# (Unicode's White_Space and the C0 separators \x1c–\x1f; the table is that of the Unicode database, checked
# against ``str.isspace`` over every code point by tests/readers/test_pdf_page.py — spelt out because asking
# all 1.1 million code points took 0.1–0.2 s at the start of every program that reads a PDF) and PDFium's marks
_SPACE_RANGES = ((0x09, 0x0D), (0x1C, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
                 (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000))
_SPACES = frozenset(chr(k) for lo, hi in _SPACE_RANGES for k in range(lo, hi + 1))  # the characters str.isspace calls one
_SPECIAL = frozenset({chr(k) for lo, hi in _SPACE_RANGES for k in range(lo, hi + 1)} | {"\x00", "\x02", "\ufffe"})
X_TOLERANCE = 3  # a gap wider than this (pt) between two characters ends a word
Y_TOLERANCE = 3  # characters whose tops are within this (pt, chained) are on one line
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
# pdfplumber's table settings (pdfplumber.table.TableSettings defaults, "lines" strategy)
SNAP_TOLERANCE = 3  # edges this close (pt) across their direction are moved onto one line
JOIN_TOLERANCE = 3  # collinear edges with a gap up to this (pt) are joined into one
EDGE_MIN_LENGTH_PREFILTER = 1  # edges shorter than this (pt) are dropped before snapping
EDGE_MIN_LENGTH = 3  # … and shorter than this after joining
INTERSECTION_TOLERANCE = 3  # a vertical and a horizontal edge this close (pt) meet
VERTICAL_BOX = 3  # a loose character box wider than this many ems is PDFium's box of a vertical-font character
# a font whose metrics give no box a reader could place has its characters' boxes taken from the baseline, one em
# high, as for a font without metrics (:func:`unmeasured_fonts`; pdfminer's box where the descent is 0):
# * its descent reaches further below the baseline than this many ems: the descriptor names the whole glyph box's
#   depth (pdftocairo's re-embedded CJK fonts: Descent -1049, Ascent 1809), and pdfminer's box (one em above the
#   descent) would lie almost all below the baseline, a line lower than the glyphs;
# * its ascent is not above its descent (pdftocairo's Type 3 fonts, one per few glyphs: -121 and 847): PDFium's
#   box then follows each font's glyphs, and characters of one line stood up to a few points apart
DEEP_DESCENT = 0.5
MAX_FORM_DEPTH = 15  # Form XObjects nested deeper than this are not searched for edges (pypdfium2's default)


# PDFium is not thread-safe (one library state for all documents); the web server reads uploads in threads,
# so every use of it — open, read pages, close — holds this lock.  Processes (``gongkai audit -j``) each
# have their own PDFium and do not wait for one another.
PDFIUM_LOCK = threading.RLock()


@dataclass
class PageContent:
    """A page's words as (text, x0, x1, top, bottom) in points from the top-left corner, and its edges."""

    width: float
    height: float
    words: list[tuple[str, float, float, float, float]]
    edges: list[list]  # [x0, top, x1, bottom, width, height, "h" or "v"]
    #: numbers left out because the page cuts them: part of their text lies outside the clip of the text it is
    #: in (a browser's print of a table wider than the paper: "134" shows as "13")
    clipped: list[tuple[str, float, float, float, float]] = ()


def open_document(data: bytes) -> pdfium.PdfDocument:
    """PDFium's document for ``data`` (raises :class:`pypdfium2.PdfiumError` with PDFium's error code)."""
    return pdfium.PdfDocument(data)


def is_password_error(exc: Exception) -> bool:
    return "password" in str(exc).lower()


_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()%]+)")
_NAME_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
_SUBSET_TAG = re.compile(rb"^[A-Z]{6}\+")
_METRIC = re.compile(rb"/(Ascent|Descent)\s+(-?[\d.]+)")


def unmeasured_fonts(data: bytes) -> set[str]:
    """Names of the fonts whose descriptor gives no Ascent and no Descent (or 0 for both; LibreOffice writes
    that).  pdfminer then takes the descent as 0 — the character box starts at the baseline — where PDFium
    measures the glyphs; the reader follows pdfminer.  Descriptors inside compressed object streams are not
    seen (their fonts keep PDFium's descent); a few KB around each /FontName are searched, not parsed."""
    zero, measured = set(), set()
    for m in _FONT_NAME.finditer(data):
        start = data.rfind(b" obj", max(0, m.start() - 2048), m.start())
        end = data.find(b"endobj", m.end(), m.end() + 2048)
        if start < 0 or end < 0 or b"/FontDescriptor" not in data[start:end]:
            continue
        metrics = {k: float(v) for k, v in _METRIC.findall(data[start:end]) if v.strip(b".-")}
        name = _NAME_ESCAPE.sub(lambda e: bytes([int(e.group(1), 16)]), m.group(1))
        name = _SUBSET_TAG.sub(b"", name).decode("utf-8", "replace")  # PDFium names fonts without the tag
        (zero if not metrics.get(b"Ascent") and not metrics.get(b"Descent") else measured).add(name)
    return zero - measured


# ctypes array types made once and kept: ctypes makes a type for ``c_char * n`` (a hundred times the cost of
# the buffer) and keeps it only while something refers to it; a type is a cycle of objects, so each garbage
# collection between two reads would free it and the next read make it again
_FLOATS_2, _FLOATS_4, _FLOATS_10, _INTS_2 = ctypes.c_float * 2, ctypes.c_float * 4, ctypes.c_float * 10, ctypes.c_int * 2
_BUFFER_TYPES: dict[int, type] = {}


def _buffer(size: int):
    """A zeroed buffer of at least ``size`` bytes, its size a power of two (:data:`_BUFFER_TYPES`: a type per
    size, kept)."""
    n = 1 << max(8, (size - 1).bit_length())
    kind = _BUFFER_TYPES.get(n)
    if kind is None:
        kind = _BUFFER_TYPES[n] = ctypes.c_char * n
    return kind()


def metadata_value(doc: pdfium.PdfDocument, key: str) -> str:
    """pypdfium2's ``get_metadata_value`` (the same value, the same errors) into a buffer of :func:`_buffer`."""
    from codecs import decode

    enc_key = (key + "\x00").encode("utf-8")
    n = c.FPDF_GetMetaText(doc, enc_key, None, 0)
    buf = _buffer(n)
    c.FPDF_GetMetaText(doc, enc_key, buf, n)
    return decode(memoryview(buf)[:n][:n - 2], "utf-16-le")


# what could put a character's origin off its text matrix's baseline: a font written vertically (a CMap named
# "…-V", one of its own, /WMode), a Form XObject (PDFium gives an ActualText character in a form the origin
# before the form's matrix), objects compressed out of sight (/ObjStm), names spelt with "#" escapes
_OFF_BASELINE = re.compile(rb"/ObjStm|/WMode|/Subtype\s*/Form|/[A-Za-z0-9_.+-]*#[0-9A-Fa-f]{2}"
                           rb"|/Encoding\s*(?:/[A-Za-z0-9_.+-]*-V(?![A-Za-z0-9_.+#-])|\d+\s+\d+\s+R)")


def level_baselines(data: bytes) -> bool:
    """Whether every character PDFium reads from ``data`` has its origin's y at its matrix's ``f`` when the
    matrix does not shear (``b == 0``): PDFium places a character of a horizontal font at (its advance, 0)
    in the text object's matrix, so its origin's y is ``b·x + f``.  The reader then takes a baseline from
    the matrix it reads anyway instead of asking the origin (a call per character); the first character of
    each style is still asked, and a style whose origin is not at ``f`` is asked character by character.
    False when the file holds anything that could place an origin elsewhere (:data:`_OFF_BASELINE`)."""
    return _OFF_BASELINE.search(data) is None


def _font_name(text_object) -> str:
    font = c.FPDFTextObj_GetFont(text_object)
    if not font:
        return ""
    size = c.FPDFFont_GetBaseFontName(font, None, 0)
    buf = _buffer(max(1, size))
    c.FPDFFont_GetBaseFontName(font, buf, size)
    return buf.value.decode("utf-8", "replace")


def _fast(function, restype, *argtypes):
    """``function`` of PDFium called through a bare prototype (pointers as integers): pypdfium2's typed
    bindings convert every argument, which for a call per character costs more than the call itself."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


class _Pointer(ctypes.c_void_p):
    """A pointer PDFium returns to a bare call (:func:`_bare`), kept as a ctypes value to be passed on as it is
    (ctypes turns a returned ``c_void_p`` into an int, not a subclass of it)."""


def _bare(function, restype=ctypes.c_int):
    """``function`` of PDFium through a prototype without argument types, for the calls made per character
    or per path segment: ctypes then converts no argument (a third of such a call's cost).  Each argument
    must be what C expects without conversion: a pointer a ``c_void_p`` value (an out-parameter the
    ``c_void_p`` of its buffer's address), an ``int`` parameter a Python int (passed as C int)."""
    return ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


_VP, _INT = ctypes.c_void_p, ctypes.c_int
_text_object = _bare(c.FPDFText_GetTextObject, _VP)  # (text page, index): the object's address, an int (or None)
_loose_box = _bare(c.FPDFText_GetLooseCharBox)  # (text page, index, FS_RECTF*)
_is_generated = _bare(c.FPDFText_IsGenerated)  # (text page, index)
_matrix = _bare(c.FPDFText_GetMatrix)  # (text page, index, FS_MATRIX*)
_font_size = _bare(c.FPDFText_GetFontSize, ctypes.c_double)  # (text page, index)
_text_font = _fast(c.FPDFTextObj_GetFont, _VP, _VP)  # (text object's address): the font's address, an int (or None)
_glyph_width = _bare(c.FPDFFont_GetGlyphWidth)  # (font, uint32 character, float size, float* width)
_EM = ctypes.c_float(1000.0)  # the size glyph widths are asked in (1/1000 em; a c_float: a bare call passes it as float)
_origin = _bare(c.FPDFText_GetCharOrigin)  # (text page, index, double* x, double* y)
_get_text = _bare(c.FPDFText_GetText)  # (text page, start, count, unsigned short* buffer)
_get_unicode = _bare(c.FPDFText_GetUnicode, ctypes.c_uint)  # (text page, index)
# pages and text pages opened and closed by bare calls (pypdfium2's objects for them register finalizers)
_load_page = _bare(c.FPDF_LoadPage, _Pointer)  # (document, index)
_close_page = _bare(c.FPDF_ClosePage, None)  # (page)
_load_text_page = _bare(c.FPDFText_LoadPage, _Pointer)  # (page)
_close_text_page = _bare(c.FPDFText_ClosePage, None)  # (text page)
_count_chars = _bare(c.FPDFText_CountChars)  # (text page)
_media_box = _bare(c.FPDFPage_GetMediaBox)  # (page, float* left, float* bottom, float* right, float* top)


def _chars(page_p: int, n: int, left: float, top_edge: float, unmeasured: set[str], level: bool = False
           ) -> list[tuple]:
    """Characters as (text, x0, x1, top, bottom, upright), in content order, PDFium's generated spaces and
    line breaks left out (pdfplumber sees only the characters the page draws).  A character that is not upright
    also carries its turn (:func:`_turn`), its origin (x, y from the top), its em across its line and whether its
    font's boxes start at the baseline: what :func:`_turned_chars` needs to read a turned page.

    A character costs two calls (its loose box, its matrix, written side by side into one buffer and read
    back in one go); what is the same for a run of characters in one font and size is asked once
    (:func:`_style`), and so is a character's advance in one style."""
    page_v = _VP(page_p)  # the text page (``page_p``: its address)
    buf = _buffer(2 * (n + 1))
    got = _get_text(page_v, 0, n, _VP(ctypes.addressof(buf)))
    text = buf.raw[:2 * max(0, got - 1)].decode("utf-16-le", errors="surrogatepass")
    if len(text) != n:  # characters beyond the BMP take two UTF-16 units: ask one by one
        text = "".join(chr(_get_unicode(page_v, i)) for i in range(n))
    # one buffer: the loose box (left, top, right, bottom: FS_RECTF) then the matrix (a … f: FS_MATRIX)
    values = _FLOATS_10()
    rect_p = ctypes.addressof(values)
    m_p = rect_p + ctypes.sizeof(c.FS_RECTF)
    floats = memoryview(values).cast("B").cast("f")
    read, read_box = floats.tolist, floats[:4].tolist  # the box and the matrix, or the box alone
    width = ctypes.c_float()
    width_v = _VP(ctypes.addressof(width))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    # the arguments of the bare calls (:func:`_bare`)
    rect_v, m_v = _VP(rect_p), _VP(m_p)
    ox_v, oy_v = _VP(ctypes.addressof(ox)), _VP(ctypes.addressof(oy))
    widths: dict[int | None, dict] = {}  # font address → {character: advance in 1/1000 em, or None}
    advances_of: dict[tuple, dict] = {}  # (font address, em along) → {character: advance in points}
    baseline_fonts: dict[int | None, bool] = {}  # font address → its boxes start at the baseline (``unmeasured``)
    out: list[tuple] = []
    append = out.append
    ligatures = LIGATURES
    loose_box, matrix, origin, glyph_width, is_generated = _loose_box, _matrix, _origin, _glyph_width, _is_generated
    special = _SPECIAL
    if ligatures.keys().isdisjoint(text):
        ligatures = {}  # no character to respell: the lookup below finds none at once
    of_style: dict[tuple, tuple] = {}  # (font address, size, matrix) → the style's values
    text_object, text_font, font_size = _text_object, _text_font, _font_size
    lfont = lsize = None  # the last object's font and size
    la = lb = lc = ld = le = lf = last_info = None  # the last character's matrix and style
    lobj = None  # the last character's text object (its address)
    lx0_ = ltop_ = lx1_ = lbottom_ = None  # the last character's loose box
    for i, ch in enumerate(text):
        space = False
        if ch in special:  # a space, a line break, PDFium's marks
            space = ch.isspace()
            if ch in "\x02\ufffe":  # PDFium's mark for a hyphen drawn at a line's end: the page draws "-"
                ch = "-"
            elif ch in "\r\n\x00" or is_generated(page_v, i):
                continue
        loose_box(page_v, i, rect_v)
        obj = text_object(page_v, i)
        # the matrix is the text object's (PDFium gives every character of an object its object's matrix): asked
        # when the object changes (a character without one: each time), not for every character
        if obj is not None and obj == lobj:
            lx0, ltop, lx1, lbottom = read_box()
        else:
            lobj = obj
            matrix(page_v, i, m_v)
            lx0, ltop, lx1, lbottom, a, b, cc, d, e, f = read()
            bottom_f = top_edge - f
            # what is the same for the characters of one text object (one font, one size): asked once per object
            # (PDFium's text object and font size calls cost several times a character's box).  PDFium gives each
            # character its text object's matrix, whose (e, f) is where the object starts: a character whose
            # matrix is the last one's is in the last one's object (two objects drawn from one point in one
            # matrix would share a style here: no PDF of the corpus or of tools/pdf_cells_dump.py's set has any).
            # Not the box height: where a font has no ascent or descent, PDFium's boxes are as high as each
            # glyph, and objects of other fonts and sizes share heights.
            if f != lf or e != le or a != la or d != ld or b != lb or cc != lc:  # a new object: its style
                font_key = text_font(obj) if obj else None
                size = font_size(page_v, i)
                # kept by font, size and matrix: objects of one style share its values and its advances (an object
                # in the last one's font, size and matrix, as where each glyph is an object of its own: the same)
                if font_key != lfont or size != lsize or a != la or d != ld or b != lb or cc != lc:
                    lfont, lsize = font_key, size
                    at = (font_key, size, a, b, cc, d)
                    info = of_style.get(at)
                    if info is None:
                        upright, em, em_along, at_baseline = _style(size, (a, b, cc, d), _VP(obj), font_key,
                                                                    unmeasured, baseline_fonts)
                        info = of_style[at] = (
                            upright, em, em_along, font_key and _VP(font_key), at_baseline, VERTICAL_BOX * em,
                            widths.setdefault(font_key, {}), advances_of.setdefault((font_key, em_along), {}),
                            [None if level and b == 0.0 else False])
                    if info is not last_info:
                        last_info = info
                        upright, em, em_along, font_v, at_baseline, vertical_width, font_widths, advances, on_f = info
                la, lb, lc, ld, le, lf = a, b, cc, d, e, f
        if lx0 == lx0_ and ltop == ltop_ and lx1 == lx1_ and lbottom == lbottom_ and out and not space:
            prev = out[-1]  # PDFium spells a ligature glyph ("ﬁ") as its letters, each with the glyph's box
            out[-1] = (prev[0] + ch, prev[1], max(prev[2], lx1 - left), *prev[3:])
            continue
        lx0_, ltop_, lx1_, lbottom_ = lx0, ltop, lx1, lbottom
        x0, x1 = lx0 - left, lx1 - left
        if upright:
            span = x1 - x0
            if span > vertical_width:
                # a vertical font (Identity-V, WPS's vertical cell labels): PDFium's loose box is not scaled by
                # the text matrix; pdfminer's box is one em square below and right of the (shifted) origin
                origin(page_v, i, ox_v, oy_v)
                x0, x1 = ox.value - left, ox.value - left + em
                bottom = top_edge - oy.value
            else:
                # PDFium's loose box runs to the glyph's right edge where it passes the advance; pdfminer's
                # box ends at the advance (the font's width for the character, 0 when the font has none)
                advance = advances.get(ch)
                if advance is None:
                    w = font_widths.get(ch, 0.0)
                    if w == 0.0:
                        w = width.value if font_v and glyph_width(font_v, ord(ch), _EM, width_v) else None
                        font_widths[ch] = w
                    advance = advances[ch] = 0.0 if w is None else w * em_along / 1000
                if 0 < advance < span - 0.01:  # the glyph overshoots its advance: its origin asked
                    origin(page_v, i, ox_v, oy_v)
                    x0 = ox.value - left
                    x1 = x0 + advance
                    if at_baseline:
                        bottom = top_edge - oy.value
                        if on_f[0] is None:  # the style's first character shows whether its origin is at f
                            on_f[0] = oy.value == f
                    else:
                        bottom = top_edge - lbottom
                elif not at_baseline:
                    bottom = top_edge - lbottom
                elif on_f[0]:
                    bottom = bottom_f  # the origin's y: the matrix's f (:func:`level_baselines`)
                else:
                    origin(page_v, i, ox_v, oy_v)
                    bottom = top_edge - oy.value
                    if on_f[0] is None:  # the style's first character shows whether its origin is at f
                        on_f[0] = oy.value == f
            top = bottom - em  # pdfminer: one em above the descent
        else:
            bottom = top_edge - lbottom
            top = top_edge - ltop
            # a turned character: its turn, origin and em kept, to read the page turned when most of it is so
            origin(page_v, i, ox_v, oy_v)
            append((ligatures.get(ch, ch) if ligatures else ch, x0, x1, top, bottom, False, _turn(la, lb),
                    ox.value - left, top_edge - oy.value, em, at_baseline))
            continue
        append((ligatures.get(ch, ch) if ligatures else ch, x0, x1, top, bottom, upright))
    return out


def _style(size: float, matrix: tuple, key: _Pointer, font_key: int | None, unmeasured: set[str],
           baseline_fonts: dict) -> tuple:
    """(upright, em across, em along, boxes start at the baseline) of a text object (``key``, its font's address
    ``font_key``) of font size ``size`` in ``matrix``."""
    a, b, cc, d = matrix
    if font_key not in baseline_fonts:
        name = _font_name(ctypes.cast(key, c.FPDF_PAGEOBJECT)) if font_key and unmeasured else ""
        baseline_fonts[font_key] = any(name == u or name.startswith(u + "-") for u in unmeasured) or (
            bool(font_key) and _unplaceable_metrics(font_key))
    if a * d > 0 and b * cc <= 0:
        return True, size * abs(d), size * abs(a), baseline_fonts[font_key]
    return False, size * math.hypot(cc, d), size * math.hypot(a, b), baseline_fonts[font_key]


def _turn(a: float, b: float) -> int:
    """How far (degrees counter-clockwise, a quarter turn at a time) text whose matrix starts ``a b`` runs turned
    from left to right: 90 up the page, 180 upside down, 270 down the page."""
    if a > abs(b):
        return 0
    if -a > abs(b):
        return 180
    return 90 if b > 0 else 270


def _unplaceable_metrics(font_key: int) -> bool:
    """Whether the font (its address) descends more than :data:`DEEP_DESCENT` ems below the baseline or its ascent
    is not above its descent, as PDFium reads them (asked once per font)."""
    descent, ascent = ctypes.c_float(), ctypes.c_float()
    font = ctypes.cast(font_key, c.FPDF_FONT)
    if not c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), ctypes.byref(descent)):
        return False
    if descent.value < -1000 * DEEP_DESCENT:
        return True
    return (bool(c.FPDFFont_GetAscent(font, ctypes.c_float(1000.0), ctypes.byref(ascent)))
            and ascent.value <= descent.value)


def _cluster_values(values, tolerance: float) -> dict:
    """pdfplumber's make_cluster_dict: sorted distinct values, chained while within ``tolerance``."""
    index: dict = {}
    k = -1
    last = None
    for v in sorted(values if type(values) is set else set(values)):
        if last is None or v > last + tolerance:
            k += 1
        index[v] = k
        last = v
    return index


_X0 = operator.itemgetter(1)
_TOP = operator.itemgetter(3)
_UPRIGHT = operator.itemgetter(5)


def _words(chars: list[tuple]) -> list[tuple]:
    """pdfplumber's WordExtractor with its defaults (horizontal text left to right, rotated text top to
    bottom), on characters in content order: lines by top (chained within ``Y_TOLERANCE``), characters by
    x0, a word ending at a space, a step back or a gap over ``X_TOLERANCE``."""
    words: list = []  # (text, x0, x1, top, bottom): tuples, and lists for rotated words
    append = words.append
    x_tolerance, y_tolerance = X_TOLERANCE, Y_TOLERANCE
    spaces = _SPACES
    # runs of upright and of rotated characters (a page of upright ones, as most are, is one run)
    runs = [(True, chars)] if all(map(_UPRIGHT, chars)) else itertools.groupby(chars, key=_UPRIGHT)
    for upright, group in runs:
        if not upright:
            words += _rotated_words(list(group))
            continue
        group = group if type(group) is list else list(group)
        index = _cluster_values(set(map(_TOP, group)), Y_TOLERANCE)
        lines: dict[int, list] = {}
        top = line = None
        for ch in group:  # a line's characters come in runs of one top: its list looked up once a run
            if ch[3] != top:
                top = ch[3]
                line = lines.get(index[top])
                if line is None:
                    line = lines[index[top]] = []
            line.append(ch)
        for k in sorted(lines):
            # the word being read (``open_``: there is one) in locals: its text, x0, x1, top, bottom; characters
            # come by x0, so the first one's x0 is the word's
            open_ = False
            wt, wx0, wx1, wtop, wbottom = "", 0.0, 0.0, 0.0, 0.0
            px0 = px1 = ptop = 0.0
            line = lines[k]
            line.sort(key=_X0)
            for t, x0, x1, top, bottom, _ in line:
                if t in spaces:  # t.isspace(): a space (a ligature's letters are no space)
                    if open_:
                        append((wt, wx0, wx1, wtop, wbottom))
                        open_ = False
                    continue
                dy = top - ptop  # abs(dy) > y_tolerance, without the call
                if open_ and not (x0 < px0 or x0 > px1 + x_tolerance or dy > y_tolerance or dy < -y_tolerance):
                    wt += t
                    if x1 > wx1:  # max(), min(): the same values, without the calls
                        wx1 = x1
                    if top < wtop:
                        wtop = top
                    if bottom > wbottom:
                        wbottom = bottom
                else:
                    if open_:
                        append((wt, wx0, wx1, wtop, wbottom))
                    wt, wx0, wx1, wtop, wbottom = t, x0, x1, top, bottom
                    open_ = True
                px0, px1, ptop = x0, x1, top
            if open_:
                append((wt, wx0, wx1, wtop, wbottom))
    # PDFium computes in single precision: round to 1/1000 pt, so a gap of exactly a quarter em (LibreOffice's
    # space between "2024" and "年") stays exactly that, as pdfminer's double precision has it
    # (the words of a line share their top and bottom: those are rounded once each)
    rounded: dict[float, float] = {}
    get = rounded.get
    out = []
    add = out.append
    floor = math.floor
    for text, x0, x1, top, bottom in words:
        t = get(top)
        if t is None:
            t = rounded[top] = round(top, 3)
        b = get(bottom)
        if b is None:
            b = rounded[bottom] = round(bottom, 3)
        # round_3(x0), round_3(x1), its quick path inlined (a call each per word)
        y = x0 * 1000.0
        if -1e9 < y < 1e9:
            n = floor(y + 0.5)
            x0 = n / 1000 if n and -0.499999 < y - n < 0.499999 else round(x0, 3)
        else:
            x0 = round(x0, 3)
        y = x1 * 1000.0
        if -1e9 < y < 1e9:
            n = floor(y + 0.5)
            x1 = n / 1000 if n and -0.499999 < y - n < 0.499999 else round(x1, 3)
        else:
            x1 = round(x1, 3)
        add((text, x0, x1, t, b))
    return out


def round_3(x: float, floor=math.floor) -> float:
    """``round(x, 3)``, the same value to the last bit, at half its cost (Python's finds the decimal digits
    with dtoa and reads them back).  ``x·1000`` computed in floating point (and ``+ 0.5``) is within 2⁻²² of
    the exact value for any coordinate below 10⁶, so where it lies more than 10⁻⁶ from a half, ``n`` is the
    exact product's nearest integer — the decimal digits ``round`` finds — and ``n / 1000`` (a correctly
    rounded division of two exact integers) is the double nearest that decimal, which ``round`` returns.
    Near a half, at zero (``round`` keeps the sign of -0.0), for a huge value, a NaN or an infinity: ``round``."""
    y = x * 1000.0
    if -1e9 < y < 1e9:
        n = floor(y + 0.5)
        if n and -0.499999 < y - n < 0.499999:
            return n / 1000
    return round(x, 3)


def _rotated_words(group: list[tuple]) -> list[list]:
    """Words of rotated characters: lines by x0, characters top to bottom (pdfplumber's default for them)."""
    index = _cluster_values([ch[1] for ch in group], X_TOLERANCE)
    lines: dict[int, list] = {}
    for ch in group:
        lines.setdefault(index[ch[1]], []).append(ch)
    words = []
    for k in sorted(lines):
        current: list = []
        for ch in sorted(lines[k], key=lambda ch: (ch[3], ch[4])):
            if ch[0].isspace():
                if current:
                    words.append(current)
                current = []
            elif current and ((prev := current[-1])[3] > ch[3] or ch[3] > prev[4] + Y_TOLERANCE
                              or abs(ch[1] - prev[1]) > X_TOLERANCE):
                words.append(current)
                current = [ch]
            else:
                current.append(ch)
        if current:
            words.append(current)
    return [["".join(ch[0] for ch in w), min(ch[1] for ch in w), max(ch[2] for ch in w),
             min(ch[3] for ch in w), max(ch[4] for ch in w)] for w in words]


def _mul(m1: tuple, m2: tuple) -> tuple:
    """The matrix ``m1`` then ``m2`` (PDF's row-vector convention: [a b c d e f])."""
    a, b, cc, d, e, f = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a * a2 + b * c2, a * b2 + b * d2, cc * a2 + d * c2, cc * b2 + d * d2, e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2)


def _edge(p0, p1, orientation: str | None) -> list | None:
    """An edge as [x0, top, x1, bottom, width, height, orientation] (pdfplumber's edge fields)."""
    if orientation is None:
        return None
    (a, b), (a2, b2) = p0, p1
    x0, x1 = (a2 if a2 < a else a), (a2 if a2 > a else a)  # min() and max() of the two, without the calls
    top, bottom = (b2 if b2 < b else b), (b2 if b2 > b else b)
    return [x0, top, x1, bottom, x1 - x0, bottom - top, orientation]


def _subpath_edges(shape: str, pts: list) -> list[list]:
    """pdfminer's reading of one subpath (``paint_path``) turned into pdfplumber's edges."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-1]
    if shape in ("ml", "mlh"):  # an LTLine: pdfplumber's line_to_edge calls any line not level "v"
        e = _edge(pts[0], pts[1], "h" if pts[0][1] == pts[1][1] else "v")
        return [e]
    out = []
    for p0, p1 in zip(pts, pts[1:]):  # LTRect's four sides and LTCurve's point pairs alike
        e = _edge(p0, p1, "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None))
        if e is not None:
            out.append(e)
    return out


# bare calls (:func:`_bare`): a call per page object and per path segment
_count_objects = _bare(c.FPDFPage_CountObjects)  # (page)
_get_object = _bare(c.FPDFPage_GetObject, _Pointer)  # (page, index)
_form_count_objects = _bare(c.FPDFFormObj_CountObjects)  # (form object)
_form_get_object_at = _bare(c.FPDFFormObj_GetObject, _Pointer)  # (form object, unsigned long index)
_object_type = _bare(c.FPDFPageObj_GetType)  # (page object)
_object_matrix_of = _bare(c.FPDFPageObj_GetMatrix)  # (page object, FS_MATRIX*)
_draw_mode = _bare(c.FPDFPath_GetDrawMode)  # (path, int* fill mode, int* stroke)
_count_segments = _bare(c.FPDFPath_CountSegments)  # (path)
_segment = _bare(c.FPDFPath_GetPathSegment, _Pointer)  # (path, index)
_segment_point = _bare(c.FPDFPathSegment_GetPoint)  # (segment, float* x, float* y)
_segment_type = _bare(c.FPDFPathSegment_GetType)  # (segment)
_segment_close = _bare(c.FPDFPathSegment_GetClose)  # (segment)
_object_bounds = _bare(c.FPDFPageObj_GetBounds)  # (page object, float* left, bottom, right, top)
_clip_path = _bare(c.FPDFPageObj_GetClipPath, _Pointer)  # (page object)
_clip_count_paths = _bare(c.FPDFClipPath_CountPaths)  # (clip)
_clip_count_segments = _bare(c.FPDFClipPath_CountPathSegments)  # (clip, path index)
_clip_segment = _bare(c.FPDFClipPath_GetPathSegment, _Pointer)  # (clip, path index, segment index)


def _form_get_object(form, i: int):
    return _form_get_object_at(form, ctypes.c_ulong(i))  # an unsigned long: passed as one, not as a C int


_MOVETO, _BEZIERTO = c.FPDF_SEGMENT_MOVETO, c.FPDF_SEGMENT_BEZIERTO


class _PathReader:
    """Reusable out-parameters for the path calls (one set per page)."""

    def __init__(self):
        self.ints = _INTS_2()
        self.point = _FLOATS_2()
        self.point_floats = memoryview(self.point).cast("B").cast("f")
        self.matrix = c.FS_MATRIX()
        self.fill_p = _VP(ctypes.addressof(self.ints))
        self.stroke_p = _VP(self.fill_p.value + ctypes.sizeof(ctypes.c_int))
        self.x_p = _VP(ctypes.addressof(self.point))
        self.y_p = _VP(self.x_p.value + ctypes.sizeof(ctypes.c_float))
        self.matrix_p = _VP(ctypes.addressof(self.matrix))
        self.matrix_floats = memoryview(self.matrix).cast("B").cast("f")

    def object_matrix(self, obj: _Pointer) -> tuple:
        if not _object_matrix_of(obj, self.matrix_p):
            return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return tuple(self.matrix_floats.tolist())

    def edges(self, obj: _Pointer, matrix: tuple, left: float, top_edge: float) -> list[list]:
        if _draw_mode(obj, self.fill_p, self.stroke_p) and not self.ints[0] and not self.ints[1]:
            return []  # a path neither filled nor stroked draws nothing (pdfminer skips "n")
        a, b, cc, d, e, f = matrix
        edges: list[list] = []
        shape = ""
        pts: list = []
        pending_curve = 0
        point = self.point_floats
        x_p, y_p = self.x_p, self.y_p
        segment, segment_point, segment_type, segment_close = _segment, _segment_point, _segment_type, _segment_close
        for i in range(_count_segments(obj)):
            seg = segment(obj, i)
            segment_point(seg, x_p, y_p)
            kind = segment_type(seg)
            px, py = point.tolist()
            xy = (a * px + cc * py + e - left, top_edge - (b * px + d * py + f))
            if kind == _MOVETO:
                if shape:
                    edges += _subpath_edges(shape, pts)
                shape, pts, pending_curve = "m", [xy], 0
            elif kind == _BEZIERTO:
                pending_curve += 1
                if pending_curve % 3 == 0:  # the curve's end point; its two control points are not pdfminer's pts
                    shape += "c"
                    pts.append(xy)
            else:
                shape += "l"
                pts.append(xy)
            if segment_close(seg) and shape:
                shape += "h"
                pts.append(pts[0])
        if shape:
            edges += _subpath_edges(shape, pts)
        return edges


def _edges(page_p: int, left: float, top_edge: float) -> list[list]:
    edges: list[list] = []
    reader = _PathReader()

    object_type, path, form = _object_type, c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_FORM

    def walk(count, get, parent: _VP, outer: tuple | None, depth: int):
        n = count(parent)
        # every object asked for its type (a page of one text object per glyph has thousands): by map, no loop
        objects = list(map(get, itertools.repeat(parent, n), range(n)))
        for obj, kind in zip(objects, map(object_type, objects)):
            if kind == path:
                m = reader.object_matrix(obj)
                edges.extend(reader.edges(obj, m if outer is None else _mul(m, outer), left, top_edge))
            elif kind == form and depth < MAX_FORM_DEPTH:
                m = reader.object_matrix(obj)
                walk(_form_count_objects, _form_get_object, obj, m if outer is None else _mul(m, outer), depth + 1)

    walk(_count_objects, _get_object, _VP(page_p), None, 0)
    return edges


def read_page(page, unmeasured: set[str] = frozenset()) -> PageContent:
    """The page's words and edges (coordinates from the media box's top-left corner, as pdfplumber's), of a
    page pypdfium2 opened (``doc[i]``)."""
    return _read_page(ctypes.cast(page.raw, ctypes.c_void_p).value, unmeasured)


def read_page_at(doc: pdfium.PdfDocument, index: int, unmeasured: set[str] = frozenset(), level: bool = False
                 ) -> PageContent:
    """:func:`read_page` of the document's page ``index`` (zero-based), opened and closed here by PDFium's calls
    themselves.  Raises :class:`pypdfium2.PdfiumError` when PDFium cannot load the page."""
    page = _load_page(_VP(ctypes.cast(doc.raw, ctypes.c_void_p).value), index)
    if not page.value:
        raise pdfium.PdfiumError("Failed to load page.")
    try:
        return _read_page(page.value, unmeasured, level)
    finally:
        _close_page(page)


def _read_page(page_p: int, unmeasured: set[str], level: bool = False) -> PageContent:
    box = _FLOATS_4()  # left, bottom, right, top
    at = ctypes.addressof(box)
    if _media_box(_VP(page_p), *(_VP(at + 4 * k) for k in range(4))):
        left, bottom_edge, right, top_edge = box
    else:
        left, bottom_edge, right, top_edge = 0, 0, 612, 792  # pypdfium2's get_mediabox: US Letter without one
    textpage = _load_text_page(_VP(page_p))
    if not textpage.value:
        raise pdfium.PdfiumError("Failed to load text page.")
    try:
        n = _count_chars(textpage)
        chars = _chars(textpage.value, n, left, top_edge, unmeasured, level) if n > 0 else []
    finally:
        _close_text_page(textpage)
    width, height = right - left, top_edge - bottom_edge
    turn = _page_turn(chars) if chars and not all(map(_UPRIGHT, chars)) else 0
    if turn:
        chars = _turned_chars(chars, turn, width, height)
    words = [w for w in _words(chars) if w[0].strip()]
    edges = _edges(page_p, left, top_edge)
    if turn:
        edges = [_turned_edge(e, turn, width, height) for e in edges]
    clipped: list = []
    if any(e[2] > width + 1 or e[0] < -1 for e in edges):
        # lines drawn past the paper's edge: the page was cut (a table wider than the paper), so text may be too
        cuts = _cut_text(page_p, left, top_edge)
        if turn:
            cuts = [_turned_box(box, turn, width, height) for box in cuts]
        if cuts:
            kept = []
            for w in words:  # a number cut short is another number; a word cut short is still most of its label
                (clipped if any(ch.isdigit() for ch in w[0]) and any(
                    w[1] < x1 and w[2] > x0 and w[3] < b and w[4] > t for x0, t, x1, b in cuts) else kept).append(w)
            words = kept
    if turn in (90, 270):
        width, height = height, width
    return PageContent(width, height, words, edges, clipped)


# A page whose text runs mostly turned — a landscape table printed on a portrait page, or a page whose /Rotate
# turns it back for the viewer (PDFium gives the characters where the page's content puts them, before /Rotate) —
# is read as a person turning the paper sees it: characters, edges and cut boxes turned a quarter turn at a time
# so that most text runs left to right.  Turned text that is not most of the page (a group cell's vertical label)
# stays as it is.
def _page_turn(chars: list[tuple]) -> int:
    """The turn of most of the page's characters (not spaces), when that is not 0 and they are more than half."""
    counts = {0: 0, 90: 0, 180: 0, 270: 0}
    n = 0
    for ch in chars:
        if ch[0].isspace():
            continue
        n += 1
        counts[ch[6] if len(ch) > 6 else 0] += 1
    turn = max(counts, key=counts.get)
    return turn if turn and counts[turn] * 2 > n else 0


def _turned_point(x: float, y: float, turn: int, width: float, height: float) -> tuple[float, float]:
    """(x, y) from the top-left corner of the page (``width`` × ``height``) as the page turned back by ``turn``
    shows it: text running at ``turn`` then runs left to right."""
    if turn == 90:  # text ran up the page: the page turned clockwise
        return height - y, x
    if turn == 270:  # text ran down the page: the page turned counter-clockwise
        return y, width - x
    return width - x, height - y


def _turned_box(box: tuple, turn: int, width: float, height: float) -> tuple:
    """A box (x0, top, x1, bottom) on the turned page."""
    x0, top, x1, bottom = box
    ax, ay = _turned_point(x0, top, turn, width, height)
    bx, by = _turned_point(x1, bottom, turn, width, height)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _turned_edge(e: list, turn: int, width: float, height: float) -> list:
    x0, top, x1, bottom = _turned_box((e[0], e[1], e[2], e[3]), turn, width, height)
    orientation = e[6] if turn == 180 else ("v" if e[6] == "h" else "h")
    return [x0, top, x1, bottom, x1 - x0, bottom - top, orientation]


def _turned_chars(chars: list[tuple], turn: int, width: float, height: float) -> list[tuple]:
    """The characters on the page turned back by ``turn``: those that ran at ``turn`` upright, with boxes as
    :func:`_chars` gives upright ones (from the turned loose box across the line: its bottom at the descent, or
    at the baseline for a font whose boxes start there; one em high), the others turned."""
    out = []
    for ch in chars:
        x0, top, x1, bottom = _turned_box((ch[1], ch[3], ch[2], ch[4]), turn, width, height)
        if len(ch) > 6 and ch[6] == turn:
            if ch[10]:  # boxes from the baseline: the origin's distance across the line
                bottom = _turned_point(ch[7], ch[8], turn, width, height)[1]
            out.append((ch[0], x0, x1, bottom - ch[9], bottom, True))
        else:
            out.append((ch[0], x0, x1, top, bottom, False))
    return out


def _cut_text(page_p: int, left: float, top_edge: float) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, top, x1, bottom) of the page's text objects that their clip path cuts: a part of the text
    lies outside the clip's box (by more than half a point), so what shows of it is not all it says."""
    out = []
    box = _FLOATS_4()  # left, bottom, right, top
    at = ctypes.addressof(box)
    corners = [_VP(at + 4 * k) for k in range(4)]
    point = _FLOATS_4()
    px, py = _VP(ctypes.addressof(point)), _VP(ctypes.addressof(point) + 4)
    page = _VP(page_p)
    for i in range(_count_objects(page)):
        obj = _get_object(page, i)
        if _object_type(obj) != c.FPDF_PAGEOBJ_TEXT or not _object_bounds(obj, *corners):
            continue
        clip = _clip_path(obj)
        if not clip:
            continue
        xs, ys = [], []
        for k in range(_clip_count_paths(clip)):
            for j in range(_clip_count_segments(clip, k)):
                if _segment_point(_clip_segment(clip, k, j), px, py):
                    xs.append(point[0])
                    ys.append(point[1])
        if not xs:
            continue
        lft, bottom, right, top = box
        if lft < min(xs) - 0.5 or right > max(xs) + 0.5 or bottom < min(ys) - 0.5 or top > max(ys) + 0.5:
            out.append((lft - left, top_edge - top, right - left, top_edge - bottom))
    return out


def _snap(edges: list[list], at: int, tolerance: float) -> list[list]:
    """pdfplumber's ``snap_objects``: edges whose position (``at``: x0 or top) lies within ``tolerance`` (chained)
    are moved onto their mean position, cluster by cluster."""
    index = _cluster_values([e[at] for e in edges], tolerance)
    clusters: dict[int, list[list]] = {}
    for e in edges:
        clusters.setdefault(index[e[at]], []).append(e)
    out = []
    for k in sorted(clusters):
        group = clusters[k]
        mean = sum(e[at] for e in group) / len(group)
        for e in group:
            shift = mean - e[at]
            moved = list(e)
            moved[at] = e[at] + shift
            moved[at + 2] = e[at + 2] + shift  # x1 with x0, bottom with top
            out.append(moved)
    return out


def _join(group: list[list], tolerance: float) -> list[list]:
    """pdfplumber's ``join_edge_group``: edges along one line, joined where they overlap or nearly touch."""
    vertical = group[0][6] == "v"
    lo, hi = (1, 3) if vertical else (0, 2)
    ordered = sorted(group, key=lambda e: e[lo])
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[lo] <= last[hi] + tolerance:
            if e[hi] > last[hi]:
                grown = list(last)
                if vertical:
                    grown[5] = last[5] + (e[hi] - last[hi])  # height grows by what the bottom moved
                else:
                    grown[4] = e[hi] - last[0]
                grown[hi] = e[hi]
                joined[-1] = grown
        else:
            joined.append(e)
    return joined


_EDGE_X0, _EDGE_TOP = operator.itemgetter(0), operator.itemgetter(1)  # an edge's x0 and top


def merged_edges(edges: list[list]) -> list[list]:
    """pdfplumber's ``merge_edges`` and length filters ("lines" strategy, default settings) on lists
    [x0, top, x1, bottom, width, height, orientation] instead of dicts (its copies cost more than the rest)."""
    v = [e for e in edges if e[6] == "v" and e[5] >= EDGE_MIN_LENGTH_PREFILTER]
    h = [e for e in edges if e[6] == "h" and e[4] >= EDGE_MIN_LENGTH_PREFILTER]
    out = []
    # by orientation ("h" before "v"), then position: the horizontal edges by top, the vertical ones by x0
    # (each sorted apart, stably: the order pdfplumber's one sort by (orientation, position) gives)
    for snapped, at in ((_snap(h, 1, SNAP_TOLERANCE), _EDGE_TOP), (_snap(v, 0, SNAP_TOLERANCE), _EDGE_X0)):
        snapped.sort(key=at)
        for _, group in itertools.groupby(snapped, key=at):
            out += _join(list(group), JOIN_TOLERANCE)
    return [e for e in out if (e[5] if e[6] == "v" else e[4]) >= EDGE_MIN_LENGTH]


def _intersections(edges: list[list], tolerance: float) -> dict[tuple, list[int]]:
    """pdfplumber's ``edges_to_intersections``: the points where a vertical and a horizontal edge meet (within
    ``tolerance``), each with the vertical and the horizontal edges through it as ``[v, h]`` bit masks over the
    edges' distinct boxes (pdfplumber keeps the boxes; :func:`_cells` asks only whether two points share one,
    which is whether their masks share a bit).  Horizontal edges are sorted once, and each vertical edge looks
    only at those from the first whose top is within reach (bisected)."""
    v_edges = sorted((e for e in edges if e[6] == "v"), key=lambda e: (e[0], e[1]))
    h_edges = sorted((e for e in edges if e[6] == "h"), key=lambda e: (e[1], e[0]))
    h_ids: dict[tuple, int] = {}
    h_rows = [(h[1], h[0] - tolerance, h[2] + tolerance, 1 << h_ids.setdefault((h[0], h[1], h[2], h[3]), len(h_ids)))
              for h in h_edges]
    h_tops = [row[0] for row in h_rows]
    v_ids: dict[tuple, int] = {}
    out: dict[tuple, list[int]] = {}
    get = out.get
    for v in v_edges:
        vx, vtop, vbottom = v[0], v[1], v[3]
        vbit = 1 << v_ids.setdefault((vx, vtop, v[2], vbottom), len(v_ids))
        end = vbottom + tolerance
        for ht, left, right, hbit in h_rows[bisect.bisect_left(h_tops, vtop - tolerance):]:
            if ht > end:
                break  # sorted by top: no later edge meets this one
            if left <= vx <= right:
                point = get((vx, ht))
                if point is None:
                    out[(vx, ht)] = [vbit, hbit]
                else:
                    point[0] |= vbit
                    point[1] |= hbit
    return out


def _cells(intersections: dict[tuple, list[int]]) -> list[tuple]:
    """pdfplumber's ``intersections_to_cells``: from each point, the smallest rectangle whose four corners are
    points joined by common edges.  The same search in the same order, with the points below and to the right
    of each point taken from its column and its row (sorted), and the points to the right asked whether they
    are joined to it only as far as the search goes, each once.  Two points of one column are joined when
    their vertical masks share a bit, two of one row when their horizontal ones do (:func:`_intersections`)."""
    points = sorted(intersections)  # a column's points are consecutive here, by y
    n = len(points)
    masks = [intersections[pt] for pt in points]
    by_y: dict[float, list[int]] = {}
    for i, pt in enumerate(points):  # in (x, y) order: a row's points by x
        by_y.setdefault(pt[1], []).append(i)
    at_y = [0] * n
    for row in by_y.values():
        for k, i in enumerate(row):
            at_y[i] = k
    get = intersections.get
    cells = []
    for i in range(n - 1):
        x, y = points[i]
        pv, ph = masks[i]
        row = by_y[y]
        scanned = at_y[i] + 1  # the row's points from here on are not asked yet
        right: list = []  # the points right of pt joined to it (x, vertical mask), in order, as far as asked
        found = None
        j = i + 1
        while j < n and points[j][0] == x:  # the points below it in its column
            bv, bh = masks[j]
            by = points[j][1]
            j += 1
            if not pv & bv:
                continue
            k = 0
            while True:
                if k < len(right):
                    rx, rv = right[k]
                elif scanned < len(row):
                    r = row[scanned]
                    scanned += 1
                    rv, rh = masks[r]
                    if not ph & rh:
                        continue
                    rx = points[r][0]
                    right.append((rx, rv))
                else:
                    break
                k += 1
                corner = get((rx, by))
                if corner is not None and corner[0] & rv and corner[1] & bh:
                    found = (x, y, rx, by)
                    break
            if found:
                cells.append(found)
                break
    return cells


@dataclass(slots=True)
class RuledRow:
    """A row of a ruled table: its cell boxes by column, None where no cell of the row starts (pdfplumber's
    ``Row``: only ``cells`` is asked)."""

    cells: list


@dataclass(slots=True)
class RuledTable:
    """A ruled table as pdfplumber's ``Table`` gives it: its ``cells``, its box ``bbox`` and its ``rows``."""

    cells: list[tuple]
    bbox: tuple
    rows: list[RuledRow]


def ruled_tables(edges: list[list], merged: list[list] | None = None) -> list[RuledTable]:
    """pdfplumber's tables for the page's edges ("lines" strategy, default settings): each with ``rows``
    (cell boxes per row, None under a merged cell) and ``bbox``, boxes as (x0, top, x1, bottom).  ``merged``:
    :func:`merged_edges` of ``edges`` when the caller has them already."""
    cells = _cells(_intersections(merged_edges(edges) if merged is None else merged, INTERSECTION_TOLERANCE))
    return [_table(group) for group in _cells_to_tables(cells)]


_TOP_X0 = operator.itemgetter(1, 0)


def _table(cells: list[tuple]) -> RuledTable:
    """pdfplumber's table of ``cells`` (``Table.bbox``, ``Table.rows``), computed once: the box around the cells;
    the rows by top, each cell at the index of its x0 among the table's distinct x0s."""
    bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
    xs = sorted({c[0] for c in cells})
    rows = []
    for _, row_cells in itertools.groupby(sorted(cells, key=_TOP_X0), key=_EDGE_TOP):
        at = {c[0]: c for c in row_cells}
        rows.append(RuledRow([at.get(x) for x in xs]))
    return RuledTable(cells, bbox, rows)


def _cells_to_tables(cells: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's ``cells_to_tables``: cells sharing a corner, however far the chain, are one table; a table
    of one cell is none; tables in the order of their top-most, then left-most cell.  pdfplumber sweeps the
    remaining cells until a sweep adds none (quadratic, with ``list.remove``); here each corner names the cell
    that has it first and the tables are the connected groups (union–find).  The order of cells within a
    table differs, which pdfplumber's ``Table`` does not see (its rows sort them; a table's cells have
    distinct top-left corners)."""
    parent = list(range(len(cells)))  # a cell's parent; a group's root is its first cell (the least index)
    owner: dict[tuple, int] = {}
    setdefault = owner.setdefault
    for i, (x0, top, x1, bottom) in enumerate(cells):
        a = i  # the root of i's group (i starts as its own root; unions below only lower it)
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            b = setdefault(corner, i)
            if b == i:
                continue
            while parent[b] != b:  # b's root, halving the path on the way
                parent[b] = b = parent[parent[b]]
            if a != b:
                if a < b:
                    parent[b] = a
                else:
                    parent[a] = a = b
    groups: dict[int, list[tuple]] = {}
    for i, cell in enumerate(cells):
        r = parent[i]
        while parent[r] != r:
            r = parent[r]
        got = groups.get(r)
        if got is None:
            groups[r] = [cell]
        else:
            got.append(cell)
    tables = [t for t in groups.values() if len(t) > 1]
    tables.sort(key=lambda t: min(map(_TOP_X0, t)))
    return tables

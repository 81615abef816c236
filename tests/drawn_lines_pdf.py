"""PDFs whose tables are ruled by lines drawn one by one (issue 11: reports made with a drawing library, as
reportlab's ``canvas.line()`` makes them — every rule its own stroked path "x y m x y l S", no rectangles), written
here byte by byte: text in the standard font STSong-Light (not embedded, UniGB-UCS2-H, as such libraries print
Chinese without a font file), one text object per cell line, the rules as whole lines across the table or
as each cell's four sides.  A blank cell prints nothing, so rows with many blank cells have few words.

Nothing here asserts: tests/readers/test_drawn_lines_pdf.py reads the PDFs back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pdf_objects import pdf_file
from text_classes import _rows_of

PAGE_W, PAGE_H = 842.0, 595.0  # A4 landscape
MARGIN = 36.0
# widths of CIDs 1–95 of Adobe-GB1 (ASCII, proportional, per 1000 em): what STSong-Light prints them at
_ASCII_W = [207, 270, 342, 467, 462, 797, 710, 239, 374, 374, 423, 605, 238, 375, 238, 334, 462, 462, 462, 462, 462,
            462, 462, 462, 462, 462, 238, 238, 605, 605, 605, 344, 748, 684, 560, 695, 739, 563, 511, 729, 793, 318,
            312, 666, 526, 896, 758, 772, 544, 772, 628, 465, 607, 753, 711, 972, 647, 620, 607, 374, 333, 374, 606,
            500, 239, 417, 503, 427, 529, 415, 264, 444, 518, 241, 230, 495, 228, 793, 527, 524, 524, 504, 338, 336,
            277, 517, 450, 652, 466, 452, 407, 370, 258, 370, 605]


def text_width(text: str, size: float) -> float:
    return sum((_ASCII_W[ord(ch) - 32] if 32 <= ord(ch) < 127 else 1000) for ch in text) * size / 1000


@dataclass
class DrawStyle:
    per_cell: bool = False  # each cell's four sides drawn (shared sides twice), else whole lines across
    align: str = "center"  # the values' alignment in their cells
    size: float = 8.0
    row_h: float = 18.0
    outer: bool = True  # the table's outer border drawn
    merged: bool = False  # tables 三 and 四 with their merged header and group cells (else one flat label column)
    short: float = 0.0  # each line stops this much short of its ends (lines drawn by hand that do not meet)
    horizontal_only: bool = False  # rules between the rows only, no vertical lines


def draw_style(rng: random.Random) -> DrawStyle:
    merged = rng.random() < 0.5
    return DrawStyle(per_cell=rng.random() < 0.4, align=rng.choice(["center", "right", "left"]),
                     size=rng.choice([7.5, 8.0]), row_h=rng.choice([15.0, 16.0, 18.0] if merged else [16.0, 18.0, 22.0]),
                     outer=rng.random() < 0.8, merged=merged)


def write_pdf(pages: list[tuple[list, list]]) -> bytes:
    """A PDF of ``pages``: each (texts, lines), a text (x, y, size, string) and a line (x0, y0, x1, y1) in points
    from the page's bottom-left corner."""
    objs: list = [None, None, None]  # font, its CID font, the page tree
    objs[0] = "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [2 0 R] >>"
    objs[1] = ("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
               "/Ordering (GB1) /Supplement 4 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light "
               "/Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 "
               f"/StemV 93 >> /DW 1000 /W [1 [{' '.join(map(str, _ASCII_W))}]] >>")
    kids = []
    for texts, lines in pages:
        ops = ["0.6 w"]
        ops += [f"n {x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S" for x0, y0, x1, y1 in lines]  # (canvas.line())
        for x, y, size, s in texts:
            ops.append(f"BT /F1 {size} Tf {x:.2f} {y:.2f} Td <{''.join(f'{ord(ch):04X}' for ch in s)}> Tj ET")
        data = "\n".join(ops).encode("latin-1")
        objs.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        objs.append(f"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 {PAGE_W:g} {PAGE_H:g}] "
                    f"/Resources << /Font << /F1 1 0 R >> >> /Contents {len(objs)} 0 R >>")
        kids.append(len(objs))
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    objs.append("<< /Type /Catalog /Pages 3 0 R >>")
    return pdf_file(objs, root=len(objs), header=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")


def _widths(cells: int) -> list[float]:
    usable = PAGE_W - 2 * MARGIN
    if cells == 15:  # table 四: fifteen value columns
        return [usable / 15] * 15
    if cells == 8:  # table 三: a label column, seven values
        return [330.0] + [(usable - 330.0) / 7] * 7
    return [300.0] + [(usable - 300.0) / (cells - 1)] * (cells - 1)


def _fit(text: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines that fit ``width``."""
    out, line = [], ""
    for ch in text:
        if line and text_width(line + ch, size) > width:
            out.append(line)
            line = ""
        line += ch
    return out + [line] if line else out


def _as_drawn(lines: list, style: DrawStyle) -> list:
    """The lines as the style draws them: short of their ends by ``style.short``, the vertical ones left out with
    ``style.horizontal_only``."""
    out = []
    for x0, y0, x1, y1 in lines:
        if x0 == x1:
            if not style.horizontal_only:
                lo, hi = sorted((y0, y1))
                out.append((x0, lo + style.short, x1, hi - style.short))
        else:
            lo, hi = sorted((x0, x1))
            out.append((lo + style.short, y0, hi - style.short, y1))
    return out


def drawn_pdf(rep, style: DrawStyle) -> bytes:
    """The report ``rep`` printed with its tables ruled by drawn lines (see the module)."""
    pages: list[tuple[list, list]] = []
    texts: list = []
    lines: list = []
    y = PAGE_H - MARGIN

    def new_page():
        nonlocal texts, lines, y
        if texts or lines:
            pages.append((texts, _as_drawn(lines, style)))
        texts, lines, y = [], [], PAGE_H - MARGIN

    def rules(x_edges, y_top, y_bottom, row_edges):
        if style.per_cell:
            for top, bottom in zip(row_edges, row_edges[1:]):
                for left, right in zip(x_edges, x_edges[1:]):
                    lines.extend([(left, top, right, top), (left, bottom, right, bottom),
                                  (left, top, left, bottom), (right, top, right, bottom)])
            return
        for k, ry in enumerate(row_edges):
            if style.outer or 0 < k < len(row_edges) - 1:
                lines.append((x_edges[0], ry, x_edges[-1], ry))
        for k, x in enumerate(x_edges):
            if style.outer or 0 < k < len(x_edges) - 1:
                lines.append((x, y_top, x, y_bottom))

    section = ""
    for text, table in _rows_of(rep):
        if table is not None and style.merged and section in ("三", "四"):
            widths, nrows, cells = spans_of(rep, section)
            if y - nrows * style.row_h - 60 < MARGIN:
                new_page()
            y = _draw_spans(style, widths, nrows, cells, y, texts, lines, 3 if section == "三" else 0) - 14
            continue
        if table is None and text[:2] in ("三、", "四、", "五、"):
            section = text[0]
        if table is None:
            if y - 20 < MARGIN:
                new_page()
            texts.append((MARGIN, y - 14, 10.5, text))
            y -= 22
            continue
        widths = _widths(max(len(r) for r in table))
        x_edges = [MARGIN]
        for w in widths:
            x_edges.append(x_edges[-1] + w)
        top = y
        row_edges = [y]
        for row in table:
            cells = row + [""] * (len(widths) - len(row))
            fitted = [_fit(c, style.size, w - 4) for c, w in zip(cells, widths)]
            height = max(style.row_h, max(len(f) for f in fitted) * (style.size + 2) + 6)
            if y - height < MARGIN:
                rules(x_edges, top, y, row_edges)
                new_page()
                top, row_edges = y, [y]
            for k, (parts, w) in enumerate(zip(fitted, widths)):
                block = len(parts) * (style.size + 2)
                for i, part in enumerate(parts):
                    base = y - (height - block) / 2 - (i + 1) * (style.size + 2) + 2
                    tw = text_width(part, style.size)
                    if k == 0 and len(widths) != 15 or style.align == "left":
                        x = x_edges[k] + 3
                    elif style.align == "right":
                        x = x_edges[k + 1] - 3 - tw
                    else:
                        x = x_edges[k] + (w - tw) / 2
                    texts.append((x, base, style.size, part))
            y -= height
            row_edges.append(y)
        rules(x_edges, top, y, row_edges)
        y -= 14
    new_page()
    return write_pdf(pages)


# ----------------------------------------------------------------------------- tables with merged cells
T3_GROUPS = {"granted": ("三、本年度办理结果", 22), "withheld_state_secret": ("（三）不予公开", 8),
             "unavailable_not_held": ("（四）无法提供", 3), "not_processed_petition_or_complaint": ("（五）不予处理", 5),
             "other_correction_not_supplied": ("（六）其他处理", 3)}


def spans_of(rep, number: str) -> tuple[list[float], int, list[tuple]]:
    """Table 三 or 四 of ``rep`` as the template draws it: (column widths, rows, cells as (first row, last row + 1,
    first column, last column + 1, text)) — merged header cells, table 三's group cells down their rows."""
    from gongkai.format import FORMAT_2021

    table = FORMAT_2021.table(number)
    usable = PAGE_W - 2 * MARGIN
    cells: list[tuple] = []
    if number == "四":
        cells += [(0, 2, 0, 5, "行政复议"), (0, 1, 5, 15, "行政诉讼"), (1, 2, 5, 10, "未经复议直接起诉"),
                  (1, 2, 10, 15, "复议后起诉")]
        cells += [(2, 3, k, k + 1, c.label) for k, c in enumerate(table.columns)]
        cells += [(3, 4, k, k + 1, rep.cells[("四", "cases", c.id)].raw) for k, c in enumerate(table.columns)]
        return [usable / 15] * 15, 4, cells
    widths = [56.0, 64.0, 230.0] + [(usable - 350.0) / 7] * 7
    cells += [(0, 3, 0, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
              (0, 1, 3, 10, "申请人情况"), (1, 3, 3, 4, "自然人"), (1, 2, 4, 9, "法人或其他组织"), (1, 3, 9, 10, "总计")]
    cells += [(2, 3, 4 + k, 5 + k, c.label) for k, c in enumerate(table.columns[1:6])]
    rows = table.printed_rows
    open_group = open_sub = 0  # the rows a group cell (三、本年度办理结果) and a subgroup cell still cover
    for i, row in enumerate(rows):
        r = 3 + i
        if row.id in ("received", "carried_over", "carried_forward"):
            cells.append((r, r + 1, 0, 3, row.label))
        else:
            if row.id == "granted":
                cells.append((r, r + T3_GROUPS["granted"][1], 0, 1, T3_GROUPS["granted"][0]))
                open_group = T3_GROUPS["granted"][1]
            if row.id in T3_GROUPS and row.id != "granted":
                label, n = T3_GROUPS[row.id]
                cells.append((r, r + n, 1, 2, label))
                open_sub = n
            if open_sub > 0:
                cells.append((r, r + 1, 2, 3, row.label))
                open_sub -= 1
            else:
                cells.append((r, r + 1, 1, 3, row.label))
            open_group -= 1
        cells += [(r, r + 1, 3 + k, 4 + k, rep.cells[("三", row.id, c.id)].raw) for k, c in enumerate(table.columns)]
    return widths, 3 + len(rows), cells


def _draw_spans(style: DrawStyle, widths: list[float], nrows: int, cells: list[tuple], y: float,
                texts: list, lines: list, values_from: int) -> float:
    """Draw a table of merged cells from ``y`` down; returns the y under it.  Columns from ``values_from`` on
    hold values (aligned by the style), the others labels (left)."""
    xs = [MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)
    heights = [style.row_h] * nrows
    for r0, r1, c0, c1, text in cells:
        if r1 - r0 == 1:
            n = len(_fit(text, style.size, xs[c1] - xs[c0] - 4))
            heights[r0] = max(heights[r0], n * (style.size + 2) + 6)
    ys = [y]
    for h in heights:
        ys.append(ys[-1] - h)
    sides: dict[tuple, list] = {}  # ("h", y) or ("v", x) → the segments of cell sides on it
    for r0, r1, c0, c1, text in cells:
        left, right, top, bottom = xs[c0], xs[c1], ys[r0], ys[r1]
        sides.setdefault(("h", top), []).append((left, right))
        sides.setdefault(("h", bottom), []).append((left, right))
        sides.setdefault(("v", left), []).append((bottom, top))
        sides.setdefault(("v", right), []).append((bottom, top))
        parts = _fit(text, style.size, right - left - 4) if text else []
        block = len(parts) * (style.size + 2)
        for i, part in enumerate(parts):
            base = top - (top - bottom - block) / 2 - (i + 1) * (style.size + 2) + 2
            tw = text_width(part, style.size)
            if c0 < values_from or style.align == "left":
                x = left + 3
            elif style.align == "right":
                x = right - 3 - tw
            else:
                x = left + (right - left - tw) / 2
            texts.append((x, base, style.size, part))
    outer = {("h", ys[0]), ("h", ys[-1]), ("v", xs[0]), ("v", xs[-1])}
    for (kind, at), segs in sides.items():
        if not style.outer and (kind, at) in outer:
            continue
        if style.per_cell:
            runs = segs
        else:  # collinear sides joined into whole lines
            runs = []
            for a, b in sorted(segs):
                if runs and a <= runs[-1][1] + 0.01:
                    runs[-1] = (runs[-1][0], max(runs[-1][1], b))
                else:
                    runs.append((a, b))
        for a, b in runs:
            lines.append((a, at, b, at) if kind == "h" else (at, a, at, b))
    return ys[-1]

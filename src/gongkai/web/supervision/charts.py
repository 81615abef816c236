"""Server-rendered SVG bar charts (no script, no CDN): a list of (label, value, colour) → SVG markup."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

COLOURS = {"": "#4a78b5", "yellow": "#e0a800", "red": "#b22222", "green": "#2e8b57", "grey": "#999999"}


def bar_chart(items, *, title: str, unit: str = "", percent: bool = False, width: int = 640) -> str:
    """Horizontal bars, one per item ``(label, value or None, level)``; None is drawn as "—"."""
    row_h, left, right, top = 22, 190, 70, 28
    height = top + row_h * max(len(items), 1) + 10
    vals = [v for _, v, _ in items if v is not None]
    top_value = max(vals) if vals else 0
    if percent:  # shares are drawn against 100 %, so 8 % looks small
        top_value = max(float(top_value), 1.0)
    scale = (width - left - right) / float(top_value) if top_value else 0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']
    if not items:
        parts.append(f'<text x="0" y="{top + 14}" font-size="12">没有数据</text>')
    for i, (label, value, lvl) in enumerate(items):
        y = top + i * row_h
        short = label if len(label) <= 13 else label[:12] + "…"
        parts.append(f'<text x="{left - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
                     f'<title>{escape(label)}</title>{escape(short)}</text>')
        if value is None:
            parts.append(f'<text x="{left + 4}" y="{y + 15}" font-size="12" fill="#666">—</text>')
            continue
        w = max(1.0, float(value) * scale) if value else 0
        shown = f"{float(value) * 100:.1f}%" if percent else f"{value}{unit}"
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 7}" '
                     f'fill="{COLOURS.get(lvl, COLOURS[""])}"><title>{escape(label)}：{escape(shown)}</title></rect>')
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 15}" font-size="12">{escape(shown)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))

"""HTML writer: the report as a fragment that drops into a government article page.

One ``<article>`` with an inline ``<style>`` scoped to ``.gongkai-report`` (no external
assets, no scripts), headings for the sections and the tables laid out from the format
model (:mod:`gongkai.writers.layout`) with the official merged header cells.  Header cells
are ``<th scope=…>`` with ids and every value cell names its headers (``headers=``), so a
screen reader announces "申请人情况 法人或其他组织 商业企业 / （三）不予公开 1.属于国家秘密".
Sizes are in ``em``/``%`` and wide tables scroll inside their own box, so the page stays
readable at 200% zoom (WCAG 1.4.4 / 1.4.10).
"""

from __future__ import annotations

from html import escape

from ..report import AnnualReport
from .layout import Grid, front_matter, layout, section_blocks

STYLE = """
.gongkai-report{font-family:"仿宋_GB2312","FangSong","仿宋","STFangsong","Noto Serif CJK SC",serif;font-size:1em;line-height:1.75;max-width:60em;margin:0 auto}
.gongkai-report h1{font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","SimSun","Noto Serif CJK SC",serif;font-size:1.6em;text-align:center;font-weight:normal;margin:1em 0}
.gongkai-report h2{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-size:1.15em;font-weight:normal;margin:1.2em 0 .5em}
.gongkai-report p{text-indent:2em;margin:.4em 0}
.gongkai-report p.gk-agency{font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","SimSun","Noto Serif CJK SC",serif;font-size:1.6em;text-align:center;text-indent:0;margin:1em 0 -.6em}
.gongkai-report .gk-table-wrap{overflow-x:auto;max-width:100%;margin:.8em 0}
.gongkai-report table{border-collapse:collapse;font-size:.875em;line-height:1.4;min-width:100%}
.gongkai-report th,.gongkai-report td{border:1px solid #333;padding:.3em .4em;vertical-align:middle}
.gongkai-report th{font-weight:normal;text-align:center;background:#f3f3f3}
.gongkai-report th[scope=row],.gongkai-report th[scope=rowgroup]{text-align:left}
.gongkai-report td.gk-value{text-align:center;min-width:2.5em}
.gongkai-report .gk-corner{font-size:.9em;text-align:left}
""".strip()


def _attrs(**kw) -> str:
    out = []
    for k, v in kw.items():
        if v in (None, "", 1):
            continue
        out.append(f'{k.rstrip("_")}="{escape(str(v))}"')
    return (" " + " ".join(out)) if out else ""


def table_html(grid: Grid) -> str:
    """One table of the report as an HTML ``<table>`` (no wrapper)."""
    t = grid.table
    lines = [f'<table id="gk-{t.id}">', f"<caption>{escape(t.title)}</caption>"]
    rows = grid.rows()
    blocks = any(c.role == "caption" for c in grid.cells)
    n_head = 0
    while not blocks and n_head in grid.header_rows:
        n_head += 1
    if n_head:
        lines.append("<thead>")
    opened = False
    for y, cells in enumerate(rows):
        if y == n_head and not blocks:
            lines.append("</thead>" if n_head else "")
            lines.append("<tbody>")
            opened = True
        if blocks and any(c.role == "caption" for c in cells):
            lines.append("</tbody>" if opened else "")
            lines.append("<tbody>")
            opened = True
        parts = []
        for c in cells:
            span = _attrs(rowspan=c.rowspan, colspan=c.colspan)
            text = escape(c.text)
            if c.role == "value":
                parts.append(f'<td class="gk-value"{span}{_attrs(headers=" ".join(h for h in c.headers if h))}>'
                             f"{text}</td>")
            elif c.role == "corner":
                parts.append(f'<td class="gk-corner"{_attrs(id=c.id)}{span}>{text}</td>')
            else:
                hdrs = " ".join(h for h in c.headers if h)
                parts.append(f"<th{_attrs(id=c.id, scope=c.scope)}{span}{_attrs(headers=hdrs)}>{text}</th>")
        lines.append("<tr>" + "".join(parts) + "</tr>")
    lines.append("</tbody>" if opened else "</thead>")
    lines = [x for x in lines if x]
    lines.append("</table>")
    return "\n".join(lines)


def write_html(report: AnnualReport) -> str:
    """The report as an HTML fragment (str): ``<article class="gongkai-report">…</article>``.

    Text is escaped; cells print as :func:`gongkai.writers.layout.cell_text` says.
    """
    agency_line, title, preamble = front_matter(report)
    out = ['<article class="gongkai-report" lang="zh-CN">', f"<style>\n{STYLE}\n</style>"]
    if agency_line:  # printed above the title, as the source did
        out.append(f'<p class="gk-agency">{escape(agency_line)}</p>')
    out.append(f"<h1>{escape(title)}</h1>")
    out += [f"<p>{escape(t)}</p>" for t in preamble]
    for number, title, paragraphs, table in section_blocks(report):
        out.append(f'<section aria-labelledby="gk-s{number}">')
        out.append(f'<h2 id="gk-s{number}">{escape(title)}</h2>')
        out += [f"<p>{escape(p)}</p>" for p in paragraphs if p.strip()]
        if table is not None:
            out.append('<div class="gk-table-wrap" role="region" tabindex="0" '
                       f'aria-label="{escape(table.title)}">')
            out.append(table_html(layout(report, table)))
            out.append("</div>")
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out) + "\n"

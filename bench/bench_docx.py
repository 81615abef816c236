"""Time the DOCX writer against bare python-docx building the same document.

    .venv/bin/python bench/bench_docx.py [--repeat 7] [--json FILE]

"ours" is ``gongkai.writers.docx.build_document`` saved to a BytesIO: the 公文 page set-up, styles, fonts,
footers, and the three tables laid out like the official template (merged cells, widths, fonts per run).
The floor is the least python-docx needs for the same content: a default ``Document``, the same paragraphs,
``add_table`` with each grid's size, every cell's text set and the same regions merged, saved to a BytesIO.
The floor uses the cheapest python-docx access, as ours does: cells taken from the table's ``w:tc`` elements
once, and regions merged with ``CT_Tc._grow_to`` — what ``_Cell.merge`` does after validating the region, a
walk over the table that our layout (non-overlapping rectangles) does not need.  Reports: the shipped
sample (2021 format) and the seed report of the corpus when ../shared is present.  The two sides alternate
and the medians are compared.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from _results import add_json_arg, record  # bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "2023_hulin_abei_xiang.txt"


def bare(report):
    import docx
    from docx.table import _Cell

    from gongkai.writers.layout import front_matter, layout, section_blocks

    document = docx.Document()
    agency, title, preamble = front_matter(report)
    for t in ([agency] if agency else []) + [title] + list(preamble):
        document.add_paragraph(t)
    for _number, heading, paragraphs, table in section_blocks(report):
        document.add_paragraph(heading)
        for p in paragraphs:
            if p.strip():
                document.add_paragraph(p.strip())
        if table is not None:
            grid = layout(report, table)
            t = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
            cells = [[_Cell(tc, t) for tc in tr.tc_lst] for tr in t._tbl.tr_lst]
            for gc in grid.cells:
                cell = cells[gc.top][gc.left]
                if gc.rowspan > 1 or gc.colspan > 1:
                    cell._tc._grow_to(gc.colspan, gc.rowspan)  # merge() without its validation walk, as ours
                cell.text = gc.text
            document.add_paragraph()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ours(report):
    from gongkai.writers.docx import build_document

    out = io.BytesIO()
    build_document(report).save(out)
    return out.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    add_json_arg(ap)
    a = ap.parse_args(argv)
    from gongkai.cli import sample_path
    from gongkai.readers import read_report

    reports = [("示例报告", read_report(sample_path()))]
    rows = []
    if SEED.exists():
        reports.append((SEED.name, read_report(SEED)))
    for name, report in reports:
        ours(report), bare(report)  # warm up
        t_ours, t_bare = [], []
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            ours(report)
            t_ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            bare(report)
            t_bare.append(time.perf_counter() - t0)
        mo, mb = statistics.median(t_ours), statistics.median(t_bare)
        print(f"DOCX {name}：我们 {mo * 1000:.0f} ms，python-docx 基础构建 {mb * 1000:.0f} ms，比值 {mo / mb:.2f}×"
              f"（{a.repeat} 次交替取中位数）")
        rows.append({"what": f"{'语料种子报告' if name == SEED.name else name}生成 DOCX（墙钟，{a.repeat} 次交替取中位数）",
                     "ours": f"{mo * 1000:.0f} ms", "floor": f"python-docx 构建同样的段落与表格 {mb * 1000:.0f} ms",
                     "ratio": f"{mo / mb:.2f}×"})
    record(a.json, "bench_docx.py", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

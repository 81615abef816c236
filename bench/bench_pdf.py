"""Time reading, mapping and auditing a PDF against PDFium's bare character boxes of the same pages (issue 16).

    python bench/bench_pdf.py [--repeat N] [--no-render] [--profile]

The floor is what any PDF text reader must at least do: open the document with pypdfium2 and, page by page,
ask every character's box (``get_charbox``) and the page's text (``get_text_range``).  Ours is
``read_pdf`` + ``map_document`` + ``audit`` on the same bytes.  The two alternate within every repetition
(floor, ours, floor, ours …) so load from other processes on this shared machine hits both alike; the
medians and their ratio are printed per file, by CPU time (``time.process_time``: what the code costs) and
by the wall clock.  Target: ratio ≤ 3.

Files: the corpus PDFs (../shared/corpus/pdf) and, unless ``--no-render``, two reports rendered by
gongkai's PDF writer (LibreOffice, a few seconds, outside the timing): the seed and a random consistent
report, as the round-trip tests make them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _results import add_json_arg, record  # bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def floor(data: bytes) -> int:
    """PDFium's character boxes and text of every page: the least a reader must ask for."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    n = 0
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            count = textpage.count_chars()
            boxes = [textpage.get_charbox(k, loose=True) for k in range(count)]
            text = textpage.get_text_range(0, count) if count else ""
            n += len(boxes) + len(text)
            textpage.close()
            page.close()
    finally:
        doc.close()
    return n


def ours(data: bytes, name: str) -> int:
    from gongkai.audit import audit
    from gongkai.readers.mapping import map_document
    from gongkai.readers.pdf import read_pdf

    return len(audit(map_document(read_pdf(data, name))))


def interleaved(a, b, repeat: int) -> dict[str, tuple[float, float]]:
    """Medians of ``a`` and of ``b``, alternating, by the wall clock and by the process's CPU time (on a
    machine shared with many busy processes the wall clock mostly measures waiting for a core)."""
    wall_a, wall_b, cpu_a, cpu_b = [], [], [], []
    for _ in range(repeat):
        for fn, wall, cpu in ((a, wall_a, cpu_a), (b, wall_b, cpu_b)):
            t, c = time.perf_counter(), time.process_time()
            fn()
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    return {"wall": (statistics.median(wall_a), statistics.median(wall_b)),
            "cpu": (statistics.median(cpu_a), statistics.median(cpu_b))}


def files(render: bool, tmp: Path) -> list[tuple[str, bytes]]:
    out = [(p.name, p.read_bytes()) for p in sorted((SHARED / "pdf").glob("*.pdf"))]
    if render:
        sys.path.insert(0, str(ROOT / "tests"))
        from office_helpers import consistent_values, report_from_values

        from gongkai.readers import read_report
        from gongkai.writers.pdf import soffice_path, write_pdf

        if soffice_path() is None:
            print("LibreOffice 未安装：只测语料中的 PDF")
            return out
        seed = SHARED / "seed" / "2023_hulin_abei_xiang.txt"
        if seed.exists():
            out.append(("seed (writer)", write_pdf(read_report(seed), tmp / "seed.pdf").read_bytes()))
        rep = report_from_values(consistent_values(random.Random(7), 5000), title="测试市测试局2024年政府信息公开工作年度报告")
        out.append(("random (writer)", write_pdf(rep, tmp / "random.pdf").read_bytes()))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-render", action="store_true")
    ap.add_argument("--profile", action="store_true", help="cProfile ours on the first file instead of timing")
    add_json_arg(ap)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        todo = files(not args.no_render, Path(tmp))
        if args.profile:
            import cProfile
            import pstats

            name, data = todo[0]
            ours(data, name)
            cProfile.runctx("ours(data, name)", globals(), {"data": data, "name": name, "ours": ours}, "/tmp/bench_pdf.prof")
            pstats.Stats("/tmp/bench_pdf.prof").sort_stats("cumulative").print_stats(30)
            return 0
        print(f"{'file':26} {'pages':>5} {'floor cpu':>10} {'ours cpu':>10} {'ratio':>6} {'floor wall':>11} "
              f"{'ours wall':>10} {'ratio':>6}")
        worst = {"cpu": 0.0, "wall": 0.0}
        done = []  # (name, pages, medians) for --json
        import pypdfium2 as pdfium

        for name, data in todo:
            ours(data, name)  # warm: imports, the format's tables
            t = interleaved(lambda: floor(data), lambda: ours(data, name), args.repeat)
            pages = len(pdfium.PdfDocument(data))
            ratios = {k: v[1] / v[0] for k, v in t.items()}
            for k in worst:
                worst[k] = max(worst[k], ratios[k])
            print(f"{name:26} {pages:5d} {t['cpu'][0]:10.4f} {t['cpu'][1]:10.4f} {ratios['cpu']:6.2f} "
                  f"{t['wall'][0]:11.4f} {t['wall'][1]:10.4f} {ratios['wall']:6.2f}")
            done.append((name, pages, t))
        print(f"worst ratio: {worst['cpu']:.2f} by CPU time, {worst['wall']:.2f} by the wall clock "
              "(target ≤ 3: read + map + audit within 3× PDFium's character boxes)")
        shown = {"2024_huaian_shizhengfu.pdf": "淮安市人民政府 2024 PDF", "2024_huaian-hongze-qu.pdf": "淮安市洪泽区 2024 PDF",
                 "seed (writer)": "写出器生成的语料种子报告 PDF", "random (writer)": "写出器生成的随机报告 PDF"}
        record(args.json, "bench_pdf.py", [
            {"what": f"{shown.get(name, name)} 读取+映射+审核（CPU 时间，{pages} 页，{args.repeat} 次交替取中位数）",
             "ours": f"{t['cpu'][1]:.4f} s", "floor": f"pypdfium2 逐字符框 {t['cpu'][0]:.4f} s",
             "ratio": f"{t['cpu'][1] / t['cpu'][0]:.2f}×"} for name, pages, t in done])
    return 0


if __name__ == "__main__":
    sys.exit(main())

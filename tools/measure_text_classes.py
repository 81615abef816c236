"""Measure the text reader on the classes of tests/text_classes.py: consistent reports with blank 法人 cells and
blank table 四 groups, printed by LibreOffice (ruled, borderless, a narrow label column, rows cut by page breaks)
or by Chromium from HTML (chromium), and extracted by plain pdftotext, -raw, -layout, pdfplumber's extract_text
and its extract_text(layout=True) — per class and extractor, the cells read right, wrong, and the reports given a
false 错误.

    PYTHONPATH=src python tools/measure_text_classes.py [--seeds 12]
        [--classes ruled,borderless,narrow,pagebreak,chromium]
        [--extractors plain,raw,layout,plumber,plumber-layout] [--cache /tmp/gk-text-classes] [--show]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=12)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--classes", default="ruled,borderless,narrow,pagebreak,chromium")
    ap.add_argument("--extractors", default="plain,raw,layout,plumber,plumber-layout")
    ap.add_argument("--cache", default="/tmp/gk-text-classes")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)

    from test_layout_generator import ALL_CELLS, Completeness, _read_right, score
    from text_classes import extract, print_cached

    from gongkai.readers.mapping import map_document
    from gongkai.readers.text import read_text

    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    seeds = range(args.first, args.first + args.seeds)
    classes = args.classes.split(",")
    print_cached(cache, classes, seeds)
    for cls in classes:
        for how in args.extractors.split(","):
            got = Completeness()
            for seed in seeds:
                stem = cache / f"{cls}-{seed}"
                rep, style = pickle.loads(stem.with_suffix(".pickle").read_bytes())
                text = extract(stem.with_suffix(".pdf"), how)
                read = map_document(read_text(text, "g.txt"))
                before = (got.right, got.wrong, got.false_errors)
                score(got, rep, read)
                if args.show and (got.wrong > before[1] or got.false_errors > before[2]
                                  or got.right - before[0] < len(ALL_CELLS)):
                    missed = [(k[0], k[1], k[2], rep.cells[k].raw, read.cells[k].raw if k in read.cells else None)
                              for k in ALL_CELLS if not _read_right(rep.cells[k], read.cells.get(k))]
                    print(f"  {cls} {how} {seed}: {len(missed)} not right, wrong {got.wrong - before[1]}: "
                          f"{missed[:6]}")
            print(f"{cls:10} {how:8} {got}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

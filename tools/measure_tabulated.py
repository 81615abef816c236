"""Measure the text reader on pandas ``DataFrame.to_string()`` and tabulate's styles (tests/tabulated.py):
consistent reports with blank cells and blank rows, one style per document — per style, the cells read right,
wrong, and the reports given a false 错误.

    PYTHONPATH=src python tools/measure_tabulated.py [--seeds 30] [--styles pandas,presto,...] [--show]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main(argv=None) -> int:
    from tabulated import STYLES

    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=30)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)

    from tabulated import blank_rows_case, render
    from test_layout_generator import make_case
    from test_layout_generator import ALL_CELLS, Completeness, _read_right, score

    from gongkai.audit import audit
    from gongkai.readers.mapping import map_document
    from gongkai.readers.text import read_text

    total = Completeness()
    for style in args.styles.split(","):
        got = Completeness()
        for seed in range(args.first, args.first + args.seeds):
            rng = random.Random(f"{style}-{seed}")
            if seed % 2:  # blank cells anywhere (some rows partly blank)
                rep, rng = make_case(rng, blank_rows=True)
            else:  # 0s of the 法人 columns blank, whole rows blank, table 四 groups blank
                rep = blank_rows_case(rng)
            text = render(rep, style, rng, yuan=seed % 3 == 0)
            read = map_document(read_text(text, "g.txt"))
            before = (got.right, got.wrong, got.false_errors)
            score(got, rep, read)
            score(total, rep, read)
            if args.show and (got.wrong > before[1] or got.false_errors > before[2]
                              or got.right - before[0] < len(ALL_CELLS)):
                missed = [(k[0], k[1], k[2], rep.cells[k].raw, read.cells[k].raw if k in read.cells else None)
                          for k in ALL_CELLS if not _read_right(rep.cells[k], read.cells.get(k))]
                errors = [f"{f.code} {f.message[:60]}" for f in audit(read) if f.severity == "error"]
                print(f"  {style} {seed}: {len(missed)} not right, wrong {got.wrong - before[1]}: {missed[:4]} "
                      f"{errors[:2]}")
        print(f"{style:12} {got}", flush=True)
    print(f"{'all':12} {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the HTML reader on a PDF's text as poppler's converters print it in HTML (issue 11): ``pdftohtml
-noframes`` (lines apart by <br/>, no positions), ``pdftohtml -noframes -i``/``-s``, ``pdftohtml -c``
(positioned), ``pdftotext -htmlmeta`` (the plain text in a <pre>) and ``pdftotext -htmlmeta -layout`` — of the
LibreOffice PDFs of tests/text_classes.py (ruled, borderless, a narrow label column): per variant, the cells read
right, wrong, and the reports given a false 错误.

    PYTHONPATH=src python tools/measure_pdf_html.py [--seeds 6] [--classes ruled,borderless,narrow]
        [--variants ...] [--cache /tmp/gk-pdf-html] [--show]
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

VARIANTS = {
    "pdftohtml-noframes": ["pdftohtml", "-noframes", "-q", "-stdout"],
    "pdftohtml-noframes-i": ["pdftohtml", "-noframes", "-i", "-q", "-stdout"],
    "pdftohtml-s": ["pdftohtml", "-s", "-i", "-q", "-stdout"],
    "pdftohtml-c": ["pdftohtml", "-c", "-s", "-i", "-q"],
    "htmlmeta": ["pdftotext", "-htmlmeta"],
    "htmlmeta-layout": ["pdftotext", "-htmlmeta", "-layout"],
}


def convert(pdf: Path, variant: str) -> bytes:
    cmd = VARIANTS[variant]
    if cmd[0] == "pdftotext":
        return subprocess.run([*cmd, str(pdf), "-"], capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory(prefix="gk-p2h-") as tmp:
        out = subprocess.run([*cmd, str(pdf), str(Path(tmp) / "out")], capture_output=True, check=True,
                             cwd=tmp).stdout
        if "-stdout" not in cmd:  # (-c writes its page to a file: out-html.html)
            out = max(Path(tmp).glob("*.html"), key=lambda f: f.stat().st_size).read_bytes()
        return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--classes", default="ruled,borderless,narrow")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--cache", default="/tmp/gk-pdf-html")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)

    from test_layout_generator import ALL_CELLS, Completeness, _read_right, score
    from text_classes import print_cached

    from gongkai.audit import audit
    from gongkai.readers.html import read_html
    from gongkai.readers.mapping import map_document

    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    classes = args.classes.split(",")
    print_cached(cache, classes, range(args.seeds))
    total = Completeness()
    for variant in args.variants.split(","):
        got = Completeness()
        for cls in classes:
            for seed in range(args.seeds):
                stem = cache / f"{cls}-{seed}"
                rep, _ = pickle.loads(stem.with_suffix(".pickle").read_bytes())
                read = map_document(read_html(convert(stem.with_suffix(".pdf"), variant), "g.html"))
                before = (got.right, got.wrong, got.false_errors)
                score(got, rep, read)
                score(total, rep, read)
                if args.show and (got.wrong > before[1] or got.false_errors > before[2]
                                  or got.right - before[0] < len(ALL_CELLS)):
                    missed = [(k[0], k[1], k[2], rep.cells[k].raw, read.cells[k].raw if k in read.cells else None)
                              for k in ALL_CELLS if not _read_right(rep.cells[k], read.cells.get(k))]
                    errors = [f"{f.code} {f.message[:50]}" for f in audit(read) if f.severity == "error"]
                    print(f"  {variant} {cls}-{seed}: {len(missed)} not right, wrong {got.wrong - before[1]}: "
                          f"{missed[:3]} {errors[:2]}")
        print(f"{variant:22} {got}", flush=True)
    print(f"{'all':22} {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

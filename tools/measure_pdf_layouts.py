"""Measure the PDF reader on the layout generator's Chromium prints (tests/pdf_layouts.py): per table ruling,
the share of cells read right (and of the OTHERS families below), the cells read wrong and the reports given a false 错误, over many seeds.

    PYTHONPATH=src python tools/measure_pdf_layouts.py [--seeds 60] [--first 0] [--families unruled,outer,calc]
        [--cache DIR] [--show] [--style fit_rows=False --style borders=False]

Printing is the slow part: with ``--cache`` each printed PDF and its report are kept (DIR/family-seed.pdf and
.pickle), so a change to the reader is measured again on the same PDFs in seconds.  ``--show`` lists, per
report, the cells not read right (expected / read).
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

RULES = {"ruled": "all", "unruled": "none", "horizontal": "horizontal", "outer": "outer"}
# families not printed by Chromium: LibreOffice Calc's prints of re-laid workbooks (tests/calc_pdf.py), tables
# ruled by drawn lines, per cell or rows only, without their outer border (tests/drawn_lines_pdf.py), and
# Chromium's ruled prints re-printed by ``pdftocairo -pdf``
OTHERS = ("calc", "drawn", "cairo")


def _other(family: str, seed: int, printer_of, overrides=None):
    """(report, style, PDF bytes) of ``family`` for ``seed``; ``overrides``: style fields set after the draw."""
    import dataclasses
    import subprocess
    import tempfile

    from test_layout_generator import make_case

    rng = random.Random(seed)
    if family == "calc":
        from calc_pdf import calc_pdf, calc_style

        rep, rng = make_case(rng, marks=rng.random() < 0.5)
        style = dataclasses.replace(calc_style(rng), **(overrides or {}))
        return rep, style, calc_pdf(rep, style)
    if family == "drawn":
        from drawn_lines_pdf import draw_style, drawn_pdf
        from text_classes import blank_legal_case

        rep = blank_legal_case(rng) if seed % 3 == 0 else make_case(rng, blank_rows=True)[0]
        style = dataclasses.replace(draw_style(rng), per_cell=rng.random() < 0.6, outer=rng.random() < 0.4,
                                    horizontal_only=rng.random() < 0.4, short=rng.choice([0.0, 0.0, 1.5]))
        return rep, style, drawn_pdf(rep, style)
    from pdf_layouts import draw_style, report_html
    from test_layout_generator import TITLE

    rep, rng = make_case(rng, marks=rng.random() < 0.5)
    style = draw_style(rng, rng.choice(["all", "none", "horizontal"]))
    data = printer_of().print_pdf(report_html(rep, rng, style), style, TITLE)
    with tempfile.TemporaryDirectory(prefix="gk-cairo-") as tmp:
        src, out = Path(tmp) / "a.pdf", Path(tmp) / "b.pdf"
        src.write_bytes(data)
        subprocess.run(["pdftocairo", "-pdf", str(src), str(out)], check=True, capture_output=True, timeout=120)
        return rep, style, out.read_bytes()


def _value(text: str):
    """A --style value: True/False, a number or the text itself."""
    if text in ("True", "False"):
        return text == "True"
    try:
        return float(text)
    except ValueError:
        return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=60)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--families", default=",".join(RULES))
    ap.add_argument("--cache", default="")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--style", action="append", default=[],
                    help="field=value set on each drawn style of the other families (calc: fit_rows=False ...)")
    args = ap.parse_args(argv)
    overrides = {k: _value(v) for k, v in (item.split("=", 1) for item in args.style)}

    from pdf_layouts import ChromiumPrinter, draw_style, report_html
    from test_layout_generator import ALL_CELLS, TITLE, Completeness, _read_right, make_case, score

    from gongkai.readers.mapping import map_document
    from gongkai.readers.pdf import read_pdf

    cache = Path(args.cache) if args.cache else None
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    printer = None
    for family in args.families.split(","):
        got = Completeness()
        for seed in range(args.first, args.first + args.seeds):
            pdf = cache / f"{family}-{seed}.pdf" if cache else None
            if pdf and pdf.exists():
                rep, style = pickle.loads(pdf.with_suffix(".pickle").read_bytes())
                data = pdf.read_bytes()
            elif family in OTHERS:
                def printer_of():
                    nonlocal printer
                    printer = printer or ChromiumPrinter()
                    return printer

                rep, style, data = _other(family, seed, printer_of, overrides)
                if pdf:
                    pdf.write_bytes(data)
                    pdf.with_suffix(".pickle").write_bytes(pickle.dumps((rep, style)))
            else:
                # the same draws as tests/readers/test_pdf_generator.py's chromium_case
                rng = random.Random(seed)
                rep, rng = make_case(rng, marks=rng.random() < 0.5)
                style = draw_style(rng, RULES[family])
                printer = printer or ChromiumPrinter()
                data = printer.print_pdf(report_html(rep, rng, style), style, TITLE)
                if pdf:
                    pdf.write_bytes(data)
                    pdf.with_suffix(".pickle").write_bytes(pickle.dumps((rep, style)))
            read = map_document(read_pdf(data, "g.pdf"))
            before = (got.right, got.wrong, got.false_errors)
            score(got, rep, read)
            if args.show and (got.right - before[0] < len(ALL_CELLS) or got.wrong > before[1]
                              or got.false_errors > before[2]):
                missed = [(k, rep.cells[k].raw, read.cells[k].raw if k in read.cells else None)
                          for k in ALL_CELLS if not _read_right(rep.cells[k], read.cells.get(k))]
                print(f"  {family} {seed}: {len(missed)} not right, {style}: {missed[:8]}")
        print(f"{family}: {got}", flush=True)
    if printer:
        printer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

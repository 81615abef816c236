"""Dump what gongkai reads from every corpus document and from a fixed seed set of the layout generator's
documents — every cell, every reading note and every audit finding — as JSON lines, so a change to the
readers can be compared with the reading before it (``diff`` of two dumps).

    PYTHONPATH=src python tools/dump_readings.py OUT.jsonl [--corpus ../shared/corpus] [--seeds 40] [--no-pdf]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def _report_dump(name: str, rep, findings) -> dict:
    cells = {"|".join(k): {"kind": c.kind, "raw": c.raw, "value": None if c.value is None else str(c.value),
                           "inferred": c.inferred, "candidates": list(c.candidates or [])}
             for k, c in sorted(rep.cells.items())}
    return {"doc": name, "format": rep.format_id, "year": rep.year, "agency": rep.agency, "title": rep.title,
            "cells": cells,
            "notes": [{"code": n.code, "message": n.message, "data": json.loads(json.dumps(n.data, default=str))}
                      for n in rep.notes],
            "findings": [f.to_dict() for f in findings]}


def corpus_docs(corpus: Path, pdf: bool):
    exts = {".txt", ".html", ".htm", ".md", ".docx", ".xlsx"} | ({".pdf"} if pdf else set())
    for p in sorted(corpus.rglob("*")):
        if p.is_file() and p.suffix.lower() in exts and p.name != "SOURCES.md":
            yield p


def generator_docs(seeds: int):
    import test_layout_generator as g
    from office_helpers import consistent_values, report_from_values

    from gongkai.readers.html import read_html
    from gongkai.readers.markdown import read_markdown
    from gongkai.readers.text import read_text

    kinds = {
        "html": lambda rep, rng: read_html(g.html_split_labels(rep, rng).encode("utf-8"), "g.html"),
        "markdown": lambda rep, rng: read_markdown(g.converter_markdown(rep, rng), "g.md"),
        "layout": lambda rep, rng: read_text(g.layout_text(rep, rng), "g.txt"),
        "layout_varied": lambda rep, rng: read_text(g.layout_varied(rep, rng), "g.txt"),
        "flattened": lambda rep, rng: read_text(g.flattened_text(rep, rng), "g.txt"),
    }
    t3 = [k for k in g.ALL_CELLS if k[0] == "三"]
    for seed in range(seeds):
        for kind, read in kinds.items():
            rng = random.Random(seed * 7919 + len(kind))
            small = kind == "flattened"
            values = consistent_values(rng, rng.choice([0, 3, 12] if small else [0, 3, 60, 5000]))
            blanks = rng.sample(t3, rng.randint(0, 3))
            for key in blanks:
                values.pop(key)
            rep = report_from_values(values, blanks=blanks, title=g.TITLE)
            yield f"gen:{kind}:{seed}", (lambda r=rep, rg=random.Random(seed), rd=read: rd(r, rg))


def main(argv=None) -> int:
    from gongkai.audit import audit
    from gongkai.readers import read_report
    from gongkai.readers.mapping import map_document

    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--seeds", type=int, default=40)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args(argv)
    with open(args.out, "w", encoding="utf-8") as out:
        for p in corpus_docs(Path(args.corpus), not args.no_pdf):
            try:
                rep = read_report(p)
                line = _report_dump(str(p.relative_to(args.corpus)), rep, audit(rep))
            except Exception as e:  # noqa: BLE001 — a refusal is part of the reading
                line = {"doc": str(p.relative_to(args.corpus)), "error": f"{type(e).__name__}: {e}"}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        for name, make in generator_docs(args.seeds):
            rep = map_document(make())
            out.write(json.dumps(_report_dump(name, rep, audit(rep)), ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

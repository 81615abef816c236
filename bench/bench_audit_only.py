"""CPU time of ``audit(report)`` alone over the corpus reports (issue 16), each report read once beforehand.

With ``--reference DIR`` (a copy of an earlier ``src/gongkai/audit`` package, e.g. from
``git archive <commit> src/gongkai/audit | tar -x -C /tmp/ref``) the earlier auditor is loaded beside this one
(as ``gongkai._audit_reference``) and the two alternate within every repetition, so load from other processes
hits both alike; the medians and their ratio are printed, and with ``--check`` the two auditors' findings are
compared report by report (they must be identical).

    .venv/bin/python bench/bench_audit_only.py [--corpus ../shared/corpus] [--repeat 11] [--reference DIR] [--check]
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

from gongkai.audit.registry import audit
from gongkai.readers import read_report

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".html", ".htm", ".txt", ".md", ".pdf")


def load_reference(folder: Path):
    """``audit`` of the auditor package in ``folder``, imported as ``gongkai._audit_reference``."""
    name = "gongkai._audit_reference"
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return importlib.import_module(f"{name}.registry").audit


def per_report(fn, reports, min_seconds: float = 0.05) -> float:
    """CPU seconds per report of ``fn`` over all reports: passes repeated until they fill ``min_seconds``."""
    n, t0 = 0, time.process_time()
    while True:
        for r in reports:
            fn(r)
        n += 1
        elapsed = time.process_time() - t0
        if elapsed >= min_seconds:
            return elapsed / n / len(reports)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=11)
    ap.add_argument("--reference", help="folder of an earlier gongkai/audit package to compare with")
    ap.add_argument("--check", action="store_true", help="with --reference: the findings must be identical")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"语料目录 {corpus} 不存在", file=sys.stderr)
        return 2
    paths = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in SUFFIXES and p.name != "SOURCES.md")
    reports = [read_report(p) for p in paths]
    sides = {"本程序": audit}
    if args.reference:
        sides["参照"] = load_reference(Path(args.reference))
        if args.check:
            for p, r in zip(paths, reports):
                ours = [json.dumps(f.to_dict(), ensure_ascii=False, default=str) for f in audit(r, strict=True)]
                theirs = [json.dumps(f.to_dict(), ensure_ascii=False, default=str)
                          for f in sides["参照"](r, strict=True)]
                if ours != theirs:
                    print(f"{p}：审核意见与参照不同", file=sys.stderr)
                    return 1
            print(f"{len(reports)} 个报告的审核意见与参照完全相同")
    for fn in sides.values():
        per_report(fn, reports, 0.01)  # warm up
    runs = {k: [] for k in sides}
    for _ in range(args.repeat):
        for k, fn in sides.items():
            runs[k].append(per_report(fn, reports))
    medians = {k: statistics.median(v) for k, v in runs.items()}
    line = "；".join(f"{k} {v * 1000:.3f} ms" for k, v in medians.items())
    ratio = f"，本程序/参照 = {medians['本程序'] / medians['参照']:.2f}" if "参照" in medians else ""
    print(f"语料中 {len(reports)} 个报告，每个报告审核（不含读取）CPU 时间（{args.repeat} 次交替取中位数）：{line}{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time extract+audit over the corpus against a floor measured in the same run.

The floor is the bare library call: ``lxml.html.fromstring`` on the same HTML files (and,
for the text files, decoding the bytes).  Machines here are noisy, so what matters is the
ratio, not the seconds.  Each measurement is the best of ``--repeat`` runs.

    .venv/bin/python bench/bench_audit.py [--corpus ../shared/corpus] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import lxml.html

from gongkai.audit.registry import audit
from gongkai.readers import read_report

ROOT = Path(__file__).resolve().parents[1]


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"语料目录 {corpus} 不存在", file=sys.stderr)
        return 2
    html = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in (".html", ".htm"))
    text = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in (".txt", ".md") and p.name != "SOURCES.md")
    html_bytes = [p.read_bytes() for p in html]
    text_bytes = [p.read_bytes() for p in text]

    def ours(paths):
        def run():
            for p in paths:
                audit(read_report(p))
        return run

    def lxml_floor():
        for b in html_bytes:
            lxml.html.fromstring(b)

    def decode_floor():
        for b in text_bytes:
            b.decode("utf-8", errors="replace").splitlines()

    ours(html + text)()  # warm up imports and caches
    t_html = best_of(ours(html), args.repeat)
    t_lxml = best_of(lxml_floor, args.repeat)
    t_text = best_of(ours(text), args.repeat)
    t_decode = best_of(decode_floor, args.repeat)
    n = len(html) + len(text)
    print(f"HTML 文件 {len(html)} 个：extract+audit {t_html * 1000:.1f} ms，lxml 解析 {t_lxml * 1000:.2f} ms，"
          f"比值 {t_html / t_lxml:.0f}×")
    print(f"文本文件 {len(text)} 个：extract+audit {t_text * 1000:.1f} ms，仅解码分行 {t_decode * 1000:.2f} ms，"
          f"比值 {t_text / t_decode:.0f}×")
    print(f"全部 {n} 个报告：平均每个 {(t_html + t_text) / n * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

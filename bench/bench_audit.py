"""Time extract+audit over the corpus against a floor measured in the same run.

HTML floor: the bare library call, ``lxml.html.fromstring`` on the same files.  Target: within 10×.

Text floor: ``lxml.html.fromstring`` of *the same report as HTML* — gongkai's own HTML rendering of what was
read from the text file (made once, before timing).  A text report carries the same content as its HTML
page, so a text report gets the same absolute time per report as the HTML of that report: its ratio against
this floor answers "is reading a report from text as quick as reading it from HTML would be", and the target
is the HTML's (within 10×).  (The earlier floor — decode, NFKC and the digit runs of each line — measured
string scanning that takes a tenth of an HTML parse, so its ratio said little about the reader.)
The text target itself is timed too: the same reports written as HTML files and read+audited as HTML,
interleaved with the rest — text per report against HTML per report of the same reports (target ≤ 1).

Each sample of a side runs it as many times as fill about 20 ms of CPU time (``time.process_time``: what the
code costs, not how long other processes kept it waiting) and is divided back to one pass.  Ours and
floor alternate within every repetition (ours, floor, ours, floor …) and the medians are compared, so load
from other processes hits both sides alike.  What matters is the ratio, not the seconds.

    .venv/bin/python bench/bench_audit.py [--corpus ../shared/corpus] [--repeat 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import lxml.html

from gongkai.audit.registry import audit
from gongkai.readers import mapping, split
from gongkai.readers import read_report
from gongkai.writers import write_html
from _results import add_json_arg, record  # bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]


def forget_document_memos() -> None:
    split.clear_memos()
    mapping._SCORES.clear()


def sample(fn, min_seconds: float = 0.02) -> float:
    """CPU seconds of one call of ``fn``: calls repeated until they fill ``min_seconds``, divided back."""
    n, t0 = 0, time.process_time()
    while True:
        fn()
        n += 1
        elapsed = time.process_time() - t0
        if elapsed >= min_seconds:
            return elapsed / n


def interleaved(pairs, repeat: int) -> list[float]:
    """Median seconds of each function, the functions alternating within every repetition."""
    runs = [[] for _ in pairs]
    for _ in range(repeat):
        for k, fn in enumerate(pairs):
            runs[k].append(sample(fn))
    return [statistics.median(r) for r in runs]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--warm", action="store_true", help="keep the per-document memos between reads")
    add_json_arg(ap)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"语料目录 {corpus} 不存在", file=sys.stderr)
        return 2
    html = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in (".html", ".htm"))
    text = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in (".txt", ".md") and p.name != "SOURCES.md")
    html_bytes = [p.read_bytes() for p in html]
    text_as_html = [write_html(read_report(p)).encode("utf-8") for p in text]  # the same reports as HTML
    # the same reports as HTML files, read+audited as HTML: the text target ("text within the same absolute time
    # per report as HTML of the same report") compares the text side with these
    same_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    same_html = []
    for k, (p, b) in enumerate(zip(text, text_as_html)):
        same_html.append(same_dir / f"{k:02d}-{p.stem}.html")
        same_html[-1].write_bytes(b)

    def ours(paths):
        def run():
            for p in paths:
                # each read as of a report never read before: the memos keyed by a document's own rows (the
                # glued-digit splitter's, the label alignment's scores) forgotten, so that reading the same files
                # again and again does not measure a cache a batch of different reports would seldom hit
                # (--warm keeps them: what re-reading or one template's reports cost)
                if not args.warm:
                    forget_document_memos()
                audit(read_report(p))
        return run

    def lxml_floor():
        for b in html_bytes:
            lxml.html.fromstring(b)

    def text_floor():
        for b in text_as_html:
            lxml.html.fromstring(b)

    ours(html + text)()  # warm up imports and caches
    ours(same_html)()
    t_html, t_lxml, t_text, t_floor, t_same = interleaved(
        [ours(html), lxml_floor, ours(text), text_floor, ours(same_html)], args.repeat)
    shutil.rmtree(same_dir, ignore_errors=True)
    n = len(html) + len(text)
    print(f"HTML 文件 {len(html)} 个：extract+audit {t_html * 1000:.1f} ms，lxml 解析 {t_lxml * 1000:.2f} ms，"
          f"比值 {t_html / t_lxml:.0f}×")
    print(f"文本文件 {len(text)} 个：extract+audit {t_text * 1000:.1f} ms，同一报告的 HTML 经 lxml 解析 "
          f"{t_floor * 1000:.2f} ms，比值 {t_text / t_floor:.0f}×")
    print(f"同样 {len(text)} 个报告写成 HTML 后读取+审核 {t_same * 1000:.1f} ms：文本每份 {t_text / len(text) * 1000:.2f} ms，"
          f"HTML 每份 {t_same / len(text) * 1000:.2f} ms，文本/HTML {t_text / t_same:.2f}（目标 ≤ 1）")
    print(f"全部 {n} 个报告：平均每个 {(t_html + t_text) / n * 1000:.1f} ms（{args.repeat} 次交替取中位数；"
          f"{'保留' if args.warm else '每次读取前清空'}按文档内容的缓存）")
    record(args.json, "bench_audit.py", [
        {"what": f"语料中 {len(html)} 个 HTML 报告读取+审核（CPU 时间，{args.repeat} 次交替取中位数，"
                 + ("保留按文档内容的缓存）" if args.warm else "每次读取都当作从未读过的报告：按文档内容的缓存清空）"),
         "ours": f"{t_html * 1000:.1f} ms", "floor": f"`lxml.html.fromstring` {t_lxml * 1000:.2f} ms",
         "ratio": f"{t_html / t_lxml:.0f}×"},
        {"what": f"语料中 {len(text)} 个文本报告读取+审核（同上）——每份 {t_text / max(len(text), 1) * 1000:.1f} ms，"
                 f"同样的报告写成 HTML 后读取+审核每份 {t_same / max(len(text), 1) * 1000:.1f} ms"
                 f"（文本/HTML {t_text / t_same:.2f}，目标 ≤ 1）",
         "ours": f"{t_text * 1000:.1f} ms", "floor": f"同一报告经本程序写成 HTML 后 `lxml.html.fromstring` {t_floor * 1000:.2f} ms",
         "ratio": f"{t_text / t_floor:.0f}×"}])
    return 0


if __name__ == "__main__":
    sys.exit(main())

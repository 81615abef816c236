"""Folder audit (``gongkai audit DIR -j N``): peak memory and throughput for many reports.

    .venv/bin/python bench/bench_batch.py [--reports 10000] [--jobs 0] [--format json|csv|text] [--corpus ../shared/corpus]
                                        [--json FILE]

``--reports`` copies of the corpus's text and HTML reports (in turn) are written into a temporary folder, and
``gongkai audit FOLDER -j N --format F`` runs on it as a new process, its output thrown away after its report
count is checked.  While it runs, the resident memory of the command and all its worker processes is summed
every 100 ms (RSS, which counts the pages a forked worker shares with the parent once per process, so it
overstates; PSS, which shares them out, alongside): the peak of the sum is printed.

Floor: the single-report time, read+audit in this process of the corpus files in turn (as the folder has
them), the median of several passes divided by the files; the ideal folder time is that × reports / cores, cores being
min(N, CPU count).  The floor is timed before and after the folder audit and the two averaged, so load
from other processes hits both sides alike.  Both wall time (what a user waits) and CPU time (user+system,
parent and workers; robust to other load on the machine) are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _results import add_json_arg, record  # bench/ is the script's folder

from gongkai.audit import audit
from gongkai.readers import read_report

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm")
                  and p.name != "SOURCES.md")


def make_folder(sources: list[Path], n: int, folder: Path) -> None:
    """``n`` copies of ``sources`` in turn, 1000 to a sub-folder."""
    blobs = [p.read_bytes() for p in sources]
    for i in range(n):
        k = i % len(sources)
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:05d}_{sources[k].name}").write_bytes(blobs[k])


def single_time(sources: list[Path], repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds of read+audit of one report in this process: a pass over ``sources`` in turn (as
    the folder has them: each file another than the one before, as in the workers), median of ``repeat``
    passes after a warm one, divided by the number of files."""
    def one_pass():
        w0, c0 = time.perf_counter(), time.process_time()
        for p in sources:
            audit(read_report(p))
        return (time.perf_counter() - w0) / len(sources), (time.process_time() - c0) / len(sources)
    one_pass()
    passes = [one_pass() for _ in range(repeat)]
    return statistics.median(w for w, _ in passes), statistics.median(c for _, c in passes)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return out


def _memory(pid: int, field: bytes) -> int:
    """Bytes of ``field`` (b"Rss:" or b"Pss:") of one process, 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class PeakMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process tree every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = self.max_processes = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            pids = _tree(self.pid)
            self.max_processes = max(self.max_processes, len(pids))
            self.peak_rss = max(self.peak_rss, sum(_memory(p, b"Rss:") for p in pids))
            self.peak_pss = max(self.peak_pss, sum(_memory(p, b"Pss:") for p in pids))
            self.done.wait(self.interval)


def run_batch(folder: Path, jobs: int, fmt: str, out: Path) -> tuple[float, float, PeakMemory, int]:
    """Wall seconds, CPU seconds (command and workers), memory sampler, exit status of the folder audit."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "gongkai", "audit", str(folder), "-j", str(jobs), "--format", fmt]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(out, "wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE, env=env)
        sampler = PeakMemory(proc.pid)
        sampler.start()
        err = proc.communicate()[1]
    wall = time.perf_counter() - t0
    sampler.done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"{cmd} exited {proc.returncode}: {err.decode()[-800:]}")
    return wall, cpu, sampler, proc.returncode


def count_reports(out: Path, fmt: str) -> int:
    if fmt == "json":
        with open(out, encoding="utf-8") as f:
            return len(json.load(f)["reports"])
    if fmt == "csv":
        import csv
        with open(out, encoding="utf-8", newline="") as f:
            return len({row[0] for row in csv.reader(f)} - {"source"})
    with open(out, encoding="utf-8") as f:
        return sum(1 for line in f if line.startswith("─"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=0, help="-j of the folder audit (0: CPU count)")
    ap.add_argument("--format", choices=("json", "csv", "text"), default="json")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each file for the single-report time")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    add_json_arg(ap)
    a = ap.parse_args(argv)
    corpus = Path(a.corpus)
    if not corpus.exists():
        print(f"语料目录 {corpus} 不存在", file=sys.stderr)
        return 2
    sources = corpus_files(corpus)
    jobs = a.jobs or os.cpu_count() or 1
    cores = min(jobs, os.cpu_count() or 1)
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-batch-"))
    try:
        folder = tmp / "reports"
        folder.mkdir()
        make_folder(sources, a.reports, folder)
        first = single_time(sources, a.repeat)
        wall, cpu, mem, status = run_batch(folder, jobs, a.format, tmp / "out")
        second = single_time(sources, a.repeat)
        n_out = count_reports(tmp / "out", a.format)
        if n_out != a.reports:
            raise SystemExit(f"输出中有 {n_out} 份报告，应为 {a.reports} 份")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    single_wall, single_cpu = (first[0] + second[0]) / 2, (first[1] + second[1]) / 2
    ideal = single_wall * a.reports / cores
    print(f"{a.reports} 份报告（{len(sources)} 个语料文件轮流复制），-j {jobs}，--format {a.format}，退出码 {status}")
    print(f"峰值内存（命令及其全部工作进程之和，最多 {mem.max_processes} 个进程）：RSS {mem.peak_rss / MIB:.0f} MiB，"
          f"PSS {mem.peak_pss / MIB:.0f} MiB")
    print(f"用时 {wall:.1f} s；单份 {single_wall * 1000:.1f} ms × {a.reports} / {cores} 核 = {ideal:.1f} s；"
          f"比值 {wall / ideal:.2f}×")
    print(f"CPU 时间 {cpu:.1f} s；单份 {single_cpu * 1000:.1f} ms × {a.reports} = {single_cpu * a.reports:.1f} s；"
          f"比值 {cpu / (single_cpu * a.reports):.2f}×")
    n = f"{a.reports // 10000} 万" if a.reports % 10000 == 0 else f"{a.reports} "
    record(a.json, "bench_batch.py", [
        {"what": f"文件夹审核 {n}份（`-j {jobs}`，{a.format.upper()}）峰值内存（命令与工作进程之和）",
         "ours": f"RSS {mem.peak_rss / MIB:.0f} MiB（PSS {mem.peak_pss / MIB:.0f} MiB）", "floor": "上限 500 MiB", "ratio": "—"},
        {"what": f"同上，CPU 时间（同次墙钟 {wall:.1f} s 对理想 {ideal:.1f} s，{wall / ideal:.2f}×；负载高时墙钟比值无意义）",
         "ours": f"{cpu:.{0 if cpu >= 100 else 1}f} s",
         "floor": f"单份 {single_cpu * 1000:.1f} ms × {n.strip()} = {single_cpu * a.reports:.{0 if cpu >= 100 else 1}f} s",
         "ratio": f"{cpu / (single_cpu * a.reports):.2f}×"}])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cold start of ``gongkai audit one.txt`` against a fresh interpreter importing ``lxml.html``.

    .venv/bin/python bench/bench_cold_start.py [--repeat 15] [--report FILE]

Each side is a new process of the same interpreter (``sys.executable``), with this checkout's ``src`` on
``PYTHONPATH``: "ours" runs the ``gongkai`` console script's entry (``gongkai.cli.main``) on the shipped
sample report (a text report: read, mapped, audited, printed); the floor is ``python -c "import lxml.html"``,
the least a tool that reads HTML reports pays at start.  The two alternate (ours, floor, ours, floor …) and
the medians are compared, so load from other processes on the machine hits both alike.  Besides the wall
time, each side's CPU time (user + system, from ``wait4``) is compared: on a machine shared with other work
a short process waits for a core in proportion less than a long one, so the wall ratio drifts with the load
while the CPU ratio does not.

Bytecode: an installed gongkai has its ``.pyc`` files (pip compiles at install), as lxml has; this checkout
run with ``PYTHONDONTWRITEBYTECODE`` would compile every module from source at each start.  So both sides
run with bytecode written to and read from a temporary ``PYTHONPYCACHEPREFIX`` (nothing written into
``src/``), warmed once before timing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _results import add_json_arg, record  # bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "gongkai" / "samples" / "sample-report-2023.txt"


def run(cmd, env) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 1):  # 1: the sample has 错误 findings, as intended
        raise SystemExit(f"{cmd} exited {p.returncode}")
    return dt, usage.ru_utime + usage.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--report", default=str(SAMPLE))
    add_json_arg(ap)
    a = ap.parse_args(argv)
    cache = tempfile.mkdtemp(prefix="gongkai-pycache-")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ours = [sys.executable, "-c", "import sys; from gongkai.cli import main; sys.exit(main())", "audit", a.report]
    floor = [sys.executable, "-c", "import lxml.html"]
    run(ours, env), run(floor, env)  # warm the page cache and .pyc files
    t_ours, t_floor = [], []
    for _ in range(a.repeat):
        t_ours.append(run(ours, env))
        t_floor.append(run(floor, env))
    mo, mf = (statistics.median(t[0] for t in ts) for ts in (t_ours, t_floor))
    co, cf = (statistics.median(t[1] for t in ts) for ts in (t_ours, t_floor))
    print(f"冷启动 gongkai audit {Path(a.report).name}：{mo * 1000:.0f} ms；python -c 'import lxml.html'：{mf * 1000:.0f} ms；"
          f"比值 {mo / mf:.2f}×（{a.repeat} 次交替取中位数）")
    print(f"CPU 时间：{co * 1000:.0f} ms；{cf * 1000:.0f} ms；比值 {co / cf:.2f}×")
    record(a.json, "bench_cold_start.py", [{
        "what": f"冷启动 `gongkai audit` {'示例报告' if a.report == str(SAMPLE) else Path(a.report).name}（CPU 时间，"
                f"{a.repeat} 次交替取中位数；墙钟 {mo * 1000:.0f} ms 对 {mf * 1000:.0f} ms）",
        "ours": f"{co * 1000:.0f} ms", "floor": f'`python -c "import lxml.html"` {cf * 1000:.0f} ms',
        "ratio": f"{co / cf:.2f}×"}])
    return 0


if __name__ == "__main__":
    sys.exit(main())

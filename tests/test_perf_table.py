"""tools/perf_table.py: the web benchmark's JSON results replace the README's bench_web rows and note and the
block of docs/deploy.md, leaving the other benchmarks' rows as they were."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("perf_table", ROOT / "tools" / "perf_table.py")
perf_table = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(perf_table)


def _run(db, p95s, when="2026-12-06 05:00 UTC"):
    names = ["floor（机关公开页）", "年报总览（上级，100 个机关）", "办件页"]
    return {"when": when, "db": db, "agencies": 100, "cases": 10000, "clients": 20, "rounds": 3, "workers": 2,
            "threads": 8, "cores": 2, "python": "3.11.7", "load": [1.0, 2.0], "first_overview_ms": 5000,
            "first_workspace_ms": 300, "errors": 0,
            "pages": [{"page": n, "p50_ms": p // 2, "p95_ms": p, "ratio": round(p / p95s[0], 2), "errors": 0,
                       "requests": 60} for n, p in zip(names, p95s)]}


README = """## 性能 / Performance

| 脚本 | 我们 | 基准（同次运行） | 比值 |
|---|---|---|---|
| `bench_audit.py`：语料 | 37.0 ms | lxml 0.46 ms | 81× |
| `bench_web.py`：旧的一行 | 1625 ms | 机关公开页 p95 700 ms | 2.3× |
| `bench_web.py`：旧的另一行 | 1826 ms | 机关公开页 p95 700 ms | 2.6× |

平均每份报告读取加审核约 17 ms。
"""


def test_readme_rows_replaced_others_kept_and_note_written_once():
    runs = perf_table.latest([_run("sqlite3", [100, 200, 150], when="old"), _run("postgresql", [80, 120, 90]),
                              _run("sqlite3", [100, 250, 150])])
    assert [r["db"] for r in runs] == ["sqlite3", "postgresql"]
    once = perf_table.rewrite_readme(README, runs)
    assert "旧的" not in once and "| `bench_audit.py`：语料 | 37.0 ms" in once
    assert "| 250 ms | 机关公开页 p95 100 ms | 2.5× |" in once and "| 120 ms | 机关公开页 p95 80 ms | 1.5× |" in once
    assert once.count(perf_table.NOTE + "的结果") == 1 and "平均每份报告读取加审核约 17 ms。" in once
    assert perf_table.rewrite_readme(once, runs) == once  # regenerating is stable


def test_deploy_block_between_markers():
    text = f"前文\n{perf_table.START}\n旧表\n{perf_table.END}\n后文\n"
    out = perf_table.rewrite_deploy(text, perf_table.latest([_run("sqlite3", [100, 250, 150]),
                                                             _run("postgresql", [80, 120, 90])]))
    assert "旧表" not in out and out.startswith("前文\n") and out.endswith(f"{perf_table.END}\n后文\n")
    assert "| 年报总览（上级，100 个机关） | 125 ms | 250 ms（2.5×） | 60 ms | 120 ms（1.5×） |" in out


def test_deploy_block_shows_the_servers_cpu_per_request_when_the_run_measured_it():
    with_cpu = _run("sqlite3", [100, 250, 150])
    for p, ms in zip(with_cpu["pages"], (8.5, 21.0, 12.0)):
        p["server_cpu_ms"] = ms
    out = perf_table.deploy_block(perf_table.latest([with_cpu, _run("postgresql", [80, 120, 90])]))
    assert "| 页面 | SQLite p50 | SQLite p95 | SQLite 服务器 CPU/请求 | PostgreSQL p50 | PostgreSQL p95 |" in out
    assert "|---|---|---|---|---|---|" in out
    assert "| 年报总览（上级，100 个机关） | 125 ms | 250 ms（2.5×） | 21 ms | 60 ms | 120 ms（1.5×） |" in out

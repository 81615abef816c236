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


# ---- every other benchmark: bench/_results.py entries ---------------------------------------------------------

import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import _results  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"

TABLE = """## 性能 / Performance

说明。

| 脚本 | 我们 | 基准（同次运行） | 比值 |
|---|---|---|---|
| `bench_audit.py`：语料，旧 | 37.0 ms | lxml 0.46 ms | 81× |
| `bench_office.py`：PDF，旧 | 0.187 s | pdfplumber 0.924 s | 0.20× |
| `bench_pdf.py`：甲，旧 | 0.0398 s | pypdfium2 0.0175 s | 2.28× |
| `bench_pdf.py`：乙，旧 | 0.0358 s | pypdfium2 0.0137 s | 2.61× |
| `bench_office.py`：DOCX，旧 | 0.017 s | python-docx 0.032 s | 0.53× |
| `bench_supervise.py`：审核吞吐：旧 | 71.1 份/秒 | audit 125.8 份/秒 | 1.77× |
| `bench_supervise.py`：页面：旧 | 381 ms | 目标 300 ms | 1.27× |

<!-- bench_supervise.py 审核吞吐:start -->
旧的吞吐说明。
<!-- bench_supervise.py 审核吞吐:end -->
<!-- bench_supervise.py 页面:start -->
旧的页面说明。
<!-- bench_supervise.py 页面:end -->

## 项目结构 / Layout
"""


def _entry(bench, rows, when="2026-12-06 20:00 UTC", load=(0.4, 0.9), part=None, data=None):
    e = {"bench": bench, "when": when, "started": when, "load": list(load) if load else None, "cores": 2,
         "python": "3.11.7", "rows": [_results.row(*r) for r in rows]}
    if part:
        e["part"] = part
    if data is not None:
        e["data"] = data
    return e


def _throughput(same=True):
    return _entry("bench_supervise.py", [("审核吞吐：新的秒数", "70.0 份/秒（40.0 s）", "audit 140.0 份/秒（20.0 s）", "2.00×")],
                  part="审核吞吐", data={"reports": 2800, "rounds": 4, "units": 1200, "workers": 2,
                                         "worker_concurrency": 1, "seconds": [40.0, 20.0],
                                         "cpu": {"import": 4.0, "workers": 60.0, "pg": 0.5, "floor": 43.0},
                                         "errors": [1000, 1000 if same else 999], "warnings": [9000, 9000],
                                         "same": same})


def _pages():
    pages = [{"page": "floor（机关公开页）", "p50_ms": 60, "p95_ms": 100, "ratio": 1.0, "server_cpu_ms": 6.0},
             {"page": "审查概览（1200 个机关）", "p50_ms": 120, "p95_ms": 200, "ratio": 2.0, "server_cpu_ms": 18.5},
             {"page": "上级审查页（各机关发布情况）", "p50_ms": 250, "p95_ms": 450, "ratio": 4.5, "server_cpu_ms": 30.0}]
    return _entry("bench_supervise.py", [("页面：审查概览 p95", "200 ms", "目标 300 ms", "0.67×"),
                                         ("页面：上级审查页 p95", "450 ms", "目标 300 ms", "1.50×")],
                  part="页面", data={"reports": 2800, "units": 1200, "clients": 10, "rounds": 5, "requests": 150,
                                     "web_workers": 2, "threads": 8, "errors": 0, "pages": pages})


def _rows_of(text, bench):
    return [line for line in text.split("\n") if line.startswith(f"| `{bench}`")]


def test_entry_rows_replace_the_benchmarks_rows_in_place_and_keep_the_others():
    old_pdf = _entry("bench_pdf.py", [("丙", "9 s", "pypdfium2 9 s", "1.00×")], when="2026-12-06 10:00 UTC")
    new_pdf = _entry("bench_pdf.py", [("甲 读取（CPU 时间）", "0.0400 s", "pypdfium2 逐字符框 0.0170 s", "2.35×"),
                                      ("乙 读取", "0.0300 s", "pypdfium2 逐字符框 0.0150 s", "2.00×"),
                                      ("丁 读取", "0.0200 s", "pypdfium2 逐字符框 0.0100 s", "2.00×")])
    out = perf_table.rewrite_readme_entries(TABLE, perf_table.latest_entries([old_pdf, new_pdf]))
    lines = out.split("\n")
    # in place: where the first old bench_pdf row was, between the office rows; the others untouched
    i = lines.index("| `bench_office.py`：PDF，旧 | 0.187 s | pdfplumber 0.924 s | 0.20× |")
    assert lines[i + 1] == ("| `bench_pdf.py`：甲 读取（CPU 时间；2026-12-06 20:00 UTC，系统负载 0.4–0.9，2 核） | 0.0400 s "
                            "| pypdfium2 逐字符框 0.0170 s | 2.35× |")
    assert lines[i + 2].startswith("| `bench_pdf.py`：乙 读取（2026-12-06 20:00 UTC，系统负载 0.4–0.9，2 核） | 0.0300 s")
    assert lines[i + 3].startswith("| `bench_pdf.py`：丁 读取（") and lines[i + 4].startswith("| `bench_office.py`：DOCX，旧")
    assert "旧 |" not in "".join(_rows_of(out, "bench_pdf.py")) and "丙" not in out
    for bench in ("bench_audit.py", "bench_office.py", "bench_supervise.py"):
        assert _rows_of(out, bench) == _rows_of(TABLE, bench)
    assert out.replace("\n".join(_rows_of(out, "bench_pdf.py")), "X") == \
        TABLE.replace("\n".join(_rows_of(TABLE, "bench_pdf.py")), "X")
    assert perf_table.rewrite_readme_entries(out, perf_table.latest_entries([new_pdf])) == out  # stable


def test_a_benchmark_without_rows_yet_goes_to_the_end_of_the_table_and_a_row_with_a_bar_is_escaped():
    e = _entry("bench_casework.py", [("1 万件统计表三", "7.0 ms", "简单循环 5.0 ms | 注", "1.40×")], load=None)
    out = perf_table.rewrite_readme_entries(TABLE, perf_table.latest_entries([e]))
    lines = out.split("\n")
    k = lines.index("| `bench_supervise.py`：页面：旧 | 381 ms | 目标 300 ms | 1.27× |")
    assert lines[k + 1] == ("| `bench_casework.py`：1 万件统计表三（2026-12-06 20:00 UTC，系统负载未记录） | 7.0 ms "
                            "| 简单循环 5.0 ms \\| 注 | 1.40× |")
    assert lines[k + 2] == ""
    with pytest.raises(SystemExit, match="性能"):
        perf_table.rewrite_readme_entries("# 无表\n", perf_table.latest_entries([e]))


def test_supervise_parts_replace_only_their_own_rows_and_notes():
    only = perf_table.rewrite_readme_entries(TABLE, perf_table.latest_entries([_throughput()]))
    assert "| `bench_supervise.py`：页面：旧 | 381 ms |" in only and "旧的页面说明。" in only
    assert "审核吞吐：旧" not in only and "旧的吞吐说明。" not in only
    assert "| `bench_supervise.py`：审核吞吐：新的秒数（2026-12-06 20:00 UTC，系统负载 0.4–0.9，2 核） | 70.0 份/秒（40.0 s）" in only
    assert "70.0 份/秒" in only and "**比值 2.00×**（目标 ≤ 1.5×，未达到）" in only
    assert "= 64.5 s（每份 23 ms）对 43.0 s（每份 15 ms），比值 1.50×；两边错误 1000、警告 9000 条一致。" in only
    both = perf_table.rewrite_readme_entries(TABLE, perf_table.latest_entries([_throughput(), _pages()]))
    rows = _rows_of(both, "bench_supervise.py")
    assert [r.split("（")[0] for r in rows] == ["| `bench_supervise.py`：审核吞吐：新的秒数",
                                               "| `bench_supervise.py`：页面：审查概览 p95",
                                               "| `bench_supervise.py`：页面：上级审查页 p95"]
    assert ("审查概览（1200 个机关） 200 ms（服务器 CPU 每请求 18.5 ms）、上级审查页（各机关发布情况） 450 ms（服务器 CPU 每请求 30 ms）"
            "，同一运行的机关公开页 100 ms；目标 300 ms，上级审查页（各机关发布情况）未达到") in both
    assert perf_table.rewrite_readme_entries(both, perf_table.latest_entries([_throughput(), _pages()])) == both
    differ = perf_table.supervise_throughput_note(_throughput(same=False))
    assert "**两边不一致**" in differ and "错误 999" in differ


def test_supervise_blocks_in_deploy_between_markers():
    text = "前文\n" + "\n".join(perf_table.markers("bench_supervise.py", "审核吞吐")) + "\n中间\n" \
        + "\n旧表\n".join(perf_table.markers("bench_supervise.py", "页面")) + "\n后文\n"
    out = perf_table.rewrite_deploy_entries(text, perf_table.latest_entries([_throughput(), _pages()]))
    assert "旧表" not in out and out.startswith("前文\n") and out.endswith("页面:end -->\n后文\n") and "\n中间\n" in out
    assert "| 份/秒（秒数） | 70.0（40.0 s） | 140.0（20.0 s） | 2.00× |" in out
    assert "| CPU（每份） | 64.5 s（23 ms） | 43.0 s（15 ms） | 1.50× |" in out
    assert "| 上级审查页（各机关发布情况） | 250 ms | 450 ms | 4.5× | 1.50× | 30 ms |" in out
    with pytest.raises(SystemExit, match="docs/deploy.md"):
        perf_table.rewrite_deploy_entries("没有标记\n", perf_table.latest_entries([_pages()]))


def test_main_reads_web_runs_and_entries_from_any_files_and_rejects_what_is_not_results(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps([_run("sqlite3", [100, 250, 150]), _entry("bench_docx.py", [("旧", "1 ms", "x", "1×")])]),
                 encoding="utf-8")
    b.write_text(json.dumps([_entry("bench_docx.py", [("示例报告生成 DOCX", "54 ms", "python-docx 32 ms", "1.69×")])]),
                 encoding="utf-8")
    assert perf_table.main([str(a), str(b), "--print"]) == 0
    out = capsys.readouterr().out
    assert "| 250 ms | 机关公开页 p95 100 ms | 2.5× |" in out and "| `bench_docx.py`：示例报告生成 DOCX（" in out
    assert "旧" not in out
    bad = tmp_path / "bad.json"
    for content, message in (("{}", "JSON 列表"), ("[1]", "第 1 项"), ("不是 JSON", "读不了")):
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(SystemExit, match=message):
            perf_table.main([str(bad), "--print"])


def test_record_appends_well_formed_entries(tmp_path):
    path = tmp_path / "r.json"
    _results.record(None, "bench_x.py", [_results.row("a", "1 ms", "b 1 ms", "1.00×")])  # no --json: nothing
    assert not path.exists()
    _results.record(path, "bench_x.py", [_results.row("a", "1 ms", "b 1 ms", "1.00×")])
    _results.record(path, "bench_x.py", [_results.row("部分：a", "1 ms", "b 1 ms")], part="部分", data={"n": 1})
    first, second = json.loads(path.read_text(encoding="utf-8"))
    assert first["bench"] == "bench_x.py" and first["rows"][0]["ratio"] == "1.00×" and "part" not in first
    assert second["part"] == "部分" and second["data"] == {"n": 1} and second["rows"][0]["ratio"] == "—"
    for e in (first, second):
        _check_entry(e, "bench_x.py")
    with pytest.raises(ValueError, match="开头"):
        _results.entry("bench_x.py", [_results.row("a", "1", "2")], part="部分")
    with pytest.raises(ValueError, match="缺少"):
        _results.entry("bench_x.py", [{"what": "a"}])
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit, match="JSON 列表"):
        _results.record(path, "bench_x.py", [_results.row("a", "1", "2")])


def _check_entry(e, bench):
    assert e["bench"] == bench and e["rows"] and isinstance(e["cores"], int)
    assert e["when"].endswith(" UTC") and e["started"] <= e["when"]
    assert e["load"] is None or (len(e["load"]) == 2 and all(isinstance(x, float) for x in e["load"]))
    for r in e["rows"]:
        assert set(r) == {"what", "ours", "floor", "ratio"} and all(isinstance(v, str) and v for v in r.values())
        assert "\n" not in r["what"]


# each quick benchmark run once with tiny settings: its --json is one well-formed entry (no time is asserted)
QUICK = [("bench_casework.py", ["--cases", "300", "--repeat", "1"], 1, False),
         ("bench_export.py", ["--cases", "20", "--repeat", "1"], 1, False),
         ("bench_docx.py", ["--repeat", "1"], None, False),
         ("bench_cold_start.py", ["--repeat", "1"], 1, False),
         ("bench_pdf.py", ["--repeat", "1", "--no-render"], None, True),
         ("bench_batch.py", ["--reports", "6", "--jobs", "1", "--repeat", "1"], 2, True),
         ("bench_audit.py", ["--repeat", "1"], 2, True),
         ("bench_office.py", ["--repeat", "1"], 2, True)]


@pytest.mark.parametrize("bench,args,n_rows,corpus", QUICK, ids=[q[0] for q in QUICK])
def test_each_quick_benchmark_writes_a_well_formed_entry(tmp_path, bench, args, n_rows, corpus):
    if corpus and not SHARED.is_dir():
        pytest.skip("../shared/corpus 不在：这个基准要用语料")
    out = tmp_path / "perf.json"
    out.write_text("[]", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PYTHONPATH=str(ROOT / "src"), GONGKAI_DATA_DIR=str(tmp_path / "data"))
    p = subprocess.run([sys.executable, str(ROOT / "bench" / bench), *args, "--json", str(out)], env=env,
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    entries = json.loads(out.read_text(encoding="utf-8"))
    assert len(entries) == 1
    _check_entry(entries[0], bench)
    assert n_rows is None or len(entries[0]["rows"]) == n_rows
    rows = perf_table.entry_rows(entries[0])
    assert len(rows) == len(entries[0]["rows"]) and all(r.startswith(f"| `{bench}`：") and r.count(" | ") == 3
                                                        for r in rows)


BENCHES = ["bench_audit.py", "bench_cold_start.py", "bench_batch.py", "bench_office.py", "bench_pdf.py",
           "bench_docx.py", "bench_export.py", "bench_casework.py", "bench_supervise.py"]


def test_the_projects_readme_and_deploy_take_every_benchmarks_results():
    """README.md has rows of every benchmark (and the markers of bench_supervise's notes), docs/deploy.md the
    markers of its blocks: regenerating from an entry of each replaces exactly those rows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for bench in BENCHES:
        assert _rows_of(readme, bench), bench
    entries = [_entry(b, [("新的一行", "1 ms", "基准 1 ms", "1.00×")]) for b in BENCHES if b != "bench_supervise.py"]
    entries += [_throughput(), _pages()]
    latest = perf_table.latest_entries(entries)
    out = perf_table.rewrite_readme(perf_table.rewrite_readme_entries(readme, latest),
                                    perf_table.latest([_run("sqlite3", [100, 250, 150])]))
    for bench in BENCHES:
        assert len(_rows_of(out, bench)) == (3 if bench == "bench_supervise.py" else 1), bench
    assert out.count("| 脚本 | 我们 | 基准（同次运行） | 比值 |") == 1
    before, after = readme.split("## 性能 / Performance")[0], out.split("## 性能 / Performance")[0]
    assert before == after and readme.split("## 项目结构")[1] == out.split("## 项目结构")[1]
    new = perf_table.rewrite_deploy_entries(deploy, latest)
    assert "| 份/秒（秒数） | 70.0（40.0 s） |" in new and new.split("### 上级审查")[0] == deploy.split("### 上级审查")[0]

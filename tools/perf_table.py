"""Write the web benchmark's results into README.md's performance table and docs/deploy.md's load-test table.

    .venv/bin/python bench/bench_web.py --json /tmp/web.json          # one run per database, appended
    .venv/bin/python tools/perf_table.py /tmp/web.json                # rewrites both files
    .venv/bin/python tools/perf_table.py /tmp/web.json --print        # only shows what it would write

The last run of each database in the file is used.  In README.md the table rows that begin with
``| `bench_web.py```, and the note line after the table that begins with ```bench_web.py` ``, are replaced (the
other benchmarks' rows are left as they are); in docs/deploy.md the text between ``<!-- bench_web:start -->`` and
``<!-- bench_web:end -->``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAMES = {"sqlite3": "SQLite", "postgresql": "PostgreSQL"}
ROW = "| `bench_web.py`"
NOTE = "`bench_web.py` "
START, END = "<!-- bench_web:start -->", "<!-- bench_web:end -->"


def latest(runs: list[dict]) -> list[dict]:
    """The last run of each database, SQLite first."""
    last = {r["db"]: r for r in runs}
    return [last[k] for k in sorted(last, key=lambda k: list(DB_NAMES).index(k) if k in DB_NAMES else 9)]


def _scale(r: dict) -> str:
    cases = f"{r['cases'] // 10000} 万" if r["cases"] % 10000 == 0 else str(r["cases"])
    return f"{r['agencies']} 个机关，{cases}件，{r['clients']} 个并发客户端"


def readme_rows(runs: list[dict]) -> list[str]:
    out = []
    for k, r in enumerate(runs):
        floor, *pages = r["pages"]
        for j, p in enumerate(pages):
            where = (f"{_scale(r)}，{DB_NAMES.get(r['db'], r['db'])}" if k == 0 and j == 0
                     else f"同上，{DB_NAMES.get(r['db'], r['db'])}")
            out.append(f"{ROW}：{p['page']} p95（{where}） | {p['p95_ms']} ms | 机关公开页 p95 {floor['p95_ms']} ms "
                       f"| {p['ratio']:.1f}× |")
    return out


def readme_note(runs: list[dict]) -> str:
    r = runs[0]
    errors = "、".join(f"{DB_NAMES.get(x['db'], x['db'])} {x['errors']} 个" for x in runs)
    firsts = "；".join(f"{DB_NAMES.get(x['db'], x['db'])} {x['first_overview_ms']} ms" for x in runs)
    load = "、".join(f"{DB_NAMES.get(x['db'], x['db'])} {x['load'][0]}–{x['load'][1]}" for x in runs if x.get("load"))
    return (f"{NOTE}的结果：{r['when']}，`gongkai serve --workers {r['workers']} --threads {r['threads']}`，"
            f"{r['cores']} 核（测时期间系统负载 {load or '未知'}），每个客户端 {r['rounds']} 轮；错误：{errors}；"
            f"首次年报总览（逐个机关统计并审核，结果存入数据库）：{firsts}。")


def _cpu(run: dict) -> bool:
    """Whether the run measured the server's CPU per request of each page (bench_web.py since issue 16)."""
    return all(p.get("server_cpu_ms") is not None for p in run["pages"])


def deploy_block(runs: list[dict]) -> str:
    r = runs[0]
    names = [DB_NAMES.get(x["db"], x["db"]) for x in runs]
    load = "；".join(f"{n} {x['load'][0]}–{x['load'][1]}" for n, x in zip(names, runs) if x.get("load"))
    lines = [f"{r['when']}，{r['cores']} 核的开发机（与其他开发进程共用，绝对值偏高，宜看比值；测时期间系统负载"
             f"（1 分钟平均）{load or '未知'}），"
             f"`gongkai serve --workers {r['workers']} --threads {r['threads']}`，{_scale(r)} × {r['rounds']} 轮"
             f"（每个客户端不停顿地连续请求），错误："
             + "、".join(f"{n} {x['errors']} 个" for n, x in zip(names, runs)) + "：", "",
             "| 页面 | " + " | ".join(f"{n} p50 | {n} p95" + (f" | {n} 服务器 CPU/请求" if _cpu(x) else "")
                                    for n, x in zip(names, runs)) + " |",
             "|---|" + "".join("---|---|" + ("---|" if _cpu(x) else "") for x in runs)]
    for i, p in enumerate(r["pages"]):
        cells = []
        for x in runs:
            q = x["pages"][i]
            ratio = "（基准）" if i == 0 else f"（{q['ratio']:.1f}×）"
            cells.append(f"{q['p50_ms']} ms | {q['p95_ms']} ms{ratio}"
                         + (f" | {q['server_cpu_ms']:g} ms" if _cpu(x) else ""))
        lines.append(f"| {p['page']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def rewrite_readme(text: str, runs: list[dict]) -> str:
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith(ROW)]
    if not rows:
        raise SystemExit("README.md 中没有 `bench_web.py` 的表格行，不知道写在哪里。")
    first = rows[0]
    kept = [line for i, line in enumerate(lines) if i not in set(rows)]
    # the table ends at the first line after `first` that is not a row
    kept[first:first] = readme_rows(runs)
    end = first
    while end < len(kept) and kept[end].startswith("|"):
        end += 1
    # a blank line, then the note (replaced when present)
    if end + 1 < len(kept) and kept[end + 1].startswith(NOTE):
        kept[end + 1] = readme_note(runs)
    else:
        kept[end:end] = ["", readme_note(runs)]
    return "\n".join(kept)


def rewrite_deploy(text: str, runs: list[dict]) -> str:
    if START not in text or END not in text:
        raise SystemExit(f"docs/deploy.md 中没有 {START} … {END}，不知道写在哪里。")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{deploy_block(runs)}\n{END}{tail}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="+", help="JSON files written by bench/bench_web.py --json")
    ap.add_argument("--print", action="store_true", help="print the rows instead of rewriting the files")
    a = ap.parse_args(argv)
    runs = []
    for f in a.results:
        runs += json.loads(Path(f).read_text(encoding="utf-8"))
    runs = latest(runs)
    if not runs:
        print("结果文件中没有数据。", file=sys.stderr)
        return 2
    if a.print:
        print("\n".join(readme_rows(runs)), readme_note(runs), "", deploy_block(runs), sep="\n")
        return 0
    for path, fn in ((ROOT / "README.md", rewrite_readme), (ROOT / "docs" / "deploy.md", rewrite_deploy)):
        path.write_text(fn(path.read_text(encoding="utf-8"), runs), encoding="utf-8")
        print(f"已更新 {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write the benchmarks' results into README.md's performance table and docs/deploy.md's load-test tables.

    .venv/bin/python bench/bench_pdf.py --json /tmp/perf.json         # any benchmark with a README row
    .venv/bin/python bench/bench_web.py --json /tmp/perf.json         # one run per database, appended
    .venv/bin/python tools/perf_table.py /tmp/perf.json [more.json …] # rewrites both files
    .venv/bin/python tools/perf_table.py /tmp/perf.json --print       # only shows what it would write

Every benchmark's ``--json`` appends entries (bench/_results.py) to a JSON list; for each benchmark (and each
part of one, as bench_supervise.py's ``审核吞吐`` and ``页面``) the last entry in the files is used.  Its README
rows -- the table rows that begin with ``| `bench_X.py```  (for a part, ``| `bench_X.py`：part``) -- are replaced
in place by rows made from the entry, each saying when it was measured and the system load while it ran
(1-minute load average at its start and end, so that an idle run is told from a loaded one); the rows of
benchmarks absent from the files are left as they are.  A benchmark with no row yet gets its rows at the end
of the table.  A part with a note (bench_supervise.py) also replaces the text between
``<!-- bench_supervise.py part:start -->`` and ``<!-- bench_supervise.py part:end -->`` in README.md and in
docs/deploy.md.

bench_web.py keeps its own format (entries with ``db`` and ``pages``): in README.md the rows that begin with
``| `bench_web.py```, and the note line after the table that begins with ```bench_web.py` ``, are replaced; in
docs/deploy.md the text between ``<!-- bench_web:start -->`` and ``<!-- bench_web:end -->``.
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


# ---- every other benchmark: entries of bench/_results.py ------------------------------------------------------

TABLE_HEADING = "## 性能 / Performance"


def _key(e: dict) -> tuple[str, str]:
    return e["bench"], e.get("part") or ""


def latest_entries(entries: list[dict]) -> dict[tuple[str, str], dict]:
    """The last entry of each benchmark and part, in the order they first appear."""
    out: dict[tuple[str, str], dict] = {}
    for e in entries:
        out[_key(e)] = e
    return out


def when_and_load(e: dict) -> str:
    load = e.get("load")
    cores = f"，{e['cores']} 核" if e.get("cores") else ""
    load = f"系统负载 {load[0]}–{load[1]}{cores}" if load else "系统负载未记录"
    return f"{e['when']}，{load}"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def entry_rows(e: dict) -> list[str]:
    """README rows of one entry: ``| `bench`：what（when，load） | ours | floor | ratio |``."""
    stamp = when_and_load(e)
    out = []
    for r in e["rows"]:
        what = str(r["what"])
        what = f"{what[:-1]}；{stamp}）" if what.endswith("）") else f"{what}（{stamp}）"
        out.append(f"| `{e['bench']}`：{_cell(what)} | {_cell(r['ours'])} | {_cell(r['floor'])} | {_cell(r['ratio'])} |")
    return out


def _table_end(lines: list[str]) -> int:
    """The index after the last row of the performance table."""
    try:
        i = next(k for k, line in enumerate(lines) if line.strip() == TABLE_HEADING)
    except StopIteration:
        raise SystemExit(f"README.md 中没有“{TABLE_HEADING}”一节，不知道新的行写在哪里。") from None
    while i < len(lines) and not lines[i].startswith("|"):
        i += 1
    if i == len(lines):
        raise SystemExit(f"README.md 的“{TABLE_HEADING}”一节中没有表格，不知道新的行写在哪里。")
    while i < len(lines) and lines[i].startswith("|"):
        i += 1
    return i


def replace_rows(text: str, e: dict) -> str:
    """The rows of ``e``'s benchmark (and part) replaced in place by ``e``'s; none yet: added at the table's end."""
    bench, part = _key(e)
    prefix = f"| `{bench}`：{part}" if part else f"| `{bench}`"
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    if rows:
        at = rows[0]
        lines = [line for i, line in enumerate(lines) if i not in set(rows)]
    else:
        at = _table_end(lines)
    lines[at:at] = entry_rows(e)
    return "\n".join(lines)


def markers(bench: str, part: str) -> tuple[str, str]:
    name = f"{bench} {part}" if part else bench
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_block(text: str, start: str, end: str, block: str, where: str) -> str:
    if start not in text or end not in text:
        raise SystemExit(f"{where} 中没有 {start} … {end}，不知道写在哪里。")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{block}\n{end}{tail}"


def _yes(ok: bool) -> str:
    return "达到" if ok else "未达到"


def supervise_throughput_note(e: dict) -> str:
    d = e["data"]
    (s_ours, s_floor), cpu, n, w = d["seconds"], d["cpu"], d["reports"], d["workers"]
    c_ours = cpu["import"] + cpu["workers"] + cpu["pg"]
    each = f"（各 --concurrency {d['worker_concurrency']}）" if d.get("worker_concurrency", 1) != 1 else ""
    same = (f"两边错误 {d['errors'][0]}、警告 {d['warnings'][0]} 条一致" if d["same"] else
            f"**两边不一致**：后台错误 {d['errors'][0]}、警告 {d['warnings'][0]} 条，"
            f"`gongkai audit` 错误 {d['errors'][1]}、警告 {d['warnings'][1]} 条")
    return (f"上级审查的后台审核（`bench_supervise.py --reports {n}`，{d['rounds']} 轮，{d['units']} 个下级机关，"
            f"{w} 个后台进程{each}，PostgreSQL + Redis，{when_and_load(e)}）：{w} 个后台进程 {n / s_ours:.1f} 份/秒"
            f"（{s_ours:.1f} s），`gongkai audit -j {w}` {n / s_floor:.1f} 份/秒（{s_floor:.1f} s），"
            f"**比值 {s_ours / s_floor:.2f}×**（目标 ≤ 1.5×，{_yes(s_ours / s_floor <= 1.5)}）；CPU：导入 {cpu['import']:.1f} s"
            f" + 后台进程 {cpu['workers']:.1f} s + PostgreSQL {cpu['pg']:.1f} s = {c_ours:.1f} s（每份 {1000 * c_ours / n:.0f} ms）"
            f"对 {cpu['floor']:.1f} s（每份 {1000 * cpu['floor'] / n:.0f} ms），比值 {c_ours / max(cpu['floor'], 1e-9):.2f}×；"
            f"{same}。")


def supervise_pages_note(e: dict) -> str:
    d = e["data"]
    floor, *pages = d["pages"]
    slow = [p["page"] for p in pages if p["p95_ms"] > 300]
    return (f"上级审查的页面（PostgreSQL，{d['reports']} 份、{d['units']} 个下级机关，`gongkai serve --workers "
            f"{d['web_workers']} --threads {d['threads']}`，{d['clients']} 个并发客户端 × {d['rounds']} 轮，"
            f"错误 {d['errors']} 个，{when_and_load(e)}）：p95 "
            + "、".join(f"{p['page']} {p['p95_ms']} ms（服务器 CPU 每请求 {p['server_cpu_ms']:g} ms）" for p in pages)
            + f"，同一运行的机关公开页 {floor['p95_ms']} ms；目标 300 ms，"
            + (f"{'、'.join(slow)}未达到" if slow else "都已达到") + "（docs/deploy.md“负载测试”）。")


def supervise_throughput_block(e: dict) -> str:
    d = e["data"]
    (s_ours, s_floor), cpu, n, w = d["seconds"], d["cpu"], d["reports"], d["workers"]
    c_ours = cpu["import"] + cpu["workers"] + cpu["pg"]
    return "\n".join([
        supervise_throughput_note(e), "",
        f"| | 导入 + {w} 个后台进程 | `gongkai audit -j {w}` | 比值 |", "|---|---|---|---|",
        f"| 份/秒（秒数） | {n / s_ours:.1f}（{s_ours:.1f} s） | {n / s_floor:.1f}（{s_floor:.1f} s） | {s_ours / s_floor:.2f}× |",
        f"| CPU（每份） | {c_ours:.1f} s（{1000 * c_ours / n:.0f} ms） | {cpu['floor']:.1f} s（{1000 * cpu['floor'] / n:.0f} ms）"
        f" | {c_ours / max(cpu['floor'], 1e-9):.2f}× |"])


def supervise_pages_block(e: dict) -> str:
    d = e["data"]
    lines = [supervise_pages_note(e), "",
             "| 页面 | p50 | p95 | p95 ÷ 机关公开页 | p95 ÷ 目标 300 ms | 服务器 CPU/请求 |", "|---|---|---|---|---|---|"]
    for p in d["pages"]:
        lines.append(f"| {p['page']} | {p['p50_ms']} ms | {p['p95_ms']} ms | {p['ratio']:.1f}× | {p['p95_ms'] / 300:.2f}× "
                     f"| {p['server_cpu_ms']:g} ms |")
    return "\n".join(lines)


# (benchmark, part) → (README note, docs/deploy.md block), each between its markers
NOTES = {("bench_supervise.py", "审核吞吐"): (supervise_throughput_note, supervise_throughput_block),
         ("bench_supervise.py", "页面"): (supervise_pages_note, supervise_pages_block)}


def rewrite_readme_entries(text: str, entries: dict) -> str:
    for key, e in entries.items():
        text = replace_rows(text, e)
        if key in NOTES and e.get("data"):
            text = replace_block(text, *markers(*key), NOTES[key][0](e), "README.md")
    return text


def rewrite_deploy_entries(text: str, entries: dict) -> str:
    for key, e in entries.items():
        if key in NOTES and e.get("data"):
            text = replace_block(text, *markers(*key), NOTES[key][1](e), "docs/deploy.md")
    return text


def read_results(paths) -> tuple[list[dict], list[dict]]:
    """(bench_web.py runs, other benchmarks' entries) of the files; a file that is not a list of them: an error."""
    web, other = [], []
    for f in paths:
        try:
            items = json.loads(Path(f).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SystemExit(f"读不了结果文件 {f}：{exc}") from None
        if not isinstance(items, list):
            raise SystemExit(f"{f} 不是基准结果文件（应为 JSON 列表）。")
        for k, item in enumerate(items, 1):
            if isinstance(item, dict) and "bench" in item and isinstance(item.get("rows"), list):
                other.append(item)
            elif isinstance(item, dict) and "db" in item and "pages" in item:
                web.append(item)
            else:
                raise SystemExit(f"{f} 第 {k} 项不是基准结果（没有 bench 和 rows，也不是 bench_web.py 的 db 和 pages）。")
    return web, other


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="+", help="JSON files written by the benchmarks' --json")
    ap.add_argument("--print", action="store_true", help="print the rows instead of rewriting the files")
    a = ap.parse_args(argv)
    web, other = read_results(a.results)
    runs, entries = latest(web), latest_entries(other)
    if not runs and not entries:
        print("结果文件中没有数据。", file=sys.stderr)
        return 2
    if a.print:
        if runs:
            print("\n".join(readme_rows(runs)), readme_note(runs), "", deploy_block(runs), "", sep="\n")
        for key, e in entries.items():
            print("\n".join(entry_rows(e)))
            if key in NOTES and e.get("data"):
                print("", NOTES[key][0](e), "", NOTES[key][1](e), "", sep="\n")
        return 0
    readme, deploy = ROOT / "README.md", ROOT / "docs" / "deploy.md"
    out = {}  # both files made before either is written: a missing marker leaves both as they were
    text = readme.read_text(encoding="utf-8")
    out[readme] = rewrite_readme_entries(rewrite_readme(text, runs) if runs else text, entries)
    if runs or any(k in NOTES and e.get("data") for k, e in entries.items()):
        text = deploy.read_text(encoding="utf-8")
        out[deploy] = rewrite_deploy_entries(rewrite_deploy(text, runs) if runs else text, entries)
    for path, text in out.items():
        path.write_text(text, encoding="utf-8")
        print(f"已更新 {path.relative_to(ROOT)}")
    return 0

if __name__ == "__main__":
    sys.exit(main())

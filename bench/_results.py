"""The benchmarks' ``--json FILE``: one entry appended per run, which ``tools/perf_table.py`` turns into README rows.

Each entry::

    {"bench": "bench_pdf.py", "when": "2026-12-06 18:32 UTC", "started": "2026-12-06 18:31 UTC",
     "load": [0.5, 1.0], "cores": 2, "python": "3.11.7",
     "rows": [{"what": "…", "ours": "0.0398 s", "floor": "pypdfium2 逐字符框 0.0175 s", "ratio": "2.28×"}]}

``load`` is the 1-minute load average when the benchmark's arguments were parsed (``add_json_arg``) and when
it recorded (``None`` where the system has no load average): it tells a run on an idle machine from one on a
loaded machine.  ``part`` (optional) is a label for a benchmark that records in pieces (bench_supervise.py:
``审核吞吐`` and ``页面``, from two processes); each row's ``what`` then begins with it, and perf_table replaces
only the rows of the parts it has.  ``data`` (optional) holds the numbers a note or a docs table is made from.
The file is a JSON list (the format bench_web.py has always appended to); a file that is not one is an error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from pathlib import Path

_START: dict = {}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _load() -> float | None:
    return round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None


def add_json_arg(ap) -> None:
    """Add ``--json FILE`` to the parser and note the time and load at the start of the run."""
    ap.add_argument("--json", metavar="FILE",
                    help="append this run's results to FILE (a JSON list; tools/perf_table.py writes them into README.md)")
    _START.update(when=_now(), load=_load())


def ratio(ours: float, floor: float, digits: int = 2) -> str:
    """``ours ÷ floor`` as the README writes it (``—`` when the floor is 0)."""
    return f"{ours / floor:.{digits}f}×" if floor else "—"


def entry(bench: str, rows: list[dict], part: str | None = None, data: dict | None = None) -> dict:
    for r in rows:
        missing = {"what", "ours", "floor", "ratio"} - set(r)
        if missing:
            raise ValueError(f"{bench} 的结果行缺少 {'、'.join(sorted(missing))}：{r}")
        if part and not r["what"].startswith(part):
            raise ValueError(f"{bench} 的“{part}”部分的结果行应以“{part}”开头：{r['what']}")
    start = _START or {"when": _now(), "load": _load()}
    load = [start["load"], _load()]
    out = {"bench": bench, "when": _now(), "started": start["when"],
           "load": load if None not in load else None, "cores": os.cpu_count(),
           "python": platform.python_version(), "rows": [dict(r) for r in rows]}
    if part:
        out["part"] = part
    if data is not None:
        out["data"] = data
    return out


def append(path: str | Path, item: dict) -> None:
    """Append one entry to the JSON list in ``path`` (created if absent)."""
    path = Path(path)
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() and path.stat().st_size else []
    if not isinstance(old, list):
        raise SystemExit(f"{path} 不是基准结果文件（应为 JSON 列表），没有写入。")
    path.write_text(json.dumps(old + [item], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def record(path: str | Path | None, bench: str, rows: list[dict], part: str | None = None,
           data: dict | None = None) -> None:
    """Append this run's rows to ``path`` (nothing when ``path`` is empty: no ``--json`` given)."""
    if path:
        append(path, entry(bench, rows, part, data))


def row(what: str, ours: str, floor: str, ratio: str = "—") -> dict:
    return {"what": what, "ours": ours, "floor": floor, "ratio": ratio}

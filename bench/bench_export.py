"""Time the worklist XLSX export of an office's cases against bare openpyxl writing the same cells.

    .venv/bin/python bench/bench_export.py [--cases 10000] [--repeat 5] [--json FILE]

"ours" is the whole request: ``GET /cases/export/xlsx?tab=all`` through Django's test client (query,
masking, labels, the audit-log entry, the workbook).  The floor is openpyxl in write-only mode writing the
same 10 000 × 15 values (already in memory) to a BytesIO: the least any XLSX export of these cells costs.
The two are run interleaved (ours, floor, ours, floor …) and the medians compared, so machine noise hits
both sides alike.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import add_json_arg, record  # noqa: E402
from _webdata import setup_django  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=5)
    add_json_arg(ap)
    a = ap.parse_args(argv)
    setup_django()
    from django.test import Client
    from django.urls import reverse
    from openpyxl import Workbook, load_workbook

    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    from gongkai.web.demo import _load_cases

    county = Agency.objects.create(name="基准县", kind="county")
    office = Agency.objects.create(name="基准局", kind="department", parent=county)
    t = time.perf_counter()
    _load_cases(office, 2024, a.cases, seed=7)
    print(f"载入 {a.cases} 件：{time.perf_counter() - t:.1f} s（不计入比较）")
    clerk = User.objects.create(username="bench", role="clerk", agency=office, view_personal_data=True)
    client = Client()
    client.force_login(clerk)
    url = reverse("cases:export", args=["xlsx"]) + "?tab=all"

    def ours():
        r = client.get(url)
        assert r.status_code == 200, r.status_code
        return r.content

    data = ours()
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(data), read_only=True).active.iter_rows()]
    assert len(rows) == a.cases + 1, len(rows)

    def floor():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("办件清单")
        for r in rows:
            ws.append(r)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    t_ours, t_floor = [], []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        ours()
        t_ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        floor()
        t_floor.append(time.perf_counter() - t0)
    mo, mf = statistics.median(t_ours), statistics.median(t_floor)
    print(f"XLSX 导出 {a.cases} 件（{len(rows[0])} 列）：我们 {mo:.2f} s，openpyxl 只写模式 {mf:.2f} s，"
          f"比值 {mo / mf:.2f}×（{a.repeat} 次交替取中位数）")
    cases = f"{a.cases // 10000} 万" if a.cases % 10000 == 0 else f"{a.cases} "
    record(a.json, "bench_export.py", [{
        "what": f"办件清单导出 XLSX（{cases}件，{len(rows[0])} 列，墙钟，{a.repeat} 次交替取中位数）",
        "ours": f"{mo:.2f} s", "floor": f"openpyxl 只写模式写同样的单元格 {mf:.2f} s", "ratio": f"{mo / mf:.2f}×"}])
    return 0


if __name__ == "__main__":
    sys.exit(main())

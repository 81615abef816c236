"""Web platform at office scale (issue #16): 100 agencies, 10 000 cases, 20 concurrent clients on loopback,
served by the production server.

    .venv/bin/python bench/bench_web.py [--agencies 100] [--cases 10000] [--clients 20] [--rounds 5]
                                        [--workers W] [--threads T] [--backend sqlite|postgresql|both]
                                        [--cpu-requests 20] [--json results.json]

For each database (SQLite in a fresh data folder; PostgreSQL on 127.0.0.1:5432 when reachable, in a database
of its own that is dropped at the end) the data set is built through the demo generator (the real state
machine; not timed): a county, ``--agencies`` offices under it and ``--cases`` cases spread over them, a
county supervisor and an office clerk.  Then ``gongkai serve --workers W --threads T`` — the production
server (waitress), in processes of its own as deployed (docs/deploy.md) — serves it on 127.0.0.1, and
``--clients`` threads of this process each make ``--rounds`` rounds over the pages, in turn:

- floor: an agency's public page (``/agencies/<id>/``: a small template, one query) — the cost of the
  middleware stack, a session and a template on this machine under this load;
- the supervisor's 年报总览 (``/reports/overview/<year>/``: every agency's counts and audit status);
- the supervisor's worklist over all 10 000 cases (``/cases/?tab=all``) and the clerk's (``/cases/``);
- a case page (``/cases/<id>/``, a different case each time);
- the clerk's 年报工作台 (``/reports/<agency>/<year>/``: the report built, audited and previewed).

The clients (:class:`_webdata.Client`) are as light as they can be, so that the times measure the server
rather than the clients, which share the machine: each thread keeps one keep-alive HTTP/1.1 connection
(``http.client``), sends a GET with the session cookie and reads the body; nothing is parsed.

Because every client interleaves the floor with the pages, load hits all alike; p50/p95 per page, the
errors (any answer but 200, or no answer) and each page's p95 ÷ the floor's p95 are printed, and with
``--json`` appended to a file that ``tools/perf_table.py`` turns into the README's and docs/deploy.md's
tables.  Before the clients start, each page is requested a few times in turn (the first overview and
workspace, which build and audit every report once per server process, are timed apart).  Then, before
the concurrent part, each page is requested ``--cpu-requests`` times by one client, one request at a time,
and the CPU the server processes used meanwhile (Linux /proc) gives the page's **server CPU per request** —
the number that decides how many requests a core serves, steadier than the times on a loaded machine (on
PostgreSQL the database server's own CPU is not in it).  The concurrent run prints the server processes'
CPU per request too (all pages).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _webdata import (Client, county_of, percentile, pg_user, process_cpu, start_server, stop_server,  # noqa: E402
                      warm_up)

PG_ADMIN = "postgres://{user}@127.0.0.1:5432/postgres"


def run_backend(a) -> int:
    """Runs in a child process whose environment selects the database (settings read it at import)."""
    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_TODAY", "2025-03-20")
    import django
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connections

    from gongkai.web.cases.models import DisclosureRequest

    call_command("migrate", verbosity=0)
    db = settings.DATABASES["default"]
    kind = db["ENGINE"].rsplit(".", 1)[-1]
    print(f"\n== 数据库：{kind}（{db['NAME']}）")
    t = time.perf_counter()
    county, offices, supervisor, clerk = county_of(a.agencies, a.cases)
    print(f"数据：{a.agencies} 个机关，{DisclosureRequest.objects.count()} 件（生成 {time.perf_counter() - t:.1f} s，不计入）")

    def session(user):
        s = SessionStore()
        s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return s.session_key

    sup_s, clerk_s = session(supervisor), session(clerk)
    case_ids = list(DisclosureRequest.objects.filter(agency=offices[0]).values_list("id", flat=True))
    connections.close_all()

    # the production server, as deployed: gongkai serve (waitress; --workers processes × --threads threads,
    # each thread one database connection), in processes of its own
    server, port = start_server(a.workers, a.threads)
    if port is None:
        return 1
    try:
        return _drive(a, server, port, kind, offices, case_ids, sup_s, clerk_s)
    finally:
        stop_server(server)


def _drive(a, server, port, kind, offices, case_ids, sup_s, clerk_s) -> int:
    errors: dict[str, list[str]] = {}
    local = threading.local()

    def hit(name, path, key):
        if not hasattr(local, "client"):
            local.client = Client(port)
        status, ms = local.client.get(path, key)
        if status != 200:
            errors.setdefault(name, []).append(f"{path}: {status}")
        return ms

    pages = [("floor（机关公开页）", lambda i: (f"/agencies/{offices[0].pk}/", clerk_s)),
             (f"年报总览（上级，{a.agencies} 个机关）", lambda i: ("/reports/overview/2024/", sup_s)),
             ("办件清单（上级，全部）", lambda i: ("/cases/?tab=all", sup_s)),
             ("办件清单（经办人）", lambda i: ("/cases/", clerk_s)),
             ("办件页", lambda i: (f"/cases/{case_ids[i % len(case_ids)]}/", clerk_s)),
             ("年报工作台（经办人）", lambda i: (f"/reports/{offices[0].pk}/2024/", clerk_s))]
    first = hit(pages[1][0], "/reports/overview/2024/", sup_s)
    first_ws = hit(pages[5][0], f"/reports/{offices[0].pk}/2024/", clerk_s)
    print(f"首次年报总览（逐个机关统计并审核）：{first:.0f} ms；首次年报工作台：{first_ws:.0f} ms")
    warm_up(2 * a.workers, lambda: [hit(name, *path(0)) for name, path in pages])
    # the server's CPU per request of each page: one client, one request at a time, the server processes'
    # CPU (/proc) before and after --cpu-requests requests of the page
    server_cpu: dict[str, float] = {}
    if a.cpu_requests:
        for name, path in pages:
            c0 = process_cpu([server.pid])
            for i in range(a.cpu_requests):
                hit(name, *path(i))
            server_cpu[name] = (process_cpu([server.pid]) - c0) * 1000 / a.cpu_requests
    errors.clear()
    times: dict[str, list[float]] = {name: [] for name, _ in pages}
    lock = threading.Lock()

    def client(c):
        for r in range(a.rounds):
            for name, path in pages:
                ms = hit(name, *path(c * a.rounds + r))
                with lock:
                    times[name].append(ms)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(a.clients)]
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    t, c0 = time.perf_counter(), process_cpu([server.pid])
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall, cpu = time.perf_counter() - t, process_cpu([server.pid]) - c0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    if load is not None:  # this machine's other work shows in the absolute times (not in the ratios)
        print(f"系统负载（1 分钟平均，{os.cpu_count()} 核）：开始 {load_before:.1f}，结束 {load:.1f}")
    floor95 = percentile(times[pages[0][0]], 95)
    n = sum(len(v) for v in times.values())
    n_err = sum(len(v) for v in errors.values())
    print(f"{a.clients} 个并发客户端 × {a.rounds} 轮，共 {n} 次请求，{wall:.1f} s（loopback；gongkai serve "
          f"--workers {a.workers} --threads {a.threads}）；错误 {n_err} 个；服务器进程 CPU {cpu:.1f} s，"
          f"每个请求 {1000 * cpu / n:.1f} ms")
    print(f"{'页面':<28}{'p50 ms':>9}{'p95 ms':>9}{'p95÷floor':>11}{'错误':>6}{'服务器CPU ms':>14}")
    results = []
    for name, _ in pages:
        xs = times[name]
        p95 = percentile(xs, 95)
        print(f"{name:<28}{statistics.median(xs):>9.0f}{p95:>9.0f}{p95 / floor95:>10.1f}×{len(errors.get(name, [])):>6}"
              f"{server_cpu.get(name, float('nan')):>14.1f}")
        results.append({"page": name, "p50_ms": round(statistics.median(xs)), "p95_ms": round(p95),
                        "server_cpu_ms": round(server_cpu[name], 1) if name in server_cpu else None,
                        "ratio": round(p95 / floor95, 2), "errors": len(errors.get(name, [])), "requests": len(xs)})
    for name, errs in errors.items():
        print(f"  {name}：{'；'.join(errs[:3])}{' …' if len(errs) > 3 else ''}")
    if a.json:
        import datetime as dt
        import json
        import platform
        run = {"when": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "db": kind,
               "agencies": a.agencies, "cases": a.cases, "clients": a.clients, "rounds": a.rounds,
               "workers": a.workers, "threads": a.threads, "cores": os.cpu_count(), "python": platform.python_version(),
               "load": [round(load_before, 1), round(load, 1)] if load is not None else None,
               "first_overview_ms": round(first), "first_workspace_ms": round(first_ws), "errors": n_err,
               "server_cpu_ms_per_request": round(1000 * cpu / n, 1),
               "pages": results}
        path = Path(a.json)
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        path.write_text(json.dumps(old + [run], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 1 if n_err else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=100)
    ap.add_argument("--workers", type=int, default=None,
                    help="server processes (default: gongkai serve's, one per usable core)")
    ap.add_argument("--threads", type=int, default=None, help="threads per server process (default: gongkai serve's)")
    ap.add_argument("--json", help="append the results of each database to this JSON file (tools/perf_table.py)")
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--cpu-requests", type=int, default=20,
                    help="requests of each page, one at a time, for the server's CPU per request (0: skip)")
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from gongkai.web import server as serve  # the defaults of gongkai serve (docs/deploy.md §2)
    a.workers = a.workers or serve.default_workers()
    a.threads = a.threads or serve.DEFAULT_THREADS
    if a.child:
        return run_backend(a)
    args = [sys.executable, __file__, "--child", "--agencies", str(a.agencies), "--cases", str(a.cases),
            "--clients", str(a.clients), "--rounds", str(a.rounds), "--workers", str(a.workers),
            "--threads", str(a.threads), "--cpu-requests", str(a.cpu_requests)] + (["--json", str(Path(a.json).resolve())] if a.json else [])
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_DATA_DIR")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    rc = 0
    if a.backend in ("sqlite", "both"):
        rc |= subprocess.run(args, env=env).returncode
    if a.backend in ("postgresql", "both"):
        user = pg_user(PG_ADMIN)
        if user is None:
            print("\nPostgreSQL 127.0.0.1:5432 不可达：跳过")
            return rc
        import psycopg
        name = f"gongkai_bench_{os.getpid()}"
        with psycopg.connect(PG_ADMIN.format(user=user), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        try:
            rc |= subprocess.run(args, env={**env, "DATABASE_URL": f"postgres://{user}@127.0.0.1:5432/{name}"}).returncode
        finally:
            with psycopg.connect(PG_ADMIN.format(user=user), autocommit=True) as c:
                c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
                c.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return rc


if __name__ == "__main__":
    sys.exit(main())

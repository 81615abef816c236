"""CPU per request of each web page, in one process (issue 16), optionally interleaved with another checkout.

    .venv/bin/python bench/bench_web_cpu.py [--backend sqlite|postgresql] [--old ../other/src]
                                            [--rounds 3] [--requests 20] [--agencies 100] [--cases 10000]

The same data as bench_web.py (100 agencies, 10 000 cases through the demo generator; a supervisor and a clerk)
is built once — in a fresh data folder, or a PostgreSQL database of its own on 127.0.0.1:5432, dropped at the
end.  Then, each round, a fresh process per program (this checkout's ``src``, and with ``--old`` another one's,
in alternating order) requests every page through Django's WSGI handler as the server does (the whole
middleware stack, the session cookie, the response closed), a few times untimed and then ``--requests`` times,
and reports the median CPU time (``time.process_time``) per request, the number of database queries and, on
PostgreSQL, the CPU its server process spent on them (Linux /proc; the database runs on the same cores).
CPU time, unlike p95 under 20 clients, is steady enough on a shared machine to compare two programs; with 20
clients on 2 cores, p95 ≈ queueing × the CPU per request, so this is the lever (bench_web.py measures p95 on
an idle machine).  Both programs must accept the data's migrations.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
PG_ADMIN = "postgres://{user}@127.0.0.1:5432/postgres"
PAGES = ["floor（机关公开页）", "年报总览（上级）", "办件清单（上级，全部）", "办件清单（经办人）", "办件页", "年报工作台（经办人）"]


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_TODAY", "2025-03-20")
    import django
    django.setup()


def build(a) -> dict:
    _django()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from _webdata import county_of

    from gongkai.web.cases.models import DisclosureRequest
    _, offices, sup, clerk = county_of(a.agencies, a.cases)
    return {"sup": sup.pk, "clerk": clerk.pk, "office": offices[0].pk,
            "cases": list(DisclosureRequest.objects.filter(agency=offices[0]).values_list("id", flat=True))}


def measure(ids: dict, requests: int) -> dict:
    _django()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from gongkai.web.accounts.models import User

    def session(pk):
        user = User.objects.get(pk=pk)
        s = SessionStore()
        s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return s.session_key

    sup, clerk = session(ids["sup"]), session(ids["clerk"])
    app = WSGIHandler()
    cases = ids["cases"]
    paths = [lambda i: (f"/agencies/{ids['office']}/", clerk), lambda i: ("/reports/overview/2024/", sup),
             lambda i: ("/cases/?tab=all", sup), lambda i: ("/cases/", clerk),
             lambda i: (f"/cases/{cases[i % len(cases)]}/", clerk),
             lambda i: (f"/reports/{ids['office']}/2024/", clerk)]

    def call(path, key):
        p, _, q = path.partition("?")
        status = []
        env = {"REQUEST_METHOD": "GET", "PATH_INFO": p, "QUERY_STRING": q, "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000", "HTTP_COOKIE": f"sessionid={key}",
               "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
               "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.multithread": True,
               "wsgi.multiprocess": True, "wsgi.run_once": False, "wsgi.version": (1, 0)}
        result = app(env, lambda s, h, *rest: status.append(s))
        b"".join(result)
        result.close()  # (request_finished: connections kept or closed as the server's would be)
        if not status[0].startswith("200"):
            raise SystemExit(f"{path}: {status[0]}")

    def db_cpu_ms() -> float:
        if connection.vendor != "postgresql":
            return 0.0
        with connection.cursor() as c:
            c.execute("SELECT pg_backend_pid()")
            pid = c.fetchone()[0]
        try:
            f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(f[11]) + int(f[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    for path in paths:  # untimed: the first overview and workspace build and audit the reports
        for i in range(3):
            call(*path(i))
    out = {}
    with connection.execute_wrapper(count):
        for name, path in zip(PAGES, paths):
            times, queries[0] = [], 0
            d0 = db_cpu_ms()
            for i in range(requests):
                t = time.process_time()
                call(*path(i))
                times.append((time.process_time() - t) * 1000)
            out[name] = {"cpu_ms": statistics.median(times), "queries": queries[0] / requests,
                         "db_cpu_ms": (db_cpu_ms() - d0) / requests}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--old", help="the src folder of another checkout, measured in turn with this one")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--agencies", type=int, default=100)
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--pg-db", help="name of the PostgreSQL database to create and drop (default: one per run)")
    ap.add_argument("--child", choices=("build", "measure"), help=argparse.SUPPRESS)
    ap.add_argument("--ids", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child == "build":
        Path(a.ids).write_text(json.dumps(build(a)))
        return 0
    if a.child == "measure":
        print(json.dumps(measure(json.loads(Path(a.ids).read_text()), a.requests)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-cpu-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_DATA_DIR")}
    env["GONGKAI_DATA_DIR"] = str(work / "data")
    pg_name = None
    if a.backend == "postgresql":
        sys.path.insert(0, str(HERE))
        from _webdata import pg_user
        import psycopg
        user = pg_user(PG_ADMIN)
        if user is None:
            print("PostgreSQL 127.0.0.1:5432 不可达")
            return 1
        pg_name = a.pg_db or f"gongkai_bench_cpu_{os.getpid()}"
        with psycopg.connect(PG_ADMIN.format(user=user), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = f"postgres://{user}@127.0.0.1:5432/{pg_name}"
    programs = {"本程序": str(SRC)}
    if a.old:
        programs = {"对照（--old）": str(Path(a.old).resolve()), **programs}
    ids = work / "ids.json"
    try:
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--child", "build", "--ids", str(ids), "--agencies",
                        str(a.agencies), "--cases", str(a.cases)], env={**env, "PYTHONPATH": str(SRC)}, check=True)
        print(f"数据：{a.agencies} 个机关，{a.cases} 件（{a.backend}；生成 {time.perf_counter() - t:.0f} s，不计入）")
        runs: dict[str, list[dict]] = {name: [] for name in programs}
        for r in range(a.rounds):
            order = list(programs.items())
            for name, src in (order if r % 2 == 0 else order[::-1]):
                done = subprocess.run([sys.executable, __file__, "--child", "measure", "--ids", str(ids),
                                       "--requests", str(a.requests)], env={**env, "PYTHONPATH": src},
                                      capture_output=True, text=True)
                if done.returncode:
                    print(f"{name} 的测量失败：\n{done.stderr[-2000:]}{done.stdout[-500:]}")
                    return 1
                runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"每页每个请求的 CPU（ms，{a.rounds} 轮各 {a.requests} 个请求的中位数之中位数），查询数"
              + ("，PostgreSQL 服务器进程的 CPU" if pg_name else "") + f"；结束时系统负载 {load:.1f}")
        for page in PAGES:
            cells = []
            for name in programs:
                xs = runs[name]
                cpu = statistics.median(x[page]["cpu_ms"] for x in xs)
                cell = f"{name} {cpu:6.2f}（{xs[0][page]['queries']:.0f}）"
                if pg_name:
                    cell += f" 库 {statistics.median(x[page]['db_cpu_ms'] for x in xs):.1f}"
                cells.append(cell)
            if len(programs) == 2:
                first, second = (statistics.median(x[page]["cpu_ms"] for x in runs[n]) for n in programs)
                cells.append(f"{second / first:.2f}×")
            print(f"{page:<16}" + "   ".join(cells))
    finally:
        if pg_name:
            with psycopg.connect(PG_ADMIN.format(user=user), autocommit=True) as c:
                c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (pg_name,))
                c.execute(f'DROP DATABASE IF EXISTS "{pg_name}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Web platform at office scale: 100 agencies, 10 000 cases, 20 concurrent clients on loopback.

    .venv/bin/python bench/bench_web.py [--agencies 100] [--cases 10000] [--clients 20] [--rounds 5]
                                        [--backend sqlite|postgresql|both]

For each database (SQLite in a fresh data folder; PostgreSQL on 127.0.0.1:5432 when reachable, in a database
of its own that is dropped at the end) the data set is built through the demo generator (the real state
machine; not timed): a county, ``--agencies`` offices under it and ``--cases`` cases spread over them, a
county supervisor and an office clerk.  waitress — the server of ``gongkai serve``, ``--threads`` threads — on 127.0.0.1 (port
chosen by the system) serves the project; ``--clients`` threads each make ``--rounds`` rounds over the pages, in turn:

- floor: an agency's public page (``/agencies/<id>/``: a small template, one query) — the cost of the
  middleware stack, a session and a template on this machine under this load;
- the supervisor's 年报总览 (``/reports/overview/<year>/``: every agency's counts and audit status);
- the supervisor's worklist over all 10 000 cases (``/cases/?tab=all``) and the clerk's (``/cases/``);
- a case page (``/cases/<id>/``, a different case each time).

Because every client interleaves the floor with the pages, load hits all alike; p50/p95 per page are
printed with each page's p95 ÷ the floor's p95.  The first overview (which counts and audits every agency
once) is timed apart, before the clients start.
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
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _webdata import percentile  # noqa: E402

PG_ADMIN = "postgres://{user}@127.0.0.1:5432/test"


def _pg_user():
    import psycopg
    for user in ("postgres", "root"):
        try:
            with psycopg.connect(PG_ADMIN.format(user=user), connect_timeout=3):
                return user
        except Exception:
            continue
    return None


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
    from django.core.wsgi import get_wsgi_application

    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    from gongkai.web.cases.models import Case
    from gongkai.web.demo import _load_cases

    call_command("migrate", verbosity=0)
    db = settings.DATABASES["default"]
    print(f"\n== 数据库：{db['ENGINE'].rsplit('.', 1)[-1]}（{db['NAME']}）")
    t = time.perf_counter()
    county = Agency.objects.create(name="基准县人民政府", kind="county")
    offices = [Agency.objects.create(name=f"基准县第{k + 1}局", kind="department", parent=county)
               for k in range(a.agencies)]
    per, extra = divmod(a.cases, a.agencies)
    for k, office in enumerate(offices):
        _load_cases(office, 2024, per + (k < extra), seed=k + 1)
    print(f"数据：{a.agencies} 个机关，{Case.objects.count()} 件（生成 {time.perf_counter() - t:.1f} s，不计入）")
    supervisor = User.objects.create(username="bench_sup", role="supervisor", agency=county)
    clerk = User.objects.create(username="bench_clerk", role="clerk", agency=offices[0])

    def session(user):
        s = SessionStore()
        s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return s.session_key

    sup_s, clerk_s = session(supervisor), session(clerk)
    # the production server of `gongkai serve` (waitress, a bounded thread pool: at most --threads database
    # connections), not a thread per request
    import logging

    import waitress
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is N": expected under load
    server = waitress.create_server(get_wsgi_application(), host="127.0.0.1", port=0, threads=a.threads,
                                    connection_limit=max(100, a.clients * 2), channel_timeout=600)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    case_ids = list(Case.objects.filter(agency=offices[0]).values_list("id", flat=True))

    def hit(path, key):
        req = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={key}"})
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=600) as r:
            r.read()
            assert r.status == 200, (path, r.status)
        return (time.perf_counter() - t0) * 1000

    pages = [("floor（机关公开页）", lambda i: (f"/agencies/{offices[0].pk}/", clerk_s)),
             (f"年报总览（上级，{a.agencies} 个机关）", lambda i: ("/reports/overview/2024/", sup_s)),
             ("办件清单（上级，全部）", lambda i: ("/cases/?tab=all", sup_s)),
             ("办件清单（经办人）", lambda i: ("/cases/", clerk_s)),
             ("办件页", lambda i: (f"/cases/{case_ids[i % len(case_ids)]}/", clerk_s))]
    first = hit("/reports/overview/2024/", sup_s)
    print(f"首次年报总览（逐个机关统计并审核）：{first:.0f} ms")
    times: dict[str, list[float]] = {name: [] for name, _ in pages}
    lock = threading.Lock()

    def client(c):
        for r in range(a.rounds):
            for name, path in pages:
                ms = hit(*path(c * a.rounds + r))
                with lock:
                    times[name].append(ms)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(a.clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    server.close()
    floor95 = percentile(times[pages[0][0]], 95)
    n = sum(len(v) for v in times.values())
    print(f"{a.clients} 个并发客户端 × {a.rounds} 轮，共 {n} 次请求，{wall:.1f} s（loopback）")
    print(f"{'页面':<28}{'p50 ms':>9}{'p95 ms':>9}{'p95÷floor':>11}")
    for name, _ in pages:
        xs = times[name]
        print(f"{name:<28}{statistics.median(xs):>9.0f}{percentile(xs, 95):>9.0f}{percentile(xs, 95) / floor95:>10.1f}×")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=100)
    ap.add_argument("--threads", type=int, default=8, help="waitress threads (gongkai serve --threads)")
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        return run_backend(a)
    args = [sys.executable, __file__, "--child", "--agencies", str(a.agencies), "--cases", str(a.cases),
            "--clients", str(a.clients), "--rounds", str(a.rounds)]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_DATA_DIR")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    rc = 0
    if a.backend in ("sqlite", "both"):
        rc |= subprocess.run(args, env=env).returncode
    if a.backend in ("postgresql", "both"):
        user = _pg_user()
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

"""Web platform benchmark: worklist and case page latency on loopback, next to a trivial Django view,
and the annual report computation for a 100 000-case county.

    .venv/bin/python bench/bench_web.py [--cases 10000] [--county-cases 100000] [--requests 200] [--concurrency 4]

A fresh SQLite data folder (or DATABASE_URL) is used; a threaded WSGI server on 127.0.0.1 serves the
project; N requests per page are issued by ``--concurrency`` client threads (bounded load).  Prints p50/p95.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _Threaded(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--county-cases", type=int, default=100000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=4)
    a = ap.parse_args(argv)
    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_TODAY", "2025-06-16")
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
    from gongkai.web.reports.services import build

    call_command("migrate", verbosity=0)
    print(f"数据库：{settings.DATABASES['default']['ENGINE']}  {settings.DATABASES['default']['NAME']}")
    county = Agency.objects.create(name="基准县", kind="county")
    office = Agency.objects.create(name="基准局", kind="department", parent=county)
    t = time.perf_counter()
    _load_cases(office, 2024, a.cases, seed=7)
    print(f"载入 {a.cases} 件：{time.perf_counter() - t:.1f} s")
    clerk = User.objects.create(username="bench", role="clerk", agency=office)
    s = SessionStore()
    s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(clerk.pk), settings.AUTHENTICATION_BACKENDS[0]
    s[HASH_SESSION_KEY] = clerk.get_session_auth_hash()
    s.create()
    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_Threaded, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    case_ids = list(Case.objects.filter(agency=office).values_list("id", flat=True)[:500])

    def hit(path):
        req = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={s.session_key}"})
        t0 = time.perf_counter()
        with urllib.request.urlopen(req) as r:
            r.read()
            assert r.status == 200, (path, r.status)
        return (time.perf_counter() - t0) * 1000

    pages = {"trivial（机关公开页）": lambda i: f"/agencies/{office.pk}/",
             "worklist（办理中）": lambda i: "/cases/",
             "worklist（全部，搜索）": lambda i: "/cases/?tab=all&q=%E5%BE%81%E5%9C%B0",
             "case page": lambda i: f"/cases/{case_ids[i % len(case_ids)]}/"}
    print(f"\n{a.requests} 次请求/页，并发 {a.concurrency}（loopback）：")
    print(f"{'页面':<24}{'p50 ms':>10}{'p95 ms':>10}")
    for name, path in pages.items():
        hit(path(0))
        with ThreadPoolExecutor(a.concurrency) as ex:
            times = list(ex.map(lambda i: hit(path(i)), range(a.requests)))
        print(f"{name:<24}{statistics.median(times):>10.1f}{pct(times, 95):>10.1f}")
    server.shutdown()

    # a county of --county-cases: copies of the office's rows spread over township agencies
    rows = list(Case.objects.filter(agency=office).values())
    ids = [office.id]
    n, k = len(rows), 0
    while n < a.county_cases:
        k += 1
        ag = Agency.objects.create(name=f"基准镇{k}", kind="township", parent=county)
        ids.append(ag.id)
        batch = []
        for r in rows[: a.county_cases - n]:
            r2 = {x: v for x, v in r.items() if x not in ("id", "agency_id")}
            batch.append(Case(agency=ag, **r2))
        Case.objects.bulk_create(batch, batch_size=5000)
        n += len(batch)
    names = dict(Agency.objects.filter(id__in=ids).values_list("id", "name"))
    t = time.perf_counter()
    rep = build(ids, names, 2024, [], agency_name="基准县（汇总）")
    dt_ = time.perf_counter() - t
    print(f"\n年报计算（{n} 件，{len(ids)} 个机关，表三/表四计数 + 正文句子）：{dt_:.2f} s；"
          f"本年新收 {rep.value('三', 'received', 'total')} 件")
    return 0


if __name__ == "__main__":
    sys.exit(main())

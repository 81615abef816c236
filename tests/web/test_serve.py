"""gongkai serve: waitress (production WSGI server) with WhiteNoise static files; database connections
bounded by workers × (threads + 1) — on PostgreSQL checked against max_connections (issue #13, item 3)."""

from __future__ import annotations

import concurrent.futures
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


class Server:
    def __init__(self, tmp_path, *args, env=None):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": SRC, **(env or {})}
        if not (env or {}).get("DATABASE_URL"):
            full_env.pop("DATABASE_URL", None)
        full_env.pop("DJANGO_SETTINGS_MODULE", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "gongkai", "serve", "--port", str(self.port), *args],
                                     env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gongkai serve exited {self.proc.returncode}: {self.proc.communicate()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gongkai serve did not start")

    def stop(self):
        self.proc.terminate()
        try:
            out, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        return out, err


def test_serve_is_waitress_with_static_files(tmp_path):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on SQLite in its own data folder (the PostgreSQL variant is below)")
    s = Server(tmp_path, "--threads", "4").wait()
    try:
        status, headers, body = _get(s.base + "/static/gongkai/htmx-2.0.11.min.js")
        assert status == 200 and headers.get("Server") == "gongkai" and b"htmx" in body[:2000]
        assert "max-age" in headers.get("Cache-Control", "")
        status, headers, body = _get(s.base + "/accounts/setup/")
        assert status == 200 and "建立".encode() in body or "系统管理员".encode() in body
    finally:
        out, err = s.stop()
    assert "waitress" in out and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="--workers needs fork (POSIX)")
def test_serve_with_several_workers(tmp_path):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on SQLite in its own data folder")
    s = Server(tmp_path, "--workers", "2", "--threads", "2").wait()
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            statuses = list(ex.map(lambda _: _get(s.base + "/accounts/setup/")[0], range(16)))
        assert statuses == [200] * 16
    finally:
        s.stop()
    assert s.proc.returncode is not None


@pytest.mark.django_db
def test_too_many_threads_for_the_database_are_refused():
    from django.db import connection
    from gongkai.web import server
    if connection.vendor != "postgresql":
        assert server.check_connection_budget(100, 100) is None
        return
    with pytest.raises(server.ServeError, match="max_connections"):
        server.check_connection_budget(100, 100)
    assert server.check_connection_budget(1, 2) is None


def test_connections_do_not_pile_up_on_postgresql(tmp_path):
    """Many requests on PostgreSQL: the number of connections stays within workers × (threads + 1)."""
    from .test_postgresql import _pg_url
    url, why = _pg_url()
    if url is None:
        pytest.skip(f"PostgreSQL not reachable: {why}")
    import psycopg
    name = f"gongkai_serve_{os.getpid()}"
    admin = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        s = Server(tmp_path, "--workers", "1", "--threads", "3", env={"DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name}).wait()
        try:
            with concurrent.futures.ThreadPoolExecutor(12) as ex:
                statuses = list(ex.map(lambda _: _get(s.base + "/accounts/setup/")[0], range(120)))
            assert set(statuses) == {200}
            n = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]).fetchone()[0]
            assert n <= 1 * (3 + 1), f"{n} connections for 1 worker × 3 threads"
        finally:
            s.stop()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_serve_demo_still_loads_the_demo_county(tmp_path):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on SQLite in its own data folder")
    s = Server(tmp_path, "--demo", "--demo-year", "2024", "--threads", "2").wait()
    try:
        status, _, body = _get(s.base + "/accounts/login/")
        assert status == 200 and "登录".encode() in body
    finally:
        out, err = s.stop()
    assert "演示账户" in out and "admin" in out and "Traceback" not in err


def test_simultaneous_first_run_setups_through_the_server_make_one_administrator(tmp_path):
    """Three browsers send the first-run form at the same moment to a real server on SQLite (file database,
    threads with their own connections): one 系统管理员, the others are told (issue #13 item 4)."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on SQLite in its own data folder (PostgreSQL: tests/web/test_doubled_records.py)")
    import http.cookiejar
    import re
    import sqlite3
    import threading
    import urllib.parse
    s = Server(tmp_path, "--threads", "4").wait()
    try:
        openers, tokens = [], []
        for _ in range(3):
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            page = opener.open(s.base + "/accounts/setup/", timeout=10).read().decode()
            tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
            openers.append(opener)
        barrier = threading.Barrier(3)
        results = [None] * 3

        def post(i):
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": tokens[i], "agency_name": f"县{i}", "agency_kind": "county", "review_body": "某市人民政府",
                                           "username": f"admin{i}", "full_name": "", "password": "Str0ng-Passw0rd!",
                                           "password2": "Str0ng-Passw0rd!"}).encode()
            barrier.wait()
            try:
                results[i] = openers[i].open(s.base + "/accounts/setup/", data=data, timeout=30).status
            except urllib.error.HTTPError as e:
                results[i] = e.code
        threads = [threading.Thread(target=post, args=(i,)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [200, 200, 200], results  # each followed its redirect to a page, no 500
    finally:
        s.stop()
    db = sqlite3.connect(tmp_path / "data" / "gongkai.sqlite3")
    assert db.execute("SELECT count(*) FROM accounts_user WHERE role = 'sysadmin'").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM agencies_agency").fetchone()[0] == 1


def test_one_online_form_sent_at_once_from_three_connections_makes_one_case(tmp_path):
    """The same application form (one submission id) posted at the same moment by three connections, none
    sharing a session, to a real server on SQLite: one case (issue #13 item 4)."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on SQLite in its own data folder (PostgreSQL: tests/web/test_doubled_records.py)")
    import http.cookiejar
    import re
    import sqlite3
    import threading
    import urllib.parse
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": SRC,
           "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"}
    env.pop("DATABASE_URL", None)
    prepare = ("import django; django.setup()\n"
               "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
               "from gongkai.web.agencies.models import Agency; from gongkai.web.accounts.models import User\n"
               "a = Agency.objects.create(name='甲镇人民政府', kind='township')\n"
               "u = User(username='clerk', role='clerk', agency=a); u.set_password('Str0ng-Passw0rd!'); u.save()\n"
               "print(a.pk)\n")
    agency = subprocess.run([sys.executable, "-c", prepare], env=env, capture_output=True, text=True, check=True) \
        .stdout.split()[-1]
    s = Server(tmp_path, "--threads", "4").wait()
    form = {"requester_name": "钱某", "applicant_type": "natural_person", "id_document": "居民身份证 110101199303031234",
            "contact": "13611112222", "address": "qian@example.cn", "description": "甲镇2024年高标准农田建设项目验收报告",
            "access": "电子邮件", "form_note": "", "website": ""}
    try:
        url = f"{s.base}/gongkai/{agency}/apply/"
        openers, tokens, submission = [], [], None
        for _ in range(3):
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            page = opener.open(url, timeout=10).read().decode()
            tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
            submission = submission or re.search(r'name="submission" value="([^"]+)"', page).group(1)
            openers.append(opener)
        barrier = threading.Barrier(3)
        results = [None] * 3

        def post(i):
            data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": tokens[i], "submission": submission}).encode()
            barrier.wait()
            try:
                with openers[i].open(url, data=data, timeout=30) as r:
                    results[i] = (r.status, r.read().decode())
            except urllib.error.HTTPError as e:
                results[i] = (e.code, e.read().decode(errors="replace"))
        threads = [threading.Thread(target=post, args=(i,)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [r[0] for r in results] == [200, 200, 200], [r[0] for r in results]
        numbers = {re.search(r'id="tracking">([A-Z0-9]+)<', body).group(1) for _, body in results}
        assert len(numbers) == 1  # every connection is shown the one application
    finally:
        s.stop()
    db = sqlite3.connect(tmp_path / "data" / "gongkai.sqlite3")
    assert db.execute("SELECT count(*) FROM cases_case").fetchone()[0] == 1


@pytest.mark.parametrize("env, setting", [
    ({"GONGKAI_BROKER_URL": "redis://127.0.0.1:6379/3", "GONGKAI_BROKER_VISIBILITY_TIMEOUT": "30"},
     "GONGKAI_BROKER_VISIBILITY_TIMEOUT"),
    ({"GONGKAI_TOWNSHIP_REPORT_DUE": "02-30"}, "GONGKAI_TOWNSHIP_REPORT_DUE"),
])
def test_serve_refuses_to_start_with_a_setting_its_pages_cannot_take(tmp_path, env, setting):
    """A value read only when a page needs it (the first import, the coverage page) is checked at start: the server
    does not come up to answer HTTP 500 later (fresh tester: uploads failed, the stored file stayed 待审核)."""
    server = Server(tmp_path, env=env)
    try:
        rc = server.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.stop()
        raise AssertionError("gongkai serve started with a wrong setting")
    err = server.proc.stderr.read()
    assert rc == 2 and setting in err and "Traceback" not in err, err


def test_the_default_is_one_process_per_usable_core_and_a_few_threads_each():
    """Issue 16: each process runs Python on one core at a time, so one process per core uses them all; a few
    threads each, the rest of the requests waiting their turn in order (docs/deploy.md §2)."""
    from gongkai.cli import build_parser
    from gongkai.web import server

    args = build_parser("serve").parse_args(["serve"])
    assert args.workers is None and args.threads == server.DEFAULT_THREADS == 4  # workers: derived at start
    if hasattr(os, "sched_getaffinity"):
        assert server.default_workers() == len(os.sched_getaffinity(0))
    assert 1 <= server.default_workers() <= (os.cpu_count() or 1)


def test_the_default_processes_are_fitted_to_the_database_connections(monkeypatch):
    """By default one process per core — fewer, with a note, when PostgreSQL's connections are not enough; a
    number given with --workers is refused instead (as before), and so is the default when even one is too many."""
    from gongkai.web import server

    def budget(workers, threads):
        if server.connection_budget(workers, threads) > 20:
            raise server.ServeError("超过 PostgreSQL 允许的连接数")
        return None

    monkeypatch.setattr(server, "default_workers", lambda: 8)
    monkeypatch.setattr(server, "check_connection_budget", budget)
    workers, notes = server.fit_workers(None, 4)
    assert workers == 4 and len(notes) == 1 and "改用 4 个进程" in notes[0]  # 4 × (4 + 1) = 20
    assert server.fit_workers(2, 4) == (2, [])
    with pytest.raises(server.ServeError):
        server.fit_workers(6, 4)
    monkeypatch.setattr(server, "default_workers", lambda: 3)
    assert server.fit_workers(None, 4) == (3, [])
    with pytest.raises(server.ServeError):
        server.fit_workers(None, 30)  # 1 × 31 > 20


def test_a_worker_takes_new_connections_only_while_it_holds_no_more_than_the_least_loaded():
    """Issue 16: the workers' open connections are shared; one holding more than another live worker leaves the
    next connections to it, a worker not running (exited, or not started yet) never holds the others back."""
    from gongkai.web.server import Balance
    b = Balance(3)
    assert b.may_accept(0, 5)  # the others not running
    b.set(1, 0)  # worker 1 starting
    assert not b.may_accept(0, 5) and b.may_accept(1, 4) and b.may_accept(1, 5) and not b.may_accept(1, 6)
    assert b.may_accept(0, 6) and not b.may_accept(0, 7)  # (worker 1 published 6 last)
    b.set(1, Balance.GONE)  # worker 1 exited
    assert b.may_accept(0, 50)

    class Fake:  # a waitress server: its own readable(), its map, its adjustments
        def __init__(self, n):
            self._map = dict.fromkeys(range(n))
            self.adj = type("Adj", (), {"asyncore_loop_timeout": 1})()
            self.open = True

        def readable(self):
            return self.open
    c = Balance(2)
    one, two = Fake(12), Fake(3)
    c.attach(one, 0)
    c.attach(two, 1)
    assert one.adj.asyncore_loop_timeout == Balance.LOOK
    assert not one.readable() and two.readable()
    two._map.update(dict.fromkeys(range(100, 112)))  # 15 now
    assert not two.readable() and one.readable()  # (each publishes its count at its turn)
    one.open = False  # waitress's own limit (connection_limit) still applies
    assert not one.readable()


def _connections_per_process(parent: int, port: int) -> list[int]:
    """The established connections to ``port`` each child of ``parent`` holds (Linux /proc)."""
    children = [int(p) for p in Path(f"/proc/{parent}/task/{parent}/children").read_text().split()]
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if int(f[1].rsplit(":", 1)[1], 16) == port and f[3] == "01":
                established.add(f[9])
    counts = []
    for child in children:
        inodes = set()
        for fd in Path(f"/proc/{child}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        counts.append(len(inodes & established))
    return counts


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="counts connections through Linux /proc")
def test_keep_alive_clients_arriving_together_are_shared_evenly_by_the_workers(tmp_path):
    """Issue 16: 20 keep-alive clients connecting at once were split up to 18/2 over two workers (whichever
    process woke first took them), one process's threads and interpreter lock serving most of them for as long
    as they stayed connected.  Now each worker holds 10, every time."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on SQLite in its own data folder")
    import http.client
    import threading
    s = Server(tmp_path, "--workers", "2", "--threads", "2").wait()
    try:
        for trial in range(3):
            conns = [http.client.HTTPConnection("127.0.0.1", s.port, timeout=30) for _ in range(20)]
            statuses = []

            def ask(c):
                for _ in range(2):
                    c.request("GET", "/accounts/setup/")
                    r = c.getresponse()
                    r.read()
                    statuses.append(r.status)
            threads = [threading.Thread(target=ask, args=(c,)) for c in conns]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert statuses == [200] * 40
            counts = _connections_per_process(s.proc.pid, s.port)
            for c in conns:
                c.close()
            assert sorted(counts) == [10, 10], (trial, counts)
            time.sleep(0.3)  # (the workers see the closed connections)
    finally:
        s.stop()

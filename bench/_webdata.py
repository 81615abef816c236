"""Shared set-up for the web benchmarks: Django on a fresh data folder, an office's cases from the demo
generator (through the real state machine).  Not a benchmark itself."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time


def setup_django(today: str = "2025-06-16") -> None:
    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_TODAY", today)
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)


def county_of(agencies: int, cases: int):
    """The bench's county: a 县人民政府 with ``agencies`` departments sharing ``cases`` cases of 2024 (the demo's
    generator, a seed per office), a supervisor of the county and a clerk of its first office.
    Returns (county, offices, supervisor, clerk); Django must be set up and migrated."""
    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    from gongkai.web.demo import _load_cases
    county = Agency.objects.create(name="基准县人民政府", kind="county")
    offices = [Agency.objects.create(name=f"基准县第{k + 1}局", kind="department", parent=county)
               for k in range(agencies)]
    per, extra = divmod(cases, agencies)
    for k, office in enumerate(offices):
        _load_cases(office, 2024, per + (k < extra), seed=k + 1)
    supervisor = User.objects.create(username="bench_sup", role="supervisor", agency=county)
    clerk = User.objects.create(username="bench_clerk", role="clerk", agency=offices[0])
    return county, offices, supervisor, clerk


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def pg_user(admin_url: str):
    """The first of postgres/root that can log in to the local PostgreSQL through ``admin_url`` (with a
    ``{user}`` field), or None: the benchmarks create and drop their own databases as that user."""
    import psycopg
    for user in ("postgres", "root"):
        try:
            with psycopg.connect(admin_url.format(user=user), connect_timeout=3):
                return user
        except Exception:
            continue
    return None


class Client:
    """A light HTTP client for one benchmark thread: one keep-alive HTTP/1.1 connection (``http.client``), a
    GET with the session cookie, the body read and dropped.  The clients run in the benchmark's own process,
    on the same machine as the server, so the less CPU they take the more the times say about the server
    (urllib opened a new connection and built an opener, a request object and a response wrapper each time).
    A connection the server closed is opened again once (GETs are safe to repeat)."""

    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=600)

    def get(self, path: str, session_key: str) -> tuple[int | str, float]:
        """(HTTP status, or the error's name when there was no answer; milliseconds)."""
        headers = {"Cookie": f"sessionid={session_key}"}
        t0 = time.perf_counter()
        for attempt in (0, 1):
            try:
                self.conn.request("GET", path, headers=headers)
                r = self.conn.getresponse()
                r.read()
                status = r.status
                if r.will_close:
                    self.conn.close()
                break
            except (OSError, http.client.HTTPException) as e:
                self.conn.close()
                status = type(e).__name__
                if attempt or not isinstance(e, (http.client.RemoteDisconnected, ConnectionResetError,
                                                 BrokenPipeError)):
                    break
        return status, (time.perf_counter() - t0) * 1000

    def close(self):
        self.conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CLI = "import sys; from gongkai.cli import main; sys.exit(main())"


def start_server(workers: int, threads: int, env: dict | None = None):
    """``gongkai serve --workers W --threads T`` on a free loopback port, in processes of its own as deployed
    (docs/deploy.md); returns (process, port) once it accepts connections, or (process, None) with the reason
    printed.  Stop it with :func:`stop_server`."""
    import collections
    import threading
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(workers), "--threads", str(threads)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # its messages read as they come (the last 200 lines kept for the reason it stopped): a pipe nobody reads
    # fills up — waitress's "Task queue depth" warnings under load did after some thousand requests — and the
    # server then blocks writing the next one
    server.last_lines = collections.deque(maxlen=200)
    reader = threading.Thread(target=lambda: server.last_lines.extend(server.stderr), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                if server.poll() is not None:
                    reader.join(timeout=5)
                print("gongkai serve 未能启动：" + ("".join(server.last_lines) if server.poll() is not None else "超时"))
                stop_server(server)
                return server, None
            time.sleep(0.2)


def stop_server(server) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def process_cpu(pids) -> float:
    """CPU seconds (user + system) the processes ``pids`` and their children have used so far (Linux /proc;
    0 elsewhere): the server's side of a run, apart from the clients'."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    seen = set()
    todo = list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                todo += [int(x) for x in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def warm_up(n: int, one_pass) -> None:
    """``n`` threads, each on its own connection, make ``one_pass()`` at once (not timed): with keep-alive
    connections one client reaches one server process, so the warm-up goes out in parallel to reach each
    process (the first overview, the workspace's per-process cache) before the timed part."""
    import threading
    threads = [threading.Thread(target=one_pass) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

"""``gongkai serve``: the production WSGI server (waitress), static files through WhiteNoise.

waitress is pure Python and runs the same on Linux and on the Windows servers many offices use.  One
process serves ``threads`` requests at once; ``workers`` > 1 (POSIX only) forks that many processes sharing
one listening socket — a worker that dies is started again.

Database connections: each waitress thread keeps its own connection for ``CONN_MAX_AGE`` seconds (reused
by the next request on that thread; the pool of threads is fixed, so the number of connections is bounded
by workers × (threads + 1)).  On PostgreSQL that bound is checked against the server's
``max_connections`` before starting (:func:`check_connection_budget`).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time


class ServeError(Exception):
    """A server that cannot start; the message (Chinese) says why and what to change."""


#: threads per process by default: enough to overlap one request's database waits with another's work and to keep
#: a slow request (an export, an upload) from holding up the rest, few enough that a process's requests do not
#: all share its interpreter lock at once — beyond them requests wait their turn in order (docs/deploy.md §2)
DEFAULT_THREADS = 4


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def default_workers() -> int:
    """One process per usable core (each process runs Python on one core at a time); one where processes
    cannot be forked (Windows)."""
    return usable_cores() if hasattr(os, "fork") else 1


def connection_budget(workers: int, threads: int) -> int:
    """Database connections the server may hold at most: one per request thread and one for each
    process's main thread (start-up, the idle-connection sweep)."""
    return workers * (threads + 1)


def check_connection_budget(workers: int, threads: int) -> str | None:
    """On PostgreSQL: refuse (ServeError) when workers × threads would exceed the connections the
    server allows; a warning (str) above 80 % of them.  None otherwise and on SQLite."""
    from django.db import connection
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as c:
        c.execute("SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int,"
                  " (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')")
        max_conn, reserved, in_use = c.fetchone()
    available = max_conn - reserved
    need = connection_budget(workers, threads)
    if need > available:
        raise ServeError(f"{workers} 个进程 × {threads} 个线程最多需要 {need} 个数据库连接，超过 PostgreSQL 允许的 {available} 个"
                         f"（max_connections={max_conn}，为超级用户保留 {reserved} 个）：请减少 --workers 或 --threads，"
                         "或调高 PostgreSQL 的 max_connections。")
    if need + in_use > available * 0.8:
        return (f"{workers} 个进程 × {threads} 个线程最多需要 {need} 个数据库连接，另有 {in_use} 个正在使用，"
                f"接近 PostgreSQL 的上限 {available}。")
    return None


def fit_workers(workers: int | None, threads: int) -> tuple[int, list[str]]:
    """The number of processes to start and the notes to print: ``workers`` as given (ServeError when the
    database cannot take its connections), or by default one per core, fewer when PostgreSQL's connections are
    not enough for that many (at least one: ServeError when even one is too many)."""
    notes = []
    if workers is not None:
        warning = check_connection_budget(workers, threads)
        return workers, [warning] if warning else []
    workers = default_workers()
    while True:
        try:
            warning = check_connection_budget(workers, threads)
        except ServeError:
            if workers == 1:
                raise
            workers -= 1
            continue
        if workers < default_workers():
            notes.append(f"数据库连接不够每个 CPU 核一个进程，改用 {workers} 个进程"
                         "（可调高 PostgreSQL 的 max_connections）。")
        return workers, notes + ([warning] if warning else [])


class Balance:
    """The worker processes' open connections, shared (an anonymous shared mapping made before the workers are
    forked): a worker takes new connections from the shared listening socket only while it holds no more than
    the least loaded live worker (issue 16).  Left to the kernel, whichever process woke first took them: 20
    keep-alive clients arriving together were found split 13/7, 18/2, 15/5 over two workers — one process's
    four threads and one interpreter lock serving most clients while the other core idled, for as long as the
    connections lasted.  A worker that declines does not poll the socket; it looks again at each turn of its
    loop, which turns at least every :attr:`LOOK` seconds, so a connection waits at most that long when the
    counts cross while the other worker is idle."""

    LOOK = 0.05
    #: the count of a worker that is not running (exited, not yet started again): never the least loaded
    GONE = 1 << 40

    def __init__(self, workers: int):
        import mmap
        self.workers = workers
        self.shared = mmap.mmap(-1, 8 * workers)  # (anonymous, MAP_SHARED: the forked workers see one memory)
        for slot in range(workers):
            self.set(slot, self.GONE)

    def set(self, slot: int, n: int) -> None:
        import struct
        struct.pack_into("q", self.shared, 8 * slot, n)

    def may_accept(self, slot: int, n: int) -> bool:
        """Publish worker ``slot``'s ``n`` open connections; whether it may take another now."""
        import struct
        self.set(slot, n)
        counts = struct.unpack_from(f"{self.workers}q", self.shared)
        return n <= min(c for k, c in enumerate(counts) if k != slot)

    def attach(self, server, slot: int) -> None:
        """Make waitress ``server`` (one listening socket) accept only as :meth:`may_accept` allows."""
        own = server.readable

        def readable():
            # (its map: the listening socket, the wake-up pipe and one entry per connection — alike in every worker)
            return own() and self.may_accept(slot, len(server._map))
        server.readable = readable
        server.adj.asyncore_loop_timeout = self.LOOK
        self.set(slot, len(server._map))


def _serve_one(app, *, threads: int, host=None, port=None, sockets=None, balance=None, slot=0) -> None:
    import waitress
    kw = {"threads": threads, "ident": "gongkai", "channel_timeout": 120,
          # uploads: the platform's own limits (settings) apply; this is waitress's outer bound
          "max_request_body_size": 64 * 1024 * 1024}
    if sockets is not None and balance is not None:
        import logging
        logging.basicConfig()  # (as waitress.serve)
        server = waitress.create_server(app, sockets=sockets, **kw)
        balance.attach(server, slot)
        server.print_listen("Serving on http://{}:{}")
        server.run()
    elif sockets is not None:
        waitress.serve(app, sockets=sockets, **kw)
    else:
        waitress.serve(app, host=host, port=port, **kw)


def run(app, *, host: str, port: int, workers: int = 1, threads: int = 8) -> int:
    """Serve ``app`` until interrupted; returns the exit status."""
    from django.db import connections
    connections.close_all()  # no connection opened at start-up is carried into the request threads/children
    if workers <= 1:
        try:
            _serve_one(app, threads=threads, host=host, port=port)
        except OSError as e:
            raise ServeError(f"无法在 {host}:{port} 上监听：{e.strerror or e}（端口被占用？可用 --port 换一个）") from None
        return 0
    if not hasattr(os, "fork"):
        raise ServeError("本系统（Windows）不支持多进程 --workers；请用 --threads 增加并发（例如 --threads 16）。")
    try:
        sock = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET,
                                    backlog=1024)
    except OSError as e:
        raise ServeError(f"无法在 {host}:{port} 上监听：{e.strerror or e}（端口被占用？可用 --port 换一个）") from None
    children: dict[int, int] = {}
    stopping = False
    balance = Balance(workers)

    def start(slot: int) -> None:
        balance.set(slot, 0)  # (a worker starting: the others leave it the next connections)
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            status = 0
            try:
                _serve_one(app, threads=threads, sockets=[sock], balance=balance, slot=slot)
            except BaseException:  # noqa: BLE001 — reported by the parent's restart message
                status = 1
            finally:
                os._exit(status)
        children[pid] = slot

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for slot in range(workers):
        start(slot)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        slot = children.pop(pid, None)
        if slot is not None:
            balance.set(slot, Balance.GONE)  # (its connections died with it: the others take the new ones)
        if slot is not None and not stopping:
            print(f"工作进程 {pid} 已退出（状态 {status}），重新启动。", file=sys.stderr, flush=True)
            time.sleep(1)
            start(slot)
    sock.close()
    return 0

"""Django's PostgreSQL backend with a health check that costs no round trip when the connection is quiet.

With ``CONN_HEALTH_CHECKS`` (settings: a server thread keeps its connection between requests) Django sends
``SELECT 1`` before the first query of every request, to find a connection the server closed meanwhile (a
restart, ``pg_terminate_backend``, an idle timeout).  On the web platform that was one more round trip on every
page — with 20 clients on two cores each round trip waits for the database process and then for the interpreter
lock, so it cost more than the query (issue 16).  A connection the server closed, or is closing, has said so on
its socket: the server sends its ``FATAL`` message and closes, the kernel marks the socket readable (or in
error).  An idle connection whose socket has nothing to read, whose client side is not broken or closed, and
which is in no transaction is therefore used as it is; any other — something to read (a closing message, a
notice), a transaction left open, a status other than OK — gets Django's own check (``SELECT 1``), and is closed
and opened again if that fails.  A connection that fails between the look and the query fails that request, as
it could between Django's ``SELECT 1`` and the query."""

from __future__ import annotations

import select

from django.db.backends.postgresql.base import DatabaseWrapper as _DjangoWrapper
from django.db.backends.postgresql.psycopg_any import is_psycopg3


def _readable(fd: int) -> bool:
    """Whether the socket ``fd`` has something to read (or an error, or the end) now, without waiting."""
    if hasattr(select, "poll"):  # (select.select is limited to descriptors below FD_SETSIZE on POSIX)
        p = select.poll()
        p.register(fd, select.POLLIN | select.POLLPRI)
        return bool(p.poll(0))
    r, _, x = select.select([fd], [], [fd], 0)
    return bool(r or x)


def quiet(raw) -> bool:
    """Whether the psycopg 3 connection ``raw`` is open, idle outside a transaction and has nothing from the
    server waiting on its socket: usable without asking the server (False: ask it)."""
    from psycopg import pq
    try:
        if raw.closed or raw.broken:
            return False
        pg = raw.pgconn
        if pg.status != pq.ConnStatus.OK or pg.transaction_status != pq.TransactionStatus.IDLE:
            return False
        return not _readable(pg.socket)
    except Exception:  # noqa: BLE001 — anything unexpected: Django's own check decides
        return False


class DatabaseWrapper(_DjangoWrapper):
    def close_if_health_check_failed(self):
        if (self.connection is not None and self.health_check_enabled and not self.health_check_done
                and not self.pool and is_psycopg3 and quiet(self.connection)):
            self.health_check_done = True
            return
        return super().close_if_health_check_failed()

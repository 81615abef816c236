"""What one safe request (GET, HEAD) reads more than once, read once (issue 16).

A page reads some things twice from different places: the worklist reads its agencies' record versions, and
the navigation's 待办（N） reads them again to find its kept count; a 上级审查员's pages read the agency tree for
the scope, then ask whether the supervisor's agency is the only top-level one, then read the versions of its
subtree again.  On PostgreSQL each read is a round trip to another process, which under load costs far more
than the query itself.  :class:`RequestMemoMiddleware` gives each GET/HEAD request a dict (:func:`memo`) that
those readers consult and fill; any statement other than a read (``SELECT``/``WITH``) sent meanwhile — a write,
a savepoint — empties it, so nothing read before a write of the same request is used after it.  Outside a
request (commands, workers, tests calling services) and in POST requests there is no memo: every read is made.

What is kept is what the request would have read a moment later; another process's write in between is as if
it had come just after the request (the versions were already read once, before the records, by design)."""

from __future__ import annotations

import threading

_local = threading.local()


def memo() -> dict | None:
    """The current request's memo, or None (not in a safe request)."""
    return getattr(_local, "memo", None)


def _forget_on_write(execute, sql, params, many, context):
    kept = getattr(_local, "memo", None)
    if kept and not sql.lstrip(" (\n\t")[:6].upper().startswith(("SELECT", "WITH")):
        kept.clear()
    return execute(sql, params, many, context)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        from django.db import connection
        _local.memo = {}
        try:
            with connection.execute_wrapper(_forget_on_write):
                return self.get_response(request)
        finally:
            _local.memo = None

"""Auditing published reports in the background (Celery, Redis broker).

``GONGKAI_BROKER_URL`` (environment or settings), e.g. ``redis://127.0.0.1:6379/0``, sends each audit to
the queue, where ``gongkai worker`` picks it up.  Without a broker the same task runs in this process
(``task_always_eager``), so a first installation needs nothing else.  If the broker is configured but cannot
be reached when a file is imported, the audit also runs in this process (said in the result), so an import
never leaves a job lost; the file's status stays ``pending`` only while a worker has it.

A worker killed mid-task leaves its message unacknowledged (``task_acks_late``); the Redis transport hands it
to another worker after the *visibility timeout* — :func:`visibility_timeout`, 10 minutes unless
``GONGKAI_BROKER_VISIBILITY_TIMEOUT`` says otherwise (Celery's default, an hour, is far too long for audits of
seconds).  A message can therefore arrive twice (a worker that finished but died before acknowledging, or a
task that outlived the timeout): each carries the time it was sent, and a report audited since then is left
as it is (:func:`audit_many_task`, :func:`audit_published_task`).
"""

from __future__ import annotations

import logging
import os

import kombu.pools
from celery import Celery
from celery.utils.time import get_exponential_backoff_interval
from django import db  # db.close_old_connections looked up at each call (a test keeps its connection)
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from ..deadlines import township_local_due
from . import addresses, indicators, services  # modules, not names: they import this module (enqueue, enqueue_fetch)
from .intake import fetch_allowance

log = logging.getLogger(__name__)

app = Celery("gongkai")
QUEUE = "gongkai-supervision"


def broker_url() -> str:
    from django.conf import settings
    return (getattr(settings, "GONGKAI_BROKER_URL", "") or os.environ.get("GONGKAI_BROKER_URL", "")).strip()


#: seconds before Redis hands an unacknowledged audit to another worker: longer than the longest audit
#: (reading is cut at 60 s, GONGKAI_READ_TIMEOUT) plus the longest retry wait (retry_backoff_max, 300 s)
VISIBILITY_TIMEOUT = 600


def visibility_timeout() -> int:
    """``GONGKAI_BROKER_VISIBILITY_TIMEOUT`` (settings or environment), in seconds; default 600."""
    from django.conf import settings
    raw = getattr(settings, "GONGKAI_BROKER_VISIBILITY_TIMEOUT", None)
    if raw in (None, ""):
        raw = os.environ.get("GONGKAI_BROKER_VISIBILITY_TIMEOUT", "")
    if raw in (None, ""):
        return VISIBILITY_TIMEOUT
    try:
        seconds = int(str(raw).strip())
    except ValueError:
        seconds = 0
    if seconds < 60:
        from django.core.exceptions import ImproperlyConfigured
        raise ImproperlyConfigured(f"设置 GONGKAI_BROKER_VISIBILITY_TIMEOUT 的值“{raw}”不是不少于 60 的秒数"
                                   "（worker 中途停止后，任务过这么久重新交给其他 worker；默认 600）")
    return seconds


def check_settings() -> None:
    """Read the settings the pages read only when used (the broker's visibility timeout at the first import, a
    township's local report date on the coverage page): ImproperlyConfigured for a value they cannot take, so that
    ``gongkai serve`` says so at start instead of answering HTTP 500 later."""
    township_local_due(2024)
    fetch_allowance()
    indicators.thresholds()
    if broker_url():
        visibility_timeout()


_configured = {"url": None}


def configure() -> Celery:
    """Apply the current settings to the app (a changed broker drops the connections made to the old one)."""
    url = broker_url()
    if _configured["url"] is not None and _configured["url"] != url:
        pool = app._pool
        if pool is not None:
            try:
                pool.force_close_all()
            except Exception:
                pass
        app._pool = None
        app.amqp._producer_pool = None
        # kombu keeps producer pools per broker address for the whole process: one closed meanwhile (a worker
        # started in this process shuts its pools down) would be handed back for that address later
        kombu.pools.reset()
    _configured["url"] = url
    app.conf.update(
        broker_url=url or "memory://", task_always_eager=not url, task_eager_propagates=False,
        task_ignore_result=True, result_backend=None, task_default_queue=QUEUE,
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True, broker_connection_timeout=3,
        broker_transport_options={"socket_connect_timeout": 3, "socket_timeout": 10, "max_retries": 1,
                                  "visibility_timeout": visibility_timeout()},
        worker_hijack_root_logger=False, timezone="Asia/Shanghai",
    )
    # Celery's Django fixup closes every database connection before and after each task unless told to reuse
    # them: a new PostgreSQL connection (and server process) per task, 1.3 ms of the worker's CPU each and
    # the server's start-up of a backend besides.  The tasks call db.close_old_connections() at both ends
    # instead, so the connection follows Django's own rules, as a request's does: kept for CONN_MAX_AGE
    # (GONGKAI_CONN_MAX_AGE, 60 s), checked before reuse (CONN_HEALTH_CHECKS), closed after an error.  (The
    # fixup still closes a prefork child's inherited connections.)
    app.conf.CELERY_DB_REUSE_MAX = DB_REUSE_MAX
    return app


#: tasks (twice: before and after each) after which Celery's fixup closes the connections anyway: in effect never
DB_REUSE_MAX = 10 ** 9


#: reports per task at most: a worker takes a few at a time (one message, one acknowledgement and one
#: wait for the next message per task instead of per report; the task's queries — its reports, their units,
#: the locks, one update, one insert of the findings — once for all of them: 16 rather than 8 saved about
#: 1 ms of the worker's CPU per report, 5 % of it, for at most a quarter second more at the end of a batch) ...
TASK_REPORTS = 16
#: ... while a batch is still spread over many workers: at least this many tasks when there are as many
#: reports (a few files uploaded on the page go one per task)
MIN_TASKS = 16


def task_chunks(report_ids: list[int], total: int | None = None, last: bool = False) -> list[list[int]]:
    """The reports of one enqueue() split into the tasks that carry them, in order.  ``total``: the reports of
    the whole import when these are one part of it (an import queues each 100 files as they are stored): the
    size of a task follows the import, so a folder of hundreds goes 16 to a task, not 6 (100 // 16).
    ``last``: nothing is queued after these (the whole batch, or an import's last part): the last two tasks'
    worth go in tasks a quarter of the size, so the workers finish the batch together — the last of 16 reports
    (a few PDFs among them: a second or two) left the other workers idle until it was done."""
    size = max(1, min(TASK_REPORTS, max(len(report_ids), total or 0) // MIN_TASKS))
    ids = list(report_ids)
    tail = [] if not last or size < 4 else ids[max(0, len(ids) - 2 * size):]
    head = ids[:len(ids) - len(tail)]
    small = max(1, size // 4)
    return ([head[i:i + size] for i in range(0, len(head), size)]
            + [tail[i:i + small] for i in range(0, len(tail), small)])


@app.task(name="gongkai.supervision.audit_published", bind=True, max_retries=5,
          autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, retry_backoff_max=300)
def audit_published_task(self, report_id: int, sent: str | None = None) -> str:
    """One report's audit; a database hiccup retries with back-off (a reader failure is a stored result).
    ``sent`` (ISO time the audit was asked for): a report audited since then is not audited again — the same
    message delivered twice does nothing new.  (Queued one per report before audit_many; kept for the
    messages an earlier version left in the queue.)"""
    db.close_old_connections()
    try:
        if sent and services.audited_since(report_id, sent):
            log.info("report %s already audited since %s: redelivered message ignored", report_id, sent)
            return "already-audited"
        return services.audit_published(report_id)
    finally:
        db.close_old_connections()


@app.task(name="gongkai.supervision.audit_many", bind=True, max_retries=5)
def audit_many_task(self, report_ids: list[int], sent: str | None = None) -> str:
    """Several reports' audits, one after the other.  A database hiccup retries with back-off from the report
    it hit (those before keep their results); a reader failure is a stored result.  The message is
    acknowledged after the last report (``acks_late``): a worker stopped midway leaves the whole task to
    another.  ``sent`` (ISO time the audits were asked for): a report audited since then is left as it is —
    what the stopped worker finished, or all of them when a finished task's message comes again."""
    db.close_old_connections()
    done: dict[int, str] = {}
    try:
        services.audit_reports(report_ids, done, sent=sent)
    except (OperationalError, InterfaceError) as exc:
        countdown = get_exponential_backoff_interval(1, self.request.retries, 300, True)
        raise self.retry(args=[[rid for rid in report_ids if rid not in done], sent], exc=exc,
                         countdown=countdown) from None
    finally:
        db.close_old_connections()
    skipped = sum(status == "already-audited" for status in done.values())
    return f"{len(report_ids) - skipped} audited, {skipped} already audited" if skipped else \
        f"{len(report_ids)} audited"


def enqueue(report_ids: list[int], total: int | None = None, last: bool = True) -> str:
    """Queue the audits (after the current transaction commits), a few reports per task
    (:func:`task_chunks`, ``total`` the size of the whole import, ``last`` false for a part of it that more
    parts follow); returns "queued" or "in-process"."""
    from django.db import transaction

    configure()
    url = broker_url()
    if app.conf.task_always_eager:
        for ids in task_chunks(report_ids, total, last):
            services.audit_reports(ids)
        return "in-process"
    state = {"mode": "queued"}

    def send():
        sent = timezone.now().isoformat()
        for ids in task_chunks(report_ids, total, last):
            if state["mode"] == "queued":
                try:
                    audit_many_task.apply_async(args=[ids, sent], retry=False)
                    continue
                except Exception as exc:  # broker down: audit here (and the rest of the batch) rather than lose the jobs
                    log.warning("后台服务 %s 不可达（%s），报告已在本进程审核", url, exc)
                    state["mode"] = "in-process"
            # (a message the broker took before the error may be audited by a worker already: skipped)
            services.audit_reports(ids, sent=sent)
    transaction.on_commit(send)
    return state["mode"]


@app.task(name="gongkai.supervision.fetch_addresses", bind=True, max_retries=5)
def fetch_addresses_task(self, address_ids: list[int], sent: str | None = None) -> str:
    """Fetch web addresses given to the import (:mod:`.addresses`) and import what they give; the audits of
    the files are queued as an upload's are.  An address that is no longer 待抓取 (a message delivered again
    after its fetch) is left as it is.  A database hiccup retries with back-off from the address it hit; a
    server's refusal, a timeout or a file too large is the address's result (抓取失败), not a failed task."""
    db.close_old_connections()
    done: dict[int, str] = {}
    try:
        addresses.fetch_addresses(address_ids, done)
    except (OperationalError, InterfaceError) as exc:
        countdown = get_exponential_backoff_interval(1, self.request.retries, 300, True)
        raise self.retry(args=[[pk for pk in address_ids if pk not in done], sent], exc=exc,
                         countdown=countdown) from None
    finally:
        db.close_old_connections()
    return ", ".join(f"{pk}: {status}" for pk, status in done.items())


def enqueue_fetch(address_ids: list[int], results: dict | None = None) -> str:
    """Queue the fetches of these addresses, one address per task (a fetch waits on a server, up to
    intake.FETCH_TOTAL: a batch spreads over every worker), after the current transaction commits; without a
    broker they are fetched here at once (``results``: id → the import's lines).  Returns "queued" or
    "in-process" (as :func:`enqueue`; an unreachable broker fetches here rather than lose them)."""
    from django.db import transaction

    configure()
    url = broker_url()
    if app.conf.task_always_eager:
        addresses.fetch_addresses(address_ids, results=results)
        return "in-process"
    state = {"mode": "queued"}

    def send():
        sent = timezone.now().isoformat()
        for pk in address_ids:
            if state["mode"] == "queued":
                try:
                    fetch_addresses_task.apply_async(args=[[pk], sent], retry=False)
                    continue
                except Exception as exc:  # broker down: fetch here (and the rest) rather than lose them
                    log.warning("后台服务 %s 不可达（%s），网页地址已在本进程抓取", url, exc)
                    state["mode"] = "in-process"
            addresses.fetch_addresses([pk], results=results)
    transaction.on_commit(send)
    return state["mode"]


def reachable(timeout: float = 2.0) -> bool:
    """Whether the configured broker answers (for the page and the tests)."""
    url = broker_url()
    if not url:
        return False
    app_ = configure()  # a wrong setting (ImproperlyConfigured) is said as such, not as an unreachable broker
    try:
        with app_.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:
        return False

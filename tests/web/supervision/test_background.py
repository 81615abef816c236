"""Step 2: audits in the background (Celery with Redis) or, with no broker, in-process; results and
progress in the database."""

from __future__ import annotations

import os
import socket
import time

import pytest

from gongkai.cli import main as cli_main
from gongkai.web.supervision import services, tasks
from gongkai.web.supervision.models import PublishedReport

from .conftest import batch_of, sample_text

REDIS = os.environ.get("GONGKAI_TEST_REDIS", "redis://127.0.0.1:6379/15")  # never db 0: a developer's own queue may live there


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_no_broker_audits_in_process(unit):
    assert tasks.broker_url() == ""
    r = services.import_batch(batch_of(("a.txt", sample_text().encode())), office=unit.parent, by="t")[0].report
    assert r.status == "audited" and r.audited_at is not None


def test_progress_counts_by_status(world, unit, login):
    services.import_batch(batch_of(("a.txt", sample_text().encode())), office=unit.parent, by="t")
    PublishedReport.objects.create(sha256="0" * 64, size=1, source_name="x.txt", office=world.county)
    services.import_batch(batch_of(("b.pdf", b"%PDF-1.4 broken")), office=unit.parent, by="t")
    counts = services.status_counts(PublishedReport.objects.all())
    assert (counts["pending"], counts["audited"], counts["unreadable"], counts["total"]) == (1, 1, 1, 3)
    page = login(world.supervisor).get("/supervision/progress/").content.decode()
    assert "待审核 <b class=\"badge\">1</b>" in page and "hx-trigger" in page  # polls while something is pending


def test_unreachable_broker_audits_in_process_rather_than_lose_the_job(unit, settings,
                                                                      django_capture_on_commit_callbacks):
    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:1/0"
    try:
        t0 = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            r = services.import_batch(batch_of(("a.txt", sample_text().encode())), office=unit.parent,
                                      by="t")[0].report
        r.refresh_from_db()
        assert r.status == "audited"
        assert time.monotonic() - t0 < 30
    finally:
        settings.GONGKAI_BROKER_URL = ""
        tasks.configure()


def test_worker_command_without_broker_says_so(capsys, settings, monkeypatch):
    monkeypatch.delenv("GONGKAI_BROKER_URL", raising=False)
    assert cli_main(["worker"]) == 2
    assert "GONGKAI_BROKER_URL" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_real_worker_with_redis(settings, monkeypatch):
    if not _redis_up():
        pytest.skip("Redis 127.0.0.1:6379 不可连接：真实后台进程的测试跳过（CI 有 Redis）")
    from celery.contrib.testing.worker import start_worker

    from gongkai.web.agencies.models import Agency
    from .conftest import SAMPLE_AGENCY
    county = Agency.objects.create(name="测试县人民政府", kind="county")
    Agency.objects.create(name=SAMPLE_AGENCY, kind="township", parent=county)
    settings.GONGKAI_BROKER_URL = REDIS
    monkeypatch.setattr(tasks, "QUEUE", f"gongkai-supervision-test-{os.getpid()}-{time.time_ns()}")
    app = tasks.configure()
    threads = []
    real = services.audit_reports

    def audit_reports(report_ids, *a, **kw):
        import threading
        threads.extend(threading.current_thread() for _ in report_ids)
        return real(report_ids, *a, **kw)
    monkeypatch.setattr(services, "audit_reports", audit_reports)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[tasks.QUEUE], shutdown_timeout=20):
            res = services.import_batch(batch_of(("a.txt", sample_text().encode()),
                                                 ("b.pdf", b"%PDF-1.4 broken")), office=county, by="t")
            assert len(res) == 2
            deadline = time.monotonic() + 60
            from django.db import OperationalError

            def pending():
                try:
                    return PublishedReport.objects.filter(status="pending").exists()
                except OperationalError:  # SQLite's shared in-memory test database: the worker is writing
                    return True
            while pending() and time.monotonic() < deadline:
                time.sleep(0.2)
        statuses = dict(PublishedReport.objects.values_list("source_name", "status"))
        assert statuses == {"a.txt": "audited", "b.pdf": "unreadable"}
        assert PublishedReport.objects.get(source_name="a.txt").findings.exists()
        import threading
        # audited by the worker, not here (at least once per file: the task retries after a database error, e.g.
        # SQLite busy on a loaded machine)
        assert len(threads) >= 2 and threading.main_thread() not in threads
    finally:
        settings.GONGKAI_BROKER_URL = ""
        tasks.configure()


@pytest.mark.django_db(transaction=True)  # as in a worker: the task closes a connection left in a transaction
def test_a_task_of_several_reports_retries_from_the_one_a_database_error_hit(monkeypatch):
    """audit_many: a database hiccup on the second of three reports retries the second and third only (the
    first keeps its result and is not audited again); nothing is left 待审核."""
    from django.db import OperationalError

    from gongkai.web.agencies.models import Agency
    from .conftest import SAMPLE_AGENCY
    county = Agency.objects.create(name="测试县人民政府", kind="county")
    unit = Agency.objects.create(name=SAMPLE_AGENCY, kind="township", parent=county)
    ids = [r.report.pk for r in services.import_batch(
        batch_of(*[(f"{k}.txt", sample_text().encode() + b"\n" * k) for k in range(3)]), office=unit.parent,
        by="t", enqueue_audit=False)]
    calls = []
    real = services._audit_one

    def flaky(r, indexes):
        calls.append(r.pk)
        if calls.count(ids[1]) == 1 and r.pk == ids[1]:
            raise OperationalError("server closed the connection unexpectedly")
        return real(r, indexes)
    monkeypatch.setattr(services, "_audit_one", flaky)
    tasks.audit_many_task.apply(args=[ids])  # run here; the retry too (Celery runs it at once when applied)
    assert calls == [ids[0], ids[1], ids[1], ids[2]]
    assert set(PublishedReport.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"audited"}


def test_reports_are_queued_a_few_per_task_and_none_is_dropped():
    for n in (0, 1, 2, 15, 16, 17, 100, 127, 128, 129, 1000):
        ids = list(range(n))
        chunks = tasks.task_chunks(ids)
        assert [i for c in chunks for i in c] == ids  # all, once, in order
        assert all(1 <= len(c) <= tasks.TASK_REPORTS for c in chunks)
        assert len(chunks) >= min(n, tasks.MIN_TASKS)  # a batch still spreads over many workers
        for total in (n, 100, 750, 3000):  # a part of an import of ``total`` files
            parts = tasks.task_chunks(ids, total)
            assert [i for c in parts for i in c] == ids
            assert all(1 <= len(c) <= tasks.TASK_REPORTS for c in parts)
            # as large as the whole import's tasks (the last one of a part may be smaller)
            size = max(1, min(tasks.TASK_REPORTS, max(n, total) // tasks.MIN_TASKS))
            assert all(len(c) == size for c in parts[:-1]) and all(len(c) <= size for c in parts[-1:])
        assert [len(c) for c in tasks.task_chunks(list(range(100)), 750)] == [16] * 6 + [4]


def test_a_task_delivered_again_audits_only_the_reports_not_audited_since_it_was_sent(unit, monkeypatch):
    """audit_many carries the time it was sent.  Delivered again (its worker stopped before acknowledging),
    the reports audited since are left as they are and only the rest — a file the stopped worker left 待审核 —
    is audited; a request made after those audits (重新审核), and a message without a time, audit them all."""
    import django.db
    from django.utils import timezone
    monkeypatch.setattr(django.db, "close_old_connections", lambda: None)  # a worker's; here: the test's transaction
    before = timezone.now().isoformat()
    ids = [i.report.pk for i in services.import_batch(  # audited here (no broker)
        batch_of(*[(f"{k}.txt", sample_text().encode() + b"\n" * k) for k in range(3)]), office=unit.parent, by="t")]
    audited = dict(PublishedReport.objects.filter(pk__in=ids).values_list("pk", "audited_at"))
    PublishedReport.objects.filter(pk=ids[1]).update(status="pending")
    calls = []
    real = services._audit_one
    monkeypatch.setattr(services, "_audit_one", lambda r, indexes: calls.append(r.pk) or real(r, indexes))
    assert tasks.audit_many_task.apply(args=[ids, before]).get() == "1 audited, 2 already audited"
    assert calls == [ids[1]]
    now = dict(PublishedReport.objects.filter(pk__in=ids).values_list("pk", "audited_at"))
    assert (now[ids[0]], now[ids[2]]) == (audited[ids[0]], audited[ids[2]]) and now[ids[1]] > audited[ids[1]]
    assert set(PublishedReport.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"audited"}
    assert tasks.audit_many_task.apply(args=[ids, timezone.now().isoformat()]).get() == "3 audited"
    assert tasks.audit_many_task.apply(args=[ids]).get() == "3 audited"
    assert calls == [ids[1]] + ids + ids


def test_the_in_process_fallback_leaves_what_a_worker_audited_meanwhile(unit, settings, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    """The broker took a task, a worker audited it, and then sending reported an error: the audit in this
    process (which would lose nothing) finds the reports audited since the task was sent and leaves them."""
    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:1/0"
    calls, sent = [], []
    real = services._audit_one
    monkeypatch.setattr(services, "_audit_one", lambda r, indexes: calls.append(r.pk) or real(r, indexes))

    class TakenThenLost:
        @staticmethod
        def apply_async(args, **kw):
            sent.append(args[1])
            services.audit_reports(*args)  # the worker
            raise ConnectionResetError("connection reset by peer")
    monkeypatch.setattr(tasks, "audit_many_task", TakenThenLost)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            r = services.import_batch(batch_of(("a.txt", sample_text().encode())), office=unit.parent,
                                      by="t")[0].report
        r.refresh_from_db()
        assert r.status == "audited" and calls == [r.pk] and len(sent) == 1 and sent[0]
    finally:
        settings.GONGKAI_BROKER_URL = ""
        tasks.configure()


@pytest.mark.django_db(transaction=True)
def test_an_import_handed_to_the_worker_says_its_exit_code_covers_only_the_import(world, unit, settings, monkeypatch,
                                                                                   tmp_path, capsys):
    """With a worker, a file found unreadable later is not in the import's exit code: the command says so (fresh
    tester: it exited 0 with nothing said)."""
    if not _redis_up():
        pytest.skip("Redis 127.0.0.1:6379 不可连接：交给后台的导入测试跳过（CI 有 Redis）")
    settings.GONGKAI_BROKER_URL = REDIS
    monkeypatch.setattr(tasks, "QUEUE", f"gongkai-supervision-test-{os.getpid()}-{time.time_ns()}")
    tasks.configure()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    try:
        assert cli_main(["supervise", "import", str(folder), "--year", "2023", "--office", world.county.name]) == 0
    finally:  # nobody consumes this test's queue: drop it with its message
        import redis
        redis.Redis.from_url(REDIS).delete(tasks.QUEUE)
    out = capsys.readouterr().out
    assert "审核已交给后台" in out and "退出码只反映导入" in out


@pytest.mark.django_db(transaction=True)  # no test transaction around it: a close would really drop the connection
def test_a_worker_keeps_its_database_connection_from_task_to_task():
    """Celery's Django fixup closed every connection before and after each task (a new PostgreSQL connection and
    server process per task).  The worker's app tells it to reuse them: the tasks' own close_old_connections()
    keeps the connection while Django's rules allow (CONN_MAX_AGE, health checks) and drops a broken one."""
    from celery.fixups.django import DjangoWorkerFixup
    from django.db import connection

    fixup = DjangoWorkerFixup(tasks.configure())
    connection.ensure_connection()
    raw = connection.connection
    for _ in range(50):  # as the worker's signals around each task
        fixup.on_task_prerun(sender=tasks.audit_many_task)
        tasks.audit_many_task.apply(args=[[10 ** 9]])
        fixup.on_task_postrun(sender=tasks.audit_many_task)
    assert connection.connection is raw


def test_the_last_tasks_of_a_batch_are_small_so_the_workers_finish_together():
    """The last part of an import (or a batch queued at once) ends in tasks a quarter of the size: every report
    once and in order, none larger than a task, and the last two tasks' worth split small."""
    for n in (0, 1, 3, 15, 16, 17, 31, 32, 33, 100, 129, 750, 1000):
        ids = list(range(n))
        for total in (None, n, 750, 3000):
            chunks = tasks.task_chunks(ids, total, last=True)
            assert [i for c in chunks for i in c] == ids
            size = max(1, min(tasks.TASK_REPORTS, max(n, total or 0) // tasks.MIN_TASKS))
            assert all(1 <= len(c) <= size for c in chunks)
            if size >= 4 and n >= 2 * size:
                assert [len(c) for c in chunks[-8:]] == [size // 4] * 8
    assert [len(c) for c in tasks.task_chunks(list(range(100)), 750, last=True)] == [16] * 4 + [4] + [4] * 8
    assert [len(c) for c in tasks.task_chunks(list(range(18)), 750, last=True)] == [4] * 4 + [2]


def test_an_import_queues_its_last_part_in_small_tasks(unit, monkeypatch):
    """import_batch queues a part shorter than a full one as the import's last (small tasks at its end)."""
    calls = []
    monkeypatch.setattr(tasks, "enqueue", lambda ids, total=None, last=True: calls.append((len(ids), total, last))
                        or "queued")
    n = services.FIRST_CHUNK + services.IMPORT_CHUNK + 5
    services.import_batch(batch_of(*[(f"{k}.txt", sample_text().encode() + b"\n" * k) for k in range(n)]),
                          office=unit.parent, by="t")
    assert calls == [(services.FIRST_CHUNK, n, False), (services.IMPORT_CHUNK, n, False), (5, n, True)]
    calls.clear()
    services.import_batch(batch_of(*[(f"x{k}.txt", sample_text().encode() + b" " * (k + 1)) for k in range(3)]),
                          office=unit.parent, by="t")
    assert calls == [(3, 3, True)]

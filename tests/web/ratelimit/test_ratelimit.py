"""Rate-limit counters are shared by every worker process and survive a restart (database, not the
per-process cache): under ``gunicorn -w 4`` a limit of 5 is 5, not 4 × 5."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap

from django.utils import timezone

from gongkai.web.ratelimit import counters as ratelimit

WORKER = textwrap.dedent("""
    import os, sys
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings"
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", interactive=False, verbosity=0)
    from gongkai.web.cases import services
    print(" ".join(str(services.rate_limited("pub-apply:203.0.113.5", 2)) for _ in range(int(sys.argv[1]))))
""")


def _worker(data_dir, hits: int) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GONGKAI_DATA_DIR"] = str(data_dir)
    proc = subprocess.run([sys.executable, "-c", WORKER, str(hits)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()


def test_a_limit_reached_in_one_process_holds_in_another_and_after_a_restart(tmp_path):
    # worker 1 uses up the limit of 2; worker 2 (another gunicorn process, or the server restarted) is refused
    assert _worker(tmp_path, 2) == "False False"
    assert _worker(tmp_path, 1) == "True"


def test_hits_in_one_window_are_counted_and_a_new_window_starts_from_one(db):
    t0 = timezone.now()
    assert [ratelimit.hit("k", 3600, now=t0 + dt.timedelta(minutes=m)) for m in (0, 10, 59)] == [1, 2, 3]
    assert ratelimit.count("k", now=t0 + dt.timedelta(minutes=59)) == 3
    assert ratelimit.limited("k", 3, now=t0 + dt.timedelta(minutes=59))
    later = t0 + dt.timedelta(minutes=61)
    assert ratelimit.count("k", now=later) == 0 and not ratelimit.limited("k", 3, now=later)
    assert ratelimit.hit("k", 3600, now=later) == 1


def test_counters_are_kept_apart_and_expired_ones_are_swept(db):
    from gongkai.web.ratelimit.models import Counter
    t0 = timezone.now()
    ratelimit.hit("a", 60, now=t0)
    ratelimit.hit("b", 60, now=t0)
    assert ratelimit.count("a", now=t0) == ratelimit.count("b", now=t0) == 1
    ratelimit.clear("a")
    assert ratelimit.count("a", now=t0) == 0 and ratelimit.count("b", now=t0) == 1
    ratelimit.hit("c", 60, now=t0 + dt.timedelta(minutes=5))  # b's window has ended
    assert list(Counter.objects.values_list("key", flat=True)) == ["c"]

"""The supervising office at scale: N published reports imported with ``gongkai supervise import`` and
audited by background workers (``gongkai worker``, Redis, PostgreSQL) against ``gongkai audit DIR -j W``
on the same files, interleaved in the same run.

    .venv/bin/python bench/bench_supervise.py [--reports 3000] [--rounds 4] [--workers 2]
                                              [--redis-db 7] [--corpus ../shared/corpus]

Data (not timed): the text, Markdown, HTML and PDF reports of the corpus, copied until there are
``--reports`` files.  Every copy is distinct: in a text or HTML copy the agency the report names is replaced
by a unit's name of its own (two copies per unit, so some units have two versions), and a PDF copy gets a
comment after ``%%EOF`` (its agency stays; such reports wait for the supervisor to confirm the unit).  The
units are created under one county in a fresh PostgreSQL database (``gk_supbench_<pid>``, dropped at the
end) and the broker is Redis database ``--redis-db`` (emptied first: use one nobody else uses).

``--workers`` worker processes (``gongkai worker --concurrency 1`` each, as on several machines;
``--worker-concurrency`` gives each more processes, which fill the time one spends waiting for the database) are started
once and warmed up on the bases.  The copies are split into ``--rounds`` folders; in each round both sides
process that folder, in alternating order (ours first in even rounds), so load from other processes hits
both alike:

- ours: ``gongkai supervise import FOLDER`` (hash, store, one row each, queue) and the wait until no report
  of the folder is 待审核 (the database is polled every 50 ms);
- floor: ``gongkai audit FOLDER -j W --format json -o …`` (read and audit the same files in W processes).

Printed: each side's reports/second and ours ÷ floor (the target is 1.5× or less), and a check that both
sides found the same number of errors and warnings.  Beside the seconds, the CPU seconds each side used
(Linux /proc and getrusage): ours is the import process, the worker processes and the PostgreSQL server
processes serving the bench database (sampled every 0.2 s); the floor is ``gongkai audit`` and its
processes.  On a shared, loaded machine the CPU ratio is the steadier number (Redis's own CPU is not
counted: a shared server).

Then (``--no-web`` to skip) the supervising office's pages on that data, served by ``gongkai serve
--workers 2 --threads 8`` in processes of its own, under ``--clients`` concurrent light clients (keep-alive
``http.client``, as bench_web.py): the floor (a unit's public page — the county's lists every unit), the
审查概览 dashboard, the 上级审查 page (every unit's publication state) and report pages; the server's CPU per
request of each page (one client, one request at a time), p50/p95 and p95 ÷ the floor's.  (Before, the
server ran in threads of the bench process itself, sharing one interpreter lock with the clients, and the
floor was the county's page listing every unit.)  ``--fill N`` first copies
the audited rows (with their findings, spread over the units) until there are N reports — a quick audit run
with the pages at full size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import add_json_arg, record  # noqa: E402
from _webdata import (Client, percentile, pg_user, process_cpu, start_server, stop_server,  # noqa: E402
                      warm_up)

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://{user}@127.0.0.1:5432/postgres"  # not "test": the test suite's database
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
#: characters for the units' names: every pair is a distinct place (“青石镇人民政府”)
POOL = "青石河西东南北山湖林安平和兴华新丰永宁康泰源溪桥塘岭坪庄集埠口湾洲岗田坝阳明光福寿春秋云龙凤"
CLI = "import sys; from gongkai.cli import main; sys.exit(main())"


def unit_name(k: int) -> str:
    a, b = divmod(k, len(POOL))
    return f"{POOL[a % len(POOL)]}{POOL[b]}{'' if a < len(POOL) else a // len(POOL)}镇人民政府"


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far (Linux /proc); 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds of a running process and of its living descendants (a worker's prefork processes), plus what
    its finished children used (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = sum(int(fields[k]) for k in (11, 12, 13, 14)) / os.sysconf("SC_CLK_TCK")
    return own + sum(tree_cpu(int(k)) for k in kids)


def children_cpu() -> float:
    """CPU seconds of this process's finished (waited-for) children and their own children."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


class Backends(threading.Thread):
    """The CPU of the PostgreSQL server processes serving database ``db`` (but not the connections in
    ``skip``), sampled every 0.2 s: :meth:`total` is the sum of each process's last sample, so a backend that
    ended (the import's) keeps what it used, less at most its last 0.2 s."""

    def __init__(self, url: str, db: str, skip: set[int]):
        super().__init__(daemon=True)
        self.url, self.db, self.skip = url, db, skip
        self.seen: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self):
        import psycopg
        try:
            with psycopg.connect(self.url, autocommit=True) as c:
                self.skip.add(c.info.backend_pid)
                while not self.stop.is_set():
                    self.sample(c)
                    self.stop.wait(0.2)
        except psycopg.Error:  # the database dropped at the end
            pass

    def sample(self, c):
        for (pid,) in c.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.db,)).fetchall():
            if pid not in self.skip:
                cpu = proc_cpu(pid)
                if cpu:
                    self.seen[pid] = max(cpu, self.seen.get(pid, 0.0))

    def total(self) -> float:
        time.sleep(0.25)  # one more sample after the work
        return sum(self.seen.values())


def make_copies(corpus: Path, n: int, rounds: int, out: Path) -> tuple[list[Path], list[str], list[Path]]:
    """(round folders, unit names, warm-up files)."""
    from gongkai.readers import read_report
    bases = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in SUFFIXES and p.name != "SOURCES.md")
    agencies = {}
    for p in bases:
        try:
            agencies[p] = read_report(p).agency or ""
        except Exception:
            agencies[p] = ""
    folders = [out / f"round{r + 1}" for r in range(rounds)]
    for f in folders:
        f.mkdir(parents=True)
    warm = out / "warmup"
    warm.mkdir()
    names: list[str] = []
    texts = 0
    for i in range(n):
        base = bases[i % len(bases)]
        data = base.read_bytes()
        agency = agencies[base]
        if base.suffix.lower() != ".pdf" and agency and agency.encode() in data:
            name = unit_name(texts // 2)
            if texts % 2 == 0:
                names.append(name)
            texts += 1
            data = data.replace(agency.encode(), name.encode())
        else:
            data += f"\n% copy {i}\n".encode()
        (folders[i % rounds] / f"{i:05d}-{base.name}").write_bytes(data)
    for k, base in enumerate(bases):
        (warm / f"warm-{k}-{base.name}").write_bytes(base.read_bytes() + (b"\n% warm\n" if base.suffix == ".pdf"
                                                                           else b"\n"))
    return folders, names, sorted(warm.iterdir())


def setup_child(names_file: str) -> int:
    """Migrate the fresh database and create the county, its units and nothing else."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django
    django.setup()
    from django.core.management import call_command

    from gongkai.web.agencies.models import Agency
    call_command("migrate", verbosity=0)
    county = Agency.objects.create(name="基准市人民政府", kind="city")
    names = json.loads(Path(names_file).read_text(encoding="utf-8"))
    Agency.objects.bulk_create([Agency(name=n, kind="township", parent=county) for n in names])
    return 0


def fill(n: int) -> None:
    """Up to ``n`` reports for the pages (not timed, not the worker path): copies of the audited rows with
    their findings, each under a new sha256 and spread over the units."""
    import hashlib

    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision.models import PublishedReport, ReportFinding
    have = PublishedReport.objects.count()
    src = list(PublishedReport.objects.filter(status="audited"))
    if have >= n or not src:
        return
    found: dict[int, list] = {}
    for f in ReportFinding.objects.filter(report__in=src):
        found.setdefault(f.report_id, []).append(f)
    units = list(Agency.objects.filter(parent__isnull=False).order_by("id").values_list("id", flat=True))
    copies = []
    for i in range(n - have):
        r = src[i % len(src)]
        copies.append(PublishedReport(**{
            **{f.attname: getattr(r, f.attname) for f in PublishedReport._meta.concrete_fields if f.attname != "id"},
            "sha256": hashlib.sha256(f"fill-{i}".encode()).hexdigest(), "source_name": f"fill-{i}-{r.source_name}",
            "agency_id": units[i % len(units)], "match_state": "auto", "version": 1, "previous_id": None,
            "modified_after_publication": False}))
    PublishedReport.objects.bulk_create(copies, batch_size=500)
    rows = []
    for i, c in enumerate(copies):
        for f in found.get(src[i % len(src)].pk, []):
            if f.origin == "audit":
                rows.append(ReportFinding(**{
                    **{x.attname: getattr(f, x.attname) for x in ReportFinding._meta.concrete_fields
                       if x.attname != "id"}, "report_id": c.pk}))
    ReportFinding.objects.bulk_create(rows, batch_size=2000)
    print(f"网页数据：在 {have} 份导入并审核的报告之外，复制已审核的记录补足 {n} 份（不计时）")


def web_child(a) -> int:
    """The pages of the supervising office over the imported data, under concurrent clients on the
    production server (``gongkai serve``, in processes of its own) like bench_web.py: the server's CPU per
    request of each page (one client, one request at a time), p50/p95 and p95 ÷ the floor's."""
    import statistics
    import threading
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections

    from gongkai.web.accounts.models import User
    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision.models import PublishedReport
    county = Agency.objects.get(parent__isnull=True)
    unit = Agency.objects.filter(parent=county).order_by("id").first()
    fill(a.fill)
    sup, _ = User.objects.get_or_create(username="bench_sup", defaults={"role": "supervisor", "agency": county})
    s = SessionStore()
    s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(sup.pk), settings.AUTHENTICATION_BACKENDS[0]
    s[HASH_SESSION_KEY] = sup.get_session_auth_hash()
    s.create()
    key = s.session_key
    year = 2024
    ids = list(PublishedReport.objects.filter(year=year, status="audited").values_list("id", flat=True)[:200])
    n_units, n_reports = Agency.objects.count() - 1, PublishedReport.objects.count()
    connections.close_all()
    server, port = start_server(a.web_workers, a.threads)
    if port is None:
        return 1
    local = threading.local()
    errors: list[str] = []

    def hit(path):
        if not hasattr(local, "client"):
            local.client = Client(port)
        status, ms = local.client.get(path, key)
        if status != 200:
            errors.append(f"{path}: {status}")
        return ms

    # the floor is a unit's public page (a small template; the county's lists every unit: not a floor)
    pages = [("floor（机关公开页）", lambda i: f"/agencies/{unit.pk}/"),
             (f"审查概览（{n_units} 个机关）", lambda i: f"/supervision/dashboard/?year={year}"),
             ("上级审查页（各机关发布情况）", lambda i: f"/supervision/?year={year}"),
             ("报告页", lambda i: f"/supervision/reports/{ids[i % len(ids)]}/")]
    try:
        warm_up(2 * a.web_workers, lambda: [hit(path(0)) for _, path in pages])
        server_cpu = {}
        for name, path in pages:
            c0 = process_cpu([server.pid])
            for i in range(a.cpu_requests):
                hit(path(i))
            server_cpu[name] = (process_cpu([server.pid]) - c0) * 1000 / max(a.cpu_requests, 1)
        times: dict[str, list[float]] = {name: [] for name, _ in pages}
        lock = threading.Lock()

        def client(c):
            for r in range(a.web_rounds):
                for name, path in pages:
                    ms = hit(path(c * a.web_rounds + r))
                    with lock:
                        times[name].append(ms)

        threads = [threading.Thread(target=client, args=(c,)) for c in range(a.clients)]
        t, c0 = time.perf_counter(), process_cpu([server.pid])
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall, cpu = time.perf_counter() - t, process_cpu([server.pid]) - c0
    finally:
        stop_server(server)
    floor95 = percentile(times[pages[0][0]], 95)
    n = sum(len(v) for v in times.values())
    print(f"\n网页（PostgreSQL，{n_reports} 份报告，{n_units} 个机关）：gongkai serve --workers {a.web_workers} "
          f"--threads {a.threads}，{a.clients} 个并发客户端 × {a.web_rounds} 轮，{n} 次请求，{wall:.1f} s；"
          f"错误 {len(errors)} 个；服务器进程 CPU 每个请求 {1000 * cpu / n:.1f} ms")
    print(f"{'页面':<28}{'p50 ms':>9}{'p95 ms':>9}{'p95÷floor':>11}{'服务器CPU ms':>14}")
    for name, _ in pages:
        xs = times[name]
        print(f"{name:<28}{statistics.median(xs):>9.0f}{percentile(xs, 95):>9.0f}"
              f"{percentile(xs, 95) / floor95:>10.1f}×{server_cpu[name]:>14.1f}")
    for e in errors[:5]:
        print("  " + e)
    shown = [{"page": name, "p50_ms": round(statistics.median(times[name])), "p95_ms": round(percentile(times[name], 95)),
              "ratio": round(percentile(times[name], 95) / floor95, 3), "server_cpu_ms": round(server_cpu[name], 1)}
             for name, _ in pages]
    record(a.json, "bench_supervise.py", [
        {"what": f"页面：{p['page']} p95（PostgreSQL，{n_reports} 份，{a.clients} 个并发客户端；服务器 CPU 每请求 "
                 f"{p['server_cpu_ms']:g} ms）", "ours": f"{p['p95_ms']} ms",
         "floor": f"目标 300 ms（机关公开页 p95 {shown[0]['p95_ms']} ms）", "ratio": f"{p['p95_ms'] / 300:.2f}×"}
        for p in shown[1:]], part="页面",
        data={"reports": n_reports, "units": n_units, "clients": a.clients, "rounds": a.web_rounds, "requests": n,
              "web_workers": a.web_workers, "threads": a.threads, "errors": len(errors), "pages": shown})
    return 1 if errors else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--worker-concurrency", type=int, default=1,
                    help="processes of each worker (gongkai worker --concurrency; default 1, as on one core each)")
    ap.add_argument("--redis-db", type=int, default=7)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--db-name", default="", help="the PostgreSQL database to create (and drop) for the run "
                                                  "(default gk_supbench_<pid>)")
    ap.add_argument("--keep", action="store_true", help="keep the database and the folder (for profiling)")
    ap.add_argument("--web", action=argparse.BooleanOptionalAction, default=True,
                    help="afterwards, the pages under concurrent clients (default: yes)")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--web-rounds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=8, help="threads per server process (gongkai serve --threads)")
    ap.add_argument("--web-workers", type=int, default=2, help="server processes (gongkai serve --workers)")
    ap.add_argument("--cpu-requests", type=int, default=10,
                    help="requests of each page, one at a time, for the server's CPU per request")
    ap.add_argument("--fill", type=int, default=0,
                    help="before the pages, copy audited rows until there are this many reports (not timed)")
    ap.add_argument("--setup-child", help=argparse.SUPPRESS)
    ap.add_argument("--web-child", action="store_true", help=argparse.SUPPRESS)
    add_json_arg(ap)
    a = ap.parse_args(argv)
    if a.setup_child:
        return setup_child(a.setup_child)
    if a.web_child:
        return web_child(a)
    import psycopg
    import redis
    user = pg_user(PG_ADMIN)
    if user is None:
        print("PostgreSQL 127.0.0.1:5432 不可达", file=sys.stderr)
        return 2
    broker = f"redis://127.0.0.1:6379/{a.redis_db}"
    try:
        redis.Redis.from_url(broker).flushdb()
    except Exception as exc:
        print(f"Redis {broker} 不可达：{exc}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="gongkai-supbench-"))
    db = a.db_name or f"gk_supbench_{os.getpid()}"
    url = f"postgres://{user}@127.0.0.1:5432/{db}"
    with psycopg.connect(PG_ADMIN.format(user=user), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{db}"')
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_DATA_DIR")}
    env.update(PYTHONPATH=str(ROOT / "src"), DATABASE_URL=url, GONGKAI_DATA_DIR=str(work / "data"),
               GONGKAI_BROKER_URL=broker, GONGKAI_TODAY="2025-06-16")
    workers = []
    try:
        t = time.perf_counter()
        folders, names, warm = make_copies(Path(a.corpus), a.reports, a.rounds, work / "reports")
        (work / "units.json").write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
        subprocess.run([sys.executable, __file__, "--setup-child", str(work / "units.json")], env=env, check=True)
        print(f"数据：{a.reports} 份报告（{len(folders)} 轮），{len(names)} 个下级机关"
              f"（生成 {time.perf_counter() - t:.1f} s，不计入）")
        logs = work / "logs"
        logs.mkdir()
        for w in range(a.workers):
            with open(logs / f"worker{w}.log", "wb") as log:
                workers.append(subprocess.Popen(
                    [sys.executable, "-c", CLI, "worker", "--concurrency", str(a.worker_concurrency)], env=env,
                    stdout=log, stderr=subprocess.STDOUT))
        db_conn = psycopg.connect(url, autocommit=True)
        backends = Backends(url, db, {db_conn.info.backend_pid})
        backends.start()
        cpu = {"import": 0.0, "workers": 0.0, "pg": 0.0, "floor": 0.0}

        def workers_cpu() -> float:
            return sum(tree_cpu(w.pid) for w in workers)  # (with --worker-concurrency: its processes too)

        def pending() -> int:
            return db_conn.execute("SELECT count(*) FROM supervision_publishedreport WHERE status = 'pending'"
                                   ).fetchone()[0]

        def ours(folder: Path) -> float:
            c0, w0, p0 = children_cpu(), workers_cpu(), backends.total()
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", CLI, "supervise", "import", str(folder), "--year", "2024"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            while pending():
                if any(w.poll() is not None for w in workers):
                    raise SystemExit(f"后台进程退出了，见 {logs}")
                time.sleep(0.05)
            took = time.perf_counter() - t0
            cpu["import"] += children_cpu() - c0
            cpu["workers"] += workers_cpu() - w0
            cpu["pg"] += backends.total() - p0
            return took

        def floor(folder: Path) -> float:
            c0 = children_cpu()
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", CLI, "audit", str(folder), "-j", str(a.workers), "--format",
                            "json", "-o", str(work / f"{folder.name}.json")], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            took = time.perf_counter() - t0
            cpu["floor"] += children_cpu() - c0
            return took

        wdir = work / "warm"
        wdir.mkdir()
        for p in warm:
            shutil.move(p, wdir / p.name)
        t = time.perf_counter()
        ours(wdir)
        floor(wdir)
        print(f"预热（{len(warm)} 份，后台进程启动）：{time.perf_counter() - t:.1f} s，不计入")
        cpu.update(dict.fromkeys(cpu, 0.0))
        db_conn.execute("DELETE FROM supervision_reportfinding")
        db_conn.execute("DELETE FROM supervision_publishedreport")
        t_ours = t_floor = 0.0
        for r, folder in enumerate(folders):
            n = len(list(folder.iterdir()))
            before = dict(cpu)
            if r % 2 == 0:
                o, f = ours(folder), floor(folder)
            else:
                f, o = floor(folder), ours(folder)
            t_ours += o
            t_floor += f
            c_ours = sum(cpu[k] - before[k] for k in ("import", "workers", "pg"))
            c_floor = cpu["floor"] - before["floor"]
            print(f"第 {r + 1} 轮 {n} 份：导入+后台审核 {o:.1f} s，gongkai audit -j {a.workers} {f:.1f} s，"
                  f"{o / f:.2f}×；CPU {c_ours:.1f} s 对 {c_floor:.1f} s，{c_ours / max(c_floor, 1e-9):.2f}×")
        row = db_conn.execute("SELECT count(*), sum(errors), sum(warnings), "
                              "sum((status = 'unreadable')::int) FROM supervision_publishedreport").fetchone()
        errors = warnings = files = 0
        for folder in folders:
            for rep in json.loads((work / f"{folder.name}.json").read_text(encoding="utf-8")).get("reports", []):
                files += 1
                errors += (rep.get("summary") or {}).get("error", 0)
                warnings += (rep.get("summary") or {}).get("warning", 0)
        each = f"（各 --concurrency {a.worker_concurrency}）" if a.worker_concurrency != 1 else ""
        print(f"\n{a.workers} 个后台进程{each}：{a.reports / t_ours:.1f} 份/秒（{t_ours:.1f} s）；"
              f"gongkai audit -j {a.workers}：{a.reports / t_floor:.1f} 份/秒（{t_floor:.1f} s）；"
              f"比值 {t_ours / t_floor:.2f}×（目标 ≤ 1.5×）")
        c_ours = cpu["import"] + cpu["workers"] + cpu["pg"]
        print(f"CPU：导入 {cpu['import']:.1f} s + 后台进程 {cpu['workers']:.1f} s + PostgreSQL {cpu['pg']:.1f} s = "
              f"{c_ours:.1f} s（每份 {1000 * c_ours / a.reports:.0f} ms）；gongkai audit {cpu['floor']:.1f} s"
              f"（每份 {1000 * cpu['floor'] / a.reports:.0f} ms）；比值 {c_ours / max(cpu['floor'], 1e-9):.2f}×")
        same = (row[0], row[1], row[2]) == (files, errors, warnings)
        print(f"核对：后台 {row[0]} 份，错误 {row[1]}，警告 {row[2]}，无法读取 {row[3]}；gongkai audit {files} 份，"
              f"错误 {errors}，警告 {warnings} —— {'一致' if same else '不一致'}")
        c_floor = max(cpu["floor"], 1e-9)
        record(a.json, "bench_supervise.py", [
            {"what": f"审核吞吐：{a.workers} 个后台进程{each}导入并审核 {a.reports} 份（{len(folders)} 轮交替，{len(names)} 个下级机关，"
                     f"PostgreSQL + Redis；秒数，目标 ≤ 1.5×）", "ours": f"{a.reports / t_ours:.1f} 份/秒（{t_ours:.1f} s）",
             "floor": f"`gongkai audit -j {a.workers}` {a.reports / t_floor:.1f} 份/秒（{t_floor:.1f} s）",
             "ratio": f"{t_ours / t_floor:.2f}×"},
            {"what": f"审核吞吐：同上，CPU 时间（导入、后台进程与 PostgreSQL 之和；两边错误、警告条数{'一致' if same else '不一致'}）",
             "ours": f"{c_ours:.1f} s（每份 {1000 * c_ours / a.reports:.0f} ms）",
             "floor": f"`gongkai audit` {cpu['floor']:.1f} s（每份 {1000 * cpu['floor'] / a.reports:.0f} ms）",
             "ratio": f"{c_ours / c_floor:.2f}×"}], part="审核吞吐",
            data={"reports": a.reports, "rounds": len(folders), "units": len(names), "workers": a.workers,
                  "worker_concurrency": a.worker_concurrency, "seconds": [round(t_ours, 3), round(t_floor, 3)],
                  "cpu": {k: round(v, 3) for k, v in cpu.items()}, "errors": [row[1], errors],
                  "warnings": [row[2], warnings], "same": same})
        db_conn.close()
        backends.stop.set()
        backends.join(5)
        if a.web:
            for w in workers:
                w.terminate()
            subprocess.run([sys.executable, __file__, "--web-child", "--clients", str(a.clients), "--web-rounds",
                            str(a.web_rounds), "--threads", str(a.threads), "--fill", str(a.fill),
                            "--web-workers", str(a.web_workers), "--cpu-requests", str(a.cpu_requests)]
                           + (["--json", str(Path(a.json).resolve())] if a.json else []), env=env)
        return 0 if same else 1
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            try:
                w.wait(timeout=30)
            except subprocess.TimeoutExpired:
                w.kill()
        if a.keep:
            print(f"保留：{work}，数据库 {db}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            with psycopg.connect(PG_ADMIN.format(user=user), autocommit=True) as c:
                c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (db,))
                c.execute(f'DROP DATABASE IF EXISTS "{db}"')


if __name__ == "__main__":
    sys.exit(main())

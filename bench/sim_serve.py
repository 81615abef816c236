"""Queueing simulation of bench_web's load against ``gongkai serve --workers W --threads T`` (docs/deploy.md §2):
which server configuration serves best on C cores, apart from this machine's other work.

    .venv/bin/python bench/sim_serve.py --cpu 8,20,28,16,15,12 [--cores 2] [--clients 20] [--configs 2x1,2x4,2x8]

``--cpu`` is each page's server CPU per request in ms (bench_web prints it), in bench_web's order: floor,
年报总览, 办件清单（上级）, 办件清单（经办人）, 办件页, 年报工作台.  Each client keeps one connection, pinned to a
random process (keep-alive), and sends its next request as soon as the answer comes (no think time), cycling
through the pages as bench_web does.  A process admits up to T requests from its queue in order of arrival; its
admitted requests share its one core (the interpreter lock: processor sharing); the operating system shares the C
cores among the processes that have work.  Each request's CPU varies (log-normal, 25 %).  The result is p95 per
page, median over several seeds; it leaves out the clients' own CPU, waitress's I/O and the database, so real
times are higher (docs/deploy.md says by how much), but it is not skewed by other processes on the machine the
way a measurement on a shared machine is (there, more threads win CPU time from the other processes).
"""

from __future__ import annotations

import argparse
import random
import statistics

PAGES = ["floor", "overview", "worklist_sup", "worklist_clerk", "case", "workspace"]


def simulate(workers: int, threads: int, cpu_ms: list[float], *, cores: int = 2, clients: int = 20,
             seconds: float = 40.0, dt: float = 0.0002, cv: float = 0.25, seed: int = 1) -> dict[str, list[float]]:
    """Response times (s) of each page after a 5-second warm-up."""
    rnd = random.Random(seed)
    proc_of = [rnd.randrange(workers) for _ in range(clients)]
    queue: list[list[list]] = [[] for _ in range(workers)]
    running: list[list[list]] = [[] for _ in range(workers)]
    step = [0] * clients
    out: dict[str, list[float]] = {p: [] for p in PAGES}

    def submit(c: int, now: float) -> None:
        k = step[c] % len(PAGES)
        step[c] += 1
        queue[proc_of[c]].append([c, PAGES[k], cpu_ms[k] / 1000 * rnd.lognormvariate(0, cv), now])

    for c in range(clients):
        submit(c, 0.0)
    t = 0.0
    while t < seconds:
        for w in range(workers):
            while queue[w] and len(running[w]) < threads:
                running[w].append(queue[w].pop(0))
        busy = [w for w in range(workers) if running[w]]
        rate = min(1.0, cores / len(busy)) if busy else 0.0
        for w in busy:
            share = rate * dt / len(running[w])
            for r in running[w]:
                r[2] -= share
            for r in [r for r in running[w] if r[2] <= 0]:
                running[w].remove(r)
                if t > 5:
                    out[r[1]].append(t + dt - r[3])
                submit(r[0], t + dt)
        t += dt
    return out


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[int(0.95 * (len(xs) - 1))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cpu", required=True, help="CPU ms per request of the six pages, comma-separated")
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--configs", default="2x1,2x2,2x4,2x8,3x2,4x1")
    ap.add_argument("--seeds", type=int, default=6)
    a = ap.parse_args(argv)
    cpu = [float(x) for x in a.cpu.split(",")]
    if len(cpu) != len(PAGES):
        ap.error(f"--cpu needs {len(PAGES)} numbers ({', '.join(PAGES)})")
    print(f"{'W×T':<6}" + "".join(f"{p:>16}" for p in PAGES) + f"{'worst':>8}")
    for cfg in a.configs.split(","):
        w, t = (int(x) for x in cfg.split("x"))
        runs = [simulate(w, t, cpu, cores=a.cores, clients=a.clients, seed=s) for s in range(1, a.seeds + 1)]
        ms = [1000 * statistics.median(p95(r[p]) for r in runs) for p in PAGES]
        print(f"{cfg:<6}" + "".join(f"{m:>16.0f}" for m in ms) + f"{max(ms):>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

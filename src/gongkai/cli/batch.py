"""Reading and auditing files for the command line: the limits on one file, and the audit of many.

:func:`iter_audit` yields one result per file, in the order of the files, as they are done: with ``jobs`` > 1
in worker processes, at most a few per worker in flight, so a folder of 10 000 reports costs the memory of a
few (the parent keeps no report: a result carries the report's identity, not the report).  A worker that
dies (killed for memory, say) breaks the pool: the files then in flight are audited one by one, each in a
process of its own, so only the culprit ends as an error entry, and a new pool takes the rest.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections import deque, namedtuple
from pathlib import Path

from ..audit import audit
from ..errors import special_file
from ..readers import NotAReport, ReadError, read_report
from ..report import BEFORE_FORMATS, AnnualReport
from ..textutil import NumberTooLong

# ------------------------------------------------------------------ limits
#: reading, mapping and auditing one file together may use this much CPU time (the reader's own
#: wall-clock limit, GONGKAI_READ_TIMEOUT, still applies to reading alone)
WORK_TIMEOUT_S = float(os.environ.get("GONGKAI_WORK_TIMEOUT", os.environ.get("GONGKAI_READ_TIMEOUT", "60")))
#: …and this much wall-clock time (a loaded machine gives a process a fraction of a core: the CPU limit alone
#: let one file hold a batch for minutes)
WORK_WALL_TIMEOUT_S = float(os.environ.get("GONGKAI_WORK_WALL_TIMEOUT", str(3 * WORK_TIMEOUT_S)))


class _Overtime(BaseException):
    """Raised by the CPU-time or wall-clock alarm (``wall``: which); not an Exception, so no
    ``except Exception`` on the way swallows it."""

    def __init__(self, wall: bool = False):
        super().__init__()
        self.wall = wall


@contextlib.contextmanager
def work_limit(seconds: float | None = None, wall: float | None = None):
    """Stop reading + mapping + auditing a file after ``seconds`` of CPU time (ITIMER_PROF) or ``wall``
    seconds of wall-clock time (ITIMER_REAL; the reader's own alarm, :func:`gongkai.readers.time_limit`,
    nests inside it).  Main thread on POSIX only (the CLI and its workers)."""
    seconds = WORK_TIMEOUT_S if seconds is None else seconds
    wall = WORK_WALL_TIMEOUT_S if wall is None else wall
    if not (seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()):
        yield
        return

    def expired(signum, frame):
        raise _Overtime(wall=signum == signal.SIGALRM)

    previous = signal.signal(signal.SIGPROF, expired)
    previous_alarm = signal.signal(signal.SIGALRM, expired) if wall > 0 else None
    signal.setitimer(signal.ITIMER_PROF, seconds)
    if wall > 0:
        signal.setitimer(signal.ITIMER_REAL, wall)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        if wall > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_alarm)


def read_bounded(path) -> AnnualReport:
    """:func:`read_report` whose every failure on a hostile file is a :class:`ReadError` naming it:
    over the time limit, out of memory, or an absurd number."""
    with _hostile_as_read_error(path):
        with work_limit():
            return read_report(path)


def refuse_special_file(path) -> None:
    """ReadError for a path that is no regular file: a named pipe (FIFO) called 报告.txt waits forever for a
    writer (the folder audit hung on it), a device or socket never ends.  A missing file is read_report's to say."""
    why = special_file(path)
    if why:
        raise ReadError(str(path), f"{why}，不能作为报告读取")


@contextlib.contextmanager
def _hostile_as_read_error(path):
    refuse_special_file(path)
    try:
        yield
    except _Overtime as exc:
        spent = f"用时超过 {WORK_WALL_TIMEOUT_S:g} 秒" if exc.wall else f"占用处理器时间超过 {WORK_TIMEOUT_S:g} 秒"
        busy = "；机器繁忙时也会如此，可稍后重试" if exc.wall else ""
        raise ReadError(str(path), f"处理超时（读取、映射和审核{spent}），文件可能过于复杂或是恶意构造的{busy}") from None
    except MemoryError:
        raise ReadError(str(path), "处理此文件所需内存过多，已停止；文件可能过于复杂或是恶意构造的") from None
    except NumberTooLong as exc:
        raise ReadError(str(path), str(exc)) from None
    except RecursionError:
        raise ReadError(str(path), "文件结构嵌套过深，无法处理") from None


# ------------------------------------------------------------------ one file
class ReportIdentity(namedtuple("ReportIdentity", "title agency year format_id reader predates_formats")):
    """What the outputs say of an audited report besides its findings (a result keeps this, not the report):
    title, agency (str), year (int or None), format_id, reader (str), predates_formats (bool).  A
    ``collections.namedtuple``, not ``typing.NamedTuple``: typing is not imported at start (cold start, issue 16)."""

    __slots__ = ()

    @property
    def format_key(self) -> str:
        """As :attr:`gongkai.report.AnnualReport.format_key`: "pre2019" for a report of 2018 or earlier."""
        return BEFORE_FORMATS if self.predates_formats else self.format_id

    @classmethod
    def of(cls, report) -> ReportIdentity:
        return cls(report.title, report.agency, report.year, report.format_id, report.reader,
                   report.predates_formats)


def _audit_one(path: Path, previous: AnnualReport | None):
    with _hostile_as_read_error(path):
        with work_limit():
            report = read_report(path)
            return report, audit(report, previous=previous)


def _audit_entry(path: Path, previous: AnnualReport | None, from_folder: bool) -> dict:
    """One file's result: the report's identity and findings, or the reason it could not be read (never
    raises for a file's own faults, so a worker process returns it like any other result).  An internal
    error is this file's entry too (``internal``: the exit status becomes 4), so the others keep theirs."""
    try:
        report, findings = _audit_one(path, previous)
        return {"path": str(path), "report": ReportIdentity.of(report), "findings": findings, "error": None}
    except NotAReport as exc:
        # a README or template found in a folder is skipped, and said so; named explicitly, it is an error
        return {"path": str(path), "report": None, "findings": [], "error": exc.message, "skipped": from_folder}
    except ReadError as exc:
        return {"path": str(path), "report": None, "findings": [], "error": exc.message}
    except Exception as exc:  # noqa: BLE001 - a bug of ours, said in Chinese, limited to this file
        if "GONGKAI_DEBUG" in os.environ:
            raise
        return {"path": str(path), "report": None, "findings": [], "internal": True,
                "error": f"内部错误（{type(exc).__name__}: {str(exc)[:300]}），请把这条信息和此文件报告给开发者"}


# ------------------------------------------------------------------ many files
_previous: AnnualReport | None = None  # a worker's copy of --previous, sent once per worker, not per file


def _set_previous(previous, parent_pid: int | None = None) -> None:
    """A worker's start: keep ``previous``, and leave stopping to the parent (see :func:`_worker_signals`)."""
    global _previous
    _previous = previous
    _worker_signals(parent_pid)


def _worker_signals(parent_pid: int | None) -> None:
    """A worker ignores Ctrl-C (the parent, which gets it too, stops the pool: :func:`_stop_pool`), dies of
    SIGTERM (not the parent's handler inherited by fork), and dies with its parent: on Linux the kernel sends
    it SIGKILL when the parent dies (PR_SET_PDEATHSIG), so no worker is left running under PID 1."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent_pid is None:
        return
    with contextlib.suppress(Exception):  # not Linux, or no libc: the pool's own checks remain
        import ctypes
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl: nobody is waiting for this worker
        os._exit(1)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C's KeyboardInterrupt (so the same cleanup runs);
    ``status`` is the exit status (128 + the signal)."""
    status = 128 + signal.SIGTERM


_held = False  # an interrupt now waits for the end of signals_held()
_pending: BaseException | None = None


def _raise_or_hold(exc: BaseException) -> None:
    global _pending
    if _held:
        _pending = _pending or exc
        return
    raise exc


@contextlib.contextmanager
def stoppable():
    """While a batch runs: SIGTERM raises :class:`Terminated` and SIGINT KeyboardInterrupt (unless SIGINT is
    ignored, as for a background job), both held back inside :func:`signals_held`, so the workers are stopped
    and the output ended instead of the process vanishing mid-write."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_int(signum, frame):
        _raise_or_hold(KeyboardInterrupt())

    def on_term(signum, frame):
        _raise_or_hold(Terminated())

    handlers = {signal.SIGTERM: on_term}
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        handlers[signal.SIGINT] = on_int
    previous = {signum: signal.signal(signum, handler) for signum, handler in handlers.items()}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def signals_held():
    """Inside :func:`stoppable`: hold Ctrl-C and SIGTERM back while a result is written, so an interrupt never
    cuts an entry in two; it is raised right after.  (A flag, not a signal mask: with worker processes the
    pool's threads, not masked, would take the signal and the main thread would still run the handler.)"""
    global _held, _pending
    if _held:
        yield
        return
    _held = True
    try:
        yield
    finally:
        _held = False
        pending, _pending = _pending, None
        if pending is not None:
            raise pending


def _stop_pool(pool) -> None:
    """Stop a pool now: its workers are terminated (not waited for: a file may take a minute), then reaped."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.join(2)
            if proc.is_alive():
                proc.kill()
                proc.join(1)


def _pooled_entry(path: Path, from_folder: bool) -> dict:
    return _audit_entry(path, _previous, from_folder)


#: results in flight per worker: enough to keep every worker busy while the parent writes, few enough that a
#: slow file holds back only this many finished results
IN_FLIGHT_PER_JOB = 4


def iter_audit(files: list[Path], previous, from_folder: set, jobs: int):
    """The result of each of ``files``, in their order, each as soon as it and those before it are done."""
    if jobs <= 1 or len(files) < 2:
        for p in files:
            yield _audit_entry(p, previous, p in from_folder)
        return
    # lazy: multiprocessing and logging cost a single-report audit more than its own start (cold start, issue 16)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    todo = deque(files)
    while todo:
        in_flight: deque = deque()
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_set_previous,
                                   initargs=(previous, os.getpid()))
        stopped = False
        try:
            try:
                while todo or in_flight:
                    while todo and len(in_flight) < jobs * IN_FLIGHT_PER_JOB:
                        p = todo.popleft()
                        try:
                            in_flight.append((p, pool.submit(_pooled_entry, p, p in from_folder)))
                        except BrokenProcessPool:
                            todo.appendleft(p)  # not sent: the next pool takes it
                            raise
                    p, future = in_flight[0]
                    result = future.result()
                    in_flight.popleft()
                    yield result
            except BrokenProcessPool:
                # every file in flight failed with the pool: each is audited again alone (those done keep theirs)
                for p, future in in_flight:
                    done = future.done() and not future.cancelled() and future.exception() is None
                    yield future.result() if done else _audit_isolated(p, previous, p in from_folder)
        except BaseException:
            # Ctrl-C, SIGTERM (Terminated) or the reader of the results gone (GeneratorExit): stop the
            # workers now rather than wait for the files in flight
            stopped = True
            _stop_pool(pool)
            raise
        finally:
            if not stopped:
                pool.shutdown(wait=True, cancel_futures=True)


def _audit_all(files: list[Path], previous, from_folder: set, jobs: int) -> list[dict]:
    """Every result of :func:`iter_audit` in a list (for callers that want them all at once)."""
    return list(iter_audit(files, previous, from_folder, jobs))


def _audit_isolated(path: Path, previous, from_folder: bool) -> dict:
    from concurrent.futures import ProcessPoolExecutor  # loaded already by iter_audit
    from concurrent.futures.process import BrokenProcessPool
    pool = ProcessPoolExecutor(max_workers=1, initializer=_worker_signals, initargs=(os.getpid(),))
    try:
        result = pool.submit(_audit_entry, path, previous, from_folder).result()
    except BrokenProcessPool:
        pool.shutdown(wait=True)
        return {"path": str(path), "report": None, "findings": [],
                "error": "处理此文件的进程意外终止（可能是内存不足），文件可能过于复杂或是恶意构造的"}
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return result

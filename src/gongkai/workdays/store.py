"""The office's holiday schedules as stored: one JSON file per year in ``<data folder>/calendars/``.

The State Council publishes 《国务院办公厅关于YYYY年部分节假日安排的通知》 in November; an office loads it the
same day (``gongkai calendar import`` or the platform's 节假日安排 page) instead of waiting for a
chinese-calendar release.  The CLI, the library (:func:`office_calendar`) and the web platform read the same
folder, and backups carry it.  A year that neither the package nor a stored notice covers is counted
provisionally (:mod:`gongkai.workdays.calendar`).

File shape: the schedule JSON of :func:`~gongkai.workdays.calendar.schedule_from_dict` plus
``source_text`` (the notice as pasted), ``loaded_by``, ``loaded_at`` (ISO time) and ``forced`` (loaded
although it contradicts the package's data for that year).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..datadir import data_dir
from .calendar import (LIBRARY_VERSION, LIBRARY_YEARS, Schedule, WorkCalendar, capped, day_differences,
                       provisional_reason, schedule_from_dict)
from .errors import ScheduleFileError
from .notice import schedule_file


class CalendarConflict(ScheduleFileError):
    """A notice contradicts the built-in (package) schedule of a year the package covers; ``differences``
    lists the days.  Stored only when forced."""


def schedule_to_dict(schedule: Schedule) -> dict:
    """The JSON shape of ``schedule`` (:func:`gongkai.workdays.notice.schedule_file`: holiday periods, make-up
    days, the previous year's days as ``spillover``)."""
    return schedule_file(schedule)


def spillover_lines(schedule: Schedule) -> list[str]:
    """Chinese lines for the days of the previous year a notice also decides (applied to that year)."""
    out = [f"{d.isoformat()} 放假（{n}），属于 {d.year} 年，按本通知执行" for d, n in sorted(schedule.spillover.items())]
    out += [f"{d.isoformat()} 调休上班（{n}），属于 {d.year} 年，按本通知执行"
            for d, n in sorted(schedule.spillover_makeup.items())]
    return out


def compare_schedules(old: Schedule, new: Schedule, limit: int = 10) -> list[str]:
    """Where ``new`` changes ``old`` (a re-import of the same year): Chinese lines, at most ``limit``."""
    out = day_differences(old.day, new.day, new.year, "原为", "新通知为")
    for day in sorted(set(old.spillover) ^ set(new.spillover)):
        out.append(f"{day.isoformat()}（{day.year} 年）" + ("新通知安排放假" if day in new.spillover else "新通知不再安排放假"))
    return capped(out, limit)


@dataclass(frozen=True)
class StoredSchedule:
    schedule: Schedule
    path: Path
    loaded_by: str = ""
    loaded_at: str = ""
    forced: bool = False
    source_text: str = ""

    def differences_from_package(self) -> list[str]:
        """Where a package release that now covers the year disagrees with the stored notice ([] if none
        or the package does not cover it)."""
        return WorkCalendar(library=True).differences(self.schedule, limit=10)


class CalendarStore:
    """The ``calendars`` folder of a data folder (default: :func:`gongkai.datadir.data_dir`)."""

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root is not None else data_dir() / "calendars"

    def path(self, year: int) -> Path:
        return self.root / f"{int(year)}.json"

    def _files(self) -> list[Path]:
        try:
            return sorted(p for p in self.root.glob("*.json") if p.stem.isdigit())
        except OSError:
            return []

    def signature(self) -> tuple:
        """Changes whenever a stored file is added, replaced or removed (cache key)."""
        out = []
        for p in self._files():
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((p.name, st.st_mtime_ns, st.st_size))
        return tuple(out)

    def load(self) -> tuple[list[StoredSchedule], list[str]]:
        """Every stored schedule, and a Chinese problem line for each file that cannot be read (such a
        file is left out: its year then counts provisionally, and the problem is shown)."""
        stored, problems = [], []
        for p in self._files():
            try:
                data = json.loads(p.read_text(encoding="utf-8"))
                sched = schedule_from_dict(data, str(p))
                if str(sched.year) != p.stem:
                    raise ScheduleFileError(f"节假日安排文件 {p} 的年份 {sched.year} 与文件名不符。", path=str(p))
            except ScheduleFileError as e:
                problems.append(str(e))
                continue
            except (OSError, ValueError, UnicodeDecodeError) as e:
                problems.append(f"节假日安排文件 {p} 无法读取（{e}），该年暂按法定节假日推算；请重新加载通知。")
                continue
            stored.append(StoredSchedule(sched, p, str(data.get("loaded_by", "")), str(data.get("loaded_at", "")),
                                         bool(data.get("forced", False)), str(data.get("source_text", ""))))
        return stored, problems

    def get(self, year: int) -> StoredSchedule | None:
        return next((s for s in self.load()[0] if s.schedule.year == year), None)

    def check(self, schedule: Schedule) -> list[str]:
        """Differences from the package's data for a covered year ([] when the year is not built in)."""
        return WorkCalendar(library=True).differences(schedule, limit=10)

    def save(self, schedule: Schedule, *, source_text: str = "", actor: str = "", force: bool = False,
             now: dt.datetime | None = None) -> StoredSchedule:
        """Store ``schedule`` (replacing that year's file atomically, mode 0600).

        Raises :class:`CalendarConflict` when the year is built in and the schedule contradicts it,
        unless ``force``."""
        diffs = self.check(schedule)
        if diffs and not force:
            raise CalendarConflict(
                f"{schedule.year} 年的通知与内置的国务院安排（chinese-calendar）不一致：" + "；".join(diffs)
                + "。请核对通知原文；确属调整（如临时延长假期）时可强制加载（--force / 平台“仍然加载”）。",
                differences=diffs)
        now = now or dt.datetime.now().astimezone()
        data = schedule_to_dict(schedule)
        data.update(source_text=source_text, loaded_by=actor, loaded_at=now.isoformat(timespec="seconds"),
                    forced=bool(diffs))
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            self.root.chmod(0o700)
        except OSError:
            pass
        target = self.path(schedule.year)
        fd, tmp = tempfile.mkstemp(prefix=f".{schedule.year}-", suffix=".json", dir=self.root)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return StoredSchedule(schedule_from_dict(data, str(target)), target, actor, data["loaded_at"], bool(diffs),
                              source_text)

    def remove(self, year: int) -> bool:
        p = self.path(year)
        if p.exists():
            p.unlink()
            return True
        return False


_CACHE: dict[str, tuple[tuple, WorkCalendar, list[str]]] = {}


def office_calendar(root: str | Path | None = None) -> WorkCalendar:
    """The office's calendar: chinese-calendar, then the stored notices (which take precedence), then
    provisional years.  Re-read only when a stored file changed (so the web platform sees a notice loaded
    from the command line at once)."""
    return office_calendar_and_problems(root)[0]


def office_calendar_and_problems(root: str | Path | None = None) -> tuple[WorkCalendar, list[str]]:
    store = CalendarStore(root)
    key = str(store.root)
    sig = store.signature()
    hit = _CACHE.get(key)
    if hit and hit[0] == sig:
        return hit[1], hit[2]
    stored, problems = store.load()
    cal = WorkCalendar([s.schedule for s in stored])
    _CACHE[key] = (sig, cal, problems)
    return cal, problems


def covered_until(calendar: WorkCalendar) -> int:
    """The last year with an official schedule (package or stored) without a gap from the package's years."""
    y = LIBRARY_YEARS[1]
    while calendar.covers(y + 1):
        y += 1
    return y


#: a year's status in Chinese
YEAR_STATUS_LABELS = {"loaded": "已加载通知", "package": "内置", "provisional": "暂定"}


def year_statuses(store: CalendarStore, calendar: WorkCalendar, today: dt.date) -> list[dict]:
    """What each year from the package's last-but-one to next year (and any later stored one) rests on:
    ``status`` "loaded" (a notice this office loaded: who, when, and any differences from a package release that
    now covers the year), "package" (chinese-calendar) or "provisional" (statutory holidays, with the reason).
    Shared by ``gongkai calendar status`` and the platform's 节假日安排 page."""
    stored = {s.schedule.year: s for s in store.load()[0]}
    out = []
    for y in range(LIBRARY_YEARS[1] - 1, max(today.year + 2, max(stored, default=0)) + 1):
        s = stored.get(y)
        if s is not None:
            out.append({"year": y, "status": "loaded", "source": s.schedule.notice or str(s.path),
                        "loaded_by": s.loaded_by, "loaded_at": s.loaded_at,
                        "package_differences": s.differences_from_package()})
        elif calendar.covers(y):
            out.append({"year": y, "status": "package", "source": LIBRARY_VERSION})
        else:
            out.append({"year": y, "status": "provisional", "source": "按法定节假日暂定", "reason": provisional_reason(y)})
    return out

"""Web addresses given to the import (the page's list, ``gongkai supervise import URL``/``--urls``).

Each address is a row from the moment it is given (:class:`ImportAddress`, 待抓取); a task fetches it — the
worker when ``GONGKAI_BROKER_URL`` is set, this process otherwise (:func:`tasks.enqueue_fetch`, as audits are
queued) — with the limits of :func:`intake.fetch_address` (http/https only, also after a redirect; timeouts;
the upload's size limit).  What it gets is imported as an uploaded file is (:func:`services.import_batch`:
stored by sha256 under the address, matched to a unit and year, its audit queued; the same content fetched
twice is one row), and the address becomes 已抓取 with that report, or 抓取失败 with the reason in Chinese.
Nothing given is dropped: an address that cannot be fetched at all (ftp://, no host) is recorded as 抓取失败
at once.  One row per office and address: giving an address again, or 重新抓取 on the page, fetches it again
(a changed file becomes a new version)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.utils import timezone

from . import services, tasks  # modules, not names: tasks imports this module (fetch_addresses)
from .intake import MAX_ADDRESS_CHARS, Batch, address_problem, fetch_address, is_address
from .models import ImportAddress

#: failed addresses listed on the import page (the rest are counted)
LISTED = 100


def parse_lines(text: str) -> tuple[list[str], list[services.Imported]]:
    """(addresses, refused lines) of the page's list: one address per line; blank lines and lines starting
    with # skipped; a line that is not scheme://… is refused with its line number (said, not dropped); an
    address given twice is taken once."""
    addresses, refused, seen = [], [], set()
    for n, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_address(line):
            refused.append(services.Imported(line[:200], "refused",
                                             reason=f"第 {n} 行不是网页地址（应以 http:// 或 https:// 开头）"))
        elif line not in seen:
            seen.add(line)
            addresses.append(line)
    return addresses, refused


def import_addresses(urls: list[str], *, office, by: str, year: int | None = None,
                     published_on: dt.date | None = None, dates: dict[str, dt.date] | None = None
                     ) -> list[services.Imported]:
    """Record the addresses (待抓取) and hand them to the fetch task; returns each one's outcome as far as it
    is known now: fetched and imported here (no broker), 抓取失败 with the reason, or 待抓取 (state
    ``pending``: the worker fetches it).  ``dates`` per address, else ``published_on`` for all, as for files.
    Raises SupervisionError for an impossible date, as :func:`services.import_batch` does."""
    dates = dict(dates or {})
    services.check_published_on(published_on, year)
    for name, day in dates.items():
        try:
            services.check_published_on(day, year)
        except services.SupervisionError as exc:
            raise services.SupervisionError(f"{name}：{exc}") from None
    out: dict[str, list[services.Imported]] = {}
    rows: list[ImportAddress] = []
    known = {a.url: a for a in ImportAddress.objects.filter(office=office, url__in=[u for u in urls
                                                                                     if len(u) <= MAX_ADDRESS_CHARS])}
    now = timezone.now()
    for url in dict.fromkeys(u.strip() for u in urls):
        if len(url) > MAX_ADDRESS_CHARS:  # cannot be kept as given: said, not cut
            out[url] = [services.Imported(url[:200] + "…", "refused", reason=address_problem(url) or "")]
            continue
        own = dates.get(url)
        a = known.get(url) or ImportAddress(url=url, office=office)
        a.imported_by, a.given_at, a.year_given = by[:150], now, year
        a.published_on, a.published_on_own = own or published_on, own is not None
        a.status, a.reason, a.note = "pending", "", ""
        why = address_problem(url)
        if why:  # never fetchable (ftp://, no host): 抓取失败 at once, kept in the list
            a.status, a.reason, a.fetched_at = "failed", why, now
        rows.append(a)
    ImportAddress.objects.bulk_create([a for a in rows if a.pk is None])
    old = [a for a in rows if a.pk is not None and a.url in known]
    if old:
        ImportAddress.objects.bulk_update(old, ["imported_by", "given_at", "year_given", "published_on",
                                                "published_on_own", "status", "reason", "note", "fetched_at"])
    results: dict[int, list[services.Imported]] = {}
    waiting = [a.pk for a in rows if a.status == "pending"]
    mode = tasks.enqueue_fetch(waiting, results) if waiting else ""
    fresh = ImportAddress.objects.select_related("report", "report__agency").in_bulk([a.pk for a in rows])
    for a in rows:
        if a.pk in results:
            out[a.url] = results[a.pk]
        else:
            out[a.url] = outcome(fresh.get(a.pk, a), mode)
    # an address given twice (a list with a line repeated) is fetched once, and the repeat is said, not dropped
    given = Counter(u.strip() for u in urls)
    for url, n in given.items():
        if n > 1 and url in out:
            first = out[url][0] if out[url] else None
            out[url] += [services.Imported(url, "duplicate", first.report if first else None,
                                           reason=f"本次导入中重复的地址（共出现 {n} 次），只抓取一次")] * (n - 1)
    return [item for url in out for item in out[url]]


def outcome(a: ImportAddress, mode: str = "queued") -> list[services.Imported]:
    """What an address's row says now, as lines of the import's result."""
    if a.status == "failed":
        return [services.Imported(a.url, "refused", reason=a.reason)]
    if a.status == "fetched" and a.report is not None:
        return [services.Imported(a.url, "new", a.report, reason=a.note)]
    return [services.Imported(a.url, "pending", audit=mode)]


def fetch_addresses(address_ids: list[int], done: dict | None = None,
                    results: dict | None = None) -> dict[int, str]:
    """Fetch these addresses one after the other (a task's few); an address no longer 待抓取 (fetched by a
    delivery of the same message before, or failed) is left as it is.  ``done`` (id → status) is filled as
    each is recorded (a task interrupted by a database error retries the rest); ``results`` (id → the
    import's lines) for a caller that shows them."""
    done = {} if done is None else done
    rows = ImportAddress.objects.select_related("office").in_bulk(address_ids)
    for pk in address_ids:
        a = rows.get(pk)
        if a is None:
            done[pk] = "missing"
        elif a.status != "pending":
            done[pk] = "already-" + a.status
        else:
            lines = fetch_one(a)
            if results is not None:
                results[pk] = lines
            done[pk] = a.status
    return done


def fetch_one(a: ImportAddress) -> list[services.Imported]:
    """Fetch one address (no transaction is held while the server answers), import what it gave, and record
    the outcome on its row; returns the import's lines for it."""
    batch = Batch()
    fetch_address(a.url, batch)  # network: outside any transaction
    own = a.published_on if a.published_on_own else None
    lines: list[services.Imported] = []
    if batch.files:
        try:
            lines = services.import_batch(
                batch, office=a.office, by=a.imported_by, year=a.year_given,
                published_on=None if own else a.published_on,
                dates={f.name: own for f in batch.files} if own else None)
        except services.SupervisionError as exc:  # e.g. the date given is no longer possible
            lines = [services.Imported(a.url, "refused", reason=str(exc))]
    else:
        lines = [services.Imported(r.name, "refused", reason=r.reason) for r in batch.refused]
    taken = [i for i in lines if i.report is not None]
    left = [i for i in lines if i.report is None]
    a.attempts += 1
    a.fetched_at = timezone.now()
    if taken:
        a.status, a.reason, a.report = "fetched", "", taken[0].report
        a.note = "；".join(f"{i.name}：{i.reason}" for i in left)[:4000]
    else:
        a.status, a.report, a.note = "failed", None, ""
        a.reason = "；".join(i.reason if i.name == a.url else f"{i.name}：{i.reason}" for i in left)[:4000] \
            or "未取得文件"
    ImportAddress.objects.filter(pk=a.pk).update(status=a.status, reason=a.reason, note=a.note, report=a.report,
                                                  attempts=a.attempts, fetched_at=a.fetched_at)
    return lines


def refetch(a: ImportAddress) -> list[services.Imported]:
    """Fetch an address again (重新抓取 on the page): 待抓取, and to the task; returns its lines as known now."""
    a.status, a.reason, a.note = "pending", "", ""
    ImportAddress.objects.filter(pk=a.pk).update(status="pending", reason="", note="")
    results: dict[int, list[services.Imported]] = {}
    mode = tasks.enqueue_fetch([a.pk], results)
    if a.pk in results:
        return results[a.pk]
    a.refresh_from_db()
    return outcome(a, mode)


def visible(user):
    """The addresses a 上级审查员 may see: given to an office in their scope."""
    return ImportAddress.objects.filter(services.scope_filter(user, "office_id"))


def counts(qs) -> dict[str, int]:
    """How many addresses are in each state (待抓取, 抓取失败, 已抓取), one query."""
    out = {"pending": 0, "failed": 0, "fetched": 0}
    for row in qs.values("status").annotate(n=Count("id")):
        out[row["status"]] = row["n"]
    return out

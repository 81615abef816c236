"""The 上级审查 page's numbers of files (issue 15: one query for what four queries counted) against the files
counted one by one, for any mix of years (the page's, another, none), units (none: waiting to be confirmed),
statuses, 作废 and 待确认 — and the page shows them."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from gongkai.web.agencies.models import Agency
from gongkai.web.supervision import services
from gongkai.web.supervision.models import MATCH, STATUS, PublishedReport

pytestmark = pytest.mark.django_db

YEAR = 2023
FILE = st.tuples(st.sampled_from([YEAR, YEAR - 1, None]), st.booleans(), st.booleans(),
                 st.sampled_from(sorted(STATUS)), st.sampled_from(sorted(MATCH)))
_serial = itertools.count()


def _store(world, files):
    """(year, has a unit, voided, status, match_state) → rows; the old ones deleted."""
    PublishedReport.objects.all().delete()
    unit = Agency.objects.filter(parent=world.county).order_by("id").first()
    for year, placed, voided, status, match in files:
        k = next(_serial)
        PublishedReport.objects.create(
            sha256=hashlib.sha256(f"fc{k}".encode()).hexdigest(), size=1, source_name=f"{k}.txt",
            office=world.county, agency=unit if placed else None, year=year, status=status, match_state=match,
            voided_at="2025-01-02T03:04:05Z" if voided else None)


def _expected(files) -> dict:
    def counts(rows):
        out = {"pending": 0, "audited": 0, "unreadable": 0, "voided": 0, "to_confirm": 0}
        for _, _, voided, status, match in rows:
            if voided:
                out["voided"] += 1
            else:
                out[status] += 1
                out["to_confirm"] += match == "pending"
        out["total"] = out["pending"] + out["audited"] + out["unreadable"]
        return out
    return {"year": counts([f for f in files if f[0] == YEAR]),
            "year_or_unknown": counts([f for f in files if f[0] in (YEAR, None)]),
            "listed": sum(1 for f in files if f[0] == YEAR and not f[2]),
            "unplaced": sum(1 for f in files if (f[0] is None or not f[1]) and not f[2])}


def test_file_counts_are_the_files_counted_one_by_one(world):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(FILE, max_size=14))
    def check(files):
        _store(world, files)
        assert services.file_counts(PublishedReport.objects.all(), YEAR) == _expected(files)

    check()


def test_the_page_shows_the_counts_and_lists_what_they_count(world, login):
    files = [(YEAR, True, False, "audited", "auto"), (YEAR, True, True, "audited", "auto"),
             (YEAR, False, False, "audited", "pending"), (None, True, False, "unreadable", "auto"),
             (None, False, True, "pending", "pending"), (YEAR - 1, False, False, "audited", "pending")]
    _store(world, files)
    page = login(world.supervisor).get(f"/supervision/?year={YEAR}").content.decode()
    exp = _expected(files)
    assert f"{YEAR} 年度已导入的文件（{exp['year']['total']}）" in page
    assert f"待确认机关或年度的文件（{exp['unplaced']}）" in page
    assert "已作废的文件（2）" in page
    listed = page.split(f"{YEAR} 年度已导入的文件")[1].split("</table>")[0]
    assert listed.count("<tr><td><a") == exp["listed"]
    unplaced = page.split("待确认机关或年度的文件")[1].split("</table>")[0]
    assert unplaced.count("<tr><td><a") == exp["unplaced"]
    # nothing waiting, nothing 作废: those tables are not shown
    _store(world, [(YEAR, True, False, "audited", "auto")])
    page = login(world.supervisor).get(f"/supervision/?year={YEAR}").content.decode()
    assert "待确认机关或年度的文件" not in page and "已作废的文件" not in page

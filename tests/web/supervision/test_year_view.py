"""The year's coverage kept per process (services.year_view) under the units' version numbers (supervision/versions.py,
database triggers): every kind of write that changes what the pages show is seen at the next request, and
the rows built in Python (tables.py) escape what they print."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import connection

from gongkai.web.agencies.models import Agency
from gongkai.web.supervision import services, versions
from gongkai.web.supervision.models import PublishedReport

FIGURES = {"三|received|total": "10", "三|dispositions_total|total": "10", "三|granted|total": "5"}


def _report(world, unit, k: int, **fields) -> PublishedReport:
    values = {"sha256": hashlib.sha256(f"yv-{k}".encode()).hexdigest(), "size": 1, "source_name": f"yv-{k}.txt",
              "office": world.county, "agency": unit, "year": 2023, "status": "audited", "match_state": "auto",
              "version": 1, "errors": 1, "warnings": 0, "figures": FIGURES, **fields}
    return PublishedReport.objects.create(**values)


def _view(world):
    return services.year_view(world.county, 2023, services.scope_filter(world.supervisor))


def _row(view, unit):
    return next(row for row in view.rows if row["agency"].pk == unit.pk)


def test_the_triggers_exist_after_migrate(db):
    assert versions.expected(connection) <= versions._SET.present(connection)


def test_every_change_the_pages_show_is_seen_at_the_next_request(world):
    unit = Agency.objects.create(name="留存测试镇人民政府", kind="township", parent=world.county,
                                 added_on=dt.date(2019, 6, 1))
    first = _view(world)
    assert _view(world) is first  # nothing changed: the same view, nothing read again
    assert not _row(first, unit)["published"]

    r = _report(world, unit, 1)  # a file arrives (INSERT)
    view = _view(world)
    assert view is not first and _row(view, unit)["published"] and _row(view, unit)["errors"] == 1
    assert view.indicators()[r.pk]["received"] == 10

    PublishedReport.objects.filter(pk=r.pk).update(published_on=dt.date(2024, 1, 10))  # QuerySet.update
    assert _row(_view(world), unit)["first_published_on"] == dt.date(2024, 1, 10)

    r.figures = {**FIGURES, "三|received|total": "12"}  # save(): the indicators are computed again
    r.save()
    assert _view(world).indicators()[r.pk]["received"] == 12

    Agency.objects.filter(pk=unit.pk).update(name="留存测试镇人民政府（更名）")  # the unit's own row
    assert _row(_view(world), unit)["agency"].name.endswith("（更名）")

    other = Agency.objects.create(name="新设测试镇人民政府", kind="township", parent=world.county)  # a unit added
    assert any(row["agency"].pk == other.pk for row in _view(world).rows)
    other.delete()  # and removed
    assert not any(row["agency"].pk == other.pk for row in _view(world).rows)

    PublishedReport.objects.filter(pk=r.pk).update(year=2022)  # moved to another year
    assert not _row(_view(world), unit)["published"]
    PublishedReport.objects.filter(pk=r.pk).update(year=2023)
    PublishedReport.objects.filter(pk=r.pk).delete()  # deleted
    assert not _row(_view(world), unit)["published"]


def test_the_date_and_the_local_deadline_are_part_of_the_key(world, settings):
    unit = Agency.objects.create(name="期限测试镇人民政府", kind="township", parent=world.county,
                                 added_on=dt.date(2019, 6, 1))
    settings.GONGKAI_TODAY = dt.date(2024, 2, 1)
    assert _row(_view(world), unit)["due"] is None  # a 乡镇: the 条例 sets no date
    settings.GONGKAI_TOWNSHIP_REPORT_DUE = "03-31"
    row = _row(_view(world), unit)
    assert row["due"] == dt.date(2024, 3, 31) and not row["overdue"]
    settings.GONGKAI_TODAY = dt.date(2024, 4, 1)
    assert _row(_view(world), unit)["overdue"]


def test_the_rows_built_in_python_escape_what_they_print(world, login):
    unit = Agency.objects.create(name="<b>转义</b>测试镇人民政府", kind="township", parent=world.county,
                                 added_on=dt.date(2019, 6, 1))
    _report(world, unit, 2, source_name="<i>文件</i>.txt")
    page = login(world.supervisor).get("/supervision/?year=2023").content.decode()
    assert "&lt;b&gt;转义&lt;/b&gt;测试镇人民政府" in page and "<b>转义" not in page
    assert "&lt;i&gt;文件&lt;/i&gt;.txt" in page and "<i>文件" not in page

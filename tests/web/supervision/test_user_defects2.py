"""Defects fresh users found in the supervising office's year (second round): the report page listed every unit;
an imported file's publication date was the day of the import; a .txt and a .pdf of one report were two versions;
a unit added today was overdue for past years, also in the January 待办; the Redis transport's hour-long
visibility timeout; the 待办 said 1月31日 for every unit."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from gongkai.cli import main as cli_main
from gongkai.web.accounts.models import User
from gongkai.web.agencies.models import Agency
from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.reports.models import ReportDraft
from gongkai.web.supervision import dates, services, tasks
from gongkai.web.supervision.models import PublishedReport
from gongkai.web.todo.services import as_text, todo_for

from .conftest import ON_PLATFORM_SINCE, batch_of, sample_text

SHARED = Path(os.environ.get("GONGKAI_SHARED") or Path(__file__).resolve().parents[3].parent / "shared")
CORPUS = SHARED / "corpus"


def _as(text, agency):
    return text.replace("示例县清河镇人民政府", agency.name)


def _import(name, text, office, **kw):
    return services.import_batch(batch_of((name, text.encode("utf-8"))), office=office, by="t", **kw)[0].report


def _rows(office, year):
    return {row["agency"].pk: row for row in services.coverage(office, year)}


# ------------------------------------------------------------------ 1. the unit is searched, not listed
@pytest.fixture
def many_units(world):
    """A county with 300 units below it (a province has thousands); 甲镇 has a station of its own."""
    Agency.objects.bulk_create([Agency(name=f"测试县第{i:03d}号单位", kind="department", parent=world.county,
                                       added_on=ON_PLATFORM_SINCE) for i in range(300)])
    return Agency.objects.create(name="农业综合服务站", kind="department", parent=world.a, added_on=ON_PLATFORM_SINCE)


def _agency_inputs(page):
    return re.findall(r'<input type="radio" name="agency" value="(\d+)"', page)


def test_the_report_page_lists_no_unit_until_searched(world, unit, many_units, login):
    r = _import("未知单位.txt", sample_text().replace("示例县清河镇人民政府", "某某单位"), world.county)
    assert r.match_state == "pending"
    c = login(world.supervisor)
    page = c.get(f"/supervision/reports/{r.pk}/").content.decode()
    assert "测试县第299号单位" not in page and "<select name=\"agency\"" not in page
    assert len(_agency_inputs(page)) <= 5  # the best candidates only
    assert 'type="search"' in page and 'list="unit-list"' in page  # a search field, a keyboard's own control
    # by name
    page = c.get(f"/supervision/reports/{r.pk}/", {"q": "乙局"}).content.decode()
    assert str(world.b.pk) in _agency_inputs(page) and "1 个机关" in page
    # by region: the station is found by its 乡镇's name together with its own
    page = c.get(f"/supervision/reports/{r.pk}/", {"q": "甲镇 服务站"}).content.decode()
    assert _agency_inputs(page)[-1:] == [str(many_units.pk)] and "（甲镇人民政府）" in page
    # too many: a page of them and a request for more words
    page = c.get(f"/supervision/reports/{r.pk}/", {"q": "号单位"}).content.decode()
    assert "300 个机关" in page and "只列出前 20 个" in page
    assert len([x for x in _agency_inputs(page) if int(x) not in {c_["id"] for c_ in r.candidates}]) <= 20
    # outside the supervisor's subtree: not found
    page = c.get(f"/supervision/reports/{r.pk}/", {"q": "别县"}).content.decode()
    assert "没有找到" in page and str(world.other_county.pk) not in _agency_inputs(page)
    # and the choice is taken
    c.post(f"/supervision/reports/{r.pk}/confirm/", {"agency": many_units.pk})
    r.refresh_from_db()
    assert r.agency == many_units and r.match_state == "confirmed"


def test_the_search_field_is_filled_from_a_small_endpoint(world, unit, many_units, login):
    c = login(world.supervisor)
    body = c.get("/supervision/units/", {"q": "服务站"}).content.decode()
    assert body.strip() == '<option value="农业综合服务站">甲镇人民政府</option>'
    assert c.get("/supervision/units/", {"q": "号单位"}).content.decode().count("<option") == 20
    assert c.get("/supervision/units/", {"q": ""}).content.decode().strip() == ""
    assert c.get("/supervision/units/", {"q": "乙", "report": "x"}).status_code == 200  # a bad id is ignored
    assert login(world.clerk_b).get("/supervision/units/", {"q": "乙"}).status_code == 403


# ------------------------------------------------------------------ 2. the publication date
def test_without_a_date_the_publication_date_is_unknown_not_today(world, unit, login):
    b = _import("b.txt", _as(sample_text(), world.b), world.county)  # a 部门, 2023: due 2024-01-31
    assert b.agency == world.b and b.published_on is None and b.published_on_source == ""
    row = _rows(world.county, 2023)[world.b.pk]
    assert row["published"] and row["on_time"] is None and row["state"] == "已发布（发布日期未知）"
    c = login(world.supervisor)
    assert "发布日期未知" in c.get("/supervision/?year=2023").content.decode()
    assert "发布日期未知" in c.get(f"/supervision/reports/{b.pk}/").content.decode()
    assert "已发布（发布日期未知）" in c.get("/supervision/dashboard/?year=2023").content.decode()
    # the supervisor sets it on the report page: audit-logged, and coverage judges it
    page = c.post(f"/supervision/reports/{b.pk}/published-on/", {"published_on": "2024-02-05"},
                  follow=True).content.decode()
    assert "发布日期已改为 2024-02-05" in page
    b.refresh_from_db()
    assert b.published_on == dt.date(2024, 2, 5) and "在报告页填写" in b.published_on_source
    entry = AuditEntry.objects.filter(action="supervision_published_on").get()
    assert entry.old["published_on"] == "发布日期未知" and entry.new["published_on"] == "2024-02-05"
    assert _rows(world.county, 2023)[world.b.pk]["state"] == "逾期发布"  # after 1月31日


def test_a_date_given_for_the_batch_or_for_one_file(world, unit):
    text = _as(sample_text(), world.b)
    results = services.import_batch(batch_of(("b.txt", text.encode()), ("q.txt", sample_text().encode())),
                                    office=world.county, by="t", published_on=dt.date(2024, 1, 30),
                                    dates={"q.txt": dt.date(2024, 2, 2)})
    b, q = (i.report for i in results)
    assert (b.published_on, b.published_on_source) == (dt.date(2024, 1, 30), "导入时指定")
    assert (q.published_on, q.published_on_source) == (dt.date(2024, 2, 2), "导入时为该文件指定")
    assert _rows(world.county, 2023)[world.b.pk]["state"] == "按时发布"
    with pytest.raises(services.SupervisionError, match="x.txt：.*早于 2024-01-01"):
        services.import_batch(batch_of(("x.txt", b"x")), office=world.county, by="t", year=2023,
                              dates={"x.txt": dt.date(2023, 5, 1)})


def test_cli_import_says_unknown_and_takes_a_date_per_file(world, unit, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.txt").write_text(_as(sample_text(), world.b), encoding="utf-8")
    (folder / "qinghe.txt").write_text(sample_text(), encoding="utf-8")
    assert cli_main(["supervise", "import", str(folder / "qinghe.txt"), "--office", world.county.name]) == 0
    assert "发布日期未知" in capsys.readouterr().out
    assert cli_main(["supervise", "import", str(folder), "--office", world.county.name,
                     "--published-on", "b.txt=2024-01-25"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "\tb.txt\t" in x)
    assert "发布日期 2024-01-25（导入时为该文件指定）" in line
    assert PublishedReport.objects.get(source_name="b.txt").published_on == dt.date(2024, 1, 25)
    # a file name that is not in the batch, two batch dates, a date without a name: refused, said in Chinese
    assert cli_main(["supervise", "import", str(folder), "--office", world.county.name,
                     "--published-on", "没有这个.txt=2024-01-25"]) == 2
    assert "不在本次导入中：没有这个.txt" in capsys.readouterr().err
    assert cli_main(["supervise", "import", str(folder), "--office", world.county.name,
                     "--published-on", "2024-01-25", "--published-on", "2024-01-26"]) == 2
    assert "只能给一个" in capsys.readouterr().err
    assert cli_main(["supervise", "import", str(folder), "--published-on", "=2024-01-25"]) == 2
    assert "缺少文件名" in capsys.readouterr().err
    assert cli_main(["supervise", "coverage", "--year", "2023", "--office", world.county.name]) == 0
    out = capsys.readouterr().out
    assert any(x.startswith(unit.name) and "发布日期未知" in x for x in out.splitlines())


def test_the_date_at_the_reports_end_is_taken_and_said(world, unit):
    signed = sample_text().rstrip() + "\n\n示例县乙局\n2024年1月18日\n"
    b = _import("b.txt", _as(signed, world.b).replace("示例县乙局", world.b.name), world.county)
    assert b.published_on == dt.date(2024, 1, 18)
    assert "落款日期“2024年1月18日”" in b.published_on_source and "行" in b.published_on_source
    assert _rows(world.county, 2023)[world.b.pk]["state"] == "按时发布"
    # in Chinese numerals, as official documents print it
    q = _import("q.txt", sample_text().rstrip() + "\n\n示例县清河镇人民政府\n二〇二四年二月二日\n", world.county)
    assert q.published_on == dt.date(2024, 2, 2)
    # a date the report cannot have been published on is said, not taken
    early = _import("e.txt", sample_text().rstrip() + "\n\n清河镇\n2023年12月1日\n示例\n", world.county)
    assert early.published_on is None and "2023-12-01 未作为发布日期" in early.note
    # a date inside the last sentence is no date of publication
    inside = _import("i.txt", sample_text().rstrip() + "2024年1月18日起施行新的收费办法。\n", world.county)
    assert inside.published_on is None
    # a date given at import wins over the one in the file
    given_ = _import("g.txt", signed + "\n", world.county, published_on=dt.date(2024, 1, 29))
    assert (given_.published_on, given_.published_on_source) == (dt.date(2024, 1, 29), "导入时指定")


def test_the_publish_date_meta_of_a_web_page_is_taken_and_said(world, unit):
    page = CORPUS / "real" / "2019_shanghai-szfbgt.html"
    if not page.exists():
        pytest.skip(f"{page} 不存在（共享语料库不在本机）")
    html = page.read_bytes()
    # the page as the portal serves it, with its CMS's meta; the corpus copy prints 发布日期：2020-01-31 (SOURCES.md)
    served = b'<html><head><meta name="PubDate" content="2020-01-31 17:30"></head><body>' + html + b"</body></html>"
    r = services.import_batch(batch_of(("shanghai.html", served)), office=world.county, by="t")[0].report
    assert r.status == "audited" and r.year == 2019
    assert r.published_on == dt.date(2020, 1, 31) and '<meta name="pubdate"' in r.published_on_source
    # without the meta, the 发布日期 line under the title
    r2 = services.import_batch(batch_of(("shanghai2.html", html)), office=world.county, by="t")[0].report
    assert r2.published_on == dt.date(2020, 1, 31) and "“发布日期：2020-01-31”" in r2.published_on_source


def test_meta_names_and_what_is_not_a_publication():
    assert dates.meta_date(b'<meta content="2024-01-19-17:04:03" name="firstpublishedtime">')[0] == \
        dt.date(2024, 1, 19)
    assert dates.meta_date(b"<meta property='article:published_time' content='2024-02-01T08:00:00+08:00'>")[0] == \
        dt.date(2024, 2, 1)
    assert dates.meta_date(b'<meta name="lastmodifiedtime" content="2024-01-19">') is None  # changed, not published
    assert dates.meta_date(b'<meta name="PubDate" content="2024-02-30">') is None  # no such day
    assert dates.meta_date(b'<meta name="keywords" content="2024-01-19">') is None


def _cn_numeral_date(d: dt.date) -> str:
    digits = "〇一二三四五六七八九"

    def small(n):  # 1..31 as printed: 一 … 十 十一 … 二十 二十一 … 三十一
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")
    return "".join(digits[int(c)] for c in str(d.year)) + f"年{small(d.month)}月{small(d.day)}日"


@hsettings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
def test_a_date_line_reads_back_as_printed(d):
    assert dates.parse_line_date(f"{d.year}年{d.month}月{d.day}日") == d
    assert dates.parse_line_date(f" {d.year} 年 {d.month:02d} 月 {d.day:02d} 日 ") == d
    assert dates.parse_line_date(_cn_numeral_date(d)) == d
    assert dates.parse_line_date(f"于{d.year}年{d.month}月{d.day}日发布") is None


# ------------------------------------------------------------------ 3. one publication, several formats
def test_the_same_report_in_another_format_is_one_version_with_two_files(world, unit, login):
    text = sample_text()
    first = _import("清河镇2023年报.txt", text, world.county)
    # the same report saved another way: other bytes (line breaks, spacing), the same figures and sentences
    other = _import("清河镇2023年报（网页）.txt", text.replace("\n\n", "\n \n\n").replace("。", "。 "), world.county)
    assert first.sha256 != other.sha256 and other.status == "audited"
    assert other.same_as == first and other.version == 1 and not other.modified_after_publication
    assert not other.findings.filter(code="S01").exists()
    row = _rows(world.county, 2023)[unit.pk]
    assert (row["versions"], row["files"], row["latest"].pk) == (1, 2, first.pk)
    page = login(world.supervisor).get(f"/supervision/reports/{other.pk}/").content.decode()
    assert "同一发布的其他格式" in page and "清河镇2023年报.txt" in page
    # different figures (table 四's 行政复议 总计 1 → 2): a new version, flagged as changed after publication
    changed = text.replace("1\t0\t0\t1\t1", "1\t0\t0\t1\t2")
    assert changed != text
    v2 = _import("清河镇2023年报（更正）.txt", changed, world.county)
    assert v2.same_as is None and v2.version == 2 and v2.modified_after_publication
    assert v2.findings.filter(code="S01", active=True).exists()
    assert _rows(world.county, 2023)[unit.pk]["versions"] == 2
    entry = next(e for e in services.export_entries(PublishedReport.objects.all()) if e["file"] == other.source_name)
    assert entry["same_publication_as"] == "清河镇2023年报.txt"


def test_a_pdf_and_its_text_are_one_publication(world):
    txt, pdf = CORPUS / "real" / "2024_huaian-hongze-qu.txt", CORPUS / "pdf" / "2024_huaian-hongze-qu.pdf"
    if not (txt.exists() and pdf.exists()):
        pytest.skip("共享语料库中没有 2024 洪泽区的 .txt 和 .pdf")
    hongze = Agency.objects.create(name="淮安市洪泽区人民政府", kind="county", parent=world.county)
    a = services.import_batch(batch_of(("洪泽区2024.pdf", pdf.read_bytes())), office=world.county, by="t",
                              published_on=dt.date(2025, 1, 20))[0].report
    b = services.import_batch(batch_of(("洪泽区2024.txt", txt.read_bytes())), office=world.county, by="t")[0].report
    assert (a.agency, b.agency) == (hongze, hongze)
    assert b.same_as == a and (a.version, b.version) == (1, 1) and not b.modified_after_publication
    row = _rows(world.county, 2024)[hongze.pk]
    # the publication's date is the one known for any of its files
    assert row["versions"] == 1 and row["first_published_on"] == dt.date(2025, 1, 20) and row["on_time"]


# ------------------------------------------------------------------ 4. where a unit's years start
def test_a_unit_added_today_is_not_overdue_for_years_before_it(world, login, capsys):
    new = Agency.objects.create(name="新加入局", kind="department", parent=world.county)  # today: 2025-03-20
    assert new.added_on == dt.date(2025, 3, 20) and new.first_report_year() == 2024
    rows = _rows(world.county, 2023)
    assert not rows[new.pk]["overdue"] and rows[new.pk]["state"] == "该年度不计（2025年加入平台，未填设立日期）"
    assert rows[world.b.pk]["state"] == "未发布（已逾期）"  # on the platform since 2019
    # the report due in the year it joined (2024's, by 2025-01-31) is owed
    assert _rows(world.county, 2024)[new.pk]["state"] == "未发布（已逾期）"
    # a 设立日期 decides, either way
    new.established_on = dt.date(2010, 5, 1)
    new.save()
    assert _rows(world.county, 2023)[new.pk]["state"] == "未发布（已逾期）"
    new.established_on = dt.date(2024, 7, 1)
    new.save()
    assert _rows(world.county, 2023)[new.pk]["state"] == "该年度尚未设立"
    # a report published for such a year is still shown as published
    new.established_on = None
    new.save()
    _import("n.txt", _as(sample_text(), new), world.county, published_on=dt.date(2024, 1, 10))
    assert _rows(world.county, 2023)[new.pk]["state"] == "按时发布"
    c = login(world.supervisor)
    legend = "没有填写设立日期的，从加入本平台的上一年度算起"
    assert legend in c.get("/supervision/?year=2023").content.decode()
    assert legend in c.get("/supervision/dashboard/?year=2023").content.decode()


def test_units_of_an_upgraded_platform_count_every_year():
    assert Agency(name="x", added_on=None).owes_report(2010)


# ------------------------------------------------------------------ 5 and 7. the January 待办, per unit level
def test_the_unsigned_reports_todo_lists_units_set_up_with_their_own_dates(world, settings, mailoutbox):
    settings.GONGKAI_TODAY = dt.date(2026, 1, 10)
    u = lambda name, role, agency: User.objects.create(username=name, full_name=name, role=role,  # noqa: E731
                                                      agency=agency, email=f"{name}@example.org")
    gov_clerk = u("county_clerk", "clerk", world.county)  # the county drafts its own report here
    later = Agency.objects.create(name="新设局", kind="department", parent=world.county,
                                  established_on=dt.date(2026, 1, 5))
    later_clerk = u("later_clerk", "clerk", later)
    Agency.objects.create(name="没有账户的局", kind="department", parent=world.county)
    ReportDraft.objects.create(agency=world.a, year=2025, signoffs={"clerk": {}})  # submitted, not signed
    group = {g.key: g for g in todo_for(world.supervisor)}["reports_unsigned"]
    assert {i.label: i.note for i in group.items} == {
        "测试县人民政府": "3月31日前公布（条例第四十九条第二款，本级政府年报）",
        "甲镇人民政府": "条例未规定乡镇的期限",
        "乙局": "1月31日前公布（条例第四十九条第一款）",
    }
    assert "report_submit" not in {g.key for g in todo_for(later_clerk)}  # set up in 2026: owes no 2025 report
    assert {g.key: g for g in todo_for(gov_clerk)}["report_submit"].title == \
        "2025年度报告尚未提交，3月31日前公布（条例第四十九条第二款，本级政府年报）"
    # a local date for 乡镇, then March: the county is still in time, 乙局 late
    settings.GONGKAI_TOWNSHIP_REPORT_DUE = "02-20"
    settings.GONGKAI_TODAY = dt.date(2026, 3, 10)
    notes = {i.label: i.note for i in {g.key: g for g in todo_for(world.supervisor)}["reports_unsigned"].items}
    assert notes == {"测试县人民政府": "3月31日前公布（条例第四十九条第二款，本级政府年报）",
                     "甲镇人民政府": "2月20日前公布（本地规定），已逾期",
                     "乙局": "1月31日前公布（条例第四十九条第一款），已逾期"}
    # the mail digest says the same
    world.supervisor.email = "sup@example.org"
    world.supervisor.save()
    from gongkai.web.todo.digest import send_digests
    send_digests()
    body = next(m.body for m in mailoutbox if m.to == ["sup@example.org"])
    assert "乙局（1月31日前公布（条例第四十九条第一款），已逾期）" in body and "1月31日前公布）" not in body
    assert as_text(gov_clerk, todo_for(gov_clerk)).count("3月31日前公布") >= 1


# ------------------------------------------------------------------ 6. redelivery after a worker dies
def test_visibility_timeout_is_minutes_and_configurable(settings, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured
    monkeypatch.delenv("GONGKAI_BROKER_VISIBILITY_TIMEOUT", raising=False)
    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:1/13"
    try:
        assert tasks.configure().conf.broker_transport_options["visibility_timeout"] == 600
        settings.GONGKAI_BROKER_VISIBILITY_TIMEOUT = 180
        assert tasks.configure().conf.broker_transport_options["visibility_timeout"] == 180
        del settings.GONGKAI_BROKER_VISIBILITY_TIMEOUT
        monkeypatch.setenv("GONGKAI_BROKER_VISIBILITY_TIMEOUT", "240")
        assert tasks.configure().conf.broker_transport_options["visibility_timeout"] == 240
        for bad in ("10", "十分钟"):
            monkeypatch.setenv("GONGKAI_BROKER_VISIBILITY_TIMEOUT", bad)
            with pytest.raises(ImproperlyConfigured, match="GONGKAI_BROKER_VISIBILITY_TIMEOUT.*不少于 60"):
                tasks.configure()
    finally:
        monkeypatch.delenv("GONGKAI_BROKER_VISIBILITY_TIMEOUT", raising=False)
        settings.GONGKAI_BROKER_URL = ""
        tasks.configure()


def test_the_redis_transport_takes_the_timeout(settings, monkeypatch):
    from .test_background import REDIS, _redis_up
    if not _redis_up():
        pytest.skip("Redis 127.0.0.1:6379 不可连接（CI 有 Redis）")
    settings.GONGKAI_BROKER_URL = REDIS
    monkeypatch.setenv("GONGKAI_BROKER_VISIBILITY_TIMEOUT", "120")
    try:
        with tasks.configure().connection_for_write() as conn:
            assert conn.default_channel.visibility_timeout == 120
    finally:
        monkeypatch.delenv("GONGKAI_BROKER_VISIBILITY_TIMEOUT", raising=False)
        settings.GONGKAI_BROKER_URL = ""
        tasks.configure()


def test_a_redelivered_audit_does_nothing_new(world, unit, monkeypatch):
    from django.utils import timezone
    before = timezone.now().isoformat()
    r = _import("q.txt", sample_text(), world.county)  # audited in-process
    audited_at, findings = r.audited_at, list(r.findings.values_list("id", "review"))
    import django.db
    monkeypatch.setattr(django.db, "close_old_connections", lambda: None)  # a worker's; here: the test's transaction
    calls = []
    real = services.audit_published
    monkeypatch.setattr(services, "audit_published", lambda rid: calls.append(rid) or real(rid))
    # the message sent before that audit comes again (its worker died before acknowledging): nothing is done
    assert tasks.audit_published_task.apply(args=[r.pk, before]).get() == "already-audited"
    r.refresh_from_db()
    assert calls == [] and r.audited_at == audited_at and list(r.findings.values_list("id", "review")) == findings
    # a request made after it (重新审核) is carried out; so is a file a dead worker left 待审核
    assert tasks.audit_published_task.apply(args=[r.pk, timezone.now().isoformat()]).get() == "audited"
    PublishedReport.objects.filter(pk=r.pk).update(status="pending")
    assert tasks.audit_published_task.apply(args=[r.pk, before]).get() == "audited"
    assert calls == [r.pk, r.pk]
    # a message of the earlier kind (no time) is still carried out
    assert tasks.audit_published_task.apply(args=[r.pk]).get() == "audited"


@pytest.mark.django_db(transaction=True)
def test_the_unit_is_found_and_chosen_with_the_keyboard_in_a_browser(browser, live_server):
    from ..conftest import PASSWORD, make_world
    w = make_world()
    Agency.objects.bulk_create([Agency(name=f"测试县第{i:03d}号单位", kind="department", parent=w.county)
                                for i in range(300)])
    station = Agency.objects.create(name="农业综合服务站", kind="department", parent=w.a)
    r = _import("未知单位.txt", sample_text().replace("示例县清河镇人民政府", "某某单位"), w.county)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", w.supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_url("**/todo/**")
    page.goto(f"{live_server.url}/supervision/reports/{r.pk}/")
    page.focus("#unit-q")
    page.keyboard.type("服务站")
    # while typing, the field's suggestions come from the server (htmx fills the <datalist>)
    page.wait_for_selector("#unit-list option[value='农业综合服务站']", state="attached")
    assert page.locator("#unit-list option").count() == 1
    page.keyboard.press("Enter")  # the plain form: the results as choices
    page.wait_for_selector(f"input[name=agency][value='{station.pk}']")
    page.focus(f"input[name=agency][value='{station.pk}']")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to the confirm button
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已确认：该报告属于农业综合服务站")
    r.refresh_from_db()
    assert r.agency == station and r.match_state == "confirmed"


def test_the_migration_forgets_dates_that_were_only_the_import_day(world, unit):
    import importlib

    from django.apps import apps
    from django.utils import timezone
    migration = importlib.import_module("gongkai.web.supervision.migrations.0005_publication_date_source_and_formats")
    old = _import("old.txt", sample_text(), world.county)
    given = _import("given.txt", _as(sample_text(), world.b), world.county, published_on=dt.date(2024, 1, 20))
    # as the old default stored it: the local day of the import
    PublishedReport.objects.filter(pk=old.pk).update(published_on=timezone.localdate(old.imported_at))
    migration.forget_import_days(apps, None)
    old.refresh_from_db()
    given.refresh_from_db()
    assert old.published_on is None and given.published_on == dt.date(2024, 1, 20)

"""SUPV-FIX item 3 (issue 15): the import's result page showed the state of the moment of the upload — with a
worker, or with another import of the same file still auditing it, it said 待审核 for good.  The result page
now shows each file as it is (re-read on every refresh, every 5 seconds while something is waiting), says
when another import is auditing the same file and links to it, and has an address of its own."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.web.supervision import services, tasks
from gongkai.web.supervision.models import PublishedReport

from .conftest import SAMPLE_AGENCY, sample_text


def _queue_without_auditing(monkeypatch, settings):
    """A broker is configured and the worker has not got to the files yet: they stay 待审核."""
    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:6379/14"
    monkeypatch.setattr(tasks, "enqueue", lambda ids, total=None, last=True: "queued")


def _upload(client, name="清河镇年报.txt"):
    page = client.post("/supervision/upload/", {"year": "2023", "files": [
        SimpleUploadedFile(name, sample_text().encode())]}, follow=True).content.decode()
    token = page.split('hx-get="/supervision/imported/')[1].split("/")[0] if 'hx-get="/supervision/imported/' in page \
        else None
    return page, token


def test_the_result_page_follows_the_files_until_they_are_audited(world, unit, login, monkeypatch, settings):
    _queue_without_auditing(monkeypatch, settings)
    client = login(world.supervisor)
    page, token = _upload(client)
    assert token, "the page refreshes itself while a file is 待审核"
    assert 'hx-trigger="every 5s"' in page and "尚在审核 <b class=\"badge\">1</b>" in page
    assert "本页每 5 秒自动刷新" in page
    r = PublishedReport.objects.get()
    services.audit_published(r.pk)  # the worker's turn
    live = client.get(f"/supervision/imported/{token}/?live=1").content.decode()
    assert live.startswith('<div id="import-result">')  # the table alone, and no more refreshing
    assert "审核完成 <b class=\"badge\">1</b>" in live and "every 5s" not in live and "全部处理完毕" in live
    assert f">{SAMPLE_AGENCY}</a>" in live and "第1版" in live
    # the page has an address of its own (reloadable), within the session
    again = client.get(f"/supervision/imported/{token}/").content.decode()
    assert "<h1>导入结果</h1>" in again and "已审核" in again
    assert client.get("/supervision/imported/nosuchtoken/").status_code == 404
    other = login(world.other_sup)
    assert other.get(f"/supervision/imported/{token}/").status_code == 404  # another session: not kept there


def test_a_file_another_import_is_still_auditing_is_said_with_a_link(world, unit, login, monkeypatch, settings):
    _queue_without_auditing(monkeypatch, settings)
    client = login(world.supervisor)
    _upload(client)  # the first import (another tab, a colleague): its file still 待审核
    r = PublishedReport.objects.get()
    page, token = _upload(client, "副本.txt")
    assert "已导入过（同一文件，不重复计入）：该文件已由另一次导入（county_sup，" in page
    assert "导入，正在审核，审核完成后本页显示结果" in page and f'href="/supervision/reports/{r.pk}/"' in page
    assert token and "every 5s" in page
    services.audit_published(r.pk)
    live = client.get(f"/supervision/imported/{token}/?live=1").content.decode()
    assert "另一次导入" not in live and "已审核" in live and "every 5s" not in live


def test_without_a_broker_the_page_is_final_at_once(world, unit, login):
    page, token = _upload(login(world.supervisor))
    assert token is None and "every 5s" not in page and "全部处理完毕" in page
    assert "审核完成 <b class=\"badge\">1</b>" in page

"""gongkai backup / restore: a consistent dump, restored and compared."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from gongkai.cli_web import dump, load
from gongkai.web.cases import services
from gongkai.web.cases.models import Case


@pytest.mark.django_db(transaction=True)
def test_restore_reproduces_the_backup(settings, tmp_path):
    from .conftest import make_world
    w = make_world()
    services.add_attachment(w.clerk_a, w.case_a, SimpleUploadedFile("a.pdf", b"%PDF-1.4 hello"))
    # A time whose microseconds are not whole milliseconds (Django's JSON would cut them and the
    # comparison below would fail one run in a few hundred; the backup keeps them).
    Case.objects.filter(pk=w.case_a.pk).update(created_at=dt.datetime(2025, 3, 1, 4, 0, 0, 500, tzinfo=dt.UTC))
    first = io.BytesIO()
    n = dump(first)
    assert n > 10
    data1 = json.loads(zipfile.ZipFile(io.BytesIO(first.getvalue())).read("data.json"))
    with pytest.raises(ValueError, match="--force"):
        load(io.BytesIO(first.getvalue()))
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored"
    assert load(io.BytesIO(first.getvalue())) == n
    second = io.BytesIO()
    dump(second)
    data2 = json.loads(zipfile.ZipFile(io.BytesIO(second.getvalue())).read("data.json"))
    before = {(o["model"], str(o["pk"])): o["fields"] for o in data1}
    after = {(o["model"], str(o["pk"])): o["fields"] for o in data2}
    assert before.keys() == after.keys(), (
        f"only in the backup: {sorted(before.keys() - after.keys())}; "
        f"only after the restore: {sorted(after.keys() - before.keys())}")
    changed = {k: {f: (v, after[k].get(f)) for f, v in fields.items() if after[k].get(f) != v}
               for k, fields in before.items() if after[k] != fields}
    assert not changed, f"objects changed by backup + restore (field: (before, after)): {changed}"
    att = Case.objects.get(pk=w.case_a.pk).attachments.get()
    assert att.file.read() == b"%PDF-1.4 hello"
    assert Case.objects.get(pk=w.case_a.pk).created_at.microsecond == 500

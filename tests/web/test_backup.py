"""gongkai backup / restore: a consistent dump, restored and compared."""

from __future__ import annotations

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
    key = lambda o: (o["model"], str(o["pk"]))  # noqa: E731
    assert sorted(data1, key=key) == sorted(data2, key=key)
    att = Case.objects.get(pk=w.case_a.pk).attachments.get()
    assert att.file.read() == b"%PDF-1.4 hello"

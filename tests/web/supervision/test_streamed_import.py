"""``gongkai supervise import FOLDER`` stores the files as it reads them (intake.StoredPaths) and queues each
chunk as soon as it is stored: the workers start before the last file is read.  The same files give the same
result, file for file and in the same order, as storing all of them first (collect_paths): the same content
twice is one row, nothing is dropped, a file that cannot be taken is in the list with its reason."""

from __future__ import annotations

import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.web.supervision import intake, services, tasks
from gongkai.web.supervision.models import PublishedReport

from .conftest import sample_text


def _folder(root, contents: list[int], extras: bool):
    """Files named by their position whose bytes are the sample with ``contents[k]`` blank lines (equal
    numbers: the same content twice), and with ``extras`` a zip (one report, one bad member), an unsupported
    file and an empty sub-folder."""
    root.mkdir(parents=True)
    text = sample_text().encode()
    for k, c in enumerate(contents):
        (root / f"{k:03d}.txt").write_bytes(text + b"\n" * (c + 1))
    if extras:
        with zipfile.ZipFile(root / "050-包.zip", "w") as z:
            z.writestr("里面.txt", text + b"\nzip")
            z.writestr("说明.doc1", b"x")
        (root / "051-readme.exe").write_bytes(b"MZ")
        (root / "sub").mkdir()
    return root


def _summary(results):
    return [(i.name, i.state, i.reason, i.report.sha256 if i.report is not None else None) for i in results]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=12),
       chunk=st.integers(min_value=1, max_value=5), extras=st.booleans(), data=st.data())
def test_streamed_import_gives_what_storing_everything_first_gives(unit, tmp_path_factory, monkeypatch, contents,
                                                                   chunk, extras, data):
    monkeypatch.setattr(services, "IMPORT_CHUNK", chunk)
    monkeypatch.setattr(services, "FIRST_CHUNK", data.draw(st.integers(min_value=1, max_value=5)))
    base = tmp_path_factory.mktemp("imp")
    folder = _folder(base / "reports", contents, extras)
    missing = str(base / "不存在")
    paths = [str(folder), missing]
    PublishedReport.objects.all().delete()  # (the examples share the test's database)
    streamed = services.import_batch(intake.StoredPaths(paths), office=unit.parent, by="t", enqueue_audit=False)
    rows = PublishedReport.objects.count()
    PublishedReport.objects.all().delete()
    eager = services.import_batch(intake.collect_paths(paths), office=unit.parent, by="t", enqueue_audit=False)
    assert _summary(streamed) == _summary(eager)
    assert rows == PublishedReport.objects.count() == len(set(contents)) + extras
    refused = [i for i in streamed if i.state == "refused"]
    assert [i.name for i in refused] == (["050-包.zip/说明.doc1"] if extras else []) + [missing]


def test_each_chunk_is_queued_before_the_next_files_are_read(unit, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_CHUNK", 3)
    monkeypatch.setattr(services, "FIRST_CHUNK", 2)
    folder = _folder(tmp_path / "reports", list(range(8)), False)
    read: list[str] = []
    real = intake._add_path
    monkeypatch.setattr(intake, "_add_path", lambda path, batch, label=None: (read.append(path.name),
                                                                             real(path, batch, label))[1])
    queued = []
    monkeypatch.setattr(tasks, "enqueue", lambda ids, total=None, last=True:
                        queued.append((len(ids), len(read), total)) or "queued")
    res = services.import_batch(intake.StoredPaths([str(folder)]), office=unit.parent, by="t")
    assert queued == [(2, 2, 8), (3, 5, 8), (3, 8, 8)]  # (reports queued, files read by then, the import's size)
    assert [i.state for i in res] == ["new"] * 8 and {i.audit for i in res} == {"queued"}


def test_command_line_import_of_a_folder_streams_and_says_every_file(unit, tmp_path, capsys):
    from gongkai.cli import main
    folder = _folder(tmp_path / "reports", [0, 1, 1], True)
    assert main(["supervise", "import", str(folder), str(tmp_path / "不存在"), "--office", unit.parent.name]) == 2
    out = capsys.readouterr().out  # (2: a file not taken)
    for name in ("000.txt", "001.txt", "002.txt", "050-包.zip/里面.txt", "050-包.zip/说明.doc1", "不存在"):
        assert name in out
    assert "与本次导入的 001.txt 内容相同" in out
    assert PublishedReport.objects.count() == 3


@pytest.mark.parametrize("inside", ["nothing", "zip-without-reports"])
def test_command_line_import_of_a_folder_without_reports_says_so(unit, tmp_path, capsys, inside):
    from gongkai.cli import main
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "readme.exe").write_bytes(b"MZ")
    if inside == "zip-without-reports":
        with zipfile.ZipFile(folder / "空.zip", "w") as z:
            z.writestr("__MACOSX/._x.txt", b"x")
    assert main(["supervise", "import", str(folder), "--office", unit.parent.name]) == 2
    assert "给出的文件夹中没有年报文件或 zip 压缩包" in capsys.readouterr().err
    assert PublishedReport.objects.count() == 0

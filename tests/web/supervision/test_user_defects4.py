"""Defects a fresh tester found in the supervising office's year (issue 15, fourth round): a GBK file name on disk
aborted a folder import; versions followed the import order instead of the publication date; 某镇 and 某镇人民政府
did not match; a broken PDF's reason named a temporary file; stored files were readable by all; exports dropped
folder paths and the other names of a duplicate."""

from __future__ import annotations

import datetime as dt
import os
import sys

import pytest

from gongkai.cli import main as cli_main
from gongkai.web.supervision import intake
from gongkai.web.supervision.models import PublishedReport

from .conftest import sample_text

posix_bytes_names = pytest.mark.skipif(sys.platform == "win32" or os.fsencode("é") != "é".encode("utf-8"),
                                       reason="文件名按字节保存（UTF-8 文件系统编码）时才会有非 UTF-8 文件名")


# ------------------------------------------------------------------ 1. non-UTF-8 names on disk
def test_readable_name_decodes_gbk_and_replaces_what_nothing_decodes():
    gbk = os.fsdecode("清河镇年报.txt".encode("gbk"))
    assert gbk != "清河镇年报.txt"  # as Python gives it: surrogates
    assert intake.readable_name(gbk) == "清河镇年报.txt"
    assert intake.readable_name("已是UTF-8.txt") == "已是UTF-8.txt"
    odd = intake.readable_name(os.fsdecode(b"\x81\x30\xff.txt"))  # no GB18030 either
    assert odd.endswith(".txt") and "\ufffd" in odd
    odd.encode("utf-8")  # storable and printable


@posix_bytes_names
def test_a_gbk_named_file_in_a_folder_is_imported_with_its_name(world, unit, tmp_path, capsys):
    folder = tmp_path / "各单位"
    folder.mkdir()
    (folder / "乙局年报.txt").write_text(sample_text().replace(unit.name, world.b.name), encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), "清河镇年报.txt".encode("gbk")), "wb") as fh:
        fh.write(sample_text().encode("utf-8"))
    with open(os.path.join(os.fsencode(folder), b"\xff\xfe\xff.txt"), "wb") as fh:
        fh.write(sample_text().replace(unit.name, world.a.name).encode("utf-8"))
    rc = cli_main(["supervise", "import", str(folder), "--office", world.county.name, "--year", "2023",
                   "--published-on", os.fsdecode("清河镇年报.txt".encode("gbk")) + "=2024-01-20"])
    out = capsys.readouterr().out
    assert rc == 0, out
    names = set(PublishedReport.objects.values_list("source_name", flat=True))
    assert len(names) == 3 and {"清河镇年报.txt", "乙局年报.txt"} <= names
    odd = (names - {"清河镇年报.txt", "乙局年报.txt"}).pop()
    assert "\ufffd" in odd and odd.endswith(".txt")
    assert "清河镇年报.txt" in out and odd in out
    assert PublishedReport.objects.get(source_name="清河镇年报.txt").published_on == dt.date(2024, 1, 20)
    assert PublishedReport.objects.get(source_name="清河镇年报.txt").agency == unit
    # the export takes them as well
    assert cli_main(["supervise", "export", "--year", "2023", "--format", "json", "-o", str(tmp_path / "e.json"),
                     "--office", world.county.name]) == 0
    assert "清河镇年报.txt" in (tmp_path / "e.json").read_text(encoding="utf-8")

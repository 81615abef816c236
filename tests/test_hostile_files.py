"""Hostile files end in seconds, in under 1 GB, with a Chinese message naming the file (#12 item 4).

Each file is generated here (tests/hostile.py; nothing big is committed) and audited by the CLI in
a subprocess with a wall-clock timeout and an address-space limit of 1 GB (resource.setrlimit).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hostile

ROOT = Path(__file__).resolve().parents[1]
MEMORY = 1 << 30  # 1 GB of address space for the CLI and its worker processes
TIMEOUT = 60


def _limit():
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def gongkai(*args, timeout=TIMEOUT):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("GONGKAI_DEBUG", None)
    start = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "gongkai.cli", *map(str, args)], capture_output=True, text=True,
                       timeout=timeout, preexec_fn=_limit, env=env)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


REFUSED = {  # generator: words of the Chinese message
    "docx_gridspan_bomb": "Word 表格展开合并单元格后超过",
    "xlsx_merged_whole_sheet": "XLSX 合并单元格覆盖超过",
    "html_span_bomb": "全部表格展开合并单元格后超过",
    "pdf_inflate_bomb": "疑似压缩炸弹",
    "text_long_cell": "长达 1000000 位的数字",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_file_is_refused_in_seconds_with_a_chinese_message_and_exit_2(tmp_path, name):
    path = hostile.GENERATORS[name](tmp_path)
    code, out, err, took = gongkai("audit", path)
    text = out + err
    assert code == 2, text[-2000:]
    assert REFUSED[name] in text and path.name in text
    assert "Traceback" not in text and "Error:" not in text
    assert took < 30, took


def test_a_claim_of_100000_digits_and_200000_narrative_lines_finish_fast(tmp_path):
    claim = hostile.text_long_claim(tmp_path, digits=100_000)
    code, out, err, took = gongkai("audit", claim)
    assert code in (0, 1) and "Traceback" not in out + err and took < 20, (code, took, err[-500:])
    lines = hostile.text_many_lines(tmp_path, lines=200_000)
    code, out, err, took = gongkai("audit", lines, "--format", "json")
    assert code in (0, 1) and json.loads(out)["reports"][0]["read_error"] is None and took < 40, (code, took)


def test_cpu_time_limit_covers_mapping_and_auditing(tmp_path):
    lines = hostile.text_many_lines(tmp_path, lines=200_000)
    env_limit = {"GONGKAI_WORK_TIMEOUT": "0.5"}
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), **env_limit)
    p = subprocess.run([sys.executable, "-m", "gongkai.cli", "audit", str(lines)], capture_output=True, text=True,
                       timeout=TIMEOUT, preexec_fn=_limit, env=env)
    assert p.returncode == 2 and "处理超时" in p.stdout + p.stderr and lines.name in p.stdout + p.stderr
    assert "Traceback" not in p.stdout + p.stderr


def test_folder_audit_keeps_the_good_results_and_lists_each_bad_file_once(tmp_path, corpus):
    folder = tmp_path / "各单位"
    folder.mkdir()
    shutil.copy(corpus("seed/2023_hulin_abei_xiang.txt"), folder / "a_seed.txt")
    shutil.copy(corpus("real/2024_huaian-shi.txt"), folder / "b_huaian.txt")
    hostile.docx_gridspan_bomb(folder)
    hostile.xlsx_merged_whole_sheet(folder)
    hostile.text_long_cell(folder)
    code, out, err, took = gongkai("audit", folder, "-j", "2", "--format", "json")
    assert code == 2 and "Traceback" not in err, err[-2000:]
    reports = {Path(r["source"]).name: r for r in json.loads(out)["reports"]}
    assert len(reports) == 5
    assert reports["a_seed.txt"]["read_error"] is None and reports["a_seed.txt"]["summary"]["error"] == 1
    assert reports["b_huaian.txt"]["read_error"] is None
    for bad in ("gridspan-bomb.docx", "merged-sheet.xlsx", "long-cell.txt"):
        assert reports[bad]["read_error"] and not reports[bad].get("skipped"), reports[bad]
    assert took < 60


_original_entry = None


def _dying_entry(path, previous, from_folder):
    """A worker that dies on one file (as if killed for memory); the others are audited normally."""
    if Path(path).name == "dies.txt":
        os._exit(137)
    return _original_entry(path, previous, from_folder)


def test_a_worker_that_dies_fails_only_its_own_file(monkeypatch, tmp_path, corpus):
    global _original_entry
    from gongkai.cli import batch as cli
    _original_entry = cli._audit_entry
    monkeypatch.setattr(cli, "_audit_entry", _dying_entry)
    files = []
    for name in ("a.txt", "dies.txt", "c.txt"):
        p = tmp_path / name
        shutil.copy(corpus("seed/2023_hulin_abei_xiang.txt"), p)
        files.append(p)
    results = cli._audit_all(files, None, set(), jobs=2)
    assert [Path(r["path"]).name for r in results] == ["a.txt", "dies.txt", "c.txt"]
    assert results[0]["error"] is None and results[2]["error"] is None and results[0]["findings"]
    assert "进程意外终止" in results[1]["error"]


def test_a_pdf_stream_compressed_twice_is_measured_at_its_last_level():
    """/Filter [/FlateDecode /FlateDecode]: 600 bytes on disk, 300 KB after one inflation, 300 MB after two."""
    import zlib

    import pytest

    from gongkai.readers import ReadError
    from gongkai.readers.pdf import check_inflation
    outer = zlib.compress(zlib.compress(b"\0" * (300 * 1024 * 1024), 9), 9)

    def pdf(filters: bytes) -> bytes:
        return (b"%PDF-1.4\n1 0 obj\n<< /Length " + str(len(outer)).encode() + b" /Filter " + filters
                + b" >>\nstream\n" + outer + b"\nendstream\nendobj\n%%EOF")
    with pytest.raises(ReadError, match="压缩炸弹"):
        check_inflation(pdf(b"[/FlateDecode /FlateDecode]"), "twice.pdf")
    check_inflation(pdf(b"/FlateDecode"), "once.pdf")  # one level: 300 KB, well under the limit


def _inflates_past(data: bytes, limit: int) -> bool:
    """The PDF's counted streams inflated one by one, all of them (check_inflation before it skipped streams
    whose bound fits): True when their sum passes ``limit``."""
    from gongkai.readers import pdf

    total, pos = 0, 0
    while (m := pdf._STREAM.search(data, pos)) and (end := data.find(b"endstream", m.end())) >= 0:
        raw, pos = data[m.end():end], end + 9
        header = data[max(0, m.start() - 4096):m.start()]
        header = header[header.rfind(b"obj") + 1:]
        if pdf._IMAGE.search(header):
            continue
        if not raw[:1] or raw[0] & 0x0F != 8:
            total += len(raw)
        else:
            total += pdf._inflated(raw, max(1, min(4, len(pdf._FLATE.findall(header)))), limit - total, 1 << 24)
        if total > limit:
            return True
    return False


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2), st.booleans(),
                          st.sampled_from([b"\0", b"ab", b"xyz1"])), max_size=6), st.integers(0, 300_000))
def test_a_pdf_is_refused_exactly_when_all_its_streams_inflated_pass_the_limit(streams, limit):
    """check_inflation inflates only the streams whose bound could pass the limit (deflate expands at most
    1032-fold a level): refused or not exactly as inflating every stream says, for streams stored, compressed
    once or twice, images, of various sizes and limits."""
    import zlib

    from gongkai.readers import ReadError
    from gongkai.readers.pdf import check_inflation

    objects = []
    for k, (size, levels, image, unit) in enumerate(streams):
        body = unit * (10 ** size)
        for _ in range(levels):
            body = zlib.compress(body, 9)
        filters = b"[" + b" /FlateDecode" * levels + b"]"
        kind = b" /Subtype /Image" if image else b""
        objects.append(b"%d 0 obj\n<< /Length %d /Filter %s%s >>\nstream\n%s\nendstream\nendobj\n"
                       % (k + 1, len(body), filters, kind, body))
    data = b"%PDF-1.4\n" + b"".join(objects) + b"%%EOF"
    if _inflates_past(data, limit):
        with pytest.raises(ReadError, match="压缩炸弹"):
            check_inflation(data, "t.pdf", limit)
    else:
        check_inflation(data, "t.pdf", limit)

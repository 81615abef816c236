"""The reader dispatch: a reader module and its library load only when a file of its kind is read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.readers import READERS, SUPPORTED, ReadError, _kind, _read_kind

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "gongkai" / "samples" / "sample-report-2023.txt"
HEAVY = ("docx", "openpyxl", "pypdfium2", "pdfplumber", "lxml", "rapidfuzz", "markdown_it",
         "gongkai.readers.docx", "gongkai.readers.pdf", "gongkai.readers.xlsx", "gongkai.readers.legacy",
         "gongkai.readers.html", "gongkai.readers.ooxml")


def test_every_supported_suffix_has_a_reader():
    for suffix in SUPPORTED - {".json"}:  # gongkai's JSON is read by read_report itself
        assert _kind(Path("report" + suffix), b"") in READERS, suffix


def test_an_unknown_kind_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="不支持的文件类型"):
        _read_kind("odt", tmp_path / "x.odt", "x.odt")


def test_auditing_a_text_report_loads_no_other_reader():
    """`gongkai audit one.txt` in a new process: neither the other readers nor their libraries are imported."""
    code = ("import json, sys; from gongkai.cli import main; main(['audit', sys.argv[1]]); "
            "sys.stderr.write(json.dumps(sorted(sys.modules)))")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], capture_output=True, text=True, env=env,
                       timeout=120)
    loaded = set(json.loads(p.stderr.strip().splitlines()[-1]))
    assert "gongkai.readers.text" in loaded
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY]

"""Every text, HTML and Markdown report in ../shared/corpus is read: its tables are found, or the audit says
that a table is not in the document — numbers are never invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS
from gongkai.audit import audit
from gongkai.readers import read_report

SUFFIXES = {".txt", ".html", ".htm", ".md", ".markdown"}
FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in SUFFIXES and p.name not in ("SOURCES.md",
                                                                                               "README.md"))


def test_the_corpus_is_there_or_the_reason_is_given(corpus):
    corpus("seed/2023_hulin_abei_xiang.txt")
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CORPUS)) for p in FILES] if FILES else [])
def test_every_report_is_read_and_audited(path: Path):
    rep = read_report(path)
    findings = audit(rep)
    if "pre2019" in path.parts:
        # a report from 2018 or earlier predates both national formats: it is recognised as such in one
        # finding, nothing is audited against the 2019/2021 tables, and no number lands in their cells
        assert rep.year and rep.year <= 2018 and rep.predates_formats
        assert [f.code for f in findings] == ["F07"]
        assert not rep.tables_found
        assert not [c for *_, c in rep.iter_cells() if c.kind != "missing"]
        return
    assert rep.year and 2019 <= rep.year <= 2026
    for number in ("二", "三", "四"):
        if number in rep.tables_found:
            numbers = [c for t, r, col, c in rep.iter_cells(number) if c.kind == "number"]
            # a table found but left unread (平潭 2021/2024 table 四: glued digits that a reading with a blank
            # cell fits as well) is said so: C08, with the reader's P01 naming the readings
            assert numbers or any(f.code == "C08" and f"表{number}" in f.message for f in findings), \
                f"表{number} found but no number read"
        else:
            assert any(f.severity == "error" and f"表{number}" in f.message for f in findings)
    # every cell that holds a number came from the document: it has a raw text and a location
    for t, r, c, cell in rep.iter_cells():
        if cell.kind == "number":
            assert cell.raw and (cell.location.line or cell.location.where)

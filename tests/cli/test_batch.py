"""The folder audit streams its results (issue 16), and the command line is a package of groups (issue 10).

- What ``gongkai audit FOLDER -j 2`` writes as results arrive equals what the writers make of the list of
  all results, for text, JSON and CSV: same order, same bytes; a file that fails in the middle is a result.
- The streamed JSON writer equals ``json.dumps`` of the whole document for any results (hypothesis).
- Piped text is written without rich exactly as rich would draw it (hypothesis over titles and widths).
- Each command group registers exactly its rows of ``gongkai.cli.COMMANDS``.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai import cli
from gongkai.audit.findings import CellEvidence, Finding, PassageEvidence
from gongkai.cli import batch
from gongkai.cli.output import AuditCsvWriter, AuditJsonWriter, audit_csv, audit_json, json_text
from gongkai.cli.terminal import _WIDE, TextReport, plain_rule, print_audit
from gongkai.report import Location


@pytest.fixture
def folder(tmp_path, corpus):
    """Reports, a README that is not a report, and an unreadable PDF in the middle."""
    d = tmp_path / "县"
    (d / "b").mkdir(parents=True)
    shutil.copy(corpus("seed/2023_hulin_abei_xiang.txt"), d / "a1.txt")
    shutil.copy(corpus("real/2019_shanghai-szfbgt.html"), d / "a2.html")
    (d / "b" / "m_broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (d / "b" / "n_readme.txt").write_text("这是一个说明文件，不是年度报告。\n", encoding="utf-8")
    shutil.copy(corpus("real/2024_pingtan-zhqsyq.txt"), d / "b" / "z.txt")
    shutil.copy(corpus("real/2024_huaian-shi.txt"), d / "z_last.txt")
    return d


def _all_results(folder: Path) -> list[dict]:
    from gongkai.cli.audit import expand_paths
    return [batch._audit_entry(p, None, True) for p in expand_paths([str(folder)])]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_streamed_folder_output_equals_the_writers_of_all_results(capsys, folder, fmt):
    code = cli.main(["audit", str(folder), "--format", fmt, "-j", "2"])
    streamed = capsys.readouterr().out
    results = _all_results(folder)
    whole = json_text(audit_json(results)) if fmt == "json" else audit_csv(results)
    assert streamed == whole
    assert code == 2  # the broken PDF: a result among the others, not a crash
    names = [Path(r["path"]).name for r in results]
    assert names == ["a1.txt", "a2.html", "m_broken.pdf", "n_readme.txt", "z.txt", "z_last.txt"]
    broken = results[2]
    assert broken["error"] and not broken.get("skipped") and results[3].get("skipped")
    assert all(r["error"] is None and r["findings"] for r in (results[0], results[4], results[5]))


def test_streamed_text_equals_rich_drawing_all_results(capsys, folder, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code = cli.main(["audit", str(folder), "-j", "2"])
    streamed = capsys.readouterr().out
    from rich.console import Console
    buf = io.StringIO()
    print_audit(_all_results(folder), console=Console(file=buf, width=100, soft_wrap=True, highlight=False,
                                                       emoji=False))
    assert code == 2 and streamed == buf.getvalue()
    assert streamed.index("a1.txt") < streamed.index("m_broken.pdf") < streamed.index("z_last.txt")


def test_streamed_output_to_a_file_equals_the_screen(capsys, folder, tmp_path):
    out = tmp_path / "out.json"
    assert cli.main(["audit", str(folder), "--format", "json", "-j", "2", "-o", str(out)]) == 2
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8") == json_text(audit_json(_all_results(folder)))


def test_results_are_read_as_they_are_needed_not_all_at_once(tmp_path, corpus):
    """A window of files in flight: after the first result, a file far behind has not been read yet."""
    files = []
    for i in range(3 * 2 * batch.IN_FLIGHT_PER_JOB):
        p = tmp_path / f"{i:02d}.txt"
        shutil.copy(corpus("seed/2023_hulin_abei_xiang.txt"), p)
        files.append(p)
    results = batch.iter_audit(files, None, set(), jobs=2)
    first = next(results)
    files[-1].unlink()
    rest = list(results)
    assert first["error"] is None and len(rest) == len(files) - 1
    assert rest[-1]["error"] and all(r["error"] is None for r in rest[:-1])


# ------------------------------------------------------------------ the writers for any results
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_location = st.builds(Location, source=_text, line=st.none() | st.integers(1, 10_000), where=_text)
_evidence = st.one_of(st.builds(CellEvidence, table=st.sampled_from(["二", "三", "四"]), row=_text, column=_text,
                                value=_text, location=_location),
                      st.builds(PassageEvidence, section=st.sampled_from(["", "一", "六"]), text=_text,
                                location=_location))
_finding = st.builds(Finding, code=st.sampled_from(["C01", "N01", "F03"]),
                     severity=st.sampled_from(["error", "warning", "notice"]), message=_text,
                     evidence=st.lists(_evidence, max_size=3), hint=_text)
_identity = st.builds(batch.ReportIdentity, title=_text, agency=_text, year=st.none() | st.integers(1990, 2100),
                      format_id=st.sampled_from(["2021", "2019"]), reader=st.sampled_from(["text", "html"]),
                      predates_formats=st.booleans())
_read = st.fixed_dictionaries({"path": _text, "report": _identity, "findings": st.lists(_finding, max_size=4),
                               "error": st.none()})
_unread = st.fixed_dictionaries({"path": _text, "report": st.none(), "findings": st.just([]), "error": _text.filter(bool)},
                                optional={"skipped": st.booleans(), "internal": st.just(True)})
_results = st.lists(st.one_of(_read, _unread), max_size=5)


@given(_results)
def test_streamed_json_and_csv_writers_equal_the_whole_documents(results):
    buf = io.StringIO()
    w = AuditJsonWriter(buf)
    for r in results:
        w.add(r)
    w.close()
    assert buf.getvalue() == json_text(audit_json(results))
    buf = io.StringIO()
    w = AuditCsvWriter(buf)
    for r in results:
        w.add(r)
    assert buf.getvalue() == audit_csv(results)


_title = st.text(st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                           *(st.characters(min_codepoint=lo, max_codepoint=hi) for lo, hi in _WIDE)), max_size=60)


@given(_title, st.integers(1, 200))
def test_the_rule_drawn_without_rich_is_richs(title, width):
    from rich.console import Console
    from rich.text import Text
    drawn = plain_rule(title, width)
    if drawn is None:  # left to rich
        return
    buf = io.StringIO()
    Console(file=buf, width=width, soft_wrap=True, highlight=False).rule(Text(title, style="bold"))
    assert drawn + "\n" == buf.getvalue()


def test_every_known_wide_character_is_two_cells_for_rich():
    from rich.cells import cell_len
    assert all(cell_len(chr(c)) == 2 for lo, hi in _WIDE for c in range(lo, hi + 1))


@given(_results, st.booleans())
def test_piped_text_without_rich_equals_richs(results, quiet):
    from rich.console import Console
    rich_buf = io.StringIO()
    print_audit(results, quiet=quiet, console=Console(file=rich_buf, width=80, soft_wrap=True, highlight=False,
                                                        emoji=False))
    plain_buf = io.StringIO()
    plain_buf.isatty = lambda: False
    out = TextReport(quiet=quiet, stream=plain_buf)
    out.width = 80
    for r in results:
        out.add(r)
    out.close()
    assert out.plain and plain_buf.getvalue() == rich_buf.getvalue()


# ------------------------------------------------------------------ the package
def test_each_group_registers_exactly_its_commands():
    for group in sorted({g for _, g, _ in cli.COMMANDS} - cli.PLATFORM_GROUPS) + sorted(cli.PLATFORM_GROUPS):
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        cli.load_group(group).register(sub)
        assert list(sub.choices) == [name for name, g, _ in cli.COMMANDS if g == group], group
        assert all(p.get_default("func") for p in sub.choices.values()), group


def test_python_m_gongkai_is_the_command():
    for module in ("gongkai", "gongkai.cli"):
        p = subprocess.run([sys.executable, "-m", module, "--version"], capture_output=True, text=True)
        assert p.returncode == 0 and p.stdout.startswith("gongkai "), p.stderr


def test_audit_loads_only_its_group_and_no_rich_when_piped(corpus):
    code = ("import sys; from gongkai.cli import main; code = main(['audit', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'django', 'multiprocessing') "
            "or m.startswith(('gongkai.cli.', 'gongkai.casework', 'gongkai.writers', 'gongkai.web'))), "
            "file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", code, str(corpus("seed/2023_hulin_abei_xiang.txt"))],
                       capture_output=True, text=True)
    assert p.stderr.strip() == str(["gongkai.cli.audit", "gongkai.cli.batch", "gongkai.cli.output",
                                    "gongkai.cli.terminal"])


def test_a_folder_audit_lists_the_files_it_does_not_read_as_skipped(capsys, tmp_path, corpus):
    """A file of a type no reader takes (a picture, a file without an extension) is listed as 已跳过 with its
    reason — in the text summary and in JSON — never silently absent (issue 11)."""
    import json

    d = tmp_path / "folder"
    d.mkdir()
    shutil.copy(corpus("seed/2023_hulin_abei_xiang.txt"), d / "a.txt")
    (d / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0 not read")
    (d / "README").write_text("说明", encoding="utf-8")
    (d / ".hidden.txt").write_text("hidden", encoding="utf-8")
    code = cli.main(["audit", str(d), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    by_name = {Path(r["source"]).name: r for r in out["reports"]}
    assert set(by_name) == {"a.txt", "scan.jpg", "README"}
    assert by_name["scan.jpg"]["skipped"] and ".jpg" in by_name["scan.jpg"]["read_error"]
    assert by_name["README"]["skipped"] and "扩展名" in by_name["README"]["read_error"]
    assert code in (0, 1)  # the report audited; the skipped files do not make the folder unreadable
    cli.main(["audit", str(d)])
    text = capsys.readouterr().out
    assert "已跳过 scan.jpg" in text and "已跳过 README" in text

"""The Chinese terminal report of ``gongkai audit``, grouped by severity, written as results arrive.

On a terminal it is drawn by rich (colours, wrapping at the terminal's width, the summary table).  Piped or
redirected, rich prints each line as it is, and draws only the rule above each file at a width it works out
from the environment: then the lines are written here without loading rich (cold start, issue 16), the rule
drawn as rich draws it (:func:`plain_rule`; a test compares the two), and rich is loaded only for what it
alone draws: a rule whose title has characters of other widths, and the summary table of several files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..textutil import one_line
from .output import SEVERITY_ORDER, counts

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "notice": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "notice": "cyan"}


def _format_label(rep) -> str:
    if rep.predates_formats:
        return "早于全国统一格式（2018年及以前，未按表格审核）"
    return "2021年格式（国办公开办函〔2021〕30号）" if rep.format_id == "2021" else "2019年试行格式（国办公开办函〔2019〕60号）"


def result_lines(r: dict, quiet: bool = False):
    """One file's report as lines, each a list of (text, style) pieces; the first is ``("rule", path)``."""
    rep = r["report"]
    yield "rule", r["path"]
    if r.get("skipped"):
        yield [(f"已跳过 {Path(r['path']).name}：{r['error']}", "yellow")]
        return
    if r["error"]:
        yield [(f"无法读取 {Path(r['path']).name}：{r['error']}", "bold red")]
        return
    yield [(f"{rep.agency or '（未识别机关）'}  {rep.year or '（未识别年度）'}年  {_format_label(rep)}", None)]
    findings = r["findings"]
    if not findings:
        yield [("未发现问题。", "green")]
    for sev in SEVERITY_ORDER:
        group = [f for f in findings if f.severity == sev]
        if not group or (quiet and sev == "notice"):
            continue
        style = SEVERITY_STYLE[sev]
        yield [(f"\n{SEVERITY_LABEL[sev]}（{len(group)}）", style)]
        for f in group:
            yield [("  ", None), (f"[{f.code}]", style), (one_line(f.message), None)]
            for ev in f.evidence[:6]:
                yield [(f"      ·{ev.describe()}", "dim")]
            if len(f.evidence) > 6:
                yield [(f"      · ……另有 {len(f.evidence) - 6} 处", "dim")]
            if f.hint:
                yield [(f"      建议：{f.hint}", None)]
    c = counts(findings)
    yield [(f"\n合计：错误 {c['error']} 项，警告 {c['warning']} 项，提示 {c['notice']} 项", None)]


# ------------------------------------------------------------------ without rich
def _is_terminal(stream, environ=os.environ) -> bool:
    """What rich's Console.is_terminal decides for ``stream`` (TTY_COMPATIBLE, FORCE_COLOR, isatty)."""
    tty_compatible = environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    if environ.get("FORCE_COLOR") is not None:
        return environ["FORCE_COLOR"] != ""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def plain_width(environ=os.environ) -> int:
    """The width rich gives a console that is not a terminal: COLUMNS, else the size of whichever standard
    stream is a terminal, else 80."""
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


#: characters whose width rich and this module agree on: printable ASCII (1 cell), CJK ideographs,
#: CJK punctuation and full-width forms (2 cells); a test checks each against rich
_WIDE = ((0x3001, 0x3011), (0x3014, 0x301B), (0x4E00, 0x9FFF), (0xFF01, 0xFF5E))


def _cell_len(text: str) -> int | None:
    """Cells ``text`` takes on a terminal, or None when it has a character outside the known ones."""
    n = 0
    for ch in text:
        o = ord(ch)
        if 0x20 <= o <= 0x7E:
            n += 1
        elif any(lo <= o <= hi for lo, hi in _WIDE):
            n += 2
        else:
            return None
    return n


def plain_rule(title: str, width: int) -> str | None:
    """rich's ``Console.rule(title)`` (centred, ``─``) at ``width`` without colour, or None when the title
    needs rich (a character of another width, or a title too long for the line: rich shortens it)."""
    cells = _cell_len(title)
    if cells is None or width < 8 or cells > width - 4:
        return None
    if not title:
        return "─" * width  # rich draws no gap for an empty title
    side = (width - cells) // 2
    return "─" * (side - 1) + " " + title + " " + "─" * (width - cells - side - 1)


_NEEDS_RICH = {chr(c) for c in (7, 8, 9, 11, 12, 13)}  # control codes rich removes, tabs it expands


class TextReport:
    """``gongkai audit``'s text output: :meth:`add` prints one file's report as it arrives, :meth:`close`
    the summary table (several files).  Keeps one summary row per file, never the reports."""

    def __init__(self, quiet: bool = False, console=None, stream=None):
        self.quiet = quiet
        self.stream = stream or sys.stdout
        self.console = console
        self.plain = console is None and os.name == "posix" and not _is_terminal(self.stream) and \
            (getattr(self.stream, "encoding", None) or "utf-8").lower().startswith("utf")
        self.width = plain_width() if self.plain else None
        self.rows: list[tuple] = []

    def _rich(self):
        """The rich console, made at first need (lazy: rich is not loaded for piped output)."""
        if self.console is None:
            from rich.console import Console  # deliberate lazy load: rich only for a terminal or the summary table
            console = Console(highlight=False, emoji=False, file=self.stream)
            if not console.is_terminal:  # piped or redirected: one finding per line, no hard wrapping
                console = Console(highlight=False, emoji=False, soft_wrap=True, file=self.stream)
            self.console = console
        return self.console

    def add(self, r: dict) -> None:
        for line in result_lines(r, self.quiet):
            if line[0] == "rule":
                self._rule(line[1])
            else:
                self._line(line)
        rep = r["report"]
        status = None if rep is not None else ("已跳过" if r.get("skipped") else "无法读取")
        self.rows.append((r["path"], status, rep.agency if rep else "", rep.year if rep else None,
                          counts(r["findings"]) if rep else None))

    def _rule(self, path: str) -> None:
        drawn = plain_rule(path, self.width) if self.plain else None
        if drawn is not None:
            self.stream.write(drawn + "\n")
            return
        from rich.text import Text  # deliberate lazy load: rich only when it draws
        self._rich().rule(Text(path, style="bold"))  # the path as it is (no markup: a backslash stays one)

    def _line(self, pieces) -> None:
        if self.plain and not any(_NEEDS_RICH.intersection(text) for text, _ in pieces):
            self.stream.write("".join(text for text, _ in pieces) + "\n")
            return
        from rich.text import Text  # deliberate lazy load: rich only when it draws
        self._rich().print(Text.assemble(*pieces))

    def close(self, interrupted: bool = False) -> None:  # the summary of the reports done either way
        if len(self.rows) <= 1:
            return
        from rich.markup import escape  # deliberate lazy load: rich draws the summary table
        from rich.table import Table
        table = Table(title="汇总")
        for col in ("文件", "机关", "年度", "错误", "警告", "提示"):
            table.add_column(col, overflow="fold")
        base = os.path.commonpath([os.path.dirname(os.path.abspath(row[0])) for row in self.rows])
        for path, status, agency, year, c in self.rows:
            name = escape(os.path.relpath(os.path.abspath(path), base))
            if status is not None:
                table.add_row(name, status, "", "", "", "")
                continue
            table.add_row(name, escape(agency), str(year or ""), str(c["error"]), str(c["warning"]), str(c["notice"]))
        self._rich().print(table)


def print_audit(results, quiet: bool = False, console=None) -> None:
    """The terminal report of a list of results.  ``console`` defaults to the terminal; piped output is
    not hard-wrapped."""
    out = TextReport(quiet=quiet, console=console)
    for r in results:
        out.add(r)
    out.close()

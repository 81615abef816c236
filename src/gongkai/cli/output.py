"""The command line's machine-readable outputs, in one place: JSON and CSV documents (docs/schema.md), and
writing a command's text to the screen or to ``-o FILE``.

The audit of a folder writes its JSON and CSV as the reports arrive (:class:`AuditJsonWriter`,
:class:`AuditCsvWriter`): the parent keeps no report, and the document is byte for byte the one
:func:`audit_json` / :func:`audit_csv` build from a list of results (a test holds them equal).  A result is a
dict: ``path``, ``report`` (an object with ``title``/``agency``/``year``/``format_id``/``reader``, or None),
``findings``, ``error`` (None or the Chinese reason), optionally ``skipped`` and ``internal``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from .. import __version__
from ..errors import os_reason  # noqa: F401 - the writers' reason, imported from here by the commands
from ..textutil import shorten
from . import UsageError

AUDIT_SCHEMA_VERSION = "1.6"  # 1.1: every reports[] entry has the same keys (unread files too);
#                              1.2: format may be "pre2019", "interrupted" on a stopped batch, codes R301/X01 …
#                              1.3: finding code P14; one P03 counting a table's stray rows past the first 20
#                              1.4: finding code P15 (characters cut by a byte-oriented converter)
#                              1.5: (with the report schema) P01 note data unit, wrapped_in_cell, unprinted
#                              1.6: finding code P20 (a table read turned)
SEVERITY_ORDER = ("error", "warning", "notice")
AUDIT_CSV_HEADER = ["source", "agency", "year", "code", "severity", "message", "table", "row", "column", "value",
                    "section", "text", "location"]


# ------------------------------------------------------------------ writing
def json_text(data) -> str:
    """``data`` as the command line prints JSON: UTF-8 characters as they are, indented by 2, a final newline."""
    import json  # lazy: only JSON output needs it (cold start of a terminal audit)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def print_json(data) -> None:
    sys.stdout.write(json_text(data))


def refuse_overwriting_input(output, inputs) -> None:
    """Raise UsageError when ``output`` is one of the ``inputs`` (``-o`` naming the report itself)."""
    out = Path(output)
    for i in inputs:
        try:
            if out.exists() and Path(i).exists() and out.samefile(i):
                raise UsageError(f"输出文件 {output} 就是输入文件 {i}，写入会覆盖原文件；请换一个输出文件名")
        except OSError:
            continue


def emit(text: str, output: str | None, inputs=()) -> None:
    """Write ``text`` to the file ``output`` (refusing one of ``inputs``), or to the screen."""
    if output:
        refuse_overwriting_input(output, inputs)
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"无法写入 {output}（{os_reason(exc)}）") from None
    else:
        sys.stdout.write(text)


class OutputFile:
    """``-o FILE`` opened for writing as results arrive (or the screen): a context manager giving a text
    stream; a failure to open or write is a :class:`UsageError` naming the file."""

    def __init__(self, output: str | None, inputs=()):
        self.output = output
        self.inputs = inputs
        self.stream = None

    def __enter__(self):
        if not self.output:
            return sys.stdout
        refuse_overwriting_input(self.output, self.inputs)
        try:
            self.stream = open(self.output, "w", encoding="utf-8")  # noqa: SIM115 - closed in __exit__
        except OSError as exc:
            raise UsageError(f"无法写入 {self.output}（{os_reason(exc)}）") from None
        return self.stream

    def __exit__(self, kind, exc, tb):
        if self.stream is None:
            return False
        try:
            self.stream.close()
        except OSError as close_exc:
            if kind is None:
                raise UsageError(f"无法写入 {self.output}（{os_reason(close_exc)}）") from None
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise UsageError(f"无法写入 {self.output}（{os_reason(exc)}）") from None
        return False


# ------------------------------------------------------------------ extract
def cells_csv(report) -> str:
    """One line per cell: ``table,row,column,value,location`` (a number as the JSON's ``value``, whatever
    digits it was printed with — full-width “３００１” is 3001; other cells as printed, "" blank; an
    ambiguous glued cell has no value and its location says why).  docs/schema.md §2."""
    import csv  # lazy: only CSV output needs it (cold start of a terminal audit)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "row", "column", "value", "location"])
    for table, row, col, cell in report.iter_cells():
        where = cell.location.describe()
        if cell.kind == "ambiguous":  # the run belongs to the whole row: no value for this cell
            w.writerow([table, row.label, col.display, "", f"{where}（数字连写为“{shorten(cell.raw)}”，无法唯一拆分）"])
        else:
            value = str(cell.value) if cell.kind == "number" and cell.value is not None else cell.display()
            w.writerow([table, row.label, col.display, value, where])
    return buf.getvalue()


# ------------------------------------------------------------------ audit
def counts(findings) -> dict:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER}


def report_entry(r: dict) -> dict:
    """The ``reports[]`` entry of one result: every entry has the same keys; an unread file has null
    identity and an all-zero summary."""
    rep = r["report"]
    entry = {"source": r["path"], "read_error": r["error"], "title": None, "agency": None, "year": None,
             "format": None, "reader": None, "summary": counts(r["findings"])}
    if r.get("skipped"):
        entry["skipped"] = True
    if rep is not None:
        entry.update({"title": rep.title, "agency": rep.agency, "year": rep.year, "format": rep.format_key,
                      "reader": rep.reader})
    return entry


def finding_entries(r: dict) -> list[dict]:
    out = []
    for f in r["findings"]:
        d = f.to_dict()
        d["source"] = r["path"]
        out.append(d)
    return out


def audit_json(results) -> dict:
    """The ``--format json`` document (schema in docs/schema.md) of a list of results."""
    reports = [report_entry(r) for r in results]
    all_findings = [d for r in results for d in finding_entries(r)]
    return {"schema_version": AUDIT_SCHEMA_VERSION, "tool": f"gongkai {__version__}", "reports": reports,
            "findings": all_findings,
            "summary": {s: sum(1 for f in all_findings if f["severity"] == s) for s in SEVERITY_ORDER}}


def _indented(data, prefix: str) -> str:
    """``data`` as :func:`json_text` nests it at the depth of ``prefix`` (its first line unprefixed)."""
    import json  # lazy: only JSON output needs it (cold start of a terminal audit)
    return json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n" + prefix)


class AuditJsonWriter:
    """The ``--format json`` document written to ``stream`` as results arrive: the ``reports[]`` entries go
    out at once, the findings wait in a temporary file (they come after all reports in the document), so
    memory does not grow with the number of reports.  ``close()`` ends the document."""

    def __init__(self, stream):
        import json  # lazy: only JSON output needs it (cold start of a terminal audit)
        import tempfile  # lazy: only the JSON of an audit needs it, and it loads random and more
        self.stream = stream
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.n_reports = self.n_findings = 0
        self.summary = dict.fromkeys(SEVERITY_ORDER, 0)
        stream.write('{\n  "schema_version": ' + json.dumps(AUDIT_SCHEMA_VERSION)
                     + ',\n  "tool": ' + json.dumps(f"gongkai {__version__}", ensure_ascii=False) + ',\n  "reports": [')

    def add(self, r: dict) -> None:
        self.stream.write((",\n    " if self.n_reports else "\n    ") + _indented(report_entry(r), "    "))
        self.n_reports += 1
        for d in finding_entries(r):
            self.spool.write((",\n    " if self.n_findings else "\n    ") + _indented(d, "    "))
            self.n_findings += 1
            self.summary[d["severity"]] += 1

    def close(self, interrupted: bool = False) -> None:
        """End the document; ``interrupted``: the audit was stopped (Ctrl-C, SIGTERM), so the document,
        still valid JSON, holds only the reports done and says so (``"interrupted": true``)."""
        out = self.stream
        out.write("\n  ]" if self.n_reports else "]")
        out.write(',\n  "findings": [')
        self.spool.seek(0)
        for chunk in iter(lambda: self.spool.read(1 << 16), ""):
            out.write(chunk)
        self.spool.close()
        out.write("\n  ]" if self.n_findings else "]")
        if interrupted:
            out.write(',\n  "interrupted": true')
        out.write(',\n  "summary": ' + _indented(self.summary, "  ") + "\n}\n")


class AuditCsvWriter:
    """``--format csv``: one line per piece of evidence of every finding (a finding without evidence: one
    line), for researchers auditing many reports at once; a file that could not be read is one line with
    code READ.  Columns: AUDIT_CSV_HEADER (docs/schema.md §4).  Written as results arrive."""

    def __init__(self, stream):
        import csv  # lazy: only CSV output needs it (cold start of a terminal audit)
        self.writer = csv.writer(stream, lineterminator="\n")
        self.writer.writerow(AUDIT_CSV_HEADER)

    def add(self, r: dict) -> None:
        w = self.writer
        rep = r["report"]
        agency, year = (rep.agency, rep.year or "") if rep is not None else ("", "")
        if r["error"]:
            w.writerow([r["path"], "", "", "READ", "skipped" if r.get("skipped") else "error", r["error"],
                        "", "", "", "", "", "", ""])
            return
        for f in r["findings"]:
            base = [r["path"], agency, year, f.code, f.severity, f.message]
            if not f.evidence:
                w.writerow(base + [""] * 7)
            for e in f.evidence:
                d = e.to_dict()
                w.writerow(base + [d.get("table", ""), d.get("row", ""), d.get("column", ""), d.get("value", ""),
                                   d.get("section", ""), d.get("text", ""), e.location.describe()])

    def close(self, interrupted: bool = False) -> None:
        pass


def audit_csv(results) -> str:
    """The ``--format csv`` text of a list of results (see :class:`AuditCsvWriter`)."""
    buf = io.StringIO()
    w = AuditCsvWriter(buf)
    for r in results:
        w.add(r)
    return buf.getvalue()

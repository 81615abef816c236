"""Text of a table whose every count prints its unit: "规章 1件 0件 18件", "57件" on a line of its own, the unit
apart at times ("2833 件"), the first value glued to the label ("行政规范性文件9件") — text a PDF-to-text tool
(pypdf, PyMuPDF) or a web page's text export made of a report whose cells say "件".  Read as they stand, each
"件" is a piece of label between two numbers (a row "件" that no format has) and a value line "57件" is not a
value line; with the unit taken away the line is the row it prints ("规章 1 0 18", "57").

Only in a text where such lines are many (a table's rows, :data:`MIN_LINES`), and only lines that are a label (no
sentence: no "，。；：") followed by counts each with its unit and nothing else — a count inside a sentence
("共收到申请48件，…") stays as printed.  The unit is replaced by spaces of its width (a character), so the
columns of layout text stay where they are.  Amounts ("47354.33万元") are not touched: their unit is the reading.
"""

from __future__ import annotations

import re

#: at least this many lines of counts with units in a text before any is rewritten (a table's rows)
MIN_LINES = 8

_COUNTS = re.compile(r"^(?P<label>.*?)(?P<counts>(?:\s*(?<![\d.])\d+\s*件)+)\s*$")
_COUNT = re.compile(r"(\d+)(\s*)件")
_SENTENCE = re.compile(r"[，。；：,;:！？!?、]\S*[，。；：,;:！？!?]|[，。；：,;！？!?]")


def _rewritten(line: str) -> str | None:
    m = _COUNTS.match(line)
    if m is None:
        return None
    label = m.group("label")
    if label.strip():
        if _SENTENCE.search(label) or len(label.strip()) > 80 or label.rstrip()[-1].isdigit():
            return None
    counts = _COUNT.sub(lambda c: c.group(1) + c.group(2) + " ", m.group("counts"))
    if label and not label[-1].isspace() and counts[:1].isdigit():
        counts = " " + counts  # "行政规范性文件9件": the value glued to its label stands apart
    return (label + counts).rstrip()


def counts_without_units(lines: list[str]) -> list[str]:
    """``lines`` with the unit "件" taken off counts in lines that are a table's row (see the module's doc);
    ``lines`` itself when fewer than :data:`MIN_LINES` lines are such."""
    if sum(1 for x in lines if "件" in x) < MIN_LINES:
        return lines
    out = list(lines)
    changed = 0
    for i, line in enumerate(lines):
        if "件" in line and line.rstrip().endswith("件"):
            new = _rewritten(line)
            if new is not None:
                out[i] = new
                changed += 1
    return out if changed >= MIN_LINES else lines

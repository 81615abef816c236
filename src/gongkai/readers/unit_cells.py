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

from ..textutil import lazy_pattern

#: at least this many lines of counts with units in a text before any is rewritten (a table's rows)
MIN_LINES = 8

_COUNTS = re.compile(r"^(?P<label>.*?)(?P<counts>(?:\s*(?<![\d.])\d+\s*件)+)\s*$")
_COUNT = re.compile(r"(\d+)(\s*)件")
_GLUED = re.compile(r"^\s*\S*[^\d\s.]\d+\s*件\s*$")  # a label and its first count, nothing between
_VALUE_LINE = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_SENTENCE = lazy_pattern(r"[，。；：,;:！？!?、]\S*[，。；：,;:！？!?]|[，。；：,;！？!?]")


def _rewritten(line: str) -> str | None:
    m = _COUNTS.match(line)
    if m is None:
        return None
    label = m.group("label")
    if label.strip():
        bare = _BRACKETED.sub("", label)  # a row label's note in brackets ("（区分处理的，只计这一情形，…）") is no sentence
        if _SENTENCE().search(bare) or len(label.strip()) > 80 or label.rstrip()[-1].isdigit():
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
    lines = units_wrapped_below(lines)  # (each join proven by the row's total)
    out = list(lines)
    changed = 0
    glued = []
    for i, line in enumerate(lines):
        if "件" in line and line.rstrip().endswith("件"):
            new = _rewritten(line)
            if new is not None:
                out[i] = new
                changed += 1
                if _GLUED.match(line):
                    glued.append(i)
    if changed < MIN_LINES:
        return lines
    for i in glued:
        # one cell a line (PyMuPDF), the first value on its label's line ("行政规范性文件25件" / "7件" / "261件"):
        # the values on the lines right after it are the row's (the mapping reads the row only with as many
        # values as its cells)
        j = i + 1
        while j < len(out) and _VALUE_LINE.match(out[j]):
            j += 1
        if j > i + 1:
            out[i] = out[i] + "  " + "  ".join(x.strip() for x in out[i + 1:j])
            for k in range(i + 1, j):
                out[k] = ""
    return out


_WRAPPED_TOKEN = re.compile(r"\d+件|件")
_VALUE_AT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def _total_holds(values: list[str]) -> bool:
    if len(values) < 3 or not all(v.isdigit() for v in values):
        return False
    return sum(int(v) for v in values[:-1]) == int(values[-1])


def units_wrapped_below(lines: list[str]) -> list[str]:
    """Layout text of a row whose widest cells wrapped their unit (pypdf ``extraction_mode="layout"``): the row's
    line prints its label and the wide numbers ("一、本年新收…  2833   …   3516"), the next line their units
    and the other cells ("件   353件   39件 …   63件   件").  Each lone unit below stands where a number of the
    row's line wrapped (their columns, counted in characters, do not line up: wide characters in the label), so
    with as many lone units as numbers above the row's numbers are the lower line's in order, each lone unit the
    next number above: they are joined into the row's line when the row's total then holds (the last the
    sum of the others), and the lower line emptied; otherwise both lines stay as printed."""
    out = list(lines)
    for i in range(1, len(out)):
        b = out[i]
        if "件" not in b or len(b) > 400:
            continue
        tokens = b.split()
        if not tokens or not all(_WRAPPED_TOKEN.fullmatch(t) for t in tokens) or "件" not in tokens:
            continue
        k = i - 1
        while k >= 0 and not out[k].strip():
            k -= 1
        if k < 0:
            continue
        a = out[k]
        above = [(m.start(), m.group()) for m in _VALUE_AT.finditer(a)]
        first = above[0][0] if above else 0
        if not above or not a[:first].strip() or not all(t.isdigit() for t in a[first:].split()):
            continue  # the row's line: its label, then whole numbers only
        # each lone unit below is where a number of the row's line wrapped (its unit left on the next line):
        # the numbers in the order of the lower line's tokens, a lone unit standing for the next number above
        if tokens.count("件") != len(above):
            continue
        wrapped = iter(v for _, v in above)
        values = [next(wrapped) if t == "件" else t[:-1] for t in tokens]
        if len(values) == len(above) or not _total_holds(values):
            continue
        out[k] = a[:first].rstrip() + "  " + "  ".join(values)
        out[i] = ""
    return out

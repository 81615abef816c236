"""Text whose numbers print their digits one space apart ("2 8 3 3", inscriptis' text of a Word-HTML page
whose every digit is a span of its own), the cells of a row two spaces or more apart: "1 2 7 9  4 2     1 3
8 …  1 3 7 4".  Read as printed, every digit is a cell.

The digits one space apart are one number only as far as the text itself proves it: a row of table 三 whose
numbers so joined hold its total (the last the sum of the others) proves it; with :data:`MIN_PROVEN` such rows
with a number of two digits or more, the file prints numbers so, and each line whose trailing single digits
fall into groups that way is rewritten with its numbers joined ("1279   42 …", padded with spaces to the
printed width so that columns stay where they are).  A row of table 三 whose joined numbers do not hold its
total is left as printed (read or left unread as before), and without the proof nothing is rewritten: "规章 1 0 2"
in a text with no such rows are three cells.
"""

from __future__ import annotations

import re

MIN_PROVEN = 3  # rows whose joined numbers hold their total before a file's digits one space apart are joined
_ROW_CHARS = 400
# the trailing run of single digits / points, one space or more apart
_TAIL = re.compile(r"(?:(?<=\s)|^)[\d.](?: +[\d.])+ *$")
_NUMBER = re.compile(r"0|[1-9]\d*(?:\.\d+)?|0\.\d+")


def _groups(line: str) -> tuple[int, list[tuple[int, int, str]]] | None:
    """Where the trailing digits start and their groups (start, end, joined number) — a group is digits one
    space apart, groups two spaces or more apart; None when the line has no such tail or a group is no number."""
    if len(line) > _ROW_CHARS or "\t" in line or "|" in line:
        return None
    m = _TAIL.search(line)
    if m is None:
        return None
    out = []
    for g in re.finditer(r"[\d.](?: [\d.])*", line[m.start():]):
        joined = g.group().replace(" ", "")
        if not _NUMBER.fullmatch(joined):
            return None
        out.append((m.start() + g.start(), m.start() + g.end(), joined))
    return m.start(), out


def _total_holds(values: list[str]) -> bool:
    if len(values) < 3 or not all(v.isdigit() for v in values):
        return False
    return sum(int(v) for v in values[:-1]) == int(values[-1])


def joined_digits(lines: list[str]) -> list[str]:
    """``lines`` with numbers printed one digit a space joined, when the file proves it prints them so (see
    the module's doc); ``lines`` itself otherwise."""
    found: dict[int, list[tuple[int, int, str]]] = {}
    proven = 0
    for i, line in enumerate(lines):
        if " " not in line or not line.rstrip()[-1:].isdigit():
            continue
        got = _groups(line)
        if got is None or not any(e - s > 1 for s, e, _ in got[1]):
            continue  # (nothing one space apart: nothing to join)
        found[i] = got[1]
        values = [x for _, _, x in got[1]]
        if _total_holds(values) and any(len(x) > 1 for x in values):
            proven += 1
    if proven < MIN_PROVEN:
        return lines
    out = list(lines)
    for i, groups in found.items():
        values = [x for _, _, x in groups]
        if len(values) >= 3 and all(v.isdigit() for v in values) and not _total_holds(values) and len(values) == 7:
            continue  # a row of table 三 (7 cells) whose joined numbers do not hold its total: as printed
        line = out[i]
        for s, e, joined in reversed(groups):
            line = line[:s] + joined.ljust(e - s) + line[e:]
        out[i] = line.rstrip()
    return out


MAX_ROW_CELLS = 15  # the most cells a row of a format has (table 四): a longer run of digit lines is no row of cells
MIN_DIGIT_LINES = 20  # single-digit lines in a text before its runs of them are read as numbers split up
_DIGIT_LINE = re.compile(r"^\s*[\d.]\s*$")
_NUMBER_LINE = re.compile(r"^\s*\d{2,}\s*$")


MAX_LABEL_LINES = 3  # label lines between one row's digits and the next row's (a group label, a wrapped label)


def _runs_alternate_with_labels(lines: list[str]) -> bool:
    """Whether the runs of single-digit lines stand one after each row's label — label, digits, label, digits —
    as a number's digits one a line do, rather than after all of a table's labels (a table printed one cell a
    line, labels first: a run of hundreds of digits after twenty labels, which are cells, not one number).
    True when at most :data:`MAX_LABEL_LINES` non-empty lines stand between most consecutive runs."""
    gaps, gap, seen = [], 0, False
    for x in lines:
        if _DIGIT_LINE.match(x):
            if seen and gap:
                gaps.append(gap)
            seen, gap = True, 0
        elif x.strip() and seen:
            gap += 1
    return bool(gaps) and sorted(gaps)[len(gaps) // 2] <= MAX_LABEL_LINES


def digits_one_a_line(lines: list[str]) -> list[str]:
    """A web page's text taken with a separator between elements (BeautifulSoup's ``get_text("\\n")``) of a
    Word-HTML page whose every digit is a span of its own: each number prints one digit a line ("2" / "8" /
    "3" / "3"), the cells' bounds lost.  When the text has many single-digit lines, no line of a number with
    two digits or more and no empty line between digits (then the lines are cells: a table printed one cell a
    line, an empty cell an empty line), and some run of them is longer than any row has cells, each run of single-digit
    lines is one run of glued digits ("28333533945183633516", on the run's first line): which digits make which
    cell is then decided by the table's relations (a glued run that no split or several fit is left unread)."""
    if sum(1 for x in lines if _DIGIT_LINE.match(x)) < MIN_DIGIT_LINES or any(_NUMBER_LINE.match(x) for x in lines):
        return lines
    longest = run = 0
    for k, x in enumerate(lines):
        if _DIGIT_LINE.match(x):
            run += 1
            longest = max(longest, run)
        else:
            run = 0
            if not x.strip() and 0 < k < len(lines) - 1 and _DIGIT_LINE.match(lines[k - 1]) \
                    and _DIGIT_LINE.match(lines[k + 1]):
                return lines  # an empty line between digits: an empty cell of a table printed one cell a line
    if longest <= MAX_ROW_CELLS:
        return lines  # no run longer than a row has cells: the lines may be cells (a report of small numbers)
    if not _runs_alternate_with_labels(lines):
        return lines  # all labels first, then all cells one a line (pdftotext of a table of small numbers)
    out = list(lines)
    i = 0
    while i < len(out):
        if not _DIGIT_LINE.match(out[i]):
            i += 1
            continue
        j = i
        while j < len(out) and _DIGIT_LINE.match(out[j]):
            j += 1
        if j - i > 1:
            joined = "".join(x.strip() for x in out[i:j])
            if (_NUMBER.fullmatch(joined) or "." not in joined) and i > 0 and out[i - 1].strip() \
                    and not out[i - 1].rstrip()[-1:].isdigit():
                out[i - 1] = out[i - 1].rstrip() + " " + joined  # on its label's line: a row with a glued run
                for k in range(i, j):
                    out[k] = ""
        i = j
    return out

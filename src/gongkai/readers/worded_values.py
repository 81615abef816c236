"""A table's rows as an LLM writes them in Markdown (issue 11): a bullet per row naming each number by its column
("- **规章**：本年制发 2 件，本年废止 0 件，现行有效 15 件"), or a pipe table whose cells carry their column's
word ("| 规章 | 本年制发：2 | 本年废止：0 | 现行有效：15 |"), under a heading that names the table
("### 表二 …", "## 二、主动公开政府信息情况").

Such rows are rewritten as pipe tables under a header of the format's column labels, line for line (the header
and delimiter rows inserted are returned, to give every block its line in the file as printed) — only when every
word of a row names exactly one column of the table the heading names (two words never the same column, a
table 四 word within the group its bullet names), and every number carries no unit other than its column's.
Anything else is left as it is (and read, or not, as before): a number is never given a column by guess."""

from __future__ import annotations

import re

from ..format import FORMAT_2021
from ..format.model import Table
from ..textutil import lazy_pattern

_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_BULLET = lazy_pattern(r"^\s*(?:[-*+•]|\d+[.、)])\s+(?:\*\*|__)?([^*_：:|]{1,60}?)(?:\*\*|__)?\s*[：:]\s*(.+?)\s*$")
_PIECE = lazy_pattern(r"^\s*(?:\*\*)?([\u4e00-\u9fff（）()]{2,20}?)(?:\*\*)?\s*(?:[：:]|为|是)?\s*"
                    rf"({_NUMBER})\s*(件|个|项|次|万元)?\s*$")
_SEPARATORS = lazy_pattern(r"[，,；;、]")
_HEADING = lazy_pattern(r"^\s*#{1,6}\s*(.+?)\s*#*\s*$")
_TABLE_NAME = lazy_pattern(r"表\s*([二三四])")
_WORDY = ("本年", "件数", "数量", "（单位：万元）")
_ANY = lazy_pattern(r"^\s*(?:[-*+•]|\d+[.、)])\s+.*[：:].*\d|^\s*\|.*[\u4e00-\u9fff]\s*[：:]\s*\d", re.M)


def _table_of_heading(text: str) -> str | None:
    m = _TABLE_NAME().search(text)
    if m:
        return m.group(1)
    for s in FORMAT_2021.sections:
        if s.number in ("二", "三", "四") and s.title in text.replace(" ", ""):
            return s.number
    return None


def _core(label: str) -> str:
    for w in _WORDY:
        label = label.replace(w, "")
    return label


def _column(table: Table, label: str, word: str) -> str | None:
    """The one column of ``table`` the ``word`` names (in a table 四 row, within the group its label names)."""
    cols = list(table.columns)
    if table.number == "四":
        scoped = [c for c in cols if c.groups and c.groups[-1] in label]
        if not scoped:
            scoped = [c for c in cols if c.groups and c.groups[-1].replace("未经复议", "") in label]
        cols = scoped
    hits = {c.id for c in cols if word == c.label or word in c.label or _core(c.label) and _core(c.label) in word}
    return next(iter(hits)) if len(hits) == 1 else None


def _pieces(cells: list[str]) -> list[tuple[str, str, str]] | None:
    out = []
    for cell in cells:
        m = _PIECE().match(cell)
        if not m:
            return None
        out.append((m.group(1), m.group(2), m.group(4) or ""))
    return out or None


def _item(line: str) -> tuple[str, list[tuple[str, str, str]]] | None:
    """A row named by its label with each number named by its column's word, or None."""
    if line.lstrip().startswith("|"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0] or any(ch.isdigit() for ch in cells[0]) and "、" not in cells[0][:3]:
            return None
        got = _pieces([c for c in cells[1:] if c])
        return (cells[0].strip("*_ "), got) if got else None
    m = _BULLET().match(line)
    if not m:
        return None
    got = _pieces([p for p in _SEPARATORS().split(m.group(2)) if p.strip()])
    return (m.group(1).strip(), got) if got else None


def _placed(table: Table, label: str, pieces) -> dict[str, str] | None:
    out: dict[str, str] = {}
    for word, number, unit in pieces:
        col = _column(table, label, word)
        if col is None or col in out:
            return None
        want = table.column(col).unit
        if unit == "万元" and want != "万元" or want == "万元" and unit not in ("", "万元"):
            return None
        out[col] = number
    return out


def _header_label(table: Table, col_id: str) -> str:
    col = table.column(col_id)
    return "/".join((*col.groups, col.label)) if table.number == "四" else col.label


def worded_rows_as_pipes(text: str, inserted: list[int]) -> tuple[str, list[int]]:
    """``text`` with its worded rows rewritten as pipe tables (see the module); ``inserted`` (1-based lines of
    the text added before) given back with the lines added here, both counted in the text returned."""
    if not _ANY().search(text):
        return text, inserted
    lines = re.split(r"\r\n|\r|\n", text)
    table_no: str | None = None
    runs: list[tuple[int, int, str, list]] = []  # (first line, last line + 1, table, [(label, {col: number})])
    i = 0
    while i < len(lines):
        h = _HEADING().match(lines[i])
        if h or lines[i].strip() and _TABLE_NAME().match(lines[i].strip()):
            table_no = _table_of_heading(h.group(1) if h else lines[i]) or (table_no if not h else None)
            i += 1
            continue
        if table_no is None or lines[i - 1].lstrip().startswith("|") and lines[i].lstrip().startswith("|") and \
                not _item(lines[i - 1]) and not _is_delimiter(lines[i - 1]):
            i += 1
            continue
        table = FORMAT_2021.table(table_no)
        k, rows = i, []
        while k < len(lines):
            if _is_delimiter(lines[k]) and rows:
                k += 1
                continue
            item = _item(lines[k])
            placed = _placed(table, item[0], item[1]) if item else None
            if placed is None:
                break
            rows.append((item[0], placed))
            k += 1
        if rows and (k >= len(lines) or not _item(lines[k])):
            runs.append((i, k, table_no, rows))
            i = k
        else:
            i = max(k, i + 1)
    if not runs:
        return text, inserted
    out: list[str] = []
    added: list[int] = []  # 1-based lines of the output that are new
    old_to_new: list[int] = []
    done = 0

    def keep(upto):
        nonlocal done
        for n in range(done, upto):
            out.append(lines[n])
            old_to_new.append(len(out))
        done = upto

    for first, end, number, rows in runs:
        table = FORMAT_2021.table(number)
        own_head = first >= 2 and _is_delimiter(lines[first - 1]) and lines[first - 2].lstrip().startswith("|")
        keep(first - 2 if own_head else first)
        if own_head:  # a worded pipe table's own header ("| 项目 | 数据 |"): its header is the one made here
            for _ in range(2):
                out.append("")
                old_to_new.append(len(out))
            done = first
        out.append("")
        added.append(len(out))
        if number == "四":
            merged: dict[str, str] = {}
            for _, placed in rows:
                if set(placed) & set(merged):
                    merged = {}
                    break
                merged.update(placed)
            if not merged:
                out.pop()
                added.pop()
                keep(end)
                continue
            cols = [c.id for c in table.columns if c.id in merged]
            out.append("| " + " | ".join(_header_label(table, c) for c in cols) + " |")
            added.append(len(out))
            out.append("|" + "---|" * len(cols))
            added.append(len(out))
            out.append("| " + " | ".join(merged[c] for c in cols) + " |")
            old_to_new.append(len(out))
            for _ in range(first + 1, end):
                out.append("")
                old_to_new.append(len(out))
            out.append("")
            added.append(len(out))
            done = end
            continue
        prev_cols = None
        for n, (label, placed) in zip(range(first, end), rows):
            cols = [c.id for c in table.columns if c.id in placed]
            if cols != prev_cols:
                if prev_cols is not None:
                    out.append("")
                    added.append(len(out))
                out.append("| 项目 | " + " | ".join(_header_label(table, c) for c in cols) + " |")
                added.append(len(out))
                out.append("|" + "---|" * (len(cols) + 1))
                added.append(len(out))
                prev_cols = cols
            out.append(f"| {label} | " + " | ".join(placed[c] for c in cols) + " |")
            old_to_new.append(len(out))
        # delimiter lines inside a worded pipe table (skipped as rows) keep their place as empty lines
        for _ in range(end - first - len(rows)):
            out.append("")
            old_to_new.append(len(out))
        out.append("")
        added.append(len(out))
        done = end
    keep(len(lines))
    # the lines inserted before, as lines of the output: each old line n (1-based) is now old_to_new[n - 1]
    before = [old_to_new[n - 1] for n in inserted if 0 < n <= len(old_to_new)]
    return "\n".join(out), sorted(before + added)


def _is_delimiter(line: str) -> bool:
    s = line.strip()
    return bool(s) and s.startswith("|") and set(s) <= set("|-: ")

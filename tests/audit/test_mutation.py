"""Mutation test of the auditor (#12 item 5).

In every consistent corpus document, one cell at a time is changed in the document's own text —
+1, −1, +10, two digits swapped, 0 → blank — at the place the reader found it; the file is read
again and audited.  Every change that breaks a relation (勾稽关系) must be reported by a finding that
names the cell (table, row and column; for a row printed as glued digits the row, since the cells of
such a row have no place of their own), and every blanked cell must be named as blank (C04: a blank is
unknown, so the relation becomes not checkable).  Changes no rule can see are counted separately and
the count is asserted, with the reason.

The cells are sampled deterministically (a fixed seed, stratified by table) to keep the run bounded.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

from gongkai.audit.arithmetic import _instances
from gongkai.audit.registry import audit
from gongkai.readers import read_report

DOCUMENTS = ("real/2024_huaian-shi.txt", "real/2021_pingtan-zhqsyq.txt", "real/2022_pingtan-zhqsyq.txt",
             "real/2024_pingtan-zhqsyq.txt", "real/2024_huaian-hongze-qu.txt")
PER_TABLE = {"二": 3, "三": 8, "四": 4}  # cells sampled per table and document
SEED = 12
SEP = r"(?:\s|<[^<>]{0,300}>|&nbsp;)*"  # what may stand between two cells of a row in the text


def mutations(raw: str, value: int):
    """(name, new text) for a printed count."""
    yield "+1", str(value + 1)
    if value >= 1:
        yield "-1", str(value - 1)
    yield "+10", str(value + 10)
    if len(raw) >= 2 and raw[0] != raw[1] and raw[1] != "0":
        yield "swap", raw[1] + raw[0] + raw[2:]
    if value == 0:
        yield "blank", ""


def locate(text: str, report, table_no: str):
    """{(row_id, column_id): (start, end)} of the cells of one table in ``text``: each row's printed
    values, in order and on the row's line, matched one row after another (rows share a line in web text)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    table = report.table(table_no)
    cursor: dict[int, int] = {}
    out = {}
    for row in table.printed_rows:
        by_line: dict[int, list] = {}
        for col in table.columns_of(row):
            cell = report.cells.get((table_no, row.id, col.id))
            if cell is None or cell.kind != "number" or not cell.location.line:
                continue
            by_line.setdefault(cell.location.line, []).append((col.id, cell.raw))
        for line, cells in by_line.items():
            start = max(line_starts[line - 1], cursor.get(line, 0))
            end = line_starts[line] if line < len(line_starts) else len(text)
            pattern = r"(?<!\d)" + SEP.join(f"({re.escape(r)})" for _, r in cells) + r"(?!\d)"
            m = re.compile(pattern).search(text, start, end)
            if m is None:
                continue
            cursor[line] = m.end()
            for k, (col_id, _) in enumerate(cells):
                out[(row.id, col_id)] = (m.start(k + 1), m.end(k + 1), m.group(0))
    return out


def breaks_a_relation(report, table_no, row_id, col_id, new_value) -> bool:
    """Would the relations of the original report fail with this one cell changed?"""
    table = report.table(table_no)
    cell = report.cells[(table_no, row_id, col_id)]
    old = cell.value
    cell.value = new_value
    try:
        for rel in table.relations:
            for _, lhs, rhs in _instances(report, table, rel):
                terms = lhs + rhs
                if not any((e.row, e.column) == (table.row(row_id).label, table.column(col_id).display)
                           for t in terms for e in t.evidence):
                    continue
                if any(t.status != "number" or t.blanks for t in terms):
                    continue
                if sum(t.value for t in lhs) != sum(t.value for t in rhs):
                    return True
        return False
    finally:
        cell.value = old


def names(finding, table, row_label, column, row_level: bool) -> bool:
    """The finding quotes this cell (or, for a glued row or one the reader can no longer place, the row:
    its cells have no place of their own)."""
    allowed = (column, "") if row_level else (column,)
    return any(getattr(e, "table", None) == table and e.row == row_label and e.column in allowed
               for e in finding.evidence if e.kind == "cell")


def run_document(path: Path, tmp: Path):
    text = path.read_text(encoding="utf-8")
    report = read_report(path)
    baseline = {(f.code, f.message) for f in audit(report)}
    rng = random.Random(f"{SEED}:{path.name}")
    tally = Counter()
    missed = []
    for table_no, k in PER_TABLE.items():
        if table_no not in report.tables_found:
            continue
        table = report.table(table_no)
        places = locate(text, report, table_no)
        keys = sorted(places)
        for row_id, col_id in rng.sample(keys, min(k, len(keys))):
            cell = report.cells[(table_no, row_id, col_id)]
            if not isinstance(cell.value, int):
                continue
            start, end, _ = places[(row_id, col_id)]
            glued = cell.inferred  # split from a run of glued digits by the reader
            row, col = table.row(row_id), table.column(col_id)
            for name, new in mutations(cell.raw, cell.value):
                mutated = tmp / path.name
                mutated.write_text(text[:start] + new + text[end:], encoding="utf-8")
                again = read_report(mutated)
                got = again.cells.get((table_no, row_id, col_id))
                new_value = int(new) if new else None
                landed = got is not None and (got.value == new_value if new else got.kind == "blank")
                fresh = [f for f in audit(again) if (f.code, f.message.replace(str(mutated), str(path))) not in baseline]
                placeable = got is not None and got.kind != "ambiguous"
                named = [f for f in fresh if names(f, table_no, row.label, col.display, glued or not placeable)]
                if not new:  # blank: unknown, must be named as blank (C04) or the row as not placeable (C07/P01)
                    if named:
                        tally["blank named" if landed else "blank named (row no longer placeable)"] += 1
                    elif glued and not landed:
                        tally["invisible: blanking a glued digit re-splits the run"] += 1
                    else:
                        missed.append((path.name, table_no, row.label, col.display, name))
                    continue
                if not glued:
                    tally["separate cell changes"] += 1
                    tally["separate cell changes read back as planted"] += landed
                if not breaks_a_relation(report, table_no, row_id, col_id, new_value):
                    tally[f"invisible: table {table_no} cell in no relation"] += 1
                    continue
                if named:
                    tally["breaking change named"] += 1
                elif glued and not landed:
                    tally["invisible: glued run re-split into another consistent split"] += 1
                else:
                    missed.append((path.name, table_no, row.label, col.display, name))
    return tally, missed


def test_every_relation_breaking_one_cell_change_is_reported_with_the_cell_named(tmp_path, corpus):
    total, missed = Counter(), []
    for name in DOCUMENTS:
        tally, miss = run_document(corpus(name), tmp_path)
        total += tally
        missed += miss
    assert missed == [], missed[:10]
    # every edit of a separately printed cell was read back as planted (a glued run may split otherwise)
    assert total["separate cell changes read back as planted"] == total["separate cell changes"] >= 60, total
    # (128 since 平潭 2021/2024 table 四 is left unread: a reading of its glued run with a blank cell fits too)
    assert total["breaking change named"] >= 120, total
    # measured (seed 12): table 二's cells are in no relation of the format, so a change there is invisible
    # to every rule (R202/R203 need last year's report); a glued web-text row (平潭) can absorb a change by
    # splitting its run another way that is still consistent — the reader cannot know the printed split.
    invisible = {k: v for k, v in total.items() if k.startswith("invisible")}
    assert invisible == MEASURED_INVISIBLE, (invisible, total)


MEASURED_INVISIBLE = {"invisible: table 二 cell in no relation": 35}

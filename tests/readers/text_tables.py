"""What the generators of tables printed in plain text share (test_grid_text: w3m and grid tables;
test_box_tables_unruled: box tables; test_aligned_header_columns: space-aligned tables; and the tests built on
them): the report's HTML tables as cells, display widths, a table flattened as a data frame holds it, a cell's
text aligned in its room, the report's prose with each table drawn where the HTML has it, a report with many
blanks, and the audit's 错误.  Nothing here asserts."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

import lxml.html
from office_helpers import APPLICANTS, OUTCOME_LEAVES, consistent_values, report_from_values
from test_layout_generator import TITLE, T3

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.writers import write_html

T4_IDS = [c.id for c in FORMAT_2021.table("四").columns]

#: a table as (cells (row, col, rowspan, colspan, text), rows, columns)
HtmlTable = tuple[list[tuple[int, int, int, int, str]], int, int]


def html_tables(rep) -> list[HtmlTable]:
    """Each table of the report's HTML as (cells (row, col, rowspan, colspan, text), rows, columns)."""
    doc = lxml.html.fromstring(write_html(rep))
    out = []
    for table in doc.iter("table"):
        taken: set[tuple[int, int]] = set()
        cells = []
        rows = table.findall(".//tr")
        for r, tr in enumerate(rows):
            c = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while (r, c) in taken:
                    c += 1
                rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
                text = " ".join(td.text_content().split())
                cells.append((r, c, rs, cs, text))
                taken |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
                c += cs
        out.append((cells, len(rows), 1 + max(c + cs - 1 for _, c, _, cs, _ in cells)))
    return out


def prose_and_tables(rep, table: Callable[[list, int, int], list[str]]) -> str:
    """The report as a text dump prints it: its headings and paragraphs each a line and an empty line, and where
    the HTML has a table, ``table(cells, rows, columns)``'s lines (see :func:`html_tables`) between empty lines —
    called in the document's order."""
    doc = lxml.html.fromstring(write_html(rep))
    tables = iter(html_tables(rep))
    out = []
    for el in doc.iter():
        if el.tag == "table":
            out += [""] + table(*next(tables)) + [""]
        elif el.tag in ("h1", "h2", "h3", "p") and not any(a.tag == "table" for a in el.iterancestors()):
            text = " ".join(el.text_content().split())
            if text:
                out += [text, ""]
    return "\n".join(out)


def width(s: str) -> int:
    """Display columns: a wide (CJK) character two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def flat_rows(cells, nrows: int, ncols: int, header_rows: int, repeat: bool) -> list[list[str]]:
    """The table as a data frame holds it: one header row (each column's lowest label, as a frame's flattened
    columns); a row's label merged over rows repeated down them (``repeat``, as a filled frame) or blank below
    its first row; a cell merged over columns in its first column, blank after."""
    rows = [[""] * ncols for _ in range(nrows)]
    for r, c, rs, cs, text in cells:
        for rr in range(r, r + rs if repeat or r < header_rows else r + 1):
            rows[rr][c] = text
    header = [next((rows[r][c] for r in reversed(range(header_rows)) if rows[r][c]), "") for c in range(ncols)]
    return [header] + rows[header_rows:]


def aligned(text: str, room: int, how: str) -> str:
    """``text`` padded to ``room`` display columns: ``how`` "right", "center" or left."""
    pad = room - width(text)
    if how == "right":
        return " " * pad + text
    if how == "center":
        return " " * (pad // 2) + text + " " * (pad - pad // 2)
    return text + " " * pad


def blank_case(rng: random.Random):
    """A consistent report whose zeros are printed blank in places: 1–3 of table 三's outcome rows all zero and
    blank, at times a whole applicant column zero and blank, at times table 四's lawsuits zero and blank (its
    trailing cells), and a few scattered zero cells blank."""
    values = consistent_values(rng, rng.choice([3, 12, 60]))
    zero_rows = rng.sample(OUTCOME_LEAVES, rng.randint(1, 3))
    zero_cols = rng.sample(APPLICANTS, rng.choice([0, 0, 1, 2]))
    for col in APPLICANTS:
        for r in OUTCOME_LEAVES:
            if r in zero_rows or col in zero_cols:
                values[("三", r, col)] = 0
        if col in zero_cols:
            values[("三", "carried_forward", col)] = 0
        done = sum(values[("三", r, col)] for r in OUTCOME_LEAVES)
        forward = values[("三", "carried_forward", col)]
        over = min(values[("三", "carried_over", col)], done + forward) if col not in zero_cols else 0
        values[("三", "dispositions_total", col)] = done
        values[("三", "carried_over", col)] = over
        values[("三", "received", col)] = done + forward - over
    for r in [r.id for r in T3.printed_rows]:
        values[("三", r, "total")] = sum(values[("三", r, c)] for c in APPLICANTS)
    blank = [("三", r, c.id) for r in zero_rows for c in T3.columns]
    blank += [("三", r.id, c) for r in T3.printed_rows for c in zero_cols if ("三", r.id, c) not in blank]
    if rng.random() < 0.5:
        for c in T4_IDS[5:]:
            values[("四", "cases", c)] = 0
            blank.append(("四", "cases", c))
    zeros = [k for k, x in values.items() if k[0] == "三" and x == 0 and k not in blank]
    blank += rng.sample(zeros, min(len(zeros), rng.randint(0, 3)))
    for key in blank:
        values.pop(key, None)
    return report_from_values(values, blanks=blank, title=TITLE)


def audit_errors(got) -> list[str]:
    """The audit's 错误 of a report read back, as "code message"."""
    return [f"{f.code} {f.message}" for f in audit(got) if f.severity == "error"]

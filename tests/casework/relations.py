"""A small independent checker of the 2021 format's relations (the audit module is separate).

Written from annual-report-format-2021.md §8 (R3-1, R3-2, R3-3, R3-4, R4-1..3), not from counting.py.
"""

from gongkai.format import FORMAT_2021

T3 = FORMAT_2021.table("三")
COLS = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_service_provider", "other_org"]
ROWS = [r.id for r in T3.printed_rows]
OUTCOME_ROWS = ROWS[ROWS.index("granted"):ROWS.index("dispositions_total")]


def violations(report):
    v = lambda t, r, c: report.cells[(t, r, c)].value  # noqa: E731
    out = []
    for t, r, c in report.cells:
        cell = report.cells[(t, r, c)]
        if t in ("三", "四") and cell.kind == "number" and (not isinstance(cell.value, int) or cell.value < 0):
            out.append(f"R3-4/R4-4 {t} {r} {c} = {cell.value!r}")
    assert len(OUTCOME_ROWS) == 21
    for c in COLS + ["total"]:
        if v("三", "received", c) + v("三", "carried_over", c) != v("三", "dispositions_total", c) + \
                v("三", "carried_forward", c):
            out.append(f"R3-1 column {c}")
        if v("三", "dispositions_total", c) != sum(v("三", r, c) for r in OUTCOME_ROWS):
            out.append(f"R3-3 column {c}")
    for r in ROWS:
        if v("三", r, "total") != sum(v("三", r, c) for c in COLS):
            out.append(f"R3-2 row {r}")
    if ("四", "cases", "review_total") in report.cells and report.cells[("四", "cases", "review_total")].kind == "number":
        for g in ("review", "lawsuit_direct", "lawsuit_after_review"):
            if v("四", "cases", f"{g}_total") != sum(v("四", "cases", f"{g}_{x}")
                                                     for x in ("upheld", "corrected", "other_result", "pending")):
                out.append(f"R4 {g}")
    return out

"""Table 二 as the office enters it: which cells it enters, and the validation of its entries."""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from ..format import FORMATS
from ..publications.annual import FIRST_ITEM_ROWS
from ..report import MAX_CELL_VALUE
from ..textutil import parse_value

#: rows the 主动公开 register counts (第二十条第（一）项, the 规章/规范性文件 lifecycle): not entered by hand
REGISTER_ROWS = tuple(rid for rid, _ in FIRST_ITEM_ROWS)


def table2_fields(counted: Mapping[str, object] | None = None, *, only_counted: bool = False):
    """(key "row:col", row label, column label, unit) of the table 二 cells the office enters — every cell
    whose row is not in ``counted`` (row id → where those rows are counted); ``only_counted=True``: the
    cells of the ``counted`` rows instead."""
    counted = counted or {}
    t = FORMATS["2021"].table("二")
    return [(f"{r.id}:{c.id}", r.label, c.label, "万元" if "万元" in (r.unit, c.unit) else "件") for r, c in t.cells()
            if (r.id in counted) == only_counted]


def parse_table2(entries: dict, counted: Mapping[str, str] | None = None) -> tuple[dict, list[str]]:
    """Validate entered table 二 figures → (clean dict, Chinese errors naming the cell).

    ``entries``: key "row:col" → {"value": as typed, "source": where it comes from}; ``counted``: row id →
    the name of the register that counts that row (an entry for it is refused, naming the register)."""
    counted = counted or {}
    clean, errors = {}, []
    for key, rl, cl, _ in table2_fields(counted, only_counted=True):
        if str((entries.get(key) or {}).get("value", "")).strip():
            where = counted[key.split(":")[0]]
            errors.append(f"表二「{rl}」行「{cl}」列由{where}统计，不能在年报中直接填写；请在{where}中登记。")
    labels = {k: (rl, cl, unit) for k, rl, cl, unit in table2_fields(counted)}
    for key, (rl, cl, unit) in labels.items():
        e = entries.get(key) or {}
        raw = str(e.get("value", "")).strip()
        source = str(e.get("source", "")).strip()
        if raw == "":
            continue
        # as the readers read a printed cell: full-width digits, thousands separators, "251000元" → 25.1 万元
        kind, v = parse_value(raw, unit)
        if kind != "number" or v < 0 or v > MAX_CELL_VALUE or (unit == "件" and not isinstance(v, int)):
            errors.append(f"表二「{rl}」行「{cl}」列：「{raw}」不是{'金额（万元）' if unit == '万元' else '非负整数'}。")
            continue
        v = abs(v) if v == 0 else v  # "-0" is 0
        raw = format(v.normalize(), "f") if isinstance(v, Decimal) else str(v)
        if not source:
            errors.append(f"表二「{rl}」行「{cl}」列：请注明数据来源（例如“司法局备案系统”）。")
            continue
        clean[key] = {"value": raw, "source": source}
    return clean, errors

"""Indicators per unit and year from a published report's own tables (表三, 表四), with red/yellow marks.

| indicator | formula (30号格式 ids) |
|---|---|
| 新收 | 表三 received/total |
| 办结 | 表三 dispositions_total/total（（七）总计） |
| 结转率 | carried_forward / (received + carried_over) |
| 公开率（予以公开+部分公开） | (granted + partially_granted) / 办结 |
| 不予公开率 | Σ withheld_* / 办结 |
| 复议纠错率 | 表四 review_corrected / (review_total − review_pending) |
| 诉讼纠错率 | (lawsuit_direct_corrected + lawsuit_after_review_corrected) / 两类已审结 |

A share whose denominator is 0 or missing is "—", never 0 %.  Thresholds are this platform's defaults, not a
national standard: a supervising office sets its own in ``GONGKAI_SUPERVISION_THRESHOLDS``
(``{key: (yellow, red, direction)}``, direction "high" = larger is worse, "low" = smaller is worse).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

WITHHELD = ("withheld_state_secret", "withheld_prohibited_by_law", "withheld_security_stability",
            "withheld_third_party_rights", "withheld_internal_affairs", "withheld_process_information",
            "withheld_enforcement_file", "withheld_administrative_query")

#: key → (label, yellow, red, direction)
DEFAULT_THRESHOLDS = {
    "carry_rate": (0.20, 0.40, "high"),
    "open_rate": (0.50, 0.30, "low"),
    "withheld_rate": (0.20, 0.40, "high"),
    "review_correction_rate": (0.10, 0.20, "high"),
    "lawsuit_correction_rate": (0.10, 0.20, "high"),
}
LABELS = {"received": "新收", "concluded": "办结", "carry_rate": "结转率", "open_rate": "公开率（予以公开+部分公开）",
          "withheld_rate": "不予公开率", "review_correction_rate": "复议纠错率", "lawsuit_correction_rate": "诉讼纠错率"}
RATES = ("carry_rate", "open_rate", "withheld_rate", "review_correction_rate", "lawsuit_correction_rate")


def thresholds() -> dict:
    return {**DEFAULT_THRESHOLDS, **getattr(settings, "GONGKAI_SUPERVISION_THRESHOLDS", {})}


def _v(figures: dict, table: str, row: str, column: str = "total"):
    raw = figures.get(f"{table}|{row}|{column}")
    if raw in (None, ""):
        return None
    try:
        return Decimal(raw)
    except ArithmeticError:
        return None


def _sum(values):
    vals = [v for v in values if v is not None]
    return sum(vals) if vals else None


def _share(num, den):
    if num is None or den in (None, 0):
        return None
    return float(num) / float(den)


def compute(figures: dict) -> dict:
    """The indicators of one report's figures (``PublishedReport.figures``: "表|行|列" → value)."""
    received = _v(figures, "三", "received")
    carried_over = _v(figures, "三", "carried_over")
    concluded = _v(figures, "三", "dispositions_total")
    forward = _v(figures, "三", "carried_forward")
    opened = _sum([_v(figures, "三", "granted"), _v(figures, "三", "partially_granted")])
    withheld = _sum(_v(figures, "三", r) for r in WITHHELD)
    intake = _sum([received, carried_over])

    def corrected(prefixes):
        corr = _sum(_v(figures, "四", "cases", f"{p}_corrected") for p in prefixes)
        total = _sum(_v(figures, "四", "cases", f"{p}_total") for p in prefixes)
        pending = _sum(_v(figures, "四", "cases", f"{p}_pending") for p in prefixes) or 0
        return _share(corr, None if total is None else total - pending)

    return {"received": int(received) if received is not None else None,
            "concluded": int(concluded) if concluded is not None else None,
            "carry_rate": _share(forward, intake), "open_rate": _share(opened, concluded),
            "withheld_rate": _share(withheld, concluded),
            "review_correction_rate": corrected(["review"]),
            "lawsuit_correction_rate": corrected(["lawsuit_direct", "lawsuit_after_review"])}


def level(key: str, value, limits: dict | None = None) -> str:
    """"red", "yellow" or "" for a rate (``limits``: :func:`thresholds`, read once by a caller with many)."""
    limits = thresholds() if limits is None else limits
    if value is None or key not in limits:
        return ""
    yellow, red, direction = limits[key]
    if direction == "high":
        return "red" if value >= red else "yellow" if value >= yellow else ""
    return "red" if value <= red else "yellow" if value <= yellow else ""


def rows(reports, computed: dict | None = None) -> list[dict]:
    """One row per report (the latest readable version of each unit): values, levels, display strings.
    ``computed``: report id → :func:`compute` of its figures, when worked out before."""
    out = []
    limits = thresholds()
    for r in reports:
        ind = computed[r.pk] if computed is not None else compute(r.figures or {})
        cells = []
        for key in ("received", "concluded", *RATES):
            v = ind[key]
            shown = "—" if v is None else (f"{v * 100:.1f}%" if key in RATES else str(v))
            cells.append({"key": key, "value": v, "shown": shown,
                          "level": level(key, v, limits) if key in RATES else ""})
        out.append({"report": r, "agency": r.agency, "cells": cells, "values": ind,
                    "flags": sum(c["level"] == "red" for c in cells)})
    return out

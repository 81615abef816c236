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
national standard: a supervising office sets its own in ``GONGKAI_SUPERVISION_THRESHOLDS`` (settings, or the
environment as JSON: ``{key: [yellow, red(, direction)]}``, direction "high" = larger is worse, "low" = smaller
is worse; :func:`thresholds` checks it).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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


THRESHOLDS_FORMAT = ('写作 JSON，键为指标，值为 [黄, 红] 或 [黄, 红, "high"|"low"]（0 到 1 之间的比例；high 表示越大越差，'
                     'low 表示越小越差），例如 {"carry_rate": [0.15, 0.3], "open_rate": [0.6, 0.4, "low"]}；指标：'
                     + "、".join(f"{k}（{LABELS[k]}）" for k in DEFAULT_THRESHOLDS))


def thresholds() -> dict:
    """The red/yellow thresholds: the defaults, with those the office set in ``GONGKAI_SUPERVISION_THRESHOLDS``
    (settings: a dict; or the environment: JSON) over them.  A value that cannot be one raises
    ImproperlyConfigured saying which and how it is written (``gongkai serve`` checks it at start)."""
    raw = getattr(settings, "GONGKAI_SUPERVISION_THRESHOLDS", None)
    if raw in (None, "", {}):
        raw = os.environ.get("GONGKAI_SUPERVISION_THRESHOLDS", "").strip() or {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            _wrong(f"“{raw[:80]}”不是 JSON")
    if not isinstance(raw, dict):
        _wrong("不是“指标: [黄, 红]”的映射")
    out = dict(DEFAULT_THRESHOLDS)
    for key, value in raw.items():
        if key not in DEFAULT_THRESHOLDS:
            _wrong(f"没有指标“{key}”")
        if not isinstance(value, (list, tuple)) or len(value) not in (2, 3):
            _wrong(f"{key} 的值 {value!r} 不是 [黄, 红] 或 [黄, 红, 方向]")
        yellow, red = value[0], value[1]
        direction = value[2] if len(value) == 3 else DEFAULT_THRESHOLDS[key][2]
        if direction not in ("high", "low"):
            _wrong(f"{key} 的方向“{direction}”应为 high 或 low")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 for v in (yellow, red)):
            _wrong(f"{key} 的黄、红阈值 {yellow!r}、{red!r} 应为 0 到 1 之间的比例（如 0.2 即 20%）")
        if (direction == "high" and yellow > red) or (direction == "low" and yellow < red):
            _wrong(f"{key} 的黄色阈值应当{'不大于' if direction == 'high' else '不小于'}红色阈值（方向 {direction}）")
        out[key] = (yellow, red, direction)
    return out


def _wrong(why: str):
    raise ImproperlyConfigured(f"设置 GONGKAI_SUPERVISION_THRESHOLDS 有误：{why}。{THRESHOLDS_FORMAT}")


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

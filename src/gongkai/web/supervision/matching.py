"""Which unit (agencies.Agency) a published report belongs to, by the name it prints (rapidfuzz).

Scores (0–100): the agency name the reader found against each unit's name (``fuzz.ratio``), and the
title and the file name without year and report words (``fuzz.ratio``), and the unit's name inside them
(``fuzz.partial_ratio``, discounted so that it alone stays below the threshold).  A best score
of at least :data:`AUTO_THRESHOLD`, clearly ahead of the next unit, is taken; anything else waits for the
supervisor to confirm, with the best candidates listed — a report is never dropped for a weak match.
"""

from __future__ import annotations

import os
import re

from rapidfuzz import fuzz

AUTO_THRESHOLD = 90.0
MARGIN = 5.0
_YEAR_WORDS = re.compile(r"(19|20)\d{2}\s*年?度?|政府信息公开.*$|工作年度报告|年度报告|年报")


def _clean(text: str) -> str:
    return re.sub(r"[\s（）()《》“”\"'、，,._\-]+", "", text or "")


def _texts(agency_text: str, title: str, filename: str) -> tuple[str, list[str]]:
    """The report's side, cleaned once: (agency name as printed, [title, file name] without year words)."""
    others = []
    for text in (title, os.path.splitext(os.path.basename(filename or ""))[0]):
        others.append(_clean(_YEAR_WORDS.sub("", text or "")))
    return _clean(agency_text) if agency_text else "", others


def _score(name: str, agency: str, others: list[str]) -> float:
    name = _clean(name)
    if not name:
        return 0.0
    best = 0.0
    if agency:
        best = fuzz.ratio(name, agency)
    for text in others:
        if len(text) >= 2 and len(name) >= 2:
            # the whole text as the name; or the name inside a longer text, which alone never decides
            # (测试县人民政府 is inside 测试县人民政府办公室)
            best = max(best, fuzz.ratio(name, text),
                       fuzz.partial_ratio(name, text) * min(1.0, len(text) / len(name)) * 0.88)
    return round(best, 1)


def score(name: str, agency_text: str, title: str, filename: str) -> float:
    return _score(name, *_texts(agency_text, title, filename))


def match(agencies, agency_text: str, title: str, filename: str):
    """(agency or None, score, candidates [{id, name, score}] best first, state "auto"|"pending")."""
    texts = _texts(agency_text, title, filename)
    scored = sorted(((_score(a.name, *texts), a) for a in agencies),
                    key=lambda t: (-t[0], t[1].id))
    candidates = [{"id": a.id, "name": a.name, "score": s} for s, a in scored[:5] if s > 0]
    if not scored:
        return None, None, [], "pending"
    best, agency = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best >= AUTO_THRESHOLD and best - second >= MARGIN:
        return agency, best, candidates, "auto"
    return None, best, candidates, "pending"

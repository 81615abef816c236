"""Which unit (agencies.Agency) a published report belongs to, by the name it prints (rapidfuzz).

Scores (0–100): the agency name the reader found against each unit's name (``fuzz.ratio``), and the
title and the file name without year and report words (``fuzz.ratio``), and the unit's name inside them
(``fuzz.partial_ratio``, discounted so that it alone stays below the threshold).  A best score
of at least :data:`AUTO_THRESHOLD`, clearly ahead of the next unit, is taken; anything else waits for the
supervisor to confirm, with the best candidates listed — a report is never dropped for a weak match.

A background worker matches thousands of reports against the same units: :class:`UnitIndex` cleans the
units' names once and scores a report against all of them with rapidfuzz's ``process`` functions (C loops
instead of one Python call per unit); :func:`index_for` keeps the index of the last units list it was
given.  Only the units that can be among the best few are scored (:meth:`UnitIndex._above`: the best few
by ``ratio`` set a floor, rapidfuzz gives the scores at or above it, and ``partial_ratio`` — ten times
``ratio``'s cost — runs only on the names whose ratio to the text leaves them a chance of reaching it).
The scores and the decision are exactly those of :func:`score` unit by unit
(tests/web/supervision/test_matching.py).
"""

from __future__ import annotations

import heapq
import math
import os
import re

from rapidfuzz import fuzz, process

AUTO_THRESHOLD = 90.0
MARGIN = 5.0
#: how many candidates a report lists
CANDIDATES = 5
PARTIAL_WEIGHT = 0.88
#: what a title or file name says besides the unit, removed in this order (the report words before the year, so
#: that 甲镇人民政府2023年报 leaves 甲镇人民政府, not 甲镇人民政府报)
_YEAR_WORDS = (re.compile(r"政府信息公开.*$"), re.compile(r"工作年度报告|年度报告|年报"),
               re.compile(r"(19|20)\d{2}\s*年?度?"),
               # the 年度 of a title whose year is missing or not in digits (某乡人民政府年度政府信息公开…年度报告)
               re.compile(r"(?:[〇一二三四五六七八九零○]{4}\s*)?年度$"))


def _without_year_words(text: str) -> str:
    for words in _YEAR_WORDS:
        text = words.sub("", text)
    return text


#: what a file name says about the copy, not the unit — 扫描件, 副本, 盖章版, (1) … — removed from the file name
#: (only there: a title names the report) before it is scored, so that every file of a unit is matched by
#: the same rule whether it is readable or not (清源县林业局2024年报-扫描件.pdf as 清源县林业局2024年报.pdf).
#: A suffix the list does not know lowers the score below the threshold: the file waits for the supervisor.
_COPY_WORDS = re.compile(
    r"[-_—\s（(【\[]*(?:扫描件|扫描版|扫描|副本|复印件|复制件|影印件|盖章版|盖章|签章版|定稿|终稿|最终版|正式版|"
    r"公开版|网页版|打印版|PDF版|WORD版|电子版|修订版|更正版|更新版|新版|copy|final|scan(?:ned)?)[)）】\]]*$"
    r"|[(（]\d{1,2}[)）]$|[-_]\d{1,2}$", re.I)


def _without_copy_words(stem: str) -> str:
    """The file name's stem without what it says about the copy (:data:`_COPY_WORDS`, repeatedly: 副本-扫描件)."""
    while True:
        shorter = _COPY_WORDS.sub("", stem.strip())
        if shorter == stem or not shorter:
            return stem
        stem = shorter


#: a 乡/镇/街道/县/区/市 and its 人民政府 are the same body (青禾县东山镇 and 青禾县东山镇人民政府); not an office of
#: it (人民政府办公室) nor a body inside it (东山镇财政所)
_GOVERNMENT = re.compile(r"^(.+(?:乡|镇|街道|县|区|市))人民政府$")


def _clean(text: str) -> str:
    """A name or text without spacing and punctuation, and without the 人民政府 of a 乡/镇/街道/县/区/市
    (:data:`_GOVERNMENT`); cleaning a cleaned text changes nothing."""
    text = re.sub(r"[\s（）()《》“”\"'、，,._\-]+", "", text or "")
    return _GOVERNMENT.sub(r"\1", text)


def _texts(agency_text: str, title: str, filename: str) -> tuple[str, list[str]]:
    """The report's side, cleaned once: (agency name as printed, [title, file name] without year words)."""
    others = [_clean(_without_year_words(title or "")),
              _clean(_without_year_words(_without_copy_words(os.path.splitext(os.path.basename(filename or ""))[0])))]
    return _clean(agency_text) if agency_text else "", others


def _score(name: str, agency: str, others: list[str]) -> float:
    return _score_cleaned(_clean(name), agency, others)


def _score_cleaned(name: str, agency: str, others: list[str]) -> float:
    """:func:`_score` of a name already cleaned (:class:`UnitIndex` cleans its names once)."""
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
                       fuzz.partial_ratio(name, text) * min(1.0, len(text) / len(name)) * PARTIAL_WEIGHT)
    return round(best, 1)


def score(name: str, agency_text: str, title: str, filename: str) -> float:
    return _score(name, *_texts(agency_text, title, filename))


class UnitIndex:
    """The units' names cleaned once; :meth:`match` scores a report against all of them as :func:`_score`
    does one by one."""

    def __init__(self, units):
        """``units``: (id, name) pairs; a unit may come with several (its name first, then the names it had
        before: a renamed unit's reports, published under the old name, are still its own)."""
        self.units = tuple((uid, name) for uid, name in units)
        self.ids = [uid for uid, _ in self.units]
        self.current: dict = {}
        for uid, name in self.units:
            self.current.setdefault(uid, name)
        # the names beyond one per unit: the comparisons look that much further to find the best units
        self.extra = len(self.ids) - len(self.current)
        self.names = [_clean(name) for _, name in self.units]
        self.lengths = [len(n) for n in self.names]
        # the names that take part in the title/file-name comparisons (None: skipped by rapidfuzz)
        self.long = [n if len(n) >= 2 else None for n in self.names]
        # the same names by length (positions, names): the names inside a text are looked for only among those
        # whose ratio to the text leaves them a chance (:meth:`_inside`)
        groups: dict[int, tuple[list[int], list[str]]] = {}
        for i, n in enumerate(self.names):
            if len(n) >= 2:
                group = groups.setdefault(len(n), ([], []))
                group[0].append(i)
                group[1].append(n)
        self.by_length = sorted(groups.items())

    def scores(self, agency: str, others: list[str]) -> list[float]:
        """Each unit's score (rounded as :func:`_score`), in the order of the units."""
        best = [0.0] * len(self.names)
        if agency:
            for _, s, i in process.extract(agency, self.names, scorer=fuzz.ratio, limit=None):
                best[i] = s
        lengths = self.lengths
        for text in others:
            if len(text) < 2:
                continue
            for _, s, i in process.extract(text, self.long, scorer=fuzz.ratio, limit=None):
                if s > best[i]:
                    best[i] = s
            n = len(text)
            for _, p, i in process.extract(text, self.long, scorer=fuzz.partial_ratio, limit=None):
                s = p * min(1.0, n / lengths[i]) * PARTIAL_WEIGHT
                if s > best[i]:
                    best[i] = s
        return [round(s, 1) if self.names[i] else 0.0 for i, s in enumerate(best)]

    def contenders(self, agency: str, others: list[str]) -> set[int]:
        """The units (positions) that can be among the best :data:`CANDIDATES` (:meth:`_above`: the
        positions whose score reaches the cut)."""
        return set(self._above(agency, others)[0])

    def _comparisons(self, agency: str, others: list[str]) -> tuple[list, list[str]]:
        comparisons = [(agency, self.names)] if agency else []
        texts = [t for t in others if len(t) >= 2]
        comparisons += [(t, self.long) for t in texts]
        return comparisons, texts

    def _floor(self, agency: str, others: list[str], comparisons: list) -> float:
        """A score the :data:`CANDIDATES`-th best unit reaches at least: the units best by each ``fuzz.ratio``
        comparison (a few more than CANDIDATES, for the units' other names) scored in full as
        :func:`_score_cleaned` does, and the CANDIDATES-th best of them (each unit's best name among those
        seen: no more than its score).  0.0 when fewer units than that were seen."""
        seen: set[int] = set()
        for text, choices in comparisons:
            seen.update(i for _, _, i in process.extract(text, choices, scorer=fuzz.ratio,
                                                         limit=CANDIDATES + self.extra))
        best: dict = {}
        for i in seen:
            s = _score_cleaned(self.names[i], agency, others)
            uid = self.ids[i]
            if s > best.get(uid, -1.0):
                best[uid] = s
        if len(best) < CANDIDATES:
            return 0.0
        return heapq.nlargest(CANDIDATES, best.values())[-1]

    def _above(self, agency: str, others: list[str]) -> tuple[dict[int, float], float]:
        """({position: its score, unrounded}, cut) for every position whose score reaches the cut, a little
        below the CANDIDATES-th best unit's score (:meth:`_floor`): a unit below the cut in every comparison
        scores below it, behind those CANDIDATES even after rounding to one decimal (the name inside a text
        counts at most 0.88 of ``partial_ratio``).  When no floor is above 0, every position with anything in
        common with the report (every other scores 0).  The scores are rapidfuzz's for the comparisons that
        reach the cut (a comparison below it cannot be a position's best when the position reaches it), so
        a score at or above the cut is :func:`_score_cleaned`'s before rounding, computed in C loops rather
        than six calls per unit."""
        comparisons, texts = self._comparisons(agency, others)
        if not comparisons:
            return {}, 1e-9
        cut = self._floor(agency, others, comparisons) - 0.2
        cut = cut if cut > 0 else 1e-9
        partial_cut = cut / PARTIAL_WEIGHT
        best: dict[int, float] = {}
        for text, choices in comparisons:
            for _, s, i in process.extract(text, choices, scorer=fuzz.ratio, limit=None, score_cutoff=cut):
                if s > best.get(i, -1.0):
                    best[i] = s
        for text in texts if partial_cut <= 100 else ():  # above 100: no name inside a text can count
            for i, s in self._inside(text, cut):
                if s > best.get(i, -1.0):
                    best[i] = s
        names = self.names
        return {i: s for i, s in best.items() if s >= cut and names[i]}, cut

    def _inside(self, text: str, cut: float):
        """(position, score) of each name whose score inside ``text`` — ``partial_ratio`` × min(1, len(text) /
        len(name)) × :data:`PARTIAL_WEIGHT`, as :func:`_score_cleaned` — reaches ``cut`` (and perhaps a few
        below it).  ``partial_ratio`` (about ten times ``ratio``'s cost) runs only on the names whose ratio to
        the whole text leaves them a chance: a name of length l and the text (length n) have L = ratio × (l + n)
        / 200 characters in common in order (rapidfuzz's ratio is the Indel similarity 2L / (l + n)); inside
        any part of the text the name has at most those, so with m = min(l, n) its ``partial_ratio`` is at most
        200 L / (m + L).  Per length, that bound gives the least ratio that can reach ``cut``."""
        n = len(text)
        for length, (positions, names) in self.by_length:
            share = min(1.0, n / length)
            need = cut / (share * PARTIAL_WEIGHT)  # the partial_ratio a name needs
            if need > 100:
                continue
            m = min(length, n)
            common = max(1, math.ceil(need * m / (200 - need) - 1e-9))  # L it needs (need <= 100 < 200)
            if common > m:
                continue
            # (rapidfuzz's score_cutoff is not exact to the last digits: 46.153845 drops a ratio of 46.1538461…)
            least = 200 * common / (length + n) - 0.5
            for _, _, k in process.extract(text, names, scorer=fuzz.ratio, limit=None, score_cutoff=least):
                p = fuzz.partial_ratio(names[k], text)
                if p:
                    yield positions[k], p * share * PARTIAL_WEIGHT  # (in _score_cleaned's order: the same float)

    def match(self, agency_text: str, title: str, filename: str):
        """(unit id or None, score, candidates [{id, name, score}] best first, state "auto"|"pending"):
        the units that can be among the best (:meth:`_above`), each with its best name's score rounded as
        :func:`_score` does."""
        if not self.units:
            return None, None, [], "pending"
        agency, others = _texts(agency_text, title, filename)
        scores: dict = {}  # unit id → the best score of its names
        ids = self.ids
        for i, s in self._above(agency, others)[0].items():
            s = round(s, 1)
            uid = ids[i]
            if uid not in scores or s > scores[uid]:
                scores[uid] = s
        if not scores:  # nothing in common with any unit
            return None, 0.0, [], "pending"
        order = heapq.nsmallest(max(CANDIDATES, 2), scores, key=lambda u: (-scores[u], u))
        candidates = [{"id": u, "name": self.current[u], "score": scores[u]}
                      for u in order[:CANDIDATES] if scores[u] > 0]
        best = scores[order[0]]
        second = scores[order[1]] if len(order) > 1 else 0.0
        if best >= AUTO_THRESHOLD and best - second >= MARGIN:
            return order[0], best, candidates, "auto"
        return None, best, candidates, "pending"


_last: dict = {}


def index_for(units) -> UnitIndex:
    """The index of these (id, name) pairs: the one built last time when they are the same (a worker
    matches report after report against the same units), else a new one."""
    units = tuple(units)
    index = _last.get("index")
    if index is None or index.units != units:
        index = _last["index"] = UnitIndex(units)
    return index


def names_of(rows):
    """(id, name) pairs of units given as (id, name, former names) rows: each unit's name, then its former
    names (:class:`UnitIndex`)."""
    for uid, name, former in rows:
        yield uid, name
        for old in former or ():
            if isinstance(old, str) and old and old != name:
                yield uid, old


def match(agencies, agency_text: str, title: str, filename: str):
    """(agency or None, score, candidates [{id, name, score}] best first, state "auto"|"pending")."""
    agencies = list(agencies)
    by_id = {a.id: a for a in agencies}
    uid, best, candidates, state = UnitIndex(names_of((a.id, a.name, getattr(a, "former_names", None))
                                                      for a in agencies)).match(
        agency_text, title, filename)
    return (by_id[uid] if uid is not None else None), best, candidates, state

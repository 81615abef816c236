"""A finding's stable identity, built from its evidence structure (never from its message text): framework-free,
used by the supervising office's review (a decision is kept across re-runs while the identity and evidence hold).

identity = rule code + the places the finding is about:

- a cell: ``("cell", table, row id, column id)`` — ids from the report's format (the evidence quotes the
  official row label and ``Column.display``; a label the format does not know is kept as quoted);
- a passage: ``("passage", section, line, where, page)`` — the sentence's place in the document, without
  the file path (the same file is read under different temporary names).

The evidence *content* (cell values as printed, passage text) is separate: :func:`evidence_digest`.  A
re-run keeps a decision when identity and digest are both unchanged and reopens it when only the digest
changed.  Two findings of one rule about the same places (or about no place) are told apart by their order
of occurrence.

A renamed rule (:data:`~gongkai.audit.registry.REDIRECTS`, R3-1 → R301 …) keeps its identity: the identity is
built from the code the rule had when identities were first stored (:func:`identity_code`), so a decision made
under R3-1 still holds when a re-run reports R301.
"""

from __future__ import annotations

import hashlib
import json

from gongkai.audit.findings import CellEvidence, Finding, PassageEvidence
from gongkai.audit.registry import LEGACY, REDIRECTS
from gongkai.format import FORMATS


def identity_code(code: str) -> str:
    """The code a finding's identity is built from: the same for a rule's old and new code (the old one)."""
    code = REDIRECTS.get(code, code)
    return LEGACY.get(code, code)


#: what :func:`_ids` and :func:`_order` found, by their arguments (a supervising office's worker places the
#: findings of thousands of reports on the same few rows, columns and sentences' places); emptied when full
_MEMO_SIZE = 20000
_ids_memo: dict = {}
_order_memo: dict = {}
_PLAIN = frozenset({str, int, type(None)})  # (not bool or float: 1, True and 1.0 are one dict key, three JSON texts)


def _ids(format_id: str, table: str, row_label: str, column_display: str) -> tuple[str, str]:
    key = (format_id, table, row_label, column_display)
    if not all(type(x) in _PLAIN for x in key):
        return _find_ids(format_id, table, row_label, column_display)
    found = _ids_memo.get(key)
    if found is None:
        if len(_ids_memo) >= _MEMO_SIZE:
            _ids_memo.clear()
        found = _ids_memo[key] = _find_ids(format_id, table, row_label, column_display)
    return found


def _find_ids(format_id: str, table: str, row_label: str, column_display: str) -> tuple[str, str]:
    fmt = FORMATS.get(format_id) or FORMATS["2021"]
    try:
        t = fmt.table(table)
    except (KeyError, ValueError):
        return row_label, column_display
    row_id = next((r.id for r in t.rows if r.label == row_label), row_label)
    col_id = column_display
    for c in t.columns:
        if c.display == column_display:
            col_id = c.id
            break
    return row_id, col_id


def place(evidence, format_id: str) -> list:
    if isinstance(evidence, CellEvidence):
        row_id, col_id = _ids(format_id, evidence.table, evidence.row, evidence.column)
        return ["cell", evidence.table, row_id, col_id]
    if isinstance(evidence, PassageEvidence):
        loc = evidence.location
        return ["passage", evidence.section, loc.line, loc.where, loc.page]
    return ["other", type(evidence).__name__]


def content(evidence) -> list:
    if isinstance(evidence, CellEvidence):
        return ["cell", evidence.value]
    if isinstance(evidence, PassageEvidence):
        return ["passage", evidence.text]
    return ["other", repr(evidence)]


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def evidence_digest(finding: Finding) -> str:
    return _digest([content(e) for e in finding.evidence])


def _order(p: list) -> str:
    """The key places are sorted by: their JSON text (remembered for a place of strings, integers and nulls)."""
    if not all(type(x) in _PLAIN for x in p):
        return json.dumps(p, default=str)
    key = tuple(p)
    found = _order_memo.get(key)
    if found is None:
        if len(_order_memo) >= _MEMO_SIZE:
            _order_memo.clear()
        found = _order_memo[key] = json.dumps(p, default=str)
    return found


def identities(findings: list[Finding], format_id: str) -> list[tuple[str, list]]:
    """(identity, places) for each finding, in order."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        places = sorted((place(e, format_id) for e in f.evidence), key=_order)
        base = _digest([identity_code(f.code), places])
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append((_digest([identity_code(f.code), places, n]) if n else base, places))
    return out


def describe_places(places: list) -> str:
    parts = []
    for p in places:
        if p[0] == "cell":
            parts.append(f"表{p[1]} {p[2]}/{p[3]}")
        elif p[0] == "passage":
            where = p[3] or (f"第{p[2]}行" if p[2] else "")
            parts.append(f"正文{p[1] or '导语'}{(' ' + where) if where else ''}")
    return "；".join(parts)

"""The auditor: a registry of documented rules over an :class:`~gongkai.report.AnnualReport`.

>>> from gongkai.audit import audit, rules_doc
>>> findings = audit(report, previous=last_year)   # doctest: +SKIP

Rules never print or read files; see :mod:`gongkai.audit.registry` and ``docs/rules.md``.
"""

from .findings import SEVERITIES, SEVERITY_LABELS, CellEvidence, Finding, PassageEvidence
from .registry import RULES, Rule, all_rules, audit, rule, rules_doc, run_rule

__all__ = ["SEVERITIES", "SEVERITY_LABELS", "CellEvidence", "Finding", "PassageEvidence", "RULES", "Rule",
           "all_rules", "audit", "rule", "rules_doc", "run_rule"]

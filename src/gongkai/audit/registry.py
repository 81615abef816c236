"""The rule registry: every audit rule is a small documented unit (the ruff way, STYLE.md §2).

A rule is a function ``check(report, ctx) -> Iterable[Finding]`` registered with
:func:`rule`.  Its Chinese docstring is its documentation, with the sections
``作用`` (what it does), ``为什么`` (why it matters) and ``示例`` (example); the decorator
adds its code, severity, title, formula and source.  :func:`rules_doc` renders them all
as Markdown (``gongkai rules``, ``docs/rules.md``).

Rules never print and never read files: the report (and last year's report) come in,
findings go out.  :func:`audit` runs them all.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import field

from ..records import record
from ..report import SECTION_NUMBERS, AnnualReport
from ._util import SENTENCE_CACHE
from .findings import SEVERITIES, SEVERITY_LABELS, CellEvidence, Finding, PassageEvidence

CATEGORIES = {
    "R": "勾稽关系与数值",
    "C": "完整性",
    "F": "格式与文字",
    "X": "交叉核对与日期",
    "N": "正文与表格一致性",
    "P": "读取提示",
    "E": "评估要点",
    "Y": "跨年度核对",
}
#: one module per family, named after it (the family letter is the code's first letter)
RULE_MODULES = ("arithmetic", "completeness", "formatting", "crosscheck", "narrative", "reading", "evaluation",
                "yearly")

#: Renamed rule codes (old → new), the way ruff redirects a renamed rule: every code a user gives (``gongkai rules
#: --code``, stored findings, the review identity) is read through this table, with a notice.  Every code is one
#: letter (the family, :data:`CATEGORIES`) and digits: ``R`` + table number + the relation's number in the spec
#: (annual-report-format-2021.md §8 names R3-1 … R4-4; that name stays in each rule's source), ``X`` + two digits.
REDIRECTS = {
    "R2-1": "R201", "R2-2": "R202", "R2-3": "R203",
    "R3-1": "R301", "R3-2": "R302", "R3-3": "R303", "R3-4": "R304", "R3-5": "R305", "R3-7": "R307",
    "R4-1": "R401", "R4-2": "R402", "R4-3": "R403", "R4-4": "R404",
    "X-1": "X01", "X-2": "X02",
}
LEGACY = {new: old for old, new in REDIRECTS.items()}


def resolve_code(code: str) -> tuple[str, str]:
    """``(current code, notice)`` for a code a user gave: an old code is mapped to its new one with a Chinese
    notice (empty when the code is current).  The code is upper-cased and stripped; it is not checked to exist."""
    given = (code or "").strip().upper()
    new = REDIRECTS.get(given)
    if new is None:
        return given, ""
    return new, f"规则编号 {given} 已改为 {new}，已按 {new} 处理。"


@record
class Rule:
    """An audit rule: its code, severity, title, source and the function that checks a report."""

    code: str
    severity: str
    title: str
    source: str
    formula: str
    check: Callable
    doc: str
    emits_note_code: bool = False  # True for the catch-all rule whose findings carry a note's own code
    error_when: str = ""  # a warning rule whose finding is an 错误 when this (documented) condition holds
    before_formats: bool = False  # True: also runs on a report from before the national formats (2018 and earlier)

    @property
    def category(self) -> str:
        return CATEGORIES.get(self.code[0], "其他")


RULES: dict[str, Rule] = {}


def rule(*, code: str, severity: str, title: str, source: str, formula: str = "", doc: str | None = None,
         emits_note_code: bool = False, error_when: str = "", before_formats: bool = False):
    """Register ``check(report, ctx)`` as the rule ``code``.

    ``doc`` overrides the docstring (rules generated from the format's relations use it).
    ``error_when`` (Chinese) documents when a finding of a warning rule is certain enough to be an
    错误 (severity by certainty); the rule then yields those findings with severity "error".
    ``before_formats``: the rule also runs on a report from 2018 or earlier, which predates the
    national formats (every other rule audits against the 2019/2021 format and is skipped there).
    Raises ValueError on a duplicate code or an unknown severity.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"规则 {code}: 未知的严重程度 {severity!r}")
    if code in REDIRECTS:
        raise ValueError(f"规则编号 {code} 已改为 {REDIRECTS[code]}，不能再注册")

    def register(fn):
        if code in RULES:
            raise ValueError(f"规则编号 {code} 重复注册")
        text = inspect.cleandoc(doc if doc is not None else (fn.__doc__ or ""))
        RULES[code] = Rule(code, severity, title, source, formula, fn, text, emits_note_code, error_when,
                           before_formats)
        fn.rule_code = code
        return fn

    return register


@record
class Context:
    """What a rule gets besides the report: last year's report (or None) and shared caches."""

    previous: AnnualReport | None = None
    cache: dict = field(default_factory=dict)

    def memo(self, key, compute):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


_LOADED: list = []  # [True] once every rule module is imported


def _ensure_loaded() -> None:
    if _LOADED:
        return
    for name in RULE_MODULES:
        importlib.import_module(f"{__package__}.{name}")
    _LOADED.append(True)


#: the rules in documentation order, with the ids of the registered rules they were sorted from
_ORDERED: list = [(), []]


def all_rules() -> list[Rule]:
    """Every registered rule, in documentation order (category, then registration)."""
    _ensure_loaded()
    ids = tuple(map(id, RULES.values()))
    if ids != _ORDERED[0]:  # sorted again only when a rule was registered, removed or replaced
        order = list(CATEGORIES)
        _ORDERED[:] = [ids, sorted(RULES.values(),
                                   key=lambda r: order.index(r.code[0]) if r.code[0] in order else len(order))]
    return list(_ORDERED[1])


# ---------------------------------------------------------------- ordering
_PART = {"": 0, **{n: i + 1 for i, n in enumerate(SECTION_NUMBERS)}}
_SEV = {s: i for i, s in enumerate(SEVERITIES)}


#: per format table: (its rows' first index by label, the number of rows, its columns' first index + 1 by display)
_INDEXES: dict = {}


def _indexes(table) -> tuple:
    hit = _INDEXES.get(id(table))
    if hit is None or hit[0] is not table:
        rows, cols = {}, {}
        for k, r in enumerate(table.rows):
            rows.setdefault(r.label, k)
        for k, c in enumerate(table.columns):
            cols.setdefault(c.display, k + 1)
        hit = _INDEXES[id(table)] = (table, rows, len(table.rows), cols)  # (keeps the id unique)
    return hit[1:]


def _position(report: AnnualReport, finding: Finding):
    """A document-order key from the first piece of evidence."""
    if not finding.evidence:
        return (99, 0, 0, 0, 0)
    ev = finding.evidence[0]
    loc = ev.location
    if isinstance(ev, CellEvidence):
        part = _PART.get(ev.table, 99)
        row_idx = col_idx = 0
        try:
            rows, n_rows, cols = _indexes(report.table(ev.table))
            row_idx = rows.get(ev.row, n_rows)
            col_idx = cols.get(ev.column, 0)
        except KeyError:
            pass
        return (part, loc.page or 0, loc.line or 0, row_idx, col_idx)
    if isinstance(ev, PassageEvidence):
        return (_PART.get(ev.section, 99), loc.page or 0, loc.line or 0, -1, 0)
    return (99, 0, 0, 0, 0)


def audit(report: AnnualReport, previous: AnnualReport | None = None, *, strict: bool = False) -> list[Finding]:
    """Run every registered rule on ``report`` (and, for year-on-year rules, ``previous``).

    Returns the findings sorted by severity (错误, 警告, 提示) and then document order.
    A rule that raises is a bug in gongkai, not in the report: with ``strict`` the
    exception propagates (tests); otherwise the rule's findings so far are kept and a
    warning under the rule's code says the rule could not finish, so one faulty rule
    never hides the others' findings nor shows a user a traceback.
    """
    ctx = Context(previous=previous)
    findings: list[Finding] = []
    rules = all_rules()
    if report.predates_formats:  # 2018 or earlier: no table, row or relation of the formats applies
        rules = [r for r in rules if r.before_formats]
    token = SENTENCE_CACHE.set({})
    try:
        for r in rules:
            _run_one(r, report, ctx, findings, strict)
    finally:
        SENTENCE_CACHE.reset(token)
    findings.sort(key=lambda f: (_SEV[f.severity], _position(report, f)))
    return findings


def _run_one(r: Rule, report: AnnualReport, ctx: Context, findings: list, strict: bool) -> None:
    """One rule's findings into ``findings``; a crash becomes a warning (see :func:`audit`).  MemoryError
    and non-Exception interrupts (the CLI's time limit) propagate: they end the file's audit, not one rule."""
    try:
        findings.extend(r.check(report, ctx) or ())  # (a rule that raises keeps the findings it yielded before)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported as a finding, see docstring
        if strict:
            raise
        findings.append(Finding(r.code, "warning",
                                f"规则 {r.code}（{r.title}）未能完成审核：程序内部错误 {type(exc).__name__}: {exc}",
                                [], "请把此文件和本提示反馈给 gongkai 开发者；其他规则的结果不受影响。"))


# ---------------------------------------------------------------- docs
def rules_doc() -> str:
    """Every rule as Markdown (code, severity, title, formula, source, documentation)."""
    rules = all_rules()
    out = ["# 审核规则", "",
           "本文件由 `gongkai.audit.registry.rules_doc()` 生成（命令 `gongkai rules` 输出相同内容），"
           "请勿手工修改。",
           "",
           "严重程度：**错误**（数据或结构确有问题，必须改正）、**警告**（很可能有问题，请核对）、"
           "**提示**（供参考）。", "",
           "严重程度按确定程度划分：能确定有错的报“错误”，可能另有解释的报“警告”。部分正文核对规则平时报“警告”，"
           "在“何时为错误”所写的条件下（正文说的是全机关全年的数字、且与表格的任何一种读法都对不上）报“错误”。"
           "`gongkai audit` 发现任一“错误”时退出码为 1；必需的表三、表四缺失或未能读取（C02、C08、P08）也是“错误”，"
           "因为这时勾稽关系没有核对，不能说报告没有问题；连成一串的数字无论怎样拆分都不能使勾稽关系成立（P10）同样是“错误”。"
           "只是读取程序无法确定读法（数字连写有多种拆分、一格一行而顺序或空白位置无法确定，P01 已说明）而未能核对时，"
           "报告本身可能没有错，C08 报“警告”；未核对的单元格全都填了“/”等符号时，C08 也只报“警告”。"
           "空白单元格、“/”和未能读取的单元格都不是 0：不以它们为 0 报“错误”。", "",
           "| 编号 | 严重程度 | 规则 |", "|---|---|---|"]
    for r in rules:
        sev = SEVERITY_LABELS[r.severity] + ("／错误" if r.error_when else "")
        out.append(f"| {r.code} | {sev} | {r.title} |")
    out.append("")
    out += ["编号为一个字母（类别）加数字；勾稽关系与数值规则为 R + 表号 + 规范中的序号"
            "（annual-report-format-2021.md §8 的 R3-1 即 R301，规范编号写在各规则的“依据”中）。", "",
            "已改名的编号（旧编号仍可使用，自动对应到新编号）："
            + "、".join(f"{old} → {new}" for old, new in REDIRECTS.items()) + "。", ""]
    for r in rules:
        out += [f"## {r.code} {r.title}", "", f"- 严重程度：{SEVERITY_LABELS[r.severity]}", f"- 类别：{r.category}"]
        if r.error_when:
            out += [f"- 何时为错误：{r.error_when}"]
        if r.formula:
            out += [f"- 公式：`{r.formula}`"]
        out += [f"- 依据：{r.source}", ""]
        if r.doc:
            out += [_demote(r.doc), ""]
    return "\n".join(out).rstrip() + "\n"


def _demote(doc: str) -> str:
    """Docstring sections "作用：" etc. become bold lead-ins."""
    lines = []
    for line in doc.splitlines():
        stripped = line.strip()
        if any(stripped in (h, h + "：", h + ":") for h in ("作用", "为什么", "示例", "公式")):
            lines += [f"**{stripped.rstrip('：:')}**", ""]
            continue
        lines.append(line)
    return "\n".join(lines)


def run_rule(code: str, report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    """Run one rule (for tests and for ``gongkai rules CODE``-style tools)."""
    _ensure_loaded()
    code = resolve_code(code)[0]
    return list(RULES[code].check(report, Context(previous=previous)) or ())


__all__ = ["RULES", "REDIRECTS", "LEGACY", "Rule", "Context", "rule", "audit", "rules_doc", "all_rules", "run_rule",
           "resolve_code"]

"""Narrative-versus-table rules (N-codes).

Numbers stated in the preamble and in sections 一 and 六 (received, carried over,
answered, carried forward, outcomes, reviews and lawsuits, 信息处理费) are compared with
the cells they describe; both places are quoted.  The patterns are deliberately narrow:
a sentence about 主动公开 (“主动公开政府信息10407条”) is not about applications, and when
a sentence can be read two ways the rule stays silent.  Spaces between digits and 件
(“3119 件”) and Chinese numerals (“一件”) are accepted.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from ..format.format2021 import RESULTS, REVIEW_GROUPS
from ..records import record
from ..report import MISSING, AnnualReport
from ..textutil import cn_number, lazy_pattern
from ._util import Sentence, cell_evidence, evaluate, fmt_value, narrative, per_audit, short_label, table_numbers
from .findings import Finding, PassageEvidence
from .registry import rule

_CN = "零〇一二两三四五六七八九十百千万"
#: a count: a whole run of at most 15 digits (or 20 Chinese numerals), never part of a longer run —
#: anchored at the run's start and end, so a 100 000-digit run costs linear time and no int() of it
NUM = rf"(?<![\d{_CN}])(\d{{1,15}}(?!\d)|[{_CN}]{{1,20}}(?![{_CN}]))"
GAP = r"[^，,。；;\d]"
HINT = "请核对表格或正文，使两处数字一致；若正文说的只是其中一部分（如某个科室或代办的申请），请在正文中写明范围。"


@record
class Claim:
    """A number the text states (“… N 件”) and the sentence stating it."""

    value: int
    sentence: Sentence
    end: int = 0  # where the matched claim ends in the sentence


def _claims(sentences, patterns, exclude=None, exclude_before=None):
    """Claims "… N 件" in ``sentences`` (every pattern ends its number with 件).  ``exclude`` drops a claim
    whose matched text it finds; ``exclude_before`` one whose clause (from the last ，。； up to the number)
    ends with it — words right before the number that make the count one kind's, not all.  Every match of the
    patterns contains one of their :data:`CLAIM_WORDS`, so without a sentence saying one there is nothing to
    find — and the patterns are not compiled (the numerals' character classes make each cost about a
    millisecond: a tenth of the cold start of ``gongkai audit`` for the patterns of all N rules together)."""
    out = []
    words = CLAIM_WORDS.get(patterns, ())
    # cheap: most sentences of a long report state no count, and a sentence without a word every match says
    # has no match
    if words:
        says = _any_of(words)
        sentences = [s for s in sentences if "件" in s.text and says(s.text)]
    else:
        sentences = [s for s in sentences if "件" in s.text]
    if not sentences:
        return out
    compiled = [re.compile(p) for p in patterns]
    before = re.compile(exclude_before) if exclude_before else None
    for s in sentences:
        seen = set()
        for pat in compiled:
            for m in pat.finditer(s.text):
                if exclude and re.search(exclude, m.group(0)):
                    continue
                at = m.start(m.lastindex)
                if before and before.search(s.text[_clause_start(s.text, at):at]):
                    continue
                v = cn_number(m.group(m.lastindex))
                if v is None or m.start() in seen:
                    continue
                seen.add(m.start())
                out.append(Claim(v, s, m.end()))
    return out


@cache
def _any_of(words: tuple):
    """``search(text)``: whether ``text`` says any of ``words`` (one pattern of the literal words)."""
    return re.compile("|".join(map(re.escape, words))).search


def _clause_start(text: str, at: int) -> int:
    return max(text.rfind(ch, 0, at) for ch in "，,。；;") + 1


def _where(s: Sentence) -> str:
    return f"正文第{s.section}部分" if s.section else "导语"


def _lower(report: AnnualReport, table_no: str, rows, column_id: str):
    """(sum, terms, blanks) of the effective values of ``rows`` in one column, or (None, [], [])
    when a cell is missing, ambiguous, unreadable or "/".  A blank is unknown, never 0: ``sum``
    counts only the printed numbers, so with ``blanks`` it is a lower bound (cells are ≥ 0).
    ``terms`` are the terms whose cells are the evidence (:func:`_evidence`: made only for a finding).

    When a 总计 cell is blank but its row's applicant cells all hold numbers (the Shanghai
    2019 report left them blank), the row's value is the sum of those cells.  Summed once per audit for the
    rules that compare the same rows (callers must not change the lists).
    """
    return per_audit("lower", report, (table_no, tuple(rows), column_id),
                     lambda: _sum_lower(report, table_no, rows, column_id))


def _sum_lower(report: AnnualReport, table_no: str, rows, column_id: str):
    table = report.table(table_no)
    numbers = table_numbers(report, table)
    total = 0
    for r in rows:  # every cell a number (most reports): the sum from the table's numbers, the terms when asked for
        key = (table_no, r, column_id)
        value = numbers.get(key)
        if value is None:
            value = _leaves_sum(report, table, numbers, key)
            if value is None:
                counted = _sum_lower_counts(report, table, rows, column_id)
                if counted is None:
                    return None, [], []
                total, blanks = counted
                return total, _Terms(report, table, rows, column_id), _Blanks(blanks, (report, table, rows, column_id))
        total += value
    return total, _Terms(report, table, rows, column_id), []


def _leaves_sum(report: AnnualReport, table, numbers: dict, key):
    """The sum :func:`~._util.evaluate` gives a group row the layout does not print and the document did not
    either, when each of its leaves is a number printed in its own row; else None."""
    row = table.row(key[1])
    if row.printed or not row.sum_of:
        return None
    cell = report.cells.get(key)
    if cell is not None and cell.kind != MISSING:
        return None
    values = []
    for rid in row.sum_of:
        leaf = table.row(rid)
        value = numbers.get((key[0], rid, key[2]))
        if value is None or (not leaf.printed and leaf.sum_of):
            return None
        values.append(value)
    return sum(values, 0)


class _Terms:
    """The terms of :func:`_sum_lower` (an iterable), made when first iterated: only a finding quotes them."""

    __slots__ = ("_args", "_terms")

    def __init__(self, *args):
        self._args, self._terms = args, None

    def __iter__(self):
        if self._terms is None:
            self._terms = _sum_lower_terms(*self._args)[1]
        return iter(self._terms)


class _Blanks:
    """The blanks of :func:`_sum_lower` (a sequence of evidence): how many is known from the cells
    (:func:`_sum_lower_counts`), the evidence made when first looked at (:func:`_sum_lower_terms`): only a
    finding quotes them."""

    __slots__ = ("_count", "_args", "_items")

    def __init__(self, count: int, args: tuple):
        self._count, self._args, self._items = count, args, None

    def _list(self) -> list:
        if self._items is None:
            self._items = _sum_lower_terms(*self._args)[2]
        return self._items

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self):
        return iter(self._list())

    def __getitem__(self, k):
        return self._list()[k]

    def __eq__(self, other):
        return self._list() == (other._list() if isinstance(other, _Blanks) else other)

    __hash__ = None

    def __repr__(self) -> str:
        return repr(self._list())


def _cell_count(report: AnnualReport, table, row, column) -> tuple:
    """(status, value, number of blank cells) of the term :func:`~._util.evaluate` makes of ``row`` × ``column``,
    without making it or its evidence: the same status and value, as many blanks as its ``blanks`` lists."""
    cell = report.cells.get((table.number, row.id, column.id))
    if row.printed or (cell is not None and cell.kind != MISSING) or not row.sum_of:
        kind = cell.kind if cell is not None else MISSING
        if kind == "number":
            return "number", cell.value, 0
        if kind == "blank":
            return "blank", 0, 1
        return "unknown", 0, 0
    parts = [_cell_count(report, table, table.row(rid), column) for rid in row.sum_of]
    value = sum((p[1] for p in parts), 0)
    blanks = sum(p[2] for p in parts)
    if any(p[0] == "unknown" for p in parts):
        return "unknown", value, blanks
    if all(p[0] == "blank" for p in parts):
        return "blank", value, blanks
    return "number", value, blanks


def _sum_lower_counts(report: AnnualReport, table, rows, column_id: str):
    """(sum, number of blanks) of :func:`_sum_lower_terms`, or None where it gives None — without its terms."""
    col = table.column(column_id)
    total, blanks = 0, 0
    for r in rows:
        row = table.row(r)
        status, value, n = _cell_count(report, table, row, col)
        if status == "blank" and col.sum_of:  # (a blank term has no unknown cell)
            parts = [_cell_count(report, table, row, table.column(c)) for c in col.sum_of]
            if not any(p[0] == "unknown" for p in parts):
                if all(p[0] == "blank" for p in parts):
                    blanks += n
                    continue
                total += sum((p[1] for p in parts), 0)
                blanks += sum(p[2] for p in parts)
                continue
        if status == "unknown":
            return None
        total += value
        blanks += n
    return total, blanks


def _sum_lower_terms(report: AnnualReport, table, rows, column_id: str):
    """:func:`_sum_lower` term by term (:func:`~._util.evaluate`): a blank 总计 taken from its row's applicant
    cells, blanks and unread cells."""
    col = table.column(column_id)
    total, terms, blanks = 0, [], []
    for r in rows:
        t = evaluate(report, table, table.row(r), col)
        if t.status == "blank" and col.sum_of and not t.unknown:
            parts = [evaluate(report, table, table.row(r), table.column(c)) for c in col.sum_of]
            if not any(p.status == "unknown" for p in parts):
                if all(p.status == "blank" for p in parts):
                    blanks += t.blanks
                    terms.append(t)
                    continue
                total += sum((p.value for p in parts), 0)
                terms += parts
                blanks += [b for p in parts for b in p.blanks]
                continue
        if t.status == "unknown":
            return None, [], []
        total += t.value
        terms.append(t)
        blanks += t.blanks
    return total, terms, blanks


def _evidence(terms) -> list:
    """The evidence of the terms :func:`_lower` gives: every cell of each, in order."""
    return [e for t in terms for e in t.evidence]


def _total(report: AnnualReport, table_no: str, rows, column_id: str):
    """(sum, terms) of ``rows`` in one column, or (None, []) unless every cell is a number (the evidence:
    :func:`_evidence` of the terms)."""
    value, terms, blanks = _lower(report, table_no, rows, column_id)
    if value is None or blanks:
        return None, []
    return value, terms


def _fits(claim_value, value, blanks) -> bool:
    """A claimed count fits a table value: equal, or (blanks being unknown cells ≥ 0) not below it."""
    return claim_value == value if not blanks else claim_value >= value


def _blank_note(blanks) -> str:
    return (f"（另有 {len(blanks)} 个空白单元格未计入：空白不是 0，它们只会使合计更大，"
            f"所以正文的数字无论如何都对不上）" if blanks else "")


def _has(report, table_no):
    return table_no in report.tables_found


#: words that make a sentence speak of part of the agency, part of the year, or compare years:
#: a number in such a sentence may differ from the table without the table being wrong
PARTIAL = re.compile(r"其中|本部门|本级|区政府办|县政府办|市政府办|政府办|办公室|科室|各(?:乡镇|街道|部门|单位|科室|县区|区县)"
                     r"|下属|所属|部分|代办|转办|通过|网上|网络|当面|信函|邮寄|电子邮件|传真|涉及|关于|有关"
                     r"|同比|较上年|比上年|较去年|比去年|上年同期|增加|减少|增长|下降|上升|持平|分别|累计|以来|季度|上半年|下半年|\d+月")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
#: the readings of an application count the table allows (新收, 结转, 新收+结转, 办结, 结转下年度, 办结+结转下年度)
READINGS = (("新收", ("received",)), ("上年结转", ("carried_over",)), ("新收+上年结转", ("received", "carried_over")),
            ("办结", ("dispositions_total",)), ("结转下年度", ("carried_forward",)),
            ("办结+结转下年度", ("dispositions_total", "carried_forward")))


def whole_agency_and_year(report: AnnualReport, s: Sentence, upto: int | None = None) -> bool:
    """The sentence states a figure of the whole agency for the whole report year: no partial
    qualifier (其中、区政府办、本部门、通过网络…), no comparison, no other year.  ``upto``: where the claimed
    figure ends in the sentence — only the words up to it can narrow it ("共收到申请1879件，其中予以公开…":
    the later 其中 clause speaks of a part of the 1879, it does not make the 1879 a part)."""
    text = s.text if upto is None else s.text[:upto]
    if PARTIAL.search(text):
        return False
    years = {int(y) for y in _YEAR.findall(text)}
    allowed = {report.year, report.year + 1} if report.year else set()
    return years <= allowed


def table_readings(report: AnnualReport):
    """{name: value} of every reading of an application count, or None when any of the four
    总计 cells it needs is not a printed number (a blank is unknown, never taken as 0)."""
    values = {}
    for rid in ("received", "carried_over", "dispositions_total", "carried_forward"):
        cell = report.cells.get(("三", rid, "total"))
        if cell is None or cell.kind != "number":
            return None
        values[rid] = cell.value
    return {name: sum(values[r] for r in rows) for name, rows in READINGS}


def certainty(report: AnnualReport, claim) -> tuple[str, str]:
    """("error", why) when a claimed application count contradicts the table beyond doubt, else
    ("warning", "")."""
    if not whole_agency_and_year(report, claim.sentence, claim.end or None):
        return "warning", ""
    readings = table_readings(report)
    if readings is None or claim.value in readings.values():
        return "warning", ""
    shown = "、".join(f"{k} {fmt_value(v)}" for k, v in readings.items())
    return "error", f"这句话说的是全机关全年的数字，而表三的任何一种读法（{shown}）都不是 {claim.value}。"


ERROR_WHEN = ("正文这句话说的是整个机关、整个报告年度的数字（这个数字之前没有“其中”“区政府办”“本部门”“通过网络”“同比”等限定，"
              "也没有提到别的年份；数字之后的“其中予以公开……”说的是它的一部分，不使它成为一部分），而且这个数字与表三的任何一种读法——新收、上年结转、新收+上年结转、办结（（七）总计）、"
              "结转下年度、办结+结转下年度——都不相等（这些单元格都印了数字，空白不按 0 计）。例：表三新收、结转、办结都是 0，"
              "正文称“2023年度阿北乡发生依申请公开情况1件”——报“错误”；“其中区政府办收到申请1件”——仍报“警告”。")


def _compare(report, code, claims, rows, what, accept_rows=()):
    """One finding per claim whose number differs from the 总计 column of ``rows``; an 错误 when
    :func:`certainty` says the contradiction is beyond doubt."""
    if not _has(report, "三") or not claims:
        return
    value, terms, blanks = _lower(report, "三", rows, "total")
    if value is None:
        return
    readings = [(value, blanks)]
    for alt in accept_rows:
        v, _, b = _lower(report, "三", alt, "total")
        if v is not None:
            readings.append((v, b))
    for c in claims:
        if any(_fits(c.value, v, b) for v, b in readings):
            continue
        severity, why = certainty(report, c)
        yield Finding(code, severity,
                      f"表三{what}总计列为 {fmt_value(value)}{_blank_note(blanks)}，但{_where(c.sentence)}称“{c.sentence.text}”"
                      f"（{c.value} 件）。{why or '请核对表格或正文。'}",
                      [PassageEvidence(c.sentence.section, c.sentence.text, c.sentence.location)] + _evidence(terms),
                      HINT)


#: where the text states the year's figures: 导语, 一 总体情况, the prose of 三 and 四 (most reports put
#: only the tables there; some add a sentence), 六 其他需要报告的事项
NARRATIVE_SECTIONS = ("", "一", "三", "四", "六")


def _sentences(report):
    """The sentences of :data:`NARRATIVE_SECTIONS` (joined once per audit: callers must not change the list)."""
    return report and per_audit("narrative", report, NARRATIVE_SECTIONS,
                                lambda: narrative(report, NARRATIVE_SECTIONS))


def _count_sentences(report):
    """Those of :func:`_sentences` that state a count (say "件"): all that :func:`_claims` looks at, chosen once
    per audit for every rule that looks for claims (callers must not change the list)."""
    return report and per_audit("count_sentences", report, NARRATIVE_SECTIONS,
                                lambda: [s for s in _sentences(report) if "件" in s.text])


RECEIVED = (rf"(?:新收|收到|受理|接收|接到|共收|发生){GAP}{{0,16}}?申请{GAP}{{0,8}}?{NUM}\s*件",
            rf"(?:新收|收到|受理|接收|接到)了?{NUM}\s*件{GAP}{{0,10}}?申请")


@rule(code="N01", severity="warning", error_when=ERROR_WHEN, title="正文所称收到申请数与表三“本年新收”不一致",
      source="annual-report-format-2021.md §8 R3-6；common-errors.md E03",
      formula="正文“收到/受理…申请 N 件” = 表三 一、本年新收 总计")
def received_matches(report: AnnualReport, ctx):
    """
    作用：
    在导语和第一、三、四、六部分的文字中查找“收到（受理、新收）政府信息公开申请 N 件”“发生依申请公开情况 N 件”一类说法，与表三“一、本年新收政府信息公开申请数量”总计列比较。正文数字等于新收加上年结转时视为把结转计入，不报告。

    为什么：
    正文与表格数字不符是年报审查中最常见的“数据不准确”问题。

    示例：
    正文称“2023年度阿北乡发生依申请公开情况1件”，表三新收、上年结转、办结、结转下年度总计都是 0：任何读法都不是 1，报“错误”。
    正文称“其中通过网络收到申请3件”而表三新收为 6：说的是一部分，报“警告”。
    """
    # not a count of the year's requests: 复议/诉讼 received ("收到行政复议申请0件"), or a part of them
    # ("收到的申请中有2件为同一申请人的重复申请")
    claims = _claims(_count_sentences(report), RECEIVED, exclude=r"结转|答复|办结|复议|诉讼|申请中|之中|当中")
    yield from _compare(report, "N01", claims, ["received"], "「一、本年新收政府信息公开申请数量」",
                        accept_rows=[["received", "carried_over"]])


CARRIED_OVER = (rf"(?:上一?年度?|去年)(?:结转|遗留|未办结){GAP}{{0,10}}?{NUM}\s*件",
                rf"{NUM}\s*件[^，,。；;\d（(含]{{0,6}}?(?:为|系|属)(?:上一?年度?|去年)结转")


@rule(code="N02", severity="warning", error_when=ERROR_WHEN, title="正文所称上年结转数与表三不一致",
      source="annual-report-format-2021.md §8 R3-6；common-errors.md E03",
      formula="正文“上年结转 N 件” = 表三 二、上年结转 总计")
def carried_over_matches(report: AnnualReport, ctx):
    """
    作用：
    查找“上年度结转申请 N 件”一类说法，与表三“二、上年结转政府信息公开申请数量”总计列比较。

    为什么：
    结转数是跨年度核对的依据；正文与表格不一致会使读者无法判断哪一个正确。

    示例：
    正文称“含上年度结转申请34件”，表三上年结转总计为 30：报“警告”。
    """
    claims = _claims(_count_sentences(report), CARRIED_OVER)
    yield from _compare(report, "N02", claims, ["carried_over"], "「二、上年结转政府信息公开申请数量」")


ANSWERED = (rf"(?:答复|办结|办理完毕|完成答复|作出答复){GAP}{{0,14}}?{NUM}\s*件",)
#: a verb qualified by one outcome ("同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2 件", "转下一年度办理答复的
#: 有 1 件"): the count of that outcome, or of the carried-forward applications — not of all answered (N07, N04)
OUTCOME_BEFORE = (r"(?:(?:同意|予以|准予|部分|不予)公开|无法提供|不予处理|其他处理|转下一?年度|下一?年度|结转)"
                  r"[^，,。；;\d]{0,6}$")
HANDLED = (rf"办理{GAP}{{0,14}}?申请{GAP}{{0,4}}?{NUM}\s*件",)


@rule(code="N03", severity="warning", error_when=ERROR_WHEN, title="正文所称答复（办结）数与表三（七）总计不一致",
      source="annual-report-format-2021.md §8 R3-6；common-errors.md E03",
      formula="正文“答复/办结 N 件” = 表三（七）总计 总计列")
def answered_matches(report: AnnualReport, ctx):
    """
    作用：
    查找“答复（办结）政府信息公开申请 N 件”，与表三“（七）总计”的总计列比较。“办理申请 N 件”含义不明确，等于（七）总计、新收数或新收加结转数之一即不报告。

    为什么：
    （七）总计就是本年度已作出办理结果的申请数；正文应与之一致。

    示例：
    正文称“答复3050件”，表三（七）总计为 3000：报“警告”。
    """
    sentences = _count_sentences(report)
    # "办理上年度结转申请2件" speaks of the carried-over applications (N02), not of all handled
    yield from _compare(report, "N03", _claims(sentences, ANSWERED, exclude=r"下一?年度|结转|上一?年度?|去年",
                                               exclude_before=OUTCOME_BEFORE),
                        ["dispositions_total"], "「（七）总计」")
    yield from _compare(report, "N03", _claims(sentences, HANDLED, exclude=r"结转|上一?年度?|去年"),
                        ["dispositions_total"], "「（七）总计」", accept_rows=[["received"], ["received", "carried_over"]])


_NEXT_YEAR = r"(?:下一?年度?|(?:19|20)\d\d年度?)"  # "结转至2025年继续办理3件" names the next year
FORWARD_WORDS = (rf"(?:顺延(?:至|到)?{_NEXT_YEAR}|结转(?:至|到)?{_NEXT_YEAR}|转入{_NEXT_YEAR}"
                 rf"|延续(?:至|到){_NEXT_YEAR})")
CARRIED_FORWARD = (rf"{NUM}\s*件{GAP}{{0,12}}?{FORWARD_WORDS}",
                   rf"{FORWARD_WORDS}(?:继续办理)?{GAP}{{0,6}}?{NUM}\s*件")


@rule(code="N04", severity="warning", error_when=ERROR_WHEN, title="正文所称结转下年度数与表三不一致",
      source="annual-report-format-2021.md §8 R3-6；common-errors.md E03",
      formula="正文“N 件顺延（结转）到下年度” = 表三 四、结转下年度继续办理 总计")
def carried_forward_matches(report: AnnualReport, ctx):
    """
    作用：
    查找“另有 N 件顺延到下年度答复”“N 件结转下年度继续办理”一类说法，与表三“四、结转下年度继续办理”总计列比较。

    为什么：
    结转下年度的申请是下一年度“上年结转”的来源；正文与表格应一致。

    示例：
    正文称“另有103件顺延到下年度答复”，表三结转下年度总计为 100：报“警告”。
    """
    claims = _claims(_count_sentences(report), CARRIED_FORWARD)
    yield from _compare(report, "N04", claims, ["carried_forward"], "「四、结转下年度继续办理」")


# ---------------------------------------------------------------- reviews and lawsuits
_SUBJECT = lazy_pattern(r"行政复议|复议(?!后)|行政诉讼|(?<!复议后起)诉讼")
_NEGATION = lazy_pattern(r"(?:未发生|没有发生|未出现|没有出现|未收到|没有收到|未有|没有|无(?!法|正当|需|关))"
                       r"[^\d，,。；;]{0,14}$")
#: table 四's result columns as the format names them (结果维持 …, 总计)
_RESULT_CN = dict(RESULTS)
#: how prose says a result: the format's label, or its short form (维持, 纠正) and the usual paraphrases
_RESULTS = {"upheld": r"(?:结果)?维持", "corrected": r"(?:结果)?纠正", "other_result": re.escape(_RESULT_CN["other_result"]),
            "pending": rf"(?:{re.escape(_RESULT_CN['pending'])}|未审结|尚在审理中?|正在审理中?)"}
#: a subject of the prose (复议, 诉讼) → its groups of table 四, and the format's name for it (the groups' top
#: header: 行政复议, 行政诉讼)
SUBJECT_GROUPS = {"review": ("review",), "lawsuit": ("lawsuit_direct", "lawsuit_after_review")}
_GROUP_PATHS = dict(REVIEW_GROUPS)
SUBJECT_CN = {subject: _GROUP_PATHS[groups[0]][0] for subject, groups in SUBJECT_GROUPS.items()}


def _subject(word: str) -> str:
    return "review" if "复议" in word else "lawsuit"


def _table4_sum(report, subject, result):
    """(sum, terms, blanks) over the subject's groups of one result column; (None, [], []) when a
    cell is missing, unreadable or "/".  Blanks are unknown cells ≥ 0: with blanks the sum is a lower bound.
    ``terms``: the terms whose cells are the evidence (:func:`_evidence`)."""
    total, terms, blanks = 0, [], []
    table = report.table("四")
    for g in SUBJECT_GROUPS[subject]:
        col = table.column(f"{g}_{result}")
        term = evaluate(report, table, table.row("cases"), col)
        if term.status == "unknown":
            return None, [], []
        total += term.value
        terms.append(term)
        blanks += term.blanks
    return total, terms, blanks


def report_review_statements(report):
    """:func:`review_statements` of the report's narrative (:data:`NARRATIVE_SECTIONS`): found once per audit for
    N05 and C04 (callers must not change the list)."""
    return per_audit("review_statements", report, NARRATIVE_SECTIONS,
                     lambda: review_statements(_sentences(report)))


_JOINED = lazy_pattern(r"(?:案件)?[、和及与]")
_SUBJECT_COUNT = lazy_pattern(rf"(?:案件|申请|案)?{GAP}{{0,4}}?{NUM}\s*(?:件|起|宗)")
_EACH = lazy_pattern(r"(?:案件|申请|案)?(?:均为|均|各为|各有|各)")
_A_COUNT = lazy_pattern(rf"{NUM}\s*(?:件|起|宗)")


@cache
def _result_counts():
    """(result, the pattern of a count of it): compiled when :func:`review_statements` first meets a sentence
    about 复议/诉讼 (cold start, as :func:`~gongkai.textutil.lazy_pattern`)."""
    return tuple((result, re.compile(rf"{pat}{GAP}{{0,3}}?{NUM}\s*(?:件|起|宗)")) for result, pat in _RESULTS.items())


def review_statements(sentences):
    """(subject, result, value, sentence) for each count stated about 复议/诉讼; result "total" for the count."""
    out = []
    for s in sentences:
        if "复议" not in s.text and "诉讼" not in s.text:  # cheap: every subject _SUBJECT finds says one of them
            continue
        marks = list(_SUBJECT().finditer(s.text))
        joined: list[str] = []  # subjects joined by 、和及与 waiting for a shared "各 N 件"
        for i, m in enumerate(marks):
            subject = _subject(m.group(0))
            seg_end = marks[i + 1].start() if i + 1 < len(marks) else len(s.text)
            seg = s.text[m.end():seg_end]
            clause_start = max(s.text.rfind(ch, 0, m.start()) for ch in "，,。；;") + 1
            prefix = s.text[clause_start:m.start()]
            if _JOINED().fullmatch(seg):
                if _NEGATION().search(prefix):  # "未发生行政复议、行政诉讼"
                    out.append((subject, "total", 0, s))
                else:
                    joined.append(subject)
                continue
            cm = _SUBJECT_COUNT().match(seg)
            if cm:
                v = cn_number(cm.group(1))
                if v is not None:
                    out.append((subject, "total", v, s))
                    if joined and _EACH().match(seg):
                        # "行政复议、行政诉讼各1件": the count is each subject's
                        out += [(j, "total", v, s) for j in joined if j != subject]
            elif _NEGATION().search(prefix) and not _A_COUNT().search(seg):
                out.append((subject, "total", 0, s))
            joined = []
            for result, pat in _result_counts():
                for rm in pat.finditer(seg):
                    v = cn_number(rm.group(1))
                    if v is not None:
                        out.append((subject, result, v, s))
    return out


@rule(code="N05", severity="warning", error_when="句子说的是全机关全年的数字（没有“其中”“本部门”等限定，也没有提到别的年份），"
      "表四三组的同一栏目都印了数字（空白不按 0 计），而正文的数字与复议、直接起诉、复议后起诉、诉讼合计、复议与诉讼合计都不相等。"
      "例：表四复议总计 1、两类诉讼总计 1 和 0，正文称“行政复议5件”——报“错误”；称“行政诉讼1件”而诉讼合计为 2——只报“警告”"
      "（1 是直接起诉的数）。", title="正文所称行政复议、行政诉讼数字与表四不一致",
      source="annual-report-format-2021.md §8 R3-6；common-errors.md E03",
      formula="正文“行政复议 N 件（其中维持 a 件…）” = 表四对应列；诉讼 = 直接起诉 + 复议后起诉")
def reviews_match(report: AnnualReport, ctx):
    """
    作用：
    查找“行政复议 N 件，其中结果维持 a 件、结果纠正 b 件……尚未审结 d 件”“行政诉讼 N 件……”以及“未发生行政复议、行政诉讼”一类说法，与表四比较。行政诉讼的数字按“未经复议直接起诉”与“复议后起诉”两组之和比较。

    为什么：
    复议、诉讼情况是年报的法定内容，正文与表四应一致。

    示例：
    正文称“政府信息公开行政诉讼46件，其中结果维持25件”，表四两组诉讼总计之和为 40：报“警告”。
    """
    if not _has(report, "四"):
        return
    for subject, result, value, s in report_review_statements(report):
        expected, terms, blanks = _table4_sum(report, subject, result)
        if expected is None or _fits(value, expected, blanks):
            continue
        cols = "与".join(f"「{report.table('四').column(f'{g}_{result}').display}」" for g in SUBJECT_GROUPS[subject])
        said = f"{SUBJECT_CN[subject]}{_RESULT_CN[result] if result != 'total' else ''} {value} 件"
        why = _review_certainty(report, result, value, s)
        yield Finding("N05", "error" if why else "warning",
                      f"表四{cols}{'之和' if len(SUBJECT_GROUPS[subject]) > 1 else ''}为 {fmt_value(expected)}{_blank_note(blanks)}，"
                      f"但{_where(s)}称“{s.text}”（{said}）。{why or '请核对表格或正文。'}",
                      [PassageEvidence(s.section, s.text, s.location)] + _evidence(terms), HINT)


def _review_certainty(report, result, value, s) -> str:
    """Why a count about 复议/诉讼 contradicts table 四 beyond doubt ("" when it may not): the sentence
    speaks of the whole agency and year, every cell of the column is printed, and the count is none of
    the column's readings (复议, 直接起诉, 复议后起诉, 诉讼合计, 复议+诉讼)."""
    if not whole_agency_and_year(report, s):
        return ""
    values = {}
    for g in ("review", "lawsuit_direct", "lawsuit_after_review"):
        cell = report.cells.get(("四", "cases", f"{g}_{result}"))
        if cell is None or cell.kind != "number":
            return ""
        values[g] = cell.value
    readings = {_GROUP_PATHS[g][-1]: values[g] for g in values}
    readings[f"{SUBJECT_CN['lawsuit']}合计"] = values["lawsuit_direct"] + values["lawsuit_after_review"]
    readings["复议与诉讼合计"] = sum(values.values())
    if value in readings.values():
        return ""
    shown = "、".join(f"{k} {fmt_value(v)}" for k, v in readings.items())
    return f"这句话说的是全机关全年的数字，而表四同一栏目的任何一种读法（{shown}）都不是 {value}。"


_ALL_UPHELD = re.compile(r"均获维持|均被维持|均维持|全部维持|均予维持|全部获得维持")
_ALL_CLOSED = re.compile(r"均已结案|均已审结|全部审结|全部结案")


@rule(code="N06", severity="warning", title="正文称复议、诉讼“均获维持”“均已结案”，但表四不是",
      source="common-errors.md E03（上海市政府办公厅 2019 年报实例）",
      formula="“均获维持” ⇒ 纠正 = 其他结果 = 尚未审结 = 0；“均已结案” ⇒ 尚未审结 = 0")
def blanket_claims(report: AnnualReport, ctx):
    """
    作用：
    正文称行政复议、行政诉讼“均获维持”时，表四对应的结果纠正、其他结果、尚未审结都应为 0；称“均已结案（审结）”时，尚未审结应为 0。只核对同一句中提到的复议或诉讼。

    为什么：
    “均获维持”是对工作成效的概括，与表四不符会误导读者。

    示例：
    正文称“行政复议7件，诉讼9件，均获维持”，表四复议尚未审结 2 件：报“警告”。
    """
    if not _has(report, "四"):
        return
    for s in _sentences(report):
        if "复议" not in s.text and "诉讼" not in s.text:
            continue  # (cheap: a sentence naming no review or lawsuit has no subject for a claim)
        for claim, results, word in ((_ALL_UPHELD, ("corrected", "other_result", "pending"), "均获维持"),
                                     (_ALL_CLOSED, ("pending",), "均已结案")):
            m = claim.search(s.text)
            if not m:
                continue
            subjects = []
            for sm in _SUBJECT().finditer(s.text[:m.start()]):
                if _subject(sm.group(0)) not in subjects:
                    subjects.append(_subject(sm.group(0)))
            for subject in subjects:
                parts, evidence = [], []
                for result in results:
                    v, terms, _ = _table4_sum(report, subject, result)
                    if v:  # a printed non-zero count: blanks elsewhere cannot undo it
                        parts.append(f"{_RESULT_CN[result]} {fmt_value(v)} 件")
                        evidence += _evidence(terms)
                if parts:
                    yield Finding("N06", "warning",
                                  f"{_where(s)}称“{s.text}”，但表四{SUBJECT_CN[subject]}有"
                                  f"{'、'.join(parts)}，并非{word}。请核对表格或正文。",
                                  [PassageEvidence(s.section, s.text, s.location)] + evidence, HINT)


# ---------------------------------------------------------------- outcomes and percentages
OUTCOMES = (
    ("予以公开及部分公开", rf"予以公开(?:及|和|与|、|或)部分公开{GAP}{{0,6}}?{NUM}\s*件", ("granted", "partially_granted")),
    ("予以公开", rf"(?<!主动)予以公开(?!及|和|与|、|或){GAP}{{0,6}}?{NUM}\s*件", ("granted",)),
    ("部分公开", rf"(?<![及和与、或])部分公开{GAP}{{0,6}}?{NUM}\s*件", ("partially_granted",)),
    ("不予公开", rf"不予公开{GAP}{{0,6}}?{NUM}\s*件", ("withheld",)),
    ("无法提供", rf"无法提供{GAP}{{0,6}}?{NUM}\s*件", ("unavailable",)),
    ("不予处理", rf"不予处理{GAP}{{0,6}}?{NUM}\s*件", ("not_processed",)),
    ("其他处理", rf"其他处理{GAP}{{0,6}}?{NUM}\s*件", ("other_handling",)),
)


#: patterns of :func:`_claims` → words one of which every match contains (tests/audit/test_narrative.py checks it)
CLAIM_WORDS = {RECEIVED: ("申请",), CARRIED_OVER: ("结转", "遗留", "未办结"), ANSWERED: ("答复", "办结", "办理完毕"),
               HANDLED: ("办理",), CARRIED_FORWARD: ("顺延", "结转", "转入", "延续"),
               # an outcome's match ends with its name's last four characters: "…部分公开", "不予公开" …
               **{(pat,): (name[-4:],) for name, pat, _ in OUTCOMES}}


def outcome_claims(report):
    """(outcome's name, its rows, claim) of every outcome the text states a count of: found once per audit for
    N07 and N08 (callers must not change the list)."""
    return per_audit("outcome_claims", report, None, lambda: _outcome_claims(report))


def _outcome_claims(report):
    out = []
    sentences = _count_sentences(report)
    for name, pat, rows in OUTCOMES:
        for c in _claims(sentences, (pat,)):
            out.append((name, rows, c))
    return out


@rule(code="N07", severity="warning", title="正文所称各类办理结果数与表三不一致",
      source="annual-report-format-2021.md §8 R3-6；common-errors.md E03",
      formula="正文“予以公开及部分公开 N 件” = （一）+（二）；“无法提供 N 件” = （四）1—3 之和；…")
def outcomes_match(report: AnnualReport, ctx):
    """
    作用：
    查找“予以公开及部分公开 N 件”“予以公开 N 件”“部分公开 N 件”“不予公开 N 件”“无法提供 N 件”“不予处理 N 件”“其他处理 N 件”，与表三总计列对应的行（或该组各小项之和）比较。

    为什么：
    正文常只写某一小项（如“本机关不掌握”）却称为整组（“无法提供”），造成与表格不符。

    示例：
    正文称“因本机关不掌握等原因无法提供265件”，表三（四）无法提供 1—3 项之和为 337：报“警告”。
    """
    if not _has(report, "三"):
        return
    for name, rows, c in outcome_claims(report):
        value, terms, blanks = _lower(report, "三", rows, "total")
        if value is None or _fits(c.value, value, blanks):
            continue
        labels = "与".join(f"「{short_label(report.table('三').row(r).label)}」" for r in rows)
        yield Finding("N07", "warning",
                      f"表三{labels}总计列{'合计' if len(rows) > 1 or not report.table('三').row(rows[0]).printed else ''}"
                      f"为 {fmt_value(value)}{_blank_note(blanks)}，但{_where(c.sentence)}称“{c.sentence.text}”"
                      f"（{name} {c.value} 件）。"
                      f"请核对表格或正文。",
                      [PassageEvidence(c.sentence.section, c.sentence.text, c.sentence.location)] + _evidence(terms),
                      HINT)


_PCT = lazy_pattern(r"^[，,]?\s*(?:约?占|约为|比例为|占比)[^，,。；;\d]{0,10}?(\d+(?:\.\d+)?)\s*[%％]")


@rule(code="N08", severity="warning", title="正文中的百分比算不对或加起来不是 100%",
      source="common-errors.md E14", formula="百分比 = 件数 ÷ 答复总数（或新收数）× 100%；各办理结果百分比之和 = 100%")
def percentages(report: AnnualReport, ctx):
    """
    作用：
    对正文中“××N件，占X%”一类说法，用正文件数除以表三（七）总计（或新收数、新收加结转数）重新计算，按 X 的小数位四舍五入后都对不上时提示；同一部分列出三个以上办理结果百分比、加起来明显不是 100% 时也提示。

    为什么：
    百分比是读者最容易引用的数字，算错会被广泛转引。

    示例：
    正文称“予以公开及部分公开258件，占33.9%”，而 258÷805=32.0%：报“警告”。
    """
    if not _has(report, "三"):
        return
    claims = outcome_claims(report)
    if not claims:
        return
    bases = []
    for rows in (["dispositions_total"], ["received"], ["received", "carried_over"]):
        v, _ = _total(report, "三", rows, "total")
        if v:
            bases.append(v)
    by_section = {}
    for name, rows, c in claims:
        m = _PCT().match(c.sentence.text[c.end:])
        if not m:
            continue
        pct = Decimal(m.group(1))
        by_section.setdefault(c.sentence.section, []).append((pct, c))
        if not bases:
            continue
        decimals = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
        tol = Decimal(5) / (10 ** (decimals + 1)) + Decimal("0.01")
        if any(abs(Decimal(c.value) * 100 / b - pct) <= tol for b in bases):
            continue
        shown = "、".join(f"{c.value}÷{b}={(Decimal(c.value) * 100 / b).quantize(Decimal('0.01'))}%" for b in bases)
        yield Finding("N08", "warning",
                      f"{_where(c.sentence)}称“{c.sentence.text}”，但按表三计算 {shown}，都不是 {pct}%。",
                      [PassageEvidence(c.sentence.section, c.sentence.text, c.sentence.location)],
                      "请重新计算百分比，并写明以哪个数为分母。")
    for section, items in by_section.items():
        if len(items) < 3:
            continue
        total = sum(p for p, _ in items)
        if abs(total - 100) > 1:
            seen, evidence = set(), []
            for _, c in items:
                if id(c.sentence) not in seen:
                    seen.add(id(c.sentence))
                    evidence.append(PassageEvidence(section, c.sentence.text, c.sentence.location))
            listing = " + ".join(f"{p}%" for p, _ in items)
            yield Finding("N08", "warning",
                          f"正文第{section}部分列出的各类办理结果百分比 {listing} = {total}%，不是 100%。",
                          evidence, "请补全未列出的办理结果，或核对各百分比。")


# ---------------------------------------------------------------- fees
_FEE_AMOUNT = (
    re.compile(r"(?:收取|收缴|产生|征收|收费)[^，,。；;]{0,20}?处理费[^，,。；;\d]{0,8}?(\d+(?:\.\d+)?)\s*(万元|元)"),
    re.compile(r"处理费(?:共计|合计|总计|共|为|金额)?(\d+(?:\.\d+)?)\s*(万元|元)"),
)
_FEE_ZERO = re.compile(r"(?:没有|未|无|不)(?:产生|收取|收缴|征收|发生|涉及)[^，,。；;]{0,20}?处理费|无收取[^，,。；;]{0,12}处理费")


def fee_statements(report):
    """(amount in 元 as Decimal, sentence) for each statement about 信息处理费 collected; 0 for "没有收取"."""
    out = []
    for s in _sentences(report):
        if "处理费" not in s.text:
            continue  # (cheap: every pattern below says it)
        found = False
        for pat in _FEE_AMOUNT:
            for m in pat.finditer(s.text):
                amount = Decimal(m.group(1)) * (10000 if m.group(2) == "万元" else 1)
                out.append((amount, s))
                found = True
                break
            if found:
                break
        if not found and _FEE_ZERO.search(s.text):
            out.append((Decimal(0), s))
    return out


@rule(code="N09", severity="warning", title="信息处理费的说法前后矛盾或与表二收费金额相同",
      source="国办函〔2020〕109号；annual-report-format-2021.md §4、§7；common-errors.md E13",
      formula="正文所称信息处理费金额前后一致；信息处理费 ≠ 表二“行政事业性收费”金额")
def processing_fee_statements(report: AnnualReport, ctx):
    """
    作用：
    找出正文中关于信息处理费的说法（“收取信息处理费3940元”“没有产生信息处理费”“无收取信息处理费情况”），检查：
    一是前后说法是否矛盾（一处说没有收取，另一处写了金额，或两处金额不同）；
    二是所收信息处理费折合万元后是否恰好等于表二“行政事业性收费”的本年收费金额——两者不是一回事，相等往往说明把信息处理费填进了表二。

    为什么：
    信息处理费（国办函〔2020〕109号）在第六部分报告；表二第二十条第（八）项是本机关的行政事业性收费，单位为万元。混填会使两处数字都失真。

    示例：
    第六部分称“全年收取政府信息公开信息处理费3940元”，表二行政事业性收费填 0.394（万元）：报“警告”。
    """
    statements = fee_statements(report)
    amounts = {a for a, _ in statements}
    if len(amounts) > 1:
        listing = "；".join(f"“{s.text}”" for _, s in statements)
        yield Finding("N09", "warning", f"正文关于信息处理费的说法不一致：{listing}。",
                      [PassageEvidence(s.section, s.text, s.location) for _, s in statements],
                      "请核对本年度实际收取的信息处理费，统一正文说法。")
    if "二" not in report.tables_found:
        return
    table = report.table("二")
    try:
        row, col = table.row("administrative_fees"), table.column("amount_10k_yuan")
    except KeyError:
        return
    cell = report.cells.get(("二", row.id, col.id))
    if cell is None or cell.kind != "number" or not cell.value:
        return
    for amount, s in statements:
        if amount and amount / 10000 == Decimal(cell.value):
            yield Finding("N09", "warning",
                          f"表二「行政事业性收费」本年收费金额为 {cell.display()} 万元，恰好等于{_where(s)}所称信息处理费"
                          f"（“{s.text}”）。信息处理费不属于表二的行政事业性收费。",
                          [PassageEvidence(s.section, s.text, s.location),
                           cell_evidence(table, row, col, cell)],
                          "请核对表二是否误填了信息处理费；表二应填本机关行政事业性收费金额（万元）。")


# ---------------------------------------------------------------- applicants by type
LEGAL_PERSON_COLUMNS = ("commercial_enterprise", "research_institution", "public_interest_org",
                        "legal_service_provider", "other_org")
APPLICANT_TYPES = (  # (words in the text, the table 三 columns they name)
    ("自然人", ("natural_person",)),
    ("法人或其他组织", LEGAL_PERSON_COLUMNS),
    ("法人和其他组织", LEGAL_PERSON_COLUMNS),
    ("商业企业", ("commercial_enterprise",)),
    ("科研机构", ("research_institution",)),
    ("社会公益组织", ("public_interest_org",)),
    ("法律服务机构", ("legal_service_provider",)),
)
_RECEIPT = lazy_pattern(r"收到|受理|新收|接收|接到|共收")
_AFTER_RECEIPT = lazy_pattern(r"答复|办结|办理|予以公开|部分公开|不予|无法提供|结转|复议|诉讼")


def applicant_claims(report):
    """``[(words, columns, Claim)]``: "自然人72件" and the like in a sentence about applications
    received, between the receipt word and the first word about answers (答复, 办结, 结转 …)."""
    out = []
    alternatives = "|".join(re.escape(w) for w, _ in APPLICANT_TYPES)
    pattern = None  # compiled for the first sentence naming an applicant type (see _claims)
    columns = dict(APPLICANT_TYPES)
    for s in _sentences(report) or []:
        if "申请" not in s.text or not any(w in s.text for w in columns):
            continue
        if pattern is None:
            pattern = re.compile(rf"(?<![非或和])({alternatives})(?:提出的?|的)?(?:申请人?)?(?:提出)?(?:申请)?"
                                 rf"(?:为|有|共|计)?\s*{NUM}\s*件")
        receipt = _RECEIPT().search(s.text)
        if receipt is None:
            continue
        stop = _AFTER_RECEIPT().search(s.text, receipt.end())
        end = stop.start() if stop else len(s.text)
        for m in pattern.finditer(s.text, receipt.end(), end):
            v = cn_number(m.group(2))
            if v is not None:
                out.append((m.group(1), columns[m.group(1)], Claim(v, s, m.end())))
    return out


@rule(code="N10", severity="warning", title="正文所称各类申请人的申请数与表三“本年新收”各列不一致",
      source="annual-report-format-2021.md §8 R3-6；common-errors.md E03",
      formula="正文“自然人 N 件” = 表三 一、本年新收 自然人；“法人或其他组织 N 件” = 商业企业 + 科研机构 + 社会公益组织"
              " + 法律服务机构 + 其他；“商业企业 N 件” = 该列；…（含上年结转的数也接受）")
def applicants_match(report: AnnualReport, ctx):
    """
    作用：
    在说收到申请的句子里（“收到”“受理”等词之后、“答复”“办结”“结转”等词之前），查找“自然人（申请）N 件”“法人或其他组织 N 件”“商业企业 N 件”等说法，与表三“一、本年新收政府信息公开申请数量”相应的列（法人或其他组织为五列之和）比较。正文数字等于新收加上年结转时视为把结转计入，不报告。

    为什么：
    正文按申请人类型分述申请数时，常与表格各列对不上（如把上年结转、或把“其他”错计入自然人）。

    示例：
    正文称“全年收到申请7件，其中自然人申请6件、商业企业1件”，表三新收自然人列为 5：报“警告”。
    """
    if not _has(report, "三"):
        return
    table = report.table("三")
    for words, cols, c in applicant_claims(report):
        new, terms = 0, []
        with_carried = 0
        known = True
        for col in cols:
            t = evaluate(report, table, table.row("received"), table.column(col))
            carried = evaluate(report, table, table.row("carried_over"), table.column(col))
            if t.status == "unknown":
                known = False
                break
            new += t.value
            with_carried += t.value + (carried.value if carried.status != "unknown" else 0)
            terms.append(t)
        if not known or c.value in (new, with_carried):
            continue
        where = "列" if len(cols) == 1 else "五列合计"
        yield Finding("N10", "warning",
                      f"表三「一、本年新收政府信息公开申请数量」{words}{where}为 {fmt_value(new)}，"
                      f"但{_where(c.sentence)}称“{c.sentence.text}”（{words} {c.value} 件）。请核对表格或正文。",
                      [PassageEvidence(c.sentence.section, c.sentence.text, c.sentence.location)] + _evidence(terms),
                      HINT)


# ---------------------------------------------------------------- "all answered"
_ALL_DONE = lazy_pattern(r"(?:所有|全部|均|都|全部的|所有的)[^，,。；;\d]{0,12}?(?:申请|件)?[^，,。；;\d]{0,4}?"
                       r"(?:均|都|全部)?(?:已经?|已)?(?:办结|办理完成|办理完毕|答复完毕|全部答复|处理完毕|按期办结|按时办结)"
                       r"|(?:申请|件)(?:均|都|全部)(?:已经?|已)?(?:办结|办理完成|办理完毕|答复完毕|处理完毕|按期办结|按时办结)")


_CARRIED_ONLY = lazy_pattern(r"(?:上一?年度?|去年|往年|以前年度)(?:结转|遗留|未办结)|结转的")


@rule(code="N11", severity="warning", error_when="句子说的是全机关全年的申请（没有“其中”“本部门”等限定，也没有提到别的年份），"
      "而表三“四、结转下年度继续办理”总计列印的是大于 0 的数字。",
      title="正文称申请“均已办结”，表三却有结转下年度的申请",
      source="annual-report-format-2021.md §8 R3-6；common-errors.md E03",
      formula="正文“所有申请均已办结” ⇒ 表三 四、结转下年度继续办理 总计 = 0")
def all_answered_claim(report: AnnualReport, ctx):
    """
    作用：
    正文称“所有申请均已办结”“全部办理完成”“均已按时办结”一类说法时，核对表三“四、结转下年度继续办理”总计列：不为 0 说明年底仍有未办结的申请，与正文矛盾。
    该格空白时不判断（空白不是 0）。

    为什么：
    “均已办结”是对工作成效的概括；有申请结转到下一年度时这样写会误导读者，也使下一年度的“上年结转”无从说明。

    示例：
    正文称“2023年收到的申请均已按时办结”，表三结转下年度总计为 3：报“错误”（全机关全年）；
    正文称“其中本部门收到的申请均已办结”：报“警告”。
    """
    if not _has(report, "三"):
        return
    cell = report.cells.get(("三", "carried_forward", "total"))
    if cell is None or cell.kind != "number" or not cell.value:
        return
    table = report.table("三")
    ev = cell_evidence(table, table.row("carried_forward"), table.column("total"), cell)
    for s in _sentences(report) or []:
        if "申请" not in s.text:
            continue  # (cheap, before the pattern: a sentence not about applications is no such claim)
        m = _ALL_DONE().search(s.text)
        if not m or re.search(r"复议|诉讼", s.text[:m.end()]):
            continue
        clause = re.split(r"[，,；;]", s.text[:m.start()])[-1]
        if _CARRIED_ONLY().search(clause):
            continue  # "上年结转的4件申请均已办结": only the carried-over requests are said to be closed
        whole = whole_agency_and_year(report, s)
        yield Finding("N11", "error" if whole else "warning",
                      f"{_where(s)}称“{s.text}”，但表三「四、结转下年度继续办理」总计列为 {fmt_value(cell.value)}，"
                      f"即年底仍有 {fmt_value(cell.value)} 件申请没有办结。"
                      + ("这句话说的是全机关全年的申请，两处不能同时成立。" if whole else "请核对表格或正文。"),
                      [PassageEvidence(s.section, s.text, s.location), ev],
                      "请改写正文（如“除 N 件结转下年度继续办理外，其余均已办结”），或核对表三结转下年度的数字。")

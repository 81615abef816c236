"""Format and wording rules (F-codes).

These look at the format generation, the section titles, the years written in the
title and text, document numbers (发文字号) and the names of the format and fee
documents.  They quote what they found; they never guess what the document meant.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from ..format import FORMAT_2019, FORMAT_2021
from ..report import SECTION_NUMBERS, AnnualReport, Location
from ..textutil import lazy_pattern, lcs_similarity, norm
from ._util import narrative, sentences
from .findings import Finding, PassageEvidence
from .registry import rule

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def title_year(report: AnnualReport) -> int | None:
    m = _YEAR.search(report.title or "")
    return int(m.group(1)) if m else None


def report_year(report: AnnualReport) -> int | None:
    return report.year or title_year(report)


def _title_evidence(report: AnnualReport) -> PassageEvidence:
    loc = report.preamble[0][1] if report.preamble else Location(report.source)
    return PassageEvidence("", report.title, loc)


# the years each format covers come from the format (Format.first_year / last_year), never from here
@rule(code="F01", severity="error",
      title=f"{FORMAT_2019.last_year + 1} 年及以后的年报使用了 {FORMAT_2019.first_year} 年试行格式",
      source=f"{FORMAT_2021.document}（自 {FORMAT_2021.first_year} 年度报告起适用）；annual-report-format-2021.md §11",
      formula=f"格式 = {FORMAT_2019.id} 且 报告年度 ≥ {FORMAT_2019.last_year + 1} → 错误")
def outdated_format(report: AnnualReport, ctx):
    """
    作用：
    报告年度为 2021 年或以后，而表格使用了 2019 年试行格式（国办公开办函〔2019〕60号）：表二有“本年新制作数量”“上一年项目数量”“本年增/减”“政府集中采购”等旧栏目，表三“（六）其他处理”只有一行。
    2019、2020 年度的报告使用 2019 年试行格式是正确的，不报告。

    为什么：
    国办公开办函〔2021〕30号印发了修订后的年报格式，2021 年度起的年报都应使用新格式。旧格式缺少“本年废止件数”“现行有效件数”等内容。

    示例：
    2023 年度年报的表二仍有“本年新制作数量”一栏：报“错误”。
    """
    year = report_year(report)
    if report.format_id == FORMAT_2019.id and year and year > FORMAT_2019.last_year:
        yield Finding("F01", "error",
                      f"本年报为{year}年度，但表格使用的是{FORMAT_2019.first_year}年试行格式（{FORMAT_2019.document}）：表二为"
                      f"“本年新制作数量”“上一年项目数量”等旧栏目，表三“（六）其他处理”没有分项。",
                      [_title_evidence(report)],
                      f"请按{FORMAT_2021.document}印发的《{FORMAT_2021.name}》重新制作表二、表三。")


@rule(code="F02", severity="notice",
      title=f"{FORMAT_2021.first_year - 1} 年及以前的年报使用了 {FORMAT_2021.first_year} 年格式",
      source=f"{FORMAT_2021.document}（2021-09-26 印发）；annual-report-format-2021.md §1",
      formula=f"格式 = {FORMAT_2021.id} 且 报告年度 ≤ {FORMAT_2021.first_year - 1} → 提示")
def format_newer_than_year(report: AnnualReport, ctx):
    """
    作用：
    报告年度为 2020 年或以前，而表格是 2021 年格式。

    为什么：
    2021 年格式于 2021 年 9 月印发，2019、2020 年度的报告当时应使用 2019 年试行格式。这通常说明报告年度读错或标题年份写错，只作提示。

    示例：
    标题为“2020年政府信息公开工作年度报告”，表二却有“本年制发件数”：报“提示”。
    """
    year = report_year(report)
    if report.format_id == FORMAT_2021.id and year and year < FORMAT_2021.first_year:
        yield Finding("F02", "notice",
                      f"本年报标明为{year}年度，但表格使用的是{FORMAT_2021.first_year}年格式；"
                      f"{year}年度报告当时应使用{FORMAT_2019.first_year}年试行格式。",
                      [_title_evidence(report)], "请核对标题中的年份是否正确。")


@rule(code="F07", severity="notice", title="报告年度早于全国统一格式（2018 年及以前），未按表格审核",
      source="国办公开办函〔2019〕60号（自 2019 年度报告起适用）、〔2021〕30号",
      formula="报告年度 ≤ 2018 → 提示，且不按 2019/2021 年格式的表格审核", before_formats=True)
def predates_formats(report: AnnualReport, ctx):
    """
    作用：
    报告年度为 2018 年或以前时，说明它早于两种全国统一格式（国办公开办函〔2019〕60号试行格式和〔2021〕30号格式）。这样的报告既不读入、也不按格式的表二、表三、表四审核：其中的数字（如“受理审批事项117件”）不会被填入任何表格，缺表、缺行、勾稽关系等规则都不适用。整份报告只有这一条意见。

    为什么：
    2019 年以前各地年报的结构各不相同，没有统一的统计表；拿今天的格式去审核，只会报出大量并不存在的问题，甚至把正文中的数字误当作表格数字。

    示例：
    《平潭综合实验区地方税务局2013年信息公开年度报告》：报“提示”，说明未按表格审核。
    """
    if not report.predates_formats:
        return
    yield Finding("F07", "notice",
                  f"本年报为{report.year}年度，早于全国统一的年报格式（国办公开办函〔2019〕60号自2019年度起适用，"
                  f"〔2021〕30号自2021年度起适用），没有可对照的统计表：未读取表格，也未按格式的表二、表三、表四及"
                  f"六个部分审核。",
                  [_title_evidence(report)],
                  "如需审核，请人工核对；若年份读错（报告实为2019年度或以后），请核对标题中的年份。")


@rule(code="F03", severity="warning", title="部分标题与格式不一致", source="年报格式六个部分的标题（annual-report-format-2021.md §2）",
      formula="各部分标题 = 格式标题")
def altered_section_title(report: AnnualReport, ctx):
    """
    作用：
    比较六个部分的标题与格式规定的标题（忽略空格、全角半角括号差异）。第五部分在实践中写法较多（如“五、政府信息公开工作存在的主要问题及改进情况”），识别时从宽，但与格式不一致时仍提示修改。
    2019、2020 年度的报告按当时的常见写法（如“四、因政府信息公开申请行政复议、提起行政诉讼的情况”）不报告。

    为什么：
    标题统一便于公众查找和上级汇总；改动标题也常是套用旧模板的迹象。

    示例：
    第四部分标题写成“四、政府信息公开行政法复议、行政诉讼情况”：报“警告”。
    """
    year = report_year(report)
    lenient = report.format_id == "2019" or (year is not None and year <= 2020)
    for number in SECTION_NUMBERS:
        sec = report.sections.get(number)
        if sec is None or not sec.title:
            continue
        official = report.format.section(number)
        accepted = [official.title] + (list(official.aliases) if lenient else [])
        printed = norm(sec.title)
        if any(printed.startswith(norm(a)) for a in accepted):
            continue
        yield Finding("F03", "warning", f"第{number}部分标题为“{sec.title.strip()}”，格式规定为“{official.title}”。",
                      [PassageEvidence(number, sec.title.strip(), sec.location)],
                      f"请把标题改为“{official.title}”。")


@rule(code="F08", severity="warning", title="部分内容在，但没有印出该部分的标题",
      source="年报格式六个部分的标题（annual-report-format-2021.md §2）",
      formula="各部分都有标题")
def untitled_section(report: AnnualReport, ctx):
    """
    作用：
    某一部分的内容在（如表四之后的“（一）主要问题”“（二）改进情况”），但没有印出该部分的标题（如“五、存在的主要问题及改进情况”）。这一部分按其内容识别，不报“缺少正文部分”（C01），只提示补上标题。

    为什么：
    标题统一便于公众查找和上级汇总；缺少标题时读者不易分清各部分的界限。

    示例：
    表四之后直接是“（一）主要问题”，没有“五、存在的主要问题及改进情况”：报“警告”。
    """
    for number in SECTION_NUMBERS:
        sec = report.sections.get(number)
        if sec is None or sec.title.strip():
            continue
        official = report.format.section(number).title
        first = sec.paragraphs[0][0] if sec.paragraphs else ""
        yield Finding("F08", "warning",
                      f"第{number}部分“{official}”的内容在（从“{first[:30]}”起），但没有印出这一部分的标题。",
                      [PassageEvidence(number, first[:80], sec.location)],
                      f"请在这一部分之前加上标题“{official}”。")


_LEADING_YEAR = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[、.])?[^，。\d]{0,4}?"
                           r"((?:19|20)\d{2})年度?(?!以来|起|至|到|底前|前|—|-|－)")
_COMPARE = re.compile(r"上年|去年|同比|相比|比较|较|以来")


@rule(code="F04", severity="warning", title="标题、正文中的年份与报告年度不一致",
      source="条例第四十九条（报告上一年度工作）；common-errors.md E07（照搬往年内容）",
      formula="标题年份 = 报告年度；正文以“某年”开头的陈述 ∈ {报告年度, 下一年度}")
def inconsistent_years(report: AnnualReport, ctx):
    """
    作用：
    核对标题中的年份与报告年度是否一致；在导语、第一部分和第六部分中，找出以年份开头的陈述句（如“2021年，无收取信息处理费情况。”），其年份既不是报告年度、也不是下一年度（改进计划）时提示。与上年比较的句子（含“同比”“较上年”等）不报告。

    为什么：
    年份写错往往是照搬往年年报留下的痕迹（内容雷同是年报审查通报的问题之一）。

    示例：
    2022 年度年报第六部分写“2021年，无收取信息处理费情况。”：报“警告”。
    """
    year = report.year
    ty = title_year(report)
    if year and ty and ty != year:
        yield Finding("F04", "warning", f"标题中的年份为{ty}年，但报告年度为{year}年。", [_title_evidence(report)],
                      "请核对标题中的年份。")
    year = year or ty
    if not year:
        return
    title = (report.title or "").replace(" ", "")
    for s in narrative(report, ("", "一", "六")):
        if s.section == "" and s.text == title:
            continue
        m = _LEADING_YEAR.match(s.text)
        if not m or _COMPARE.search(s.text):
            continue
        y = int(m.group(1))
        if y in (year, year + 1):
            continue
        where = f"正文第{s.section}部分" if s.section else "导语"
        yield Finding("F04", "warning", f"{where}写“{s.text}”，年份{y}年与报告年度{year}年不符。",
                      [PassageEvidence(s.section, s.text, s.location)],
                      f"请核对该句是否为{year}年度的情况；若是照搬往年内容，请按本年度实际情况改写。")


#: a document number from its bracketed year on; the agency's code before it is :func:`doc_numbers`' to find
_DOC_NUMBER = re.compile(r"\s*([【\[［(（〈<｛{])\s*((?:19|20)\d{2})\s*([】\]］)）〉>｝}])\s*(\d+)\s*号")

# what every document number contains: a sentence without it is not searched (the pattern above, tried at every
# character, is most of the rule's time)
_DOC_NUMBER_YEAR = re.compile(r"[【\[［(（〈<｛{]\s*(?:19|20)\d{2}\s*[】\]］)）〉>｝}]")
_LEAD_WORDS = re.compile(r"^(?:.*?(?:按照|根据|依据|依照|参照|印发|落实|执行|通知|办法|规定|条例|要求|的))")


def doc_numbers(text: str):
    r"""``(code, number)`` of each document number in ``text``: ``number`` the match of :data:`_DOC_NUMBER`
    (bracket, year, bracket, serial), ``code`` the up to 10 ideographs just before it ("国办函") — the matches of
    ``([\u4e00-\u9fff]{0,10})`` + that pattern, in order, without compiling the ideograph range's bitmap (~0.8 ms
    at every start of the program; cold start, issue 16)."""
    end = 0
    for m in _DOC_NUMBER.finditer(text):
        start = k = m.start()
        stop = max(end, start - 10)  # a match does not begin inside the one before
        while k > stop and "\u4e00" <= text[k - 1] <= "\u9fff":
            k -= 1
        yield text[k:start], m
        end = m.end()


def _all_sentences(report: AnnualReport):
    return narrative(report, ("",) + SECTION_NUMBERS)


#: characters one of which a section's text must have for a sentence of it to match :data:`_DOC_NUMBER_YEAR` (its
#: opening brackets), and for one to say "《" or "公开处理费" (white space is taken out of sentences, never put in)
_OPENING_BRACKET = re.compile(r"[【\[［(（〈<｛{]")
_BOOK_OR_FEE = re.compile(r"[《费]")


def _sentences_saying(report: AnnualReport, chars) -> list:
    """The sentences of :func:`_all_sentences` in the sections whose lines have one of ``chars`` (a character
    class): a section without one is not split into sentences."""
    out = []
    for section in ("",) + SECTION_NUMBERS:
        if section == "":
            lines = [report.title or ""] + [p for p, _ in report.preamble]
        else:
            s = report.sections.get(section)
            lines = [p for p, _ in s.paragraphs] if s else []
        if any(map(chars.search, filter(None, lines))):
            out += sentences(report, section)
    return out


@rule(code="F05", severity="warning", title="发文字号的年份括号不规范", source="GB/T 9704—2012《党政机关公文格式》7.2.4（年份用六角括号〔〕）；common-errors.md E12",
      formula="发文字号 = 机关代字〔年份〕序号号")
def document_number_brackets(report: AnnualReport, ctx):
    """
    作用：
    在全文中查找发文字号，年份用了【】、[]、（）等括号而不是六角括号〔〕的，引用原文提示修改。

    为什么：
    公文格式国家标准规定发文字号的年份用六角括号“〔〕”；引用文号写错括号属于文字不严谨。

    示例：
    “国办函【2020】109号”应写作“国办函〔2020〕109号”：报“警告”。
    """
    for s in _sentences_saying(report, _OPENING_BRACKET):
        if not _DOC_NUMBER_YEAR.search(s.text):
            continue
        for code, m in doc_numbers(s.text):
            prefix = _LEAD_WORDS.sub("", code)[-8:]
            quoted = prefix + m.group(0)
            fixed = f"{prefix}〔{m.group(2)}〕{m.group(4)}号"
            where = f"正文第{s.section}部分" if s.section else "标题或导语"
            yield Finding("F05", "warning", f"{where}的发文字号“{quoted}”年份括号不规范，应写作“{fixed}”。",
                          [PassageEvidence(s.section, s.text, s.location)], f"请改为“{fixed}”。")


_MONTH_DAY = re.compile(r"[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日")
# a date as the text prints it: "2023年2月30日", or "2月30日" (its year, when printed, in the same date)
_DATE = re.compile(r"(?:(?<![0-9０-９])([0-9０-９]{4})\s*年\s*)?(?<![0-9０-９])([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February 29: only with a year that has none


def _no_such_date(year: str | None, month: str, day: str) -> str | None:
    """Why the printed date does not exist (None when it does): 「没有 13 月」「2 月只有 28 天」."""
    y = int(unicodedata.normalize("NFKC", year)) if year else None
    m, d = (int(unicodedata.normalize("NFKC", t)) for t in (month, day))
    if not 1 <= m <= 12:
        return f"没有 {m} 月"
    last = _DAYS_IN_MONTH[m - 1]
    if m == 2 and y is not None:
        last = 29 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else 28
    if d < 1:
        return "日从 1 开始"
    if d > last:
        return f"{y} 年 2 月只有 {last} 天" if m == 2 and y is not None else f"{m} 月只有 {last} 天"
    return None


@rule(code="F09", severity="warning", title="正文中有不存在的日期",
      source="common-errors.md（文字差错）；《党政机关公文格式》GB/T 9704—2012 7.3.5（成文日期用阿拉伯数字）",
      formula="月 ∈ 1…12，日 ∈ 1…该月天数（2 月按所写年份是否闰年）")
def impossible_dates(report: AnnualReport, ctx):
    """
    作用：
    在标题、导语和正文中查找“2023年2月30日”“13月1日”这样不存在的日期，引用原文提示核对。

    为什么：
    不存在的日期多是笔误（把 3 月写成 2 月、把 31 日写在小月），读者无从知道实际是哪一天；
    统计期限、公开日期等写错还会影响对报告的核对。

    示例：
    “截至2023年2月30日”报“警告”：2023 年 2 月只有 28 天。没写年份的“2月29日”不报（闰年有这一天）。
    """
    for s in _sentences_saying(report, _MONTH_DAY):
        for m in _DATE.finditer(s.text):
            why = _no_such_date(m.group(1), m.group(2), m.group(3))
            if why is None:
                continue
            where = f"正文第{s.section}部分" if s.section else "标题或导语"
            yield Finding("F09", "warning", f"{where}的日期“{m.group(0)}”不存在：{why}。",
                          [PassageEvidence(s.section, s.text, s.location)], "请核对并改正这个日期。")


OFFICIAL_TITLES = (
    "中华人民共和国政府信息公开条例",
    "中华人民共和国政府信息公开工作年度报告格式",
    "中华人民共和国政府信息公开工作年度报告格式（试行）",
    "国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知",
    "国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知",
    "政府信息公开信息处理费管理办法",
    "国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知",
)
_INNER = str.maketrans({"<": "〈", ">": "〉", "＜": "〈", "＞": "〉", "(": "（", ")": "）"})
_BOOK = re.compile(r"《([^《》]{4,80})》")
# compiled on first use: the CJK range's bitmap costs a cold start more than all the rest of this module, and
# only a sentence saying "公开处理费" can match
_FEE_TYPO = lazy_pattern(r"[\u4e00-\u9fff]{0,3}公开处理费")


def _canon(title: str) -> str:
    return re.sub(r"\s+", "", title).translate(_INNER)


_CANON = {_canon(t): t for t in OFFICIAL_TITLES}


@lru_cache(maxsize=4096)
def _title_verdict(name: str) -> tuple[str | None, float]:
    """:func:`_misspelled_title` of a book-title name as printed (canonical form made once per name)."""
    return _misspelled_title(_canon(name))


@lru_cache(maxsize=1024)
def _misspelled_title(name: str) -> tuple[str | None, float]:
    """The official title a (canonical) book-title name is closest to by difflib's ratio, and the ratio;
    (None, 0.0) for an official title itself or a name no title is within reach of.  A pure function of the
    name: the same names recur in every report."""
    if name in _CANON:
        return None, 0.0
    best, ratio = None, 0.0
    for c, original in _CANON.items():
        top = lcs_similarity(name, c)  # the common subsequence's ratio: ≥ difflib's
        if top < 0.8 or top <= ratio:
            continue  # cannot be the name it misspells
        r = difflib.SequenceMatcher(None, name, c).ratio()
        if r > ratio:
            best, ratio = original, r
    return best, ratio


@rule(code="F06", severity="warning", title="格式文件、收费文件名称写错", source="国办公开办函〔2021〕30号；国办函〔2020〕109号；common-errors.md E12",
      formula="《…》书名 ≈ 官方名称 → 必须完全一致")
def misspelled_document_names(report: AnnualReport, ctx):
    """
    作用：
    在全文中查找与官方名称相近但不完全相同的书名号内名称，例如《中华人民共和国政府信息年度报告格式》（漏了“公开工作”），以及“息公开处理费”之类把“信息处理费”写错的情况。
    官方名称：《中华人民共和国政府信息公开条例》《中华人民共和国政府信息公开工作年度报告格式》《政府信息公开信息处理费管理办法》及其印发通知。

    为什么：
    引用文件名称写错属于文字不严谨，上级要求年报“文字严谨”。

    示例：
    “本年度没有产生息公开处理费”：报“警告”，应为“信息处理费”。
    """
    for s in _sentences_saying(report, _BOOK_OR_FEE):
        if "《" not in s.text and "公开处理费" not in s.text:  # (nothing either pattern could match)
            continue
        where = f"正文第{s.section}部分" if s.section else "标题或导语"
        for m in _BOOK.finditer(s.text):
            best, ratio = _title_verdict(m.group(1))
            if best and ratio >= 0.8:
                yield Finding("F06", "warning", f"{where}引用的《{m.group(1)}》与官方名称《{best}》不一致。",
                              [PassageEvidence(s.section, s.text, s.location)], f"请改为《{best}》。")
        for m in (_FEE_TYPO().finditer(s.text) if "公开处理费" in s.text else ()):
            yield Finding("F06", "warning", f"{where}写“{m.group(0)}”，费用名称应为“信息处理费”（全称“政府信息公开信息处理费”）。",
                          [PassageEvidence(s.section, s.text, s.location)], "请改为“信息处理费”。")

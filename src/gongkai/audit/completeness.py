"""Completeness rules (C-codes): sections, tables, rows and cells the report must have.

The auditor never invents a number: a table the document lacks is reported as missing,
and its cells stay out of every arithmetic rule.
"""

from __future__ import annotations

from ..report import FORMULA_NOT_COMPUTED, MISSING, SECTION_NUMBERS, AnnualReport, Location
from ._util import cell_evidence, cells_by_kind, fmt_value, per_audit, place, short_label
from .arithmetic import _instances, _places, blank_relations
from .findings import Finding, PassageEvidence
from .narrative import SUBJECT_CN, report_review_statements
from .reading import certain_no_fit
from .registry import rule

MANY_ROWS = 3  # more rows than this with the same defect → one finding for the table


def _cells_by_row(report: AnnualReport, table, kinds):
    """{row: [(column, cell)]} for the cells of ``kinds`` in a found table (document order).  Callers must
    not change it (one kind: grouped once per audit for all kinds, see :func:`_cells_by_kind`)."""
    if len(kinds) == 1 and "number" not in kinds:
        return _cells_by_kind(report, table).get(next(iter(kinds)), {})
    out = {}
    for row in table.rows:
        for col in table.columns_of(row):
            cell = report.cells.get((table.number, row.id, col.id))
            if not row.printed and (cell is None or cell.kind == MISSING):
                continue
            if cell is None:
                continue
            if cell.kind in kinds:
                out.setdefault(row, []).append((col, cell))
    return out


def _cells_by_kind(report: AnnualReport, table):
    """{kind: {row: [(column, cell)]}}: :func:`_cells_by_row` for every kind but "number", in one pass once per
    audit (:func:`~._util.cells_by_kind`)."""
    return cells_by_kind(report, table)


def _found_tables(report: AnnualReport):
    for table in report.format.tables:
        if table.number in report.tables_found:
            yield table


@rule(code="C01", severity="error", title="缺少正文部分", source="《条例》第五十条；年报格式六个部分",
      formula="一、总体情况 … 六、其他需要报告的事项 均应出现")
def missing_section(report: AnnualReport, ctx):
    """
    作用：
    检查年报是否包含格式规定的六个部分（一、总体情况 至 六、其他需要报告的事项）。第二、三、四部分如果找到了表格，即视为存在。

    为什么：
    年报内容要严格按照《条例》第五十条确定，“不能遗漏”（国办公开办函〔2021〕30号）。缺少某一部分属于内容不全。

    示例：
    全文没有“五、存在的主要问题及改进情况”：报“错误”。
    """
    for number in SECTION_NUMBERS:
        if number in report.sections:
            continue
        if number in ("二", "三", "四") and number in report.tables_found:
            continue
        title = report.format.section(number).title
        yield Finding("C01", "error", f"年报中没有找到第{number}部分“{title}”。",
                      [PassageEvidence(number, "", Location(report.source))],
                      f"请按格式补上“{title}”部分；若已写但标题不同，请把标题改为“{title}”。")


@rule(code="C02", severity="error", title="缺少统计表", source="年报格式第二、三、四部分的表格",
      formula="表二、表三、表四 均应出现")
def missing_table(report: AnnualReport, ctx):
    """
    作用：
    检查表二（主动公开）、表三（收到和处理政府信息公开申请）、表四（行政复议、行政诉讼）是否都在文件中。没有找到的表格不会被补上任何数字，也不参与勾稽关系核对。

    为什么：
    三张表是格式规定的统计内容；缺表使年报“不全面”。

    示例：
    文件只有文字、没有表三：报“错误”，说明表三不在文件中。
    """
    for table in report.format.tables:
        if table.number not in report.tables_found:
            yield Finding("C02", "error",
                          f"文件中没有找到表{table.number}（“{table.title}”部分的统计表），无法核对该表数字。",
                          [PassageEvidence(table.number, "", Location(report.source))],
                          f"请按格式补上表{table.number}；若表格以图片形式插入，请改为可复制的文字表格。")


@rule(code="C03", severity="error", title="表格缺少行或单元格", source="年报格式表二、表三、表四（E05）",
      formula="格式规定的每一行、每一列都应出现")
def missing_cells(report: AnnualReport, ctx):
    """
    作用：
    在已找到的表格中，检查格式规定的行和列是否都在。整行缺失时报一条；一行中缺少部分列时列出缺少的列。
    文件只印了（三）至（六）某组的小计而没有印小项时，由读取提示 P06 报告，这里不重复。

    为什么：
    删改表格的行列会使数字无法与格式对照，也说明使用了非标准模板。

    表中另有未能对应到行的数字（P03/P07），或文件中有被转换工具截断的汉字（P15）时，整行读不到只报“警告”：
    这一行可能就在其中。

    示例：
    表三没有“（六）其他处理 3.其他”这一行：报“错误”。
    """
    for table in _found_tables(report):
        by_row = _cells_by_row(report, table, {MISSING})
        findings = []
        unplaced = _unplaced_rows(report, table)
        cut = any(n.code == "P15" for n in report.notes)
        for row, items in by_row.items():
            if not row.printed:
                continue
            if row.group and _group_printed_instead(report, table, row):
                continue
            cols = table.columns_of(row)
            evidence = [cell_evidence(table, row, c, cell) for c, cell in items]
            if len(items) == len(cols) and unplaced:
                # numbers of the table stand unplaced (P03/P07): the row may well be printed among them
                findings.append(Finding("C03", "warning",
                                        f"表{table.number}未能读到「{short_label(row.label or '数据')}」行：表中另有 "
                                        f"{unplaced} 行数字未能对应到格式的行（见 P03/P07），可能就是这一行。",
                                        evidence, "请对照原件核对这一行；若确实缺少，请按格式补齐，没有发生的填 0。"))
            elif len(items) == len(cols) and cut:
                # a converter cut characters of this file (P15): a row whose label lost its characters is not
                # known to be this one or another — the row may well be printed
                findings.append(Finding("C03", "warning",
                                        f"表{table.number}未能读到「{short_label(row.label or '数据')}」行：文件中有被转换"
                                        "工具截断的汉字（见 P15），截断了行标签的行无法确定是哪一行，可能就是这一行。",
                                        evidence, "请对照原件核对这一行，或审核原始的 HTML/Word 文件。"))
            elif len(items) == len(cols):
                label = row.label or "数据"
                findings.append(Finding("C03", "error", f"表{table.number}缺少「{short_label(label)}」行。",
                                        evidence, "请按格式补齐该行，没有发生的填 0。"))
            elif unplaced:
                # part of a row read, numbers of the table unplaced (scattered by an unruled print): its other
                # cells may be among them
                names = "、".join(c.display for c, _ in items)
                findings.append(Finding("C03", "warning",
                                        f"{place(table, row)}未能读到以下列：{names}；表中另有 {unplaced} 行数字"
                                        f"未能对应到格式的行（见 P03/P07），可能就是这些格。", evidence,
                                        "请对照原件核对这些格；若确实缺少，请按格式补齐，没有发生的填 0。"))
            else:
                names = "、".join(c.display for c, _ in items)
                findings.append(Finding("C03", "error", f"{place(table, row)}缺少以下列：{names}。", evidence,
                                        "请按格式补齐这些列，没有发生的填 0。"))
        if len(findings) > MANY_ROWS * 2:
            yield Finding("C03", "error" if any(f.severity == "error" for f in findings) else "warning",
                          f"表{table.number}有 {len(findings)} 行缺失或不完整，表格与格式差别很大。",
                          [e for f in findings for e in f.evidence],
                          f"请使用国家规定的年报格式重新制作表{table.number}。")
        else:
            yield from findings


def _unplaced_rows(report: AnnualReport, table) -> int:
    """How many rows of numbers the reader found in the table without placing them (P03, P07)."""
    return sum(1 for n in report.notes if n.code in ("P03", "P07") and n.data.get("table") == table.number
               and any(str(v).strip() for v in n.data.get("values") or ()))


def _group_printed_instead(report: AnnualReport, table, leaf_row) -> bool:
    for row in table.rows:
        if not row.printed and leaf_row.id in row.sum_of:
            return any(report.cells.get((table.number, row.id, c.id)) is not None
                       and report.cells[(table.number, row.id, c.id)].kind != MISSING for c in table.columns_of(row))
    return False


def _per_row(report, code, severity, kinds, what, hint):
    """One finding per row of cells of ``kinds`` (one per table when more than MANY_ROWS rows have them);
    ``what`` names them, a text or a function of the cells named."""
    def named(cells) -> str:
        return what if isinstance(what, str) else what(cells)

    for table in _found_tables(report):
        by_row = _cells_by_row(report, table, kinds)
        if not by_row:
            continue
        if len(by_row) > MANY_ROWS:
            evidence = [cell_evidence(table, row, c, cell) for row, items in by_row.items() for c, cell in items]
            rows = "、".join(f"「{short_label(r.label)}」" for r in list(by_row)[:3])
            cells = [cell for items in by_row.values() for _, cell in items]
            yield Finding(code, severity,
                          f"表{table.number}共有 {len(evidence)} 个{named(cells)}，分布在 {len(by_row)} 行（如{rows}等）。",
                          evidence, hint)
            continue
        for row, items in by_row.items():
            names = "、".join(c.display for c, _ in items)
            where = place(table, row) if row.label else f"表{table.number}"
            yield Finding(code, severity, f"{where}以下列为{named([cell for _, cell in items])}：{names}。",
                          [cell_evidence(table, row, c, cell) for c, cell in items], hint)


@rule(code="C04", severity="warning", title="应填数字的单元格为空白", source="年报格式；空白不是 0（不能据以核对勾稽关系）",
      formula="每个单元格都应印出数字，没有发生的填 0")
def blank_cells(report: AnnualReport, ctx):
    """
    作用：
    找出表格中应填数字却空着的单元格，每行报一条并列出空白的列；同一张表空白行较多时合并为一条。
    空白是未知数，不按 0 计算：含空白的勾稽关系“无法核对”，这里逐条说明；只有一个空白时，给出其他单元格推算出的数。
    “/”“—”也不是 0（见 C06）。

    为什么：
    空白和 0 是两回事：空白可能是漏填，也可能是作者想填 0。格式要求填写数字，没有发生的应填 0。把空白当 0 去核对，可能把漏填说成算错，也可能把算错掩盖过去。

    示例：
    表四“行政复议”五列都是空白：报“警告”，说明这一组全部空白、多半本应填 0（正文若称“未发生行政复议”，一并引用），“行政复议：总计=结果维持+结果纠正+其他结果+尚未审结”无法核对，请填写 0 或实际数字。
    表三“（一）予以公开”行总计列空白，自然人 2、商业企业 1：报“警告”，说明该行“总计=各类申请人之和”无法核对，按其他单元格推算应为 3。
    """
    for f in _per_row(report, "C04", "warning", {"blank"}, "空白单元格", "请填写数字；没有发生的填 0，不要留空。"):
        notes = _whole_blank(report, f.evidence) + _blank_relation_notes(report, f.evidence)
        if notes:
            f = Finding(f.code, f.severity, f.message + notes, f.evidence, f.hint)
        yield f


def _whole_blank(report: AnnualReport, evidence) -> str:
    """"整行（整组）都是空白…" when a whole printed row, or a whole group of table 四, is blank: most
    likely the author meant 0 (and says so in the text, which is quoted when found)."""
    blank = {(e.table, e.row, e.column) for e in evidence}
    said = []
    for row_label, name, cells in _groups_of_cells(report.format):
        if all(c in blank for c in cells):
            said.append(f"「{name}」一组" if name else f"「{short_label(row_label)}」整行")
    if not said:
        return ""
    text = f"{'、'.join(said[:3])}{'等' if len(said) > 3 else ''}全部空白，多半是本年度没有发生、本应填 0。"
    zero = _text_says_zero(report, said)
    return text + (f"正文也称“{zero}”。" if zero else "")


_COLUMN_GROUPS: dict = {}
_GROUPS_OF_CELLS: dict = {}


def _groups_of_cells(fmt) -> list:
    """(row label, group name, its cells as evidence names them) of every group of two or more columns of every
    printed row of the format's tables, in order; made once per format."""
    hit = _GROUPS_OF_CELLS.get(id(fmt))
    if hit is None or hit[0] is not fmt:
        groups = [(row.label, name, tuple((table.number, row.label, c.display) for c in members))
                  for table in fmt.tables for row in table.printed_rows
                  for name, members in _column_groups(table, row) if len(members) >= 2]
        hit = _GROUPS_OF_CELLS[id(fmt)] = (fmt, groups)  # (keeps the id unique)
    return hit[1]


def _column_groups(table, row) -> list:
    """(group name, its columns) of a row's columns, by the header above them ("" for ungrouped columns); made
    once per format row."""
    key = (id(table), id(row))
    hit = _COLUMN_GROUPS.get(key)
    if hit is None:
        groups = {}
        for c in table.columns_of(row):
            groups.setdefault(c.display.rsplit("/", 1)[0] if "/" in c.display else "", []).append(c)
        hit = _COLUMN_GROUPS[key] = (table, row, list(groups.items()))  # (keeps the ids unique)
    return hit[2]


def _text_says_zero(report: AnnualReport, groups) -> str:
    """A sentence saying there were no reviews/lawsuits, when a blank group is 行政复议 or 行政诉讼."""

    wanted = {subject for subject, name in SUBJECT_CN.items() for g in groups if name in g}
    if not wanted:
        return ""
    for subject, result, value, s in report_review_statements(report):
        if subject in wanted and result == "total" and value == 0:
            return s.text
    return ""


def _blank_relation_notes(report: AnnualReport, evidence) -> str:
    """"以下勾稽关系因空白无法核对：…（按其他单元格推算应为 N）" for the relations these blank cells touch."""

    keys = {(e.table, e.row, e.column) for e in evidence}
    tables = {e.table for e in evidence}
    said = []
    for table in report.format.tables:
        if table.number not in tables:
            continue
        # (the same for every row of blank cells: listed once per audit)
        for where, rel, blanks, implied in per_audit("blank_relations", report, table.number,
                                                     lambda t=table: list(blank_relations(report, t))):
            if not any(b in keys for b in blanks):  # (each blank as (table, row label, column))
                continue
            text = f"{where}“{rel.name}”"
            if implied is not None:
                _, row, column = blanks[0]
                name = f"「{short_label(row)}」「{column}」" if row and column else f"「{row or column}」"
                text += f"（按其他单元格推算，空白的{name}应为 {fmt_value(implied)}）"
            said.append(text)
    if not said:
        return ""
    more = f"等 {len(said)} 处" if len(said) > 4 else ""
    return f"空白不按 0 计算，以下勾稽关系因此无法核对：{'；'.join(said[:4])}{more}。"


@rule(code="C05", severity="error", title="单元格内容无法识别为数字", source="年报格式（各表均为数字）",
      formula="单元格内容 ∈ 数字")
def unreadable_cells(report: AnnualReport, ctx):
    """
    作用：
    找出表格中内容不是数字的单元格，并原样引用其内容。

    为什么：
    表格只能填数字；文字或乱码使该格无法统计，也无法核对勾稽关系。

    示例：
    表三“（一）予以公开”行总计列印为“约3”：报“错误”。
    """
    # the lines where a converter cut characters (P15): what its cells hold there is the converter's, not printed
    broken = {x for n in report.notes if n.code == "P15" for x in n.data.get("lines") or ()}
    for table in _found_tables(report):
        for row, items in _cells_by_row(report, table, {"unreadable"}).items():
            for col, cell in items:
                if cell.raw == FORMULA_NOT_COMPUTED:
                    continue  # a formula saved without its result: the reading note P13 says so
                if "\ufffd" in (cell.raw or "") or cell.location.line in broken:
                    continue  # a character cut by a byte-oriented converter, not printed so: the note P15 says so
                yield Finding("C05", "error", f"{place(table, row, col)}的内容“{cell.raw}”不是数字。",
                              [cell_evidence(table, row, col, cell)], "请改为阿拉伯数字；没有发生的填 0。")


@rule(code="C06", severity="warning", title="件数单元格填了“/”“—”等不适用符号",
      source="年报格式（件数栏应填数字）", formula="件数单元格 ∉ {/, —, -, 无}")
def not_applicable_cells(report: AnnualReport, ctx):
    """
    作用：
    找出填了“/”“—”“无”等符号的单元格，每行报一条。

    为什么：
    格式中的每一格都是件数或金额，没有“不适用”的格；没有发生的应填 0。“/”不是 0：含这些单元格的勾稽关系不作核对，也不据以报“错误”。

    示例：
    表二“规章”三列都填“/”：报“警告”，请改填 0。
    """
    def marks(cells) -> str:  # the marks as printed: “/”, “—”, “无” …
        printed = list(dict.fromkeys((c.raw or "").strip() for c in cells if (c.raw or "").strip()))
        return ("不适用符号" + "".join(f"“{m}”" for m in printed[:4]) + ("等" if len(printed) > 4 else "")
                if printed else "“/”“—”等符号")

    for f in _per_row(report, "C06", "warning", {"not_applicable"}, marks, "请改填数字；没有发生的填 0。"):
        yield Finding(f.code, f.severity, f.message + "这些符号不是 0，含这些单元格的勾稽关系没有核对。", f.evidence, f.hint)


@rule(code="C07", severity="warning", title="连在一起的数字无法确定拆分", source="读取结果（单元格类型 ambiguous）",
      formula="—")
def ambiguous_cells(report: AnnualReport, ctx):
    """
    作用：
    网页复制的文字版常把一行数字连在一起（如“640020470”）。无法唯一拆分时，读取程序把这些格标为“不确定”；若读取时已有 P01 提示说明同一行，这里不重复。

    为什么：
    不确定的数字不能用来核对，只能由人对照原件确认。

    示例：
    表四一行印为“10203120001200000”，有多种拆分：报“警告”。
    """
    noted = {(n.data.get("table"), label) for n in report.notes if n.code in ("P01", "P02")
             for label in n.data.get("row_labels") or [n.data.get("row_label")]}
    for table in _found_tables(report):
        for row, items in _cells_by_row(report, table, {"ambiguous"}).items():
            if (table.number, row.label) in noted:
                continue
            names = "、".join(c.display for c, _ in items)
            where = place(table, row) if row.label else f"表{table.number}"
            yield Finding("C07", "warning", f"{where}以下列的数字无法确定：{names}（原文“{items[0][1].raw}”）。",
                          [cell_evidence(table, row, c, cell) for c, cell in items],
                          "请对照原件（PDF 或 Word 版）确认这些数字。")


REQUIRED_TABLES = ("三", "四")  # the tables whose relations an audit must check


@rule(code="C08", severity="error", title="表三或表四未能读取，未做勾稽核对",
      source="年报格式第三、四部分的表格及其勾稽关系（国办公开办函〔2021〕30号）",
      formula="表三、表四的每一条勾稽关系都因单元格无法识别、无法拆分或缺失而无法核对 → 错误")
def required_table_unread(report: AnnualReport, ctx):
    """
    作用：
    找到了表三或表四，但它的单元格无法识别、连写数字无法拆分、或整行缺失，以致这张表的勾稽关系一条也没能核对（表三：一+二=三（七）+四、总计列=各类申请人之和、（七）总计=各项之和；表四：三组“总计=四项结果之和”）。
    这时审核不能得出“没有问题”的结论，报“错误”，退出码为 1。整张表没有找到时报 C02，找到表头却读不出任何数字时报 P08，这里不重复。
    单元格空白不算“未能读取”：空白由 C04 报告，并说明哪条关系因此无法核对。
    未读取的单元格全都是连写数字、且有多种读法都符合勾稽关系（含空白单元格的读法，连写的数字显示不出空白；P01 列出）时，报告本身很可能没有错，报“警告”。
    未读取的单元格全都是转换工具按字节截断了汉字的格（P15 列出所在的行）时，也是文件的问题而不是报告的错，报“警告”。
    未核对的单元格全都填了“/”“—”等不适用符号（报告印出的事实，不是读取失败；C06 逐行列出）时，说明这些关系因“/”无法核对，报“警告”。
    连写数字的拆分方法太多无法逐一核对，或一格一行、先印全部行标签再印全部数字（不带 -layout 的 pdftotext 转出的文字）而数字的顺序（按行还是按列）或空白的位置无法确定、未予采用（P01 说明）时，同样是读取的问题而不是报告的错，也报“警告”。只有连写数字无论怎样拆分都不符合勾稽关系（P10）、内容不是数字或整行缺失时，才报“错误”。

    为什么：
    表三、表四是年报必须有的统计表，勾稽关系是审核的核心；一条也没核对时若只报“警告”，脚本会把这份报告当作“通过”。

    示例：
    表三“一、本年新收”“（七）总计”等行都是连在一起、无法唯一拆分的数字，每条勾稽关系都缺数：报“错误”，“表三未能读取，未做勾稽核对”。
    表四印为“21317000001324019”，2/1/3/1/7 | 0… | 13/2/4/0/19 与 21/3/1/7/（空白）| 0… | 13/2/4/0/19 都符合：报“警告”。
    """

    p08 = {_note_table(report, n) for n in report.notes if n.code == "P08"}
    for table in _found_tables(report):
        if table.number not in REQUIRED_TABLES or table.number in p08:
            continue
        if any(type(p) is tuple for rel in table.relations for p in _places(report, table, rel)):
            continue  # a place whose every cell is a number: a relation checked
        instances = [inst for rel in table.relations for inst in _instances(report, table, rel)]
        unread = sum(1 for inst in instances if inst.unknown)
        if unread < len(instances) or not unread:
            continue  # a relation checked, or none unread
        evidence = []  # (the terms are made only here: a finding names the unread cells)
        for inst in instances:
            for t in inst.lhs + inst.rhs:
                for e in t.unknown:
                    if e not in evidence:
                        evidence.append(e)
        kinds = _unread_kinds(report, table)
        # a reading problem of the file rather than a mistake of the report — a warning: every unread cell holds a
        # character a converter cut (P15 names the lines), or is glued digits that several readings fit (P01)
        reason = next((r for r in _C08_FILE_REASONS if r[0](report, table)), None)
        if reason:
            _, cause, hint = reason
            yield Finding("C08", "warning",
                          f"表{table.number}未做勾稽核对：{kinds}（{cause(report, table)}），"
                          f"{unread} 处勾稽关系全部无法核对，不能据此认为表{table.number}没有问题。",
                          evidence[:30], hint.format(table=table.number))
            continue
        yield Finding("C08", "error",
                      f"表{table.number}未能读取，未做勾稽核对：{kinds}，{unread} 处勾稽关系全部无法核对，"
                      f"不能据此认为表{table.number}没有问题。",
                      evidence[:30],
                      f"请对照原件（PDF 或 Word 版）核实表{table.number}的每一格，或提供可复制的表格文字后重新审核。")


_CAUSES = {"unplaced": "表格没有画出单元格，数字比格数少，无法从版面确定各数字所在的列",
           "order_unknown": "一格一行、先印行标签后印数字，数字的顺序或空白的位置无法确定",
           "partial": "一格一行的数字比格数少，无法确定哪几格空白",
           "too_many": "连写的数字拆分方法太多，无法逐一核对",
           "several": "连写的数字有多种读法都符合勾稽关系"}


def _readings_cause(report, table) -> str:
    """Why the unread cells of ``table`` could not be read, as its P01 notes say."""
    said = []
    for n in report.notes:
        if n.code != "P01" or _note_table(report, n) != table.number:
            continue
        d = n.data
        cause = _CAUSES["unplaced" if d.get("unplaced") else "order_unknown" if d.get("order_unknown") else
                        "partial" if d.get("partial") else
                        "too_many" if d.get("too_many") or d.get("blank_too_many") else "several"]
        if cause not in said:
            said.append(cause)
    return "；".join(said) or _CAUSES["several"]


def _every_unread_cell(report, table, fits) -> bool:
    """Whether ``table`` has an unread cell (of a kind ``_KIND_CN`` names; a missing cell of a row the format does
    not print does not count) and ``fits(row, cell)`` holds for every one."""
    unread = False
    for row in table.rows:
        for col in table.columns_of(row):
            cell = report.cells.get((table.number, row.id, col.id))
            if cell is None or (not row.printed and cell.kind == MISSING) or cell.kind not in _KIND_CN:
                continue
            if not fits(row, cell):
                return False
            unread = True
    return unread


def _only_several_readings(report, table) -> bool:
    """Every unread cell of ``table`` is one the reader left unread because it could not tell the reading
    (a P01 note: glued digits that several readings fit or too many to search, cells printed one a line in
    an order or with blanks that cannot be told), not cells that are missing, unreadable or digits that no
    reading fits (P10)."""
    notes = {label for n in report.notes if n.code == "P01" and _note_table(report, n) == table.number
             and not certain_no_fit(n.data)
             for label in n.data.get("row_labels") or [n.data.get("row_label")]}
    return _every_unread_cell(report, table, lambda row, cell: cell.kind == "ambiguous" and row.label in notes)


def _only_cut_characters(report, table) -> bool:
    """Every unread cell of ``table`` is unreadable on a line where a converter cut characters (P15)."""
    broken = {x for n in report.notes if n.code == "P15" for x in n.data.get("lines") or ()}
    if not broken:
        return False
    return _every_unread_cell(report, table, lambda row, cell: cell.kind == "unreadable" and (
        "\ufffd" in (cell.raw or "") or cell.location.line in broken))


def _only_not_applicable(report, table) -> bool:
    """Every unread cell of ``table`` holds "/" "—" or the like: a fact the report prints (C06 names the rows), not a
    cell the reader lost — the relations are left unchecked, which is said as a warning, never "未能读取"."""
    return _every_unread_cell(report, table, lambda row, cell: cell.kind == "not_applicable")


_C08_FILE_REASONS = (  # (predicate, cause, hint) of a C08 that is a warning; the first that holds
    (_only_not_applicable, lambda report, table: "“/”是报告填写的不适用符号，不是读取失败，也不是 0，见 C06",
     "请核实表{table}填“/”的单元格；没有发生的应填 0，填 0 后勾稽关系才能核对。"),
    (_only_cut_characters, lambda report, table: "转换工具按字节截断了这些单元格中的汉字，见 P15",
     "请对照原件（HTML、PDF 或 Word 版）核实表{table}的每一格，或用按字符计宽的工具重新转换后审核。"),
    (_only_several_readings, lambda report, table: f"{_readings_cause(report, table)}，见 P01",
     "请对照原件（PDF 或 Word 版）核实表{table}的每一格，或提供可复制的表格文字后重新审核。"),
)


def _note_table(report, note) -> str:
    key = str(note.data.get("table") or "")
    try:
        return report.format.table(key).number
    except KeyError:
        return key


_KIND_CN = {"ambiguous": "连写数字无法确定拆分", "unreadable": "内容无法识别为数字", MISSING: "缺失",
            "not_applicable": "填了“/”等符号"}


def _unread_kinds(report, table) -> str:
    counts = {}
    for row in table.rows:
        for col in table.columns_of(row):
            cell = report.cells.get((table.number, row.id, col.id))
            if cell is None or (not row.printed and cell.kind == MISSING):
                continue
            if cell.kind in _KIND_CN:
                counts[cell.kind] = counts.get(cell.kind, 0) + 1
    return "、".join(f"{n} 个单元格{_KIND_CN[k]}" for k, n in counts.items()) or "单元格无法识别"

"""国办公开办函〔2021〕30号: 《中华人民共和国政府信息公开工作年度报告格式》.

Row by row as in ``shared/spec/annual-report-format-2021.md`` §2–§8; English ids from
``shared/spec/glossary.md``.  Each relation carries its rule code (R301 …), the spec's name for it
(``spec_id``: R3-1 …, so a finding can be traced to the clause it rests on) and its documentation.
"""

from __future__ import annotations

from .model import Column, Format, Part, Relation, Row, Section, Table

SECTIONS = (
    Section("一", "一、总体情况", "overview"),
    Section("二", "二、主动公开政府信息情况", "proactive_disclosure"),
    Section("三", "三、收到和处理政府信息公开申请情况", "requests"),
    Section("四", "四、政府信息公开行政复议、行政诉讼情况", "reviews_and_lawsuits",
            aliases=("四、因政府信息公开申请行政复议、提起行政诉讼的情况",)),
    Section("五", "五、存在的主要问题及改进情况", "problems_and_improvements",
            aliases=("五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况"),
            cues=("主要问题", "存在的问题", "存在问题", "改进情况")),
    Section("六", "六、其他需要报告的事项", "other_matters", cues=("其他需要报告",)),
)

# ---------------------------------------------------------------- table 二
PROACTIVE_COLUMNS = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
    Column("decisions", "本年处理决定数量"),
    Column("amount_10k_yuan", "本年收费金额（单位：万元）", unit="万元"),
)
B1, B5, B6, B8 = "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"
PROACTIVE_ROWS = (
    Row("rules", "规章", block=B1, columns=("issued", "repealed", "in_force")),
    Row("normative_documents", "行政规范性文件", block=B1, columns=("issued", "repealed", "in_force")),
    Row("licensing", "行政许可", block=B5, columns=("decisions",)),
    Row("penalty", "行政处罚", block=B6, columns=("decisions",)),
    Row("coercion", "行政强制", block=B6, columns=("decisions",)),
    Row("administrative_fees", "行政事业性收费", block=B8, columns=("amount_10k_yuan",), unit="万元"),
)
#: where table 二 is when its heading is missing: its blocks' captions all start so
ARTICLE_20 = "第二十条"
TABLE_2 = Table(
    id="proactive", number="二", title="二、主动公开政府信息情况",
    rows=PROACTIVE_ROWS, columns=PROACTIVE_COLUMNS, anchors=(ARTICLE_20,), label_header="信息内容",
)

# ---------------------------------------------------------------- table 三
APPLICANT_COLUMNS = (
    "natural_person", "commercial_enterprise", "research_institution",
    "public_interest_org", "legal_service_provider", "other_org",
)
LEGAL_PERSONS = "法人或其他组织"
REQUEST_COLUMNS = (
    Column("natural_person", "自然人", groups=("申请人情况",)),
    Column("commercial_enterprise", "商业企业", groups=("申请人情况", LEGAL_PERSONS)),
    Column("research_institution", "科研机构", groups=("申请人情况", LEGAL_PERSONS)),
    Column("public_interest_org", "社会公益组织", groups=("申请人情况", LEGAL_PERSONS)),
    Column("legal_service_provider", "法律服务机构", groups=("申请人情况", LEGAL_PERSONS)),
    Column("other_org", "其他", groups=("申请人情况", LEGAL_PERSONS)),
    Column("total", "总计", groups=("申请人情况",), sum_of=APPLICANT_COLUMNS),
)

DISPOSITIONS = "三、本年度办理结果"
G_WITHHELD, G_UNAVAILABLE, G_NOT_PROCESSED, G_OTHER = (
    "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")

WITHHELD = (
    ("withheld_state_secret", "1.属于国家秘密"),
    ("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("withheld_security_stability", "3.危及“三安全一稳定”"),
    ("withheld_third_party_rights", "4.保护第三方合法权益"),
    ("withheld_internal_affairs", "5.属于三类内部事务信息"),
    ("withheld_process_information", "6.属于四类过程性信息"),
    ("withheld_enforcement_file", "7.属于行政执法案卷"),
    ("withheld_administrative_query", "8.属于行政查询事项"),
)
UNAVAILABLE = (
    ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear_after_correction", "3.补正后申请内容仍不明确"),
)
NOT_PROCESSED = (
    ("not_processed_petition_or_complaint", "1.信访举报投诉类申请"),
    ("not_processed_duplicate", "2.重复申请"),
    ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_excessive_repeated", "4.无正当理由大量反复申请"),
    ("not_processed_confirmation_or_reissue", "5.要求行政机关确认或重新出具已获取信息"),
)
OTHER = (
    ("other_correction_not_supplied", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_fee_not_paid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "3.其他"),
)
#: what tables print for the two long labels of （六）: their first clause, without "、行政机关不再处理…"
OTHER_SHORT = {row_id: (label.split("、", 1)[0],) for row_id, label in OTHER[:2]}


def _leaves(items, group):
    return tuple(Row(i, label, group=group, short=OTHER_SHORT.get(i, ())) for i, label in items)


def _group(row_id, label, items, printed=False):
    return Row(row_id, label, group=DISPOSITIONS, sum_of=tuple(i for i, _ in items), printed=printed)


# The four groups are not printed in the official layout (no subtotal cells, §5.2); they
# exist so relations can name them and a document that prints a subtotal loses nothing.
OUTCOME_GROUPS = ("granted", "partially_granted", "withheld", "unavailable", "not_processed", "other_handling")

REQUEST_ROWS_2021 = (
    Row("received", "一、本年新收政府信息公开申请数量"),
    Row("carried_over", "二、上年结转政府信息公开申请数量"),
    Row("granted", "（一）予以公开", group=DISPOSITIONS),
    Row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", group=DISPOSITIONS,
        aliases=("（二）部分公开",)),
    _group("withheld", G_WITHHELD, WITHHELD),
    *_leaves(WITHHELD, G_WITHHELD),
    _group("unavailable", G_UNAVAILABLE, UNAVAILABLE),
    *_leaves(UNAVAILABLE, G_UNAVAILABLE),
    _group("not_processed", G_NOT_PROCESSED, NOT_PROCESSED),
    *_leaves(NOT_PROCESSED, G_NOT_PROCESSED),
    _group("other_handling", G_OTHER, OTHER),
    *_leaves(OTHER, G_OTHER),
    Row("dispositions_total", "（七）总计", group=DISPOSITIONS, sum_of=OUTCOME_GROUPS),
    Row("carried_forward", "四、结转下年度继续办理"),
)

REQUEST_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

REQUEST_RELATIONS = (
    Relation("R301", "一+二=三（七）+四", lhs=("received", "carried_over"),
             rhs=("dispositions_total", "carried_forward"), per="column", spec_id="R3-1",
             source="表头注“第一项加第二项之和，等于第三项加第四项之和”（国办公开办函〔2021〕30号）",
             title="表三：一+二=三（七）+四（逐列）",
             doc="""
        作用：
        对表三的每一列（自然人、五类法人或其他组织、总计）核对：本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理。

        为什么：
        这是格式表头注明的勾稽关系（“第一项加第二项之和，等于第三项加第四项之和”）。不成立说明有申请被漏记、重计或结转数填错。

        空白单元格是未知数，不按 0 计算：只有空白不论填什么不小于 0 的数都不能使关系成立时才报“错误”（R302、R303、R401 至 R403 同）；
        否则这一关系“无法核对”，由 C04 在报告空白时说明，并给出其他单元格推算出的数。

        示例：
        自然人列 新收 5、上年结转 1，（七）总计 4、结转下年度 1：5+1=6，4+1=5，相差 1，报“错误”。
        自然人列 新收 5、上年结转空白，（七）总计 5、结转下年度 1：空白填 1 即成立，不报错误；C04 说明“按其他单元格推算应为 1”。
        （七）总计 3，各项为 2、2 和一个空白：空白填什么都超过 3，报“错误”。
        """),
    Relation("R302", "总计=自然人+五类法人或其他组织", lhs=("total",), rhs=APPLICANT_COLUMNS, per="row",
             spec_id="R3-2", source="“总计”列（DERIVED，格式表头）",
             title="表三：总计列=自然人+五类法人或其他组织（逐行）",
             doc="""
        作用：
        对表三全部 25 行核对：“总计”列等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和。

        为什么：
        “总计”列按表头就是各类申请人之和；不等说明某类申请人漏填或合计算错。格式没有“法人或其他组织”小计列，不能把小计算进总计。

        示例：
        “（一）予以公开”行自然人 3、商业企业 1，其余 0，总计却填 5：3+1≠5，报“错误”。
        """),
    Relation("R303", "（七）总计=（一）至（六）各项之和", lhs=("dispositions_total",), rhs=OUTCOME_GROUPS,
             per="column", spec_id="R3-3", source="“（七）总计”行（DERIVED，格式表）",
             title="表三：（七）总计=（一）至（六）各项之和（逐列）",
             doc="""
        作用：
        对表三每一列核对：“（七）总计”等于（一）予以公开、（二）部分公开、（三）不予公开 1—8、（四）无法提供 1—3、（五）不予处理 1—5、（六）其他处理 1—3 之和。
        格式不印（三）至（六）的小计；文件若印了小计，按所印小计计算，否则按各小项之和计算。

        为什么：
        “（七）总计”是全部办理结果的合计；不等说明某项办理结果漏填、重计（例如区分处理的申请又计入不予公开），或总计算错。

        示例：
        总计列（一）2、（四）1 项 1，其余 0，（七）总计填 4：2+1=3≠4，报“错误”。
        """),
)

#: where table 三 is when its heading is missing: its first row (without its numeral) and its total row
REQUEST_ANCHORS = (REQUEST_ROWS_2021[0].label.split("、", 1)[1],
                   next(r.label for r in REQUEST_ROWS_2021 if r.id == "dispositions_total"))
TABLE_3 = Table(
    id="requests", number="三", title="三、收到和处理政府信息公开申请情况",
    rows=REQUEST_ROWS_2021, columns=REQUEST_COLUMNS, relations=REQUEST_RELATIONS, caption=REQUEST_NOTE,
    anchors=REQUEST_ANCHORS,
)

# ---------------------------------------------------------------- table 四
RESULTS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other_result", "其他结果"),
           ("pending", "尚未审结"), ("total", "总计"))
REVIEW_GROUPS = (
    ("review", ("行政复议",)),
    ("lawsuit_direct", ("行政诉讼", "未经复议直接起诉")),
    ("lawsuit_after_review", ("行政诉讼", "复议后起诉")),
)


#: the register's words for table 四 (the 复议/诉讼 register, casework counting): a group's name and a result's
#: name as they are said of one case ("行政诉讼（复议后起诉）", "结果纠正"), derived from the table above
REVIEW_KIND_LABELS = {gid: path[0] if len(path) == 1 else f"{path[0]}（{path[1]}）" for gid, path in REVIEW_GROUPS}
REVIEW_RESULT_LABELS = dict(RESULTS[:3])  # a decided case's result; 尚未审结 is no result yet


def _review_columns():
    cols = []
    for gid, path in REVIEW_GROUPS:
        parts = tuple(f"{gid}_{rid}" for rid, _ in RESULTS[:4])
        for rid, label in RESULTS:
            cols.append(Column(f"{gid}_{rid}", label, groups=path, qualified=True,
                               sum_of=parts if rid == "total" else ()))
    return tuple(cols)


REVIEW_COLUMNS = _review_columns()
#: table 四's three relations, one per group of REVIEW_GROUPS: (rule code, spec id, title, doc)
REVIEW_RELATION_DOCS = (
    ("R401", "R4-1", "表四：行政复议 总计=结果维持+结果纠正+其他结果+尚未审结", """
        作用：
        核对表四“行政复议”的总计是否等于结果维持、结果纠正、其他结果、尚未审结四项之和。

        为什么：
        每件复议案件只有一种状态；总计不等于四项之和说明有案件漏记或总计算错。

        示例：
        结果维持 10、结果纠正 1、其他结果 0、尚未审结 0，总计却为 0：报“错误”（洪泽区 2023 年报即有此错）。
        """),
    ("R402", "R4-2", "表四：未经复议直接起诉 总计=四项结果之和", """
        作用：
        核对表四“行政诉讼/未经复议直接起诉”的总计是否等于结果维持、结果纠正、其他结果、尚未审结之和。

        为什么：
        同 R401：总计必须是各项结果之和。

        示例：
        结果维持 13、结果纠正 4、其他结果 8、尚未审结 1，总计 26：成立，不报。
        """),
    ("R403", "R4-3", "表四：复议后起诉 总计=四项结果之和", """
        作用：
        核对表四“行政诉讼/复议后起诉”的总计是否等于结果维持、结果纠正、其他结果、尚未审结之和。

        为什么：
        同 R401：总计必须是各项结果之和。

        示例：
        结果维持 5，其余为 0，总计却填 0：报“错误”。
        """),
)
REVIEW_RELATIONS = tuple(
    Relation(code, f"{'/'.join(path)}：总计=结果维持+结果纠正+其他结果+尚未审结",
             lhs=((("cases", f"{gid}_total")),),
             rhs=tuple(("cases", f"{gid}_{rid}") for rid, _ in RESULTS[:4]), per="cell",
             source="“总计”列（DERIVED，格式表四）", spec_id=spec_id, title=title, doc=doc)
    for (code, spec_id, title, doc), (gid, path) in zip(REVIEW_RELATION_DOCS, REVIEW_GROUPS)
)
#: table 四 printed as three five-cell tables, each under a caption naming its group (a caption may print
#: 未经复议直接起诉 in part)
REVIEW_PARTS = tuple(
    Part(path[-1], cues, tuple(f"{gid}_{rid}" for rid, _ in RESULTS))
    for (gid, path), cues in zip(REVIEW_GROUPS, ((REVIEW_GROUPS[0][1][-1],), ("未经复议", "直接起诉"),
                                                 (REVIEW_GROUPS[2][1][-1],)))
)
TABLE_4 = Table(
    id="reviews", number="四", title="四、政府信息公开行政复议、行政诉讼情况",
    rows=(Row("cases", ""),), columns=REVIEW_COLUMNS, relations=REVIEW_RELATIONS,
    anchors=(REVIEW_GROUPS[0][1][0], RESULTS[3][1]), reach=6, parts=REVIEW_PARTS,
)

MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")

FORMAT_2021 = Format(
    id="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    document="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    sections=SECTIONS,
    tables=(TABLE_2, TABLE_3, TABLE_4),
    markers=MARKERS_2021,
)


def short_column_label(column) -> str:
    """A table 二 column's label with its unit said briefly: 「本年收费金额（单位：万元）」 → 「本年收费金额（万元）」."""
    return column.label.replace("（单位：", "（")


#: table 二's 第（一）项 rows (规章, 行政规范性文件), counted from the document register
FIRST_ITEM_ROWS = tuple(r for r in PROACTIVE_ROWS if r.block == B1)
#: table 二's other rows (行政许可 …, 行政事业性收费): one figure each, entered by the office
FIGURE_ROWS = tuple(r for r in PROACTIVE_ROWS if r.block != B1)

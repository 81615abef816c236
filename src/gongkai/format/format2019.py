"""国办公开办函〔2019〕60号: the 2019 trial format (《…年度报告格式（试行）》).

Used for the 2019 and 2020 reports.  Differences from the 2021 format are listed in
``shared/spec/annual-report-format-2021.md`` §11: table 二 has other columns and a
第（九）项 block, and table 三's （六）其他处理 is a single row.
"""

from __future__ import annotations

from .format2021 import (
    ARTICLE_20, DISPOSITIONS, REQUEST_ANCHORS, REQUEST_COLUMNS, REQUEST_NOTE, REQUEST_RELATIONS, REQUEST_ROWS_2021,
    SECTIONS, TABLE_2, TABLE_4,
)
from .model import Column, Format, Row, Table

PROACTIVE_COLUMNS_2019 = (
    Column("new_made", "本年新制作数量"),
    Column("new_published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
    Column("previous_items", "上一年项目数量"),
    Column("change", "本年增/减"),
    Column("decisions", "处理决定数量"),
    Column("procurement_items", "采购项目数量"),
    Column("procurement_amount", "采购总金额", unit="万元"),
)
B1, B5, B6, B8, B9 = ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
                      "第二十条第（九）项")
_ITEMS = ("previous_items", "change", "decisions")
PROACTIVE_ROWS_2019 = (
    Row("rules", "规章", block=B1, columns=("new_made", "new_published", "total_published")),
    Row("normative_documents", "规范性文件", block=B1, columns=("new_made", "new_published", "total_published")),
    Row("licensing", "行政许可", block=B5, columns=_ITEMS),
    Row("other_management_services", "其他对外管理服务事项", block=B5, columns=_ITEMS),
    Row("penalty", "行政处罚", block=B6, columns=_ITEMS),
    Row("coercion", "行政强制", block=B6, columns=_ITEMS),
    Row("administrative_fees", "行政事业性收费", block=B8, columns=("previous_items", "change")),
    Row("procurement", "政府集中采购", block=B9, columns=("procurement_items", "procurement_amount")),
)
TABLE_2_2019 = Table(id="proactive", number="二", title="二、主动公开政府信息情况",
                     rows=PROACTIVE_ROWS_2019, columns=PROACTIVE_COLUMNS_2019, anchors=(ARTICLE_20,),
                     label_header=TABLE_2.label_header)

# 2019: （六）其他处理 is one printed row without sub-items.
_OTHER_LEAVES = {"other_correction_not_supplied", "other_fee_not_paid", "other_other"}
REQUEST_ROWS_2019 = tuple(
    (Row("other_handling", "（六）其他处理", group=DISPOSITIONS) if r.id == "other_handling" else r)
    for r in REQUEST_ROWS_2021 if r.id not in _OTHER_LEAVES
)
TABLE_3_2019 = Table(id="requests", number="三", title="三、收到和处理政府信息公开申请情况",
                     rows=REQUEST_ROWS_2019, columns=REQUEST_COLUMNS, relations=REQUEST_RELATIONS,
                     caption=REQUEST_NOTE, anchors=REQUEST_ANCHORS)

MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                "其他对外管理服务事项", "第二十条第（九）项", "政府集中采购", "采购项目数量", "采购总金额")

FORMAT_2019 = Format(
    id="2019",
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    document="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    sections=SECTIONS,
    tables=(TABLE_2_2019, TABLE_3_2019, TABLE_4),
    markers=MARKERS_2019,
)

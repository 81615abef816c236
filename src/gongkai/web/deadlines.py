"""When an annual report is due (《政府信息公开条例》第四十九条).

- 县级以上人民政府部门: by 31 January, to the 本级政府信息公开工作主管部门 and to the public (第一款);
- a 县级以上地方人民政府's own report, published by its 政府信息公开工作主管部门: by 31 March (第二款);
- 乡镇人民政府/街道: the 条例 sets no date; the usual requirement of the county (the same 1月31日 as its
  departments, so that the county's report can include them) is used and said so.

Agency levels: ``agencies.models.KINDS`` — city/county are governments, department a 部门, township 乡镇/街道.
"""

from __future__ import annotations

import datetime as dt

BASIS = {
    "department": "条例第四十九条第一款：县级以上人民政府部门应当在每年1月31日前提交并向社会公布上一年度年度报告",
    "government": "条例第四十九条第二款：县级以上地方人民政府应当在每年3月31日前向社会公布本级政府上一年度年度报告",
    "township": "乡镇人民政府、街道办事处：条例第四十九条未规定期限，按县级通常要求于1月31日前公布",
}


def publication_due(year: int, agency=None) -> tuple[dt.date, str]:
    """(last day, basis in Chinese) for ``agency``'s report on ``year``; without an agency, a 部门's."""
    kind = getattr(agency, "kind", "department")
    if kind in ("county", "city"):
        return dt.date(year + 1, 3, 31), BASIS["government"]
    if kind == "township":
        return dt.date(year + 1, 1, 31), BASIS["township"]
    return dt.date(year + 1, 1, 31), BASIS["department"]

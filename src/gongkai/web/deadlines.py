"""When an annual report is due (《政府信息公开条例》第四十九条).

The article names two duties and nothing else:

- 第一款: 县级以上人民政府部门 — by 31 January, to the 本级政府信息公开工作主管部门 and to the public;
- 第二款: the 政府信息公开工作主管部门 of a 县级以上地方人民政府 publishes 本级政府's report by 31 March.

A 乡（镇）人民政府 (or 街道办事处) is neither a 县级以上人民政府部门 nor a 县级以上地方人民政府: the 条例 sets no
date for its report (/work/shared/spec/regulations.md, annual-report-format-2021.md: "the 条例 sets no
national date for 乡（镇）人民政府 reports … local notices set their own dates").  So a 乡镇 has no statutory
deadline here — never "overdue" by the 条例 — unless the office sets the date of its local rules in
``GONGKAI_TOWNSHIP_REPORT_DUE`` ("MM-DD" of the following year, e.g. "02-20"; settings or environment), which
is then cited as 本地规定, not as the 条例.

Agency levels: ``agencies.models.KINDS`` — city/county are governments, department a 部门, township 乡镇/街道.
A 部门 placed under a 乡镇 (a 乡镇's 站所 or office) is no 县级以上人民政府部门 either: it follows the 乡镇's rule.

Reports of 2018 and earlier fell under the 2008 条例, whose 第三十一条 gave every 行政机关 (乡镇 included) until
31 March (spec annual-report-format-2021.md, S9: "各行政机关法定报告时限比以往提前了两个月").
"""

from __future__ import annotations

import datetime as dt
import os

from .agencies.models import Agency

BASIS = {
    "department": "条例第四十九条第一款：县级以上人民政府部门应当在每年1月31日前提交并向社会公布上一年度年度报告",
    "government": "条例第四十九条第二款：县级以上地方人民政府应当在每年3月31日前向社会公布本级政府上一年度年度报告",
    "township": "乡镇人民政府、街道办事处：条例第四十九条只规定了县级以上人民政府部门（1月31日）和县级以上地方人民政府"
                "（3月31日）的期限，条例未规定乡镇的期限",
    "township_local": "乡镇人民政府、街道办事处：条例未规定期限，按本地规定于{date}前公布（本平台设置）",
    "before_2019": "2008年施行的条例第三十一条：各级行政机关应当在每年3月31日前公布本行政机关上一年度的政府信息公开工作"
                   "年度报告（2019年修订的条例自2019年5月15日起施行，2018年度及以前的年报按原条例）",
}

#: the last report year under the 2008 条例 (its 第三十一条: every 行政机关 by 31 March); the revised 条例 took
#: effect on 2019-05-15, so the 2019 reports were the first due under its 第四十九条
LAST_YEAR_OF_2008_REGULATIONS = 2018


def township_local_due(year: int) -> dt.date | None:
    """The date an office's local rules set for its 乡镇 (``GONGKAI_TOWNSHIP_REPORT_DUE`` = "MM-DD"), or None."""
    from django.conf import settings
    raw = (getattr(settings, "GONGKAI_TOWNSHIP_REPORT_DUE", "") or os.environ.get("GONGKAI_TOWNSHIP_REPORT_DUE", "")
           ).strip()
    if not raw:
        return None
    try:
        month, day = (int(x) for x in raw.split("-"))
        return dt.date(year + 1, month, day)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured
        raise ImproperlyConfigured(f"设置 GONGKAI_TOWNSHIP_REPORT_DUE 的值“{raw}”不是有效的 月-日（例如 02-20，即次年"
                                   "2 月 20 日；须是实有的日期）") from None


def under_township(agency, agencies: dict | None = None) -> bool:
    """True for a 部门 (站所、办公室 …) below a 乡镇/街道: it is no 县级以上人民政府部门, so 条例第四十九条第一款
    does not reach it; it follows its 乡镇's rule.  ``agencies`` (id → Agency) walks up without queries."""
    seen = set()
    up_id = getattr(agency, "parent_id", None)
    while up_id is not None and up_id not in seen:
        seen.add(up_id)
        up = agencies.get(up_id) if agencies is not None and up_id in agencies else None
        if up is None:
            up = Agency.objects.filter(pk=up_id).only("id", "kind", "parent_id").first()
            if up is None:
                return False
            if agencies is not None:
                agencies[up_id] = up
        if up.kind == "township":
            return True
        if up.kind in ("county", "city"):
            return False
        up_id = up.parent_id
    return False


def publication_due(year: int, agency=None, agencies: dict | None = None) -> tuple[dt.date | None, str]:
    """(last day or None, basis in Chinese) for ``agency``'s report on ``year``; without an agency, a 部门's.
    None: a 乡镇 — or a unit under a 乡镇 (:func:`under_township`) — without a local date: the 条例 sets none.
    ``agencies``: id → Agency of the units at hand, so that a long list asks no query per unit."""
    if year <= LAST_YEAR_OF_2008_REGULATIONS:
        return dt.date(year + 1, 3, 31), BASIS["before_2019"]
    kind = getattr(agency, "kind", "department")
    if kind == "department" and agency is not None and under_township(agency, agencies):
        kind = "township"
    if kind in ("county", "city"):
        return dt.date(year + 1, 3, 31), BASIS["government"]
    if kind == "township":
        local = township_local_due(year)
        if local is None:
            return None, BASIS["township"]
        return local, BASIS["township_local"].format(date=f"{local.month}月{local.day}日")
    return dt.date(year + 1, 1, 31), BASIS["department"]

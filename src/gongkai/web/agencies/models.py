"""Agencies (行政机关) in a hierarchy: 县/区 → 乡镇/街道 and 部门; users belong to one."""

from __future__ import annotations

from django.db import models
from django.db.models.expressions import RawSQL

from ..clock import today
from ..requestmemo import memo

KINDS = {"city": "市", "county": "县/区", "township": "乡镇/街道", "department": "部门"}


def subtree_sql(agency_id: int) -> RawSQL:
    """The ids of an agency and every agency below it, as a subquery (a recursive CTE: PostgreSQL and SQLite),
    so that a province's thousands of units are not sent as thousands of parameters in every query."""
    table = Agency._meta.db_table
    return RawSQL(f'WITH RECURSIVE sub(id) AS (SELECT r."id" FROM "{table}" r WHERE r."id" = %s UNION '
                  f'SELECT a."id" FROM "{table}" a JOIN sub ON a."parent_id" = sub.id) SELECT id FROM sub',
                  (agency_id,))


class AgencyIds(list):
    """A list of agency ids (a user's scope, an agency's subtree) that knows whether it is every agency of the
    platform (``whole``): a query may then leave the agency filter out — the supervisor of the only top-level
    agency would otherwise send all of a province's units as parameters in every query of the worklist."""

    whole: bool = False
    #: the first two top-level agencies (by id) when the list was read from the whole tree, else None
    tops: list[int] | None = None

    def copy(self) -> AgencyIds:
        out = AgencyIds(self)
        out.whole, out.tops = self.whole, self.tops
        return out


def review_body_from_name(name: str, kind: str) -> str:
    """The review body suggested by level from an agency's own name, for first-run setup (no parent yet):
    a township or county department → its county's 人民政府 (「某某县甲镇人民政府」 → 「某某县人民政府」); a county-level
    government → its city's (「某某市某某区人民政府」 → 「某某市人民政府」). Empty when the name does not say."""
    import re
    name = (name or "").strip()
    if kind in ("township", "department"):
        not_county = ("园区", "社区", "景区", "开发区", "校区", "小区", "片区", "库区", "辖区", "城区")
        for m in reversed(list(re.finditer(r"自治县|县|区|旗|市", name))):
            prefix, rest = name[:m.end()], name[m.end():]
            if len(prefix) >= 2 and rest and rest != "人民政府" and not prefix.endswith(not_county):
                return prefix + "人民政府"
    if kind == "county":
        m = re.match(r"^(.+?(?:自治州|市|州|盟|地区))(.+?(?:自治县|县|区|旗|市))人民政府$", name)
        if m:
            return m.group(1) + "人民政府"
    return ""


class Agency(models.Model):
    name = models.CharField("机关名称", max_length=200, unique=True)
    kind = models.CharField("层级", max_length=20, choices=list(KINDS.items()), default="county")
    parent = models.ForeignKey("self", verbose_name="上级机关", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    review_body = models.CharField(
        "行政复议机关", max_length=200, blank=True,
        help_text="写入答复书的救济途径。乡镇（街道）、县级部门：县（区）人民政府；县（区）人民政府：上一级（市）人民政府。"
                  "留空时按层级和上级机关推定。")
    court = models.CharField(
        "行政诉讼管辖法院", max_length=200, blank=True,
        help_text="例如 某某县人民法院；被告为县级以上人民政府的，一般由中级人民法院管辖。留空时答复书写“人民法院”。")
    office_name = models.CharField("政府信息公开工作机构", max_length=200, blank=True,
                                   help_text="例如 某某镇党政办公室")
    contact = models.CharField("联系电话", max_length=200, blank=True)
    address = models.CharField("受理地址", max_length=300, blank=True)
    hours = models.CharField("受理时间", max_length=200, blank=True, help_text="例如 工作日 9:00—12:00，14:00—17:00")
    public_intro = models.TextField("公开指南摘要", blank=True)
    established_on = models.DateField(
        "设立日期", null=True, blank=True,
        help_text="机关设立（成立）的日期。设立于某年度结束之后的机关，不计入该年度的年报发布情况（不算逾期）。"
                  "留空时，从加入本平台的上一年度算起（加入平台当年应当公布的那一份年报），更早的年度不计。")
    added_on = models.DateField(
        "加入平台日期", null=True, blank=True, default=today, editable=False,
        help_text="在本平台中建立该机关的日期（自动记录）。没有设立日期时，年报发布情况从这一日期的上一年度算起。")
    reply_review = models.BooleanField(
        "答复审核", default=False,
        help_text="开启后，依申请公开的答复须经审核人审核通过才能发出：经办人提交审核，审核人审核通过或退回修改（写明理由）。"
                  "审核期间答复期限照常计算。")

    # the names the unit had before (机构改革: 商务局 → 商务和投资促进局), oldest first: a report published under
    # an old name is still matched to it (supervision.matching); kept by AgencyForm when the name changes
    former_names = models.JSONField("曾用名", default=list, blank=True, editable=False)
    # 停用 (撤销、合并): a unit with records is never deleted (agencies/removal.py); from the year it was
    # deactivated on it owes no annual report, takes no new accounts or sub-units; everything it has is kept
    deactivated_on = models.DateField("停用日期", null=True, blank=True, editable=False)
    deactivated_by = models.CharField("停用人", max_length=150, blank=True, editable=False)
    deactivation_reason = models.TextField("停用理由", blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = "机关"

    @property
    def active(self) -> bool:
        return self.deactivated_on is None

    def established_after(self, year: int) -> bool:
        """True when this unit was set up after ``year`` ended (设立日期 later than 31 December): it owes no
        report for that year.  Unknown (no 设立日期): False."""
        return self.established_on is not None and self.established_on.year > year

    def first_report_year(self) -> int | None:
        """The first year whose annual report this unit owes: the year of its 设立日期; without one, the year
        before it was added to the platform — the report that was due in the year it joined (条例第四十九条:
        a year's report is published early the next year), so a platform set up in 2025 still sees who has
        not published for 2024, but no unit is overdue for years before anyone recorded it.  None: unknown
        (a unit from before 加入平台日期 was kept): every year."""
        if self.established_on is not None:
            return self.established_on.year
        if self.added_on is not None:
            return self.added_on.year - 1
        return None

    def owes_report(self, year: int) -> bool:
        """Whether this unit owes a report for ``year`` (:meth:`first_report_year`; none from the year it was
        deactivated on — 撤销、合并 in a year: that year's work is reported by whoever took it over)."""
        if self.deactivated_on is not None and year >= self.deactivated_on.year:
            return False
        first = self.first_report_year()
        return first is None or year >= first

    def not_owed_reason(self, year: int) -> str:
        """Why no report is owed for ``year`` ("" when one is): 该年度尚未设立 or 加入平台前的年度."""
        if self.owes_report(year):
            return ""
        if self.deactivated_on is not None and year >= self.deactivated_on.year:
            return f"该年度已停用（{self.deactivated_on:%Y-%m-%d} 停用：撤销或合并）"
        if self.established_on is not None:
            return "该年度尚未设立"
        return f"该年度不计（{self.added_on.year}年加入平台，未填设立日期）"

    def __str__(self) -> str:
        return self.name

    def subtree_ids(self) -> AgencyIds:
        """This agency's id and every descendant's (breadth first); ``whole`` when that is every agency (this
        one is the only top-level agency); ``tops``: the first two top-level agencies' ids.  Read once per safe
        request (:mod:`gongkai.web.requestmemo`): the scope, the supervision filter and the navigation ask."""
        kept = memo()
        if kept is not None and ("subtree", self.id) in kept:
            return kept[("subtree", self.id)].copy()
        children: dict[int | None, list[int]] = {}
        rows = Agency.objects.values_list("id", "parent_id")
        for aid, pid in rows:
            children.setdefault(pid, []).append(aid)
        out, queue = AgencyIds(), [self.id]
        while queue:
            a = queue.pop(0)
            out.append(a)
            queue.extend(children.get(a, []))
        out.whole = len(out) == len(rows)  # (every agency reached: none in a loop of parents off the tree)
        out.tops = sorted(children.get(None, []))[:2]
        if kept is not None:
            kept[("subtree", self.id)] = out.copy()
        return out

    def subtree(self):
        return Agency.objects.filter(id__in=self.subtree_ids())

    def suggested_review_body(self) -> str:
        """The review body 《行政复议法》(2023) 第二十四条 gives by level: a township's or a county department's is
        the county 人民政府 (its parent, or the parent's county ancestor); a county's is the government above;
        for an agency without a parent, what its name says (:func:`review_body_from_name`)."""
        up = self.parent
        if self.kind in ("township", "department"):
            while up is not None and up.kind not in ("county", "city"):
                up = up.parent
        if up is not None:
            return up.name
        return review_body_from_name(self.name, self.kind)  # a top agency: what its name says

    @property
    def remedy_review_body(self) -> str:
        """The review body a letter names: as entered, else suggested, else 「本级人民政府」 (departments)."""
        return self.review_body or self.suggested_review_body() or "本级人民政府"

    def contact_line(self) -> str:
        """What a letter's 「联系方式：」 line says: 「甲镇党政办公室；地址：…；电话：…；受理时间：…」 (empty when nothing is set)."""
        parts = [self.office_name] + [f"{label}：{value}" for label, value in (
            ("地址", self.address), ("电话", self.contact), ("受理时间", self.hours)) if value]
        return "；".join(p for p in parts if p)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

"""The categories of 主动公开 information: 条例第二十条's fifteen items and 第二十一条's local items.

Article text: 《中华人民共和国政府信息公开条例》(2019年国务院令第711号修订), shared/spec/regulations.md §2;
第二十一条 read in full at LawRefBook/Laws, 行政法规/政府信息公开条例(2019-04-03).md:

    "除本条例第二十条规定的政府信息外，设区的市级、县级人民政府及其部门还应当根据本地方的具体情况，
    主动公开涉及市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息；
    乡(镇)人民政府还应当根据本地方的具体情况，主动公开贯彻落实农业农村政策、农田水利工程建设运营、
    农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等方面的政府信息。"

Each :class:`Category` carries its citation ("第二十条第（一）项"), the same text the annual
report's table 二 captions use (``gongkai.format.format2021.B1`` …), so a register item and a
table 二 block name each other without a mapping table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import PublicationError

#: agency levels that decide which 第二十一条 items apply
LEVELS = {"other": "其他行政机关", "county": "设区的市级、县级人民政府及其部门", "township": "乡（镇）人民政府"}


@dataclass(frozen=True)
class Category:
    """One category: ``id`` (English), ``citation`` (条例 article and item), ``label`` (the article's
    words), ``short`` (a name for lists and the report sentence), ``scope`` ("all" for 第二十条,
    "county" / "township" for 第二十一条)."""

    id: str
    citation: str
    label: str
    short: str
    scope: str = "all"

    @property
    def display(self) -> str:
        return f"{self.citation} {self.short}"


_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")

_ARTICLE_20 = (
    ("rules_and_normative_documents", "行政法规、规章和规范性文件", "规章和规范性文件"),
    ("organisation", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名", "机构职能"),
    ("plans", "国民经济和社会发展规划、专项规划、区域规划及相关政策", "规划及相关政策"),
    ("statistics", "国民经济和社会发展统计信息", "统计信息"),
    ("licensing_and_services", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果", "行政许可和对外管理服务"),
    ("penalty_and_coercion", "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
     "行政处罚和行政强制"),
    ("budgets", "财政预算、决算信息", "财政预决算"),
    ("administrative_fees", "行政事业性收费项目及其依据、标准", "行政事业性收费"),
    ("procurement", "政府集中采购项目的目录、标准及实施情况", "政府集中采购"),
    ("major_projects", "重大建设项目的批准和实施情况", "重大建设项目"),
    ("livelihood_policies", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况", "民生政策措施"),
    ("emergencies", "突发公共事件的应急预案、预警信息及应对情况", "突发公共事件"),
    ("inspections", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况", "监督检查情况"),
    ("civil_service_recruitment", "公务员招考的职位、名额、报考条件等事项以及录用结果", "公务员招考"),
    ("other_mandated", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息", "其他应当主动公开的信息"),
)

_ARTICLE_21_COUNTY = (
    ("municipal_construction", "市政建设"), ("public_services", "公共服务"), ("public_welfare", "公益事业"),
    ("land_expropriation", "土地征收"), ("housing_expropriation", "房屋征收"), ("public_security", "治安管理"),
    ("social_assistance", "社会救助"),
)
_ARTICLE_21_TOWNSHIP = (
    ("agricultural_policy", "贯彻落实农业农村政策"), ("irrigation_works", "农田水利工程建设运营"),
    ("land_contract_transfer", "农村土地承包经营权流转"), ("homestead_review", "宅基地使用情况审核"),
    ("land_expropriation", "土地征收"), ("housing_expropriation", "房屋征收"), ("fundraising_and_labour", "筹资筹劳"),
    ("social_assistance", "社会救助"),
)

ARTICLE_20: tuple[Category, ...] = tuple(
    Category(cid, f"第二十条第（{_NUMERALS[i]}）项", label, short) for i, (cid, label, short) in enumerate(_ARTICLE_20)
)
ARTICLE_21_COUNTY: tuple[Category, ...] = tuple(
    Category(f"county_{cid}", "第二十一条（县级以上）", f"{label}方面的政府信息", label, "county")
    for cid, label in _ARTICLE_21_COUNTY
)
ARTICLE_21_TOWNSHIP: tuple[Category, ...] = tuple(
    Category(f"township_{cid}", "第二十一条（乡镇）", f"{label}方面的政府信息", label, "township")
    for cid, label in _ARTICLE_21_TOWNSHIP
)
CATEGORIES: dict[str, Category] = {c.id: c for c in (*ARTICLE_20, *ARTICLE_21_COUNTY, *ARTICLE_21_TOWNSHIP)}

#: the 第二十条 items whose figures the annual report's table 二 carries
FIRST_ITEM = "rules_and_normative_documents"


def category(value: str) -> Category:
    """The category for an id, a citation ("第二十条第（八）项") or a short label.

    Raises PublicationError (Chinese, listing the choices) when nothing matches.
    """
    v = (value or "").strip()
    if v in CATEGORIES:
        return CATEGORIES[v]
    for c in CATEGORIES.values():
        if c.scope == "all" and v in (c.citation, c.short, c.label):
            return c
    for c in CATEGORIES.values():
        if v in (c.short, c.label):
            return c
    raise PublicationError(f"信息类别「{value}」无法识别，应为条例第二十条第（一）至（十五）项或第二十一条列举的类别之一。",
                           value=value)


def categories_for(level: str) -> tuple[Category, ...]:
    """The categories an agency of ``level`` (see :data:`LEVELS`) publishes under: 第二十条 for all,
    plus the 第二十一条 items for its level.  Raises PublicationError for an unknown level."""
    if level not in LEVELS:
        raise PublicationError(f"机关层级「{level}」无法识别，应为：{'、'.join(LEVELS.values())}。", level=level)
    extra = {"county": ARTICLE_21_COUNTY, "township": ARTICLE_21_TOWNSHIP}.get(level, ())
    return (*ARTICLE_20, *extra)

"""Reply letters (答复书 / 告知书) and procedural notices as DOCX, from editable Word templates.

Templates are docxtpl (Jinja in Word) files in ``casework/templates/``: ``reply.docx`` (every
outcome of table 三), ``clarification.docx`` (补正告知书, 第二十九条第二款 or 第三十条), ``extension.docx``
(延期答复告知书, 第三十三条), ``consultation.docx`` (征求第三方意见书, 第三十二条), ``fee.docx``
(收费通知书, 国办函〔2020〕109号).  An office restyles them in Word and passes its own
``template_dir``; the fields they may use are listed in docs/casework.md.  The wording of each
outcome and the article it cites follow shared/spec/regulations.md §7 (DERIVED mapping; rows
marked UNCONFIRMED there are worded generally and say so in docs).

Remedies (救济途径): 《行政复议法》(2023) 第二十条 — 60 days from knowing of the act;
《行政诉讼法》第四十六条 — 6 months.  The review body is an office setting (``review_body``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .errors import CaseworkError
from .fees import METHODS
from .model import CHANNELS, DISPOSITIONS, Request

TEMPLATE_DIR = Path(__file__).with_name("templates")
ACT = "《中华人民共和国政府信息公开条例》"
KINDS = {"reply": "答复", "clarification": "补正告知", "extension": "延期答复告知", "consultation": "征求第三方意见",
         "fee": "收费通知", "delay": "延迟答复告知"}

# disposition → (article(s) cited, Chinese body sentence); {reason} {given} {withheld} filled in.
_W = "第三十六条第（三）项"
OUTCOME_TEXT = {
    "granted": ("第三十六条第（二）项", "您申请的政府信息属于可以公开的政府信息，根据{act}{art}的规定，本机关予以公开。提供的政府信息：{given}。"),
    "partially_granted": ("第三十七条、" + _W,
                          "您申请的政府信息中含有不应当公开的内容，但能够作区分处理。根据{act}{art}的规定，本机关向您提供可以公开的内容：{given}；"
                          "对{withheld}不予公开，理由是：{reason}。"),
    "withheld_state_secret": ("第十四条、" + _W, "您申请的政府信息属于依法确定为国家秘密的政府信息，根据{act}{art}的规定，不予公开。{why}"),
    "withheld_prohibited_by_law": ("第十四条、" + _W,
                                   "您申请的政府信息属于法律、行政法规禁止公开的政府信息（{reason}），根据{act}{art}的规定，不予公开。"),
    "withheld_security_stability": ("第十四条、" + _W,
                                    "您申请的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，根据{act}{art}的规定，不予公开。{why}"),
    "withheld_third_party_rights": ("第十五条、" + _W,
                                    "您申请的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，根据{act}{art}的规定，不予公开。{why}"),
    "withheld_internal_affairs": ("第十六条第一款、" + _W,
                                  "您申请的政府信息属于行政机关的内部事务信息，根据{act}{art}的规定，不予公开。{why}"),
    "withheld_process_information": ("第十六条第二款、" + _W,
                                     "您申请的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息，根据{act}{art}的规定，不予公开。{why}"),
    "withheld_enforcement_file": ("第十六条第二款、" + _W,
                                  "您申请的政府信息属于行政执法案卷信息，根据{act}{art}的规定，不予公开。{why}"),
    "withheld_administrative_query": ("第三十六条第（七）项",
                                      "您申请的信息属于有关法律、行政法规对信息获取有特别规定的信息，根据{act}{art}的规定，请您依照有关规定办理查询。{why}"),
    "unavailable_not_held": ("第三十六条第（四）项", "经检索，本机关没有您所申请公开的政府信息，根据{act}{art}的规定，告知您该政府信息不存在。{why}"),
    "unavailable_needs_creation": ("第三十八条",
                                   "您申请的信息需要本机关对现有政府信息进行加工、分析方能形成，根据{act}{art}的规定，本机关不予提供。{why}"),
    "unavailable_unclear_after_correction": ("第三十条",
                                             "本机关已告知您补正申请内容，您补正后的申请内容仍不明确，无法确定您所申请的政府信息，根据{act}{art}的规定，无法提供。{why}"),
    "not_processed_petition_or_complaint": ("第三十九条第一款",
                                            "您以政府信息公开申请的形式提出的是信访、投诉、举报等事项，根据{act}{art}的规定，本机关不作为政府信息公开申请处理，"
                                            "您可以通过相应渠道提出。{why}"),
    "not_processed_duplicate": ("第三十六条第（六）项",
                                "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，根据{act}{art}的规定，不予重复处理。{why}"),
    "not_processed_publication": ("第三十九条第二款", "您申请获取的是公开出版物，根据{act}{art}的规定，告知您获取途径：{reason}"),
    "not_processed_excessive_repeated": ("第三十五条",
                                         "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请理由不合理，"
                                         "根据{act}{art}的规定，不予处理。{why}"),
    "not_processed_confirmation_or_reissue": ("第二条",
                                              "您要求本机关确认或者重新出具已获取的信息，不属于{act}{art}所称的申请获取政府信息，本机关不作为政府信息公开申请处理。{why}"),
    "other_other": ("", "{reason}"),
}
NOTICE_OUTCOMES = {k for k in DISPOSITIONS if k.startswith("not_processed")}


def _until(d: dt.date, provisional: bool | None, suffix: str, comma: bool = False) -> str:
    """「（至2025年1月13日止）」, or for a provisional date (a year whose holiday notice is not loaded) a phrase
    that never presents it as final: the statute sets the period in working days, so the working days are
    the legal content and the date only an aid; an applicant must not rely on a date that may move."""
    if provisional:
        return (f"（暂按法定节假日推算至{cn_date(d)}；国务院公布{d.year}年节假日安排后，"
                f"以按实际工作日计算的日期为准）")
    return f"，至{cn_date(d)}" if comma else f"（至{cn_date(d)}{suffix}）"


#: what 第二十九条第二款 requires an application to include (the items ``intake_gaps`` names at registration;
#: the applicant's name is required to register at all, and the description is the 第三十条 case when unclear)
REQUIRED_CONTENT = ("身份证明", "身份证", "联系方式", "联系电话", "通讯地址", "获取信息的形式", "获取方式", "获取途径")


def _missing_content(item: str, req: Request) -> bool:
    """Whether a 补正 item asks for content 第二十九条第二款 requires (an identity document, contact …) rather
    than a clearer description (第三十条): a gap found at registration, an item citing 第二十九条, or one naming
    a required element."""
    item = str(item).strip()
    if "第二十九条" in item or any(item == g or item == g.split("（")[0] for g in req.intake_gaps):
        return True
    return any(w in item for w in REQUIRED_CONTENT)


def cn_date(d: dt.date) -> str:
    """2024年3月4日."""
    return f"{d.year}年{d.month}月{d.day}日"


def remedies(review_body: str, court: str = "") -> str:
    """The agency's own remedy sentence: its review body and, when set, the court (else 「人民法院」)."""
    return (f"如您对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议"
            f"（《中华人民共和国行政复议法》第二十条），或者自收到本答复之日起六个月内向{court or '人民法院'}提起行政诉讼"
            f"（《中华人民共和国行政诉讼法》第四十六条）。")


def letter_context(kind: str, req: Request, *, agency: str, date: dt.date, letter_no: str = "",
                   review_body: str = "本级人民政府", court: str = "", contact: str = "", **details) -> dict:
    """The fields a template receives (all strings, ``paragraphs`` a list).  Pure; raises
    CaseworkError when the kind is unknown or the request has no outcome for a reply.

    ``agency``: the name of the agency that issues the letter, the template's ``agency`` — and ``office``, its
    old name, which the built-in templates and the ones offices restyled from them still use.

    ``details``: reply — ``reason``, ``info_given``, ``info_withheld``; clarification — ``items``
    (list), ``period_days``; extension — ``days``, ``reason``; consultation — ``party``, ``info``;
    fee — ``amount_yuan``, ``method``, ``basis_text``, ``payment`` (how to pay); delay (第三十五条) —
    ``days``, ``new_due``, ``applicant_reason``.
    """
    if kind not in KINDS:
        raise CaseworkError(f"未知的文书类型「{kind}」，应为：{'、'.join(KINDS)}。")
    r = req.requester
    intro = (f"本机关于{cn_date(req.received_on)}收到您通过{CHANNELS.get(req.channel, req.channel)}方式提出的政府信息公开申请"
             f"（申请编号：{req.id}），申请获取“{req.description}”。")
    ctx = {"agency": agency, "office": agency, "date": cn_date(date), "letter_no": letter_no, "applicant": r.name,
           "applicant_address": r.address, "applicant_contact": r.contact, "request_id": req.id,
           "received": cn_date(req.received_on), "description": req.description, "contact": contact,
           "remedies": "", "article": ""}
    paras: list[str] = []
    if kind == "reply":
        disp = details.get("disposition") or req.disposition
        if disp not in OUTCOME_TEXT:
            raise CaseworkError(f"申请 {req.id} 没有可以出具答复书的办理结果（{disp or '尚未答复'}）。"
                                "逾期不补正、逾期未缴费视为放弃申请，无需答复书。")
        art, text = OUTCOME_TEXT[disp]
        reason = details.get("reason", "")
        if disp == "other_other" and not reason:
            raise CaseworkError("“其他处理”的答复须写明处理情况（reason）。")
        why = ""
        if reason:
            why = reason if reason.startswith(("理由", "具体理由")) else f"具体理由：{reason}"
            why += "" if why.endswith(("。", "！", "？", "；")) else "。"
        body = text.format(act=ACT, art=art, reason=reason, why=why, given=details.get("info_given", "详见附件"),
                           withheld=details.get("info_withheld", "其余内容")).strip()
        ctx["title"] = "政府信息公开申请告知书" if disp in NOTICE_OUTCOMES else "政府信息公开申请答复书"
        ctx["article"] = f"{ACT}{art}" if art else ""
        ctx["outcome"] = DISPOSITIONS[disp]
        paras = [intro + "经审查，现答复如下：", body]
        ctx["remedies"] = remedies(review_body, court)
    elif kind == "clarification":
        items = details.get("items") or []
        if not items:
            raise CaseworkError("补正告知须列明需要补正的事项（第三十条“一次性告知”）。")
        period = details.get("period_days", 15)
        cdue = details.get("due") or req.clarification_due  # the date as sent, when the caller kept it
        ctx["title"] = "政府信息公开申请补正告知书"
        missing = [it for it in items if _missing_content(it, req)]
        if not missing:  # only unclear content: 第三十条
            finding, articles = "您的申请内容不明确", "第三十条"
        else:  # required content of 第二十九条第二款 absent (with or without unclear content); 第三十条: how to correct
            finding = (f"您的申请缺少{ACT}第二十九条第二款规定政府信息公开申请应当包括的内容"
                       + ("，且申请内容不明确" if len(missing) < len(items) else ""))
            articles = "第二十九条第二款、第三十条"
        ctx["article"] = f"{ACT}{articles}"
        paras = [intro + f"经审查，{finding}。根据{ACT}{articles}的规定，现一次性告知您对以下事项作出补正：",
                 *[f"{i}. {it}" for i, it in enumerate(items, 1)],
                 f"请您自本告知书发出之日起{period}个工作日内"
                 + (_until(cdue, details.get("due_provisional"), "止") if isinstance(cdue, dt.date) else "")
                 + "补正。答复期限自本机关收到补正的申请之日起计算。"
                 "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"]
    elif kind == "extension":
        days = int(details.get("days", 20))
        if not 1 <= days <= 20:
            raise CaseworkError("延长答复期限最长不得超过20个工作日（第三十三条）。")
        ctx["title"] = "政府信息公开申请延期答复告知书"
        ctx["article"] = f"{ACT}第三十三条第二款"
        due = details.get("new_due")
        paras = [intro, f"因{details.get('reason', '所申请信息需进一步检索、审查')}，本机关无法在规定期限内作出答复。经本机关政府信息公开工作机构负责人同意，"
                        f"根据{ACT}第三十三条第二款的规定，答复期限延长{days}个工作日"
                        + (_until(due, details.get("due_provisional"), "", comma=True) if isinstance(due, dt.date) else "")
                        + "。特此告知。"]
    elif kind == "delay":
        days = int(details.get("days", 0))
        if days < 1:
            raise CaseworkError("延迟答复告知书须写明延迟答复的期限（工作日数）。")
        ctx["title"] = "政府信息公开申请延迟答复告知书"
        ctx["article"] = f"{ACT}第三十五条"
        due = details.get("new_due")
        paras = [intro,
                 "您申请公开政府信息的数量、频次明显超过合理范围。本机关已要求您说明理由"
                 + (f"，您说明的理由是：“{details['applicant_reason']}”" if details.get("applicant_reason") else "")
                 + "。经审查，本机关认为申请理由合理，但无法在"
                 f"{ACT}第三十三条规定的期限内答复。根据{ACT}第三十五条的规定，确定延迟答复的期限为{days}个工作日"
                 + ((f"，本机关将于{cn_date(due)}前作出答复" if not details.get("due_provisional") else
                     _until(due, True, "", comma=True)) if isinstance(due, dt.date) else "") + "。特此告知。"]
    elif kind == "consultation":
        party = details.get("party", "")
        if not party:
            raise CaseworkError("征求第三方意见书须写明第三方名称（party）。")
        ctx["title"] = "政府信息公开征求第三方意见书"
        ctx["article"] = f"{ACT}第三十二条"
        ctx["applicant"] = party
        paras = [f"本机关于{cn_date(req.received_on)}收到政府信息公开申请（申请编号：{req.id}），申请公开的"
                 f"“{details.get('info', req.description)}”可能涉及贵方商业秘密、个人隐私等合法权益。根据{ACT}第三十二条的规定，"
                 f"现书面征求贵方意见。",
                 "请贵方自收到本意见书之日起15个工作日内提出书面意见；不同意公开的，请说明理由。逾期未提出意见的，"
                 f"由本机关依照{ACT}的规定决定是否公开。"]
    elif kind == "fee":
        amount = details.get("amount_yuan")
        if not isinstance(amount, int) or amount <= 0:
            raise CaseworkError("收费通知书须写明收费金额（正整数元）。")
        method = details.get("method", "per_request")
        ctx["title"] = "政府信息公开信息处理费收费通知书"
        ctx["article"] = f"{ACT}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        paras = [intro + f"您申请公开政府信息的数量、频次明显超过合理范围，根据{ACT}第四十二条和《政府信息公开信息处理费管理办法》"
                         f"（国办函〔2020〕109号）的规定，本机关对该申请{METHODS[method]}信息处理费。",
                 f"收费依据和标准：{details['basis_text']}" if details.get("basis_text") else "",
                 f"收费金额：人民币{amount}元。缴纳方式：{details.get('payment', '按本机关提供的非税收入缴款方式缴纳')}。",
                 "请您自收到本通知次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
                 "收费通知发出至缴费期间不计入答复期限。"]
        paras = [p for p in paras if p]
    ctx["paragraphs"] = paras
    return ctx


def render_letter(kind: str, req: Request, out_path: str | Path, *, template_dir: str | Path | None = None,
                  **kwargs) -> Path:
    """Write the DOCX letter ``kind`` for ``req`` to ``out_path`` (see :func:`letter_context` for
    ``kwargs``).  The office's ``template_dir`` is searched first, then the built-in templates.
    Raises CaseworkError when no template exists or the data is incomplete."""
    from docxtpl import DocxTemplate

    ctx = letter_context(kind, req, **kwargs)
    name = f"{kind}.docx"
    candidates = ([Path(template_dir) / name] if template_dir else []) + [TEMPLATE_DIR / name]
    path = next((p for p in candidates if p.exists()), None)
    if path is None:
        raise CaseworkError(f"找不到文书模板 {name}（已查找：{'、'.join(str(p) for p in candidates)}）。")
    doc = DocxTemplate(str(path))
    # autoescape: an applicant's "宝洁(P&G)公司" or "<" is text, not Word XML (it was cut or broke the letter)
    doc.render(ctx, autoescape=True)
    out = Path(out_path)
    doc.save(str(out))
    return out


def gb9704_page(doc) -> None:
    """A4 (210×297 mm) with the GB/T 9704-2012 margins (top 37, bottom 35, left 28, right 26 mm) on every
    section of a python-docx document."""
    from docx.shared import Mm

    for s in doc.sections:
        s.page_width, s.page_height = Mm(210), Mm(297)
        s.top_margin, s.bottom_margin = Mm(37), Mm(35)
        s.left_margin, s.right_margin = Mm(28), Mm(26)


def build_default_templates(directory: str | Path = TEMPLATE_DIR) -> list[Path]:
    """(Re)create the built-in templates with python-docx: a plain 公文-like layout an office can
    restyle in Word.  Run ``python -m gongkai.casework.letters`` after changing the layout."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in KINDS:
        doc = Document()
        gb9704_page(doc)  # python-docx's blank document is US Letter
        style = doc.styles["Normal"]
        style.font.name = "仿宋"
        style.font.size = Pt(16)
        t = doc.add_paragraph("{{ title }}")
        t.alignment = WD_ALIGN_PARAGRAPH.CENTER
        t.runs[0].bold = True
        n = doc.add_paragraph("{{ letter_no }}")
        n.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        doc.add_paragraph("{{ applicant }}：")
        doc.add_paragraph("{%p for p in paragraphs %}")
        doc.add_paragraph("{{ p }}")
        doc.add_paragraph("{%p endfor %}")
        if kind == "reply":
            doc.add_paragraph("{%p if remedies %}")
            doc.add_paragraph("{{ remedies }}")
            doc.add_paragraph("{%p endif %}")
        doc.add_paragraph("{%p if contact %}")
        doc.add_paragraph("联系方式：{{ contact }}")
        doc.add_paragraph("{%p endif %}")
        for text in ("{{ office }}", "{{ date }}"):
            p = doc.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        path = d / f"{kind}.docx"
        doc.save(str(path))
        out.append(path)
    return out


if __name__ == "__main__":
    for p in build_default_templates():
        print(p)

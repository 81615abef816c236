"""Every letter type is generated as DOCX; the file is opened and its text checked against the
article regulations.md §7 assigns to the outcome."""

import docx
import pytest

from gongkai.casework.errors import CaseworkError
from gongkai.casework.letters import OUTCOME_TEXT, render_letter
from gongkai.casework.model import DISPOSITIONS
from gongkai.casework.workflow import step

from .helpers import D, in_state

COMMON = dict(agency="示例市自然资源和规划局", date=D(2024, 3, 20), letter_no="示自然资规公开〔2024〕1号",
              review_body="示例市人民政府")


def text_of(path):
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def answered(disposition):
    r = in_state("in_progress")
    if disposition == "unavailable_unclear_after_correction":
        r = step(step(in_state("received"), "request_clarification", D(2024, 3, 5), items=["a"]),
                 "receive_clarification", D(2024, 3, 8))
    return step(r, "respond", D(2024, 3, 20), disposition=disposition)


EXPECTED_ARTICLE = {
    "granted": "第三十六条第（二）项", "partially_granted": "第三十七条", "withheld_state_secret": "第十四条",
    "withheld_prohibited_by_law": "第十四条", "withheld_security_stability": "第十四条",
    "withheld_third_party_rights": "第十五条", "withheld_internal_affairs": "第十六条第一款",
    "withheld_process_information": "第十六条第二款", "withheld_enforcement_file": "第十六条第二款",
    "withheld_administrative_query": "第三十六条第（七）项", "unavailable_not_held": "第三十六条第（四）项",
    "unavailable_needs_creation": "第三十八条", "unavailable_unclear_after_correction": "第三十条",
    "not_processed_petition_or_complaint": "第三十九条第一款", "not_processed_duplicate": "第三十六条第（六）项",
    "not_processed_publication": "第三十九条第二款", "not_processed_excessive_repeated": "第三十五条",
}


@pytest.mark.parametrize("disposition", sorted(EXPECTED_ARTICLE))
def test_reply_letter_cites_the_article_of_its_outcome(tmp_path, disposition):
    out = render_letter("reply", answered(disposition), tmp_path / "r.docx", reason="（理由）",
                        info_given="《批复》一份", **COMMON)
    text = text_of(out)
    assert EXPECTED_ARTICLE[disposition] in text
    assert "张三" in text and "2024年3月4日" in text and "2023年某项目批复文件" in text and "2024-001" in text
    assert "六十日内向示例市人民政府申请行政复议" in text and "六个月内向人民法院提起行政诉讼" in text
    assert "示例市自然资源和规划局" in text and "2024年3月20日" in text
    assert ("告知书" in text) == disposition.startswith("not_processed")
    assert "{{" not in text and "{%" not in text


def test_every_answerable_outcome_has_reply_text():
    assert set(DISPOSITIONS) - set(OUTCOME_TEXT) == {"other_correction_not_supplied", "other_fee_not_paid"}


def test_partial_letter_states_given_withheld_and_why(tmp_path):
    out = render_letter("reply", answered("partially_granted"), tmp_path / "p.docx", info_given="项目批复正文",
                        info_withheld="附件中个人身份证号码", reason="涉及个人隐私（第十五条）", **COMMON)
    text = text_of(out)
    assert "区分处理" in text and "项目批复正文" in text and "附件中个人身份证号码不予公开" in text and "个人隐私" in text


def test_clarification_notice(tmp_path):
    r = step(in_state("received"), "request_clarification", D(2024, 3, 5), items=["写明文件名称或文号"])
    text = text_of(render_letter("clarification", r, tmp_path / "c.docx", items=["写明文件名称或文号"],
                                 period_days=15, **COMMON))
    assert "第三十条" in text and "1. 写明文件名称或文号" in text and "视为放弃申请" in text
    # the period as the engine counts it: from the notice (5 March 2024), 15 working days, the last day named
    assert f"自本告知书发出之日起15个工作日内（至{r.clarification_due.year}年{r.clarification_due.month}月" \
           f"{r.clarification_due.day}日止）补正" in text
    assert "行政复议" not in text


def test_extension_notice(tmp_path):
    text = text_of(render_letter("extension", in_state("in_progress"), tmp_path / "e.docx", days=20,
                                 new_due=D(2024, 4, 29), **COMMON))
    assert "第三十三条第二款" in text and "延长20个工作日" in text and "2024年4月29日" in text and "负责人同意" in text


def test_consultation_letter_to_third_party(tmp_path):
    text = text_of(render_letter("consultation", in_state("in_progress"), tmp_path / "t.docx", party="某某科技有限公司",
                                 **COMMON))
    assert text.count("某某科技有限公司") >= 1 and "第三十二条" in text and "15个工作日内" in text


def test_fee_notice(tmp_path):
    text = text_of(render_letter("fee", in_state("in_progress"), tmp_path / "f.docx", amount_yuan=200,
                                 method="per_request", basis_text="本月第35件，31—40件档200元/件", **COMMON))
    assert "国办函〔2020〕109号" in text and "人民币200元" in text and "按件计收" in text and "20个工作日内缴纳" in text


def test_lapsed_request_has_no_reply_letter(tmp_path):
    r = step(in_state("awaiting_fee"), "fee_lapsed", D(2024, 5, 6))
    with pytest.raises(CaseworkError, match="视为放弃"):
        render_letter("reply", r, tmp_path / "x.docx", **COMMON)


def test_office_template_dir_is_used_first(tmp_path):
    from docx import Document
    d = tmp_path / "tpl"
    d.mkdir()
    doc = Document()
    doc.add_paragraph("本机关自定义样式：{{ title }} {{ applicant }}")
    doc.save(str(d / "reply.docx"))
    text = text_of(render_letter("reply", answered("granted"), tmp_path / "o.docx", template_dir=d, **COMMON))
    assert text == "本机关自定义样式：政府信息公开申请答复书 张三"


def test_a_template_names_the_agency_by_its_glossary_name_or_by_office_its_old_name(tmp_path):
    from docx import Document
    d = tmp_path / "tpl"
    d.mkdir()
    doc = Document()
    doc.add_paragraph("{{ agency }}|{{ office }}")  # an office's template restyled before the rename says office
    doc.save(str(d / "reply.docx"))
    text = text_of(render_letter("reply", answered("granted"), tmp_path / "o.docx", template_dir=d, **COMMON))
    assert text == "示例市自然资源和规划局|示例市自然资源和规划局"


@pytest.mark.parametrize("name, wanted", [("宝洁(P&G)公司", "宝洁(P&G)公司"), ('<w:t>&amp;"', '<w:t>&amp;"'),
                                          ("面积‹100平方米 <b>", "面积‹100平方米 <b>")])
def test_applicants_text_is_printed_as_typed_not_read_as_word_markup(tmp_path, name, wanted):
    import dataclasses
    r = answered("granted")
    r = dataclasses.replace(r, requester=dataclasses.replace(r.requester, name=name), description=f"关于{name}的材料")
    text = text_of(render_letter("reply", r, tmp_path / "x.docx", info_given="一份", **COMMON))
    assert f"{wanted}：" in text and f"关于{wanted}的材料" in text
    assert "六十日内向示例市人民政府申请行政复议" in text  # the rest of the letter is there


def test_reply_wording_gives_the_information_and_the_reason_as_sentences(tmp_path):
    text = text_of(render_letter("reply", answered("granted"), tmp_path / "g.docx", info_given="2025年财务收支表",
                                 **COMMON))
    assert "本机关予以公开。提供的政府信息：2025年财务收支表。" in text
    text = text_of(render_letter("reply", answered("withheld_third_party_rights"), tmp_path / "w.docx",
                                 reason="涉及个人隐私", **COMMON))
    assert "不予公开。具体理由：涉及个人隐私。" in text
    text = text_of(render_letter("reply", answered("not_processed_confirmation_or_reissue"), tmp_path / "c.docx",
                                 **COMMON))
    assert "《中华人民共和国政府信息公开条例》第二条所称的申请获取政府信息" in text


def test_a_letter_never_presents_a_provisional_date_as_final(tmp_path):
    text = text_of(render_letter("extension", in_state("in_progress"), tmp_path / "e.docx", days=20,
                                 new_due=D(2027, 2, 3), due_provisional=True, **COMMON))
    assert "延长20个工作日" in text
    assert "暂按法定节假日推算至2027年2月3日" in text and "以按实际工作日计算的日期为准" in text
    assert "，至2027年2月3日。" not in text and "工作日，（" not in text


def test_clarification_notice_with_a_provisional_last_day_says_it_is_provisional(tmp_path):
    r = step(in_state("received"), "request_clarification", D(2024, 3, 5), items=["写明文件名称或文号"])
    text = text_of(render_letter("clarification", r, tmp_path / "c.docx", items=["写明文件名称或文号"],
                                 period_days=15, due_provisional=True, **COMMON))
    assert "15个工作日内（暂按法定节假日推算至" in text and "；国务院公布" in text and "止；" not in text


@pytest.mark.parametrize("items, finding, articles", [
    (["写明文件名称或文号"], "您的申请内容不明确。", "第三十条"),
    (["身份证明（第二十九条第二款第（一）项）", "联系方式（第二十九条第二款第（一）项）"],
     "您的申请缺少《中华人民共和国政府信息公开条例》第二十九条第二款规定政府信息公开申请应当包括的内容。",
     "第二十九条第二款、第三十条"),
    (["提供身份证复印件", "写明文件名称或文号"], "应当包括的内容，且申请内容不明确。", "第二十九条第二款、第三十条"),
])
def test_a_clarification_for_missing_required_content_cites_article_29(tmp_path, items, finding, articles):
    """第三十条 is about unclear content; an application lacking what 第二十九条第二款 requires cites that article."""
    r = step(in_state("received"), "request_clarification", D(2024, 3, 5), items=items)
    text = text_of(render_letter("clarification", r, tmp_path / "c.docx", items=items, period_days=15, **COMMON))
    assert finding in text and f"》{articles}的规定，现一次性告知" in text
    assert ("不明确" in text) == ("写明文件名称或文号" in items)

"""A report's title line as a lightweight markup or an e-mail prints it — an Org heading "* …", an AsciiDoc
"== … ==", a Markdown "# …", a mail's "Subject: …" (issue 11, tester 8's class 8): the title and the agency are
read without the marks.  The documents are generated here; the expected agency is the one the generator wrote."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text

AGENCIES = ["青川市东湖区人民政府", "云岭县石桥镇人民政府", "临江县市场监督管理局", "南湖经济技术开发区管理委员会"]
MARKS = [("* ", ""), ("** ", ""), ("= ", ""), ("== ", ""), ("== ", " =="), ("# ", ""), ("## ", " ##"),
         ("Subject: ", ""), ("Subject: Fwd: ", ""), ("主题：", ""), ("标题: ", ""), ("- ", ""), ("", "")]


def document(first_line: str, agency: str, year: int) -> str:
    return "\n".join([
        first_line, "",
        f"本报告由{agency}根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况", f"{year}年，{agency}持续推进政府信息公开工作。",
        "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "无。", ""])


@settings(max_examples=40, deadline=None)
@given(agency=st.sampled_from(AGENCIES), year=st.integers(2019, 2030), mark=st.sampled_from(MARKS),
       mail=st.booleans())
def test_heading_marks_and_mail_headers_are_not_part_of_the_title_or_agency(agency, year, mark, mail):
    title = f"{agency}{year}年政府信息公开工作年度报告"
    text = document(mark[0] + title + mark[1], agency, year)
    if mail and mark[0].startswith(("Subject", "主题", "标题")):  # a mail's other headers before the subject
        text = "From: 政务公开办 <gkb@example.gov.cn>\nDate: Mon, 6 Jan 2025 09:00:00 +0800\n" + text
    rep = map_document(read_text(text, "r.txt"))
    assert (rep.title, rep.agency, rep.year) == (title, agency, year)

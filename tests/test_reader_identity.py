"""Title and year: from a title wrapped or spaced out by a PDF's text, from a Markdown "# " heading, never from
a web page's chrome (clock, navigation, breadcrumb, site name)."""

from __future__ import annotations

from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.readers.markdown import read_markdown
from gongkai.readers.text import read_text

BODY = ("一、总体情况\n本年度，本局认真贯彻《中华人民共和国政府信息公开条例》。\n"
        "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n")


def test_pdf_text_with_spaces_inside_the_year():
    rep = map_document(read_text("某某县交通运输局\n2 0 2 4 年度政府信息公开工作年度报告\n" + BODY, "t.txt"))
    assert rep.year == 2024 and "年度报告" in rep.title


def test_markdown_heading_is_the_title():
    rep = map_document(read_markdown("# 某某县交通运输局2023年政府信息公开工作年度报告\n\n" + BODY.replace("\n", "\n\n"),
                                     "t.md"))
    assert rep.year == 2023 and rep.agency == "某某县交通运输局"


def test_site_chrome_of_an_html_page_is_not_the_title():
    page = ("<html><head><title>政府信息公开年报_某某县人民政府网</title></head><body>"
            "<div class='top'>2026年12月6日 星期日 <a>首页</a> <a>政务公开</a> <a>政府信息公开年报</a></div>"
            "<div class='crumb'>当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>"
            "<h1>某某县交通运输局2024年政府信息公开工作年度报告</h1>"
            + "".join(f"<p>{line}</p>" for line in BODY.splitlines()) + "</body></html>")
    rep = map_document(read_html(page.encode(), "t.html"))
    assert rep.title == "某某县交通运输局2024年政府信息公开工作年度报告"
    assert rep.year == 2024 and rep.agency == "某某县交通运输局"


def test_breadcrumb_holding_the_title_gives_only_the_title():
    page = ("<html><body><div>当前位置：首页 &gt; 政府信息公开年报 &gt; 某某县2024年政府信息公开工作年度报告</div>"
            + "".join(f"<p>{line}</p>" for line in BODY.splitlines()) + "</body></html>")
    rep = map_document(read_html(page.encode(), "t.html"))
    assert rep.title == "某某县2024年政府信息公开工作年度报告" and rep.agency == "某某县"

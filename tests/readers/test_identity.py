"""Title and year: from a title wrapped or spaced out by a PDF's text, from a Markdown "# " heading, never from
a web page's chrome (clock, navigation, breadcrumb, site name)."""

from __future__ import annotations

from gongkai.audit import audit
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


def test_a_command_line_naming_report_files_is_not_a_title():
    """A line written mostly in Latin letters that names report files ("gongkai audit 2024年报.html --previous
    2023年报.html", a tool's manual; a download list "report_2024年报_final_version.pdf") is no report's title: a
    document of notes about reports must not be taken for one by its title."""
    for line in ("gongkai audit 2024年报.html --previous 2023年报.html   # 跨年度核对",
                 "download: county_report_2024年报_final_version.pdf"):
        rep = map_document(read_markdown(f"# Notes\n\n```sh\n{line}\n```\n\nSome text.\n", "notes.md"))
        assert rep.title == "" and rep.year is None, line
    rep = map_document(read_text("某某县交通运输局2024年政府信息公开工作年度报告（PDF版）\n" + BODY, "t.txt"))
    assert rep.year == 2024 and rep.agency == "某某县交通运输局"  # a few Latin letters in a title: still one


def test_breadcrumb_holding_the_title_gives_only_the_title():
    page = ("<html><body><div>当前位置：首页 &gt; 政府信息公开年报 &gt; 某某县2024年政府信息公开工作年度报告</div>"
            + "".join(f"<p>{line}</p>" for line in BODY.splitlines()) + "</body></html>")
    rep = map_document(read_html(page.encode(), "t.html"))
    assert rep.title == "某某县2024年政府信息公开工作年度报告" and rep.agency == "某某县"


def test_sections_are_found_by_their_titles_whatever_their_numbering():
    """Headings without the format's "一、" numbering (none, "第二部分", "3.") are found by what their titles say;
    the printed title is kept, so the auditor's title rule (F03) asks for the format's numbering."""
    from gongkai.audit import audit
    paragraphs = ["某局2024年政府信息公开工作年度报告", "总体情况", "本局认真贯彻条例。",
                  "第二部分 主动公开政府信息情况", "本年度主动公开文件若干。", "3. 收到和处理政府信息公开申请情况",
                  "本年度共收到申请。", "政府信息公开行政复议、行政诉讼情况", "本年度无复议诉讼。",
                  "存在的主要问题及改进情况", "无。", "其他需要报告的事项", "无。"]
    page = "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    rep = map_document(read_html(page.encode(), "t.html"))
    assert {k: v.title for k, v in rep.sections.items()} == {
        "一": "总体情况", "二": "第二部分 主动公开政府信息情况", "三": "3. 收到和处理政府信息公开申请情况",
        "四": "政府信息公开行政复议、行政诉讼情况", "五": "存在的主要问题及改进情况", "六": "其他需要报告的事项"}
    findings = audit(rep)
    assert not [f for f in findings if f.code == "C01"]
    assert len([f for f in findings if f.code == "F03"]) == 6


def test_agency_and_year_from_titles_as_offices_print_them():
    # (title, agency, year), read from the titles themselves
    for title, agency, year in (
            ("某某县人民政府二〇二二年政府信息公开工作年度报告", "某某县人民政府", 2022),
            ("某某县交通运输局二零二三年度政府信息公开工作年度报告", "某某县交通运输局", 2023),
            ("某某县交通运输局关于2022年政府信息公开工作年度报告", "某某县交通运输局", 2022),
            ("某某县交通运输局政府信息公开工作年度报告（2022年度）", "某某县交通运输局", 2022),
            ("某某县交通运输局政府信息公开工作2022年度报告", "某某县交通运输局", 2022),
            ("2022年度某某县交通运输局政府信息公开工作年度报告", "某某县交通运输局", 2022),
            ("某某县人民政府信息公开工作年度报告（2024年）", "某某县人民政府", 2024),
            ("某某市政务公开办公室2024年政府信息公开工作年度报告", "某某市政务公开办公室", 2024)):
        rep = map_document(read_text(title + "\n" + BODY, "t.txt"))
        assert (rep.agency, rep.year, rep.title) == (agency, year, title), title


def test_a_government_titled_with_a_chinese_numeral_year_is_checked_for_article_50():
    # E01 needs the agency: "…人民政府二〇二二年…" names a 人民政府 as much as "…人民政府2022年…" does
    rep = map_document(read_text("某某县人民政府二〇二二年政府信息公开工作年度报告\n" + BODY, "t.txt"))
    assert [f for f in audit(rep) if f.code == "E01"]


import pytest  # noqa: E402

TITLE = "石桥县白沙镇人民政府2022年政府信息公开工作年度报告"


@pytest.mark.parametrize("cut", range(len("石桥县白沙镇人民政府2022年") + 1, len(TITLE)))
def test_a_title_wrapped_anywhere_after_its_year_is_joined(cut):
    """A browser's print or pdftotext wraps the title where the line ends: "…工作年" / "度报告"."""
    text = TITLE[:cut] + "\n" + " " * 10 + TITLE[cut:] + "\n根据《条例》规定，现公布本机关年度报告如下。\n" + BODY
    rep = map_document(read_text(text, "t.txt"))
    assert (rep.title, rep.agency, rep.year) == (TITLE, "石桥县白沙镇人民政府", 2022)


def test_a_title_run_into_the_pages_index_line_is_found_in_it():
    """A page's text copy: the index line (索引号 … 浏览次数：1024) and the title on one line after the site's menu."""
    text = ("首页 | 政务公开 | 政府信息公开年报\n当前位置：首页 > 政府信息公开 > 年度报告\n公开指南\n公开年报\n"
            "索引号：11000000/2025-00012　发布机构：办公室　发布日期：2025-01-20　浏览次数：1024" + TITLE
            + "\n根据《条例》规定，现公布本机关年度报告如下。\n" + BODY)
    rep = map_document(read_text(text, "t.txt"))
    assert (rep.title, rep.agency, rep.year) == (TITLE, "石桥县白沙镇人民政府", 2022)

"""The Markdown reader's quick paths (issue 16) give what the full path gives.

The parser without the block rules no line of a text can start (:func:`gongkai.readers.markdown._parser`) gives
the full parser's tokens; the blocks read straight from the tokens give the blocks of the rendered HTML read by the
HTML reader's walker (the path every other Markdown takes) — on generated Markdown of paragraphs, wrapped lines,
headings, pipe tables (with and without outer pipes, cells left out or added, numbers merged), and characters the
HTML round trip might treat otherwise."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from gongkai.readers import markdown
from gongkai.readers.base import RawCell

def _reference_parser() -> MarkdownIt:
    """markdown-it as the reader used it before: every rule, its own inline rule, the reader's two render rules."""
    md = MarkdownIt("commonmark").enable("table")
    md.add_render_rule("html_block", markdown._render_html_block)
    md.add_render_rule("hardbreak", markdown._render_hardbreak)
    return md


_PIECES = list("ab 中1|-:\n\t#*_`~>[]()!&<\\=+.)") + [
    "|---|", "\n| a | b |\n", "&amp;", "<div>", "[x](y)", "```\n", "    ", "> ", "1. ", "2) ", "- ", "+ ", "* ",
    "\n---\n", "\n===\n", "\n=\n", "* * *", "_ _ _", "\n# ", "\n## ", "&copy;", "\\*", "\\|", "  \n", "\n\n",
    "\n- a\n", "\n1. b\n", "\n   - c\n", "-\n", "=  \n", "\r\n", "\r", "\n> - x\n", "\n\t- y\n", "123456789)",
    "1234567890.", "\u3000", "\xa0"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_the_trimmed_parser_gives_the_full_parsers_tokens(text):
    full, trimmed = _reference_parser(), markdown._parser(text)
    tokens, mine = full.parse(text), trimmed.parse(text)
    assert [t.as_dict() for t in mine] == [t.as_dict() for t in tokens]
    assert trimmed.renderer.render(mine, trimmed.options, {}) == full.renderer.render(tokens, full.options, {})


_COMMON = st.sampled_from(["本机关", "政府信息", "公开", "行政许可", "规章", "0", "1", "22", "5 38", "22 10", "2,756",
                           "3.5", "/", "—", "abc", "a b", "", " ", "  ", "\u3000", "\xa0", "\u200b", "<b>", "*",
                           "_x_", "`c`", "\\|", "\\", "#", "!", ">", "1.", "-", "+", "=", "\t", "（一）", "<", "\u2028"])
_RARE = st.sampled_from(["&amp;", "&", "\x07", "\ufffe", "\u0085", "\x0c", "\ud800", "\x00"])  # (read through the HTML)
_WORDS = _COMMON
_TEXT = st.lists(_WORDS, min_size=1, max_size=6).map("".join)


def _pipe_row(cells: list[str], outer: tuple[bool, bool]) -> str:
    return ("|" if outer[0] else "") + "|".join(cells) + ("|" if outer[1] else "")


@st.composite
def _table(draw) -> str:
    width = draw(st.integers(1, 5))
    outer = draw(st.sampled_from([(True, True), (False, False), (True, False), (False, True)]))
    head = [draw(_TEXT) for _ in range(width)]
    delim = draw(st.sampled_from(["---", ":--", "--:", ":-:", " --- "]))
    rows = [_pipe_row(head, outer), _pipe_row([delim] * width, outer)]
    numbered = draw(st.booleans())
    for k in range(draw(st.integers(0, 6))):
        n = max(width + draw(st.integers(-2, 2)), 1)
        cells = [draw(st.sampled_from(["", " ", "0", "1", "12", "22 10", "5 38", "/", "行政许可", "规章", "a"]))
                 for _ in range(n)]
        if numbered:
            cells[0] = str(k)
        rows.append(_pipe_row(cells, draw(st.sampled_from([outer, (True, True), (False, False)]))))
    if draw(st.booleans()):
        rows.append(_pipe_row(["---"] * width, outer))  # a delimiter row among the body rows
    return "\n".join(rows)


@st.composite
def _paragraph(draw) -> str:
    lines = [draw(_TEXT) for _ in range(draw(st.integers(1, 14)))]
    ends = st.sampled_from(["", "", "  ", "\\"])
    return "\n".join(line + draw(ends) for line in lines)


_BLOCK = st.one_of(_paragraph(), _table(), _TEXT.map(lambda t: "## " + t), _TEXT.map(lambda t: "# " + t),
                   st.just("---"), st.just("* * *"), _TEXT.map(lambda t: "| " + t + " |"),
                   st.sampled_from(["", "   ", "\u3000"]), st.tuples(_TEXT, _RARE, _TEXT).map("".join))
_DOC = st.lists(st.tuples(_BLOCK, st.sampled_from(["\n\n", "\n", "\n\n\n"])), min_size=1, max_size=8).map(
    lambda parts: "".join(b + sep for b, sep in parts))


def _through_html(text: str):
    with pytest.MonkeyPatch.context() as m:
        m.setattr(markdown, "_blocks_from_tokens", lambda *a: None)
        return _reading(text)


def _reading(text: str):
    try:
        doc = markdown.read_markdown(text, "t.md")
    except Exception as e:  # the same error both ways
        return type(e).__name__, str(e)
    return doc


@settings(max_examples=1000, deadline=None)
@given(_DOC)
@example("|\\|本机关|\n|---|---|\n\n")  # pipe rows in one paragraph (not a table: 1 cell over 2): cut per line
def test_the_blocks_read_from_the_tokens_are_the_rendered_htmls(text):
    assert _reading(text) == _through_html(text)


def test_the_quick_path_reads_a_report_in_markdown():
    # (a wrapped paragraph, a hard break, a table with a merged cell and one with a row of fewer cells)
    text = ("# 2024年报告\n\n本机关全年收到申请\n共计 5 件。  \n其中当面申请。\n\n"
            "| 信息内容 | 本年制发件数 | 本年废止件数 |\n|---|---|---|\n| 规章 | 22 10 | 0 |\n| 行政规范性文件 | 3 |\n")
    tokens = markdown._parser(text).parse(text)
    markdown._annotate(tokens)
    assert markdown._blocks_from_tokens(tokens, text.split("\n"), "t.md") is not None
    doc = markdown.read_markdown(text, "t.md")
    assert [getattr(b, "text", None) for b in doc.blocks][:3] == ["2024年报告", "本机关全年收到申请共计 5 件。", "其中当面申请。"]


# ---------------------------------------------------------------- Markdown of paragraphs, headings and pipe tables
_KEPT = frozenset({"table_open", "table_close", "tr_open", "inline", "paragraph_open", "paragraph_close",
                   "heading_open", "heading_close"})


def _projected(tokens) -> list:
    """What the reader reads of the tokens (the simple parser leaves out the th/td and thead/tbody tokens)."""
    return [(t.type, t.tag, t.nesting, t.map, t.content, [(c.type, c.content) for c in t.children or ()])
            for t in tokens if t.type in _KEPT]


_LINE_PIECES = st.sampled_from(["本机关", "政府信息", "公开", "0", "1", "22", "22 10", "2,756", "3.5", "/", "—", "abc",
                                " ", "  ", "   ", "\u3000", "\xa0", "\u2003", "\u2028", "|", "| ", " |", "||", "-", "--",
                                ":", "#", "##", "# ", "######", "####### ", "=", "+", "1", ".", ")", "规章 |", "\r"])
_SIMPLE_LINE = st.one_of(
    st.lists(_LINE_PIECES, max_size=8).map("".join),
    st.sampled_from(["|---|---|", "---|---", "| --- | :-: |", "|:--|--:|---|", "| - |", "|-|-|", "-|-", "| --- |",
                     "|---", "--- | ---", ":-|", "|  |  |", "", "", " ", "# 标题", "## 二、主动公开 ##", "### #",
                     "#\u3000标题", "# 标题 #", "#标题", "| 规章 | 2 | 0 |", "行政许可 | 1 | 2", "| 1 | 2 |"]))
_CELL = st.sampled_from(["", " ", "0", "12", "22 10", "规章", "行政 许可", "\u3000", "/", "a b", "：", "—", "2,756"])


@st.composite
def _simple_table(draw) -> list[str]:
    width = draw(st.integers(1, 5))
    lead, trail = draw(st.booleans()), draw(st.booleans())

    def row(cells):
        return draw(st.sampled_from(["", " ", "  "])) + ("|" if lead else "") + "|".join(cells) + ("|" if trail else "")

    rows = [row([draw(_CELL) for _ in range(width)]),
            row([draw(st.sampled_from(["---", ":--", "--:", ":-:", " --- ", "-"])) for _ in range(width)])]
    for _ in range(draw(st.integers(0, 6))):
        rows.append(row([draw(_CELL) for _ in range(max(1, width + draw(st.integers(-2, 2))))]))
    return rows


_SIMPLE_BLOCK = st.one_of(_simple_table(), st.lists(_SIMPLE_LINE, min_size=1, max_size=5))
_SIMPLE_DOC = st.one_of(
    st.tuples(st.lists(_SIMPLE_LINE, min_size=1, max_size=24), st.booleans()).map(
        lambda parts: "\n".join(parts[0]) + ("\n" if parts[1] else "")),
    st.lists(st.tuples(_SIMPLE_BLOCK, st.sampled_from(["\n", "\n\n", "\r\n"])), min_size=1, max_size=6).map(
        lambda blocks: "".join("\n".join(lines) + sep for lines, sep in blocks)))


@settings(max_examples=3000, deadline=None)
@given(_SIMPLE_DOC)
def test_the_simple_tokens_are_markdown_its(text):
    mine = markdown._simple_tokens(text)
    if mine is not None:
        assert _projected(mine) == _projected(_reference_parser().parse(text))


@settings(max_examples=1500, deadline=None)
@given(_SIMPLE_DOC)
def test_markdown_read_from_the_simple_tokens_as_through_markdown_it(text):
    with pytest.MonkeyPatch.context() as m:
        m.setattr(markdown, "_simple_tokens", lambda text: None)
        theirs = _reading(text)
    assert _reading(text) == theirs


def test_the_simple_tokens_cover_the_corpus_markdown():
    text = "# 2024年报告\n\n正文第一行\n第二行  \n第三行\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 2 |\n"
    assert markdown._simple_tokens(text) is not None
    for text in ("- 列表\n", "正文 *强调*\n", "    代码\n", "标题\n===\n", "a\n\n---\n", "> 引用\n", "[x]: y\n"):
        assert markdown._simple_tokens(text) is None, text  # (markdown-it's)


def _merged_numbers_former(cells):
    """markdown._merged_numbers as it was (every cell's NFKC tried)."""
    if not any(markdown._NUMBER_GROUPS.match(markdown.nfkc(c.text).strip()) for c in cells):
        return None
    out = []
    for c in cells:
        text = markdown.nfkc(c.text).strip()
        if markdown._NUMBER_GROUPS.match(text):
            out.extend(RawCell(g, c.location) for g in text.split())
        elif c.text.strip():
            out.append(c)
    return out


_CELL_TEXT = st.lists(st.sampled_from(["1", "22", "0", " ", "\t", "\x1c", "\u3000", "\xa0", "２", "²", "①", "a", "规",
                                       ",", ".", "1,000", "\u2003", "\x85", "\u2028", "¨", "/"]), max_size=6).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_CELL_TEXT, max_size=6))
def test_merged_numbers_as_the_former_check(texts):
    cells = [RawCell(t) for t in texts]
    assert markdown._merged_numbers(list(cells)) == _merged_numbers_former(list(cells))

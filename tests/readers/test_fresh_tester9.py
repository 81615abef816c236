"""What a fresh tester (issue 11, tester 9) found read wrong in consistent reports: fixtures of our own."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.readers.html import image_text, parse_html, read_html
from gongkai.readers.mapping import map_document
from gongkai.writers import write_html

READ_FAIL = {"C02", "C03", "C05", "C08", "P08", "P10"}


def _same_cells(got, values) -> None:
    for k, v in values.items():
        cell = got.cells[k]
        assert cell.kind == "number" and cell.value == v, (k, cell.kind, cell.raw, v)


# ---------------------------------------------------------------- F3a: header cells drawn as pictures
_LABEL_CELL = re.compile(r"<(td|th)([^>]*)>([^<>]*[\u4e00-\u9fff][^<>]*)</\1>")


def _as_pictures(html: str, rng: random.Random, alt_only: bool) -> str:
    """Every label cell (some or all) given as an image with its label as alt text, as a CMS that renders header
    cells to pictures does: <td><img src="/u/img/123.png" alt="本年制发件数"></td>."""
    def swap(m):
        if not alt_only and rng.random() < 0.3:
            return m.group(0)
        return (f'<{m.group(1)}{m.group(2)}><img src="/u/img/{rng.randrange(99999)}.png" alt="{m.group(3)}" '
                f'width="60"></{m.group(1)}>')
    return _LABEL_CELL.sub(swap, html)


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_header_cells_given_as_images_are_read_by_their_alt_text(seed, alt_only):
    rng = random.Random(seed)
    values = consistent_values(rng)
    html = _as_pictures(write_html(report_from_values(values)), rng, alt_only)
    assert "<img" in html
    got = map_document(read_html(html.encode("utf-8"), "r.html"))
    _same_cells(got, values)
    assert not {f.code for f in audit(got) if f.severity == "error"} & READ_FAIL


def _cell(html: str):
    return parse_html(f"<table><tr>{html}</tr></table>", "t.html").find(".//td")


def test_alt_text_is_read_only_where_the_cell_has_no_text_and_says_something():
    assert image_text(_cell('<td><img src="a.png" alt="总计"></td>')) == "总计"
    assert image_text(_cell('<td><img src="a.png" alt="图片1"></td>')) == ""
    assert image_text(_cell('<td><img src="a.png" alt="a.png"></td>')) == ""
    assert image_text(_cell('<td><img src="a.png"></td>')) == ""
    rows = [b for b in read_html('<table><tr><td>自然人<img alt="x"></td><td><img alt="商业企业"></td>'
                                 '<td><img src="b.gif"></td></tr></table>', "t.html").blocks if hasattr(b, "cells")]
    assert [c.text for c in rows[0].cells] == ["自然人", "商业企业", ""]


# ---------------------------------------------------------------- F3b: a converter's Markdown of a PDF table
# What PDF-to-Markdown converters (markitdown, pymupdf4llm, PyMuPDF find_tables) make of a report's tables: the
# numbers of adjacent cells in one pipe cell ("| 30件 9件 |"), blank cells dropped from a row, a row's label on a
# line of its own above a row of filler cells, a number in its label's cell ("|**行政许可**<br>387件|||"), a row of
# one value among empty cells, a number cut over two cells ("|64445.1|8|").  The law: every cell is read equal,
# or left unread with a reader note — never a different number, a number where the cell is blank, or a printed
# number read as blank.
from gongkai.readers.markdown import read_markdown  # noqa: E402
from gongkai.readers.text import read_text  # noqa: E402
from gongkai.writers import write_markdown  # noqa: E402

MODES = ("keep", "merge", "drop_blanks", "label_above", "label_cell", "pad_ends", "cut")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _split_row(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _converted_row(cells: list[str], mode: str, rng: random.Random) -> list[str]:
    """One data row of a pipe table as a converter may print it (lines: the row and what comes before it)."""
    n_label = max((i + 1 for i, c in enumerate(cells) if _CJK.search(c)), default=0)
    labels, values = cells[:n_label], cells[n_label:]
    label = next((c for c in reversed(labels) if c), "")
    printed = [v for v in values if v]
    if mode == "merge" and len(values) > 1:
        groups = [values[k:k + 2] for k in range(0, len(values), 2)]
        return [_row(labels + [" ".join(f"{v}件" for v in g if v) for g in groups])]
    if mode == "drop_blanks" and len(printed) < len(values):
        return [_row(labels + [f"{v}件" for v in printed])]
    if mode == "label_above" and label:
        return [label, _row([""] * len(labels) + printed)]
    if mode == "label_cell" and label and printed:
        first = values.index(printed[0])
        rest = ["" if k == first else v for k, v in enumerate(values)]
        return [_row(labels[:-1] + [f"**{label}**<br>{printed[0]}件"] + rest + [""] * rng.randint(0, 3))]
    if mode == "pad_ends" and len(values) == 1:
        return [_row(labels + [""] * rng.randint(1, 3) + values + [""] * rng.randint(1, 4))]
    if mode == "cut" and len(values) == 1 and len(values[0]) > 1:
        # (halves that are equal, "33" as "|3|3|", are a merged cell's value repeated as pandas prints it — read
        # so on purpose: a cut that makes them is not told from that)
        cuts = [at for at in range(1, len(values[0])) if values[0][:at] != values[0][at:]]
        if cuts:
            at = rng.choice(cuts)
            return [_row(labels + [values[0][:at], values[0][at:]])]
    return [_row(cells)]


def _converted(markdown: str, rng: random.Random, modes: list[str]) -> str:
    out, header_next = [], True
    for line in markdown.split("\n"):
        if not line.startswith("|"):
            header_next = True
            out.append(line)
            continue
        if header_next or set(line) <= set("|-: "):
            header_next = False
            out.append(line)
            continue
        cells = _split_row(line)
        if not any(_CJK.search(c) for c in cells):  # table 四's row: kept
            out.append(line)
            continue
        mode = modes[len(out) % len(modes)]
        for piece in _converted_row(cells, mode, rng):
            if not piece.startswith("|"):  # a line of text inside the table: the pipe table ends before it
                out += ["", piece, ""]
                header_next = True
            else:
                if header_next:  # a new pipe table: this row its header, as the converters print it
                    out += [piece, "|" + "---|" * len(_split_row(piece))]
                    header_next = False
                else:
                    out.append(piece)
    return "\n".join(out)


def _law(got, values: dict, blanks) -> None:
    """Every cell equal or unread: never a different number, a number in a blank cell, a printed number lost."""
    for k, v in values.items():
        cell = got.cells[k]
        if k in blanks:
            assert cell.kind != "number", (k, "invented", cell.raw)
        elif cell.kind == "number":
            assert cell.value == v, (k, "wrong", cell.raw, v)
        else:
            assert cell.kind not in ("blank", "not_applicable"), (k, "lost", cell.kind, v)


def _report(seed: int, blank_share: float):
    rng = random.Random(seed)
    values = consistent_values(rng)
    blanks = {k for k in values if k[0] != "四" and rng.random() < blank_share}
    return rng, values, blanks, report_from_values({k: v for k, v in values.items() if k not in blanks},
                                                   blanks=sorted(blanks))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.0, 0.1, 0.3]),
       st.lists(st.sampled_from(MODES), min_size=1, max_size=5))
def test_a_converters_markdown_of_a_pdf_table_is_read_equal_or_left_unread(seed, blank_share, modes):
    rng, values, blanks, rep = _report(seed, blank_share)
    got = map_document(read_markdown(_converted(write_markdown(rep), rng, modes), "r.md"))
    _law(got, values, blanks)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.0, 0.2]))
def test_counts_merged_into_one_pipe_cell_are_never_read_shifted(seed, blank_share):
    rng, values, blanks, rep = _report(seed, blank_share)
    text = _converted(write_markdown(rep), rng, ["merge"])
    assert "件 " in text
    got = map_document(read_markdown(text, "r.md"))
    _law(got, values, blanks)
    if not blanks:  # every cell printed, in order: each row's numbers are its cells — and its totals prove it
        assert all(got.cells[k].kind == "number" for k in values if k[0] == "三")


def test_one_value_among_empty_cells_is_read_and_raises_no_error():
    _, values, _, rep = _report(4, 0.0)
    got = map_document(read_markdown(_converted(write_markdown(rep), random.Random(1), ["pad_ends"]), "r.md"))
    for k in [k for k in values if k[0] == "二" and k[2] in ("decisions", "amount_10k_yuan")]:
        assert got.cells[k].kind == "number" and got.cells[k].value == values[k]
    assert not {f.code for f in audit(got) if f.severity == "error"}


_T4 = [("四", "cases", f"{g}_{r}") for g in ("review", "lawsuit_direct", "lawsuit_after_review")
       for r in ("upheld", "corrected", "other_result", "pending", "total")]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.permutations(range(15)))
def test_table_four_one_number_per_paragraph_out_of_order_is_not_read_by_its_order(seed, order):
    """pymupdf4llm of a PDF whose cells are drawn in another order: table 四's numbers one per paragraph.  Read in
    that order only where the totals hold (a disorder the totals cannot see is not this test's: equal numbers
    swapped, or an order keeping every total)."""
    _, values, _, rep = _report(seed, 0.0)
    text = write_markdown(rep)
    head, rest = text.split("## 四、", 1)
    tail = rest.split("## 五、", 1)[1]
    printed = [str(values[_T4[k]]) for k in order]
    shown = {_T4[k]: values[_T4[j]] for k, j in enumerate(order)}
    body = "\n\n".join(["## 四、政府信息公开行政复议、行政诉讼情况", "|行政复议||||行政诉讼|", "|---|---|---|---|---|",
                        "|结果维持|结果纠正|其他结果|尚未审结|总计|", *printed])
    got = map_document(read_markdown(head + body + "\n\n## 五、" + tail, "r.md"))
    sums_hold = all(shown[(t, r, f"{g}_total")] == sum(shown[(t, r, f"{g}_{x}")] for x in
                                                          ("upheld", "corrected", "other_result", "pending"))
                    for t, r, c in _T4[::5] for g in [c.rsplit("_", 1)[0]])
    if not sums_hold:
        _law(got, values, set())


def test_label_values_and_cut_header_labels_of_table_two():
    """"|信息内容|本年制发|件数||本年废止件数|现行有|效件数||": each column under its cut label, the value in
    whichever of its cells the row prints one; "|行政事业性收费|64445.1|8|": a number cut over two cells, unread."""
    _, values, _, rep = _report(8, 0.0)
    text = write_markdown(rep)
    r, n = values[("二", "rules", "issued")], values[("二", "normative_documents", "in_force")]
    cut = ("| 信息内容 | 本年制发 | 件数 | | 本年废止件数 | 现行有 | 效件数 | |\n|---|---|---|---|---|---|---|---|\n"
           f"| 规章 | {r} | | | {values[('二', 'rules', 'repealed')]} | | {values[('二', 'rules', 'in_force')]} | |\n"
           f"| 行政规范性文件 | {values[('二', 'normative_documents', 'issued')]} | | | "
           f"{values[('二', 'normative_documents', 'repealed')]} | {n} | | |")
    start = text.index("| 信息内容 | 本年制发件数")
    end = text.index("\n\n", start)
    text = text[:start] + cut + text[end:]
    fee = values[("二", "administrative_fees", "amount_10k_yuan")]
    text = text.replace(f"| 行政事业性收费 | {fee} |", f"| 行政事业性收费 | {str(fee)[:-1]} | {str(fee)[-1]} |")
    got = map_document(read_markdown(text, "r.md"))
    for k in [("二", row, c) for row in ("rules", "normative_documents") for c in ("issued", "repealed", "in_force")]:
        assert got.cells[k].kind == "number" and got.cells[k].value == values[k], k
    assert got.cells[("二", "administrative_fees", "amount_10k_yuan")].kind == "ambiguous"
    assert any(n.code == "P01" and "行政事业性收费" in n.message for n in got.notes)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.1, 0.3]))
def test_plain_text_pipe_rows_with_filler_after_the_label_and_a_blank_last_cell(seed, blank_share):
    """trafilatura's text of a CMS table: "| 二、上年结转政府信息公开申请数量 |  |  | 0 |  | 0 |  |  |  |  |" — the
    label first, its merged cells' filler after it, no delimiter row.  Empty cells at both ends: unread, never the
    numbers shifted left into the filler."""
    rng, values, blanks, rep = _report(seed, blank_share)
    lines = []
    for line in write_markdown(rep).split("\n"):
        if line.startswith("|") and set(line) <= set("|-: "):
            continue
        if line.startswith("|"):
            cells = _split_row(line)
            n_label = max((i + 1 for i, c in enumerate(cells) if _CJK.search(c)), default=0)
            labels = [c for c in cells[:n_label] if c]
            if labels and n_label < len(cells):
                cells = [labels[-1]] + [""] * (n_label - 1) + cells[n_label:]
            line = _row(cells)
        lines.append(line)
    got = map_document(read_text("\n".join(lines), "r.txt"))
    _law(got, values, blanks)


def test_a_header_cell_repeated_over_two_positions_places_its_column_where_the_row_prints():
    """PyMuPDF find_tables of a merged header cell: "|法律服务机构|法律服务机构|" over two positions, each row printing
    its number in one of them and leaving the other empty."""
    _, values, _, rep = _report(11, 0.0)
    lines = write_markdown(rep).split("\n")
    out = []
    for line in lines:
        cells = _split_row(line) if line.startswith("|") else None
        if cells and len(cells) == 10 and not set(line) <= set("|-: "):
            cells = [c.replace("申请人情况/法人或其他组织/", "").replace("申请人情况/", "") for c in cells]
            cells.insert(8, cells[7] if "机构" in cells[7] else "")
            line = _row(cells)
        elif cells and len(cells) == 10:
            line = "|" + "---|" * 11
        out.append(line)
    got = map_document(read_markdown("\n".join(out), "r.md"))
    for k in [k for k in values if k[0] == "三"]:
        assert got.cells[k].kind == "number" and got.cells[k].value == values[k], (k, got.cells[k])

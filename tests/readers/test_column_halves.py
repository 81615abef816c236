"""Table 三 printed as two tables (续表): the row labels with the first columns, then the remaining columns.

The pages are made here from random consistent reports: gongkai's own HTML (and DOCX) with table 三 replaced by
two tables split at a random column, the second under a random caption, repeating the row labels or not, with
one or two header rows each.  Joined, every cell reads as printed; when the halves cannot be paired with
certainty (the second's labels in another order, or no labels and a row less), no cell of table 三 is ever
read as a wrong number and P17 says why.
"""

from __future__ import annotations

import html as html_lib
import io
import random

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from office_helpers import consistent_values, report_from_values

from gongkai.audit.registry import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.html import read_html
from gongkai.readers.mapping import map_document
from gongkai.writers import write_html

T3 = FORMAT_2021.table("三")
LEGAL = [c.id for c in T3.columns if "法人或其他组织" in c.groups]


def _report(rng: random.Random):
    values = consistent_values(rng, rng.choice([9, 60, 5000]))
    keys = sorted(k for k in values if k[0] in ("二", "三", "四"))
    blanks = rng.sample(keys, rng.randint(0, 6))
    marks = rng.sample([k for k in keys if k not in blanks], rng.randint(0, 3))
    for key in blanks + marks:
        values.pop(key)
    return report_from_values(values, blanks=blanks, not_applicable=marks,
                              title="测试市测试局2024年政府信息公开工作年度报告")


def _label(row) -> str:
    path, group = [row.label], row.group
    while group:
        path.insert(0, group)
        parent = next((r for r in T3.rows if r.label == group), None)
        group = parent.group if parent else ""
    return " ".join(path)


def _text(cell) -> str:
    if cell.kind == "number":
        return cell.raw or str(cell.value)
    return "/" if cell.kind == "not_applicable" else ""


def _half(rep, cols, rows, labels: bool, depth: int) -> str:
    out = ["<table border='1'>"]
    if depth == 2 and any(c.id in LEGAL for c in cols):  # a top row with the group over the legal persons' columns of this half
        top = ["<td rowspan='2'>项目</td>"] if labels else []
        k = 0
        while k < len(cols):
            if cols[k].id in LEGAL:
                n = 1
                while k + n < len(cols) and cols[k + n].id in LEGAL:
                    n += 1
                top.append(f"<td colspan='{n}'>法人或其他组织</td>")
                k += n
            else:
                top.append(f"<td rowspan='2'>{cols[k].label}</td>")
                k += 1
        out.append("<tr>" + "".join(top) + "</tr>")
        out.append("<tr>" + "".join(f"<td>{c.label}</td>" for c in cols if c.id in LEGAL) + "</tr>")
    else:
        out.append("<tr>" + ("<td>项目</td>" if labels else "") + "".join(f"<td>{c.label}</td>" for c in cols) + "</tr>")
    for row in rows:
        cells = [f"<td>{html_lib.escape(_label(row))}</td>"] if labels else []
        cells += [f"<td>{html_lib.escape(_text(rep.cells[('三', row.id, c.id)]))}</td>" for c in cols]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _page(rep, split: int, caption: str, labels2: bool, depths, rows2=None) -> str:
    """gongkai's page of ``rep`` with table 三 printed as two tables split after ``split`` columns."""
    rows = list(T3.printed_rows)
    cols = list(T3.columns)
    first = _half(rep, cols[:split], rows, True, depths[0])
    second = _half(rep, cols[split:], rows if rows2 is None else rows2, labels2, depths[1])
    root = lxml.html.fromstring(write_html(rep))
    tables = list(root.iter("table"))
    target = next(t for t in tables if "本年新收" in t.text_content())
    marker = lxml.html.Element("div", {"id": "t3"})
    marker.tail = target.tail
    target.getparent().replace(target, marker)
    page = lxml.html.tostring(root, encoding="unicode")
    between = f"<p>{caption}</p>" if caption else ""
    return page.replace('<div id="t3"></div>', first + between + second)


def _read(page: str):
    return map_document(read_html(page.encode("utf-8"), "halves.html"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 100_000), split=st.integers(1, 6), caption=st.sampled_from(["", "（续表）", "续表", "表三（续）"]),
       labels2=st.booleans(), depths=st.tuples(st.integers(1, 2), st.integers(1, 2)))
def test_two_halves_of_table_three_read_every_cell(seed, split, caption, labels2, depths):
    rep = _report(random.Random(seed))
    if not labels2:
        split = min(split, 5)  # (a page's one-column table is a layout box, not a table: 总计 alone has labels)
    got = _read(_page(rep, split, caption, labels2, depths))
    for key, cell in rep.cells.items():
        if key[0] in ("二", "三", "四"):
            assert (got.cells[key].kind, got.cells[key].value) == (cell.kind, cell.value), (key, split, labels2, depths)
    assert not [n for n in got.notes if n.code == "P17"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 100_000), split=st.integers(1, 6), labels2=st.booleans())
def test_halves_that_do_not_pair_up_are_never_read_wrong(seed, split, labels2):
    rng = random.Random(seed)
    rep = _report(rng)
    split = split if labels2 else min(split, 5)
    rows = list(T3.printed_rows)
    if labels2:  # the second half's rows in another order: by order they would pair the wrong rows
        i, j = sorted(rng.sample(range(len(rows)), 2))
        rows[i], rows[j] = rows[j], rows[i]
    else:  # no labels and a row left out: which row is missing is not known
        rows.pop(rng.randrange(len(rows)))
    got = _read(_page(rep, split, "（续表）", labels2, (1, 1), rows2=rows))
    for key, cell in rep.cells.items():
        if key[0] == "三" and got.cells[key].kind == "number":
            assert got.cells[key].value == cell.value, key
    p17 = [f for f in audit(got) if f.code == "P17"]
    assert p17 and "表三分成两个表格印出" in p17[0].message


def test_two_tables_that_are_not_halves_stay_apart():
    """Two tables each naming every column (a table 三 printed twice) are not joined."""
    rep = _report(random.Random(5))
    page = _page(rep, 7, "", True, (1, 1))  # (a second "half" with no columns: an empty table)
    got = _read(page)
    for key, cell in rep.cells.items():
        if key[0] == "三":
            assert (got.cells[key].kind, got.cells[key].value) == (cell.kind, cell.value)


def test_docx_with_the_halves_reads_every_cell(tmp_path):
    docx = pytest.importorskip("docx")
    from gongkai.readers.docx import read_docx
    rep = _report(random.Random(11))
    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = list(T3.printed_rows)
    for cols, labels in ((T3.columns[:4], True), (T3.columns[4:], True)):
        t = d.add_table(rows=len(rows) + 1, cols=len(cols) + 1)
        t.cell(0, 0).text = "项目"
        for j, c in enumerate(cols):
            t.cell(0, j + 1).text = c.label
        for i, row in enumerate(rows):
            t.cell(i + 1, 0).text = _label(row)
            for j, c in enumerate(cols):
                t.cell(i + 1, j + 1).text = _text(rep.cells[("三", row.id, c.id)])
        if labels:
            d.add_paragraph("续表")
    buf = io.BytesIO()
    d.save(buf)
    path = tmp_path / "halves.docx"
    path.write_bytes(buf.getvalue())
    got = map_document(read_docx(path))
    for key, cell in rep.cells.items():
        if key[0] == "三":
            assert (got.cells[key].kind, got.cells[key].value) == (cell.kind, cell.value), key


def _as_pdf_rows(raw):
    """The blocks as the PDF reader gives a drawn table: its header printed as a line of text, the data rows as
    rows of cells (table 三's two tables only)."""
    from gongkai.readers.base import RowBlock, TextBlock
    out = []
    for b in raw.blocks:
        if isinstance(b, RowBlock) and not any(ch.isdigit() for c in b.cells[1:] for ch in c.text) \
                and any(c.text in ("自然人", "法律服务机构", "总计", "其他", "商业企业", "社会公益组织", "科研机构")
                        for c in b.cells):
            out.append(TextBlock(" ".join(c.text for c in b.cells if c.text), b.location))
        else:
            out.append(b)
    raw.blocks = out
    return raw


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 100_000), split=st.integers(2, 6), drop=st.booleans())
def test_halves_under_header_lines_of_text_are_joined_or_left_unread(seed, split, drop):
    """A PDF's drawn tables: header lines of text over rows of cells.  The second half's values fill its own
    columns (before: the first ones); with a row less they are left unread with P17, never placed."""
    rng = random.Random(seed)
    rep = _report(rng)
    rows = list(T3.printed_rows)
    if drop:
        rows.pop(rng.randrange(len(rows)))
    raw = _as_pdf_rows(read_html(_page(rep, split, "续表", True, (1, 1), rows2=rows).encode("utf-8"), "x.html"))
    got = map_document(raw)
    for key, cell in rep.cells.items():
        if key[0] != "三":
            continue
        if drop:
            if got.cells[key].kind == "number":
                assert got.cells[key].value == cell.value, key
        else:
            assert (got.cells[key].kind, got.cells[key].value) == (cell.kind, cell.value), key
    assert bool([n for n in got.notes if n.code == "P17"]) == drop


def test_table_two_blocks_are_not_halves():
    """Table 二's blocks are tables of their own with their own columns: never joined, never a P17."""
    from gongkai.readers.base import RawCell, RowBlock
    from gongkai.readers.halves import join_column_halves

    def row(table, *texts):
        return RowBlock([RawCell(t) for t in texts], table=table)

    blocks = [row(0, "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), row(0, "规章", "1", "0", "5"),
              row(0, "行政规范性文件", "2", "1", "9"),
              row(1, "信息内容", "本年处理决定数量", "本年收费金额（单位：万元）"), row(1, "行政许可", "3", ""),
              row(1, "行政处罚", "4", ""), row(1, "行政事业性收费", "", "0.5")]
    assert join_column_halves(blocks, FORMAT_2021) == (blocks, [])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 100_000), split=st.integers(2, 6), which=st.integers(0, 1))
def test_a_row_broken_by_a_page_in_one_half_is_paired_by_the_other_halfs_label(seed, split, which):
    """LibreOffice PDF: a row printed over a page break — its label's start with the values, then the rest of the
    label over empty cells — in one half only; the other half's whole label pairs the two parts."""
    from gongkai.readers.base import RawCell, RowBlock
    rng = random.Random(seed)
    rep = _report(rng)
    raw = _as_pdf_rows(read_html(_page(rep, split, "续表", True, (1, 1)).encode("utf-8"), "x.html"))
    tables = sorted({b.table for b in raw.blocks if isinstance(b, RowBlock) and b.table is not None
                     and any("（七）总计" in c.text for c in b.cells)})
    rows = [k for k, b in enumerate(raw.blocks) if isinstance(b, RowBlock) and b.table == tables[which]
            and "不予公开" in b.cells[0].text]
    k = rng.choice(rows)
    row = raw.blocks[k]
    label = row.cells[0].text
    cut = label.index("不予公开") + 4
    row.cells[0] = RawCell(label[:cut], row.cells[0].location)
    tail = RowBlock([RawCell(label[cut:])] + [RawCell("") for _ in row.cells[1:]], row.location, row.table)
    raw.blocks.insert(k + 1, tail)
    got = map_document(raw)
    for key, cell in rep.cells.items():
        if key[0] == "三":
            assert (got.cells[key].kind, got.cells[key].value) == (cell.kind, cell.value), key

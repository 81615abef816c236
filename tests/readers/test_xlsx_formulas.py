"""XLSX cells holding a formula saved without its result (a workbook written by a program that does not compute
formulas, as openpyxl itself): read as “公式未计算”, said once by a reading note (P13), never a blank (C04) nor a
printed mistake (C05)."""

from __future__ import annotations

import pytest

import random

import openpyxl
from office_helpers import consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers import read_report
from gongkai.report import FORMULA_NOT_COMPUTED
from gongkai.writers import write_xlsx

T3 = FORMAT_2021.table("三")


def _with_formulas(rep, path, make):
    """The workbook of ``rep`` with each table 三 row's 总计 replaced by ``make(value cells)`` (saved without a
    result by openpyxl); returns the rows changed."""
    wb = openpyxl.load_workbook(path)
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            labels = [c.value for c in row if isinstance(c.value, str)]
            values = [c for c in row if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
            if labels and len(values) == len(T3.columns):
                values[-1].value = make(values)
                changed += 1
    wb.save(path)  # openpyxl saves formulas without results
    return changed


def test_sum_formulas_without_results_are_computed_with_one_note(tmp_path):
    """Every table 三 row's 总计 is “=SUM(B5:G5)” with no saved result: computed (what Excel shows), each cell's
    location says so, one P13 counts them; no cell unread, no error."""
    rep = report_from_values(consistent_values(random.Random(21), 60),
                             title="测试市测试局2024年政府信息公开工作年度报告")
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    changed = _with_formulas(rep, path, lambda v: f"=SUM({v[0].coordinate}:{v[-2].coordinate})")
    assert changed >= 10
    got = read_report(path)
    for r, c in T3.cells():
        assert got.value("三", r.id, c.id) == rep.value("三", r.id, c.id), (r.id, c.id)
    cell = got.cells[("三", "received", "total")]
    assert cell.kind == "number" and "公式" in cell.location.where and "算出" in cell.location.where
    findings = audit(got)
    p13 = [f for f in findings if f.code == "P13"]
    assert len(p13) == 1 and p13[0].severity == "warning"
    assert f"{changed} 个已按公式算出" in p13[0].message and "公式未计算" not in p13[0].message
    assert not [f for f in findings if f.severity == "error"]


def test_arithmetic_formulas_are_computed(tmp_path):
    """“=B5+C5+(D5-0)*1+E5+F5+G5” and “=SUM(B5,C5:D5,E5+F5)+G5”: the safe subset, computed."""
    rep = report_from_values(consistent_values(random.Random(23), 5000))
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    forms = iter([lambda v: "=" + "+".join(c.coordinate for c in v[:2]) + f"+({v[2].coordinate}-0)*1+"
                  + "+".join(c.coordinate for c in v[3:-1]),
                  lambda v: f"=SUM({v[0].coordinate},{v[1].coordinate}:{v[2].coordinate},"
                            f"{v[3].coordinate}+{v[4].coordinate})+{v[5].coordinate}"] * 50)
    _with_formulas(rep, path, lambda v: next(forms)(v))
    got = read_report(path)
    for r, c in T3.cells():
        assert got.value("三", r.id, c.id) == rep.value("三", r.id, c.id), (r.id, c.id)


@pytest.mark.parametrize("formula, why", [
    ("=AVERAGE({a}:{b})*6", "AVERAGE"), ("=SUM({a}:{b})/1", "“/”"), ("=SUM({a}:{b})+表九!A1", "表九"),
    ("={a}+\"x\"", "“\"”"), ("=SUM({a}:XFD1048576)", "区域超过"),
])
def test_formulas_outside_the_subset_stay_unread_and_the_note_names_cell_and_formula(tmp_path, formula, why):
    rep = report_from_values(consistent_values(random.Random(24), 60))
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    _with_formulas(rep, path, lambda v: formula.format(a=v[0].coordinate, b=v[-2].coordinate))
    got = read_report(path)
    cell = got.cells[("三", "received", "total")]
    assert (cell.kind, cell.raw) == ("unreadable", FORMULA_NOT_COMPUTED)
    assert got.value("三", "received", "natural_person") == rep.value("三", "received", "natural_person")
    p13 = [f for f in audit(got) if f.code == "P13"]
    assert len(p13) == 1 and "公式未计算" in p13[0].message and why in p13[0].message, p13[0].message
    note = next(n for n in got.notes if n.code == "P13")
    assert all(formula.split("(")[0].split("{")[0] in x for x in note.data["cells"])
    assert not [f for f in audit(got) if f.code in ("C04", "C05")]


def test_a_cycle_and_a_deep_chain_are_bounded(tmp_path):
    from openpyxl import Workbook

    from gongkai.readers.base import RowBlock
    from gongkai.readers.xlsx import read_xlsx
    wb = Workbook()
    ws = wb.active
    ws.append(["项目", "甲", "乙"])
    ws.append(["循环", "=C2+1", "=B2+1"])
    ws.append(["自身", "=B3", 5])
    for r in range(4, 400):  # a chain of formulas, each one more than the next row's
        ws.append(["链", f"=B{r + 1}+1", 1])
    ws.append(["链尾", 7, 1])
    import io
    out = io.BytesIO()
    wb.save(out)
    raw = read_xlsx(out.getvalue(), "cycle.xlsx")
    rows = [[c.text for c in b.cells] for b in raw.blocks if isinstance(b, RowBlock)]
    assert rows[1][1:] == [FORMULA_NOT_COMPUTED] * 2 and rows[2][1] == FORMULA_NOT_COMPUTED
    assert any("循环引用" in x for x in raw.meta["uncomputed_formulas"])
    # the chain's last rows are within reach: computed exactly; the first ones too deep: unread, never a number
    assert rows[-2][1] == "8" and rows[-3][1] == "9"
    texts = [r[1] for r in rows[3:-1]]
    assert all(t == FORMULA_NOT_COMPUTED or int(t) == 7 + len(texts) - k for k, t in enumerate(texts))


# --- the evaluator on its own: for all expressions of the subset, the value Python computes ------------------

from decimal import Decimal  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from gongkai.readers.formula import Evaluator, Unsupported, column_letters  # noqa: E402

_GRID = {(r, c): v for r in range(1, 6) for c in range(1, 6) for v in [((r * 7 + c * 13) % 23) - 5]}


def _refs():
    return st.tuples(st.integers(1, 7), st.integers(1, 7)).map(
        lambda rc: (f"{column_letters(rc[1])}{rc[0]}", Decimal(_GRID.get(rc, 0))))


def _exprs():
    leaf = st.one_of(st.integers(0, 10 ** 6).map(lambda n: (str(n), Decimal(n))),
                     st.decimals(0, 1000, places=2).map(lambda d: (str(d), d)), _refs())

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from("+-*"), inner).map(
                lambda t: (f"{t[0][0]}{t[1]}{t[2][0]}", _apply(t[0][1], t[1], t[2][1]))),
            inner.map(lambda e: (f"({e[0]})", e[1])),
            inner.map(lambda e: (f"-({e[0]})", -e[1])),
            st.lists(inner, min_size=1, max_size=4).map(
                lambda es: ("SUM(" + ",".join(e[0] for e in es) + ")", sum((e[1] for e in es), Decimal(0)))),
            st.tuples(st.integers(1, 7), st.integers(1, 7), st.integers(1, 7), st.integers(1, 7)).map(
                lambda t: (f"sum({column_letters(t[1])}{t[0]}:${column_letters(t[3])}${t[2]})",
                           sum((Decimal(_GRID.get((r, c), 0)) for r in range(min(t[0], t[2]), max(t[0], t[2]) + 1)
                                for c in range(min(t[1], t[3]), max(t[1], t[3]) + 1)), Decimal(0)))))
    return st.recursive(leaf, extend, max_leaves=12)


def _apply(a, op, b):
    return a + b if op == "+" else a - b if op == "-" else a * b


def _python_order(text):
    """The formula text as Python (the same precedence as a spreadsheet's for + - * and unary minus)."""
    import re

    def one(m):
        if m.group("r1"):
            return f"RS({m.group('r1')},{m.group('c1')!r},{m.group('r2')},{m.group('c2')!r})"
        if m.group("rr"):
            return f"G({m.group('rr')},{m.group('cc')!r})"
        if m.group("num"):
            return f"D({m.group('num')!r})"
        return "S("
    return re.sub(r"(?i)sum\(\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+):\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+)\)"
                  r"|\$?(?P<cc>[A-Z]{1,3})\$?(?P<rr>\d+)|(?P<num>\d+(?:\.\d+)?)|(?i:sum)\(", one, text)


@settings(max_examples=300, deadline=None)
@given(_exprs())
def test_the_evaluator_computes_every_expression_of_the_subset_exactly(expr):
    """The evaluator's value equals Python's exact Decimal value of the same expression (precedence, unary minus,
    SUM of lists and ranges, empty cells as 0)."""
    text, _ = expr
    ev = Evaluator(lambda sheet, r, c: (_GRID.get((r, c)), None))
    got = ev.cell_formula("S", 99, 99, "=" + text)

    def G(r, col):  # noqa: N802
        from gongkai.readers.formula import column_number
        return Decimal(_GRID.get((int(r), column_number(col)), 0))

    def RS(r1, c1, r2, c2):  # noqa: N802
        from gongkai.readers.formula import column_number
        a, b = column_number(c1), column_number(c2)
        return sum((Decimal(_GRID.get((r, c), 0)) for r in range(min(r1, r2), max(r1, r2) + 1)
                    for c in range(min(a, b), max(a, b) + 1)), Decimal(0))

    def S(*xs):  # noqa: N802
        return sum(xs, Decimal(0))

    assert got == eval(_python_order(text), {"G": G, "RS": RS, "S": S, "D": Decimal})  # noqa: S307


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AB12$:(),+-*/^&=<>\"!'%.SUMsum表 ", max_size=30))
def test_the_evaluator_never_fails_otherwise_than_unsupported(text):
    """Any text: a value or Unsupported (Chinese reason), never another exception."""
    ev = Evaluator(lambda sheet, r, c: ({(1, 1): 3, (2, 2): "文字", (1, 2): True}.get((r, c)), None))
    try:
        got = ev.cell_formula("S", 99, 99, "=" + text)
    except Unsupported as why:
        assert str(why) and not str(why).isascii()
    else:
        assert isinstance(got, Decimal)


def test_a_workbook_without_formulas_gets_no_formula_note(tmp_path):
    rep = report_from_values(consistent_values(random.Random(22), 60),
                             title="测试市测试局2024年政府信息公开工作年度报告")
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    got = read_report(path)
    assert not [n for n in got.notes if n.code == "P13"]
    for r, c in T3.cells():
        assert got.value("三", r.id, c.id) == rep.value("三", r.id, c.id)


def test_a_frames_index_column_written_by_pandas_is_not_part_of_the_table():
    """pandas ``to_excel`` writes the frame's index (0, 1, 2 … under an empty corner) before the label column."""
    import io

    from openpyxl import Workbook

    from gongkai.readers.base import RowBlock
    from gongkai.readers.xlsx import read_xlsx
    wb = Workbook()
    ws = wb.active
    for row in (["", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], [0, "规章", 0, 0, 2],
                [1, "行政规范性文件", 7, 3, 41]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    rows = [[c.text for c in b.cells] for b in read_xlsx(out.getvalue(), "frame.xlsx").blocks if isinstance(b, RowBlock)]
    assert rows == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "2"],
                    ["行政规范性文件", "7", "3", "41"]]


@pytest.mark.parametrize("names", [("表二", "表三", "表四"), ("表二 主动公开", "表三（依申请）", "表四")])
def test_table_sheets_named_after_the_formats_tables_follow_their_sections(names):
    """A workbook with the whole text on one sheet (sections 一 to 六) and each table on a sheet named "表二",
    "表三", "表四": each table is read in its own section, not all of them in 六 (P09, C02)."""
    import io
    import random

    from office_helpers import consistent_values, report_from_values
    from openpyxl import Workbook

    from gongkai.audit import audit
    from gongkai.format import FORMAT_2021
    from gongkai.readers.mapping import map_document
    from gongkai.readers.xlsx import read_xlsx

    rep = report_from_values(consistent_values(random.Random(4), 60))
    wb = Workbook()
    text = wb.active
    text.title = "正文"
    text.append(["测试市测试局2024年政府信息公开工作年度报告"])
    for s in FORMAT_2021.sections:
        text.append([s.title])
        text.append(["本年度按要求开展工作。"])
    for name, table in zip(names, FORMAT_2021.tables):
        ws = wb.create_sheet(name)
        if table.number == "四":
            ws.append(["行政复议"] + [None] * 4 + ["行政诉讼"] + [None] * 9)
            ws.append(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉"] + [None] * 4
                      + ["复议后起诉"] + [None] * 4)
            ws.append([None] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
            ws.append([rep.cells[("四", r.id, c.id)].value for r in table.rows for c in table.columns_of(r)])
            continue
        ws.append(["项目"] + [c.label for c in table.columns])
        for r in table.printed_rows:
            ws.append([r.label] + [rep.cells[(table.number, r.id, c.id)].value if (table.number, r.id, c.id) in rep.cells
                                   else None for c in table.columns])
    out = io.BytesIO()
    wb.save(out)
    got = map_document(read_xlsx(out.getvalue(), "sheets.xlsx"))
    codes = {f.code for f in audit(got)}
    assert not codes & {"C02", "P09", "P08"}, codes
    assert got.cells[("三", "received", "total")].value == rep.cells[("三", "received", "total")].value
    assert got.cells[("四", "cases", "lawsuit_direct_total")].value == rep.cells[("四", "cases", "lawsuit_direct_total")].value


# --- results saved with a workbook that asks to be recomputed on opening ---------------------------------------

def _save_results(path, results, full_calc_on_load):
    """Rewrite the workbook at ``path`` the way a program that cannot compute writes it (xlsxwriter): every
    formula cell keeps a saved result given by ``results(formula cell coordinate)`` (xlsxwriter's default is 0),
    and workbook.xml's ``calcPr`` asks (or does not ask) for a full recalculation on opening."""
    import re
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            parts[info.filename] = zf.read(info)
    for name, part in parts.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            parts[name] = re.sub(rb'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?',
                                 lambda m: b'<c r="%s"%s><f>%s</f><v>%s</v>' % (
                                     m.group(1), m.group(2), m.group(3), str(results(m.group(1).decode())).encode()),
                                 part)
    wbx = re.sub(rb"<calcPr[^>]*/>", b"", parts["xl/workbook.xml"])
    calc = b'<calcPr calcId="124519" fullCalcOnLoad="1"/>' if full_calc_on_load else b'<calcPr calcId="191029"/>'
    parts["xl/workbook.xml"] = wbx.replace(b"</workbook>", calc + b"</workbook>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, part in parts.items():
            zf.writestr(name, part)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), placeholder=st.sampled_from([0, 1, 999]))
def test_placeholder_results_of_a_workbook_to_be_recomputed_are_not_read(tmp_path_factory, seed, placeholder):
    """xlsxwriter writes “=SUM(D37:I37)” with a saved result 0 and <calcPr fullCalcOnLoad="1"/>: Excel shows the
    sum, never the 0.  The formulas are computed (one P13 says the saved results were not read), never read as the
    placeholder; no error."""
    rep = report_from_values(consistent_values(random.Random(seed), 500),
                             title="测试市测试局2024年政府信息公开工作年度报告")
    path = write_xlsx(rep, tmp_path_factory.mktemp("x") / "年报.xlsx")
    changed = _with_formulas(rep, path, lambda v: f"=SUM({v[0].coordinate}:{v[-2].coordinate})")
    _save_results(path, lambda coordinate: placeholder, full_calc_on_load=True)
    got = read_report(path)
    for r, c in T3.cells():
        assert got.value("三", r.id, c.id) == rep.value("三", r.id, c.id), (r.id, c.id)
    assert "算出" in got.cells[("三", "received", "total")].location.where
    findings = audit(got)
    p13 = [f for f in findings if f.code == "P13"]
    assert len(p13) == 1 and f"{changed} 个已按公式算出" in p13[0].message and "重新计算" in p13[0].message
    assert not [f for f in findings if f.severity == "error"]


def test_a_stale_result_of_a_formula_outside_the_subset_is_unread_not_the_placeholder(tmp_path):
    rep = report_from_values(consistent_values(random.Random(25), 60))
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    _with_formulas(rep, path, lambda v: f"=AVERAGE({v[0].coordinate}:{v[-2].coordinate})*6")
    _save_results(path, lambda coordinate: 0, full_calc_on_load=True)
    got = read_report(path)
    cell = got.cells[("三", "received", "total")]
    assert (cell.kind, cell.raw) == ("unreadable", FORMULA_NOT_COMPUTED)
    assert not [f for f in audit(got) if f.code in ("C04", "C05") or f.severity == "error"]


def test_saved_results_of_a_workbook_not_asking_to_be_recomputed_are_read(tmp_path):
    """Excel and WPS save what they show and do not set fullCalcOnLoad: the saved result is read (even of a
    formula outside the subset), with no formula note."""
    rep = report_from_values(consistent_values(random.Random(26), 60))
    path = write_xlsx(rep, tmp_path / "年报.xlsx")
    totals = {}

    def make(v):
        totals[v[-1].coordinate] = sum(c.value for c in v[:-1])
        return f"=AVERAGE({v[0].coordinate}:{v[-2].coordinate})*6"
    _with_formulas(rep, path, make)
    _save_results(path, lambda coordinate: totals[coordinate], full_calc_on_load=False)
    got = read_report(path)
    for r, c in T3.cells():
        assert got.value("三", r.id, c.id) == rep.value("三", r.id, c.id), (r.id, c.id)
    assert not [n for n in got.notes if n.code == "P13"]

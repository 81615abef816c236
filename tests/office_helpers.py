"""Reports with known numbers for the writer/reader tests (used by tests/writers, tests/readers and test_roundtrip)."""

from __future__ import annotations

import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.format import FORMAT_2021
from gongkai.report import AnnualReport, Cell, SectionText

T3 = FORMAT_2021.table("三")
APPLICANTS = [c.id for c in T3.columns if c.id != "total"]
OUTCOME_LEAVES = [r.id for r in T3.rows if r.printed and r.id not in
                  ("received", "carried_over", "dispositions_total", "carried_forward")]


def consistent_values(rng: random.Random, high: int = 50) -> dict:
    """Cell values (table, row, column) → int/Decimal for which every relation of the 2021 format holds."""
    v: dict = {}
    for row in FORMAT_2021.table("二").printed_rows:
        for col in FORMAT_2021.table("二").columns_of(row):
            v[("二", row.id, col.id)] = (Decimal(rng.randint(0, 10**7)) / 100 if col.unit == "万元"
                                         else rng.randint(0, high))
    for col in APPLICANTS:
        outcomes = {r: rng.randint(0, high) for r in OUTCOME_LEAVES}
        for r, x in outcomes.items():
            v[("三", r, col)] = x
        done = sum(outcomes.values())
        forward = rng.randint(0, high)
        over = rng.randint(0, done + forward)
        v[("三", "dispositions_total", col)] = done
        v[("三", "carried_forward", col)] = forward
        v[("三", "carried_over", col)] = over
        v[("三", "received", col)] = done + forward - over
    for row in [r.id for r in T3.printed_rows]:
        v[("三", row, "total")] = sum(v[("三", row, c)] for c in APPLICANTS)
    for gid in ("review", "lawsuit_direct", "lawsuit_after_review"):
        parts = [rng.randint(0, high) for _ in range(4)]
        for rid, x in zip(("upheld", "corrected", "other_result", "pending"), parts):
            v[("四", "cases", f"{gid}_{rid}")] = x
        v[("四", "cases", f"{gid}_total")] = sum(parts)
    return v


def report_from_values(values: dict, *, blanks=(), not_applicable=(), title="", agency="测试市测试局",
                       year=2024) -> AnnualReport:
    """An AnnualReport holding ``values``; cells named in ``blanks`` are blank, in ``not_applicable`` "/"."""
    rep = AnnualReport(source="test", agency=agency, year=year, title=title, format_id="2021")
    for key, x in values.items():
        rep.cells[key] = Cell("number", x, str(x))
    for key in blanks:
        rep.cells[key] = Cell("blank")
    for key in not_applicable:
        rep.cells[key] = Cell("not_applicable", raw="/")
    for t in FORMAT_2021.tables:
        rep.tables_found[t.number] = rep.tables_found.get(t.number) or __import__("gongkai.report").report.Location()
    for s in FORMAT_2021.sections:
        rep.sections[s.number] = SectionText(s.number, s.title, paragraphs=[])
    rep.sections["一"].paragraphs = [("（一）主动公开", rep.sections["一"].location),
                                    ("本年度共主动公开政府信息1234条。", rep.sections["一"].location)]
    rep.sections["五"].paragraphs = [("存在的主要问题：公开内容不够及时。", rep.sections["五"].location)]
    rep.sections["六"].paragraphs = [("本年度未收取信息处理费。", rep.sections["六"].location)]
    rep.ensure_all_cells()
    return rep


def sample_report(seed: int = 7) -> AnnualReport:
    return report_from_values(consistent_values(random.Random(seed)))


def huaian_like_values() -> dict:
    """The numbers a person reads in 淮安市人民政府 2024 (tables 二, 四 and the 总计 column's key rows)."""
    return {
        ("二", "rules", "issued"): 1, ("二", "rules", "repealed"): 0, ("二", "rules", "in_force"): 11,
        ("二", "normative_documents", "issued"): 8, ("二", "normative_documents", "repealed"): 26,
        ("二", "normative_documents", "in_force"): 66,
        ("二", "licensing", "decisions"): 447228, ("二", "penalty", "decisions"): 3985758,
        ("二", "coercion", "decisions"): 88283, ("二", "administrative_fees", "amount_10k_yuan"): Decimal("96171.6"),
    }


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_pdf(tmp_path: Path, html: str) -> Path:
    """``html`` printed to PDF by headless Chromium without its header and footer (t.html → t.pdf in
    ``tmp_path``); the test is skipped, saying why, where Chromium is missing or cannot print."""
    if CHROMIUM is None:
        pytest.skip("Chromium 未安装：apt-get install chromium fonts-noto-cjk")
    src, out = tmp_path / "t.html", tmp_path / "t.pdf"
    src.write_text(html, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", src.as_uri()], capture_output=True, timeout=120, check=False)
    if not out.exists():
        pytest.skip("Chromium 未能打印 PDF（无头模式不可用）")
    return out

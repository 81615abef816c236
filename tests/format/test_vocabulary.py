"""The format is the single vocabulary of the tables' structure: the row, column, group and block labels of
tables 二 and 四 are written in ``gongkai/format/`` only, and every other package asks the format for them.

A string literal elsewhere that *is* such a label (compared normalised; docstrings aside) fails this test:
a second copy drifts when the format changes (a new format year, a corrected label).  Prose words that
contain a label ("未发生行政复议") are not labels and are not flagged.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from gongkai.format import FORMATS
from gongkai.textutil import norm

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"

#: not copies of the tables' labels, though they read alike
ALLOWED = {
    # the item names of 条例第二十条 (the statute's categories of proactive disclosure), not table 二's rows
    ("publications/categories.py", "行政事业性收费"),
    ("publications/categories.py", "政府集中采购"),
}


def structural_labels() -> set[str]:
    labels = set()
    for fmt in FORMATS.values():
        for table in fmt.tables:
            if table.number not in ("二", "四"):
                continue
            for row in table.rows:
                labels.update(x for x in (row.label, *row.aliases, row.group, row.block) if x)
            for col in table.columns:
                labels.update(x for x in (col.label, *col.groups) if x)
    return labels


def _docstrings(tree) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def offenders() -> list[str]:
    labels = {norm(x): x for x in structural_labels()}
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("format/") or "/migrations/" in rel:
            continue  # the format itself; migrations are frozen history (Django copies choices into them)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                label = labels.get(norm(node.value))
                if label and (rel, label) not in ALLOWED:
                    found.append(f"{rel}:{node.lineno} 「{label}」")
    return found


def test_the_labels_are_read_from_the_format():
    assert structural_labels() >= {"行政复议", "复议后起诉", "结果维持", "规章", "本年制发件数", "第二十条第（一）项"}


def test_no_structural_label_of_tables_two_and_four_outside_the_format():
    found = offenders()
    assert not found, "表二、表四的结构标签应从 gongkai.format 取得，不应另写一份：\n" + "\n".join(found)


def test_the_check_sees_a_copied_label(tmp_path, monkeypatch):
    (tmp_path / "readers").mkdir()
    (tmp_path / "readers" / "x.py").write_text('"""行政复议 in a docstring is prose."""\nKEY = "行政复议"\n',
                                               encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    assert offenders() == ["readers/x.py:2 「行政复议」"]

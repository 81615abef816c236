"""``gongkai extract --to csv`` writes each number cell's number, the JSON's ``value``, whatever digits the
report printed it with (a fresh user's report: full-width “３００１” came out as printed, the JSON said 3001)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from gongkai.cli import main

_FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}


def _extract(capsys, path, to):
    assert main(["extract", str(path), "--to", to]) == 0
    return capsys.readouterr().out


def _number_cells(doc: dict) -> dict:
    """(table label, row label, column label) → value of every number cell, through the report model."""
    from gongkai.report import AnnualReport
    report = AnnualReport.from_dict(doc)
    return {(t, row.label, col.display): str(cell.value) for t, row, col, cell in report.iter_cells()
            if cell.kind == "number"}


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_csv_value_is_the_number_when_printed_in_full_width_digits(capsys, corpus, tmp_path, suffix):
    text = corpus("real/2024_huaian-shi.txt").read_text(encoding="utf-8").translate(_FULL_WIDTH)
    path = tmp_path / f"fw{suffix}"
    if suffix == ".html":
        body = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
        text = f"<html><head><meta charset='utf-8'></head><body>\n{body}</body></html>"
    path.write_text(text, encoding="utf-8")
    doc = json.loads(_extract(capsys, path, "json"))
    numbers = _number_cells(doc)
    rows = list(csv.DictReader(io.StringIO(_extract(capsys, path, "csv"))))
    assert list(rows[0].keys()) == ["table", "row", "column", "value", "location"]  # the documented columns
    got = {(r["table"], r["row"], r["column"]): r["value"] for r in rows}
    assert len(numbers) > 100
    for key, value in numbers.items():
        assert got[key] == value, key
    assert not any(ch in r["value"] for r in rows for ch in "０１２３４５６７８９")

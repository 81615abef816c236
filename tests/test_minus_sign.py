"""The minus sign U+2212 ("−3", "−"), which NFKC keeps, reads as the hyphen-minus does ("-3", "－3"): a negative
number (which the audit then reports) or a dash.  Unread, it was taken for a part of the row's label and the row's
other numbers moved a column left — 「规章 −3 0 5」 read 本年制发 0 and 本年废止 5 (found by a new user)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from gongkai.cli import sample_path
from gongkai.readers import read_report
from gongkai.textutil import parse_value


@given(st.integers(0, 10**9), st.sampled_from(["件", "万元"]))
def test_the_minus_sign_reads_as_the_hyphen_minus(n, unit):
    assert parse_value(f"\u2212{n}", unit) == parse_value(f"-{n}", unit) == parse_value(f"－{n}", unit)


def test_the_minus_sign_alone_is_a_dash():
    assert parse_value("\u2212") == parse_value("-") == ("not_applicable", None)


def test_a_row_starting_with_a_minus_sign_keeps_its_numbers_in_their_columns(tmp_path):
    text = sample_path().read_text(encoding="utf-8")
    assert "规章\t0\t0\t0\n" in text
    for first, kind, value in (("\u22123", "number", -3), ("\u2212", "not_applicable", None)):
        path = tmp_path / "报告.txt"
        path.write_text(text.replace("规章\t0\t0\t0\n", f"规章\t{first}\t0\t5\n", 1), encoding="utf-8")
        rules = read_report(path).to_dict()["tables"]["proactive"]["rows"]["rules"]
        assert (rules["issued"]["kind"], rules["issued"].get("value")) == (kind, value)
        assert rules["issued"]["raw"] == first
        assert (rules["repealed"]["value"], rules["in_force"]["value"]) == (0, 5)

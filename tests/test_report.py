"""gongkai's report JSON is checked when read (audit, render): a hand-edited file with a wrong type, an
unknown row or a number that disagrees with what was printed is a Chinese error naming the place."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from gongkai.cli import main, sample_path
from gongkai.readers import ReadError, read_report
from gongkai.report import AnnualReport

CELL = ("proactive", "rules", "issued")


@pytest.fixture(scope="module")
def data():
    return read_report(sample_path()).to_dict()


def _with(data, tmp_path, edit):
    d = copy.deepcopy(data)
    edit(d)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


def _cell(d):
    t, r, c = CELL
    return d["tables"][t]["rows"][r][c]


@pytest.mark.parametrize("edit,message", [
    (lambda d: _cell(d).update(value=True), "「True」不是数字"),
    (lambda d: _cell(d).update(value="abc"), "「abc」不是数字"),
    (lambda d: _cell(d).update(value=10 ** 30), "过大"),
    (lambda d: _cell(d).update(value=None), "kind 为 number，但没有 value"),
    (lambda d: _cell(d).update(kind="bogus"), "kind「bogus」"),
    (lambda d: _cell(d).update(raw="7", value=3), "raw「7」与 value 3 不一致"),
    (lambda d: d["tables"]["proactive"]["rows"].update(bogusrow={}), "没有的行「bogusrow」"),
    (lambda d: d["tables"]["requests"].update(rows=[]), "tables.requests.rows 应为对象，实际为 数组"),
    (lambda d: d.update(sections=[]), "sections 应为对象"),
    (lambda d: d.update(year="二〇二三"), "year 应为整数"),
])
def test_edited_json_is_refused_with_the_place_named(data, tmp_path, edit, message):
    path = _with(data, tmp_path, edit)
    with pytest.raises(ReadError) as exc:
        read_report(path)
    assert message in str(exc.value)
    if "tables.proactive.rows.rules.issued" in str(exc.value):
        assert "表二「规章」行「本年制发件数」列" in str(exc.value)


def test_render_refuses_what_audit_refuses(data, tmp_path, capsys):
    for doc in ([1, 2, 3], None):
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        assert main(["render", str(path), "--to", "md", "-o", str(tmp_path / "o.md"), "--force"]) == 2
        err = capsys.readouterr().err
        assert "不是 gongkai 报告 JSON" in err and "内部错误" not in err
    path = _with(data, tmp_path, lambda d: _cell(d).update(value=True))
    assert main(["render", str(path), "--to", "md", "-o", str(tmp_path / "o.md"), "--force"]) == 2
    assert not (tmp_path / "o.md").exists()


def test_a_count_printed_with_a_fraction_survives_the_json_round_trip(data):
    d = copy.deepcopy(data)
    _cell(d).update(raw="1.5", value="1.5")
    rep = AnnualReport.from_dict(d)
    assert rep.value("二", "rules", "issued") == Decimal("1.5")  # kept visible to the auditor, not int("1.5")
    assert AnnualReport.from_dict(rep.to_dict()).value("二", "rules", "issued") == Decimal("1.5")
    # a value without raw (written by a program) is taken as it is
    _cell(d).update(raw="", value=4)
    assert AnnualReport.from_dict(d).value("二", "rules", "issued") == 4


def test_a_report_before_the_formats_says_so_in_its_format_field(corpus):
    """A 2013 report follows neither national format: its JSON says "pre2019", not "2021", and reads back."""
    rep = read_report(corpus("pre2019/2013_pingtan-dishuiju_pre2019format.txt"))
    d = rep.to_dict()
    assert d["format"] == "pre2019"
    assert not any(t["found"] for t in d["tables"].values())
    back = AnnualReport.from_dict(json.loads(json.dumps(d, ensure_ascii=False)))
    assert back.predates_formats and back.format_key == "pre2019"
    assert read_report(sample_path()).to_dict()["format"] == "2021"

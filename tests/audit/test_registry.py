"""The registry: every rule documented, docs/rules.md up to date, findings ordered, no false errors."""

from pathlib import Path

from example_report import build_report
from gongkai.audit.findings import CellEvidence, Finding, PassageEvidence
from gongkai.audit.registry import all_rules, audit, rules_doc
from gongkai.report import Location

ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_has_a_chinese_doc_with_what_why_example_and_a_source():
    for r in all_rules():
        assert r.severity in ("error", "warning", "notice")
        for head in ("作用", "为什么", "示例"):
            assert head in r.doc, (r.code, head)
        assert r.title and r.source, r.code


def test_arithmetic_rules_come_from_the_format_relations():
    from gongkai.format import FORMATS
    codes = {r.code for r in all_rules()}
    relation_codes = {rel.code for f in FORMATS.values() for t in f.tables for rel in t.relations}
    assert relation_codes <= codes
    assert {"R301", "R302", "R303", "R401", "R402", "R403"} <= relation_codes


def test_docs_rules_md_is_up_to_date_with_the_registry():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_doc(), \
        "docs/rules.md 已过期：运行 python -c \"from gongkai.audit.registry import rules_doc; " \
        "open('docs/rules.md','w').write(rules_doc())\""


def test_rules_doc_lists_every_code_with_its_severity_as_a_heading():
    doc = rules_doc()
    for r in all_rules():
        assert f"\n## {r.code} " in doc


def test_consistent_report_has_no_error_level_finding():
    assert [f for f in audit(build_report()) if f.severity == "error"] == []
    assert [f for f in audit(build_report(year=2020, format_id="2019")) if f.severity == "error"] == []


def test_findings_sorted_by_severity_then_document_order():
    rep = build_report(year=2024, cells={("四", "cases", "review_total"): 0,
                                         ("三", "granted", "total"): 4,
                                         ("二", "rules", "issued"): ""},
                       sections={"六": ["按照国办函【2020】109号规定，本年度未收取信息处理费。"]})
    found = audit(rep)
    sev = [f.severity for f in found]
    assert sev == sorted(sev, key=["error", "warning", "notice"].index)
    errors = [f.code for f in found if f.severity == "error"]
    assert errors.index("R302") < errors.index("R401")  # table 三 comes before table 四
    warnings = [f.code for f in found if f.severity == "warning"]
    assert warnings.index("C04") < warnings.index("F05")  # table 二 before section 六


def test_finding_to_dict_and_evidence_shapes():
    f = Finding("R301", "error", "消息", [CellEvidence("三", "（七）总计", "总计", "", Location("a.txt", 30)),
                                          PassageEvidence("一", "句子", Location("a.txt", 5))], "请核对")
    d = f.to_dict()
    assert d["severity_label"] == "错误"
    assert d["evidence"][0] == {"kind": "cell", "table": "三", "row": "（七）总计", "column": "总计", "value": "",
                                "location": {"source": "a.txt", "line": 30}}
    assert d["evidence"][1]["section"] == "一"
    assert "空白" in f.evidence[0].describe()


def test_unknown_severity_is_refused():
    import pytest
    with pytest.raises(ValueError):
        Finding("X", "fatal", "")


def test_a_rule_that_crashes_is_reported_not_raised_unless_strict(monkeypatch):
    import pytest
    from gongkai.audit.registry import RULES

    def broken(report, ctx):
        raise KeyError("boom")

    monkeypatch.setattr(RULES["N09"], "check", broken)
    found = [f for f in audit(build_report()) if f.code == "N09"]
    assert len(found) == 1 and found[0].severity == "warning" and "未能完成审核" in found[0].message
    with pytest.raises(KeyError):
        audit(build_report(), strict=True)


def test_every_code_is_one_letter_of_a_family_and_digits():
    import re

    from gongkai.audit.registry import CATEGORIES, RULE_MODULES
    for r in all_rules():
        assert re.fullmatch(r"[A-Z]\d{2,3}", r.code), r.code
        assert r.code[0] in CATEGORIES, r.code
        # each rule lives in the module of its family
        family = {"R": "arithmetic", "C": "completeness", "F": "formatting", "X": "crosscheck", "N": "narrative",
                  "P": "reading", "E": "evaluation", "Y": "yearly"}[r.code[0]]
        assert family in RULE_MODULES
        module = r.check.__module__.rsplit(".", 1)[-1]
        assert module == family, (r.code, module)


def test_old_codes_redirect_to_registered_rules():
    from gongkai.audit.registry import REDIRECTS, RULES, resolve_code, run_rule
    all_rules()
    for old, new in REDIRECTS.items():
        assert new in RULES and old not in RULES
        assert resolve_code(old) == (new, f"规则编号 {old} 已改为 {new}，已按 {new} 处理。")
        assert resolve_code(f" {old.lower()} ")[0] == new
    assert resolve_code("N01") == ("N01", "")
    assert run_rule("R3-1", build_report()) == run_rule("R301", build_report()) == []


def test_relation_rules_keep_the_spec_name_and_the_doc_next_to_the_relation():
    from gongkai.audit.registry import RULES
    from gongkai.format import FORMATS
    all_rules()
    for f in FORMATS.values():
        for t in f.tables:
            for rel in t.relations:
                r = RULES[rel.code]
                assert rel.spec_id and rel.spec_id in r.source, rel.code
                assert r.title == rel.title and r.doc.startswith("作用"), rel.code
    assert "R3-1" in RULES["R301"].source and "R4-4" in RULES["R404"].source


def test_rules_doc_lists_the_old_codes():
    assert "R3-1 → R301" in rules_doc() and "X-2 → X02" in rules_doc()

"""``gongkai render``: refuses a report with 错误 findings unless --force."""

from __future__ import annotations

import json

from office_helpers import sample_report

from gongkai.cli import main


def _json(tmp_path, broken=False):
    d = sample_report().to_dict()
    if broken:  # 一、本年新收 总计 no longer the sum of its row, nor R301
        d["tables"]["requests"]["rows"]["received"]["total"].update(value=1, raw="1")
    path = tmp_path / "r.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


def test_render_writes_markdown_from_report_json(tmp_path, capsys):
    out = tmp_path / "r.md"
    assert main(["render", str(_json(tmp_path)), "--to", "md", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# 测试市测试局2024年政府信息公开工作年度报告")


def test_render_refuses_a_report_with_errors_unless_forced(tmp_path, capsys):
    src, out = _json(tmp_path, broken=True), tmp_path / "r.xlsx"
    assert main(["render", str(src), "--to", "xlsx", "-o", str(out)]) == 1
    assert not out.exists() and "R301" in capsys.readouterr().err
    assert main(["render", str(src), "--to", "xlsx", "-o", str(out), "--force"]) == 0
    assert out.exists()

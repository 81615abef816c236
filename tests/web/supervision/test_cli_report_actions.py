"""Issue 15, remaining defect 2: 作废/移除, 恢复, 改派 and 确认版本 from the command line
(``gongkai supervise void|restore|reassign|confirm-version``), the same services as the report page: the same
refusals in Chinese, the same audit log (naming the 上级审查员 of ``--as``, or the command line's operator)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.cli import main as cli_main
from gongkai.web.auditlog.models import AuditEntry
from gongkai.web.clock import today
from gongkai.web.supervision import services
from gongkai.web.supervision.models import PublishedReport

from .conftest import batch_of, sample_text


def _import(name, text, world, **kw):
    return services.import_batch(batch_of((name, text.encode())), office=world.county, by="t", year=2023,
                                 **kw)[0].report


def _of(agency_name):
    return sample_text().replace("示例县清河镇人民政府", agency_name)


def _run(capsys, *argv):
    """The command; without --as, for the test county (the test world has two top-level offices)."""
    if "--as" not in argv and len(argv) > 1:
        argv = (*argv, "--office", "测试县人民政府")
    code = cli_main(["supervise", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_void_and_restore_by_number_sha256_or_name_audit_logged(world, unit, capsys):
    r = _import("乙局年报.txt", _of(world.b.name), world)
    # no reason: argparse refuses (the reason is required, as on the page)
    code, _, err = _run(capsys, "void", str(r.pk))
    assert code == 2 and "缺少参数 --reason" in err
    code, out, err = _run(capsys, "void", r.sha256[:10], "--reason", "不是年度报告，是政府信息公开指南")
    assert code == 0, err
    assert "已作废：乙局年报.txt（编号" in out and "gongkai supervise restore" in out
    r.refresh_from_db()
    assert r.voided_at is not None and r.void_reason == "不是年度报告，是政府信息公开指南"
    entry = AuditEntry.objects.get(action="supervision_void")
    assert entry.actor.startswith("命令行（") and entry.target_id == str(r.pk)
    assert entry.new["reason"] == "不是年度报告，是政府信息公开指南" and r.voided_by == entry.actor
    # twice: the service's refusal, said in Chinese with the file's name, exit 2
    code, _, err = _run(capsys, "void", "乙局年报.txt", "--reason", "再次")
    assert code == 2 and "乙局年报.txt：该文件已于" in err and "Traceback" not in err
    code, out, _ = _run(capsys, "restore", f"#{r.pk}", "--reason", "误作废", "--as", world.supervisor.username)
    assert code == 0 and "已恢复（撤销作废）" in out
    r.refresh_from_db()
    assert r.voided_at is None
    entry = AuditEntry.objects.get(action="supervision_restore")
    assert entry.actor == world.supervisor.username and entry.new["reason"] == "误作废"


def test_a_name_or_number_that_names_no_file_or_several_is_refused_with_the_candidates(world, unit, capsys):
    first = _import("局/年报.txt", _of(world.b.name), world)
    second = _import("镇/年报.txt", _of(world.a.name), world)
    code, _, err = _run(capsys, "void", "没有这个文件.pdf", "--reason", "x")
    assert code == 2 and "找不到文件“没有这个文件.pdf”" in err
    code, _, err = _run(capsys, "void", "年报.txt", "--reason", "x")
    assert code == 2 and "“年报.txt”对应 2 个文件" in err
    assert f"编号 {first.pk}\t局/年报.txt\t乙局" in err and f"编号 {second.pk}\t镇/年报.txt\t甲镇人民政府" in err
    assert not PublishedReport.objects.filter(voided_at__isnull=False).exists()
    # a file of another office's units is out of reach, as a 404 on the page
    code, _, err = _run(capsys, "void", str(first.pk), "--reason", "x", "--as", world.other_sup.username)
    assert code == 2 and "不在本审查机关的范围内" in err
    # --as must be a 上级审查员
    code, _, err = _run(capsys, "void", str(first.pk), "--reason", "x", "--as", world.clerk_a.username)
    assert code == 2 and "没有名为“clerk_a”的上级审查员账户" in err


def test_reassign_moves_the_file_cancels_the_old_units_items_and_says_so(world, unit, capsys):
    r = _import("乙局年报.txt", _of(world.b.name), world)
    f = r.findings.filter(origin="audit", active=True).first()
    services.review_finding(f, "confirmed", "属实", world.supervisor)
    item = services.issue_rectification(f, today() + dt.timedelta(days=20), "", world.supervisor)
    code, _, err = _run(capsys, "reassign", str(r.pk), "--to", world.a.name)
    assert code == 2 and "改派到甲镇人民政府时请写明理由" in err
    code, _, err = _run(capsys, "reassign", str(r.pk), "--to", "甲镇", "--reason", "落款是甲镇")
    assert code == 2 and "没有名为“甲镇”的机关" in err and "名称相近的：甲镇人民政府" in err
    code, _, err = _run(capsys, "reassign", str(r.pk), "--to", world.other_county.name, "--reason", "别县的")
    assert code == 2 and "没有名为“别县人民政府”的机关" in err
    code, out, _ = _run(capsys, "reassign", str(r.pk), "--to", world.a.name, "--reason", "落款是甲镇人民政府",
                        "--as", world.supervisor.username)
    assert code == 0 and "已改派：乙局年报.txt" in out and "从乙局改派到甲镇人民政府" in out
    assert "乙局据此报告下发的 1 项未办结整改事项已自动撤销" in out
    r.refresh_from_db()
    item.refresh_from_db()
    assert r.agency == world.a and r.match_state == "confirmed" and item.status == "cancelled"
    entry = AuditEntry.objects.get(action="supervision_reassign")
    assert (entry.old["agency"], entry.new["agency"], entry.actor) == ("乙局", "甲镇人民政府", world.supervisor.username)


def test_confirm_version_pins_and_releases(world, unit, capsys):
    text = _of(world.b.name)
    first = _import("乙局原版.txt", text, world, published_on=dt.date(2024, 1, 10))
    second = _import("乙局更正.txt", text.replace("六、其他需要报告的事项", "六、其他需要报告的事项\n本报告发布后作了更正。", 1),
                     world, published_on=dt.date(2024, 2, 1))
    code, _, err = _run(capsys, "confirm-version", "乙局更正.txt", "--version", "3")
    assert code == 2 and "版本号应在 1 到 2 之间" in err
    code, _, err = _run(capsys, "confirm-version", "乙局更正.txt", "--version", "3", "--release")
    assert code == 2 and "--release" in err
    code, out, _ = _run(capsys, "confirm-version", "乙局更正.txt", "--version", "1")
    assert code == 0 and "为第1版" in out
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.version, second.version_pinned, first.version) == (1, 1, 2)
    assert AuditEntry.objects.get(action="supervision_pin_version").new == {"version": 1, "pinned": 1}
    code, out, _ = _run(capsys, "confirm-version", "乙局更正.txt", "--release")
    second.refresh_from_db()
    assert code == 0 and "已取消确认" in out and (second.version, second.version_pinned) == (2, None)


def test_the_commands_have_chinese_help(capsys):
    for command in ("void", "restore", "reassign", "confirm-version"):
        with pytest.raises(SystemExit) as exc:
            cli_main(["supervise", command, "--help"])
        assert exc.value.code == 0
        out = capsys.readouterr().out
        assert "编号（报告页地址" in out and "--as" in out

"""``-o`` as a new user gives it: the text report is written where asked, and a file that cannot be written is
said in Chinese (never the system's English "Is a directory"), with exit status 2."""

from __future__ import annotations

import errno
import importlib
import os
import re
import subprocess
import sys

import pytest

from gongkai.cli import main, sample_path
from gongkai.cli.output import os_reason


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_audit_text_report_goes_to_the_output_file_not_the_screen(capsys, tmp_path):
    """``gongkai audit 报告 -o 结果.txt`` printed to the screen and wrote no file (-o was taken for JSON/CSV only)."""
    code_screen, screen, _ = run(capsys, "audit", str(sample_path()))
    out = tmp_path / "审核 结果.txt"
    code, printed, err = run(capsys, "audit", str(sample_path()), "-o", str(out))
    assert code == code_screen == 1
    assert printed == "" and err == ""
    assert out.read_text(encoding="utf-8") == screen


def test_folder_audit_text_report_with_its_summary_goes_to_the_output_file(capsys, tmp_path):
    folder = tmp_path / "各单位 年报"
    folder.mkdir()
    (folder / "a.txt").write_text(sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    out = tmp_path / "结果.txt"
    code, printed, _ = run(capsys, "audit", str(folder), "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert code == 2 and printed == ""
    assert "汇总" in text and "无法读取" in text and "示例县清河镇人民政府" in text
    assert "\x1b[" not in text  # no terminal colours in a file


@pytest.mark.parametrize("argv", [
    ("audit", "{sample}", "-o", "{dir}"),
    ("audit", "{sample}", "--format", "json", "-o", "{file}/x.json"),
    ("extract", "{sample}", "-o", "{file}/x.json"),
    ("render", "{sample}", "--to", "md", "--force", "-o", "{dir}"),
    ("render", "{sample}", "--to", "html", "--force", "-o", "{file}/x.html"),
    ("render", "{sample}", "--to", "docx", "--force", "-o", "{dir}/无/x.docx"),
])
def test_an_output_that_cannot_be_written_is_said_in_chinese(capsys, tmp_path, argv):
    folder = tmp_path / "输出 目录"
    folder.mkdir()
    a_file = tmp_path / "已有 文件.txt"
    a_file.write_text("x", encoding="utf-8")
    args = [a.format(sample=sample_path(), dir=folder, file=a_file) for a in argv]
    code, _, err = run(capsys, *args)
    assert code == 2 and "无法写入" in err
    assert re.search(r"（(这是一个文件夹|路径中有一部分是文件而不是文件夹|所在文件夹不存在)）", err), err
    assert not re.search(r"[A-Za-z]{3,} (a|directory|such)", err), err  # no "Is a directory", "No such file"
    assert a_file.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("code", [errno.ENOENT, errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTDIR,
                                  errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.ENAMETOOLONG, errno.EFBIG,
                                  errno.ETXTBSY, errno.EBUSY])
def test_the_common_reasons_a_write_fails_are_chinese(code):
    reason = os_reason(OSError(code, "English words", "x"))
    assert re.search(r"[\u4e00-\u9fff]", reason) and "English" not in reason


def test_a_read_only_output_folder_is_said_in_chinese(capsys, tmp_path, monkeypatch):
    """A read-only folder (the tests run as root, who may write anywhere: the refusal is the system's)."""
    render_module = importlib.import_module("gongkai.cli.render")

    def refuse(report, to, output):
        raise PermissionError(errno.EACCES, "Permission denied", str(output))

    monkeypatch.setattr(render_module, "render", refuse)
    code, _, err = run(capsys, "render", str(sample_path()), "--to", "md", "--force", "-o", str(tmp_path / "x.md"))
    assert code == 2 and "无法写入" in err and "没有写入权限" in err and "Permission" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="没有 /dev/full")
def test_a_full_disk_on_the_screen_output_is_said_in_chinese_only(tmp_path):
    """``gongkai audit … > /dev/full``: 「磁盘已满」, without the system's 'No space left on device'."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "gongkai", "audit", "--sample"], stdout=full,
                              stderr=subprocess.PIPE, env=env, timeout=120)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and "无法写出结果：磁盘已满" in err and "No space" not in err


def test_a_data_folder_setting_naming_a_file_is_said_not_an_internal_error(capsys, tmp_path, monkeypatch):
    """GONGKAI_DATA_DIR naming a file: 「数据文件夹 … 无法使用」, exit 2 — it was 内部错误 (NotADirectoryError), exit 4."""
    a_file = tmp_path / "数据.txt"
    a_file.write_text("x", encoding="utf-8")
    notice = tmp_path / "通知.txt"
    notice.write_text("国务院办公厅关于2035年部分节假日安排的通知\n一、元旦：1月1日放假，共1天。\n", encoding="utf-8")
    for setting in (a_file, a_file / "下一层"):
        monkeypatch.setenv("GONGKAI_DATA_DIR", str(setting))
        code, _, err = run(capsys, "calendar", "import", str(notice))
        assert code == 2 and f"数据文件夹 {setting} 无法使用" in err and "GONGKAI_DATA_DIR" in err
        assert "内部错误" not in err and "Not a directory" not in err
    assert a_file.read_text(encoding="utf-8") == "x"


def test_the_platform_with_a_data_folder_setting_naming_a_file_is_said_too(tmp_path):
    a_file = tmp_path / "数据.txt"
    a_file.write_text("x", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "GONGKAI_DATA_DIR": str(a_file)}
    env.pop("DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "gongkai", "backup"], capture_output=True, env=env, timeout=300)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and "数据文件夹" in err and "已有同名的文件，不是文件夹" in err, err
    assert a_file.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("to,name", [("md", "年报.docx"), ("pdf", "年报.doc"), ("docx", "年报.PDF"), ("xlsx", "年报.html"),
                                     ("html", "年报.txt")])
def test_render_refuses_a_name_of_another_format(capsys, tmp_path, to, name):
    """Markdown written to 年报.docx was 已生成 and opened in no word processor."""
    code, _, err = run(capsys, "render", str(sample_path()), "--to", to, "-o", str(tmp_path / name), "--force")
    assert code == 2 and f"而 --to 是 {to}" in err and not (tmp_path / name).exists()


@pytest.mark.parametrize("to,name", [("html", "年报.htm"), ("md", "年报.markdown"), ("md", "年报"), ("docx", "年报.DOCX")])
def test_render_takes_a_name_of_its_format_or_without_an_ending(capsys, tmp_path, to, name):
    code, out, _ = run(capsys, "render", str(sample_path()), "--to", to, "-o", str(tmp_path / name), "--force")
    assert code == 0 and (tmp_path / name).stat().st_size > 0

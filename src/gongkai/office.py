"""LibreOffice (headless) as a converter, shared at the bottom: the PDF writer converts its DOCX to PDF
(:mod:`gongkai.writers.pdf`), the legacy reader converts DOC/WPS to DOCX (:mod:`gongkai.readers.legacy`), the web
platform converts reply letters to PDF.  Needs ``soffice`` (Debian: libreoffice-writer-nogui) and, for
Chinese text, CJK fonts (fonts-noto-cjk).  ``gongkai.writers.pdf`` keeps the names it had as aliases.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

SOFFICE_TIMEOUT_S = 120

# fontconfig aliases (used by LibreOffice) for the 公文 fonts most machines lack: a serif CJK face for
# 仿宋/宋体/小标宋, a sans one for 黑体, always the Simplified Chinese (SC) face of Noto CJK (its
# Japanese face, the first in the .ttc, draws 辶, 骨, 直 … the Japanese way).  Used only when the
# named font is not installed (an <accept> alias comes after the named family).
# pdffonts names the embedded fonts "NotoSerifCJKjp-Regular-…" whichever face is used: the faces
# of fonts-noto-cjk's .ttc share one CFF table, and its font name is the Japanese one; the glyphs
# are those of the SC face (tests/writers/test_pdf.py renders both and compares).
FONT_SUBSTITUTES = {
    "方正小标宋简体": "Noto Serif CJK SC",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "楷体": "Noto Serif CJK SC",
}


def fontconfig_file(outdir: Path, substitutes: dict[str, str] | None = None) -> Path:
    """A fontconfig file for the soffice process: the system configuration plus ``substitutes`` (default
    FONT_SUBSTITUTES) as aliases (each named font first, its substitute next), and ``zh-cn`` as the language of
    every request for them."""
    from xml.sax.saxutils import escape

    substitutes = FONT_SUBSTITUTES if substitutes is None else substitutes

    aliases = "".join(f"<alias binding=\"same\"><family>{escape(font)}</family><accept><family>{escape(sub)}</family>"
                      "</accept></alias>" for font, sub in substitutes.items())
    # a request for a 公文 font is a request for Simplified Chinese glyphs, whatever language the caller set
    aliases += "".join(f'<match target="pattern"><test name="family"><string>{escape(font)}</string></test>'
                       '<edit name="lang" mode="assign" binding="strong"><string>zh-cn</string></edit></match>'
                       for font in substitutes)
    path = outdir / "fonts.conf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"
                    f"{aliases}</fontconfig>", encoding="utf-8")
    return path


class RenderError(Exception):
    """A format could not be produced (message in Chinese, says what to install or fix)."""


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed: ``GONGKAI_SOFFICE`` (environment) when set,
    else ``soffice`` or ``libreoffice`` on the PATH."""
    named = os.environ.get("GONGKAI_SOFFICE", "").strip()
    if named:
        return shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the process group ``proc`` leads (soffice's wrapper, oosplash and the soffice.bin they start: a
    LibreOffice left running after a timeout keeps a core busy, its temporary profile already deleted), then
    reap ``proc``.  Harmless when all of them are gone."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process that survives SIGKILL (uninterruptible I/O)
        pass


def convert_with_soffice(source: Path, target_ext: str, outdir: Path, timeout: int = SOFFICE_TIMEOUT_S, *,
                         substitutes: dict[str, str] | None = None) -> Path:
    """Convert ``source`` with ``soffice --headless --convert-to target_ext``; returns the new file.

    A private LibreOffice profile in ``outdir`` lets conversions run side by side; ``substitutes``: the font
    aliases (:func:`fontconfig_file`).
    Raises RenderError when soffice is missing, times out or produces nothing.
    """
    exe = soffice_path()
    if exe is None:
        raise RenderError("未安装 LibreOffice（soffice），无法转换文件格式。请安装：apt-get install libreoffice-writer-nogui "
                          "fonts-noto-cjk")
    profile = (outdir / "lo-profile").resolve()
    cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", target_ext,
           "--outdir", str(outdir), str(source)]
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(outdir, substitutes).resolve()))
    # a session of its own: on a timeout, and on every other way out (the reader's own time limit raises inside
    # communicate, Ctrl-C, a worker stopped), the whole group is killed — LibreOffice's soffice.bin included
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"LibreOffice 转换 {source.name} 超时（{timeout} 秒）") from exc
    finally:
        _kill_group(proc)
    out = outdir / (source.stem + "." + target_ext.split(":")[0])
    if proc.returncode != 0 or not out.exists():
        detail = (stderr or stdout).decode("utf-8", "replace").strip()[-300:]
        raise RenderError(f"LibreOffice 未能把 {source.name} 转换为 {target_ext}：{detail or '没有输出文件'}")
    return out

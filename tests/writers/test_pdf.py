"""The PDF writer's fonts: the 公文 fonts most machines lack are drawn with the Simplified Chinese
(SC) faces of Noto CJK, not the Japanese ones (辶, 骨, 直 have other forms in Japan).

pdffonts cannot tell: the faces of fonts-noto-cjk's .ttc share one CFF table whose font name is
"NotoSerifCJKjp-Regular", so every face embeds under that name.  The tests ask fontconfig which
face our configuration resolves to, and compare the rendered glyphs with those of a forced SC and
a forced JP substitution.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from gongkai.writers import pdf as pdf_writer

GONGWEN_FONTS = ["方正小标宋简体", "仿宋_GB2312", "仿宋", "宋体", "黑体", "楷体"]


def _noto_sc_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return "Noto Serif CJK SC" in out and "Noto Sans CJK SC" in out


needs_fonts = pytest.mark.skipif(not _noto_sc_installed() or shutil.which("fc-match") is None,
                                 reason="fontconfig 或 Noto CJK 字体未安装：apt-get install fonts-noto-cjk fontconfig")


@needs_fonts
@pytest.mark.parametrize("font", GONGWEN_FONTS)
def test_our_fontconfig_resolves_each_gongwen_font_to_the_simplified_chinese_face(font, tmp_path):
    conf = pdf_writer._fontconfig_file(tmp_path)
    out = subprocess.run(["fc-match", "-f", "%{family[0]}|%{postscriptname}", font], capture_output=True, text=True,
                         env={"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin"}).stdout
    family, psname = out.split("|")
    assert family == ("Noto Sans CJK SC" if font == "黑体" else "Noto Serif CJK SC")
    assert psname.startswith(("NotoSerifCJKsc", "NotoSansCJKsc"))


def _render_glyphs(tmp_path, name: str) -> bytes:
    """A one-page DOCX of region-dependent characters in three 公文 fonts → PDF → grey bitmap."""
    import docx

    from gongkai.writers.docx import _set_fonts

    document = docx.Document()
    for font in ("宋体", "仿宋_GB2312", "黑体"):
        _set_fonts(document.add_paragraph().add_run("通过返还骨直说"), font, 28)
    outdir = tmp_path / name
    outdir.mkdir()
    document.save(outdir / "g.docx")
    pdf = pdf_writer.convert_with_soffice(outdir / "g.docx", "pdf", outdir)
    return subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(pdf)], capture_output=True,
                          check=True).stdout


@needs_fonts
@pytest.mark.skipif(pdf_writer.soffice_path() is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice 或 poppler-utils 未安装：apt-get install libreoffice-writer-nogui poppler-utils")
def test_pdf_draws_the_gongwen_fonts_with_the_simplified_chinese_glyphs(tmp_path, monkeypatch):
    ours = _render_glyphs(tmp_path, "ours")
    forced = {}
    for region in ("SC", "JP"):
        monkeypatch.setattr(pdf_writer, "FONT_SUBSTITUTES",
                            {f: s.replace(" SC", f" {region}") for f, s in pdf_writer.FONT_SUBSTITUTES.items()})
        forced[region] = _render_glyphs(tmp_path, region)
    assert forced["SC"] != forced["JP"]  # the characters do differ between the faces
    assert ours == forced["SC"]

"""PDF writer: the DOCX of :mod:`gongkai.writers.docx` converted by LibreOffice (headless).

Why LibreOffice and not WeasyPrint from the HTML: the PDF is the document an agency
prints and stamps, so it must be the same page as the DOCX (GB/T 9704 margins, 公文 fonts,
the template's merged cells, page numbers) — converting that DOCX keeps one layout to
maintain.  See docs/office-formats.md.  Needs ``soffice`` (Debian: libreoffice-writer-nogui)
and CJK fonts (fonts-noto-cjk) on the machine.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .. import office
from ..office import FONT_SUBSTITUTES, SOFFICE_TIMEOUT_S
from ..report import AnnualReport
from .docx import write_docx

# LibreOffice itself is at the bottom (gongkai.office: the legacy reader converts with it too); these names stay
# here as aliases for existing callers
RenderError = office.RenderError
soffice_path = office.soffice_path


def _fontconfig_file(outdir: Path) -> Path:
    """:func:`gongkai.office.fontconfig_file` with this module's FONT_SUBSTITUTES."""
    return office.fontconfig_file(outdir, FONT_SUBSTITUTES)


def convert_with_soffice(source: Path, target_ext: str, outdir: Path, timeout: int = SOFFICE_TIMEOUT_S) -> Path:
    """:func:`gongkai.office.convert_with_soffice` with this module's FONT_SUBSTITUTES (an alias kept for
    existing callers).  Raises RenderError when soffice is missing, times out or produces nothing."""
    return office.convert_with_soffice(source, target_ext, outdir, timeout, substitutes=FONT_SUBSTITUTES)


def write_pdf(report: AnnualReport, path: str | Path) -> Path:
    """Write the report to ``path`` (.pdf) via DOCX → LibreOffice; returns the path.

    Raises RenderError when LibreOffice is missing or fails.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as tmp:
        tmpdir = Path(tmp)
        docx_path = write_docx(report, tmpdir / "report.docx")
        pdf = convert_with_soffice(docx_path, "pdf", tmpdir)
        shutil.copyfile(pdf, path)
    return path

"""Writers: an :class:`~gongkai.report.AnnualReport` as HTML, Markdown, XLSX, DOCX or PDF.

Every writer lays its tables out from the format model (:mod:`gongkai.writers.layout`),
so a new format year needs no writer changes.  A cell prints as its kind demands:
number → the number, blank → empty, not_applicable → its mark, missing → empty.
"""

from .docx import write_docx
from .html import write_html
from .markdown import write_markdown
from .pdf import RenderError, write_pdf
from .xlsx import write_xlsx

WRITERS = {"docx": write_docx, "pdf": write_pdf, "xlsx": write_xlsx}
TEXT_WRITERS = {"html": write_html, "md": write_markdown}

__all__ = ["RenderError", "TEXT_WRITERS", "WRITERS", "write_docx", "write_html", "write_markdown", "write_pdf",
           "write_xlsx"]

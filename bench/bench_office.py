"""Time gongkai's PDF and DOCX readers against the bare library text extraction.

    python bench/bench_office.py [--repeat N] [--json FILE]

Prints, per file, the median seconds of ``read_pdf``/``read_docx`` and of pdfplumber's
``extract_text`` / python-docx's paragraph and cell texts, and the overhead ratio.  For each file the two
sides alternate within every repetition (ours, bare, ours, bare …), so load from other processes on this
shared machine hits both alike; each side takes tens to hundreds of milliseconds per file, well above the
timer's resolution.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _results import add_json_arg, record  # bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def interleaved(ours, bare, repeat):
    """(median seconds of ours, of bare), the two alternating within every repetition."""
    t_ours, t_bare = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        ours()
        t_ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        bare()
        t_bare.append(time.perf_counter() - t)
    return statistics.median(t_ours), statistics.median(t_bare)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    add_json_arg(ap)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "tests"))
    import docx
    import pdfplumber
    from office_helpers import sample_report

    from gongkai.readers.docx import read_docx
    from gongkai.readers.pdf import read_pdf
    from gongkai.writers import write_docx

    pdf_path = SHARED / "pdf" / "2024_huaian_shizhengfu.pdf"
    rows = []
    if pdf_path.exists():
        def bare_pdf():
            with pdfplumber.open(pdf_path) as pdf:
                return [p.extract_text() for p in pdf.pages]
        rows.append((pdf_path.name, *interleaved(lambda: read_pdf(pdf_path), bare_pdf, args.repeat)))
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = write_docx(sample_report(), Path(tmp) / "sample.docx")
        data = docx_path.read_bytes()

        def bare_docx():
            d = docx.Document(io.BytesIO(data))
            return [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
        rows.append(("sample.docx", *interleaved(lambda: read_docx(data, "sample.docx"), bare_docx, args.repeat)))
    print(f"{'file':32} {'gongkai (s)':>12} {'bare (s)':>10} {'ratio':>7}")
    for name, ours, bare in rows:
        print(f"{name:32} {ours:12.3f} {bare:10.3f} {ours / bare:7.2f}")
    record(args.json, "bench_office.py", [
        {"what": ("淮安市人民政府 2024 PDF 读取映射（PDFium，" if name.endswith(".pdf") else "示例 DOCX 读取映射（")
                 + f"墙钟，{args.repeat} 次交替取中位数）",
         "ours": f"{ours:.3f} s",
         "floor": f"{'`pdfplumber` extract_text' if name.endswith('.pdf') else 'python-docx 段落与单元格文字'} {bare:.3f} s",
         "ratio": f"{ours / bare:.2f}×"} for name, ours, bare in rows])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Dump every block and every mapped cell the PDF reader reads from a set of PDFs, and compare two dumps.

Used to change the PDF reader without reading anything differently (issue 16):

    python tools/pdf_cells_dump.py make  /tmp/gongkai-pdf-set        # build the PDF set (LibreOffice, ~1 min)
    python tools/pdf_cells_dump.py dump  /tmp/gongkai-pdf-set before.json
    … change the reader …
    python tools/pdf_cells_dump.py dump  /tmp/gongkai-pdf-set after.json
    python tools/pdf_cells_dump.py compare before.json after.json

The set: the corpus PDFs (../shared/corpus/pdf), every corpus report (seed, real, markdown) rendered by
gongkai's PDF writer, random consistent reports of the layout generator's kind (tests/office_helpers.py, some
table 三 cells blank, some "/") rendered the same way, the corpus HTML and text files converted to PDF by
LibreOffice directly (tables as the browser would draw them, text without any ruling), and the PDFs Debian
ships with its documentation (prose, no report: the reader must not invent rows there either).

``tools/pdf_cells_baseline.json.gz`` is the dump of main's PDFium reader (issue 16, with the reading
improvements made since the pdfplumber reader's baseline: 411 cells in 37 files differed from that one) on the
set as made on 2026-12-06 (LibreOffice 7, Debian); a set made elsewhere renders slightly differently, so dump the
baseline again with main's reader (git) before comparing there.  A ``.gz`` name is read and written compressed.

``compare`` prints every mapped cell whose (kind, value, raw) changed and every raw block that changed, and
exits 1 when a number changed or a number was lost; a cell that was unread and is now read is listed as such.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SYSTEM_PDFS = ["/usr/share/doc/libtasn1-doc/libtasn1.pdf", "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
               "/usr/lib/libreoffice/share/xpdfimport/xpdfimport_err.pdf"]
RANDOM_REPORTS = 16


def _soffice(sources: list[Path], outdir: Path) -> None:
    from gongkai.writers.pdf import _fontconfig_file, soffice_path

    import os

    env = dict(os.environ, FONTCONFIG_FILE=str(_fontconfig_file(outdir).resolve()))
    profile = (outdir / "lo-profile").resolve()
    subprocess.run([soffice_path(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, sources)],
                   capture_output=True, timeout=900, check=False, env=env)


def make(target: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from office_helpers import consistent_values, report_from_values

    from gongkai.format import FORMAT_2021
    from gongkai.readers import read_report
    from gongkai.writers import write_docx

    target.mkdir(parents=True, exist_ok=True)
    for pdf in sorted((CORPUS / "pdf").glob("*.pdf")):
        shutil.copyfile(pdf, target / f"corpus-{pdf.name}")
    for pdf in SYSTEM_PDFS:
        if Path(pdf).exists():
            shutil.copyfile(pdf, target / f"system-{Path(pdf).name}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docx = []
        for folder in ("seed", "real", "markdown"):
            for src in sorted((CORPUS / folder).glob("*.*")):
                if src.suffix not in (".txt", ".html", ".md"):
                    continue
                try:
                    rep = read_report(src)
                except Exception as exc:  # noqa: BLE001 - a corpus file the readers refuse is not in the set
                    print("skipped", src, exc)
                    continue
                docx.append(write_docx(rep, tmp / f"rendered-{folder}-{src.stem}.docx"))
                if src.suffix in (".html", ".txt"):  # LibreOffice's own rendering of the source
                    copy = tmp / f"direct-{folder}-{src.stem}{src.suffix}"
                    shutil.copyfile(src, copy)
                    docx.append(copy)
        t3 = [k for t in FORMAT_2021.tables if t.number == "三" for k in
              [(t.number, r.id, c.id) for r, c in t.cells()]]
        for seed in range(RANDOM_REPORTS):
            rng = random.Random(seed)
            values = consistent_values(rng, [0, 3, 60, 5000][seed % 4])
            blanks = rng.sample(t3, seed % 4)
            na = rng.sample([k for k in t3 if k not in blanks], 1 if seed % 5 == 0 else 0)
            for key in blanks + na:
                values.pop(key)
            rep = report_from_values(values, blanks=blanks, not_applicable=na,
                                     title="测试市测试局2024年政府信息公开工作年度报告")
            docx.append(write_docx(rep, tmp / f"random-{seed:02d}.docx"))
        _soffice(docx, tmp)
        for pdf in tmp.glob("*.pdf"):
            shutil.copyfile(pdf, target / pdf.name)
    print(len(list(target.glob("*.pdf"))), "PDFs in", target)


def _read(path: Path) -> str:
    import gzip

    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")


def _write(path: Path, text: str) -> None:
    import gzip

    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def _block(b) -> list:
    from gongkai.readers.base import RowBlock

    loc = [b.location.page, b.location.where]
    if isinstance(b, RowBlock):
        return ["row", b.table, loc, [[c.text, c.spanned] for c in b.cells]]
    return ["text", loc, b.text]


def dump(folder: Path, out: Path) -> None:
    from gongkai.readers.base import ReadError
    from gongkai.readers.mapping import map_document
    from gongkai.readers.pdf import read_pdf

    result = {}
    for pdf in sorted(folder.glob("*.pdf")):
        try:
            raw = read_pdf(pdf, pdf.name)
        except ReadError as exc:
            result[pdf.name] = {"error": exc.message}
            continue
        entry = {"blocks": [_block(b) for b in raw.blocks], "meta": raw.meta, "title": raw.title}
        try:
            rep = map_document(raw)
            entry["cells"] = {"|".join(k): [c.kind, str(c.value) if c.value is not None else None, c.raw]
                              for k, c in sorted(rep.cells.items())}
        except ReadError as exc:
            entry["cells_error"] = exc.message
        result[pdf.name] = entry
    _write(out, json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True))
    print(len(result), "PDFs dumped to", out)


def compare(before: Path, after: Path) -> int:
    a = json.loads(_read(before))
    b = json.loads(_read(after))
    bad = 0
    for name in sorted(set(a) | set(b)):
        x, y = a.get(name), b.get(name)
        if x == y:
            continue
        print(f"== {name}")
        if x is None or y is None or "error" in x or "error" in y:
            print("  ", (x or {}).get("error"), "→", (y or {}).get("error"))
            bad += 1
            continue
        cx, cy = x.get("cells", {}), y.get("cells", {})
        for key in sorted(set(cx) | set(cy)):
            if cx.get(key) == cy.get(key):
                continue
            old, new = cx.get(key), cy.get(key)
            better = new and new[0] == "number" and (not old or old[0] != "number")
            if not better:
                bad += 1
            print(f"  {'READ NOW' if better else 'CHANGED '} {key}: {old} → {new}")
        bx, by = x["blocks"], y["blocks"]
        if bx != by:
            import difflib

            for line in difflib.unified_diff([json.dumps(v, ensure_ascii=False) for v in bx],
                                             [json.dumps(v, ensure_ascii=False) for v in by], lineterm="", n=0):
                print("  ", line[:200])
        for key in ("meta", "title"):
            if x.get(key) != y.get(key):
                print(f"   {key}: {x.get(key)} → {y.get(key)}")
    print("cells changed (not newly read):", bad)
    return 1 if bad else 0


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    if argv[:1] == ["make"]:
        make(Path(argv[1]))
    elif argv[:1] == ["dump"]:
        dump(Path(argv[1]), Path(argv[2]))
    elif argv[:1] == ["compare"]:
        return compare(Path(argv[1]), Path(argv[2]))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

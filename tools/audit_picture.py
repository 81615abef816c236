"""Render `gongkai audit` of a report as an SVG picture for the docs (rich's recorder).

    .venv/bin/python tools/audit_picture.py ../shared/corpus/seed/2023_hulin_abei_xiang.txt docs/images/audit-seed.svg
"""

from __future__ import annotations

import sys

from rich.console import Console

from gongkai.cli.audit import expand_paths
from gongkai.cli.batch import _audit_one
from gongkai.cli.terminal import print_audit


def main(report: str, out: str) -> int:
    console = Console(record=True, width=110, force_terminal=True, highlight=False)
    path = expand_paths([report])[0]
    rep, findings = _audit_one(path, None)
    print_audit([{"path": report, "report": rep, "findings": findings, "error": None}], console=console)
    console.save_svg(out, title=f"gongkai audit {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

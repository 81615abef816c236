"""Layers: readers do not reach up into the writers (LibreOffice is at the bottom, gongkai.office), the composition
of a report imports no Django, and the writers keep the LibreOffice names as aliases."""

from __future__ import annotations

import ast
from pathlib import Path

import gongkai

SRC = Path(gongkai.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg = ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = pkg.rsplit(".", node.level - 1)[0] if node.level else ""
            out.add(f"{base}.{node.module}" if node.level and node.module else base if node.level else node.module)
    return out


def test_no_reader_imports_a_writer():
    bad = {p.name: sorted(m for m in _imports(p) if m.startswith("gongkai.writers"))
           for p in (SRC / "readers").glob("*.py")}
    assert {k: v for k, v in bad.items() if v} == {}


def test_no_module_of_the_composition_imports_django():
    bad = {p.name: sorted(m for m in _imports(p) if m.split(".")[0] == "django") for p in (SRC / "compose").glob("*.py")}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_writers_keep_the_libreoffice_names_as_aliases():
    from gongkai import office
    from gongkai.writers import RenderError, pdf

    assert RenderError is office.RenderError and pdf.soffice_path is office.soffice_path
    assert pdf.FONT_SUBSTITUTES is office.FONT_SUBSTITUTES


def test_web_apps_reach_other_domain_apps_only_through_their_services():
    """A web app imports another domain app's ``services`` (or its URLs by name), never its models, views,
    forms or engine (accounts and agencies, the users and the agencies every app works for, excepted)."""
    web = SRC / "web"
    apps = ("cases", "litigation", "publications", "reports", "supervision", "todo", "auditlog")
    bad = []
    for app in apps:
        for p in (web / app).rglob("*.py"):
            if "migrations" in p.parts:
                continue
            for m in _imports(p):
                parts = m.split(".")
                if len(parts) >= 4 and parts[:2] == ["gongkai", "web"] and parts[2] in apps and parts[2] != app \
                        and parts[3] != "services":
                    bad.append(f"{p.relative_to(web)}: {m}")
    assert bad == []

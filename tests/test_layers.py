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
    apps = ("cases", "reviews", "publications", "reports", "supervision", "todo", "auditlog")
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


def _function_local_project_imports(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each import of gongkai's own modules written inside a function of ``path``."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            if inside and isinstance(child, ast.ImportFrom) and (child.level or (child.module or "").split(".")[0] == "gongkai"):
                found.append((child.lineno, lines[child.lineno - 1].strip()))
            elif inside and isinstance(child, ast.Import) and any(a.name.split(".")[0] == "gongkai" for a in child.names):
                found.append((child.lineno, lines[child.lineno - 1].strip()))
            visit(child, inside)

    visit(ast.parse(text), False)
    return found


#: packages being reworked on other branches when this rule came in (issue 10): their function-local imports
#: are listed by test_the_pending_packages_are_still_pending and swept when those branches have merged
PENDING: tuple[str, ...] = ()  # packages not yet swept (none left)


def test_function_local_imports_of_the_project_are_few_and_each_says_why():
    """Issue 10: the project's own modules are imported at the top of a module; at most 10 imports inside a
    function, each a deliberate lazy load saying why in a ``# lazy:`` comment on its line (an apps.py ready()
    hook, the WSGI application of ``gongkai serve``, …).  A cycle is broken, not hidden in a function."""
    local = {f"{p.relative_to(SRC)}:{line}": text for p in sorted(SRC.rglob("*.py"))
             if "migrations" not in p.parts and p.relative_to(SRC).parts[0] not in PENDING
             for line, text in _function_local_project_imports(p)}
    assert {k: v for k, v in local.items() if "# lazy:" not in v} == {}
    assert len(local) <= 10, local


def test_the_pending_packages_are_still_pending():
    """Remove a package from PENDING once it has no function-local import without ``# lazy:``."""
    for package in PENDING:
        assert any("# lazy:" not in text for p in (SRC / package).rglob("*.py")
                   for _, text in _function_local_project_imports(p)), f"{package} is swept: remove it from PENDING"


def test_nothing_outside_web_imports_django_or_the_platform():
    """Issue 10: Django is the platform's, under gongkai/web/ only; the command line routes to the platform's
    command groups (gongkai.web.commands) by name (gongkai.cli.load_group), without importing them."""
    bad = {}
    for p in SRC.rglob("*.py"):
        if p.relative_to(SRC).parts[0] == "web":
            continue
        hits = sorted(m for m in _imports(p) if m and (m.split(".")[0] == "django" or m.startswith("gongkai.web")))
        if hits:
            bad[str(p.relative_to(SRC))] = hits
    assert bad == {}

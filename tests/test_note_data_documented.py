"""Every key a reading note's ``data`` can carry is documented in docs/schema.md ("读取说明（`notes`）的 `data`").

The keys are found in the source, not in a sample of readings: each ``self.note("P01", message, location, key=…)``
call of the readers (its keyword arguments, the keys of a ``**{…}`` splat, and the keys of the dict literals in a
keyword's value, as ``rows[].line``) and each ``ReadingNote(code, message, location, {…})`` of the registers' own
reports.  A key written by a new note and not documented fails here, with the code and the place that writes it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "docs" / "schema.md"
SRC = ROOT / "src" / "gongkai"


def _dict_keys(node: ast.AST) -> set[str]:
    """The constant string keys of the dict literals anywhere in ``node``."""
    return {k.value for d in ast.walk(node) if isinstance(d, ast.Dict)
            for k in d.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def emitted_keys() -> dict[tuple[str, str], str]:
    """(code, key) → the first place in the source that writes it."""
    found: dict[tuple[str, str], str] = {}
    for path in sorted(SRC.rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call) or not call.args or not isinstance(call.args[0], ast.Constant):
                continue
            code, where = call.args[0].value, f"{path.relative_to(ROOT)}:{call.lineno}"
            keys: set[str] = set()
            if isinstance(call.func, ast.Attribute) and call.func.attr == "note":
                for kw in call.keywords:
                    if kw.arg is None:  # **({"digit_bound": …} if … else {})
                        keys |= _dict_keys(kw.value)
                    else:
                        keys.add(kw.arg)
                        keys |= {f"{kw.arg}[].{k}" for k in _dict_keys(kw.value)}
            elif isinstance(call.func, ast.Name) and call.func.id == "ReadingNote" and len(call.args) > 3:
                data = call.args[3]
                keys |= {k.value for k in getattr(data, "keys", []) if isinstance(k, ast.Constant)}
            for key in keys:
                found.setdefault((code, key), where)
    return found


def documented_keys() -> set[tuple[str, str]]:
    """(code, key) pairs of the table in docs/schema.md, and the ``data.key`` the text names after a code that
    is no P-code (the registers' own notes)."""
    text = SCHEMA.read_text(encoding="utf-8")
    start = text.index("### 读取说明（`notes`）的 `data`")
    text = text[start:text.index("\n## ", start)]  # (the table of a CELL's keys above names codes too)
    pairs = set()
    for line in text.splitlines():
        m = re.match(r"\|\s*`([\w\[\].]+)`\s*\|([^|]*)\|", line)
        if m:
            pairs |= {(code, m.group(1)) for code in re.findall(r"P\d\d", m.group(2))}
    for code, said in re.findall(r"`([a-z][\w-]+)`（([^）]*)）", text):
        pairs |= {(code, key) for key in re.findall(r"`data\.(\w+)`", said)}
    return pairs


def test_the_scan_finds_the_notes_it_should():
    """The scan itself works: the keys of the last session's P01 notes and a nested key are among those found."""
    keys = emitted_keys()
    for pair in [("P01", "raw"), ("P01", "unprinted"), ("P01", "wrapped_in_cell"), ("P01", "unit"),
                 ("P01", "digit_bound"), ("P01", "rows[].line"), ("P16", "items[].page"),
                 ("publications-expired", "documents")]:
        assert pair in keys, pair


def test_every_note_data_key_is_documented():
    missing = sorted(f"{code} 的 data.{key}（{where}）" for (code, key), where in emitted_keys().items()
                     if (code, key) not in documented_keys())
    assert not missing, "docs/schema.md 没有说明这些读取说明的 data 键：\n" + "\n".join(missing)


def test_no_documented_key_is_stale():
    """A documented (code, key) that no code writes any longer is a stale line of the schema (nested keys that
    come from a variable, such as P02's ``rows[].raw``, are written where the scan cannot see them: listed)."""
    built_elsewhere = {("P02", "rows[].row_label"), ("P02", "rows[].raw"), ("P02", "rows[].values"),
                       ("P02", "rows[].line"), ("P04", "rows[].row_label"), ("P04", "rows[].cells"),
                       ("P04", "rows[].columns"), ("P04", "rows[].line"), ("P04", "rows[].unplaced")}
    stale = documented_keys() - set(emitted_keys()) - built_elsewhere
    assert not stale, sorted(stale)

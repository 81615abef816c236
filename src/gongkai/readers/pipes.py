"""Pipe-table source lines (GFM's ``| a | b |`` and its ``|---|`` delimiter row), as printed: what the Markdown
reader, and the text and web-page readers meeting a converter's pipe rows, split them by.  Only ``re``: a plain
text report does not load the Markdown parser (or lxml) to read them."""

from __future__ import annotations

import re

_PIPE = re.compile(r"(?<!\\)\|")


def split_pipe_row(line: str) -> list[str]:
    """The cells of a pipe-table source line as printed (outer pipes optional, ``\\|`` escapes
    a pipe; as in GFM, a pipe inside a code span also splits unless escaped)."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [p.strip() for p in _PIPE.split(s)]


_DELIMITER_CELL = re.compile(r"^:?-+:?$")
#: a character no delimiter row holds (anything but pipes, colons, dashes and spaces): the line is no delimiter row,
#: told without splitting it (most lines of a table are its data rows)
_NOT_DELIMITER = re.compile(r"[^|:\-\s]")


def is_delimiter_row(line: str) -> bool:
    """A pipe-table delimiter row (``|---|:--:|``), wherever it stands: a PDF→Markdown converter
    prints one after a data row too, and GFM then reads it as a row of "---" cells."""
    s = line.strip()
    if "|" not in s or "-" not in s or _NOT_DELIMITER.search(s):
        return False
    cells = [c for c in split_pipe_row(s)]
    return bool(cells) and all(_DELIMITER_CELL.match(c.replace(" ", "")) for c in cells if c) and any(cells)

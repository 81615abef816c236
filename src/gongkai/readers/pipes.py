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


#: a character no delimiter row holds (anything but pipes, colons, dashes and spaces): the line is no delimiter row,
#: told without splitting it (most lines of a table are its data rows)
_NOT_DELIMITER = re.compile(r"[^|:\-\s]")


#: a line of pipes, colons, dashes and whitespace without spaces whose every piece between pipes is, stripped, empty
#: or a delimiter cell (":?-+:?"); possessive, so that a line that is none is refused in one pass
_DELIMITER_PIECES = re.compile(r"\s*+(?::?-++:?)?\s*+(?:\|\s*+(?::?-++:?)?\s*+)*+")


def is_delimiter_row(line: str) -> bool:
    """A pipe-table delimiter row (``|---|:--:|``), wherever it stands: a PDF→Markdown converter
    prints one after a data row too, and GFM then reads it as a row of "---" cells.

    Each cell between pipes (outer pipes optional), stripped and without its spaces, is empty or ":?-+:?", and
    one is not empty (the line has a "-").  Told by one pattern over the line without its spaces: a cell's spaces
    taken out before or after stripping it leave the same text, and outer pipes only add empty cells."""
    s = line.strip()
    if "|" not in s or "-" not in s or _NOT_DELIMITER.search(s):
        return False
    return _DELIMITER_PIECES.fullmatch(s.replace(" ", "")) is not None

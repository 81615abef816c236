"""``Content-Disposition`` for downloads named after user data (case numbers, agency names).

A name holding CR/LF or other control characters (a case number imported from a ledger cell with a line
break) made Django refuse the header — a server error instead of the file.  Control characters become
spaces, quotes and backslashes are escaped, non-ASCII names get RFC 6266 ``filename*`` (Django's helper).
"""

from __future__ import annotations

import re

from django.utils.http import content_disposition_header

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def safe_filename(name: str) -> str:
    name = _CONTROL.sub(" ", name).strip()
    return re.sub(r"[/\\\\]+", "_", name) or "download"


def attachment(name: str) -> str:
    """The header value offering ``name`` as a download."""
    return content_disposition_header(True, safe_filename(name))

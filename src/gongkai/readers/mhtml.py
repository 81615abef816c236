"""MHTML reader: a web archive (.mht/.mhtml, or Word's "single file web page" saved under a .doc name) is a
MIME message whose first ``text/html`` part is the page: that part, decoded (quoted-printable or base64, in the
charset its part declares), is read by :func:`gongkai.readers.html.read_html`.  Images and other parts are
ignored.  The standard library's ``email`` package parses the message.
"""

from __future__ import annotations

import email
import email.policy

from .base import RawDocument, ReadError
from .html import read_html

def _charset(name: str | None) -> str | None:
    if not name:
        return None
    name = name.lower()
    return "gb18030" if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936") else name


def read_mhtml(data: bytes, source: str) -> RawDocument:
    """Read a web archive's HTML page into a :class:`RawDocument` (``reader="html"``, meta ``converted_from``
    "mhtml").  Raises :class:`ReadError` when the archive holds no HTML page or it cannot be decoded."""
    message = email.message_from_bytes(bytes(data), policy=email.policy.compat32)
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if part is None:
        raise ReadError(source, "网页存档（MHTML）文件中没有找到网页（text/html）部分")
    payload = part.get_payload(decode=True) or b""
    if not payload.strip():
        raise ReadError(source, "网页存档（MHTML）文件中的网页是空的")
    charset = _charset(part.get_content_charset())
    page: bytes | str = payload
    if charset:
        try:
            page = payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            page = payload  # the page's own <meta charset> (or UTF-8/GB18030) decides
    raw = read_html(page, source)
    raw.meta["converted_from"] = "mhtml"
    return raw

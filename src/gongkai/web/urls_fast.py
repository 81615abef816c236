"""Pieces of the tables of many rows built in Python (the worklist, the overview).  Addresses of many rows of one
kind (a table's links), reversed once: Django's ``reverse()`` costs tens of microseconds a call (language, resolver
and quoting each time), a noticeable part of a page of 50–100 rows.  Values escaped as ``format_html`` escapes
them, into plain strings: a row is marked safe once, not each of its pieces."""

from __future__ import annotations

import html
import unicodedata

from django.urls import reverse
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length

_MARK = 918273645  # an id no URL pattern contains by itself


def url_pattern(name: str, *rest):
    """A function id → ``reverse(name, args=[id, *rest])``, reversing once: the address with a marker id, split
    at the marker.  For patterns whose first argument is an integer id (``<int:pk>``)."""
    head, sep, tail = reverse(name, args=[_MARK, *rest]).partition(str(_MARK))
    if not sep:  # the pattern does not show the id as given: reverse each time
        return lambda pk: reverse(name, args=[pk, *rest])
    return lambda pk: f"{head}{int(pk)}{tail}"


def esc(value) -> str:
    """What ``format_html`` puts in for ``value`` (``conditional_escape``: HTML-safe values as they are, the rest
    through ``html.escape``), as a plain string."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def truncate_chars(value, num: int) -> str:
    """``Truncator(value).chars(num)`` (Django's ``truncatechars``) without its character-by-character loop in
    the common cases: a text no longer than ``num`` is returned whole, one without combining characters in its
    first ``num + 1`` is cut by slicing; anything else goes through ``Truncator`` itself."""
    num = int(num)
    text = unicodedata.normalize("NFC", str(value))
    if num > 0 and len(text) <= num:
        return text
    if num <= 0 or any(map(unicodedata.combining, text[:num + 1])):
        return Truncator(text).chars(num)
    return add_truncation_text(text[:calculate_truncate_chars_length(num, None)])

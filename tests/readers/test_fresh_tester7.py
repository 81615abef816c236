"""What a fresh tester (issue 11, tester 7) found read or audited wrong in consistent reports: fixtures of our own."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers.base import ReadError
from gongkai.readers.ooxml import _declares_entities, check_package


def _package(**parts: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("content.xml", "<office:document-content/>")
        for name, data in parts.items():
            z.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


ABIWORD_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE manifest:manifest PUBLIC '
                    b'"-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">\n'
                    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')


def test_a_plain_public_doctype_is_no_entity_abiword_odt_manifest():
    check_package(_package(META__INF__manifest=b"", **{"META-INF__manifest.xml": ABIWORD_MANIFEST}),
                  "a.odt", "ODT", "content.xml")


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    b'<!DOCTYPE x SYSTEM "http://example.com/x.dtd">',
    b'<!DOCTYPE x PUBLIC "-//x//EN" "http://example.com/x.dtd">',
    b'<!DOCTYPE x SYSTEM "../x.dtd">',
    b'<!DOCTYPE x PUBLIC "a" "b.dtd" [<!ENTITY a "b">]>',
    b'<!DOCTYPE x PUBLIC "a" "b.dtd"><!ENTITY a "b">',
    b'<!ENTITY a "b">',
    b'<!DOCTYPE x><!DOCTYPE y>',
])
def test_entities_internal_subsets_and_fetched_dtds_are_still_refused(doctype):
    part = b'<?xml version="1.0"?>' + doctype + b"<x/>"
    with pytest.raises(ReadError, match="DOCTYPE/ENTITY"):
        check_package(_package(**{"META-INF__manifest.xml": part}), "a.odt", "ODT", "content.xml")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='<!DOCTYPENIYSMPUBLC "[]>%&;x:./-\'', max_size=60))
def test_any_entity_declaration_is_refused(text):
    part = text.encode()
    if b"<!ENTITY" in part.upper():
        assert _declares_entities(part)
    at = part.upper().find(b"<!DOCTYPE")
    if at >= 0 and not _declares_entities(part):  # an allowed DOCTYPE: no internal subset, no path or URL
        declaration = part[at:part.index(b">", at)]
        assert b"[" not in declaration and b"SYSTEM" not in declaration or b"/" not in declaration

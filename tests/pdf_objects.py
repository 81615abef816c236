"""A PDF file assembled from its objects, as the tests that write PDFs byte by byte need one: the objects
numbered from 1 in order, each ``N 0 obj … endobj``, then the cross-reference table and the trailer.  Nothing
here asserts."""

from __future__ import annotations


def pdf_file(objects: list[bytes | str], root: int = 1, header: bytes = b"%PDF-1.4\n") -> bytes:
    """The PDF of ``objects`` (each an object's body, bytes or Latin-1 text; object ``root`` the catalog)."""
    out, offsets = bytearray(header), []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (k, body if isinstance(body, bytes) else body.encode("latin-1"))
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)

"""Text files with NUL characters (``\\0``) at regular places: a PDF-to-text tool (pypdf on some PDFs) wrote a NUL
before (or after) every character of UTF-8 text, or a tool wrote UTF-16 without a byte order mark (every ASCII
character followed or preceded by a zero byte).  Such a file is text, not binary: it is read with the NULs removed
(or decoded as UTF-16), and the reader says so (``how``).  NULs at no regular place (a binary file, a document saved
by a word processor) are not touched here: the text reader's "文件不是文本" stands.
"""

from __future__ import annotations

from .base import ReadError

#: NULs at regular places: at least this share of the characters (not counting white space) have one beside them
#: (pypdf's output of an fpdf2 PDF: 0.91–1.0, a few characters of it replaced by others)
REGULAR_SHARE = 0.85
#: UTF-16 without BOM: at least this share of the zero bytes at one parity (the high byte of ASCII characters;
#: the low byte of a few Chinese characters, "一" U+4E00, is zero too)
PARITY_SHARE = 0.8

NUL_PER_CHARACTER = "每个字符前（或后）都有一个空字符（\\0）"
UTF16_NO_BOM = "UTF-16 编码（无字节序标记）"


def _nul_per_character(data: bytes) -> str | None:
    """The UTF-8 text of ``data`` without its NULs when a NUL stands beside (almost) every character, else None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    nuls = text.count("\x00")
    if nuls < 20 or text.count("\x00\x00") > 0.01 * nuls:
        return None  # runs of NULs: padding of a binary file, not one NUL a character
    chars = besides = 0
    for i, c in enumerate(text):
        if c != "\x00" and not c.isspace():
            chars += 1
            besides += (i > 0 and text[i - 1] == "\x00") or (i + 1 < len(text) and text[i + 1] == "\x00")
    if besides < REGULAR_SHARE * chars or nuls > 1.1 * chars + 10:
        return None
    out = text.replace("\x00", "")
    return out if _printable(out) else None


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of ``data`` when it is UTF-16 (little or big endian) without a byte order mark, else None."""
    if len(data) % 2:
        return None
    zeros_even = sum(1 for k in range(0, len(data), 2) if data[k] == 0)
    zeros_odd = sum(1 for k in range(1, len(data), 2) if data[k] == 0)
    zeros = zeros_even + zeros_odd
    if zeros < 20:
        return None
    codec = "utf-16-le" if zeros_odd >= PARITY_SHARE * zeros else "utf-16-be" if zeros_even >= PARITY_SHARE * zeros \
        else None
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or not _printable(text):
        return None
    # bytes of another encoding, each after a zero byte, decode to Latin-1 letters ("±¨¸æ"): not UTF-16 text
    latin = sum(1 for c in text if "\x80" <= c <= "\xff")
    return text if latin <= 0.1 * len(text) else None


def _printable(text: str) -> bool:
    """No control characters but line ends, tabs and page breaks (a binary file decoded by chance has many)."""
    return not any(ord(c) < 32 and c not in "\t\n\r\f" for c in text)


def without_nuls(data: bytes, source: str) -> tuple[bytes, str] | None:
    """``data`` as UTF-8 bytes without the NULs of a text whose NULs stand at regular places, and what they were
    (:data:`NUL_PER_CHARACTER` or :data:`UTF16_NO_BOM`); None when the NULs stand at no regular place (binary).
    Raises :class:`ReadError` with what is wrong when a NUL stands beside every character but the text left
    is not UTF-8 text."""
    text = _nul_per_character(data)
    if text is not None:
        return text.encode("utf-8"), NUL_PER_CHARACTER
    text = _utf16_without_bom(data)
    if text is not None:
        return text.encode("utf-8"), UTF16_NO_BOM
    sample = data[:4096]
    if sample.count(0) >= 20 and b"\x00\x00" not in sample and sample.count(0) * 4 >= len(sample):
        raise ReadError(source, "文本中每个字符前（或后）都有空字符（\\0），可能是 PDF 转文本工具的输出，但去掉空字符后"
                                "仍不是可读的 UTF-8 文字；请用 pdftotext 等工具重新转换，或直接审核原始的 PDF 文件")
    return None

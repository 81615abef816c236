"""What a browser shows of a parsed HTML page, before the reader walks it.

* Form controls print their value: ``<input value="5" readonly>`` shows "5", a ``<select>`` shows its selected
  option (the first one when none is marked), a ``<textarea>`` its text.  Each control is replaced by that text.
* Elements hidden by an inline style or a simple ``<style>`` rule (``display: none`` / ``visibility: hidden``) are
  not shown: anti-copy noise such as ``<span style="display:none">gov</span>`` inside a label or a number is dropped.
  Rules inside an at-rule block (``@media (max-width: 768px) {…}``, ``@media print {…}``) are not applied: what
  they hide is shown on a screen of some other size or on paper.
* An ``<iframe srcdoc="…">`` shows the document its attribute holds (a CMS that frames the article's body): the
  frame is replaced by that document's body, read in its place.

Each pass costs about nothing on a page without anything of the kind (a tag search of the tree, or two substring
tests of the page's lower-cased bytes).
"""
from __future__ import annotations

import re

import lxml.etree

from .css_tables import Styles

_AT_BLOCK_START = re.compile(r"@[\w-]+[^{};]*\{")

_HIDDEN_HINT = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
#: input types whose value is printed as text in the box (a checkbox, a button, a hidden field are not numbers shown)
_TEXT_INPUTS = frozenset({"", "text", "number", "tel", "email", "search", "url", "date", "month", "week", "time",
                          "datetime-local"})


def _may_hide(page: str | bytes) -> bool:
    """False only when neither "none" nor "hidden" is in ``page`` in any case: its text, or its bytes when in an
    ASCII-safe encoding (lower-cased and searched in a third of the time of the text; a case-insensitive pattern
    takes ten times as long)."""
    low = page.lower()
    if isinstance(low, bytes):
        return b"none" in low or b"hidden" in low
    return "none" in low or "hidden" in low


def _replace_with_text(el, text: str) -> None:
    """Put ``text`` (then ``el``'s tail) where ``el`` was and remove ``el``."""
    parent = el.getparent()
    if parent is None:
        return
    joined = (text or "") + (el.tail or "")
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(el)


def _control_text(el, tag: str) -> str | None:
    """The text a control shows, or None when it is not a value box (checkbox, button, hidden field …)."""
    if tag == "input":
        if (el.get("type") or "").strip().lower() not in _TEXT_INPUTS:
            return None
        return el.get("value") or ""
    if tag == "textarea":
        return "".join(el.itertext())
    options = list(el.iter("option"))
    chosen = [o for o in options if o.get("selected") is not None] or options[:1]
    return " ".join("".join(o.itertext()).strip() for o in chosen)


def show_controls(root) -> None:
    """Replace each form control by the text it shows (see the module docstring)."""
    for el in list(root.iter("input", "select", "textarea")):  # (a tree without any: a microsecond)
        tag = el.tag.lower()
        text = _control_text(el, tag)
        if text is None:
            if tag == "input":
                _replace_with_text(el, "")
            continue
        _replace_with_text(el, text)


def _outside_at_blocks(css: str) -> str:
    """``css`` without its at-rule blocks (``@media … { … }``, nested braces and all)."""
    out, i = [], 0
    for m in _AT_BLOCK_START.finditer(css):
        if m.start() < i:
            continue
        out.append(css[i:m.start()])
        depth, j = 1, m.end()
        while j < len(css) and depth:
            depth += (css[j] == "{") - (css[j] == "}")
            j += 1
        i = j
    out.append(css[i:])
    return "".join(out)


def _screen_styles(root) -> Styles:
    """The page's simple-selector rules outside at-rule blocks (see the module docstring)."""
    holder = root.makeelement("div", {})
    for style in root.iter("style"):
        el = holder.makeelement("style", {})
        el.text = _outside_at_blocks("".join(style.itertext()))
        holder.append(el)
    return Styles(holder)


def _hidden(decls: dict[str, str]) -> bool:
    return decls.get("display") == "none" or decls.get("visibility") == "hidden"


def drop_hidden(root, page: str | bytes) -> None:
    """Remove elements hidden by their inline style or by a simple-selector ``<style>`` rule (their tail stays).
    ``page``: the page's text, or its bytes when in an ASCII-safe encoding (UTF-8, GB18030)."""
    if not _may_hide(page):
        return
    styles = _screen_styles(root)
    hiding_classes = {c for _tag, classes, decls in styles.rules if _hidden(decls) for c in classes}
    hiding_tags = {t for t, classes, decls in styles.rules if _hidden(decls) and not classes and t}
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in ("html", "body", "head", "style", "script"):
            continue
        style = el.get("style")
        cls = el.get("class")
        if not (style and _HIDDEN_HINT.search(style)) and not (cls and hiding_classes.intersection(cls.split())) \
                and tag not in hiding_tags:
            continue
        if _hidden(styles.of(el)):
            doomed.append(el)
    for el in doomed:  # (one inside another already removed: removed from its detached subtree, harmlessly)
        _replace_with_text(el, "")


#: frames within frames followed at most this deep (a srcdoc holding a srcdoc …)
MAX_SRCDOC_DEPTH = 4


def inline_srcdoc(root) -> None:
    """Replace each ``<iframe srcdoc>`` by a ``<div>`` holding the body of the document in its attribute."""
    for _ in range(MAX_SRCDOC_DEPTH):
        frames = [f for f in root.iter("iframe") if (f.get("srcdoc") or "").strip()]
        if not frames:
            return
        for frame in frames:
            parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
            try:
                inner = lxml.etree.fromstring(frame.get("srcdoc").encode("utf-8", "surrogatepass"), parser=parser)
            except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
                continue
            div = frame.makeelement("div", {})
            if frame.sourceline:
                div.sourceline = frame.sourceline
            if inner is not None:
                body = inner.find("body")
                head = inner.find("head")
                for style in (list(head.iter("style")) if head is not None else ()):
                    div.append(style)  # its rules apply to the framed document (hidden text …)
                for child in list(body if body is not None else inner):
                    div.append(child)
                if body is not None and body.text:
                    div.text = body.text
            div.tail = frame.tail
            frame.getparent().replace(frame, div)

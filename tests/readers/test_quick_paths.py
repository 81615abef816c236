"""Quick paths of the readers (issue 16) give what the plain computation they replace gives.

Each quick path is checked against the plain computation on generated input: the CSS-layout pre-check against
the layout pattern itself, the control bytes against the control characters of the decoded text, the alignment's
word-wide bounds against the per-slot dictionary they replace, and the placeholder count against a loop.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.format import FORMAT_2019, FORMAT_2021
from gongkai.readers import css_tables, html, mapping
from gongkai.readers.base import ReadError

# text rich in what the checks look at: the letters of "display" in both cases (and the three letters besides
# ASCII that re's IGNORECASE matches to them), the layouts' words, control characters, Chinese text
_LAYOUT_ALPHABET = st.sampled_from(list("displayDISPLAY:- \t\nflexgridtableFLEXGRIDTABLEinIN")
                                   + ["\u0130", "\u0131", "\u017f", "中", "文", "，", "\x00", "\x07", "\x1f", "\x7f"])
_LAYOUT_TEXT = st.one_of(
    st.text(_LAYOUT_ALPHABET, max_size=40),
    st.text(max_size=40),
    st.builds(lambda a, d, b: a + d + b, st.text(max_size=10),
              st.sampled_from(["display:flex", "DISPLAY : GRID", "Display:inline-table", "dıſplay: flex",
                               "dİsplay:grid", "displa y:flex", "display;flex"]), st.text(max_size=10)))


@settings(max_examples=400, deadline=None)
@given(_LAYOUT_TEXT)
def test_the_layout_precheck_never_says_no_where_the_layout_pattern_matches(text):
    if css_tables.LAYOUT_HINT.search(text):
        assert css_tables._may_name_display(text)


def test_the_layout_precheck_on_the_letters_re_folds():
    for text in ("dıſplay:flex", "DİSPLAY: grid", "display:table", "DiSpLaY:FLEX"):
        assert css_tables.LAYOUT_HINT.search(text)
        assert css_tables._may_name_display(text)
    assert not css_tables._may_name_display("没有版式的网页 <p>正文</p>")


def _verdict(text: str, data: bytes | None) -> bool:
    try:
        html._check_text(text, "x.html", "HTML", data)
    except ReadError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(_LAYOUT_TEXT, st.sampled_from(["utf-8", "gb18030"]))
def test_control_bytes_count_the_control_characters_of_the_decoded_text(text, codec):
    text = text.replace("\u0130", "").replace("\u0131", "").replace("\u017f", "") if codec == "gb18030" else text
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return
    assert data.decode(codec) == text
    assert _verdict(text, data) == _verdict(text, None)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_control_bytes_on_any_bytes_that_decode(data):
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        assert _verdict(text, data) == _verdict(text, None)


def _reach_by_slots(bounds, contexts) -> list[float]:
    """The bound per row as the per-slot dictionary computed it (before the word-wide index)."""
    acc: dict[int, int] = {}
    grams = contexts[-1][2] if isinstance(contexts, list) else frozenset().union(*(g for _, _, g in contexts))
    for g in grams:
        for slot, mask in bounds.index.get(g, ()):
            acc[slot] = acc.get(slot, 0) | mask
    out = list(bounds.base)
    for slot, a in acc.items():
        j, length = bounds.slots[slot]
        b = a.bit_count() / length * bounds.penalty[j]
        if b > out[j]:
            out[j] = b
    return out


def test_row_bounds_equal_the_per_slot_computation_on_label_pieces():
    rng = random.Random(16)
    for fmt in (FORMAT_2019, FORMAT_2021):
        for table in fmt.tables:
            rows = [r for r in table.rows if r.label]
            prepared = mapping._aligned_rows(table, rows)
            bounds = prepared.bounds
            keys = [k for r in rows for k in mapping._keys(r)]
            alphabet = "".join(sorted(set("".join(keys)))) + "甲乙丙 "
            for _ in range(300):
                pieces = []
                for _ in range(3):
                    if rng.random() < 0.6 and keys:  # a piece of a label, maybe with other characters around it
                        k = rng.choice(keys)
                        a = rng.randrange(len(k))
                        b = rng.randrange(a, len(k) + 1)
                        piece = k[a:b]
                    else:
                        piece = ""
                    piece += "".join(rng.choice(alphabet) for _ in range(rng.randrange(4)))
                    pieces.append(piece)
                own, prev, nxt = pieces
                contexts = mapping._contexts((own, prev, nxt))
                assert bounds.reach(contexts) == _reach_by_slots(bounds, contexts)
                as_tuple = tuple(contexts)
                assert bounds.reach(as_tuple) == _reach_by_slots(bounds, as_tuple)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("■□▯汉字 a")), max_size=300))
def test_placeholder_count_is_the_loop_count(text):
    from gongkai.readers import lost_glyphs_diagnosis
    from gongkai.readers.base import RawDocument, TextBlock

    raw = RawDocument(source="x.pdf", blocks=[TextBlock(text)], reader="pdf")
    boxes = sum(1 for ch in text if ch in "■□▯")
    said = lost_glyphs_diagnosis(raw)
    if boxes < 100:
        assert said is None
    elif said is not None:
        assert f"{boxes} 处汉字" in said

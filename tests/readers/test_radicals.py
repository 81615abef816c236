"""Text extracted from PDFs whose fonts map glyphs to the CJK radicals' code points (Chromium/Skia with Noto CJK
read by pdfplumber: "⼀、总体情况", "六⼗七件", "东川省⾃然资源厅"): read as the ideographs they look like (issue 11,
tester 5's F1) — the same sections, cells, agency and findings as the text without radicals."""

from __future__ import annotations

import random
import unicodedata

import pytest
from office_helpers import consistent_values, report_from_values
from test_layout_generator import tab_text

from gongkai.audit import audit
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text
from gongkai.textutil import _radical_table, fold_radicals

AS_RADICAL = {v: chr(k) for k, v in _radical_table().items()}


def with_radicals(text: str, rng: random.Random, share: float) -> str:
    return "".join(AS_RADICAL[ch] if ch in AS_RADICAL and rng.random() < share else ch for ch in text)


def test_every_radical_maps_to_one_ideograph_and_other_text_is_untouched():
    table = _radical_table()
    assert all(len(v) == 1 and (unicodedata.name(v, "").startswith("CJK") or 0x20000 <= ord(v) <= 0x3134F)
               for v in table.values())  # (an extension ideograph newer than this Python's Unicode has no name)
    assert fold_radicals("⼀、总体情况：六⼗七件，⼈⺠政府") == "一、总体情况：六十七件，人民政府"
    text = "一、总体情况 （二）部分公开 12 ／ — 1.5 万元 abc ⅷ ①"
    assert fold_radicals(text) is text


@pytest.mark.parametrize("seed", range(4))
def test_a_report_whose_ideographs_are_radicals_reads_as_the_same_report(seed):
    rng = random.Random(seed)
    rep = report_from_values(consistent_values(rng, 60), title="东川省自然资源厅2023年政府信息公开工作年度报告",
                             agency="东川省自然资源厅", year=2023)
    received = rep.value("三", "received", "total")
    lines = tab_text(rep)
    at = lines.index("一、总体情况") + 1
    lines.insert(at, f"2023年，本机关共收到政府信息公开申请{received}件，其中予以公开一件。")
    text = "\n".join(lines) + "\n"
    plain = map_document(read_text(text, "a.txt"))
    radical = map_document(read_text(with_radicals(text, rng, rng.choice([0.5, 1.0])), "a.txt"))
    assert set(radical.sections) == set(plain.sections)
    assert (radical.agency, radical.year, radical.title) == (plain.agency, plain.year, plain.title)
    assert {k: (c.kind, c.value) for k, c in radical.cells.items()} == {k: (c.kind, c.value) for k, c in plain.cells.items()}
    assert sorted((f.code, f.severity) for f in audit(radical)) == sorted((f.code, f.severity) for f in audit(plain))
    assert not [f for f in audit(radical) if f.severity == "error"]

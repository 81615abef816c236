"""``pdftotext -layout`` of a table whose cells stand at different heights (B10 class, issue 11): a browser's
print of cells aligned top, middle or bottom and padded differently puts one row's numbers on several lines,
and each of those lines sets its characters by its own flow — a number may stand under another column's
header ("28" of 商业企业 under 科研机构), and the row's other numbers sit on the lines beside it.  Such a row
is left unread (P01 says why), never read with a number in another cell.

The fixture is the ``pdftotext -layout`` text of a PDF Chromium printed from gongkai's HTML of a made-up
report (its table 三 cells given random vertical-align and padding-top); the values below are that report's."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from office_helpers import CHROMIUM, chromium_pdf, consistent_values, report_from_values

from gongkai.audit import audit
from gongkai.format import FORMAT_2021
from gongkai.readers.mapping import map_document
from gongkai.readers.text import read_text
from gongkai.writers import write_html

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "chromium_cells_at_different_heights.txt"
T3 = FORMAT_2021.table("三")
PRINTED = {  # table 三 of the report printed (the HTML's cells)
    "received": [418, 436, 29, 338, 453, 29, 1703],
    "carried_over": [317, 266, 747, 308, 247, 553, 2438],
    "granted": [30, 6, 3, 20, 35, 18, 112],
    "partially_granted": [22, 46, 51, 45, 18, 11, 193],
    "withheld_state_secret": [37, 4, 58, 55, 45, 12, 211],
    "withheld_prohibited_by_law": [57, 57, 35, 4, 7, 52, 212],
    "withheld_security_stability": [58, 54, 58, 12, 35, 11, 228],
    "withheld_third_party_rights": [13, 43, 0, 58, 21, 2, 137],
    "withheld_internal_affairs": [32, 21, 5, 36, 52, 39, 185],
    "withheld_process_information": [8, 30, 46, 14, 59, 42, 199],
    "withheld_enforcement_file": [18, 35, 53, 15, 34, 16, 171],
    "withheld_administrative_query": [8, 6, 25, 51, 13, 30, 133],
    "unavailable_not_held": [48, 22, 45, 9, 51, 4, 179],
    "unavailable_needs_creation": [6, 27, 52, 51, 38, 5, 179],
    "unavailable_unclear_after_correction": [39, 20, 50, 34, 35, 43, 221],
    "not_processed_petition_or_complaint": [51, 39, 42, 28, 37, 48, 245],
    "not_processed_duplicate": [16, 40, 40, 5, 18, 8, 127],
    "not_processed_publication": [58, 58, 0, 5, 28, 56, 205],
    "not_processed_excessive_repeated": [34, 13, 39, 20, 5, 9, 120],
    "not_processed_confirmation_or_reissue": [45, 35, 31, 56, 38, 59, 264],
    "other_correction_not_supplied": [51, 30, 52, 32, 51, 2, 218],
    "other_fee_not_paid": [38, 28, 55, 59, 24, 53, 257],
    "other_other": [57, 55, 21, 31, 20, 5, 189],
    "dispositions_total": [726, 669, 761, 640, 664, 525, 3985],
    "carried_forward": [9, 33, 15, 6, 36, 57, 156],
}


def wrong_cells(got, printed: dict) -> list:
    return [(rid, col.id, got.cells[("三", rid, col.id)].raw) for rid, values in printed.items()
            for col, value in zip(T3.columns, values)
            if got.cells[("三", rid, col.id)].kind == "number" and got.cells[("三", rid, col.id)].value != value]


def test_a_row_printed_over_lines_at_different_heights_is_unread_never_misplaced():
    got = map_document(read_text(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name))
    assert not wrong_cells(got, PRINTED)
    # "他处理 求缴纳费用、行政机关不再处  38  28" / "53" / "理其政府信息公开申请  55 59 24  257": the row's numbers on three
    # lines, its 28 standing under 科研机构 — unread, and P01 says the numbers are on the lines beside it
    fee = [got.cells[("三", "other_fee_not_paid", c.id)].kind for c in T3.columns]
    assert fee == ["ambiguous"] * 7
    assert [n for n in got.notes if n.code == "P01" and n.data.get("row_label", "").startswith("2.申请人逾期未按")
            and "上下几行" in n.message]
    # the rows printed whole on their line are read
    assert [got.value("三", "other_other", c.id) for c in T3.columns] == PRINTED["other_other"]
    assert not [f for f in audit(got) if f.code == "R301"]


def _heights(html: str, rng: random.Random) -> str:
    """Each table cell aligned top, middle or bottom and padded at random, as a browser prints it."""
    html = re.sub(r"<td(?=[ >])", lambda m: f'<td style="vertical-align:{rng.choice(["top", "middle", "bottom"])};'
                                            f'padding-top:{rng.choice([0, 0, 4, 10])}pt"', html)
    return html.replace("</head>", "<style>table{border-collapse:collapse} td,th{border:1px solid #000;"
                                   "font-size:10pt} th[scope=row]{width:8em}</style></head>")


@pytest.mark.skipif(CHROMIUM is None or shutil.which("pdftotext") is None,
                    reason="Chromium 或 pdftotext 未安装：apt-get install chromium poppler-utils fonts-noto-cjk")
@pytest.mark.parametrize("seed", [0, 5])
def test_chromium_prints_of_cells_at_random_heights_are_never_read_wrong(tmp_path, seed):
    rng = random.Random(seed)
    rep = report_from_values(consistent_values(rng, rng.choice([3, 60, 5000])),
                             title="测试市测试局2024年政府信息公开工作年度报告")
    pdf = chromium_pdf(tmp_path, _heights(write_html(rep), rng))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, timeout=60,
                          check=True).stdout.decode("utf-8")
    got = map_document(read_text(text, "t.txt"))
    printed = {r.id: [rep.cells[("三", r.id, c.id)].value for c in T3.columns] for r in T3.printed_rows}
    assert not wrong_cells(got, printed)

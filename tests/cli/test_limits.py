"""The limits on one file (issue 11): wall-clock as well as CPU time, the reader's alarm nested inside the
CLI's, and Chinese messages without the program's own exception names."""

from __future__ import annotations

import io
import signal
import time
import zipfile

import pytest

from gongkai.cli.batch import _hostile_as_read_error, work_limit
from gongkai.readers import ReadError, time_limit
from gongkai.readers.xlsx import MAX_CELLS, read_xlsx


def test_a_file_that_takes_too_long_on_the_clock_is_stopped_though_it_uses_no_cpu():
    with pytest.raises(ReadError) as exc:
        with _hostile_as_read_error("慢.txt"):
            with work_limit(seconds=60, wall=0.3):
                time.sleep(3)
    assert "用时超过 " in exc.value.message and "占用处理器时间" not in exc.value.message
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0 and signal.getitimer(signal.ITIMER_PROF)[0] == 0


def test_the_readers_alarm_nests_inside_the_wall_clock_limit():
    # the reader's own limit is later than the enclosing one: the enclosing one stops the work
    with pytest.raises(ReadError) as exc:
        with _hostile_as_read_error("慢.txt"):
            with work_limit(seconds=60, wall=0.3):
                with time_limit("慢.txt", seconds=30):
                    time.sleep(3)
    assert "用时超过" in exc.value.message
    # the reader's limit comes first: it stops the reading, and the enclosing alarm goes on afterwards
    with work_limit(seconds=60, wall=30):
        with pytest.raises(ReadError) as exc:
            with time_limit("慢.pdf", seconds=0.2):
                time.sleep(3)
        assert "读取超时" in exc.value.message
        assert 25 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def _workbook(cells: int) -> bytes:
    """A minimal .xlsx (stored, not compressed: no zip-bomb ratio) whose one sheet has ``cells`` cells."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, cells + 1))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def test_a_workbook_with_too_many_cells_is_refused_before_it_is_loaded():
    with pytest.raises(ReadError) as exc:
        read_xlsx(_workbook(MAX_CELLS + 1), "大表.xlsx")
    assert f"超过 {MAX_CELLS} 个单元格" in exc.value.message and "Error" not in exc.value.message


def test_a_workbook_openpyxl_cannot_parse_is_said_without_exception_names():
    with pytest.raises(ReadError) as exc:
        read_xlsx(_workbook(3), "坏表.xlsx")  # no workbook.xml: not a workbook openpyxl can open
    assert exc.value.message.startswith("XLSX 文件无法解析") and "Error" not in exc.value.message

"""Bulk import of an agency's existing case ledger (台账) from XLSX or CSV — all or nothing.

Columns are recognised by the names clerks use (``COLUMNS``: several aliases each, compared after
:func:`gongkai.textutil.norm`); unknown columns are ignored.  Every row is checked; if any row has
an error, nothing is imported and :class:`~gongkai.casework.errors.LedgerImportError` lists every
error as "第N行「列名」：问题" (N is the spreadsheet row, header = 1).

A ledger row is history, not a new action: answered rows become closed requests with an
``import`` event carrying the disposition (the intermediate steps are not in the ledger).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from pathlib import Path

from ..textutil import norm
from .errors import CaseworkError, LedgerImportError
from .model import Event, Requester, applicant_type_id, channel_id, date_received, disposition_id
from .workflow import REGULATION_START, apply, new_request

COLUMNS = {
    "id": ("申请编号", "编号", "登记号", "受理编号", "登记编号"),
    "name": ("申请人", "申请人姓名", "申请人名称", "申请人姓名或名称", "姓名/名称", "姓名或名称"),
    "type": ("申请人类型", "申请人性质", "申请主体类型", "申请人类别"),
    "id_document": ("身份证明", "证件号码", "身份证号码", "身份证号", "证件号", "统一社会信用代码"),
    "contact": ("联系方式", "联系电话", "电话"),
    "description": ("申请内容", "申请公开内容", "申请信息内容", "申请公开的政府信息", "所需信息内容描述", "所需信息"),
    "form": ("获取方式", "获取信息方式", "信息获取方式", "提供方式", "获取信息的方式"),
    "channel": ("申请方式", "提交方式", "申请渠道", "渠道", "提交渠道"),
    "received": ("收到申请日期", "收到日期", "收到申请之日", "受理日期", "申请日期", "收文日期", "登记日期"),
    # 第三十一条: the date each channel needs (optional; the 收到申请之日 is then derived from it)
    "submitted": ("提交日期", "当面提交日期"),
    "signed": ("签收日期", "邮件签收日期"),
    "confirmed": ("确认日期", "双方确认日期", "确认收到日期"),
    "closed": ("答复日期", "办结日期", "答复时间", "办结时间"),
    "result": ("办理结果", "答复结果", "答复类型", "处理结果", "答复情况"),
    "handler": ("经办人", "承办人", "办理人"),
    "agency": ("机关", "承办机关", "受理机关", "承办单位"),
}
REQUIRED = ("id", "name", "type", "channel", "received")
#: columns of which one can stand in for 「收到申请日期」 (第三十一条)
RECEIPT_BASIS = ("submitted", "signed", "confirmed")
LABEL = {k: v[0] for k, v in COLUMNS.items()}
WITHDRAW_WORDS = {"撤回", "申请人撤回", "撤回申请", "主动撤回"}
_LAPSE_WORDS = {"逾期不补正": "other_correction_not_supplied", "逾期未补正": "other_correction_not_supplied",
                "逾期未缴费": "other_fee_not_paid", "逾期未缴纳费用": "other_fee_not_paid"}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$")  # Excel datetimes in CSV: "2024-9-27 00:00:00"
_DATE8 = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")  # 20240927


def parse_date(value) -> dt.date | None:
    """A ledger date: a date/datetime cell, "2024-03-04", "2024/3/4", "2024.3.4", "2024年3月4日", or an
    Excel serial number.  None for empty; ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and 20000 < value < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    m = _DATE.match(str(value)) or _DATE8.match(str(value))
    if not m:
        raise ValueError(f"无法识别的日期「{value}」，请写成 YYYY-MM-DD 格式（例如 2024-03-04）")
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= mo <= 12:
        raise ValueError(f"日期「{value}」不存在：没有 {mo} 月")
    last = calendar.monthrange(y, mo)[1] if y >= 1 else 31
    if y < 1 or not 1 <= d <= last:
        raise ValueError(f"日期「{value}」不存在：" + ("没有 0 年" if y < 1 else f"{y} 年 {mo} 月只有 {last} 天"
                                                      if d else "日从 1 开始"))
    return dt.date(y, mo, d)


def read_table(path: str | Path, sheet: str | None = None) -> tuple[list[str], list[tuple[int, list]]]:
    """Header and ``(row number, values)`` of a CSV (UTF-8 with or without BOM, else GB18030) or XLSX
    file.  Blank rows are skipped.  Raises LedgerImportError when the file cannot be read."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook
            wb = load_workbook(io.BytesIO(_xlsx_bytes(p)), read_only=True, data_only=True)
            if sheet is not None and sheet not in wb.sheetnames:
                raise LedgerImportError([f"工作簿中没有名为「{sheet}」的工作表（现有：{'、'.join(wb.sheetnames)}）"], str(p))
            ws = wb[sheet] if sheet else wb.worksheets[0]
            rows = [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), 1)]
            wb.close()
        elif suffix in (".csv", ".txt"):
            raw = p.read_bytes()
            # Excel's and WPS's 「Unicode 文本」 is UTF-16 with a byte-order mark (gb18030 would decode it as garbage)
            encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
            for enc in encodings:
                try:
                    text = raw.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise LedgerImportError(["文件既不是 UTF-8 也不是 GB18030 编码"], str(p))
            rows = [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text), delimiter=_delimiter(text)), 1)]
        else:
            raise LedgerImportError([f"不支持的文件类型「{suffix}」，请提供 .xlsx 或 .csv"], str(p))
    except FileNotFoundError:
        raise LedgerImportError([f"找不到文件 {p}"], str(p)) from None
    except LedgerImportError:
        raise
    except OSError as e:
        if e.errno is not None:  # the system's (openpyxl's InvalidFileException is an OSError without one)
            raise LedgerImportError([f"无法打开文件（{e.strerror or e}）"], str(p)) from None
        raise LedgerImportError(["不是有效的 XLSX 工作簿，无法读取；请在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入"],
                                str(p)) from None
    except Exception as e:  # noqa: BLE001 - openpyxl's errors on a damaged workbook are the file's fault
        raise LedgerImportError([f"不是有效的 XLSX 工作簿，无法读取（{type(e).__name__}）；请在 Excel 或 WPS 中打开后"
                                 "“另存为” .xlsx 再导入"], str(p)) from None
    rows = [(i, r) for i, r in rows if any(v not in (None, "") and str(v).strip() for v in r)]
    if not rows:
        raise LedgerImportError(["文件中没有表头和数据"], str(p))
    # the header is the row (among the first ten) naming the most known columns: a ledger often has a
    # title row ("2024年依申请公开台账") or a merged group row above it
    lookup = {norm(a) for aliases in COLUMNS.values() for a in aliases}
    known = [sum(1 for v in r if v is not None and norm(str(v)) in lookup) for _, r in rows[:10]]
    k = max(range(len(known)), key=lambda j: (known[j], -j)) if max(known) >= 2 else 0
    (line, header), body = rows[k], rows[k + 1:]
    header = list(header)
    # a header of two rows (merged cells: 「申请人信息」 over 「申请人」「申请人类型」, or 「申请编号」 merged down
    # over both): the names of the other row stand where this row has none — a row of names, not of data
    for j in (k - 1, k + 1):
        if 0 <= j < len(rows) and _header_part(rows[j][1], header, lookup):
            other = rows[j][1]
            header = [o if i < len(other) and _named(other[i], lookup) and not _named(h, lookup) else h
                      for i, (h, o) in enumerate(zip(header, list(other) + [None] * len(header)))] + \
                [o if _named(o, lookup) else None for o in other[len(header):]]
            if j == k + 1:
                body = rows[k + 2:]
    return _Header(str(h or "").strip() for h in header).at(line), body


def _named(value, lookup) -> bool:
    return isinstance(value, str) and norm(value) in lookup


def _header_part(row, header, lookup) -> bool:
    """Whether ``row`` (next to the header) is the header's other row: it names a known column where the header
    names none, and holds nothing but text that is no date (a data row has dates and numbers)."""
    filled = [v for v in row if v not in (None, "") and str(v).strip()]
    if not all(isinstance(v, str) and not (_DATE.match(v) or _DATE8.match(v)) for v in filled):
        return False
    return any(_named(v, lookup) and (i >= len(header) or not _named(header[i], lookup)) for i, v in enumerate(row))


def _delimiter(text: str) -> str:
    """The separator of a ledger's text table: a comma, or the tab of 「文本文件（制表符分隔）」/「Unicode 文本」 or the
    semicolon of a CSV saved where the comma is the decimal sign — whichever splits the first lines into the most
    columns (a comma by default: a tab or semicolon must give more columns to be taken)."""
    head = [line for line in text.splitlines()[:10] if line.strip()]
    if not head:
        return ","

    def columns(sep):
        return min(len(next(csv.reader([line], delimiter=sep))) for line in head[:3])

    best = max(("\t", ";"), key=columns)
    return best if columns(best) > columns(",") and columns(best) >= 2 else ","


#: a ledger workbook's limits (those of gongkai.readers.ooxml for a report; not imported from there: the readers
#: would load the report mapping into ``gongkai deadline``'s cold start)
XLSX_MAX_BYTES = 50 * 1024 * 1024
XLSX_MAX_MEMBERS = 5000
XLSX_MAX_UNCOMPRESSED = 300 * 1024 * 1024


def _xlsx_bytes(path: Path) -> bytes:
    """The bytes of a ledger workbook, refused in Chinese (LedgerImportError) when empty, too large, an old .xls
    named .xlsx, not a zip, a damaged or incomplete zip, or a zip bomb — never openpyxl's English."""
    import zipfile  # lazy: only a workbook needs it

    def refuse(msg):
        raise LedgerImportError([msg], str(path))

    if path.stat().st_size > XLSX_MAX_BYTES:
        refuse(f"XLSX 文件过大（{path.stat().st_size // 1024 // 1024} MB，上限 {XLSX_MAX_BYTES // 1024 // 1024} MB）")
    data = path.read_bytes()
    if not data:
        refuse("文件是空的，不是有效的 XLSX 文件")
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: Excel 97–2003 (.xls) or WPS 表格 (.et)
        refuse("这是旧版 Excel（.xls）或 WPS 表格文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入")
    if not data.startswith(b"PK"):
        refuse("不是有效的 XLSX 文件" + ("（看起来是 PDF）" if data.startswith(b"%PDF") else ""))
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        refuse("不是有效的 XLSX 文件（压缩包已损坏或不完整，可能下载未完成或扩展名有误）")
    if len(infos) > XLSX_MAX_MEMBERS or sum(i.file_size for i in infos) > XLSX_MAX_UNCOMPRESSED:
        refuse("XLSX 压缩包解压后过大或文件过多，疑似压缩炸弹，拒绝读取")
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        refuse("不是有效的 XLSX 文件（缺少 [Content_Types].xml；可能是其他程序的压缩包）")
    return data


class _Header(list):
    """The header's cells, with the line it stands on (``line``) for messages."""

    line = 1

    def at(self, line: int) -> "_Header":
        self.line = line
        return self


def _map_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    index, errors = {}, []
    line = getattr(header, "line", 1)
    lookup = {norm(a): key for key, aliases in COLUMNS.items() for a in aliases}
    for i, h in enumerate(header):
        key = lookup.get(norm(h))
        if key is None:
            continue
        if key in index:
            errors.append(f"第{line}行：「{header[index[key]]}」和「{h}」表示同一列（{LABEL[key]}），请删去一列")
        index[key] = i
    for key in REQUIRED:
        if key == "received" and any(k in index for k in RECEIPT_BASIS):
            continue
        if key not in index:
            errors.append(f"第{line}行（表头）：缺少「{LABEL[key]}」列（可用列名：{'、'.join(COLUMNS[key])}）")
    return index, errors


def parse_ledger(header: list[str], rows, agency: str, source: str = "", today: dt.date | None = None) -> list:
    """Requests from a ledger's header and rows; raises LedgerImportError listing every bad row.

    ``today`` (the caller's clock; None: not checked): a received date after it is refused."""
    index, errors = _map_header(header)
    if errors:
        raise LedgerImportError(errors, source)
    out, seen = [], {}
    for line, values in rows:
        def get(key):
            i = index.get(key)
            v = values[i] if i is not None and i < len(values) else None
            return v.strip() if isinstance(v, str) else v

        row_errors = []

        def err(key, msg):
            said = f"第{line}行「{header[index[key]] if key in index else LABEL[key]}」：{msg}"
            if said not in row_errors:  # (the channel's fault may be found twice: receipt date, register)
                row_errors.append(said)

        dates, bad = {}, set()
        for key in ("received", "closed", *RECEIPT_BASIS):
            try:
                dates[key] = parse_date(get(key))
            except ValueError as e:
                err(key, str(e))
                dates[key] = None
                bad.add(key)
        basis = {k: dates[k] for k in RECEIPT_BASIS if dates[k] is not None}
        if basis and not bad & set(RECEIPT_BASIS):
            # 第三十一条: the receipt date follows the channel — 当面 提交日期, 邮寄 签收日期, others 确认日期
            try:
                derived, _rule = date_received(str(get("channel") or ""), submitted_on=basis.get("submitted"),
                                               signed_on=basis.get("signed"), confirmed_on=basis.get("confirmed"))
            except CaseworkError as e:
                derived = None
                if dates["received"] is None and "received" not in bad:
                    err("channel", str(e))
                    bad.add("received")
            if derived is not None:
                if dates["received"] is not None and dates["received"] != derived:
                    err("received", f"收到申请日期 {dates['received']} 与按第三十一条由渠道（{get('channel')}）"
                                    f"所需日期得出的 {derived} 不一致，请核对")
                    bad.add("received")
                dates["received"] = derived
        if dates["received"] is None and "received" not in bad:
            err("received", "收到申请日期为空（或填写该渠道所需的提交/签收/确认日期，第三十一条）")
        elif dates["received"] is not None and dates["received"] < REGULATION_START:
            err("received", f"收到申请日期 {dates['received']} 早于《政府信息公开条例》施行（{REGULATION_START}），请核对")
        elif dates["received"] is not None and today is not None and dates["received"] > today:
            err("received", f"收到申请日期 {dates['received']} 晚于今天 {today}，尚未发生的事不能登记")
        for key in ("id_document", "contact"):
            v = get(key)
            if isinstance(v, float) or (isinstance(v, int) and not isinstance(v, bool) and len(str(v)) > 15):
                err(key, f"是数字格式（{v}）：表格软件只保留 15 位有效数字，证件号码或电话可能已被改掉；"
                         "请把该列设为“文本”后重新填写")
        rid = str(get("id") or "").strip()
        if isinstance(get("id"), float) and get("id").is_integer():
            rid = str(int(get("id")))
        if not rid:
            err("id", "申请编号为空")
        elif rid in seen:
            err("id", f"申请编号「{rid}」与第{seen[rid]}行重复")
        else:
            seen[rid] = line
        # the register's own checks, each said in its column, so that a row shows all its errors at once
        # (new_request stops at the first, and is not reached when a date is wrong)
        if not str(get("name") or "").strip():
            err("name", "申请人姓名或者名称为空（第二十九条第二款第（一）项）")
        for key, check in (("type", applicant_type_id), ("channel", channel_id)):
            try:
                check(str(get(key) or ""))
            except CaseworkError as e:
                err(key, str(e))
        result_text = str(get("result") or "").strip()
        disposition = None
        if result_text:
            if result_text in WITHDRAW_WORDS:
                disposition = "withdraw"
            elif result_text in _LAPSE_WORDS:
                disposition = _LAPSE_WORDS[result_text]
            else:
                try:
                    disposition = disposition_id(result_text)
                except CaseworkError as e:
                    err("result", str(e))
        if dates["closed"] and not result_text:
            err("result", "填写了答复日期但办理结果为空")
        if result_text and dates["closed"] is None and "closed" not in bad:
            err("closed", "填写了办理结果但答复日期为空")
        if dates["closed"] and dates["received"] and dates["closed"] < dates["received"]:
            err("closed", f"答复日期 {dates['closed']} 早于收到申请日期 {dates['received']}")
        req = None
        if not row_errors:
            try:
                req = new_request(id=rid, agency=str(get("agency") or agency),
                                  requester=Requester(str(get("name") or ""), str(get("type") or ""),
                                                      str(get("id_document") or ""), str(get("contact") or "")),
                                  description=str(get("description") or ""), channel=str(get("channel") or ""),
                                  received_on=dates["received"], form=str(get("form") or ""),
                                  handler=str(get("handler") or ""), actor="台账导入")
            except CaseworkError as e:
                msg = str(e)
                key = "type" if "申请人类型" in msg else "channel" if "渠道" in msg else "name"
                err(key, msg)
        if req is not None and disposition is not None:
            disp = "other_other" if disposition == "withdraw" else disposition
            try:
                req = apply(req, Event("import", dates["closed"], "台账导入",
                                       {"disposition": disp, "withdrawn": disposition == "withdraw",
                                        "result_text": result_text, "source": source, "line": line}))
            except CaseworkError as e:
                err("result", str(e))
                req = None
        elif req is not None:  # still open: taken as 受理 on the day received (the ledger records no more)
            req = apply(req, Event("accept", dates["received"], "台账导入", {"source": source, "line": line}))
        errors += row_errors
        if req is not None:
            out.append(req)
    if errors:
        raise LedgerImportError(errors, source)
    return out


def import_ledger(path: str | Path, agency: str, sheet: str | None = None, today: dt.date | None = None) -> list:
    """Import a ledger file (XLSX or CSV) for ``agency``: every request, or LedgerImportError with
    every error and nothing imported.  ``today``: see :func:`parse_ledger`."""
    header, rows = read_table(path, sheet)
    return parse_ledger(header, rows, agency, str(path), today=today)

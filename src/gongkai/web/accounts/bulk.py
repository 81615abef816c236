"""批量导入：a county's units (机关) and accounts from one XLSX workbook, all or nothing.

The workbook (:func:`template_bytes` writes the blank one) has a sheet 「单位」 and a sheet 「账号」 (either may
be left out, not both).  :func:`read_workbook` reads their cells with the hostile-file limits of the
readers (size, zip bomb, DOCTYPE/ENTITY; openpyxl's read-only mode, so merged ranges are never expanded;
at most :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns).  :func:`check` validates every row against
the file and the database and returns a :class:`Plan`, or raises :class:`BulkImportError` listing *every*
problem by sheet, row and column in Chinese.  :func:`apply` creates the plan in one transaction (re-checked
inside it) and gives each account a generated initial password that its user must change at first login,
exactly as the single 新建用户 form does.

三员分立: the rows are what the 系统管理员 may create by hand — units, and accounts with no role or an
administrator role.  A business role (经办人 …) in the sheet is an error that says the 安全管理员 grants it.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field

from gongkai.errors import GongkaiError
from gongkai.readers.base import ReadError
from gongkai.readers.ooxml import check_package, load_bytes
from gongkai.readers.xlsx import _text as cell_text

from ..agencies.models import KINDS, Agency, review_body_from_name
from ..auditlog.services import record
from ..clock import today
from ..spreadsheet import xlsx_bytes
from .models import RENAMED_ROLES, ROLES, SYSADMIN_GRANTS, User

UNIT_SHEET = "单位"
ACCOUNT_SHEET = "账号"
MAX_ROWS = 2000  # data rows per sheet (a county has tens of units and a few hundred accounts)
MAX_SCANNED_ROWS = 20000  # rows read at all, blank ones included, before the file is refused
MAX_COLUMNS = 30

#: (key, header, required, aliases); the unit keys are Agency fields
UNIT_COLUMNS = [
    ("name", "单位名称", True, ("机关名称", "单位")),
    ("kind", "层级", True, ("单位层级", "机关层级")),
    ("parent", "上级单位", True, ("上级机关",)),
    ("review_body", "复议机关", False, ("行政复议机关",)),
    ("court", "行政诉讼管辖法院", False, ("管辖法院", "法院")),
    ("office_name", "政府信息公开工作机构", False, ("工作机构",)),
    ("address", "受理地址", False, ("地址",)),
    ("contact", "联系电话", False, ("电话",)),
    ("hours", "受理时间", False, ()),
    ("established_on", "设立日期", False, ("成立日期", "设立时间", "成立时间")),
]
#: the unit columns holding a date: an Excel date cell is taken as its date, text is parsed (:func:`parse_day`)
DATE_KEYS = {"established_on"}
ACCOUNT_COLUMNS = [
    ("username", "账号", True, ("用户名", "登录名")),
    ("full_name", "姓名", False, ()),
    ("role", "角色", False, ()),
    ("agency", "所属单位", False, ("所属机关", "单位")),
    ("email", "邮箱", False, ("电子邮箱", "电子邮件", "Email", "E-mail")),
]
KIND_ALIASES = {"市": "city", "县/区": "county", "县": "county", "区": "county", "县区": "county", "县（区）": "county",
                "乡镇/街道": "township", "乡镇": "township", "乡": "township", "镇": "township", "街道": "township",
                "乡镇（街道）": "township", "部门": "department", "县／区": "county", "乡镇／街道": "township",
                "县(区)": "county", "乡镇(街道)": "township"}
#: PBKDF2 rounds for a *generated* initial password (≈ 80 random bits, to be changed at first login): stretching
#: protects guessable human passwords; 80 random bits plus 2^14 rounds is more work to guess than a 10-character
#: human password at Django's 10^6.  Django re-hashes with its full rounds at the first login.  (At 10^6 rounds a
#: sheet of 120 accounts would take two minutes of server time.)
GENERATED_PASSWORD_ROUNDS = 16384
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
PASSWORD_SYMBOLS = "#%+=@"
PASSWORD_LENGTH = 14


class BulkImportError(GongkaiError):
    """Nothing was created; ``errors`` lists every problem (sheet, row, column, what to do)."""

    def __init__(self, errors: list[str], source: str = ""):
        self.errors = list(errors)
        super().__init__("；".join(self.errors[:3]) + (f"……共 {len(self.errors)} 处错误" if len(self.errors) > 3 else ""),
                         errors=self.errors, source=source)


@dataclass
class Row:
    """One data row of a sheet: its line number and its cells by column key, with the header's letters."""
    sheet: str
    line: int
    values: dict
    letters: dict

    def where(self, key: str | None = None, header: str = "") -> str:
        if key is None:
            return f"「{self.sheet}」表第{self.line}行"
        return f"「{self.sheet}」表第{self.line}行{self.letters.get(key, '')}列「{header}」"


@dataclass
class Plan:
    """What :func:`apply` will create: units (parents first) and accounts, all checked."""
    units: list[dict] = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)
    source: str = ""

    def summary(self) -> str:
        return f"{len(self.units)} 个单位、{len(self.accounts)} 个账号"


def _labels():
    return ROLES


def template_bytes() -> bytes:
    """The blank workbook offered for download: 说明, 单位, 账号 (headers only; 层级 and 角色 as drop-down lists)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation


    roles = _labels()
    wb = Workbook()
    guide = wb.active
    guide.title = "说明"
    lines = [
        "批量建立单位和账号",
        "在「单位」表每行填一个单位，在「账号」表每行填一个账号；带 * 的列必须填写。不需要的表可以留空。",
        "上级单位：已在平台中的单位，或本表「单位」表中的单位（顺序不限）。",
        "层级：" + "、".join(KINDS.values()) + "。",
        "复议机关：写入答复书的救济途径；留空时按层级和上级单位推定（乡镇、部门 → 所在县（区）人民政府）。",
        "设立日期：单位设立（成立）的日期，如 2024-03-01、2024/3/1 或 2024年3月1日；上级审查的发布情况从设立当年算起"
        "（年中设立的单位从当年度起应当公布年报，此前的年度不计为未发布）。留空时从加入平台的上一年度算起。",
        "角色：" + "、".join(roles[r] for r in SYSADMIN_GRANTS) + "（留空为未授权）。"
        "三员分立：经办人、审核人、签发人、上级审查员等业务角色由安全管理员在“安全管理”中授予。",
        "所属单位：已在平台中的单位，或本表「单位」表中的单位。",
        "初始密码由平台生成，导入后显示一次并可下载；用户首次登录须改为自己的密码。",
        "任何一行有错，整个文件都不导入，页面逐个列出错误（表、行、列）。",
    ]
    for text in lines:
        guide.append([text])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110
    for title, columns, choices in (
            (UNIT_SHEET, UNIT_COLUMNS, {"kind": list(KINDS.values())}),
            (ACCOUNT_SHEET, ACCOUNT_COLUMNS, {"role": [roles[r] for r in SYSADMIN_GRANTS]})):
        ws = wb.create_sheet(title)
        ws.append([header + ("*" if required else "") for _, header, required, _ in columns])
        for k, (key, header, _, _) in enumerate(columns):
            from openpyxl.utils import get_column_letter
            letter = get_column_letter(k + 1)
            ws.column_dimensions[letter].width = max(12, 2 * len(header) + 4)
            ws[f"{letter}1"].font = Font(bold=True)
            # every column is text: a phone number or an account name like 001 keeps its leading zeros
            for r in range(2, 302):  # (a date column as dates: Excel keeps what is typed there as a date)
                ws[f"{letter}{r}"].number_format = "yyyy-mm-dd" if key in DATE_KEYS else "@"
            if key in choices:
                dv = DataValidation(type="list", formula1='"' + ",".join(choices[key]) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="取值不对", error="请从下拉列表中选择。")
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value) -> str:
    return cell_text(value).strip()


def _date_cell(value) -> str:
    """A date column's cell as text: an Excel date cell (openpyxl gives a datetime) as 2024-03-01; a number —
    a date cell whose format was lost shows its serial number, 45352 — as the date Excel means by it; other
    text as written (parsed by :func:`parse_day`, which says what is wrong)."""
    import datetime as dt

    from openpyxl.utils.datetime import from_excel
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        try:
            return from_excel(value).date().isoformat()
        except (ValueError, OverflowError, AttributeError):
            return _text(value)
    return _text(value)


_DAY_FORMATS = (r"(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})", r"(\d{4})\s*/\s*(\d{1,2})\s*/\s*(\d{1,2})",
                r"(\d{4})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})", r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")


def parse_day(text: str):
    """The date a cell states — 2024-03-01, 2024-3-1, 2024/3/1, 2024.3.1, 2024年3月1日 (full-width digits too;
    a time after it, as an Excel date-time shows, is ignored) — or ValueError saying what was expected."""
    import datetime as dt
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKC", text or "").strip()
    plain = re.sub(r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$", "", plain)
    for pattern in _DAY_FORMATS:
        m = re.fullmatch(pattern, plain)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            try:
                return dt.date(y, mo, d)
            except ValueError:
                raise ValueError(f"「{text}」不是存在的日期（{y}年没有{mo}月{d}日）") from None
    raise ValueError(f"「{text}」不是日期，请写作 2024-03-01、2024/3/1 或 2024年3月1日（也可以是 Excel 的日期单元格）")


def _norm_header(text: str) -> str:
    import re
    return re.sub(r"[\s*＊:：]|[（(]必填[)）]", "", text or "")


def read_workbook(data: bytes, source: str = "") -> dict[str, list[Row]]:
    """The rows of the sheets 「单位」 and 「账号」 (a missing sheet: no rows), blank rows skipped.  Raises
    :class:`BulkImportError` for a file that is not a safe XLSX, has neither sheet, has unknown or missing
    columns, or is too large."""

    source = source or "上传的文件"
    try:
        data = load_bytes(data, source, "XLSX")
        if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: Excel 97–2003 (.xls) or WPS 表格 (.et)
            raise BulkImportError([f"文件「{source}」是旧版 Excel（.xls）或 WPS 表格文件，请在 Excel 或 WPS 中“另存为”"
                                   ".xlsx 后再上传。"], source)
        check_package(data, source, "XLSX", "[Content_Types].xml")
    except ReadError as e:
        raise BulkImportError([f"文件「{source}」：{e.message}"], source) from None
    try:
        from openpyxl import load_workbook
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure is the file's fault
        raise BulkImportError([f"文件「{source}」无法作为 XLSX 读取（{type(exc).__name__}），请用模板另存为 .xlsx 后再上传。"],
                              source) from None
    try:
        names = {name.strip(): name for name in wb.sheetnames}
        if UNIT_SHEET not in names and ACCOUNT_SHEET not in names:
            raise BulkImportError([f"文件「{source}」中没有名为「{UNIT_SHEET}」或「{ACCOUNT_SHEET}」的工作表"
                                   f"（现有：{'、'.join(wb.sheetnames) or '无'}）。请使用下载的模板。"], source)
        out, errors = {}, []
        for title, columns in ((UNIT_SHEET, UNIT_COLUMNS), (ACCOUNT_SHEET, ACCOUNT_COLUMNS)):
            out[title] = [] if title not in names else _read_sheet(wb[names[title]], title, columns, errors)
    except BulkImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part found while streaming the sheet
        raise BulkImportError([f"文件「{source}」的内容无法读取（{type(exc).__name__}），请用模板另存为 .xlsx 后再上传。"],
                              source) from None
    finally:
        wb.close()
    if errors:
        raise BulkImportError(errors, source)
    if not out[UNIT_SHEET] and not out[ACCOUNT_SHEET]:
        raise BulkImportError([f"文件「{source}」的「{UNIT_SHEET}」表和「{ACCOUNT_SHEET}」表都没有数据行。"], source)
    return out


def _read_sheet(ws, title: str, columns, errors: list[str]) -> list[Row]:
    from openpyxl.utils import get_column_letter

    by_header = {}
    for key, header, _, aliases in columns:
        for name in (header, *aliases):
            by_header[_norm_header(name)] = key
    header_line, keys, rows, named = None, {}, [], set()
    for line, values in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
        if line > MAX_SCANNED_ROWS:
            errors.append(f"「{title}」表超过 {MAX_SCANNED_ROWS} 行，不像是单位或账号清单，拒绝读取。")
            return []
        texts = [_text(v) for v in values]
        if not any(texts):
            continue
        if header_line is None:
            header_line = line
            for c, text in enumerate(texts):
                if not text:
                    continue
                named.add(c)
                key = by_header.get(_norm_header(text))
                letter = get_column_letter(c + 1)
                if key is None:
                    errors.append(f"「{title}」表第{line}行{letter}列：不认识的列名「{text}」（可用的列："
                                  f"{'、'.join(h for _, h, _, _ in columns)}）。请使用下载的模板。")
                elif key in keys.values():
                    errors.append(f"「{title}」表第{line}行{letter}列：列「{text}」重复。")
                else:
                    keys[c] = key
            for key, header, required, _ in columns:
                if required and key not in keys.values():
                    errors.append(f"「{title}」表第{line}行：缺少必填的列「{header}」。")
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(f"「{title}」表的数据超过 {MAX_ROWS} 行，请分成几个文件导入。")
            return []
        extra = [get_column_letter(c + 1) for c, t in enumerate(texts) if t and c not in named]
        if extra:
            errors.append(f"「{title}」表第{line}行{'、'.join(extra)}列：这些列没有列名，内容无法对应，请删除或补上列名。")
        for c, key in keys.items():
            if key in DATE_KEYS and c < len(values):
                texts[c] = _date_cell(values[c])
        rows.append(Row(title, line, {key: texts[c] if c < len(texts) else "" for c, key in keys.items()},
                        {key: get_column_letter(c + 1) for c, key in keys.items()}))
    return rows


def _scope_ids(actor) -> list[int] | None:
    """The agencies the actor administers (its root's tree), or None (the command line: all)."""
    agency = getattr(actor, "agency", None)
    if agency is None:
        return None
    root = agency
    while root.parent_id is not None:
        root = root.parent
    return root.subtree_ids()


def check(rows: dict[str, list[Row]], actor=None, source: str = "") -> Plan:
    """Validate every row against the file and the database; a :class:`Plan`, or :class:`BulkImportError`
    listing every problem (nothing stops at the first)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email


    roles = _labels()
    errors: list[str] = []
    units_rows = rows.get(UNIT_SHEET, [])
    account_rows = rows.get(ACCOUNT_SHEET, [])
    scope = _scope_ids(actor)
    known = Agency.objects.all() if scope is None else Agency.objects.filter(id__in=scope)
    existing = dict(known.values_list("name", "id"))
    # 停用 (撤销、合并) units take no new sub-units or accounts (agencies/removal.py)
    deactivated = set(known.filter(deactivated_on__isnull=False).values_list("name", flat=True))
    header = {key: h for key, h, _, _ in UNIT_COLUMNS + ACCOUNT_COLUMNS}

    def controls(row: Row) -> None:
        """Control characters (a cell escaped as _x0000_ …) are reported and dropped before any look-up."""
        import re
        for key, value in list(row.values.items()):
            if re.search(r"[\x00-\x1f\x7f]", value):
                errors.append(f"{row.where(key, header.get(key, ''))}：含有不可见的控制字符，请重新输入该格。")
                row.values[key] = re.sub(r"[\x00-\x1f\x7f]", "", value)

    for row in units_rows + account_rows:
        controls(row)
    taken_names = set(Agency.objects.filter(name__in=[r.values.get("name") for r in units_rows if r.values.get("name")])
                      .values_list("name", flat=True))

    def required(row: Row, columns) -> bool:
        ok = True
        for key, h, req, _ in columns:
            if req and key in row.values and not row.values[key]:
                errors.append(f"{row.where(key, h)}：必须填写。")
                ok = False
        return ok

    def length(row: Row, key: str, model) -> None:
        limit = model._meta.get_field(key).max_length
        value = row.values.get(key, "")
        if limit and len(value) > limit:
            errors.append(f"{row.where(key, header[key])}：最多 {limit} 个字，现为 {len(value)} 个字。")

    # units
    first_line: dict[str, int] = {}
    units = []
    for row in units_rows:
        v = row.values
        required(row, UNIT_COLUMNS)
        name = v.get("name", "")
        for key in ("name", "review_body", "court", "office_name", "address", "contact", "hours"):
            length(row, key, Agency)
        if name:
            if name in first_line:
                errors.append(f"{row.where('name', '单位名称')}：「{name}」在本表第{first_line[name]}行已经出现。")
            else:
                first_line[name] = row.line
            if name in taken_names:
                errors.append(f"{row.where('name', '单位名称')}：平台中已有名为「{name}」的单位，不能重复建立。")
        kind = KIND_ALIASES.get(v.get("kind", "").replace(" ", ""))
        if v.get("kind") and kind is None:
            errors.append(f"{row.where('kind', '层级')}：不认识的层级「{v['kind']}」，应为 {'、'.join(KINDS.values())} 之一。")
        parent = v.get("parent", "")
        if parent:
            if parent == name:
                errors.append(f"{row.where('parent', '上级单位')}：上级单位不能是本单位。")
            elif parent in deactivated:
                errors.append(f"{row.where('parent', '上级单位')}：「{parent}」已停用（撤销、合并），不能再建立它的下级单位。")
            elif parent not in existing and parent not in {r.values.get("name") for r in units_rows}:
                errors.append(f"{row.where('parent', '上级单位')}：平台中和「{UNIT_SHEET}」表中都没有名为「{parent}」的单位"
                              "（须与单位名称完全一致）。")
        established_on = None
        if v.get("established_on"):
            try:
                established_on = parse_day(v["established_on"])
            except ValueError as exc:
                errors.append(f"{row.where('established_on', '设立日期')}：{exc}。")
            else:
                if established_on > today():
                    errors.append(f"{row.where('established_on', '设立日期')}：{established_on} 晚于今天 {today()}，"
                                  "请核对（尚未设立的单位不能建立）。")
                elif established_on.year < 1900:
                    errors.append(f"{row.where('established_on', '设立日期')}：{established_on} 过早，请核对年份。")
        units.append({"row": row, "name": name, "kind": kind, "parent": parent, "established_on": established_on,
                      **{k: v.get(k, "") for k in ("review_body", "court", "office_name", "address", "contact", "hours")}})
    # parents first; a loop inside the file (甲 → 乙 → 甲) has no order
    ordered, placed, pending = [], set(existing), [u for u in units]
    while pending:
        ready = [u for u in pending if u["parent"] in placed or not u["parent"]]
        if not ready:
            break
        for u in ready:
            ordered.append(u)
            placed.add(u["name"])
        pending = [u for u in pending if u not in ready]
    in_file = {r.values.get("name") for r in units_rows}
    _suggest_review_bodies(ordered, known)
    for u in pending:
        if u["parent"] in in_file and u["parent"] != u["name"]:
            errors.append(f"{u['row'].where('parent', '上级单位')}：「{u['name']}」与上级单位「{u['parent']}」在本表中互为上下级"
                          "（循环），请核对。")

    # accounts
    seen: dict[str, int] = {}
    accounts = []
    usernames = [r.values.get("username", "") for r in account_rows]
    taken = set(User.objects.filter(username__in=[u for u in usernames if u]).values_list("username", flat=True))
    by_label = {label: code for code, label in roles.items()} | {code: code for code in roles} | RENAMED_ROLES
    for row in account_rows:
        v = row.values
        required(row, ACCOUNT_COLUMNS)
        username = v.get("username", "")
        if username:
            try:
                User._meta.get_field("username").run_validators(username)
            except ValidationError:
                errors.append(f"{row.where('username', '账号')}：「{username}」不能作账号：只能用字母、数字和 @ . + - _，"
                              f"最多 150 个字符。")
            if username in seen:
                errors.append(f"{row.where('username', '账号')}：「{username}」在本表第{seen[username]}行已经出现。")
            else:
                seen[username] = row.line
            if username in taken:
                errors.append(f"{row.where('username', '账号')}：平台中已有账号「{username}」，不能重复建立。")
        length(row, "full_name", User)
        role_text = v.get("role", "").replace(" ", "")
        role = by_label.get(role_text or "未授权")
        if role is None:
            errors.append(f"{row.where('role', '角色')}：不认识的角色「{v['role']}」，应为 "
                          f"{'、'.join(roles[r] for r in SYSADMIN_GRANTS)} 之一（留空为未授权）。")
        elif role not in SYSADMIN_GRANTS:
            errors.append(f"{row.where('role', '角色')}：三员分立，系统管理员不能授予业务角色「{roles[role]}」；请把角色留空"
                          "（未授权），导入后由安全管理员在“安全管理”中授予。")
        agency = v.get("agency", "")
        if agency in deactivated:
            errors.append(f"{row.where('agency', '所属单位')}：「{agency}」已停用（撤销、合并），不能再建立属于它的账号。")
        elif agency and agency not in existing and agency not in in_file:
            errors.append(f"{row.where('agency', '所属单位')}：平台中和「{UNIT_SHEET}」表中都没有名为「{agency}」的单位"
                          "（须与单位名称完全一致）。")
        email = v.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(f"{row.where('email', '邮箱')}：「{email}」不是有效的电子邮箱地址。")
        accounts.append({"row": row, "username": username, "full_name": v.get("full_name", ""), "role": role,
                         "agency": agency, "email": email})
    if errors:
        raise BulkImportError(errors, source)
    return Plan(units=ordered, accounts=accounts, source=source)


def _suggest_review_bodies(units: list[dict], known) -> None:
    """``suggested``: the 复议机关 a unit left empty will get (as :meth:`Agency.suggested_review_body`), its
    ancestors taken from the platform or the file, for the preview."""
    tree = {name: (kind, parent) for name, kind, parent in known.values_list("name", "kind", "parent__name")}
    tree.update({u["name"]: (u["kind"], u["parent"]) for u in units})
    for u in units:
        up = u["parent"]
        if u["kind"] in ("township", "department"):
            seen = set()
            while up and up in tree and tree[up][0] not in ("county", "city") and up not in seen:
                seen.add(up)
                up = tree[up][1]
        u["suggested"] = up or review_body_from_name(u["name"], u["kind"] or "")


def generate_password(user) -> str:
    """A random initial password that the platform's own password rules accept (≈ 80 bits)."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    while True:
        chars = [secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH - 1)]
        chars.insert(secrets.randbelow(PASSWORD_LENGTH), secrets.choice(PASSWORD_SYMBOLS))
        password = "".join(chars)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def _hash(password: str) -> str:
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=min(hasher.iterations, GENERATED_PASSWORD_ROUNDS))
    return make_password(password)


@dataclass
class Created:
    units: list
    accounts: list  # (User, initial password)


def apply(rows: dict[str, list[Row]], actor=None, *, source: str = "", request=None, by: str = "") -> Created:
    """Check and create everything in one transaction: every unit and account, or (any error) nothing.
    Audit-logged: one entry per unit and account (新建机关 / 新建用户, as by hand) and one for the import."""
    from django.db import IntegrityError, transaction


    try:
        with transaction.atomic():
            plan = check(rows, actor, source)  # again inside: the database may have changed since the preview
            agencies = dict(Agency.objects.values_list("name", "id"))
            units = []
            for u in plan.units:
                agency = Agency.objects.create(
                    name=u["name"], kind=u["kind"], parent_id=agencies.get(u["parent"]) if u["parent"] else None,
                    review_body=u["review_body"] or u.get("suggested", ""), court=u["court"],  # as previewed office_name=u["office_name"],
                    address=u["address"], contact=u["contact"], hours=u["hours"], established_on=u["established_on"])
                agencies[agency.name] = agency.id
                units.append(agency)
                record(actor, "agency_create", agency, new={
                    "name": agency.name, "kind": agency.kind, "parent": u["parent"], "import": source,
                    **({"established_on": agency.established_on.isoformat()} if agency.established_on else {})},
                    request=request)
            accounts = []
            for a in plan.accounts:
                user = User(username=a["username"], full_name=a["full_name"], email=a["email"], role=a["role"],
                            agency_id=agencies.get(a["agency"]) if a["agency"] else None)
                password = generate_password(user)
                user.password = _hash(password)
                user.must_change_password = True  # as the single form: the user chooses their own at first login
                user.save()
                accounts.append((user, password))
                record(actor, "user_create", user, new={"username": user.username, "role": user.role,
                                                        "agency": a["agency"], "import": source}, request=request)
            record(actor, "accounts_import", None, new={"file": source, "units": len(units), "accounts": len(accounts),
                                                        **({"by": by} if by else {})}, request=request)
    except IntegrityError:  # another administrator created the same name between the check and the insert
        raise BulkImportError([f"文件「{source}」：导入时平台中已有同名的单位或账号（可能刚由他人建立），"
                               "一个也没有导入；请重新上传核对。"], source) from None
    return Created(units=units, accounts=accounts)


PASSWORD_HEADER = ["账号", "姓名", "所属单位", "角色", "初始密码"]


def password_rows(created: Created) -> list[list[str]]:
    return [[u.username, u.full_name, u.agency.name if u.agency_id else "", u.role_label, pw]
            for u, pw in created.accounts]


def passwords_xlsx(created: Created) -> bytes:
    """The initial passwords as a sheet to hand out (every cell text; nothing a spreadsheet would run)."""
    return xlsx_bytes("初始密码", PASSWORD_HEADER, password_rows(created))


def rows_to_json(rows: dict[str, list[Row]]) -> dict:
    """The read rows as JSON (kept in the session between the preview and the confirmation)."""
    return {sheet: [[r.line, r.values, r.letters] for r in rs] for sheet, rs in rows.items()}


def rows_from_json(data: dict) -> dict[str, list[Row]]:
    return {sheet: [Row(sheet, line, dict(values), dict(letters)) for line, values, letters in rs]
            for sheet, rs in data.items() if sheet in (UNIT_SHEET, ACCOUNT_SHEET)}

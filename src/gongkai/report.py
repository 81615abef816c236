"""The annual report model (``AnnualReport``): what a reader found, cell by cell.

A cell keeps what the document printed and what it means.  An explicit 0, a blank, a
"/" or "—" (not applicable), unreadable text, a cell the document does not have at all,
and a run of digits that could not be split unambiguously are six different facts:

==================  =========================================================
``number``          a value was printed (0 included); ``value`` is int (件) or Decimal (万元)
``blank``           the cell exists and is empty
``not_applicable``  "/", "—", "-", "－", "无" …
``unreadable``      text that is not a number (``raw`` keeps it)
``missing``         the document has no such cell (row/column/table absent)
``ambiguous``       glued digits with several (or no) splits fitting the relations
==================  =========================================================

JSON in and out (:meth:`AnnualReport.to_dict`, :meth:`AnnualReport.from_dict`) carries
``schema_version``; see ``docs/schema.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from decimal import Decimal

from .format import FORMATS, Format, Table
from .records import record
from .textutil import parse_value, shorten

SCHEMA_VERSION = "1.6"  # 1.1: a P01 note may carry data.digit_bound; a long ambiguous raw is shortened;
#                        1.2: format may be "pre2019" (a report of 2018 or earlier)
#                        1.3: notes P14 (blanks placed by the relations) and a P03 note counting the rest (data.count)
#                        1.4: note P15 (a text file's UTF-8 cut mid-character: data.count, data.lines)
#                        1.5: P01 data.unit, data.wrapped_in_cell, data.unprinted; every note data key in docs/schema.md
#                        1.6: note P20 (a table read turned: data.table, data.row, data.by_order)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start (cold start, issue 16)
if TYPE_CHECKING:
    from typing import Literal

    CellKind = Literal["number", "blank", "not_applicable", "unreadable", "missing", "ambiguous"]
TABLE_NUMBERS = ("二", "三", "四")
SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六")


@record(frozen=True)
class Location:
    """Where something was read: the file, and a line (1-based) and/or a table position.

    ``where`` is a human-readable position inside the file, e.g. "第12行" or
    "第2个表格 第5行 第3列"; ``line`` is set for text sources, ``page`` for PDF.
    """

    source: str = ""
    line: int | None = None
    where: str = ""
    page: int | None = None

    def __init__(self, source: str = "", line: int | None = None, where: str = "", page: int | None = None):
        # what dataclass's frozen __init__ does (one object.__setattr__ per field), written into the instance's
        # dict directly: half the time, and a report makes one Location per cell read (issue 16)
        d = self.__dict__
        d["source"] = source
        d["line"] = line
        d["where"] = where
        d["page"] = page

    def describe(self) -> str:
        parts = []
        if self.page:
            parts.append(f"第{self.page}页")
        if self.where:
            parts.append(self.where)
        elif self.line:
            parts.append(f"第{self.line}行")
        return " ".join(parts)

    def to_dict(self) -> dict:
        # the fields in their order, as asdict() gives them — they are plain values, so without its recursive
        # copy (a tenth of writing a report's findings in the supervision worker)
        return {k: v for k, v in vars(self).items() if v not in (None, "")}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Location":
        return cls(**(d or {}))


@record
class Cell:
    """One table cell: ``kind`` says which fact it is, ``raw`` what was printed ("" if blank).

    ``inferred`` is True when the value came from splitting glued digits and exactly one
    split satisfied the table's relations; ``candidates`` lists the splits' values for this
    cell when ``kind == "ambiguous"`` (empty when no split fitted).
    """

    kind: CellKind
    value: int | Decimal | None = None
    raw: str = ""
    location: Location = field(default_factory=Location)
    inferred: bool = False
    candidates: list = field(default_factory=list)

    @property
    def has_value(self) -> bool:
        return self.kind == "number"

    def display(self) -> str:
        """The value as printed ("" when blank)."""
        if self.kind == "number":
            return self.raw if self.raw else str(self.value)
        if self.kind == "ambiguous":
            return self.raw
        return self.raw

    def to_dict(self) -> dict:
        # an ambiguous cell's raw is its whole row's glued run: a long one is written shortened (the full run
        # is once in the row's P01 note, data.raw), so a huge run is not repeated in every cell of the row
        d = {"kind": self.kind, "raw": shorten(self.raw) if self.kind == "ambiguous" else self.raw}
        if self.value is not None:
            d["value"] = str(self.value) if isinstance(self.value, Decimal) else self.value
        d["location"] = self.location.to_dict()
        if self.inferred:
            d["inferred"] = True
        if self.candidates:
            d["candidates"] = [str(c) if isinstance(c, Decimal) else c for c in self.candidates]
        return d

    @classmethod
    def from_dict(cls, d: dict, unit: str = "件", where: str = "单元格") -> "Cell":
        """Rebuild a cell from :meth:`to_dict` output, checking it: ValueError (Chinese, naming
        ``where``) for an unknown kind, a number cell without a number, a value that is not a
        number (true/false, text), one larger than 10¹², or a ``raw`` that says another number."""
        _expect(d, dict, where)
        kind = d.get("kind")
        if kind not in CELL_KINDS:
            raise ValueError(f"{where}：kind「{kind}」不是 {'、'.join(CELL_KINDS)} 之一")
        raw = d.get("raw", "")
        _expect(raw, str, f"{where}.raw")
        value = _number(d.get("value"), unit, f"{where}.value")
        if kind == "number" and value is None:
            raise ValueError(f"{where}：kind 为 number，但没有 value")
        if kind != "number" and value is not None:
            raise ValueError(f"{where}：kind 为 {kind} 的单元格不应有 value（{d.get('value')}）")
        inferred = d.get("inferred", False)
        _expect(inferred, bool, f"{where}.inferred")
        if kind == "number" and raw and not inferred:
            printed_kind, printed = parse_value(raw, unit)
            if printed_kind != "number" or printed != value:
                raise ValueError(f"{where}：raw「{raw}」与 value {value} 不一致（raw 是原文印的内容；改数字时请同时改 raw，或把 raw 改为 \"\"）")
        candidates = d.get("candidates", [])
        _expect(candidates, list, f"{where}.candidates")
        return cls(kind=kind, value=value, raw=raw, location=Location.from_dict(d.get("location")),
                   inferred=inferred, candidates=list(candidates))


CELL_KINDS = ("number", "blank", "not_applicable", "unreadable", "missing", "ambiguous")
MAX_CELL_VALUE = 10 ** 12
_JSON_TYPES = {dict: "对象", list: "数组", str: "字符串", bool: "true/false"}


def _expect(value, kind: type, where: str) -> None:
    if not isinstance(value, kind):
        got = "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)
        raise ValueError(f"{where} 应为{_JSON_TYPES.get(kind, kind.__name__)}，实际为 {got}")


def _number(value, unit: str, where: str):
    """A cell value from JSON: int for counts (件), Decimal for 万元 and for a count printed with a
    fraction (kept visible to the auditor, as the readers keep "1.5"); None stays None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{where}：「{value}」不是数字")
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        raise ValueError(f"{where}：「{value}」不是数字") from None
    if not number.is_finite():
        raise ValueError(f"{where}：「{value}」不是数字")
    if abs(number) > MAX_CELL_VALUE:
        raise ValueError(f"{where}：{value} 过大（上限 {MAX_CELL_VALUE}）")
    if unit == "万元" or number != number.to_integral_value():
        return number
    return int(number)


MISSING = "missing"
FORMULA_NOT_COMPUTED = "公式未计算"
"""The raw text of an unreadable cell that is a spreadsheet formula saved without its result (a workbook made
by a program that does not compute formulas): the reader notes it (P13), it is not a printed mistake."""


@record
class SectionText:
    """A narrative section: its number ("一"…"六"), its title as printed, its text.

    ``lines`` keeps each paragraph with its location so a finding can quote a sentence.
    """

    number: str
    title: str
    location: Location = field(default_factory=Location)
    paragraphs: list[tuple[str, Location]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p for p, _ in self.paragraphs)

    def to_dict(self) -> dict:
        return {"number": self.number, "title": self.title, "location": self.location.to_dict(),
                "paragraphs": [{"text": t, "location": loc.to_dict()} for t, loc in self.paragraphs]}

    @classmethod
    def from_dict(cls, d: dict) -> "SectionText":
        return cls(d["number"], d["title"], Location.from_dict(d.get("location")),
                   [(p["text"], Location.from_dict(p.get("location"))) for p in d.get("paragraphs", [])])


@record
class ReadingNote:
    """Something the reader noticed that the auditor must report (rule ``code``).

    ``data`` carries the structured facts (labels, candidates, positions) for the message.
    """

    code: str
    message: str
    location: Location = field(default_factory=Location)
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "location": self.location.to_dict(), "data": self.data}

    @classmethod
    def from_dict(cls, d: dict) -> "ReadingNote":
        return cls(d["code"], d["message"], Location.from_dict(d.get("location")), d.get("data", {}))


LAST_YEAR_BEFORE_FORMATS = 2018  # 〔2019〕60号 applies from the 2019 report on
#: the JSON outputs' ``format`` of a report of 2018 or earlier: before both national formats, none of their tables read
BEFORE_FORMATS = "pre2019"


@record
class AnnualReport:
    """One agency's 政府信息公开工作年度报告 for one year, as read.

    ``cells`` maps ``(table, row_id, column_id)`` — table as "二"/"三"/"四", ids from the
    format — to a :class:`Cell`.  Every cell of the format is present (kind ``missing``
    when the document lacks it).  ``tables_found`` says, per table, where it was found
    (absent key: the table is not in the document).  ``format_id`` is "2021" or "2019".
    """

    source: str = ""
    title: str = ""
    agency: str = ""
    year: int | None = None
    format_id: str = "2021"
    sections: dict[str, SectionText] = field(default_factory=dict)
    cells: dict[tuple[str, str, str], Cell] = field(default_factory=dict)
    tables_found: dict[str, Location] = field(default_factory=dict)
    notes: list[ReadingNote] = field(default_factory=list)
    preamble: list[tuple[str, Location]] = field(default_factory=list)
    reader: str = ""

    # ------------------------------------------------------------------ access
    @property
    def format(self) -> Format:
        return FORMATS[self.format_id]

    def table(self, number: str) -> Table:
        return self.format.table(number)

    @property
    def format_key(self) -> str:
        """What the report's tables follow, as the JSON outputs say it: "2021" or "2019", or
        ``BEFORE_FORMATS`` ("pre2019") for a report of 2018 or earlier, which follows neither format
        (``format_id`` keeps the format its — unread — cells are filed under)."""
        return BEFORE_FORMATS if self.predates_formats else self.format_id

    @property
    def predates_formats(self) -> bool:
        """A report for 2018 or earlier: before both national table formats (〔2019〕60号 and
        〔2021〕30号), so none of their tables, rows or relations applies to it."""
        return self.year is not None and self.year <= LAST_YEAR_BEFORE_FORMATS

    def cell(self, table: str, row: str, column: str) -> Cell:
        """The cell, or a ``missing`` cell when the format has it but nothing was read."""
        return self.cells.get((table, row, column)) or Cell(MISSING)

    def value(self, table: str, row: str, column: str):
        """The numeric value, or None when the cell holds no number."""
        c = self.cells.get((table, row, column))
        return c.value if c is not None and c.kind == "number" else None

    def iter_cells(self, table: str | None = None) -> Iterator[tuple[str, object, object, Cell]]:
        """(table numeral, Row, Column, Cell) for every printed cell of the format, in order —
        and for a group row the format does not print (（六）其他处理) when the document printed it."""
        for t in self.format.tables:
            if table and t.number != table:
                continue
            for r in t.rows:
                cols = t.columns_of(r)
                if not r.printed and all((t.number, r.id, c.id) not in self.cells
                                         or self.cells[(t.number, r.id, c.id)].kind == MISSING for c in cols):
                    continue
                for c in cols:
                    yield t.number, r, c, self.cell(t.number, r.id, c.id)

    def ensure_all_cells(self) -> None:
        """Fill every printed cell of the format that the reader did not set with ``missing``."""
        cells = self.cells
        for t in self.format.tables:
            for r, c in t.cells():
                key = (t.number, r.id, c.id)
                if key not in cells:  # (a Cell made only for a cell not read)
                    cells[key] = Cell(MISSING)

    @property
    def full_text(self) -> str:
        parts = [t for t, _ in self.preamble]
        for n in SECTION_NUMBERS:
            s = self.sections.get(n)
            if s:
                parts.append(s.title)
                parts.append(s.text)
        return "\n".join(parts)

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict:
        """The report as JSON-ready data (schema ``SCHEMA_VERSION``, docs/schema.md)."""
        tables = {}
        for t in self.format.tables:
            rows = {}
            for r in t.rows:
                cols = {}
                for c in t.columns_of(r):
                    cell = self.cells.get((t.number, r.id, c.id))
                    if cell is not None and (r.printed or cell.kind != MISSING):
                        cols[c.id] = cell.to_dict()
                if cols:
                    rows[r.id] = cols
            tables[t.id] = {"number": t.number, "found": t.number in self.tables_found,
                            "location": self.tables_found[t.number].to_dict() if t.number in self.tables_found
                            else None, "rows": rows}
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "reader": self.reader,
            "format": self.format_key,
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "preamble": [{"text": t, "location": loc.to_dict()} for t, loc in self.preamble],
            "sections": {n: s.to_dict() for n, s in self.sections.items()},
            "tables": tables,
            "notes": [n.to_dict() for n in self.notes],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "AnnualReport":
        """Rebuild a report from :meth:`to_dict` output.

        Raises ValueError when ``schema_version`` has another major version or the data
        names a table, row or column the format does not have.
        """
        _expect(d, dict, "报告数据")
        version = str(d.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"不支持的报告数据版本 schema_version={version!r}（本程序支持 {SCHEMA_VERSION}）")
        fmt_id = d.get("format", "2021")
        if fmt_id == BEFORE_FORMATS:
            fmt_id = "2021"  # no table of a format was read; its cells are filed (missing) under the current one
        elif fmt_id not in FORMATS:
            raise ValueError(f"未知的年报格式 format={fmt_id!r}")
        year = d.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise ValueError(f"year 应为整数（如 2024）或 null，实际为「{year}」")
        for key in ("source", "title", "agency", "reader"):
            _expect(d.get(key, ""), str, key)
        rep = cls(source=d.get("source", ""), title=d.get("title", ""), agency=d.get("agency", ""),
                  year=year, format_id=fmt_id, reader=d.get("reader", ""))
        _expect(d.get("preamble", []), list, "preamble")
        rep.preamble = [(p["text"], Location.from_dict(p.get("location"))) for p in d.get("preamble", [])]
        _expect(d.get("sections", {}), dict, "sections")
        for n, sd in d.get("sections", {}).items():
            _expect(sd, dict, f"sections.{n}")
            _expect(sd.get("paragraphs", []), list, f"sections.{n}.paragraphs")
        rep.sections = {n: SectionText.from_dict(s) for n, s in d.get("sections", {}).items()}
        fmt = FORMATS[fmt_id]
        _expect(d.get("tables", {}), dict, "tables")
        for tid, tdata in d.get("tables", {}).items():
            try:
                table = fmt.table(tid)
            except KeyError:
                raise ValueError(f"tables 中有 {fmt_id} 年格式没有的表「{tid}」") from None
            _expect(tdata, dict, f"tables.{tid}")
            if tdata.get("found"):
                rep.tables_found[table.number] = Location.from_dict(tdata.get("location"))
            _expect(tdata.get("rows", {}), dict, f"tables.{tid}.rows")
            for rid, cols in tdata.get("rows", {}).items():
                try:
                    row = table.row(rid)
                except KeyError:
                    raise ValueError(f"tables.{tid}.rows 中有表{table.number}没有的行「{rid}」") from None
                _expect(cols, dict, f"tables.{tid}.rows.{rid}")
                for cid, cdata in cols.items():
                    try:
                        col = table.column(cid)
                    except KeyError:
                        raise ValueError(f"tables.{tid}.rows.{rid} 中有表{table.number}没有的列「{cid}」") from None
                    unit = "万元" if "万元" in (row.unit, col.unit) else "件"
                    rep.cells[(table.number, row.id, col.id)] = Cell.from_dict(
                        cdata, unit, f"tables.{tid}.rows.{rid}.{cid}（表{table.number}「{row.label}」行「{col.display}」列）")
        _expect(d.get("notes", []), list, "notes")
        rep.notes = [ReadingNote.from_dict(n) for n in d.get("notes", [])]
        rep.ensure_all_cells()
        return rep

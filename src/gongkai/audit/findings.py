"""Audit findings (审核意见) and the evidence they quote.

A :class:`Finding` carries a stable rule ``code`` (see :mod:`gongkai.audit.registry`),
a ``severity`` — ``"error"`` (错误), ``"warning"`` (警告) or ``"notice"`` (提示) — a
Chinese ``message`` that names the place, the ``evidence`` (cells and passages, each
with its :class:`~gongkai.report.Location`) and a ``hint`` saying what to do.
"""

from __future__ import annotations

from dataclasses import field

from ..records import record
from ..report import Location
from ..textutil import one_line, shorten  # noqa: F401  (shorten: quoted by the rules from here)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start (cold start, issue 16)
if TYPE_CHECKING:
    from typing import Literal

    Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "notice")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "notice": "提示"}
_DEFAULT = object()  # (an argument not given: the field's default_factory)



@record(frozen=True)
class CellEvidence:
    """A table cell quoted as evidence.

    ``table`` is "二"/"三"/"四"; ``row`` the official row label (``Row.label``; table 四's
    only row has the label ""); ``column`` the column as ``Column.display`` (table 四:
    "行政诉讼/复议后起诉/总计"; "" when the evidence is a whole row); ``value`` the cell
    as printed ("" when blank).
    """

    table: str
    row: str
    column: str
    value: str
    location: Location = field(default_factory=Location)

    kind = "cell"

    def __init__(self, table: str, row: str, column: str, value: str, location: Location = _DEFAULT):
        # dataclass's frozen __init__ (one object.__setattr__ per field), written into the dict directly: an
        # audit quotes every blank or summed cell (issue 16)
        d = self.__dict__
        d["table"] = table
        d["row"] = row
        d["column"] = column
        d["value"] = value
        d["location"] = Location() if location is _DEFAULT else location

    def describe(self) -> str:
        """For the terminal: long values shortened (:func:`shorten`), whitespace on one line.
        The cell in words, e.g. 表三「（七）总计」行「总计」列（印为 5，第30行）."""
        place = f"表{self.table}"
        if self.row:
            place += f"「{self.row}」行"
        if self.column:
            place += f"「{self.column}」列"
        shown = one_line(shorten(self.value)) if self.value != "" else "空白"
        where = self.location.describe()
        return f"{place}（印为 {shown}{'，' + where if where else ''}）"

    def to_dict(self) -> dict:
        return {"kind": "cell", "table": self.table, "row": self.row, "column": self.column, "value": self.value,
                "location": self.location.to_dict()}


@record(frozen=True)
class PassageEvidence:
    """A passage of the narrative quoted as evidence.

    ``section`` is "一"…"六", or "" for the title and the preamble before section 一;
    ``text`` quotes the sentence ("" when the evidence is the absence of a section).
    """

    section: str
    text: str
    location: Location = field(default_factory=Location)

    kind = "passage"

    def __init__(self, section: str, text: str, location: Location = _DEFAULT):
        d = self.__dict__  # (as CellEvidence's)
        d["section"] = section
        d["text"] = text
        d["location"] = Location() if location is _DEFAULT else location

    def describe(self) -> str:
        place = f"正文第{self.section}部分" if self.section else "标题或导语"
        where = self.location.describe()
        return f"{place}{'（' + where + '）' if where else ''}：“{one_line(shorten(self.text, 200, 20))}”"

    def to_dict(self) -> dict:
        return {"kind": "passage", "section": self.section, "text": self.text, "location": self.location.to_dict()}


Evidence = CellEvidence | PassageEvidence


@record(frozen=True)
class Finding:
    """One audit finding.  ``severity`` is one of :data:`SEVERITIES`."""

    code: str
    severity: Severity
    message: str
    evidence: list = field(default_factory=list)
    hint: str = ""

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"未知的严重程度 {self.severity!r}（应为 error / warning / notice）")

    @property
    def severity_label(self) -> str:
        """错误 / 警告 / 提示."""
        return SEVERITY_LABELS[self.severity]

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "severity_label": self.severity_label,
                "message": self.message, "evidence": [e.to_dict() for e in self.evidence], "hint": self.hint}

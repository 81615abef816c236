"""Reading findings added with the readers' newer notes (P11 onwards).

The reader says what it did with a document that is not laid out as the format prints it; each such
note becomes one finding here, with the rows or passages it concerns.  Like every rule, these never
read files and never guess: the note already says what was read and how.
"""

from __future__ import annotations

from ..report import AnnualReport, Location
from .findings import CellEvidence, Finding, PassageEvidence
from .registry import rule


@rule(code="P12", severity="notice", title="行标签印在表格行之外，已按表格的行序对应",
      source="读取（由 PDF 转换的 Markdown、文字：行标签单独成行）")
def rows_by_order(report: AnnualReport, ctx):
    """
    作用：
    由 PDF 转换来的 Markdown 或文字中，一些表格行只有数字，行标签单独印在表格之外（表格上方或下方的文字行）。
    这些行夹在两个凭标签认出的行之间、每行的格数与格式一致，且行数恰好等于格式在这两行之间的行数时，按表格的
    行序对应；条件不全满足时不对应，单元格留空并提示（P07）。列出按行序对应的各行，供人核对。

    为什么：
    行序对应不是凭标签认出的，原件若漏印或多印一行，对应就会错位；请对照原件确认。

    示例：
    表三“1.属于国家秘密”与“3.危及‘三安全一稳定’”两行之间有一行没有标签的数字“0 0 0 0 0 0 0”，其标签
    “2.其他法律行政法规禁止公开”印在表格上方：按行序读为第 2 项，报“提示”。
    """
    for n in report.notes:
        if n.code != "P12":
            continue
        d = n.data
        t = str(d.get("table", ""))
        rows = d.get("rows") or []
        evidence = [CellEvidence(t, str(r.get("row_label", "")), "", " / ".join(r.get("values") or []),
                                 Location(n.location.source, r["line"]) if r.get("line") else n.location)
                    for r in rows]
        shown = "；".join(f"「{r.get('row_label', '')}」{' / '.join(r.get('values') or [])}" for r in rows[:3])
        more = f" 等 {len(rows)} 行" if len(rows) > 3 else ""
        yield Finding("P12", "notice",
                      f"表{t}有 {len(rows)} 行只印了数字、行标签印在表格行之外，已按表格的行序对应：{shown}{more}。",
                      evidence or [CellEvidence(t, "", "", "", n.location)],
                      "请对照原件确认这些行的数字；制作网页或 Markdown 版时请让行标签与数字在同一行。")


@rule(code="P11", severity="warning", title="文档中还有未接受的修订（Word 修订模式）",
      source="读取（DOCX 的 w:ins / w:del 修订标记）")
def unaccepted_revisions(report: AnnualReport, ctx):
    """
    作用：
    Word 文档中还留有未接受（也未拒绝）的修订：插入（w:ins）、删除（w:del）或移动。读取时按“全部接受”后的文字
    读取（插入的文字保留，删除的文字和被删除的表格行去掉），并说明还有多少处修订。

    为什么：
    带修订的文档不是定稿：发布的版本可能显示修订痕迹，也可能是拒绝修订后的文字，数字会与审核结果不同。

    示例：
    表三一个单元格把“5”删去、插入“6”，修订未接受：读为 6，报“警告”，说明插入 1 处、删除 1 处。
    """
    for n in report.notes:
        if n.code != "P11":
            continue
        ins, dels = n.data.get("insertions", 0), n.data.get("deletions", 0)
        yield Finding("P11", "warning",
                      f"文档中还有未接受的修订：插入 {ins} 处、删除 {dels} 处。已按全部接受修订后的文字读取和审核。",
                      [PassageEvidence("", f"插入 {ins} 处、删除 {dels} 处", n.location)],
                      "请在 Word 中“审阅 → 接受所有修订”（或逐条处理）后定稿，再发布和审核。")

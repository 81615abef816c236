"""Composition of the annual report from records — the whole report, framework-free.

The office platform's report (the 年报工作台, its exports, the supervisor's overview and 汇总) is
composed here from plain records; ``gongkai.web.reports.services`` only reads the records from the
database and calls :func:`compose_report`.  Nothing here imports Django.

- :mod:`.report` — :func:`compose_report`: table 三/四 counted from the cases and the 复议/诉讼 register
  (:func:`gongkai.casework.counting.annual_report`), table 二 from the office's entries (:class:`Draft`)
  and the 主动公开 register (:class:`Register`, :func:`gongkai.publications.annual.fill_report`), the
  sections: generated sentences (:func:`data_sentences`) first, then the office's own text;
- :mod:`.table2` — the table 二 cells the office enters, and the validation of its entries
  (:func:`parse_table2`);
- :mod:`.review` — the audit as the workspace shows it (:func:`findings`: C03 of a table 二 row not
  yet entered said as such), the figures a sign-off approves (:func:`figure_values`,
  :func:`figures_digest`, :func:`figure_changes`) and the overview's per-agency figures.
"""

from .report import OWN, SECTIONS, Draft, Register, compose_report, data_sentences, fill_from_register
from .review import figure_changes, figure_values, figures_digest, findings, overview_figures
from .table2 import REGISTER_ROWS, parse_table2, table2_fields

__all__ = ["OWN", "SECTIONS", "Draft", "Register", "compose_report", "data_sentences", "fill_from_register",
           "figure_changes", "figure_values", "figures_digest", "findings", "overview_figures", "REGISTER_ROWS",
           "parse_table2", "table2_fields"]

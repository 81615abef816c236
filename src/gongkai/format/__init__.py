"""The annual-report formats, described as data (see :mod:`gongkai.format.model`)."""

from .format2019 import FORMAT_2019
from .format2021 import FORMAT_2021
from .model import Column, Format, Part, Relation, Row, Section, Table

FORMATS = {"2021": FORMAT_2021, "2019": FORMAT_2019}


def format_for(format_id: str) -> Format:
    """The format with ``format_id`` ("2021" or "2019"); KeyError otherwise."""
    return FORMATS[format_id]


__all__ = ["FORMATS", "FORMAT_2019", "FORMAT_2021", "Column", "Format", "Part", "Relation", "Row", "Section", "Table",
           "format_for"]

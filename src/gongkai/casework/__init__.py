"""Casework (依申请公开): requests, the statutory working-day calendar, deadlines, fees, letters,
and counting into the annual report's tables 三 and 四.

Framework-independent: nothing here imports Django; files and the clock stay at the edges
(``today`` is always a parameter).  See docs/casework.md.
"""

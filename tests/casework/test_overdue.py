"""超期 has one definition (casework.deadlines.is_overdue): the reply clock runs and today is after the reply
deadline (第三十三条 “20个工作日内予以答复”: a reply on the last day is in time).  The dashboard's CaseStatus uses it
for every state and every day."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.casework.deadlines import RUNNING_STATES, case_status, current_due, is_overdue
from gongkai.casework.model import OPEN_STATES, PAUSED_STATES, STATES

from .helpers import in_state

D = dt.date


def test_the_clock_runs_in_every_open_state_but_the_three_pauses():
    assert RUNNING_STATES == OPEN_STATES - PAUSED_STATES and "awaiting_clarification" not in RUNNING_STATES
    assert {"received", "in_progress"} <= RUNNING_STATES


def test_a_reply_on_the_due_day_is_in_time_and_the_next_day_is_overdue():
    assert not is_overdue("in_progress", D(2024, 4, 1), D(2024, 4, 1))
    assert is_overdue("in_progress", D(2024, 4, 1), D(2024, 4, 2))
    assert not is_overdue("awaiting_clarification", D(2024, 4, 1), D(2024, 5, 2))  # paused: a lapse, not 超期
    assert not is_overdue("in_progress", None, D(2024, 5, 2))  # no countable deadline
    assert not is_overdue("closed", D(2024, 4, 1), D(2024, 5, 2))


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(STATES)), st.dates(D(2024, 3, 1), D(2024, 8, 30)))
def test_case_status_calls_a_request_overdue_exactly_when_the_one_definition_does(state, today):
    req = in_state(state)
    due = current_due(req)
    assert case_status(req, today).overdue == is_overdue(req.state, due, today)

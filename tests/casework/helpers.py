"""Shared builders for casework tests."""

import datetime as dt

from gongkai.casework.model import Requester
from gongkai.casework.workflow import new_request, step

D = dt.date


def make(received=D(2024, 3, 4), id="2024-001", type="natural_person", channel="网络", handler="李四", agency="某局"):
    return new_request(id=id, agency=agency, requester=Requester("张三", type, "身份证 1101", "138"),
                       description="2023年某项目批复文件", channel=channel, received_on=received, form="电子邮件",
                       handler=handler)


def in_state(state, received=D(2024, 3, 4)):
    """A request in ``state`` reached by legal events (dates in March 2024, no holidays)."""
    r = make(received)
    if state == "received":
        return r
    if state == "withdrawn":
        return step(r, "withdraw", D(2024, 3, 5))
    if state == "awaiting_clarification":
        return step(r, "request_clarification", D(2024, 3, 5), items=["请写明文件名称"])
    r = step(r, "accept", D(2024, 3, 4))
    if state == "in_progress":
        return r
    if state == "consultation":
        return step(r, "start_consultation", D(2024, 3, 6), party="某公司")
    if state == "awaiting_fee":
        return step(r, "issue_fee_notice", D(2024, 3, 6), amount_yuan=100)
    if state == "closed":
        return step(r, "respond", D(2024, 3, 8), disposition="granted")
    if state in ("reply_review", "reply_approved"):  # 答复审核
        r = step(r, "submit_reply", D(2024, 3, 7), actor="李四", disposition="granted")
        return r if state == "reply_review" else step(r, "approve_reply", D(2024, 3, 8), actor="王主任")
    raise KeyError(state)

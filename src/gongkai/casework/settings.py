"""An office's configurable choices where the law leaves room (points the spec marks UNCONFIRMED).

Each default is the reading an experienced 政务公开 clerk would take; docs/casework.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OfficeSettings:
    """Per-office settings.

    - ``reply_days`` 20 and ``max_extension_days`` 20: 条例第三十三条 (CONFIRMED; not meant to change).
    - ``clarification_notice_days`` 7: 第三十条 (CONFIRMED).
    - ``clarification_period_days`` 15 working days: the "合理的补正期限" the notice states
      (UNCONFIRMED — the 条例 fixes no length; 15 工作日 is a common local choice).
    - ``consultation_days`` 15: 第三十二条/第三十四条 answer period (CONFIRMED).
    - ``fee_payment_days`` 20 working days from receipt of the notice (fees.md §5, provincial text).
    - ``fee_pauses_clock`` True: the reply clock stands still from the fee notice to payment
      (UNCONFIRMED nationally; fees.md recommends it as the configurable default).
    - ``extension_must_precede_due`` True: an extension must be decided before the 20 working days run
      out (DERIVED, regulations.md §9).
    - ``fee_method`` "per_request" | "per_page": the method the office usually applies (办法第三条
      allows choosing per application; the choice is recorded on each fee notice).
    - ``review_scope`` "filed_in_year" | "active_in_year": which 复议/诉讼 cases table 四 counts
      (UNCONFIRMED; see :func:`gongkai.casework.counting.count_reviews`).
    - ``reply_review`` False: 答复审核 — when True a reply (答复) goes out only after a 审核人 approved it
      (``submit_reply`` → ``approve_reply`` → ``respond``; ``return_reply`` with a reason sends it back).  An
      office's internal control, not a statutory step: the reply clock keeps running during review.  A gate on
      registering only — it never changes what an event does — so a stored history replays whatever the
      setting is now (:func:`gongkai.casework.workflow.replay`).
    """

    reply_days: int = 20
    max_extension_days: int = 20
    clarification_notice_days: int = 7
    clarification_period_days: int = 15
    consultation_days: int = 15
    fee_payment_days: int = 20
    fee_pauses_clock: bool = True
    extension_must_precede_due: bool = True
    fee_method: str = "per_request"
    review_scope: str = "filed_in_year"
    reply_review: bool = False


DEFAULT_SETTINGS = OfficeSettings()

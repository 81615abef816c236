"""主动公开 (proactive disclosure): the register of items classified by 条例第二十条/第二十一条, their
公开属性认定 and 保密审查, the review chain (经办人 → 审核人 → 签发人), the 第二十六条 deadline, the
规章/行政规范性文件 lifecycle, and table 二 and the 主动公开 sentence of the annual report.

Framework-free: nothing here imports Django; the clock is a parameter.  See docs/publications.md.
"""

from .annual import fill_report, fill_table_2, place_sentence, proactive_sentence, published_in
from .categories import (ARTICLE_20, ARTICLE_21_COUNTY, ARTICLE_21_TOWNSHIP, CATEGORIES, LEVELS, Category,
                         categories_for, category)
from .deadlines import (PUBLICATION_DAYS, TIMELINESS, PublicationDeadline, Timeliness, overdue_items,
                        publication_deadline, timeliness)
from .errors import FigureError, LifecycleError, PublicationError, ReviewRefused
from .figures import FIGURE_ROWS, YearlyFigure, yuan_to_10k
from .lifecycle import (END_KINDS, FirstItemCount, NormativeDocument, amend, count_first_item, expire, issue,
                        repeal)
from .model import (CLERK, DISCLOSURE_KINDS, DOCUMENT_KINDS, FILED, ON_REQUEST, OPEN_STATES, PENDING_REVIEW,
                    PENDING_SIGNOFF, PROACTIVE, PUBLISHED, RETURNED, REVIEW_CONCLUSIONS, REVIEWER, ROLES, SIGNATORY,
                    STATES, SUPERSEDED, WAS_PUBLISHED_STATES, WITHHELD, WITHHOLDING_GROUNDS, Actor, Attachment, Classification, ConfidentialityReview,
                    Publication, ReviewEvent, SpecialDeadline)
from .workflow import (TRANSITIONS, allowed_steps, approve, future_dates, may_new_version, new_publication,
                       new_version, open_version, problems, return_for_revision, revise, sign_off, submit, supersede,
                       version_date_problems)

__all__ = ["ARTICLE_20", "ARTICLE_21_COUNTY", "ARTICLE_21_TOWNSHIP", "Actor", "Attachment", "CATEGORIES", "CLERK",
           "Category", "Classification", "ConfidentialityReview", "DISCLOSURE_KINDS", "DOCUMENT_KINDS", "END_KINDS",
           "FIGURE_ROWS", "FILED", "FigureError", "FirstItemCount", "LEVELS", "LifecycleError", "NormativeDocument",
           "ON_REQUEST", "OPEN_STATES", "PENDING_REVIEW", "PENDING_SIGNOFF", "PROACTIVE", "PUBLICATION_DAYS",
           "PUBLISHED", "Publication", "PublicationDeadline", "PublicationError", "RETURNED", "REVIEWER",
           "REVIEW_CONCLUSIONS", "ROLES", "ReviewEvent", "ReviewRefused", "SIGNATORY", "STATES", "SUPERSEDED",
           "SpecialDeadline", "TIMELINESS", "TRANSITIONS", "Timeliness", "WAS_PUBLISHED_STATES", "WITHHELD",
           "WITHHOLDING_GROUNDS", "YearlyFigure", "allowed_steps", "amend", "annual", "approve", "categories",
           "categories_for", "category", "count_first_item", "deadlines", "errors", "expire", "figures",
           "fill_report", "fill_table_2", "future_dates", "issue", "lifecycle", "may_new_version", "model",
           "new_publication", "new_version", "open_version", "overdue_items", "place_sentence", "proactive_sentence",
           "problems", "publication_deadline", "published_in", "repeal", "return_for_revision", "revise", "sign_off",
           "submit", "supersede", "timeliness", "version_date_problems", "workflow", "yuan_to_10k"]

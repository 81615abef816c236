"""The office web platform (Django): casework, the 复议/诉讼 register and the annual report workspace.

Apps by domain (STYLE.md §3): ``agencies`` (the hierarchy 县/区 → 乡镇/街道 and 部门, public pages),
``accounts`` (users, roles, login lockout, the three separated administrators of 等保2.0),
``cases`` (依申请公开 casework over :mod:`gongkai.casework`), ``reviews`` (复议/诉讼 register, label
``litigation``),
``reports`` (annual report workspace over :mod:`gongkai.casework.counting` and :mod:`gongkai.audit`),
``auditlog`` (append-only log of every change).  Views are thin; operations live in each app's
``services.py``; the casework rules stay in the framework-free library.  See docs/web.md.
"""

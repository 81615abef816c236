"""Users and roles.

Case roles (of one agency): 经办人 ``clerk``, 审核人 ``reviewer`` (主管领导), 签发人 ``signatory`` (主要领导;
``signer`` before the glossary's name: :data:`RENAMED_ROLES`).
``supervisor`` 上级审查员 reads and audits its agency's subtree, changes nothing.  The three separated
administrators of 等保2.0 (GB/T 22239-2019 8.1.4.2 “三权分立”): ``sysadmin`` 系统管理员 (agencies,
accounts: creates and disables them, grants no business role), ``secadmin`` 安全管理员 (grants the
business roles, locks, personal-data grants), ``auditor`` 审计管理员 (audit log, personal data masked);
none of them sees case content.  ``none`` 未授权: an account the 安全管理员 has not yet given a role.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from ..agencies.models import subtree_sql

ROLES = {"clerk": "经办人", "reviewer": "审核人", "signatory": "签发人", "supervisor": "上级审查员",
         "sysadmin": "系统管理员", "secadmin": "安全管理员", "auditor": "审计管理员", "none": "未授权"}
CASE_ROLES = frozenset({"clerk", "reviewer", "signatory"})
READ_ROLES = CASE_ROLES | {"supervisor"}
ADMIN_ROLES = frozenset({"sysadmin", "secadmin", "auditor"})
#: 三员分立 (GB/T 22239-2019): the 系统管理员 creates accounts with no role or one of the three administrator
#: roles; business roles are granted by the 安全管理员 only
BUSINESS_ROLES = READ_ROLES
SYSADMIN_GRANTS = ("none", "sysadmin", "secadmin", "auditor")
SECADMIN_GRANTS = ("none", "clerk", "reviewer", "signatory", "supervisor")
#: roles that may approve an extension (第三十三条 “经政府信息公开工作机构负责人同意”)
HEAD_ROLES = frozenset({"reviewer", "signatory"})
#: roles that approve or return a reply under 答复审核 (the agency's setting ``Agency.reply_review``)
REPLY_REVIEWER_ROLES = frozenset({"reviewer"})
#: role codes renamed to the glossary's names (old → new): stored values were rewritten (accounts 0004, reports
#: 0004), but a user's script, a spreadsheet or an old page may still send the old one, and the append-only audit
#: log keeps it
RENAMED_ROLES = {"signer": "signatory"}
#: the words for every role code ever stored (the audit log shows old entries' codes through it)
ROLE_WORDS = {**ROLES, **{old: ROLES[new] for old, new in RENAMED_ROLES.items()}}


def role_code(value: str) -> str:
    """A role as given (a form, a spreadsheet, a URL): an old code is read as its new name."""
    return RENAMED_ROLES.get(value, value)


class User(AbstractUser):
    agency = models.ForeignKey("agencies.Agency", verbose_name="所属机关", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="users")
    role = models.CharField("角色", max_length=20, choices=list(ROLES.items()), default="none")
    full_name = models.CharField("姓名", max_length=50, blank=True)
    view_personal_data = models.BooleanField("可在列表和导出中查看完整身份证件号和电话", default=False)
    #: set when an administrator gives the account its password (creation): the user must choose their own at
    #: first login (等保: an administrator never knows a user's working password)
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    failed_logins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "用户"

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def handles_cases(self) -> bool:
        return self.role in CASE_ROLES

    @property
    def reads_cases(self) -> bool:
        return self.role in READ_ROLES

    def scope_agency_ids(self) -> list[int]:
        """Agencies whose records this user may read: own agency; 上级审查员 its subtree; admins none."""
        if self.agency_id is None or self.role not in READ_ROLES:
            return []
        if self.role == "supervisor":
            return self.agency.subtree_ids()
        return [self.agency_id]

    def scope_agencies(self):
        """:meth:`scope_agency_ids` for a query to filter by (``agency_id__in=``): a 上级审查员's subtree as a
        subquery, not its ids as parameters (a province's thousands of units in every query of every page)."""
        if self.agency_id is not None and self.role == "supervisor":
            return subtree_sql(self.agency_id)
        return self.scope_agency_ids()

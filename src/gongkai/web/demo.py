"""A realistic demo county: agencies, accounts of every role, a year of cases from the casework demo
generator (through the real state machine), the 复议/诉讼 register and a table 二 draft."""

from __future__ import annotations

from django.db import transaction

from gongkai.casework.demo import generate

from .agencies.models import Agency
from .accounts.models import User
from .cases.engine import encode, sync
from .cases.models import DisclosureRequest, RequestEvent
from .reviews.models import ReviewOrLawsuit
from .reports.models import ReportDraft

DEMO_PASSWORD = "Gongkai-Demo-2025"
COUNTY = "示例县人民政府"
UNITS = [("示例县人民政府办公室", "department", 240, 11), ("示例县自然资源局", "department", 180, 12),
         ("城关镇人民政府", "township", 60, 13), ("河西乡人民政府", "township", 25, 14)]


def _load_cases(agency, year, n, seed):
    requests, reviews = generate(agency.name, year, n, seed)
    cases, events = [], []
    for r in requests:
        c = DisclosureRequest(agency=agency, number=r.id, requester_name=r.requester.name,
                              applicant_type=r.applicant_type,
                              id_document=r.requester.id_document, contact=r.requester.contact,
                              address=r.requester.address, description=r.description, channel=r.channel,
                              received_on=r.received_on, form=r.form, handler=r.handler)
        sync(c, r)
        cases.append((c, r))
    DisclosureRequest.objects.bulk_create([c for c, _ in cases], batch_size=2000)
    for c, r in cases:
        for i, e in enumerate(r.events[1:], 1):
            events.append(RequestEvent(case=c, seq=i, kind=e.kind, on=e.on, actor=e.actor, data=encode(e.data)))
    RequestEvent.objects.bulk_create(events, batch_size=5000)
    ReviewOrLawsuit.objects.bulk_create([ReviewOrLawsuit(agency=agency, number=v.id, kind=v.kind,
                                                         filed_on=v.filed_on, result=v.result,
                                                         decided_on=v.decided_on,
                                                         stage="decided" if v.result else "hearing")
                                         for v in reviews])
    return len(requests)


def _user(username, full_name, role, agency):
    u = User(username=username, full_name=full_name, role=role, agency=agency)
    u.set_password(DEMO_PASSWORD)
    u.save()
    return u


@transaction.atomic
def load_demo(year: int) -> list[tuple[str, str, str]]:
    """Create the demo county for ``year``; returns (username, role label, agency) of the accounts.
    Refuses (ValueError) when the database already has agencies."""
    if Agency.objects.exists():
        raise ValueError("数据库中已有机关，演示数据只能载入空数据库。")
    county = Agency.objects.create(name=COUNTY, kind="county", review_body="示例市人民政府",
                                   court="示例市中级人民法院", office_name="示例县人民政府办公室",
                                   contact="0000-1234567", address="示例县人民路1号",
                                   hours="工作日 9:00—12:00，13:30—17:00")
    accounts = [_user("admin", "系统管理员", "sysadmin", county), _user("security", "安全管理员", "secadmin", county),
                _user("auditor", "审计管理员", "auditor", county), _user("county_review", "县政务公开办审查员",
                                                                          "supervisor", county),
                # the county government itself receives applications (e.g. online ones addressed to it)
                _user("county_clerk", "县政府经办人", "clerk", county),
                _user("county_reviewer", "县政府审核人", "reviewer", county),
                _user("county_signer", "县政府签发人", "signatory", county)]
    for i, (name, kind, n, seed) in enumerate(UNITS, 1):
        a = Agency.objects.create(name=name, kind=kind, parent=county, review_body="示例县人民政府",
                                  court="示例县人民法院", contact=f"0000-12345{i:02d}",
                                  hours="工作日 9:00—12:00，13:30—17:00")
        _load_cases(a, year, n, seed)
        prefix = f"u{i}"
        accounts += [_user(f"{prefix}_clerk", "李明" if i == 1 else f"经办人{i}", "clerk", a),
                     _user(f"{prefix}_review", f"审核人{i}", "reviewer", a),
                     _user(f"{prefix}_sign", f"签发人{i}", "signatory", a)]
        ReportDraft.objects.create(agency=a, year=year, table2={
            "normative_documents:issued": {"value": str(i), "source": "县司法局规范性文件备案系统"},
            "normative_documents:repealed": {"value": "0", "source": "县司法局规范性文件备案系统"},
            "normative_documents:in_force": {"value": str(5 * i), "source": "县司法局规范性文件备案系统"},
            "licensing:decisions": {"value": str(100 * i), "source": "一体化政务服务平台"},
        })
    return [(u.username, u.role_label, u.agency.name) for u in accounts]

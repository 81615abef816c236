"""Online applications (条例第二十九条): the public 依申请公开 form creates a case (channel 网络) in this app, with a
random tracking number and a query code (only its HMAC is stored); the applicant looks the case up with both and
downloads the reply letters (:class:`~.models.ReplyFile`, uploaded by the office or published as a PDF when the case
is answered).

Abuse controls: submissions and failed look-ups are rate-limited per client address (:func:`rate_limited`,
gongkai.web.ratelimit); uploads are limited in size and type (:func:`gongkai.web.uploads.check_upload`); a wrong
tracking number and a wrong code get the same answer.  The views are in :mod:`.online_views`; other apps call
these functions through :mod:`.services`.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from gongkai.casework.errors import CaseworkError
from gongkai.casework.model import date_received
from gongkai.office import RenderError, convert_with_soffice
from gongkai.publications import PublicationError

from ..accounts.models import CASE_ROLES, User
from ..auditlog.services import record
from ..clock import today
from ..ratelimit import counters as ratelimit
from ..uploads import ALLOWED_UPLOADS, check_upload
from .engine import registered, sync
from .letters import letter_docx
from .models import Attachment, DisclosureRequest, OnlineApplication, ReplyFile
from .numbering import next_number as case_number

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _code_hash(tracking: str, code: str) -> str:
    return salted_hmac("gongkai.publications.online", f"{tracking}:{code.strip().upper()}").hexdigest()


def rate_limited(key: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one use of ``key``; True when it exceeds ``limit`` within the window.

    The count is shared by all worker processes and kept across restarts (gongkai.web.ratelimit)."""
    return ratelimit.hit(key, window_seconds) > limit


def public_upload_limit() -> int:
    """Bytes an applicant may upload (settings GONGKAI_PUBLIC_UPLOAD_MAX_BYTES, default 5 MB)."""
    return int(getattr(settings, "GONGKAI_PUBLIC_UPLOAD_MAX_BYTES", 5 * 1024 * 1024))


def accepts_online_applications(agency) -> bool:
    """Whether ``agency`` can handle an online application: it has an active 经办人、审核人 or 签发人
    account (a case addressed to an agency with nobody to open it would sit unanswered past the
    第三十三条 deadline)."""
    return User.objects.filter(agency=agency, role__in=CASE_ROLES, is_active=True).exists()


def online_agency_ids() -> set[int]:
    """Ids of the agencies that :func:`accepts_online_applications` (one query, for lists)."""
    return set(User.objects.filter(role__in=CASE_ROLES, is_active=True, agency__isnull=False)
               .values_list("agency_id", flat=True))


def submit_application(agency, data: dict, upload=None, *, request=None, submission: str | None = None):
    """Create a case (channel 网络) from the public form; returns (OnlineApplication, query code).

    ``submission`` is the form's id (unique in the database): when an application with it exists already —
    the same form sent twice, even at the same moment from two connections — that one is returned with
    code None (the code was shown to the first request) and nothing new is created.

    The 收到申请之日 (第三十一条第（三）项, 双方确认之日) is, through :func:`gongkai.casework.model.date_received`,
    the day the platform acknowledges the application (tracking number and query code shown at once, the
    case in the office's register the same moment): that acknowledgment is the office's confirmation
    (DERIVED, docs/casework.md).  An office that confirms otherwise (by telephone, on the next working day)
    registers “确认收到申请” (engine event ``confirm_receipt``) on the case: that day becomes the 收到申请之日.
    Raises IntakeError / PublicationError with a Chinese message (also when the agency has no case-handling
    account: :func:`accepts_online_applications`)."""


    if not accepts_online_applications(agency):
        raise PublicationError(f"{agency.name}尚未开通网上申请，申请未提交。请以信函、当面等方式向该机关提出申请。")
    if upload is not None:
        name, ctype = check_upload(upload, public_upload_limit(),
                                   {k: v for k, v in ALLOWED_UPLOADS.items() if k in (".pdf", ".jpg", ".jpeg", ".png")})
    submission = (submission or "").strip()[:40] or None
    if submission and (existing := _submitted(submission, agency)) is not None:
        return existing, None
    received, _rule = date_received("online", confirmed_on=today())
    for _ in range(5):
        case = DisclosureRequest(agency=agency, number=case_number(agency, received.year), channel="online",
                                 received_on=received,
                                 requester_name=data["requester_name"], applicant_type=data["applicant_type"],
                                 id_document=data.get("id_document", ""), contact=data.get("contact", ""),
                                 address=data.get("address", ""), description=data.get("description", ""),
                                 form=data.get("form", ""), handler="")
        req = registered(case, actor="网上申请")
        case.applicant_type, case.channel = req.requester.applicant_type, req.channel
        sync(case, req)
        tracking = "".join(secrets.choice(ALPHABET) for _ in range(10))
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        try:
            with transaction.atomic():
                case.save()
                app = OnlineApplication.objects.create(case=case, tracking_number=tracking,
                                                       code_hash=_code_hash(tracking, code), submission=submission)
                if upload is not None:
                    att = Attachment(case=case, name=name, size=upload.size, content_type=ctype,
                                     uploaded_by="申请人（网上提交）")
                    att.file.save(name, upload, save=False)
                    att.save()
            break
        except IntegrityError:
            # the same form, saved by a request that arrived together with this one
            if submission and (existing := _submitted(submission, agency)) is not None:
                return existing, None
            continue
    else:
        raise PublicationError("系统繁忙，申请未能保存，请稍后重试。")
    record(None, "online_application", case, new={"number": case.number, "requester_name": case.requester_name,
                                                  "id_document": case.id_document, "contact": case.contact,
                                                  "received_on": received.isoformat()},
           request=request, agency_id=agency.id)
    return app, code


def _submitted(submission: str, agency):
    """The application a form id already made (None if none); refused if it went to another agency."""
    existing = OnlineApplication.objects.select_related("case").filter(submission=submission).first()
    if existing is not None and existing.case.agency_id != agency.pk:
        raise PublicationError("这份表单已经向另一个机关提交过，请重新打开申请页面填写。")
    return existing


def find_application(tracking: str, code: str) -> OnlineApplication | None:
    """The application whose tracking number and query code both match (None otherwise — the caller
    says the same thing whichever was wrong, so numbers cannot be probed)."""
    app = OnlineApplication.objects.select_related("case", "case__agency").filter(
        tracking_number=(tracking or "").strip().upper()).first()
    digest = _code_hash((tracking or "").strip().upper(), code or "")
    if app is None:
        constant_time_compare(digest, "0" * len(digest))
        return None
    return app if constant_time_compare(app.code_hash, digest) else None


def add_reply(user, app: OnlineApplication, upload, *, request=None) -> ReplyFile:
    name, ctype = check_upload(upload, settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    rf = ReplyFile(application=app, name=name, size=upload.size, content_type=ctype, uploaded_by=user.display_name)
    rf.file.save(name, upload, save=False)
    rf.save()
    record(user, "online_reply_upload", app.case, new={"name": name}, request=request)
    return rf


def publish_reply_pdf(user, case, seq: int, *, request=None) -> tuple[ReplyFile | None, str]:
    """When an online application is answered, its 答复书 goes to the applicant's status page at once, as a PDF
    (not an editable file): the reply letter of event ``seq`` is rendered and converted by LibreOffice.
    Returns (the ReplyFile, "") or (None, why) — e.g. LibreOffice missing; the clerk then uploads it."""
    app = getattr(case, "online_application", None)
    if app is None:
        return None, "不是网上申请"
    try:
        docx_bytes = letter_docx(case, "reply", seq)
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "reply.docx"
            source.write_bytes(docx_bytes)
            pdf = convert_with_soffice(source, "pdf", Path(tmp)).read_bytes()
    except (RenderError, CaseworkError) as e:
        return None, str(e)
    name = f"{case.number}政府信息公开申请答复书.pdf"
    rf = ReplyFile(application=app, name=name, size=len(pdf), content_type="application/pdf",
                   uploaded_by=f"{user.display_name}（答复时自动发布）")
    rf.file.save(name, ContentFile(pdf), save=False)
    rf.save()
    record(user, "online_reply_upload", case, new={"name": name, "auto": True}, request=request)
    return rf, ""


__all__ = ["ALPHABET", "rate_limited", "public_upload_limit", "accepts_online_applications", "online_agency_ids",
           "submit_application", "find_application", "add_reply", "publish_reply_pdf"]

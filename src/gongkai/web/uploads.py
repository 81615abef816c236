"""Checking an uploaded file (type by extension *and* content, size) — shared by the publications register
(attachments of items) and the online applications (the applicant's 身份证明 scan, the reply letters)."""

from __future__ import annotations

import os

from gongkai.publications import PublicationError

ALLOWED_UPLOADS = {".pdf": (b"%PDF", "application/pdf"), ".jpg": (b"\xff\xd8", "image/jpeg"),
                   ".jpeg": (b"\xff\xd8", "image/jpeg"), ".png": (b"\x89PNG", "image/png"),
                   ".docx": (b"PK", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                   ".xlsx": (b"PK", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                   ".ofd": (b"PK", "application/ofd"), ".txt": (b"", "text/plain")}


def check_upload(upload, max_bytes: int, allowed=ALLOWED_UPLOADS) -> tuple[str, str]:
    """(safe file name, content type) of an upload; PublicationError for a bad type, size or content."""
    name = os.path.basename(upload.name or "")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in allowed:
        raise PublicationError(f"文件「{name}」的类型不允许上传；允许的类型：{'、'.join(sorted(allowed))}。")
    if upload.size > max_bytes:
        raise PublicationError(f"文件「{name}」大小为 {upload.size / 1048576:.1f} MB，超过上限 {max_bytes / 1048576:g} MB。")
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(allowed[ext][0]):
        raise PublicationError(f"文件「{name}」的内容与扩展名 {ext} 不符，未保存。")
    return name, allowed[ext][1]

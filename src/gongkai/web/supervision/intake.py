"""Taking published files in: plain files, folders and zip archives, each stored once by its sha256.

Every file is streamed into storage as it is read (hashing on the way), so memory stays small whatever the
upload's size.  Zip archives are read member by member, never extracted by name: a member's bytes go to
DATA_DIR/supervision/<sha256>, so a hostile name cannot write anywhere.  Members are still bounded —
count, each size, total size, compression ratio — and a name with ``..`` or an absolute path is refused
(said, not silently skipped).  Nothing is dropped: every member is either stored or listed with a reason.
"""

from __future__ import annotations

import errno
import hashlib
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings

from gongkai.errors import special_file
from gongkai.readers import SUPPORTED

#: supported report types (gongkai's own JSON excluded: a published report is a document)
REPORT_SUFFIXES = frozenset(s for s in SUPPORTED if s != ".json")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_ZIP_TOTAL_BYTES = 500 * 1024 * 1024
MAX_ZIP_RATIO = 200  # uncompressed / compressed, per member (zip bombs)


@dataclass
class Incoming:
    """One stored file: the name it came with (``archive/member`` for a zip member), its sha256 and size."""

    name: str
    sha256: str
    size: int


@dataclass
class Refused:
    name: str
    reason: str


@dataclass
class Batch:
    files: list[Incoming] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def storage_dir() -> Path:
    """DATA_DIR/supervision, created 0700 (the data folder's rule: docs/deploy.md).  A folder left readable
    by others (created by an older version) is made 0700 and its files 0600."""
    d = Path(getattr(settings, "GONGKAI_SUPERVISION_DIR", None) or Path(settings.DATA_DIR) / "supervision")
    d.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        try:
            if d.stat().st_mode & 0o077:
                for f in d.iterdir():
                    if f.is_file() and f.stat().st_mode & 0o077:
                        f.chmod(0o600)
                d.chmod(0o700)
        except OSError:  # a folder the service does not own (read-only mount): left as it is
            pass
    return d


def stored_path(sha256: str) -> Path:
    return storage_dir() / sha256


def store(data: bytes) -> tuple[str, Path]:
    """Store ``data`` (already in memory) by its sha256."""
    import io
    sha, _ = store_stream(io.BytesIO(data), len(data))
    return sha, stored_path(sha)


class TooLarge(Exception):
    pass


def store_stream(fh, limit: int) -> tuple[str, int]:
    """Copy ``fh`` into storage in 1 MB chunks, hashing as it goes; raise TooLarge past ``limit`` bytes
    (nothing is kept then).  Returns (sha256, size)."""
    import uuid
    h = hashlib.sha256()
    size = 0
    tmp = storage_dir() / f".incoming-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600),
                       "wb") as out:
            while True:
                chunk = fh.read(1024 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise TooLarge
                h.update(chunk)
                out.write(chunk)
        sha = h.hexdigest()
        final = stored_path(sha)
        if final.exists():
            tmp.unlink()
        else:
            os.replace(tmp, final)
        return sha, size
    finally:
        if tmp.exists():
            tmp.unlink()


def incoming(name: str, data: bytes) -> Incoming:
    """An Incoming for bytes already in memory (tests, small callers)."""
    sha, _ = store(data)
    return Incoming(name, sha, len(data))


def _too_large() -> str:
    return f"文件过大（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）"


def _unsafe_member(name: str) -> str | None:
    if "\x00" in name:
        return "文件名含有非法字符"
    p = PurePosixPath(name.replace("\\", "/"))
    if p.is_absolute() or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "压缩包中的文件使用了绝对路径，已拒绝"
    if ".." in p.parts:
        return "压缩包中的文件路径含有“..”（路径穿越），已拒绝"
    return None


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its archiver meant it.  With the UTF-8 flag (bit 11) the name is as read; without it
    Python reads the bytes as cp437, which garbles Chinese names: those bytes are decoded as UTF-8 (macOS,
    7-Zip, Linux archivers omit the flag), else as GBK (Windows' own 压缩 writes the ANSI code page); the
    name is kept as read when neither decodes cleanly."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for codec in ("utf-8", "gbk"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return name


def read_zip(name: str, fileobj, batch: Batch) -> None:
    """Add the report files of the zip ``fileobj`` to ``batch`` (bounded; see module doc)."""
    try:
        z = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError):
        batch.refused.append(Refused(name, "不是有效的 zip 压缩包"))
        return
    with z:
        members = [i for i in z.infolist() if not i.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            batch.refused.append(Refused(name, f"压缩包中的文件过多（{len(members)} 个，上限 {MAX_ZIP_MEMBERS} 个），"
                                               "请分成几个压缩包"))
            return
        total = 0
        for info in members:
            member = member_name(info)
            label = f"{name}/{member}"
            why = _unsafe_member(member)
            base = PurePosixPath(member.replace("\\", "/")).name
            if why:
                batch.refused.append(Refused(label, why))
                continue
            if base.startswith(".") or "__MACOSX" in member:
                continue  # system files of the archiver, not documents
            suffix = os.path.splitext(base)[1].lower()
            if suffix == ".zip":
                batch.refused.append(Refused(label, "压缩包中的压缩包不展开：请把它解压出来，或单独导入该压缩包"))
                continue
            if suffix not in REPORT_SUFFIXES:
                batch.refused.append(Refused(label, f"不支持的文件类型（支持：{'、'.join(sorted(REPORT_SUFFIXES))}）"))
                continue
            if info.file_size > MAX_FILE_BYTES:
                batch.refused.append(Refused(label, _too_large()))
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO and info.file_size > 1024 * 1024:
                batch.refused.append(Refused(label, "压缩比异常（疑似压缩炸弹），已拒绝"))
                continue
            total += info.file_size
            if total > MAX_ZIP_TOTAL_BYTES:
                batch.refused.append(Refused(label, f"压缩包解压后总大小超过 {MAX_ZIP_TOTAL_BYTES // 1024 // 1024} MB，"
                                                    "其余文件未导入"))
                break
            try:
                with z.open(info) as fh:  # the header's size may lie: the copy stops at the limit
                    sha, size = store_stream(fh, MAX_FILE_BYTES)
            except TooLarge:
                batch.refused.append(Refused(label, _too_large()))
                continue
            except (zipfile.BadZipFile, RuntimeError, OSError, NotImplementedError, EOFError, ValueError) as exc:
                reason = "文件已加密" if isinstance(exc, RuntimeError) else "压缩包已损坏，无法解压该文件"
                batch.refused.append(Refused(label, reason))
                continue
            batch.files.append(Incoming(label, sha, size))


def add_upload(name: str, fileobj, size: int | None, batch: Batch, *, label: str | None = None) -> None:
    """A file given by the user (upload or command line): a zip is opened, a report taken as it is.  ``name``'s
    folders are dropped (a browser's path); ``label``: the name to keep instead (a file's path inside the folder
    given on the command line, ``sub/教育局年报.txt``)."""
    base = label or os.path.basename(name.replace("\\", "/")) or "未命名"
    suffix = os.path.splitext(base)[1].lower()
    if suffix == ".zip":
        read_zip(base, fileobj, batch)
        return
    if suffix not in REPORT_SUFFIXES:
        batch.refused.append(Refused(base, f"不支持的文件类型（支持：{'、'.join(sorted(REPORT_SUFFIXES))} 或 .zip）"))
        return
    if size is not None and size > MAX_FILE_BYTES:
        batch.refused.append(Refused(base, _too_large()))
        return
    try:
        sha, stored = store_stream(fileobj, MAX_FILE_BYTES)
    except TooLarge:
        batch.refused.append(Refused(base, _too_large()))
        return
    batch.files.append(Incoming(base, sha, stored))


FETCH_TIMEOUT = 30  # seconds per address: connecting, and each read
#: seconds for a whole address: a server that sends a few bytes at a time (each read within FETCH_TIMEOUT) is
#: cut here, well within the broker's visibility timeout (tasks.VISIBILITY_TIMEOUT)
FETCH_TOTAL = 180
MAX_ADDRESS_CHARS = 2000
_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt", "text/markdown": ".md",
          "application/pdf": ".pdf", "application/zip": ".zip", "application/x-zip-compressed": ".zip",
          "application/msword": ".doc",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx"}


def is_address(text: str) -> bool:
    """Whether a command-line word is a web address (scheme://…; only http and https are fetched)."""
    import re
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text.strip()) is not None


def read_address_list(path: str) -> list[str]:
    """The addresses of a .txt list (``--urls``): one per line; blank lines and lines starting with # skipped.
    Raises ValueError with a Chinese message for a line that is not an http(s) address."""
    shown = readable_name(path)  # (opened by the name as given, said readable)
    if special_file(path):  # a pipe would be waited on for ever
        raise ValueError(f"无法读取地址列表 {shown}（{special_file(path)}）")
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        why = "找不到该文件" if isinstance(exc, FileNotFoundError) else "这是一个文件夹" \
            if isinstance(exc, IsADirectoryError) else exc.strerror or exc
        raise ValueError(f"无法读取地址列表 {shown}（{why}）") from None
    for encoding in ("utf-8-sig", "gb18030"):  # a list saved by Notepad on a Chinese Windows is GBK
        try:
            lines = raw.decode(encoding).splitlines()
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(f"无法读取地址列表 {shown}（不是 UTF-8 或 GB18030 编码的文本；请另存为 UTF-8 的 .txt 文件）")
    out = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_address(line):
            raise ValueError(f"地址列表 {shown} 第 {n} 行“{line[:80]}”不是网页地址（应以 http:// 或 https:// 开头）")
        out.append(line)
    if not out:
        raise ValueError(f"地址列表 {shown} 中没有网页地址（每行一个，# 开头的行是注释）")
    return out


class PrivateAddress(Exception):
    """An address (or a redirect's target) that leads to this machine or an internal network: refused, in
    Chinese, as that address's import result (:func:`fetch_address`)."""


ALLOW_PRIVATE_SETTING = "GONGKAI_FETCH_ALLOW_PRIVATE"
_YES = {"1", "true", "yes", "on", "all", "是"}
_NO = {"", "0", "false", "no", "off", "否"}


def fetch_allowance() -> tuple[bool, list, set[str]]:
    """What ``GONGKAI_FETCH_ALLOW_PRIVATE`` (settings, else the environment) lets the fetch reach among the
    internal addresses it refuses by default: (everything, networks, host names).  Empty or 0: nothing;
    1 (true, yes, all): every address — a test's local server, an intranet deployment whose portals are all
    internal; otherwise a comma-separated allowlist of addresses, networks (10.0.0.0/8) and host names
    (www.example.gov.cn).  Raises ImproperlyConfigured for an entry that is none of these."""
    import ipaddress
    import re

    raw = getattr(settings, ALLOW_PRIVATE_SETTING, None)
    if raw is None:
        raw = os.environ.get(ALLOW_PRIVATE_SETTING, "")
    if isinstance(raw, bool):
        return raw, [], set()
    if isinstance(raw, (list, tuple, set)):
        items = [str(x).strip() for x in raw if str(x).strip()]
    else:
        text = str(raw).strip()
        if text.lower() in _YES:
            return True, [], set()
        if text.lower() in _NO:
            return False, [], set()
        items = [x.strip() for x in re.split(r"[,，\s]+", text) if x.strip()]
    networks, hosts = [], set()
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
            continue
        except ValueError:
            pass
        if re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?", item):
            hosts.add(item.lower().rstrip("."))
            continue
        from django.core.exceptions import ImproperlyConfigured
        raise ImproperlyConfigured(f"设置 {ALLOW_PRIVATE_SETTING} 中的“{item}”不是 IP 地址、网段（如 10.0.0.0/8）或主机名；"
                                   "该设置写 1 允许抓取所有内网地址，或写以逗号分隔的地址、网段、主机名，留空则不允许。")
    return False, networks, hosts


def _internal(ip) -> str:
    """What kind of internal address ``ip`` is, in Chinese ("" for a public one)."""
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, label in (("is_loopback", "本机地址"), ("is_link_local", "链路本地地址"), ("is_private", "内网地址"),
                        ("is_multicast", "组播地址"), ("is_unspecified", "未指定地址"), ("is_reserved", "保留地址")):
        if getattr(ip, test):
            return label
    return "" if ip.is_global else "非公网地址"


def _refusal(host: str, ip, label: str) -> str:
    return (f"地址 {host} 指向{label} {ip}，为防止借抓取访问本机或内网，不抓取；确需抓取内网网站的（内网部署），"
            f"请在设置 {ALLOW_PRIVATE_SETTING} 中允许（见 docs/deploy.md）")


def check_ip(host: str, address: str, allowance=None) -> None:
    """Raise :class:`PrivateAddress` when ``address`` (an IP the host resolved to, or the one connected to) is
    internal and not allowed (:func:`fetch_allowance`)."""
    import ipaddress

    everything, networks, hosts = allowance if allowance is not None else fetch_allowance()
    if everything or (host or "").lower().rstrip(".") in hosts:
        return
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return
    label = _internal(ip)
    if not label:
        return
    plain = ip.ipv4_mapped if ip.version == 6 and ip.ipv4_mapped is not None else ip
    if any(plain in net for net in networks if net.version == plain.version):
        return
    raise PrivateAddress(_refusal(host, plain, label))


def check_host(host: str, port: int | None, allowance=None) -> None:
    """Resolve ``host`` and check every address it has (:func:`check_ip`): one internal address is enough
    to refuse (the connection could go to any of them).  A name that does not resolve is left to the fetch,
    which says so."""
    import socket

    allowance = allowance if allowance is not None else fetch_allowance()
    if allowance[0] or (host or "").lower().rstrip(".") in allowance[2]:
        return
    try:
        infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return
    for info in infos:
        check_ip(host, info[4][0], allowance)


def _guarded_handlers(allowance) -> list:
    """urllib handlers whose connections check the address actually connected to (:func:`check_ip`) — the
    name may resolve differently the second time (DNS rebinding).  Through a proxy the connection is to the
    proxy the administrator configured; the target's name was checked before (:func:`check_host`)."""
    import functools
    import http.client
    import urllib.request

    def checked(cls):
        class Checked(cls):
            def __init__(self, *a, via_proxy=False, **kw):
                super().__init__(*a, **kw)
                self._via_proxy = via_proxy

            def connect(self):
                super().connect()
                if not self._via_proxy:
                    try:
                        check_ip(self.host, self.sock.getpeername()[0], allowance)
                    except PrivateAddress:
                        self.close()
                        raise
        return Checked

    plain, secure = checked(http.client.HTTPConnection), checked(http.client.HTTPSConnection)

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(functools.partial(plain, via_proxy=req.has_proxy()), req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(functools.partial(secure, via_proxy=req.has_proxy()), req, context=self._context)

    return [Http, Https]


def address_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched at all (not http/https, no host, too long), in Chinese; None when it can."""
    import urllib.parse
    if len(url) > MAX_ADDRESS_CHARS:
        return f"地址过长（{len(url)} 个字符，上限 {MAX_ADDRESS_CHARS}）"
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "地址格式不对，无法访问"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "只支持 http:// 或 https:// 开头的网页地址"
    return None


def as_uri(url: str) -> str:
    """An address as typed or published (an IRI: 汉字 in its path, query or host) as the ASCII URI a request
    line needs: the host by IDNA (中文.政务 → xn--…), the path, query and fragment percent-encoded as UTF-8
    (what browsers send; an existing %xx escape is kept).  Raises ValueError for a host IDNA refuses."""
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, _, hostport = netloc.rpartition("@")
        host, port = hostport, ""
        if not host.startswith("[") and ":" in host:
            host, _, port = host.rpartition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"主机名“{host}”无法转换为国际化域名（IDNA）") from None
        netloc = ((urllib.parse.quote(userinfo, safe=":%") + "@") if _ else "") + host + (f":{port}" if port else "")
    safe = "/%:@!$&'()*+,;=-._~?"
    return urllib.parse.urlunsplit((parts.scheme, netloc, urllib.parse.quote(parts.path, safe=safe),
                                    urllib.parse.quote(parts.query, safe=safe),
                                    urllib.parse.quote(parts.fragment, safe=safe)))


def fetch_address(url: str, batch: Batch) -> None:
    """Fetch one published file from its web address (http/https only, redirects too; FETCH_TIMEOUT for the
    connection and each read, FETCH_TOTAL for the whole; at most MAX_FILE_BYTES) and add it to ``batch``
    under the address itself, so the stored file keeps where it was published (a type the address's path
    does not say is added as a fragment from the server's Content-Type, ``…/show?id=3#.html``: the same
    address).  A failure is a Refused line in Chinese for that address."""
    import socket
    import tempfile
    import time
    import urllib.error
    import urllib.parse
    import urllib.request

    url = url.strip()
    why = address_problem(url)
    if why:
        batch.refused.append(Refused(url, why))
        return
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + FETCH_TOTAL

    try:
        allowance = fetch_allowance()
    except Exception as exc:  # ImproperlyConfigured: said as this address's result, not a crashed task
        batch.refused.append(Refused(url, f"{exc}，未取得文件"))
        return

    class OnlyWeb(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            try:  # a Location with 汉字: sent as UTF-8 bytes, which http.client read as Latin-1
                newurl = newurl.encode("latin-1").decode("utf-8")
            except UnicodeError:
                pass
            try:  # (urllib would quote it as Latin-1)
                newurl = as_uri(newurl)
            except ValueError:
                pass  # (urllib says the address cannot be reached)
            target = urllib.parse.urlsplit(newurl)
            if target.scheme.lower() not in ("http", "https"):  # ftp: urllib would follow
                raise urllib.error.HTTPError(newurl, code, msg, {"Location": newurl}, fp)
            try:  # a public page redirecting to an internal one is refused as the address itself would be
                check_host(target.hostname or "", target.port, allowance)
            except PrivateAddress as exc:
                raise PrivateAddress(f"重定向到了 {newurl[:100]}：{exc}") from None
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.build_opener(OnlyWeb, *_guarded_handlers(allowance))
    try:
        uri = as_uri(url)  # (the file keeps the address as published: ``name`` below)
    except ValueError as exc:
        batch.refused.append(Refused(url, f"地址无法访问：{exc}"))
        return
    request = urllib.request.Request(uri, headers={"User-Agent": "gongkai (annual report review)"})
    try:
        try:
            port = parts.port
        except ValueError:
            port = None
        check_host(urllib.parse.urlsplit(uri).hostname or "", port, allowance)
        with opener.open(request, timeout=FETCH_TIMEOUT) as resp, tempfile.TemporaryFile() as tmp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_FILE_BYTES:
                batch.refused.append(Refused(url, _too_large()))
                return
            size = 0
            while chunk := resp.read1(1024 * 1024):  # (what has arrived: the deadline is checked between reads)
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    batch.refused.append(Refused(url, _too_large()))
                    return
                if time.monotonic() > deadline:
                    batch.refused.append(Refused(url, f"下载过慢，{FETCH_TOTAL} 秒内未取完文件，未取得文件"))
                    return
                tmp.write(chunk)
            ctype = (resp.headers.get_content_type() or "").lower()
            tmp.seek(0)
            suffix = os.path.splitext(urllib.parse.unquote(parts.path))[1].lower()
            name = url
            if suffix not in REPORT_SUFFIXES | {".zip"} or parts.query or parts.fragment:
                suffix = _TYPES.get(ctype, suffix if suffix in REPORT_SUFFIXES | {".zip"} else "")
                if not suffix:
                    batch.refused.append(Refused(url, f"不支持的文件类型（服务器说是 {ctype or '未知类型'}）"))
                    return
                name = urllib.parse.urlunsplit(parts._replace(fragment="")) + "#" + suffix
            if suffix == ".zip":
                read_zip(name, tmp, batch)
                return
            sha, stored = store_stream(tmp, MAX_FILE_BYTES)
            batch.files.append(Incoming(name, sha, stored))
    except PrivateAddress as exc:
        batch.refused.append(Refused(url, f"{exc}，未取得文件"))
    except urllib.error.HTTPError as exc:
        target = exc.headers.get("Location", "") if exc.headers is not None else ""
        if 300 <= exc.code < 400 and target:  # urllib refuses a redirect to file:, data: …
            batch.refused.append(Refused(url, f"重定向到了不支持的地址 {target[:100]}，未取得文件"))
        else:
            batch.refused.append(Refused(url, f"服务器返回 {exc.code}（{exc.reason}），未取得文件"))
    except (socket.timeout, TimeoutError):
        batch.refused.append(Refused(url, f"访问超时（{FETCH_TIMEOUT} 秒），未取得文件"))
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            batch.refused.append(Refused(url, f"访问超时（{FETCH_TIMEOUT} 秒），未取得文件"))
        else:
            batch.refused.append(Refused(url, f"无法访问该地址（{_network_reason(reason)}）"))
    except (OSError, ValueError) as exc:  # a connection dropped mid-way, a malformed address
        batch.refused.append(Refused(url, f"无法取得文件（{exc}）"))


def _network_reason(reason) -> str:
    """Why an address could not be reached, in Chinese where the reason is a common one (the system's words
    — 'Name or service not known' — otherwise)."""
    import socket  # lazy: only when a fetch failed
    import ssl
    if isinstance(reason, socket.gaierror):
        return "域名无法解析：地址可能写错，或本机不能访问互联网"
    if isinstance(reason, ConnectionRefusedError):
        return "对方服务器拒绝连接"
    if isinstance(reason, ConnectionResetError):
        return "连接被对方服务器中断"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "网站的 HTTPS 证书无法验证"
    if isinstance(reason, ssl.SSLError):
        return "HTTPS 加密连接失败"
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "网络不可达：本机不能访问该地址所在的网络"
    return str(getattr(reason, "strerror", None) or reason)


def readable_name(name: str) -> str:
    """A file name from disk or the command line, readable and storable.  Python gives bytes that are not
    UTF-8 as surrogates (surrogateescape): those bytes are decoded as GB18030 (⊇ GBK: a name written on a
    Chinese Windows), else shown with a visible replacement (�) — never a surrogate, which neither the
    database nor the terminal takes."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def collect_paths(paths: list[str]) -> Batch:
    """Files, folders (recursively) and zips named on the command line (web addresses are recorded and
    fetched by a task: :mod:`.addresses`), every file stored before this returns."""
    batch = Batch()
    found = StoredPaths(paths)
    batch.files = list(found)
    batch.refused = found.refused
    return batch


class StoredPaths:
    """The files named on the command line (files, folders recursively, zips), stored one at a time as they are
    iterated — :func:`~.services.import_batch` inserts and queues the first hundred while the rest are still being
    read, instead of every file of a folder of thousands being hashed and copied before a worker has anything to
    do.  The folders are listed at once (:attr:`expected`: the files and zips found, for the size of the tasks;
    :attr:`listed`: whether there is anything to store or to refuse); what cannot be taken is added to
    :attr:`refused` as it is met (in the order :func:`collect_paths` always listed it), so that list is complete
    once the iteration is over.  Iterated once."""

    def __init__(self, paths: list[str]):
        self.refused: list[Refused] = []
        self._entries: list[tuple[Path, str | None] | Refused] = []  # (file, its path inside the folder given)
        for p in paths:
            path = Path(p)
            if path.is_dir():
                listed = sorted(f for f in path.rglob("*") if not any(
                    part.startswith(".") for part in f.relative_to(path).parts) and not f.is_dir())
                found = [f for f in listed if f.is_file()]
                if not found:
                    self._entries.append(Refused(readable_name(p), "文件夹中没有文件"))
                for f in listed:  # the path inside the folder is kept
                    if f.suffix.lower() not in REPORT_SUFFIXES | {".zip"}:
                        continue
                    if f.is_file():
                        self._entries.append((f, f.relative_to(path).as_posix()))
                    else:  # a report's name on a pipe or a broken link: said, not silently left out
                        self._entries.append(Refused(readable_name(str(f.relative_to(path))),
                                                     special_file(f) or "失效的符号链接（指向的文件不存在）"))
            elif path.is_file():
                self._entries.append((path, None))
            elif special_file(path):
                self._entries.append(Refused(readable_name(p), special_file(path)))
            else:
                self._entries.append(Refused(readable_name(p), "找不到该文件或文件夹"))
        self.expected = sum(not isinstance(e, Refused) for e in self._entries)

    @property
    def listed(self) -> bool:
        return bool(self._entries)

    def __iter__(self):
        for entry in self._entries:
            if isinstance(entry, Refused):
                self.refused.append(entry)
                continue
            one = Batch(refused=self.refused)
            _add_path(entry[0], one, entry[1])
            yield from one.files


def _add_path(path: Path, batch: Batch, label: str | None = None) -> None:
    try:
        with open(path, "rb") as fh:
            add_upload(readable_name(path.name), fh, path.stat().st_size, batch,
                       label=readable_name(label) if label else None)
    except OSError as exc:
        batch.refused.append(Refused(readable_name(str(path)), f"无法读取（{exc.strerror or exc}）"))

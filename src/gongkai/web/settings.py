"""Django settings of the office platform.

Data: ``GONGKAI_DATA_DIR`` (default: the user's data folder from platformdirs) holds the SQLite
database ``gongkai.sqlite3``, the secret key file and uploaded attachments.  ``DATABASE_URL``
(e.g. ``postgres://user@127.0.0.1:5432/gongkai``) switches to PostgreSQL; several app processes
may then share it.  Other environment variables: ``GONGKAI_ALLOWED_HOSTS`` (comma-separated),
``GONGKAI_HTTPS=1`` (secure cookies, HSTS), ``GONGKAI_DEBUG=1``, ``GONGKAI_TODAY`` (fixed date),
``GONGKAI_TRUSTED_PROXIES`` (comma-separated proxy addresses/networks whose X-Forwarded-For is believed).

Apps are registered in ``GONGKAI_APPS``; a new domain app (e.g. ``publications``) appends itself
there and may add navigation entries to ``GONGKAI_NAV`` (see docs/web.md "扩展").
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
import platformdirs
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR") or platformdirs.user_data_dir("gongkai", appauthor=False))
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
try:  # personal data, password hashes and the key: for the service's account only (no effect on Windows)
    if DATA_DIR.stat().st_mode & 0o077:
        DATA_DIR.chmod(0o700)
except OSError:  # a data folder owned by another account: left as its owner set it
    pass


def _secret_key() -> str:
    if os.environ.get("GONGKAI_SECRET_KEY"):
        return os.environ["GONGKAI_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # written whole into a 0600 temporary file, then linked into place: never readable by others,
        # never seen half-written, and of two processes starting together one key wins
        import tempfile
        fd, tmp = tempfile.mkstemp(prefix=".secret_key", suffix=".gongkai-tmp", dir=DATA_DIR)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(secrets.token_urlsafe(50))
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            except OSError:  # no hard links on this file system
                if not path.exists():
                    os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
#: reverse proxies whose X-Forwarded-For names the client (rate limits, audit log); default none —
#: see gongkai.web.clientip and docs/web.md
GONGKAI_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("GONGKAI_TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in GONGKAI_TRUSTED_PROXIES:  # a typo is refused at start-up, not on the first request
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"GONGKAI_TRUSTED_PROXIES 中的「{_proxy}」不是 IP 地址或网段（例如 127.0.0.1、10.0.0.0/8）。") \
            from None
DEBUG = os.environ.get("GONGKAI_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
                 if h.strip()]

GONGKAI_APPS = [
    "gongkai.web.agencies",
    "gongkai.web.accounts",
    "gongkai.web.auditlog",
    "gongkai.web.cases",
    "gongkai.web.reviews",
    "gongkai.web.reports",
    "gongkai.web.publications",
    "gongkai.web.ratelimit",
    "gongkai.web.supervision",
]
SERIALIZATION_MODULES = {"json-lossless": "gongkai.web.lossless_json"}  # gongkai backup

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    *GONGKAI_APPS,
]

#: navigation entries (label, url name, roles that see it; empty = every logged-in user)
GONGKAI_NAV = [
    ("待办", "todo:index", ()),  # every signed-in role; the label carries the count (GONGKAI_NAV_COUNTS)
    ("办件", "cases:worklist", ("clerk", "reviewer", "signatory", "supervisor")),
    ("复议诉讼", "litigation:list", ("clerk", "reviewer", "signatory", "supervisor")),
    ("年度报告", "reports:index", ("clerk", "reviewer", "signatory", "supervisor")),
    ("主动公开", "publications:register", ("clerk", "reviewer", "signatory", "supervisor")),
    ("上级审查", "supervision:index", ("supervisor",)),
    ("整改通知", "supervision:my_rectifications", ("clerk", "reviewer", "signatory")),
    ("机构与用户", "accounts:admin_users", ("sysadmin",)),
    ("节假日安排", "cases:calendar", ("sysadmin",)),
    ("安全管理", "accounts:security", ("secadmin",)),
    ("审计日志", "auditlog:list", ("auditor",)),
]
#: the daily 待办 e-mail (``gongkai todo --mail``): all mail settings are here, read from the environment
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("GONGKAI_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("GONGKAI_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GONGKAI_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("GONGKAI_SMTP_STARTTLS", "") == "1"
EMAIL_USE_SSL = os.environ.get("GONGKAI_SMTP_SSL", "") == "1"
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_MAIL_FROM", "gongkai@localhost")
#: nav entries whose label shows a count: url name → function(user) -> int
GONGKAI_NAV_COUNTS = {"todo:index": "gongkai.web.todo.services.count_for"}
#: public links on the root page (publications: every agency's 指南/目录, online applications)
GONGKAI_PUBLIC_LINKS = [("各机关政府信息公开指南和目录", "disclosure:index"), ("查询申请办理进度", "online:status")]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # the vendored htmx (static/gongkai), no external assets
    "gongkai.web.security.SecurityHeadersMiddleware",
    "gongkai.web.requestmemo.RequestMemoMiddleware",  # a GET's repeated reads (versions, agency tree) made once
    "gongkai.web.security.IdleSessionMiddleware",  # Django's, the idle timeout renewed at most once a minute
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.web.security.FirstRunMiddleware",
    "gongkai.web.security.PasswordChangeRequiredMiddleware",
]
ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "gongkai.web.security.nav",
    ]},
}]

# each server thread keeps its connection this long (gongkai serve: a fixed pool of threads, so at most
# workers × (threads + 1) connections, checked against max_connections at start-up); 0 = per request.  SQLite
# too: opening it (and its PRAGMA journal_mode=WAL) on every request cost about a millisecond of CPU per page
_conn_max_age = int(os.environ.get("GONGKAI_CONN_MAX_AGE", "60"))
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=_conn_max_age,
                                                  conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Django's backend with a per-request health check that needs no round trip (gongkai.web.postgresql)
        DATABASES["default"]["ENGINE"] = "gongkai.web.postgresql"
        # a test database of its own per run, so concurrent runs on one server do not collide
        DATABASES["default"]["TEST"] = {"NAME": f"test_gongkai_web_{os.getpid()}"}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "gongkai.sqlite3",
                             "CONN_MAX_AGE": _conn_max_age, "CONN_HEALTH_CHECKS": True,
                             "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                                         "init_command": "PRAGMA journal_mode=WAL;"}}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["gongkai.web.accounts.backends.LockoutBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
#: 等保2.0: password complexity (length ≥ 10, three character classes), lockout and idle timeout
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.web.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.web.accounts.validators.CharacterClassValidator"},
    {"NAME": "gongkai.web.accounts.validators.ChineseCommonPasswordValidator"},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
#: failures of one user name from one client address that pause that name there (existing or not)
GONGKAI_LOCKOUT_FAILURES = 5
GONGKAI_LOCKOUT_MINUTES = 15
#: failures of one user name from any addresses (within GONGKAI_LOCKOUT_MINUTES) that lock the account
GONGKAI_ACCOUNT_LOCK_FAILURES = 20
#: and per client address (any accounts): this many failed logins in the window pause logins from it
GONGKAI_LOGIN_IP_FAILURES = 30
GONGKAI_LOGIN_IP_WINDOW_MINUTES = 60

SESSION_ENGINE = "gongkai.web.sessions"  # Django's database sessions, read without compiling a query each time
SESSION_COOKIE_AGE = 30 * 60  # idle timeout: 30 minutes, renewed by a request a minute or more after the last
SESSION_SAVE_EVERY_REQUEST = False  # renewal (security.IdleSessionMiddleware), not by a write on every request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "gongkai.web.security.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if os.environ.get("GONGKAI_HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LOCALE_PATHS = [BASE_DIR / "locale"]  # our additions (the form label suffix "：")
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"  # styles are inline in base.html; the one script is the vendored htmx
#: WhiteNoise serves the apps' static folders directly (no collectstatic step on a clerk's machine)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
WHITENOISE_MAX_AGE = 7 * 24 * 3600  # the file name carries htmx's version
MEDIA_ROOT = DATA_DIR / "attachments"
#: attachments: at most 20 MB, of these types (条例第二十九条 materials, letters, scans)
GONGKAI_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
GONGKAI_ATTACHMENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                            ".png": "image/png", ".docx": "application/vnd.openxmlformats-officedocument"
                                                          ".wordprocessingml.document",
                            ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            ".txt": "text/plain", ".ofd": "application/ofd"}
#: uploaded files and their folders: for the service's account only
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

GONGKAI_TODAY = os.environ.get("GONGKAI_TODAY") or None
#: Celery broker for background audits of published reports (supervision); empty = audit in-process
GONGKAI_BROKER_URL = os.environ.get("GONGKAI_BROKER_URL", "")

LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}}}

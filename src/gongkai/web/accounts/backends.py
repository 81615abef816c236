"""Login throttling (等保2.0 8.1.4.1 b: 登录失败处理), in three counters kept in the database:

* per **client address and user name**: GONGKAI_LOCKOUT_FAILURES (5) failures of one name from one address
  pause that name at that address for GONGKAI_LOCKOUT_MINUTES (15) — the person who mistypes is stopped,
  colleagues behind the same NAT address and the same user elsewhere are not;
* per **user name** from any address: GONGKAI_ACCOUNT_LOCK_FAILURES (20) failures within the lockout
  window lock the account (distributed guessing); existing or not, the name behaves the same, so the
  message does not tell whether a user exists;
* per **client address** across names (below).

A 安全管理员 may unlock earlier (which clears the name's counters too).

Per client address as well: after GONGKAI_LOGIN_IP_FAILURES failed logins (any accounts, unknown
user names included) within GONGKAI_LOGIN_IP_WINDOW_MINUTES, further logins from that address are
refused without checking the password until the window ends (LoginForm), so one address cannot try
a password on every account in turn.  The window is fixed: a successful login does not reset it; a
安全管理员 may lift an address's pause earlier (安全管理 page, :func:`release_ip`)."""

from __future__ import annotations

import threading
import time

from django.contrib.auth.backends import ModelBackend
from django.core.signals import request_finished, request_started
from django.utils import timezone

from ..auditlog.services import record
from ..clientip import client_ip
from ..ratelimit import counters as ratelimit
from ..ratelimit.models import Counter
from .models import User


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = User.objects.filter(username=username).first()
        if user is not None and user.locked_until and user.locked_until > timezone.now():
            if request is not None:
                request.gongkai_locked_until = user.locked_until
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The signed-in user of a request, with its agency (the navigation's 待办 count, the scope and most
        pages read it: one query on every page, not two), through :func:`user_with_agency`."""
        user = user_with_agency(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


#: (connection alias, vendor) → the SELECT of :func:`user_with_agency` and each column's converters
_PREPARED: dict[tuple[str, str], tuple] = {}


def _prepared(connection) -> tuple:
    """The SQL ``select_related("agency").filter(pk=…)`` compiles to, written once per process, and the
    converters Django's compiler applies to each column (backend's, then field's: aware datetimes on SQLite,
    JSON, booleans)."""
    key = (connection.alias, connection.vendor)
    found = _PREPARED.get(key)
    if found is None:
        qn = connection.ops.quote_name
        agency_fk = User._meta.get_field("agency")
        Agency = agency_fk.related_model
        parts, converters = [], []
        for model, alias in ((User, "u"), (Agency, "a")):
            for f in model._meta.concrete_fields:
                parts.append(f"{alias}.{qn(f.column)}")
                col = f.get_col(alias)
                converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
        sql = (f"SELECT {', '.join(parts)} FROM {qn(User._meta.db_table)} u LEFT OUTER JOIN "
               f"{qn(Agency._meta.db_table)} a ON a.{qn(Agency._meta.pk.column)} = u.{qn(agency_fk.column)} "
               f"WHERE u.{qn(User._meta.pk.column)} = %s")
        # the same columns joined to another row (the session's: gongkai.web.sessions), the user's id a parameter
        joined = (", ".join(parts), f"LEFT OUTER JOIN {qn(User._meta.db_table)} u ON u.{qn(User._meta.pk.column)} = %s "
                  f"LEFT OUTER JOIN {qn(Agency._meta.db_table)} a "
                  f"ON a.{qn(Agency._meta.pk.column)} = u.{qn(agency_fk.column)}")
        found = _PREPARED[key] = (sql, converters, agency_fk, Agency, len(User._meta.concrete_fields), joined)
    return found


#: the user's row read together with the session (gongkai.web.sessions) in this thread's current request:
#: (user id, connection alias, row, when) — used once, by the :func:`user_with_agency` right after, and
#: forgotten at the start and end of every request
_FETCHED = threading.local()
#: how long after the session read the row may be used instead of reading it again (seconds): the same request
#: asks for it at once; anything slower reads it again
FETCHED_FOR = 1.0


def keep_fetched(user_id, alias: str, row) -> None:
    _FETCHED.value = (user_id, alias, row, time.monotonic())


def forget_fetched(**kwargs) -> None:
    _FETCHED.value = None


request_started.connect(forget_fetched, dispatch_uid="gongkai_forget_fetched_user_start")
request_finished.connect(forget_fetched, dispatch_uid="gongkai_forget_fetched_user_finish")


def user_with_agency(user_id):
    """``User.objects.select_related("agency").filter(pk=user_id).first()`` — the same instances, the agency
    cached on the user as select_related caches it — from SQL written once per process: Django compiling that
    query (some fifty columns) took about 0.7 ms of CPU on every page, the database a few hundredths of that."""
    from django.db import connections, router
    db = router.db_for_read(User)
    connection = connections[db]
    sql, converters, agency_fk, Agency, n_user, _ = _prepared(connection)
    try:
        pk = User._meta.pk.to_python(user_id)
    except Exception:  # (a session naming no valid id: nobody, as the ORM's lookup would find nobody)
        return None
    fetched, _FETCHED.value = getattr(_FETCHED, "value", None), None
    if (fetched is not None and fetched[0] == pk and fetched[1] == db
            and time.monotonic() - fetched[3] < FETCHED_FOR):
        row = fetched[2]  # (read with the session, a moment ago, in this request)
    else:
        with connection.cursor() as c:
            c.execute(sql, [pk])
            row = c.fetchone()
    if row is None:
        return None
    values = []
    for value, (col, convs) in zip(row, converters):
        for conv in convs:
            value = conv(value, col, connection)
        values.append(value)
    user = User.from_db(db, [f.attname for f in User._meta.concrete_fields], values[:n_user])
    agency = None
    if user.agency_id is not None:
        agency = Agency.from_db(db, [f.attname for f in Agency._meta.concrete_fields], values[n_user:])
    agency_fk.set_cached_value(user, agency)
    return user


# ---------------------------------------------------------------- per-address limit on failed logins
def ip_failure_limit() -> tuple[int, int]:
    """(failures, window in minutes) allowed per client address: settings GONGKAI_LOGIN_IP_FAILURES
    (default 30) and GONGKAI_LOGIN_IP_WINDOW_MINUTES (default 60)."""
    from django.conf import settings
    return (int(getattr(settings, "GONGKAI_LOGIN_IP_FAILURES", 30)),
            int(getattr(settings, "GONGKAI_LOGIN_IP_WINDOW_MINUTES", 60)))


def ip_key(request) -> str:
    """The rate-limit key of the request's client address (trusted-proxy aware, gongkai.web.clientip)."""
    return f"{IP_PREFIX}{client_ip(request)}"


def count_ip_failure(request) -> None:
    """Count one failed login against the request's client address (shared by all worker processes)."""
    if request is not None:
        ratelimit.hit(ip_key(request), ip_failure_limit()[1] * 60)


def ip_limited_until(request):
    """When the client address may try again (aware datetime), or None when it is under the limit."""
    if request is None:
        return None
    limit, _ = ip_failure_limit()
    key = ip_key(request)
    return ratelimit.expires_at(key) if ratelimit.limited(key, limit) else None


IP_PREFIX = "login-ip:"
PAIR_PREFIX = "login-pair:"
NAME_PREFIX = "login-name:"


def _name_id(username: str) -> str:
    """The user name as it appears in counter keys (hashed: the counters hold no typed user names)."""
    import hashlib
    return hashlib.sha256((username or "").strip().casefold().encode("utf-8")).hexdigest()[:24]


def pair_key(request, username: str) -> str:
    return f"{PAIR_PREFIX}{_name_id(username)}:{client_ip(request) if request is not None else '-'}"


def name_key(username: str) -> str:
    return f"{NAME_PREFIX}{_name_id(username)}"


def lock_limits() -> tuple[int, int, int]:
    """(failures per address and name, failures per name from any address, window in minutes)."""
    from django.conf import settings
    return (int(getattr(settings, "GONGKAI_LOCKOUT_FAILURES", 5)),
            int(getattr(settings, "GONGKAI_ACCOUNT_LOCK_FAILURES", 20)),
            int(getattr(settings, "GONGKAI_LOCKOUT_MINUTES", 15)))


def count_name_failure(request, username: str) -> int:
    """Count one failure of ``username`` (existing or not) at the request's address and overall; returns
    the overall count in the window."""
    _, _, minutes = lock_limits()
    ratelimit.hit(pair_key(request, username), minutes * 60)
    return ratelimit.hit(name_key(username), minutes * 60)


def name_locked_until(request, username: str):
    """When ``username`` may be tried again from this request's address (None: now) — the same answer
    for a user name that does not exist."""
    from django.utils import timezone

    per_pair, per_name, _ = lock_limits()
    ends = []
    if ratelimit.limited(pair_key(request, username), per_pair):
        ends.append(ratelimit.expires_at(pair_key(request, username)))
    if ratelimit.limited(name_key(username), per_name):
        ends.append(ratelimit.expires_at(name_key(username)))
    user = User.objects.filter(username=username).only("locked_until").first()
    if user is not None and user.locked_until and user.locked_until > timezone.now():
        ends.append(user.locked_until)
    ends = [e for e in ends if e is not None]
    return max(ends) if ends else None


def clear_name(username: str) -> None:
    """A 安全管理员's unlock: the name's overall counter and its counters at every address."""
    Counter.objects.filter(key=name_key(username)).delete()
    Counter.objects.filter(key__startswith=f"{PAIR_PREFIX}{_name_id(username)}:").delete()


def paused_addresses() -> list[tuple[str, int, object]]:
    """Client addresses whose logins are paused now: ``[(address, failures, until)]``, earliest end first."""
    from django.utils import timezone

    limit, _ = ip_failure_limit()
    rows = Counter.objects.filter(key__startswith=IP_PREFIX, expires_at__gt=timezone.now(), count__gte=limit)
    return [(r.key[len(IP_PREFIX):], r.count, r.expires_at) for r in rows.order_by("expires_at")]


def release_ip(address: str, *, user=None, request=None, by: str = "") -> bool:
    """Lift the login pause of ``address`` (its failure count starts again from zero) and record it in the
    audit log (``user``, or None with ``by`` saying who, e.g. the command line); False when it had none."""
    key = IP_PREFIX + address
    if not ratelimit.count(key):
        return False
    ratelimit.clear(key)
    new = {"address": address, "paused": False} | ({"by": by} if by else {})
    record(user, "login_ip_release", None, old={"address": address, "paused": True}, new=new, request=request)
    return True


def paused_names(usernames) -> dict[str, object]:
    """For the 安全管理员's page: which of ``usernames`` are paused now (at some address or everywhere),
    user name → until."""
    from django.utils import timezone

    per_pair, per_name, _ = lock_limits()
    by_id = {_name_id(u): u for u in usernames}
    out: dict[str, object] = {}
    from django.db.models import Q
    rows = Counter.objects.filter(Q(key__startswith=PAIR_PREFIX) | Q(key__startswith=NAME_PREFIX),
                                  expires_at__gt=timezone.now())
    for key, count, until in rows.values_list("key", "count", "expires_at"):
        if key.startswith(PAIR_PREFIX):
            name_id, limit = key[len(PAIR_PREFIX):].split(":", 1)[0], per_pair
        else:
            name_id, limit = key[len(NAME_PREFIX):], per_name
        if count >= limit and name_id in by_id:
            name = by_id[name_id]
            out[name] = max(out.get(name, until), until)
    return out

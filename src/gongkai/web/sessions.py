"""Sessions (``SESSION_ENGINE``): Django's database sessions — the same table, rows and expiry — with the one read
every signed-in page makes written as SQL: the ORM compiled ``Session.objects.get(session_key=…,
expire_date__gt=now)`` on every request (about 0.3 ms of CPU on SQLite, more on PostgreSQL), the database answers
it from the primary key in a fraction of that (issue 16).

The signed-in user's row (with its agency) is read in the same query when this process has seen the session
before: the user's id is inside the signed session data, so it cannot be joined on — but a session names the
same user for its whole life (a login makes a new key), so the id this process found in it last time is joined
as a parameter, and the row is handed to the authentication backend
(:func:`gongkai.web.accounts.backends.user_with_agency`) if the session, once decoded, names that user; if not,
the backend reads the user as before.  One query instead of two on every page — on PostgreSQL a round trip to
another process less."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from .accounts.backends import _prepared, keep_fetched
from .accounts.models import User

#: session key → the user id its data named when this process last read it (bounded: emptied when full)
_USER_OF: dict[str, str] = {}
_USER_OF_MAX = 10000


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """As Django's: the session row if its key is valid and it has not expired, else None with the key
        forgotten (a new session is then made on save).  With the user's row when the session is known."""
        key = self.session_key  # (None when the cookie's key is not a valid session key)
        self._fetched = None
        if key is not None:
            model = self.model
            alias = router.db_for_read(model)
            connection = connections[alias]
            qn, opts = connection.ops.quote_name, model._meta
            data_col = f"s.{qn(opts.get_field('session_data').column)}"
            where = (f"WHERE s.{qn(opts.get_field('session_key').column)} = %s "
                     f"AND s.{qn(opts.get_field('expire_date').column)} > %s")
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            guess = _USER_OF.get(key)
            user_pk = _user_pk(guess) if guess is not None else None
            with connection.cursor() as c:
                if user_pk is not None:
                    columns, joins = _prepared(connection)[5]
                    c.execute(f"SELECT {data_col}, {columns} FROM {qn(opts.db_table)} s {joins} {where}",
                              [user_pk, key, now])
                else:
                    c.execute(f"SELECT {data_col} FROM {qn(opts.db_table)} s {where}", [key, now])
                row = c.fetchone()
            if row is not None:
                if user_pk is not None and row[1] is not None:
                    self._fetched = (guess, user_pk, alias, row[1:])
                return model(session_key=key, session_data=row[0])
        self._session_key = None
        return None

    def load(self):
        data = super().load()
        uid = data.get(SESSION_KEY)
        if uid is not None and self.session_key is not None:
            if len(_USER_OF) >= _USER_OF_MAX:
                _USER_OF.clear()
            _USER_OF[self.session_key] = uid
        fetched, self._fetched = getattr(self, "_fetched", None), None
        if fetched is not None and fetched[0] == uid:  # the session names the user whose row came with it
            keep_fetched(fetched[1], fetched[2], fetched[3])
        return data


def _user_pk(uid):
    try:
        return User._meta.pk.to_python(uid)
    except Exception:  # noqa: BLE001 — not an id: no guess
        return None

"""The client's IP address, for rate limits and the audit log.

Behind a reverse proxy (nginx, as docs/web.md recommends) every request comes from the proxy, so
``REMOTE_ADDR`` alone would put all citizens under one rate-limit counter.  ``X-Forwarded-For`` is
believed only when the request comes from a proxy listed in ``settings.GONGKAI_TRUSTED_PROXIES``
(addresses or networks, e.g. ``["127.0.0.1", "10.0.0.0/8"]``; default none): the header is read
from the right, skipping trusted proxies, and the first address that is not one is the client.
Anyone else's ``X-Forwarded-For`` is ignored (a client could write any address there).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple:
    """``entries`` (addresses or CIDR networks) as ip_network objects; ImproperlyConfigured (Chinese)
    naming a bad entry."""
    nets = []
    for e in entries:
        try:
            nets.append(ipaddress.ip_network(e.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"GONGKAI_TRUSTED_PROXIES 中的「{e}」不是 IP 地址或网段（例如 127.0.0.1、10.0.0.0/8）。") \
                from None
    return tuple(nets)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(addr, nets) -> bool:
    return addr is not None and any(addr.version == n.version and addr in n for n in nets)


def client_ip(request) -> str:
    """The client's address (at most 60 characters); "" when unknown."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")[:60]
    nets = trusted_networks(tuple(getattr(settings, "GONGKAI_TRUSTED_PROXIES", ()) or ()))
    if not nets or not _trusted(_address(remote), nets):
        return remote
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        addr = _address(hop)
        if addr is None:  # garbage: nothing further left can be believed
            break
        client = str(addr)
        if not _trusted(addr, nets):
            break
    return client[:60]

"""Rate-limit counters shared by every worker process and kept across restarts: the app (its model,
:class:`~gongkai.web.ratelimit.models.Counter`) and :mod:`gongkai.web.ratelimit.counters`, the functions.
The functions are a module of their own because this package is imported while Django loads its apps,
before any model can be; callers write ``from gongkai.web.ratelimit import counters as ratelimit``."""

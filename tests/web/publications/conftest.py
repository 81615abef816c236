"""Publications web tests: the web suite's fixtures (tests/web/conftest.py).  Rate-limit counters are
database rows (gongkai.web.ratelimit), rolled back with each test."""

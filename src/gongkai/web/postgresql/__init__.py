"""The PostgreSQL database backend (``ENGINE = "gongkai.web.postgresql"``): Django's, with the per-request
health check answered without a round trip to the server when it can be (see :mod:`.base`)."""

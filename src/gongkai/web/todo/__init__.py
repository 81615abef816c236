"""待办: what waits for each role (landing page, navigation count, ``gongkai todo``, daily e-mail digest)."""

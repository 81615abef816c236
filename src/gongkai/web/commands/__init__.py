"""The command groups of the office platform (``gongkai serve``, ``backup``, ``restore``, ``login-pauses``,
``supervise``, ``worker``, ``todo``, ``accounts``): their ``register(subparsers)`` and handlers.

They live here, inside :mod:`gongkai.web`, because they use Django and the platform's models; the command
line (:mod:`gongkai.cli`) only routes to them by name (:func:`gongkai.cli.load_group`), so that no module
outside ``gongkai/web/`` imports Django (docs/architecture.md).  Importing this package sets Django up, so
the group modules import the platform's models at their top.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
django.setup()

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.web.accounts"
    label = "accounts"
    verbose_name = "用户"

    def ready(self):
        from . import signals  # lazy: ready() hook connects the login signals once models load
        del signals  # importing it connected its @receiver handlers

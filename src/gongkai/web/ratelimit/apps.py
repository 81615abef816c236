from django.apps import AppConfig


class RatelimitConfig(AppConfig):
    name = "gongkai.web.ratelimit"
    label = "ratelimit"
    verbose_name = "限流计数"

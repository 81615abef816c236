from django.apps import AppConfig


class AuditlogConfig(AppConfig):
    name = "gongkai.web.auditlog"
    label = "auditlog"
    verbose_name = "审计日志"

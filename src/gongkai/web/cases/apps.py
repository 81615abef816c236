from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "gongkai.web.cases"
    label = "cases"
    verbose_name = "依申请公开办件"

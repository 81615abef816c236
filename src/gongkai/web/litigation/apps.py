from django.apps import AppConfig


class LitigationConfig(AppConfig):
    name = "gongkai.web.litigation"
    label = "litigation"
    verbose_name = "复议诉讼登记"

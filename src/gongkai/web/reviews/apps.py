from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Reviews and lawsuits (复议/诉讼).  The package was ``web/litigation``; the label stays ``litigation``: the
    migrations' rows in django_migrations and the table ``litigation_litigation`` are keyed by it."""

    name = "gongkai.web.reviews"
    label = "litigation"
    verbose_name = "复议诉讼登记"

"""URL map.  A new app adds one ``path()`` line here and its nav entry in settings.GONGKAI_NAV."""

from django.urls import include, path

from .agencies.views import home

urlpatterns = [
    path("", home, name="home"),
    path("todo/", include("gongkai.web.todo.urls")),
    path("", include("gongkai.web.cases.online_urls")),  # online applications: /gongkai/…/apply/, /publications/applications/
    path("agencies/", include("gongkai.web.agencies.urls")),
    path("accounts/", include("gongkai.web.accounts.urls")),
    path("cases/", include("gongkai.web.cases.urls")),
    path("litigation/", include("gongkai.web.reviews.urls")),
    path("reports/", include("gongkai.web.reports.urls")),
    path("auditlog/", include("gongkai.web.auditlog.urls")),
    path("publications/", include("gongkai.web.publications.urls")),
    path("supervision/", include("gongkai.web.supervision.urls")),
    path("gongkai/", include("gongkai.web.publications.public_urls")),
]
handler400 = "gongkai.web.views.bad_request"
handler403 = "gongkai.web.views.forbidden"
handler404 = "gongkai.web.views.not_found"
handler500 = "gongkai.web.views.server_error"

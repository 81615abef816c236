"""URLs of the online applications (namespace ``online``), mounted at the site root: the addresses are those the
public form and the office's list always had (/gongkai/… for the public, /publications/applications/ for the
office), now served by the cases app."""

from django.urls import path

from . import online_views

app_name = "online"
urlpatterns = [
    path("gongkai/status/", online_views.status, name="status"),
    path("gongkai/status/<int:pk>/", online_views.application, name="application"),
    path("gongkai/status/<int:pk>/reply/<int:rid>/", online_views.reply_download, name="reply"),
    path("gongkai/<int:agency_id>/apply/", online_views.apply, name="apply"),
    path("gongkai/<int:agency_id>/apply/done/<str:submission>/", online_views.applied, name="applied"),
    path("publications/applications/", online_views.applications, name="applications"),
    path("publications/applications/<int:pk>/reply/", online_views.reply_upload, name="reply_upload"),
]

from django.urls import path

from . import calendar_views, views

app_name = "cases"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("export.<str:fmt>", views.export, name="export"),
    path("new/", views.new, name="new"),
    path("import/", views.import_ledger, name="import"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/event/<str:kind>/", views.event, name="event"),
    path("<int:pk>/extension/<str:action>/", views.extension, name="extension"),
    path("<int:pk>/letter/<str:kind>/<int:seq>/", views.letter, name="letter"),
    path("<int:pk>/attachments/", views.upload, name="upload"),
    path("<int:pk>/attachments/<int:aid>/", views.attachment, name="attachment"),
]

from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("progress/", views.progress, name="progress"),
    path("imported/<str:token>/", views.imported, name="imported"),
    path("addresses/<int:pk>/refetch/", views.refetch, name="refetch"),
    path("export/<int:year>.xlsx", views.export_xlsx, name="export"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("reports/<int:pk>/reaudit/", views.reaudit, name="reaudit"),
    path("reports/<int:pk>/void/", views.void, name="void"),
    path("reports/<int:pk>/restore/", views.restore, name="restore"),
    path("reports/<int:pk>/version/", views.pin_version, name="pin_version"),
    path("reports/<int:pk>/published-on/", views.set_published_on, name="published_on"),
    path("reports/<int:pk>/file/", views.download, name="download"),
    path("findings/<int:pk>/review/", views.review, name="review"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("units/", views.unit_options, name="unit_options"),
    path("findings/<int:pk>/rectify/", views.rectify, name="rectify"),
    path("rectifications/<int:pk>/close/", views.close_rectification, name="close_rectification"),
    path("rectifications/mine/", views.my_rectifications, name="my_rectifications"),
    path("rectifications/<int:pk>/respond/", views.respond, name="respond"),
]

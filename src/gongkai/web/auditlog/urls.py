from django.urls import path

from . import views

app_name = "auditlog"
urlpatterns = [path("", views.entries, name="list"), path("export.csv", views.export, name="export")]

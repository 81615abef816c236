from django.urls import path

from . import views

app_name = "agencies"
urlpatterns = [path("<int:pk>/", views.agency_public, name="public"),
               path("<int:pk>/edit/", views.agency_edit, name="edit"),
               path("<int:pk>/remove/", views.agency_remove, name="remove"),
               path("<int:pk>/reactivate/", views.agency_reactivate, name="reactivate")]

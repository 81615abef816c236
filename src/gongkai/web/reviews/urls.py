from django.urls import path

from . import views

app_name = "litigation"
urlpatterns = [path("", views.register_list, name="list"), path("<int:pk>/", views.edit, name="edit")]

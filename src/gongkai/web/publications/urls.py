"""Staff URLs (namespace ``publications``), mounted at /publications/."""

from django.urls import path

from . import views

app_name = "publications"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/step/<str:kind>/", views.step, name="step"),
    path("<int:pk>/new-version/", views.new_version, name="new_version"),
    path("<int:pk>/attachments/", views.upload, name="upload"),
    path("<int:pk>/attachments/<int:aid>/", views.attachment, name="attachment"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document_action, name="document_action"),
    path("figures/<int:year>/", views.figures, name="figures"),
    path("guide/", views.guide, name="guide"),
]

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("setup/", views.setup, name="setup"),
    path("admin/", views.admin_users, name="admin_users"),
    path("admin/import/", views.bulk_import, name="bulk_import"),
    path("admin/import/template/", views.bulk_template, name="bulk_template"),
    path("security/", views.security, name="security"),
    path("security/release-ip/", views.security_release_ip, name="security_release_ip"),
    path("security/<int:pk>/role/", views.grant_role, name="grant_role"),
    path("security/<int:pk>/<str:action>/", views.security_action, name="security_action"),
    path("admin/<int:pk>/reset-password/", views.reset_password, name="reset_password"),
    path("admin/<int:pk>/<str:action>/", views.account_active, name="account_active"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
]

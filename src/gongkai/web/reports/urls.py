from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("overview/<int:year>/", views.overview, name="overview"),
    path("summary/<int:year>/", views.summary, name="summary"),
    path("<int:agency_id>/<int:year>/", views.workspace, name="workspace"),
    path("<int:agency_id>/<int:year>/save/", views.save, name="save"),
    path("<int:agency_id>/<int:year>/table2/", views.save_table2, name="table2"),
    path("<int:agency_id>/<int:year>/sections/", views.save_sections, name="sections"),
    path("<int:agency_id>/<int:year>/check/", views.check, name="check"),
    path("<int:agency_id>/<int:year>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:agency_id>/<int:year>/signoff/<str:step>/", views.signoff, name="signoff"),
    path("<int:agency_id>/<int:year>/export.<str:fmt>", views.export, name="export"),
]

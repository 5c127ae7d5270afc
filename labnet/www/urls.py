from django.urls import path

from . import views

app_name = "www"
urlpatterns = [
    path("", views.home, name="home"),
    path("laboratoires/", views.atlas, name="atlas"),
    path("laboratoires/<slug:key>/", views.lab_detail, name="lab_detail"),
    path("laboratoires/<slug:key>/modifier/", views.lab_edit, name="lab_edit"),
    path("projets/<slug:key>/", views.project_detail, name="project_detail"),
]

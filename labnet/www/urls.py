from django.urls import path

from . import legal, views

app_name = "www"
urlpatterns = [
    path("", views.home, name="home"),
    path("laboratoires/", views.atlas, name="atlas"),
    path("laboratoires/<slug:key>/", views.lab_detail, name="lab_detail"),
    path(
        "laboratoires/<slug:key>/cooperations/",
        views.lab_cooperations_page,
        name="lab_cooperations",
    ),
    path("laboratoires/<slug:key>/modifier/", views.lab_edit, name="lab_edit"),
    path("projets/<slug:key>/", views.project_detail, name="project_detail"),
    path("accessibilite/", legal.accessibility, name="accessibility"),
    path("mentions-legales/", legal.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", legal.personal_data, name="personal_data"),
    path("plan-du-site/", legal.site_map, name="site_map"),
]

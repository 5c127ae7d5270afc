from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("tableau-de-bord/", views.national, name="national"),
    path("tableau-de-bord/<slug:table>.csv", views.national_csv, name="national_csv"),
    path("laboratoires/<slug:key>/tableau-de-bord/", views.lab_dashboard, name="lab"),
    path(
        "laboratoires/<slug:key>/tableau-de-bord/<slug:table>.csv",
        views.lab_csv,
        name="lab_csv",
    ),
    path("bilan/", views.bilan_page, name="bilan"),
]

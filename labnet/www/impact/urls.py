from django.urls import path

from . import views

app_name = "impact"

P = "projets/<slug:key>/indicateurs/"

urlpatterns = [
    path(P, views.project_indicators, name="project_indicators"),
    path(f"{P}<slug:indicator_key>/", views.indicator_edit, name="indicator_edit"),
    path(f"{P}<slug:indicator_key>/mesures/", views.measurement_add, name="measurement_add"),
    path("enquete/<str:token>/", views.survey, name="survey"),
]

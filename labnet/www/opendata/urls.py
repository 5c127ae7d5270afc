from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogue.jsonld", views.catalogue_jsonld_view, name="catalogue_jsonld"),
    path("catalogue.ttl", views.catalogue_ttl_view, name="catalogue_ttl"),
    path("financements.scdl.csv", views.download_scdl, name="scdl_csv"),
    path("<slug:key>.csv", views.download_csv, name="download_csv"),
    path("<slug:key>.json", views.download_json, name="download_json"),
    path("<slug:key>.schema.json", views.schema, name="schema"),
]

from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("gestion/", views.manage, name="manage"),
    path("sources/nouvelle/", views.source_create, name="source_create"),
    path("sources/<slug:key>/modifier/", views.source_edit, name="source_edit"),
    path("enveloppes/nouvelle/", views.envelope_create, name="envelope_create"),
    path("enveloppes/<slug:key>/", views.envelope_detail, name="envelope_detail"),
    path("enveloppes/<slug:key>/modifier/", views.envelope_edit, name="envelope_edit"),
    path("attributions/nouvelle/", views.allocation_create, name="allocation_create"),
    path("attributions/<slug:key>/", views.allocation_detail, name="allocation_detail"),
    path("attributions/<slug:key>/modifier/", views.allocation_edit, name="allocation_edit"),
    path(
        "attributions/<slug:key>/statut/", views.allocation_transition, name="allocation_transition"
    ),
    path("attributions/<slug:key>/versements/", views.payment_create, name="payment_create"),
    path("attributions/<slug:key>/compte-rendu/", views.reporting_notes, name="reporting_notes"),
]

from django.urls import path

from .views import allocation, manage, public

app_name = "funding"

urlpatterns = [
    path("", public.overview, name="overview"),
    path("gestion/", manage.manage, name="manage"),
    path("sources/nouvelle/", manage.source_create, name="source_create"),
    path("sources/<slug:key>/modifier/", manage.source_edit, name="source_edit"),
    path("enveloppes/nouvelle/", manage.envelope_create, name="envelope_create"),
    path("enveloppes/<slug:key>/", public.envelope_detail, name="envelope_detail"),
    path("enveloppes/<slug:key>/modifier/", manage.envelope_edit, name="envelope_edit"),
    path("attributions/nouvelle/", manage.allocation_create, name="allocation_create"),
    path("attributions/<slug:key>/", allocation.allocation_detail, name="allocation_detail"),
    path("attributions/<slug:key>/modifier/", manage.allocation_edit, name="allocation_edit"),
    path(
        "attributions/<slug:key>/statut/",
        allocation.allocation_transition,
        name="allocation_transition",
    ),
    path("attributions/<slug:key>/versements/", allocation.payment_create, name="payment_create"),
    path(
        "attributions/<slug:key>/compte-rendu/", allocation.reporting_notes, name="reporting_notes"
    ),
]

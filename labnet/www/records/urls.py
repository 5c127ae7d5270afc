from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("", views.my_record, name="record"),
    path("profil/", views.shown_lines_save, name="shown_lines"),
    path("attestations/", views.attestation_new, name="attestation_new"),
    path("attestations/<str:number>.pdf", views.attestation_download, name="attestation_pdf"),
    path(
        "attestations/<str:number>/revoquer/", views.attestation_revoke, name="attestation_revoke"
    ),
    path("verifier/", views.check, name="check"),
    path("contributeurs/", views.contributors, name="contributors"),
    path("laboratoires/<slug:lab_key>/", views.lab_contributions_page, name="lab_contributions"),
    path(
        "laboratoires/<slug:lab_key>/confirmer/",
        views.contribution_confirm_view,
        name="contribution_confirm",
    ),
]

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "intake"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="intake:request_new"), name="index"),
    path("proposer/", views.request_new, name="request_new"),
    path("demandes/", views.my_requests, name="my_requests"),
    path("demandes/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("demandes/<uuid:public_id>/etape/<int:step>/", views.request_step, name="request_step"),
    path("demandes/<uuid:public_id>/relecture/", views.request_review, name="request_review"),
    path(
        "demandes/<uuid:public_id>/co-auteurs/",
        views.request_coauthor_add,
        name="request_coauthor_add",
    ),
    path("demandes/<uuid:public_id>/decision/", views.request_decision, name="request_decision"),
    path(
        "demandes/<uuid:public_id>/pieces-jointes/",
        views.request_attach,
        name="request_attach",
    ),
    path(
        "demandes/<uuid:public_id>/pieces-jointes/<int:pk>/",
        views.request_attachment_download,
        name="request_attachment",
    ),
    path(
        "demandes/<uuid:public_id>/pieces-jointes/<int:pk>/retirer/",
        views.request_attachment_remove,
        name="request_attachment_remove",
    ),
    path(
        "demandes/<uuid:public_id>/precisions/",
        views.request_provide_info_view,
        name="request_provide_info",
    ),
    path(
        "demandes/<uuid:public_id>/retirer/", views.request_withdraw_view, name="request_withdraw"
    ),
    path(
        "demandes/<uuid:public_id>/coup-de-pouce/",
        views.request_book_slot,
        name="request_book_slot",
    ),
    path("laboratoires/<slug:lab_key>/", views.lab_inbox_view, name="lab_inbox"),
    path("laboratoires/<slug:lab_key>/coups-de-pouce/", views.lab_slots, name="lab_slots"),
    path(
        "laboratoires/<slug:lab_key>/coups-de-pouce/<int:slot_id>/supprimer/",
        views.lab_slot_delete,
        name="lab_slot_delete",
    ),
    path("delais/", views.response_times, name="response_times"),
]

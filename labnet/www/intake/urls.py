from django.urls import path
from django.views.generic import RedirectView

from .views import guided, inbox, tracking

app_name = "intake"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="intake:request_new"), name="index"),
    path("proposer/", guided.request_new, name="request_new"),
    path("demandes/", tracking.my_requests, name="my_requests"),
    path("demandes/<uuid:public_id>/", tracking.request_detail, name="request_detail"),
    path("demandes/<uuid:public_id>/etape/<int:step>/", guided.request_step, name="request_step"),
    path("demandes/<uuid:public_id>/relecture/", guided.request_review, name="request_review"),
    path(
        "demandes/<uuid:public_id>/co-auteurs/",
        guided.request_coauthor_add,
        name="request_coauthor_add",
    ),
    path("demandes/<uuid:public_id>/decision/", tracking.request_decision, name="request_decision"),
    path(
        "demandes/<uuid:public_id>/precisions/",
        tracking.request_provide_info_view,
        name="request_provide_info",
    ),
    path(
        "demandes/<uuid:public_id>/retirer/",
        tracking.request_withdraw_view,
        name="request_withdraw",
    ),
    path(
        "demandes/<uuid:public_id>/coup-de-pouce/",
        tracking.request_book_slot,
        name="request_book_slot",
    ),
    path("laboratoires/<slug:lab_key>/", inbox.lab_inbox_view, name="lab_inbox"),
    path("laboratoires/<slug:lab_key>/coups-de-pouce/", inbox.lab_slots, name="lab_slots"),
    path(
        "laboratoires/<slug:lab_key>/coups-de-pouce/<int:slot_id>/supprimer/",
        inbox.lab_slot_delete,
        name="lab_slot_delete",
    ),
    path("delais/", inbox.response_times, name="response_times"),
]

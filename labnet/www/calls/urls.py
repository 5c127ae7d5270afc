from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("nouveau/", views.call_create_view, name="call_create"),
    path("mes-appels/", views.my_calls, name="my_calls"),
    path("mes-reponses/", views.my_answers, name="my_answers"),
    path("reponses/<int:pk>/", views.answer_detail, name="answer_detail"),
    path("reponses/<int:pk>/modifier/", views.answer_edit, name="answer_edit"),
    path("reponses/<int:pk>/co-auteurs/", views.answer_coauthor_add, name="answer_coauthor_add"),
    path("reponses/<int:pk>/pieces-jointes/", views.answer_attach_view, name="answer_attach"),
    path(
        "reponses/<int:pk>/pieces-jointes/<int:attachment_id>/",
        views.answer_attachment_download,
        name="answer_attachment",
    ),
    path(
        "reponses/<int:pk>/pieces-jointes/<int:attachment_id>/retirer/",
        views.answer_attachment_delete_view,
        name="answer_attachment_delete",
    ),
    path("reponses/<int:pk>/retirer/", views.answer_withdraw_view, name="answer_withdraw"),
    path("reponses/<int:pk>/evaluation/", views.answer_review, name="answer_review"),
    path("reponses/<int:pk>/decision/", views.answer_decision, name="answer_decision"),
    path("<slug:key>/", views.call_detail, name="call_detail"),
    path("<slug:key>/modifier/", views.call_edit, name="call_edit"),
    path("<slug:key>/publier/", views.call_publish, name="call_publish"),
    path("<slug:key>/clore/", views.call_close_view, name="call_close"),
    path("<slug:key>/repondre/", views.answer_new, name="answer_new"),
    path("<slug:key>/reponses/", views.answer_list, name="answer_list"),
]

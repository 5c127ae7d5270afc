from django.urls import path

from .views import answering, calls, reviews

app_name = "calls"
urlpatterns = [
    path("", calls.call_list, name="call_list"),
    path("nouveau/", calls.call_create_view, name="call_create"),
    path("mes-appels/", calls.my_calls, name="my_calls"),
    path("mes-reponses/", answering.my_answers, name="my_answers"),
    path("reponses/<int:pk>/", answering.answer_detail, name="answer_detail"),
    path("reponses/<int:pk>/modifier/", answering.answer_edit, name="answer_edit"),
    path(
        "reponses/<int:pk>/co-auteurs/", answering.answer_coauthor_add, name="answer_coauthor_add"
    ),
    path("reponses/<int:pk>/pieces-jointes/", answering.answer_attach_view, name="answer_attach"),
    path(
        "reponses/<int:pk>/pieces-jointes/<int:attachment_id>/",
        answering.answer_attachment_download,
        name="answer_attachment",
    ),
    path(
        "reponses/<int:pk>/pieces-jointes/<int:attachment_id>/retirer/",
        answering.answer_attachment_delete_view,
        name="answer_attachment_delete",
    ),
    path("reponses/<int:pk>/retirer/", answering.answer_withdraw_view, name="answer_withdraw"),
    path("reponses/<int:pk>/evaluation/", reviews.answer_review, name="answer_review"),
    path("reponses/<int:pk>/decision/", reviews.answer_decision, name="answer_decision"),
    path("<slug:key>/", calls.call_detail, name="call_detail"),
    path("<slug:key>/modifier/", calls.call_edit, name="call_edit"),
    path("<slug:key>/publier/", calls.call_publish, name="call_publish"),
    path("<slug:key>/clore/", calls.call_close_view, name="call_close"),
    path("<slug:key>/repondre/", answering.answer_new, name="answer_new"),
    path("<slug:key>/reponses/", calls.answer_list, name="answer_list"),
]

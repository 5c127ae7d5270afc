from django.urls import path

from . import manager_views, views

app_name = "trainings"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("chiffres/", views.figures, name="figures"),
    path("mes-formations/", views.my_trainings, name="my_trainings"),
    path("attestations/verifier/", views.certificate_check, name="certificate_check"),
    path("attestations/<int:enrolment_id>/", views.certificate, name="certificate"),
    path("promotions/<slug:key>/", views.cohort_detail, name="cohort_detail"),
    path("promotions/<slug:key>/inscription/", views.cohort_enrol, name="cohort_enrol"),
    path("promotions/<slug:key>/desinscription/", views.cohort_cancel, name="cohort_cancel"),
    path(
        "promotions/<slug:key>/inscrits/", manager_views.cohort_enrolments, name="cohort_enrolments"
    ),
    path("promotions/<slug:key>/seances/", manager_views.cohort_sessions, name="cohort_sessions"),
    path(
        "promotions/<slug:key>/seances/ajouter/",
        manager_views.cohort_session_add,
        name="cohort_session_add",
    ),
    path(
        "promotions/<slug:key>/seances/recurrence/",
        manager_views.cohort_recurrence_add,
        name="cohort_recurrence_add",
    ),
    path(
        "promotions/<slug:key>/seances/exception/",
        manager_views.cohort_recurrence_exception,
        name="cohort_recurrence_exception",
    ),
    path(
        "seances/<int:session_id>/annulation/", manager_views.session_cancel, name="session_cancel"
    ),
    path(
        "seances/<int:session_id>/presences/",
        manager_views.session_attendance,
        name="session_attendance",
    ),
    path("<slug:key>/", views.programme_detail, name="programme_detail"),
]

from django.urls import path

from . import views

app_name = "resources"
urlpatterns = [
    path("", views.library, name="library"),
    # Fixed paths first: services.RESERVED_KEYS keeps resource keys off them.
    path("proposer/", views.propose, name="propose"),
    path("mes-propositions/", views.my_proposals, name="my_proposals"),
    path("a-relire/", views.review_list, name="review_queue"),
    path("<slug:key>/", views.detail, name="detail"),
    path("<slug:key>/fichier/", views.download, name="download"),
    path("<slug:key>/modifier/", views.edit, name="edit"),
    path("<slug:key>/relecture/", views.review, name="review"),
    path("<slug:key>/projets/", views.link_project, name="link_project"),
    path(
        "<slug:key>/projets/<slug:project_key>/retirer/",
        views.unlink_project,
        name="unlink_project",
    ),
]

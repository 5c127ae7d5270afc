from django.urls import path

from . import deletions, views

app_name = "roadmaps"

urlpatterns = [
    path("", views.roadmap_list, name="list"),
    path("nouvelle/", views.roadmap_create, name="create"),
    path("<slug:key>/", views.roadmap_detail, name="detail"),
    path("<slug:key>/modifier/", views.roadmap_edit, name="edit"),
    path("<slug:key>/axes/nouveau/", views.axis_edit, name="axis_add"),
    path("<slug:key>/axes/<slug:axis_key>/", views.axis_edit, name="axis_edit"),
    path("<slug:key>/axes/<slug:axis_key>/groupes/nouveau/", views.group_add, name="group_add"),
    path("<slug:key>/elements/nouveau/", views.item_edit, name="item_add"),
    path("<slug:key>/elements/<slug:item_key>/", views.item_edit, name="item_edit"),
    # Deletions: a confirmation page on GET, the deletion on POST (www/confirm.py).
    path("<slug:key>/supprimer/", deletions.roadmap_delete_view, name="delete"),
    path(
        "<slug:key>/axes/<slug:axis_key>/supprimer/",
        deletions.axis_delete_view,
        name="axis_delete",
    ),
    path(
        "<slug:key>/groupes/<int:group_id>/supprimer/",
        deletions.group_delete_view,
        name="group_delete",
    ),
    path(
        "<slug:key>/elements/<slug:item_key>/supprimer/",
        deletions.item_delete_view,
        name="item_delete",
    ),
]

from django.urls import path

from . import views

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
]

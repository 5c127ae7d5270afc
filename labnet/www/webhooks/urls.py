from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("<int:pk>/", views.subscription_detail, name="detail"),
    path("<int:pk>/supprimer/", views.subscription_delete_view, name="delete"),
    path("<int:pk>/reprendre/", views.subscription_resume_view, name="resume"),
]

from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.finder, name="finder"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/ecrire/", views.contact, name="contact"),
    path("messages/", views.conversations, name="conversations"),
    path("messages/<uuid:token>/", views.conversation, name="conversation"),
    path("mon-profil/", views.my_profile, name="my_profile"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/telecharger/", views.my_data_download, name="my_data_download"),
    path("effacer-mon-compte/", views.erase_account, name="erase_account"),
    path("competences/", views.skills, name="skills"),
    path("laboratoires/<slug:lab_key>/contributeurs/", views.lab_pool_page, name="lab_pool"),
]

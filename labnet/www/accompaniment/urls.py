from django.urls import path

from . import views

app_name = "accompaniment"

P = "projets/<slug:key>/"

# The workspace: a summary (P) and one page per task; the task pages of the stage, journal,
# documents, next steps, notes and people are also where their form posts.
urlpatterns = [
    path(P, views.workspace, name="workspace"),
    path(f"{P}etape/", views.move, name="move"),
    path(f"{P}journal/", views.activity_add, name="activity_add"),
    path(f"{P}journal/<int:pk>/modifier/", views.activity_edit, name="activity_edit"),
    path(f"{P}journal/<int:pk>/supprimer/", views.activity_remove, name="activity_remove"),
    path(f"{P}documents/", views.document_add, name="document_add"),
    path(f"{P}documents/<int:pk>/", views.document_download, name="document_download"),
    path(f"{P}documents/<int:pk>/supprimer/", views.document_remove, name="document_remove"),
    path(f"{P}prochaines-etapes/", views.next_step_add, name="next_step_add"),
    path(f"{P}prochaines-etapes/<int:pk>/faite/", views.next_step_done, name="next_step_done"),
    path(f"{P}notes/", views.note_create, name="note_add"),
    path(f"{P}notes/<int:pk>/supprimer/", views.note_remove, name="note_remove"),
    path(f"{P}personnes/", views.person_add, name="person_add"),
    path(f"{P}personnes/<int:pk>/supprimer/", views.person_remove, name="person_remove"),
    path(f"{P}partenaires/", views.partners_edit, name="partners_edit"),
    path(f"{P}fiche-publique/", views.sheet, name="sheet"),
    path(f"{P}fiche/", views.sheet_edit, name="sheet_edit"),
    path(f"{P}passage-a-l-echelle/", views.scaling, name="scaling"),
    path(f"{P}publication/", views.publication, name="publication"),
    path(f"{P}reprendre/", views.take_up, name="take_up"),
    path("<slug:lab_key>/tableau/", views.board, name="board"),
    path("<slug:lab_key>/projets/", views.portfolio_list, name="portfolio_list"),
]

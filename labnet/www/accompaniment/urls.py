from django.urls import path

from .views import portfolio, records, workspace

app_name = "accompaniment"

P = "projets/<slug:key>/"

urlpatterns = [
    path(P, workspace.workspace, name="workspace"),
    path(f"{P}etape/", workspace.move, name="move"),
    path(f"{P}journal/", records.activity_add, name="activity_add"),
    path(f"{P}journal/<int:pk>/modifier/", records.activity_edit, name="activity_edit"),
    path(f"{P}journal/<int:pk>/supprimer/", records.activity_remove, name="activity_remove"),
    path(f"{P}documents/", records.document_add, name="document_add"),
    path(f"{P}documents/<int:pk>/", records.document_download, name="document_download"),
    path(f"{P}documents/<int:pk>/supprimer/", records.document_remove, name="document_remove"),
    path(f"{P}prochaines-etapes/", records.next_step_add, name="next_step_add"),
    path(f"{P}prochaines-etapes/<int:pk>/faite/", records.next_step_done, name="next_step_done"),
    path(f"{P}notes/", records.note_create, name="note_add"),
    path(f"{P}notes/<int:pk>/supprimer/", records.note_remove, name="note_remove"),
    path(f"{P}personnes/", records.person_add, name="person_add"),
    path(f"{P}personnes/<int:pk>/supprimer/", records.person_remove, name="person_remove"),
    path(f"{P}partenaires/", workspace.partners_edit, name="partners_edit"),
    path(f"{P}fiche/", workspace.sheet_edit, name="sheet_edit"),
    path(f"{P}publication/", workspace.publication, name="publication"),
    path(f"{P}reprendre/", portfolio.take_up, name="take_up"),
    path("<slug:lab_key>/tableau/", portfolio.board, name="board"),
    path("<slug:lab_key>/projets/", portfolio.portfolio_list, name="portfolio_list"),
]

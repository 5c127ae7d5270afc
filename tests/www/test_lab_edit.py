import pytest
from django.urls import reverse

from labnet.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_lead_edits_profile_through_the_form(client, lab, lab_lead):
    client.force_login(lab_lead)
    url = reverse("www:lab_edit", kwargs={"key": lab.key})
    response = client.post(
        url,
        {
            "summary": "Le lab de Normandie",
            "email": "innovmandie@normandie.gouv.fr",
            "team_fte": "4,5",
            "missions": ["accompaniment", "training"],
            "first_answer_hours": "48",
        },
    )
    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.summary == "Le lab de Normandie"
    assert lab.missions == ["accompaniment", "training"]
    assert str(lab.team_fte) == "4.5"
    assert lab.first_answer_hours == 48
    assert AuditEntry.objects.filter(action="labs.lab_update_profile", actor=lab_lead).count() == 1


def test_bad_input_keeps_what_was_typed_with_french_messages(client, lab, lab_lead):
    client.force_login(lab_lead)
    before = lab.summary
    response = client.post(
        reverse("www:lab_edit", kwargs={"key": lab.key}),
        {
            "summary": "Texte en cours",
            "email": "pas-une-adresse",
            "team_fte": "-1",
            "first_answer_hours": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["email"] == ["Saisissez une adresse électronique valide, ex. lab@region.gouv.fr."]
    assert errors["team_fte"] == ["L'équipe ne peut pas compter moins de 0 ETP."]
    assert errors["first_answer_hours"] == ["Le délai doit être d'au moins 1 heure."]
    html = response.content.decode()
    assert "Texte en cours" in html and 'value="pas-une-adresse"' in html
    lab.refresh_from_db()
    assert lab.summary == before


@pytest.mark.parametrize("who, status", [("agent", 403), ("lab_member", 403), ("coordinator", 200)])
def test_edit_page_permissions(request, client, lab, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("www:lab_edit", kwargs={"key": lab.key})).status_code == status


def test_anonymous_is_sent_to_login(client, lab):
    response = client.get(reverse("www:lab_edit", kwargs={"key": lab.key}))
    assert response.status_code == 302
    assert response.url.startswith("/compte/connexion/")

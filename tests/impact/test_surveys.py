"""The impact survey: sent after a request closes or a project ends, answered once, rolled
up into each lab's and the network's figures."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from labnet.core.models import AuditEntry
from labnet.impact.models import ImpactSurvey
from labnet.impact.selectors import survey_figures
from labnet.impact.surveys import survey_answer
from labnet.intake.services.author import request_withdraw
from labnet.intake.services.decisions import request_decide
from labnet.projects.pipeline import project_move
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, RequestFactory

pytestmark = pytest.mark.django_db


def _decline(request, lead, callbacks):
    with callbacks(execute=True):
        return request_decide(
            actor=lead,
            request=request,
            decision="decline",
            version=request.version,
            reason="Hors de notre champ.",
        )


def _link(message) -> str:
    return re.search(r"https?://\S+/impact/enquete/\S+/", message.body).group(0)


def test_a_declined_request_sends_its_author_the_survey_after_commit(
    django_capture_on_commit_callbacks,
):
    request = RequestFactory(submitted=True, title="Accueil des usagers")
    lead = MembershipFactory(lab=request.lab, lead=True).user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        request_decide(
            actor=lead,
            request=request,
            decision="decline",
            version=request.version,
            reason="Hors champ.",
        )
    survey = ImpactSurvey.objects.get()
    assert (survey.kind, survey.request, survey.lab, survey.recipient) == (
        "request",
        request,
        request.lab,
        request.author,
    )
    assert mail.outbox == []  # nothing before the commit
    for callback in pending:
        callback()
    surveys = [m for m in mail.outbox if "Trois questions" in m.subject]
    assert len(surveys) == 1
    assert surveys[0].to == [request.author.email]
    assert surveys[0].subject == "Trois questions sur l'accompagnement : Accueil des usagers"
    assert str(survey.token) in _link(surveys[0])


def test_an_accepted_or_withdrawn_request_gets_no_request_survey(
    django_capture_on_commit_callbacks,
):
    accepted = RequestFactory(submitted=True)
    lead = MembershipFactory(lab=accepted.lab, lead=True).user
    with django_capture_on_commit_callbacks(execute=True):
        request_decide(actor=lead, request=accepted, decision="accept", version=accepted.version)
    withdrawn = RequestFactory(submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        request_withdraw(actor=withdrawn.author, request=withdrawn, version=withdrawn.version)
    assert not ImpactSurvey.objects.exists()


def test_a_project_that_ends_asks_the_author_of_its_request_once(
    django_capture_on_commit_callbacks,
):
    request = RequestFactory(submitted=True)
    lead = MembershipFactory(lab=request.lab, lead=True).user
    coordinator = MembershipFactory(lab=LabFactory()).user
    coordinator.is_coordinator = True
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        request_decide(actor=lead, request=request, decision="accept", version=request.version)
    request.refresh_from_db()
    project = request.project
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        project_move(actor=lead, project=project, to_status="closed", reason="Livré.")
    survey = ImpactSurvey.objects.get()
    assert (survey.kind, survey.project, survey.recipient) == ("project", project, request.author)
    assert [m.to for m in mail.outbox if "Trois questions" in m.subject] == [[request.author.email]]
    # Reopened and closed again: not asked twice.
    with django_capture_on_commit_callbacks(execute=True):
        project_move(actor=coordinator, project=project, to_status="active", reason="Reprise.")
        project_move(actor=lead, project=project, to_status="closed", reason="Fini.")
    assert ImpactSurvey.objects.count() == 1


def test_a_project_without_request_asks_whoever_created_it(django_capture_on_commit_callbacks):
    lead = MembershipFactory(lead=True).user
    project = ProjectFactory(lead_lab=lead.memberships.get().lab, created_by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        project_move(actor=lead, project=project, to_status="closed", reason="Fini.")
    assert ImpactSurvey.objects.get().email == lead.email


def test_an_answer_counts_once_and_the_figures_roll_up_exactly(django_capture_on_commit_callbacks):
    lab, other = LabFactory(), LabFactory()
    answers = [
        (lab, "no", 5),
        (lab, "no", 4),
        (lab, "partly", 3),
        (other, "yes", 2),
    ]
    for survey_lab, without, satisfaction in answers:
        request = RequestFactory(submitted=True, lab=survey_lab)
        lead = MembershipFactory(lab=survey_lab, lead=True).user
        survey = _decline(request, lead, django_capture_on_commit_callbacks).impact_survey
        survey_answer(
            token=survey.token,
            would_have_advanced=without,
            what_changed="Un atelier a débloqué la situation.",
            satisfaction=satisfaction,
        )
    unanswered = RequestFactory(submitted=True, lab=lab)
    _decline(
        unanswered, MembershipFactory(lab=lab, lead=True).user, django_capture_on_commit_callbacks
    )

    figures = survey_figures(lab=lab)
    assert (figures.sent, figures.answered, figures.would_not_have_advanced) == (4, 3, 2)
    assert figures.share_would_not == Decimal("66.7")
    assert figures.mean_satisfaction == Decimal("4.0")
    network = survey_figures()
    assert (network.sent, network.answered, network.would_not_have_advanced) == (5, 4, 2)
    assert network.share_would_not == Decimal("50.0")
    assert network.mean_satisfaction == Decimal("3.5")

    survey = ImpactSurvey.objects.filter(answered_at__isnull=False).first()
    with pytest.raises(ValidationError) as caught:
        survey_answer(token=survey.token, would_have_advanced="yes", satisfaction=1)
    assert caught.value.messages == [
        "Vous avez déjà répondu à cette enquête : merci, votre réponse est comptée."
    ]
    assert survey_figures(lab=lab) == figures
    assert AuditEntry.objects.filter(action="impact.survey_answer").count() == 4


def test_a_bad_answer_is_refused_field_by_field(django_capture_on_commit_callbacks):
    request = RequestFactory(submitted=True)
    survey = _decline(
        request,
        MembershipFactory(lab=request.lab, lead=True).user,
        django_capture_on_commit_callbacks,
    ).impact_survey
    with pytest.raises(ValidationError) as caught:
        survey_answer(token=survey.token, would_have_advanced="peut-être", satisfaction="9")
    assert set(caught.value.message_dict) == {"would_have_advanced", "satisfaction"}
    survey.refresh_from_db()
    assert survey.answered_at is None
    with pytest.raises(ImpactSurvey.DoesNotExist):
        survey_answer(token="pas-un-jeton", would_have_advanced="no", satisfaction=3)


def test_a_persons_surveys_are_in_their_data_and_erasure_keeps_the_figures_only(
    django_capture_on_commit_callbacks,
):
    from labnet.impact.personal_data import surveys_erase, surveys_export

    request = RequestFactory(submitted=True)
    lead = MembershipFactory(lab=request.lab, lead=True).user
    survey = _decline(request, lead, django_capture_on_commit_callbacks).impact_survey
    survey_answer(token=survey.token, would_have_advanced="no", what_changed="Tout", satisfaction=5)
    (exported,) = surveys_export(request.author)
    assert (exported["would_have_advanced"], exported["what_changed"]) == ("no", "Tout")
    surveys_erase(request.author)
    survey.refresh_from_db()
    assert (survey.recipient, survey.email, survey.what_changed) == (None, "", "")
    assert survey_figures(lab=request.lab).would_not_have_advanced == 1
    assert surveys_export(request.author) == []

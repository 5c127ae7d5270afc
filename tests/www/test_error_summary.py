"""Every form shows one error summary after a failed submit (DSFR): it takes the focus,
says nothing was saved, and links each error to its field; the page is the task's own."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from labnet.intake.enums import RequestStatus
from tests.factories import RequestFactory
from tests.projects.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    start = html.index("data-error-summary")
    return html[html.rindex("<div", 0, start) : html.index("</div>", start)]


def test_a_failed_journal_entry_comes_back_with_a_focused_summary(client, project, lab_member):
    client.force_login(lab_member)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    url = reverse("accompaniment:activity_add", kwargs={"key": project.key})
    response = client.post(
        url,
        {"activity-kind": "workshop", "activity-title": "", "activity-happened_on": tomorrow},
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert 'role="alert"' in summary
    assert "Le formulaire contient des erreurs" in summary
    assert 'href="#id_activity-title"' in summary
    assert html.count("data-error-summary") == 1
    assert 'id="id_activity-title"' in html  # the link has a target
    assert "labnet/error-summary.js" in html
    # the page is the journal's, with the form open: the error is in sight
    assert 'aria-current="page">Journal des activités</a>' in html


def test_a_failed_stage_decision_has_a_summary(client, project, lab_member):
    client.force_login(lab_member)
    response = client.post(
        reverse("accompaniment:move", kwargs={"key": project.key}),
        {"move-move": "stage:immersion", "move-reason": ""},
    )
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert 'href="#id_move-reason"' in summary


def test_a_lab_decision_declined_without_reason_has_a_summary(client, lab, lab_member, agent):
    request = RequestFactory(author=agent, submitted=True, lab=lab)
    client.force_login(lab_member)
    response = client.post(
        reverse("intake:request_decision", kwargs={"public_id": request.public_id}),
        {"decision": "decline", "decline-version": request.version, "decline-reason": ""},
    )
    html = response.content.decode()
    assert "data-error-summary" in html
    summary = _summary(html)
    assert "autofocus" in summary
    assert 'href="#id_decline-reason"' in summary
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_no_summary_without_errors(client, project, lab_member):
    client.force_login(lab_member)
    html = client.get(
        reverse("accompaniment:activity_add", kwargs={"key": project.key}) + "?formulaire=1"
    ).content.decode()
    assert "data-error-summary" not in html

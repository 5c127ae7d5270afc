import pytest
from django.core import mail

from labnet.core.mail import email_enqueue

pytestmark = pytest.mark.django_db


def test_a_subject_with_newlines_is_sent_on_one_line(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue(
            subject="LabNet : « Titre\r\nBcc: tous@exemple.fr »\t  fin ",
            body="Bonjour,\nligne deux",
            to=["agent@example.gouv.fr"],
        )
    assert [(m.subject, m.body, m.to) for m in mail.outbox] == [
        (
            "LabNet : « Titre Bcc: tous@exemple.fr » fin",
            "Bonjour,\nligne deux",
            ["agent@example.gouv.fr"],
        )
    ]
    assert mail.outbox[0].bcc == []


def test_nothing_is_sent_before_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_enqueue(subject="Objet", body="Texte", to=["agent@example.gouv.fr"])
    assert (len(callbacks), mail.outbox) == (1, [])

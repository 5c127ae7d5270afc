"""Topic versions (labnet/core/topics.py): bumped once per committed write, from
audit_record and from the model signals' net, never for a rolled-back write."""

import pytest
from django.db import transaction

from labnet.core.services import audit_record
from labnet.core.topics import known_topics, topic_versions, topics_changed
from labnet.labs.audit import LabsAction
from tests.events.factories import EventFactory
from tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["database", "file"])
def _page_cache_on(request, settings, tmp_path):
    settings.LABNET_PAGE_CACHE = True
    settings.LABNET_TOPIC_STORE = request.param
    settings.LABNET_TOPIC_DIR = tmp_path / "topics"


def test_a_topic_never_bumped_reads_zero():
    assert topic_versions(["labs", "events"]) == {"labs": 0, "events": 0}


def test_audit_record_bumps_the_action_s_app_and_the_target_s_app_on_commit(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    before = topic_versions(["labs", "events", "projects"])
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(actor=None, action=LabsAction.LAB_UPDATE_PROFILE, target=event)
    after = topic_versions(["labs", "events", "projects"])
    assert after == {
        "labs": before["labs"] + 1,
        "events": before["events"] + 1,
        "projects": before["projects"],
    }


def test_many_writes_in_one_transaction_bump_once(django_capture_on_commit_callbacks):
    before = topic_versions(["labs"])["labs"]
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            LabFactory(key=f"lab-en-lot-{n}")
    assert topic_versions(["labs"])["labs"] == before + 1


def test_a_save_outside_services_bumps_its_app_but_a_sign_in_stamp_does_not(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    lab = LabFactory()
    before = topic_versions(["labs", "accounts"])
    with django_capture_on_commit_callbacks(execute=True):
        user.save(update_fields=["last_login"])
    assert topic_versions(["labs", "accounts"]) == before
    with django_capture_on_commit_callbacks(execute=True):
        lab.name = "Autre nom"
        lab.save()
    assert topic_versions(["labs"])["labs"] == before["labs"] + 1


def test_the_audit_trail_itself_bumps_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        topics_changed("core", "imports", "webhooks")
    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_bumps_nothing_and_a_savepoint_rollback_keeps_the_rest():
    before = topic_versions(["labs", "events"])
    with pytest.raises(RuntimeError), transaction.atomic():
        LabFactory(key="jamais")
        raise RuntimeError
    assert topic_versions(["labs", "events"]) == before
    with transaction.atomic():
        LabFactory(key="garde")
        with pytest.raises(RuntimeError), transaction.atomic():
            EventFactory()
            raise RuntimeError
    assert topic_versions(["labs", "events"]) == {
        "labs": before["labs"] + 1,
        "events": before["events"],
    }


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_bump_is_immediate():
    before = topic_versions(["resources"])["resources"]
    topics_changed("resources")
    assert topic_versions(["resources"])["resources"] == before + 1


def test_known_topics_are_labnet_app_labels():
    topics = known_topics()
    assert {"labs", "projects", "events", "trainings", "resources", "funding"} <= set(topics)
    assert "auth" not in topics and "sessions" not in topics


def test_with_the_page_cache_off_no_version_is_kept(settings, django_capture_on_commit_callbacks):
    settings.LABNET_PAGE_CACHE = False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        LabFactory()
    assert callbacks == []

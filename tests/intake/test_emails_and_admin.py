import datetime

import pytest
from django.core import mail
from django.utils import timezone

from labnet.intake.services.boost import boost_slot_book
from labnet.intake.services.decisions import request_decide
from tests.factories import (
    BoostSlotFactory,
    LabFactory,
    MembershipFactory,
    RegionFactory,
    UserFactory,
)

from .helpers import sent_to

pytestmark = pytest.mark.django_db


def test_boost_emails_give_the_overseas_labs_local_time(agent, django_capture_on_commit_callbacks):
    guadeloupe = RegionFactory(overseas=True)
    lab = LabFactory(name="KaruLab", region=guadeloupe)
    member = MembershipFactory(lab=lab).user
    # 14:00 in Guadeloupe is 18:00 UTC (no daylight saving time there).
    day = timezone.now().date() + datetime.timedelta(days=30)
    start = datetime.datetime(day.year, day.month, day.day, 18, tzinfo=datetime.UTC)
    slot = BoostSlotFactory(lab=lab, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    request = sent_to(lab, author=agent)
    request_decide(actor=member, request=request, decision="boost", version=1)

    with django_capture_on_commit_callbacks(execute=True):
        boost_slot_book(actor=agent, request=request, slot=slot)

    confirmation = next(m for m in mail.outbox if m.to == [agent.email])
    assert "14:00, jusqu'à 15:00" in confirmation.body
    assert request.events.last().message.endswith("14:00 — Préfecture de région, salle 2")


def test_the_admin_shows_requests_and_slots_read_only(client, agent, lab):
    admin = UserFactory(admin=True)
    request = sent_to(lab, author=agent, title="Accueil")
    slot = BoostSlotFactory(lab=lab)
    client.force_login(admin)
    assert "Accueil" in client.get("/admin/intake/request/").content.decode()
    page = client.get(f"/admin/intake/request/{request.pk}/change/")
    assert page.status_code == 200
    assert client.get("/admin/intake/request/add/").status_code == 403
    assert client.get(f"/admin/intake/boostslot/{slot.pk}/change/").status_code == 200

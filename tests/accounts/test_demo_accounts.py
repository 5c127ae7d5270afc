import pytest
from django.core.management import CommandError, call_command

from labnet.accounts.models import Membership, User
from labnet.labs.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.factories import LabFactory

pytestmark = pytest.mark.django_db


def test_demo_accounts_one_per_role_idempotent():
    LabFactory(key="innovmandie")
    call_command("demo_accounts")
    call_command("demo_accounts")
    users = {u.email: u for u in User.objects.all()}
    assert sorted(users) == sorted(a.email for a in DEMO_ACCOUNTS)
    assert all(u.check_password(DEMO_PASSWORD) and u.is_demo for u in users.values())
    assert users["coordination@demo.labnet.local"].is_coordinator
    assert users["admin@demo.labnet.local"].is_superuser
    roles = dict(Membership.objects.values_list("user__email", "role"))
    assert roles == {"membre@demo.labnet.local": "member", "responsable@demo.labnet.local": "lead"}


def test_demo_accounts_are_refused_when_settings_forbid_them(settings):
    settings.LABNET_DEMO_ACCOUNTS = False
    with pytest.raises(CommandError, match="refusés"):
        call_command("demo_accounts")
    assert not User.objects.exists()

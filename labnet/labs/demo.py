"""Local demo accounts, one per role of docs/product.md. Never created under production settings."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from labnet.accounts.enums import LabRole
from labnet.accounts.models import Membership, User
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.labs.audit import LabsAction

from .models import Lab

DEMO_PASSWORD = "demo-labnet-2026"  # noqa: S105 - local demo only, refused in production


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    lab_key: str = ""
    lab_role: str = ""
    is_coordinator: bool = False
    is_staff: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("agent@demo.labnet.local", "Camille Agent", "agent"),
    DemoAccount(
        "membre@demo.labnet.local",
        "Dominique Membre",
        "lab member",
        "innovmandie",
        LabRole.MEMBER,
    ),
    DemoAccount(
        "responsable@demo.labnet.local",
        "Claude Responsable",
        "lab lead",
        "innovmandie",
        LabRole.LEAD,
    ),
    DemoAccount(
        "coordination@demo.labnet.local",
        "Alex Coordination",
        "network coordinator",
        is_coordinator=True,
    ),
    DemoAccount("admin@demo.labnet.local", "Sacha Administration", "administrator", is_staff=True),
]


def demo_accounts_ensure() -> list[User]:
    """Create or refresh the demo accounts; idempotent."""
    if not settings.LABNET_DEMO_ACCOUNTS:
        raise ImproperlyConfigured("Demo accounts are disabled by these settings.")
    users = []
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=account.email,
                defaults={"full_name": account.full_name, "is_demo": True},
            )
            user.full_name = account.full_name
            user.is_demo = True
            user.is_coordinator = account.is_coordinator
            user.is_staff = user.is_superuser = account.is_staff
            user.set_password(DEMO_PASSWORD)
            user.save()
            if account.lab_key:
                lab = Lab.objects.filter(key=account.lab_key).first()
                if lab is not None:
                    Membership.objects.update_or_create(
                        user=user, lab=lab, defaults={"role": account.lab_role}
                    )
            if created:
                audit_record(
                    actor=None,
                    action=LabsAction.DEMO_ACCOUNTS_ENSURE,
                    target=user,
                    channel=AuditEntry.Channel.COMMAND,
                )
            users.append(user)
    return users

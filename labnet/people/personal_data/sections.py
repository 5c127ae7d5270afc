"""This app's personal-data sections (profile, messages, skills added), and the
registration of every section the people app declares."""

from django.db.models import Q

from labnet.core.personal_data import PersonalDataSection, sections
from labnet.core.services import audit_forget

from . import earlier_apps
from .base import iso


def _profile_export(user):
    from ..models import Profile

    profile = (
        Profile.objects.filter(user=user)
        .select_related("organisation", "region", "department")
        .first()
    )
    if profile is None:
        return None
    return {
        "organisation": profile.organisation.name if profile.organisation else None,
        "region": profile.region.name if profile.region else None,
        "department": profile.department.name if profile.department else None,
        "bio": profile.bio,
        "availability": profile.availability,
        "availability_note": profile.availability_note,
        "skills": sorted(profile.skills.values_list("name", flat=True)),
        "is_findable": profile.is_findable,
        "show_organisation": profile.show_organisation,
        "show_territory": profile.show_territory,
        "show_labs": profile.show_labs,
        "show_bio": profile.show_bio,
        "contact_allowed": profile.contact_allowed,
        "updated_at": iso(profile.updated_at),
    }


def _profile_erase(user):
    from ..models import Profile

    profiles = Profile.objects.filter(user=user)
    pks = list(profiles.values_list("pk", flat=True))
    profiles.delete()
    audit_forget(Profile, pks)


def _messages_export(user):
    from ..models import ContactMessage

    messages = ContactMessage.objects.filter(Q(sender=user) | Q(recipient=user)).select_related(
        "sender", "recipient"
    )
    return [
        {
            "at": iso(m.created_at),
            "sent": m.sender_id == user.pk,
            # The other person is named, never their address.
            "with": (m.recipient if m.sender_id == user.pk else m.sender).full_name,
            "subject": m.subject,
            "body": m.body,
            "gave_my_email": m.reveal_sender_email if m.sender_id == user.pk else None,
        }
        for m in messages
    ]


def _messages_erase(user):
    from ..models import ContactMessage

    messages = ContactMessage.objects.filter(Q(sender=user) | Q(recipient=user))
    pks = list(messages.values_list("pk", flat=True))
    messages.delete()
    audit_forget(ContactMessage, pks)


def _skills_export(user):
    from ..models import Skill

    return sorted(Skill.objects.filter(created_by=user).values_list("name", flat=True))


def register_sections() -> None:
    """Called once from PeopleConfig.ready()."""
    for section in (
        PersonalDataSection(key="account", export=earlier_apps.account_export),
        PersonalDataSection(
            key="memberships",
            export=earlier_apps.memberships_export,
            erase=earlier_apps.memberships_erase,
        ),
        PersonalDataSection(
            key="lab_contributions",
            export=earlier_apps.contributions_export,
            erase=earlier_apps.contributions_erase,
        ),
        PersonalDataSection(key="projects", export=earlier_apps.projects_export),
        PersonalDataSection(
            key="requests", export=earlier_apps.requests_export, erase=earlier_apps.requests_erase
        ),
        PersonalDataSection(
            key="audit", export=earlier_apps.audit_export, erase=earlier_apps.audit_erase
        ),
        PersonalDataSection(key="profile", export=_profile_export, erase=_profile_erase),
        PersonalDataSection(key="messages", export=_messages_export, erase=_messages_erase),
        PersonalDataSection(key="skills_added", export=_skills_export),
    ):
        sections.register(section)

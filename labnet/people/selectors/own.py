"""What a person reads of their own: their profile and their conversations."""

from django.db.models import Q, QuerySet

from ..models import ContactMessage, Profile


def profile_for(user) -> Profile:
    """The person's own profile (a blank, unsaved one when they have none yet)."""
    profile = (
        Profile.objects.filter(user=user)
        .select_related("organisation", "region", "department")
        .prefetch_related("skills")
        .first()
    )
    return profile or Profile(user=user)


def conversation_get(*, token, user) -> ContactMessage | None:
    """The first message of a conversation, if `user` is one of its two people."""
    thread = (
        ContactMessage.objects.filter(token=token, thread__isnull=True)
        .select_related("sender", "recipient")
        .first()
    )
    if thread is None or user.pk not in (thread.sender_id, thread.recipient_id):
        return None
    return thread


def conversation_messages(thread) -> list[ContactMessage]:
    return [thread, *thread.replies.select_related("sender").order_by("created_at", "id")]


def conversations_for(user) -> QuerySet:
    return (
        ContactMessage.objects.filter(thread__isnull=True)
        .filter(Q(sender=user) | Q(recipient=user))
        .select_related("sender", "recipient")
        .order_by("-created_at")
    )

"""Who is listed in the directory, kept on the profile row itself (docs/adr/0056).

A person appears to others when they chose to (`Profile.is_findable`) and their account is
active and not erased: three columns of two tables. The expert finder and the suggestions
rank tens of thousands of people; joining every profile to its account to test two
columns and read the name cost most of their time. So the profile carries the answer,
`listed`, and the key people are ordered by, `name_key` (the name lower-cased by Python,
as `rank_people` compares it), each kept exact by the writes that change them:

- `Profile.save()` (a profile's own box, and a new profile) calls `models.listing_values`;
- a saved account (activation, erasure, a new name: services, admin, sign-in) refreshes
  its profile through the `post_save` receiver below (one UPDATE, none when the saved
  fields cannot change the listing, such as `last_login`);
- `listing_rebuild()` (`manage.py people_listing_rebuild`) recomputes every row, after a
  bulk load that bypasses both (the benchmark generator calls it).

The consent rule itself stays in `selectors.findable.findable_profiles`, which still tests
the account's columns when it builds what others see: a stale `listed` can only leave a
person out of a ranking, never show someone who did not choose to be found.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save

from .models import Profile, listing_values

LISTING_USER_FIELDS = frozenset({"full_name", "is_active", "erased_at"})


def listing_refresh(user) -> int:
    """Recompute the profile of `user` (one UPDATE; 0 rows when they have no profile)."""
    values = listing_values(is_findable=True, user=user)
    if values["listed"]:
        # The account may be listed: each profile's own box decides.
        values["listed"] = F("is_findable")
    return Profile.objects.filter(user_id=user.pk).update(**values)


def listing_rebuild(batch_size: int = 5000) -> int:
    """Recompute every profile's listing from its account; returns the rows changed."""
    changed = 0
    rows = Profile.objects.order_by("pk").values_list(
        "pk",
        "is_findable",
        "listed",
        "name_key",
        "user__full_name",
        "user__is_active",
        "user__erased_at",
    )
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:batch_size])
        if not batch:
            return changed
        last = batch[-1][0]
        stale = []
        for pk, findable, listed, name_key, full_name, active, erased_at in batch:
            want_listed = bool(findable and active and erased_at is None)
            want_key = (full_name or "").lower()
            if (listed, name_key) != (want_listed, want_key):
                stale.append(Profile(pk=pk, listed=want_listed, name_key=want_key))
        if stale:
            with transaction.atomic():
                # Few rows in a batch are stale after a load: one UPDATE each.
                for profile in stale:
                    Profile.objects.filter(pk=profile.pk).update(
                        listed=profile.listed, name_key=profile.name_key
                    )
            changed += len(stale)


def _user_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw or created:
        # A new account has no profile yet; fixtures are loaded as they were dumped.
        return
    if update_fields is not None and not LISTING_USER_FIELDS.intersection(update_fields):
        return
    listing_refresh(instance)


def connect() -> None:
    """Called once from PeopleConfig.ready()."""
    post_save.connect(
        _user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="people_listing_user_saved"
    )

"""`Profile.listed` and `Profile.name_key` follow the box and the account
(labnet/people/listing.py, docs/adr/0056)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labnet.people.listing import listing_rebuild
from labnet.people.models import Profile
from tests.people.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def _row(profile):
    return tuple(Profile.objects.filter(pk=profile.pk).values_list("listed", "name_key").get())


def test_a_profile_is_listed_when_findable_with_a_live_account():
    shown = ProfileFactory(user__full_name="Élodie MARTIN")
    hidden = ProfileFactory(hidden=True, user__full_name="Bob")
    # Python's lower(), as rank_people compares names (SQLite's lower() stops at ASCII).
    assert _row(shown) == (True, "élodie martin")
    assert _row(hidden) == (False, "bob")
    hidden.is_findable = True
    hidden.save(update_fields=["is_findable"])
    assert _row(hidden) == (True, "bob")


def test_the_account_refreshes_its_profile():
    profile = ProfileFactory(user__full_name="Ana")
    user = profile.user
    user.full_name = "Anaïs"
    user.save(update_fields=["full_name"])
    assert _row(profile) == (True, "anaïs")
    user.is_active = False
    user.save()
    assert _row(profile) == (False, "anaïs")
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert _row(profile) == (True, "anaïs")
    user.erased_at = timezone.now()
    user.save(update_fields=["erased_at"])
    assert _row(profile) == (False, "anaïs")


def test_a_sign_in_costs_no_listing_query():
    user = ProfileFactory().user
    user.last_login = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        user.save(update_fields=["last_login"])
    assert len(queries) == 1


def test_the_rebuild_fixes_rows_a_bulk_load_left_stale():
    listed = ProfileFactory(user__full_name="Zoé")
    hidden = ProfileFactory(hidden=True, user__full_name="Yann")
    Profile.objects.filter(pk=listed.pk).update(listed=False, name_key="")
    Profile.objects.filter(pk=hidden.pk).update(listed=True)
    assert listing_rebuild(batch_size=1) == 2
    assert (_row(listed), _row(hidden)) == ((True, "zoé"), (False, "yann"))
    assert listing_rebuild() == 0
    Profile.objects.filter(pk=listed.pk).update(listed=False)
    call_command("people_listing_rebuild", verbosity=0)
    assert _row(listed) == (True, "zoé")


def test_availability_sorts_as_its_weight_falls():
    from labnet.people.enums import Availability
    from labnet.people.fit import AVAILABILITY_BY_FIT, AVAILABILITY_WEIGHT

    # The finder orders by the column where the fit is the availability's weight plus a
    # constant (ranking._uniform_fit): both orders must agree, for every value.
    assert set(AVAILABILITY_WEIGHT) == set(Availability.values)
    assert sorted(AVAILABILITY_WEIGHT) == AVAILABILITY_BY_FIT

import pytest

from tests.factories import UserFactory

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/events/campaign/",
        "/admin/events/event/",
        "/admin/events/registration/",
        "/admin/events/event/{event}/change/",
        "/admin/events/registration/{registration}/change/",
    ],
)
def test_the_admin_pages_open(client, url):
    registration = RegistrationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(url.format(event=registration.event.pk, registration=registration.pk))

    assert response.status_code == 200

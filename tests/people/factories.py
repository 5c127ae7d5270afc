import factory
from factory.django import DjangoModelFactory

from labnet.people.enums import Availability
from labnet.people.models import ContactMessage, Profile, Skill
from tests.factories import UserFactory


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["key"]
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"Compétence {n}")


class ProfileFactory(DjangoModelFactory):
    """A findable person showing everything; `hidden=True` for one who did not opt in."""

    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    availability = Availability.AVAILABLE
    bio = "Designer de service, ancienne cheffe de bureau."
    is_findable = True
    show_organisation = True
    show_territory = True
    show_labs = True
    show_bio = True
    contact_allowed = True

    class Params:
        hidden = factory.Trait(
            is_findable=False,
            show_organisation=False,
            show_territory=False,
            show_labs=False,
            show_bio=False,
            contact_allowed=False,
        )

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class ContactMessageFactory(DjangoModelFactory):
    class Meta:
        model = ContactMessage

    sender = factory.SubFactory(UserFactory)
    recipient = factory.SubFactory(UserFactory)
    subject = "Votre expérience en design"
    body = "Bonjour, pourriez-vous nous aider ?"

"""Factories for the whole suite, with traits for the common variants (les-emplois style)."""

import factory
from factory.django import DjangoModelFactory

from labnet.accounts.enums import LabRole
from labnet.accounts.models import Membership, User
from labnet.core.models import Source
from labnet.labs.enums import LabKind, LabStatus
from labnet.labs.models import Lab, Network, Theme
from labnet.organisations.enums import CivilServiceSide, OrganisationKind
from labnet.organisations.models import Organisation
from labnet.projects.enums import Stage
from labnet.projects.models import Project
from labnet.territories.models import Department, Region


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Document {n}")


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "28"
    name = "Normandie"

    class Params:
        overseas = factory.Trait(
            code="01", name="Guadeloupe", is_overseas=True, timezone="America/Guadeloupe"
        )


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = "27"
    name = "Eure"
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    key = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Préfecture {n}")
    kind = OrganisationKind.PREFECTURE
    civil_service_side = CivilServiceSide.STATE


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"theme-{n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["key"]

    key = "territorial_network"
    name = "Réseau des laboratoires d'innovation territoriale"


class LabFactory(DjangoModelFactory):
    class Meta:
        model = Lab
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"lab-{n}")
    name = factory.Sequence(lambda n: f"Lab {n}")
    kind = LabKind.TERRITORIAL
    status = LabStatus.ACTIVE
    region = factory.SubFactory(RegionFactory)
    host = factory.SubFactory(OrganisationFactory)
    founded_year = 2021
    summary = "Un laboratoire qui accompagne les projets des services de l'État."

    class Params:
        in_preparation = factory.Trait(status=LabStatus.IN_PREPARATION, founded_year=None)
        ministry = factory.Trait(kind=LabKind.MINISTRY, region=None)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    key = factory.Sequence(lambda n: f"projet-{n}")
    title = factory.Sequence(lambda n: f"Projet {n}")
    lead_lab = factory.SubFactory(LabFactory)
    stage = Stage.FRAMING
    is_public = True
    objective = "Réduire les délais de traitement des dossiers."

    class Params:
        private = factory.Trait(is_public=False)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.gouv.fr")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-solide-42")

    class Params:
        coordinator = factory.Trait(is_coordinator=True)
        admin = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    lab = factory.SubFactory(LabFactory)
    role = LabRole.MEMBER

    class Params:
        lead = factory.Trait(role=LabRole.LEAD)


# --- single window and accompaniment -------------------------------------------------------

import datetime  # noqa: E402

from django.utils import timezone  # noqa: E402

from labnet.intake.enums import RequestStatus  # noqa: E402
from labnet.intake.models import BoostSlot, Request  # noqa: E402
from labnet.projects.enums import ActivityKind  # noqa: E402
from labnet.projects.models import Activity, NextStep  # noqa: E402


class RequestFactory(DjangoModelFactory):
    class Meta:
        model = Request

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Idée {n}")
    problem = "Les délais de traitement des dossiers sont trop longs."
    affected_people = "Les usagers et les agents d'accueil."
    tried = "Une file d'attente téléphonique."
    stakeholders = "La préfecture et les associations."
    region = factory.SubFactory(RegionFactory)
    current_step = 5

    class Params:
        submitted = factory.Trait(
            status=RequestStatus.SUBMITTED,
            lab=factory.SubFactory(LabFactory),
            submitted_at=factory.LazyFunction(timezone.now),
            answer_due_at=factory.LazyAttribute(
                lambda o: o.submitted_at + datetime.timedelta(hours=24)
            ),
        )


class BoostSlotFactory(DjangoModelFactory):
    class Meta:
        model = BoostSlot

    lab = factory.SubFactory(LabFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    location = "Préfecture de région, salle 2"


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    project = factory.SubFactory(ProjectFactory)
    kind = ActivityKind.WORKSHOP
    happened_on = factory.LazyFunction(lambda: timezone.localdate())
    title = "Atelier de cadrage"
    agents_count = 6
    users_count = 3


class NextStepFactory(DjangoModelFactory):
    class Meta:
        model = NextStep

    project = factory.SubFactory(ProjectFactory)
    title = "Préparer l'atelier d'idéation"
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))

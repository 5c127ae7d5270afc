"""A small known directory (two regions, three labs, five projects) and API clients."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from labnet.accounts.api_tokens import api_token_create
from labnet.accounts.models import ApiToken
from labnet.labs.enums import LabKind, LabStatus
from labnet.organisations.enums import CivilServiceSide, OrganisationKind
from labnet.projects.enums import ProjectStatus, Stage
from tests.factories import (
    DepartmentFactory,
    LabFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    SourceFactory,
    ThemeFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _empty_throttle_history():
    # The token endpoint's throttle counts requests in the default (process-wide) cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def client_with_token(user) -> APIClient:
    client = APIClient()
    new = api_token_create(actor=user, name="tests")
    # As a token in use: its last use is written at most every few minutes, so query
    # counts measured with it do not depend on which request came first.
    ApiToken.objects.filter(pk=new.token.pk).update(last_used_at=timezone.now())
    client.credentials(HTTP_AUTHORIZATION=f"Token {new.key}")
    return client


def keys(response, field="key"):
    assert response.status_code == 200, response.content
    return [item[field] for item in response.json()["results"]]


@pytest.fixture
def directory(db):
    d = SimpleNamespace()
    d.source = SourceFactory(key="annuaire-2024", title="Annuaire des labs 2024")
    d.normandie = RegionFactory()
    d.guadeloupe = RegionFactory(overseas=True)
    d.calvados = DepartmentFactory(code="14", name="Calvados", region=d.normandie)
    d.eure = DepartmentFactory(code="27", name="Eure", region=d.normandie)
    d.dep_guadeloupe = DepartmentFactory(code="971", name="Guadeloupe", region=d.guadeloupe)
    d.prefecture = OrganisationFactory(
        key="prefecture-normandie",
        name="Préfecture de la région Normandie",
        acronym="PREF",
        region=d.normandie,
        website="https://www.prefectures-regions.gouv.fr/normandie",
    )
    d.sgar = OrganisationFactory(
        key="sgar-normandie",
        name="Secrétariat général pour les affaires régionales de Normandie",
        acronym="SGAR",
        kind=OrganisationKind.DECONCENTRATED_SERVICE,
        region=d.normandie,
        parent=d.prefecture,
    )
    d.chu = OrganisationFactory(
        key="chu-guadeloupe",
        name="Centre hospitalier universitaire de la Guadeloupe",
        acronym="",
        kind=OrganisationKind.HOSPITAL,
        civil_service_side=CivilServiceSide.HOSPITAL,
        region=d.guadeloupe,
    )
    d.accueil = ThemeFactory(key="accueil", name_fr="Accueil des usagers", name_en="Reception")
    d.sante = ThemeFactory(key="sante", name_fr="Santé", name_en="Health")
    d.network = NetworkFactory()

    d.innovmandie = LabFactory(
        key="innovmandie",
        name="Innov'mandie",
        host=d.prefecture,
        region=d.normandie,
        founded_year=2019,
        is_itinerant=True,
        missions=["accompaniment", "training"],
        themes=[d.sante, d.accueil],
        summary="Le laboratoire d'innovation territoriale de la préfecture.",
        email="innovmandie@normandie.gouv.fr",
        website="https://innovmandie.fr",
        team_fte=Decimal("2.5"),
        source=d.source,
    )
    d.innovmandie.departments.set([d.eure, d.calvados])
    d.innovmandie.networks.set([d.network])
    d.karulab = LabFactory(
        key="karulab",
        name="KaruLab",
        kind=LabKind.HOSPITAL,
        status=LabStatus.IN_PREPARATION,
        host=d.chu,
        region=d.guadeloupe,
        founded_year=None,
        themes=[d.sante],
        summary="Un laboratoire hospitalier en Guadeloupe.",
    )
    d.karulab.departments.set([d.dep_guadeloupe])
    d.ministry_lab = LabFactory(
        key="lab-ministere", name="Lab du ministère", ministry=True, host=None, summary=""
    )

    d.guichet = ProjectFactory(
        key="guichet-unique",
        title="Guichet unique des aides",
        lead_lab=d.innovmandie,
        region=d.normandie,
        stage=Stage.PROTOTYPING,
        objective="Un seul guichet pour les aides aux entreprises.",
        approach="Immersion dans trois sous-préfectures.",
        results="Un prototype testé par vingt usagers.",
        started_year=2022,
        source=d.source,
    )
    d.guichet.partner_labs.set([d.ministry_lab, d.karulab])
    d.guichet.organisations.set([d.sgar, d.prefecture])
    d.guichet.departments.set([d.eure])
    d.guichet.themes.set([d.accueil])
    d.guichet_gp = ProjectFactory(
        key="guichet-guadeloupe",
        title="Guichet unique en Guadeloupe",
        lead_lab=d.karulab,
        region=d.guadeloupe,
        stage=Stage.DEPLOYMENT,
        status=ProjectStatus.PAUSED,
        scaled_from=d.guichet,
    )
    d.guichet_gp.themes.set([d.accueil])
    # Unpublished: visible only to their labs' teams and to the coordination.
    d.draft_innovmandie = ProjectFactory(
        key="brouillon-innovmandie",
        title="Accueil téléphonique (brouillon)",
        lead_lab=d.innovmandie,
        private=True,
        scaled_from=d.guichet,
    )
    d.draft_partner = ProjectFactory(
        key="brouillon-partenariat",
        title="Maison France services mobile (brouillon)",
        lead_lab=d.karulab,
        private=True,
    )
    d.draft_partner.partner_labs.set([d.innovmandie])
    d.draft_karulab = ProjectFactory(
        key="brouillon-karulab",
        title="Parcours patient (brouillon)",
        lead_lab=d.karulab,
        private=True,
    )
    d.draft_karulab.themes.set([d.sante])

    d.member = MembershipFactory(
        lab=d.innovmandie, user__email="martin@normandie.gouv.fr", user__full_name="Martin Membre"
    ).user
    d.coordinator = UserFactory(
        email="cora@modernisation.gouv.fr", full_name="Cora Coordination", coordinator=True
    )
    # Factories write rows directly; the text filter reads the search index, as after an
    # import, so index what was made.
    call_command("search_reindex", verbosity=0)
    return d

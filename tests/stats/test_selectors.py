"""The dashboards' figures, exact on a network built by hand (tests/stats/world.py):
what the public sees, what the coordination and a lab's team see more, and the filters."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from labnet.figures.computed import computed_value
from labnet.projects.enums import Stage
from labnet.stats.filters import StatsFilters
from labnet.stats.selectors import dashboard
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, RegionFactory

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _tables(board) -> dict:
    return {t.key: t for s in board.sections for t in s.tables}


def _figures(board) -> dict:
    return {(s.key, f.key): f.value for s in board.sections for f in s.figures}


def _national(user=None, **filters):
    return dashboard(user=user or AnonymousUser(), filters=StatsFilters(**filters))


def test_the_public_sees_published_projects_by_stage_region_theme_and_kind(world):
    tables = _tables(_national())
    assert tables["projects-stage"].rows == (("Cadrage", 1), ("Déploiement", 1), ("Non indiqué", 1))
    # The project that names no region counts in its lead lab's (Occitanie).
    assert tables["projects-region"].rows == (("Occitanie", 2), ("Normandie", 1))
    assert tables["projects-theme"].rows == (("Accueil", 2), ("Bâti", 1))
    assert tables["projects-lab-kind"].rows == (
        ("Laboratoire territorial (préfecture de région)", 1),
        ("Laboratoire de collectivité", 2),
    )


def test_the_coordination_also_counts_unpublished_projects(world):
    tables = _tables(_national(world.coordinator))
    assert tables["projects-stage"].rows == (
        ("Cadrage", 1),
        ("Test", 1),
        ("Déploiement", 1),
        ("Non indiqué", 1),
    )


def test_a_lab_team_sees_nothing_more_on_the_national_dashboard(world):
    for user in (world.member, world.lead):
        board = _national(user)
        assert board.internal is False
        assert _tables(board)["projects-stage"].rows == _tables(_national())["projects-stage"].rows
        assert "requests-outcome" not in _tables(board)
        assert _figures(board)[("funding", "allocations")] == 2


def test_requests_counts_answer_times_and_outcomes(world):
    public = _tables(_national())
    assert public["requests-year"].rows == (("2021", 1), ("2022", 2))
    measures = dict(public["requests-first-answer"].rows)
    assert measures == {
        "Demandes ayant reçu une première réponse": 2,
        "Délai médian (heures)": Decimal("20.0"),
        "90e centile (heures)": Decimal("28.0"),
        "Part des réponses dans le délai promis (%)": 50,
    }
    assert "requests-outcome" not in public
    internal = _tables(_national(world.coordinator))
    assert internal["requests-outcome"].rows == (
        ("En attente de réponse du laboratoire", 1),
        ("Acceptée en accompagnement", 1),
        ("Déclinée", 1),
    )


def test_events_per_campaign_and_the_share_organised_by_labs(world):
    board = _national()
    assert _tables(board)["events-campaign"].rows == (
        ("Mois 2022", 2, 1, 50, 2),
        ("Hors campagne", 1, 1, 100, 0),
    )
    assert _figures(board)[("events", "events")] == 3
    assert _figures(board)[("events", "lab_share")] == 67


def test_trainings_count_people_enrolled_attending_and_trained(world):
    assert _tables(_national())["trainings-programme"].rows == (("CLIP", 2, 2, 1),)


def test_funding_shows_decided_allocations_to_the_public_and_planned_ones_to_the_coordination(
    world,
):
    public = _tables(_national())
    assert public["funding-status"].rows == (
        ("Engagée", 1, Decimal("10000.00"), 0, Decimal("0")),
        ("Versée", 1, Decimal("0"), 1, Decimal("0")),
    )
    coordination = _tables(_national(world.coordinator))
    assert [row[0] for row in coordination["funding-status"].rows] == [
        "Prévue",
        "Engagée",
        "Versée",
    ]
    assert _figures(_national(world.coordinator))[("funding", "amount_eur")] == Decimal("15000.00")


def test_indicators_on_track(world):
    assert _tables(_national())["impact-indicators"].rows == (
        ("En bonne voie", 1),
        ("Progrès non calculable", 1),
    )
    assert _tables(_national(world.coordinator))["impact-indicators"].rows == (
        ("En bonne voie", 1),
        ("Progrès non calculable", 2),
    )


def test_reuses_by_the_lab_whose_project_was_taken_up(world):
    assert _tables(_national())["reuses-lab"].rows == (("Lab N", 1),)


def test_filters_by_region_and_year(world):
    occitanie = _tables(_national(region="76"))
    assert occitanie["projects-stage"].rows == (("Déploiement", 1), ("Non indiqué", 1))
    assert occitanie["requests-year"].rows == (("2021", 1),)
    assert occitanie["events-campaign"].rows == (
        ("Mois 2022", 1, 0, 0, 0),
        ("Hors campagne", 1, 1, 100, 0),
    )
    assert occitanie["trainings-programme"].rows == (("CLIP", 1, 1, 0),)
    assert [row[0] for row in occitanie["funding-status"].rows] == ["Versée"]
    in_2022 = _tables(_national(year=2022))
    assert in_2022["projects-stage"].rows == (("Cadrage", 1), ("Non indiqué", 1))
    assert in_2022["requests-year"].rows == (("2022", 2),)
    assert in_2022["events-campaign"].rows == (("Mois 2022", 2, 1, 50, 2),)
    assert [row[0] for row in in_2022["funding-status"].rows] == ["Engagée"]


def test_a_lab_dashboard_shows_the_team_its_internal_side_and_the_public_its_public_side(world):
    lab = world.lab_n
    public = dashboard(user=AnonymousUser(), filters=StatsFilters(), lab=lab)
    assert public.internal is False
    assert _tables(public)["projects-stage"].rows == (("Cadrage", 1),)
    assert "requests-outcome" not in _tables(public)
    assert _figures(public)[("funding", "amount_eur")] == Decimal("10000.00")

    member = dashboard(user=world.member, filters=StatsFilters(), lab=lab)
    assert member.internal is True
    assert _tables(member)["projects-stage"].rows == (("Cadrage", 1), ("Test", 1))
    assert _tables(member)["requests-outcome"].rows == (
        ("Acceptée en accompagnement", 1),
        ("Déclinée", 1),
    )
    # Planned allocations: the funding rules show them to the lab's lead, not to a member.
    assert _figures(member)[("funding", "amount_eur")] == Decimal("10000.00")
    lead = dashboard(user=world.lead, filters=StatsFilters(), lab=lab)
    assert _figures(lead)[("funding", "amount_eur")] == Decimal("15000.00")
    # The same team sees only the public side of another lab.
    other = dashboard(user=world.lead, filters=StatsFilters(), lab=world.lab_o)
    assert other.internal is False
    assert "requests-outcome" not in _tables(other)


def test_anonymous_never_sees_planned_allocations_nor_anything_personal(world):
    for board in (
        _national(),
        dashboard(user=AnonymousUser(), filters=StatsFilters(), lab=world.lab_n),
    ):
        tables = _tables(board)
        assert not any(t.internal for t in tables.values())
        statuses = [row[0] for row in tables["funding-status"].rows]
        assert "Prévue" not in statuses
        cells = {str(value) for t in tables.values() for row in t.rows for value in row}
        people = {world.member.full_name, world.member.email, world.lead.email}
        assert not cells & people


def test_one_number_computed_one_way_the_dashboard_agrees_with_the_registry(world):
    board = _national()
    figures = _figures(board)
    assert figures[("projects", "projects")] == computed_value("projects.accompanied.count")
    assert figures[("funding", "amount_eur")] == computed_value("funding.deployed_eur")
    assert figures[("trainings", "trained")] == computed_value("trainings.trained.count")
    mois = _tables(board)["events-campaign"].rows[0]
    assert mois[1] == computed_value("events.national_month.count")
    assert mois[3] == computed_value("events.national_month.lab_share")


def test_an_indicator_is_on_track_by_its_latest_measured_value_not_its_latest_row(world):
    import datetime as dt

    from labnet.impact.models import Indicator, Measurement

    indicator = Indicator.objects.get(key="i3")
    Measurement.objects.create(indicator=indicator, value=20, measured_on=dt.date(2023, 5, 1))
    # Recorded afterwards, but measured earlier: not the current value.
    Measurement.objects.create(indicator=indicator, value=11, measured_on=dt.date(2022, 5, 1))
    assert _tables(_national())["impact-indicators"].rows == (("En bonne voie", 2),)


def test_a_lab_dashboard_counts_its_led_and_partner_projects_and_take_ups_under_filters(db):
    normandie = RegionFactory(code="28", name="Normandie")
    occitanie = RegionFactory(code="76", name="Occitanie")
    lab = LabFactory(key="l", name="Lab L", region=normandie)
    m = LabFactory(key="m", name="Lab M", region=occitanie)
    k = LabFactory(key="k", name="Lab K", region=occitanie)
    # Led, no region of its own (its lead lab's: Normandie).
    a = ProjectFactory(lead_lab=lab, stage=Stage.FRAMING, started_year=2022, region=None)
    # A partner of another lab's project.
    ProjectFactory(
        lead_lab=m, stage=Stage.TESTING, started_year=2022, region=occitanie
    ).partner_labs.add(lab)
    # Unpublished: counted for the lab's team only.
    c = ProjectFactory(
        lead_lab=lab, stage=Stage.TESTING, started_year=2021, region=normandie, private=True
    )
    # Led and among its own partners (counted once), taking up a project of K.
    x = ProjectFactory(lead_lab=k, started_year=2020, region=occitanie)
    ProjectFactory(
        lead_lab=lab, stage=Stage.DEPLOYMENT, started_year=2021, region=occitanie, scaled_from=x
    ).partner_labs.add(lab)
    # Its projects taken up elsewhere: published (one of an unpublished project of the lab),
    # and one unpublished.
    ProjectFactory(lead_lab=k, started_year=2022, region=occitanie, scaled_from=a)
    ProjectFactory(lead_lab=m, started_year=2023, region=None, scaled_from=c)
    ProjectFactory(lead_lab=k, started_year=2022, region=occitanie, scaled_from=a, private=True)
    member = MembershipFactory(lab=lab).user

    def tables(user=None, **filters):
        board = dashboard(user=user or AnonymousUser(), filters=StatsFilters(**filters), lab=lab)
        found = _tables(board)
        return (
            found["projects-stage"].rows,
            found["projects-region"].rows,
            found["reuses-lab"].rows,
        )

    assert tables() == (
        (("Cadrage", 1), ("Test", 1), ("Déploiement", 1)),
        (("Occitanie", 2), ("Normandie", 1)),
        (("Lab L", 2), ("Lab K", 1)),
    )
    assert tables(member) == (
        (("Cadrage", 1), ("Test", 2), ("Déploiement", 1)),
        (("Normandie", 2), ("Occitanie", 2)),
        (("Lab L", 3), ("Lab K", 1)),
    )
    assert tables(year=2022) == (
        (("Cadrage", 1), ("Test", 1)),
        (("Normandie", 1), ("Occitanie", 1)),
        (("Lab L", 1),),
    )
    # The region of the project, or its lead lab's when it names none (M's for the last
    # take-up).
    assert tables(region="76") == (
        (("Test", 1), ("Déploiement", 1)),
        (("Occitanie", 2),),
        (("Lab L", 2), ("Lab K", 1)),
    )
    assert tables(member, year=2021, region="28") == (
        (("Test", 1),),
        (("Normandie", 1),),
        (),
    )


def test_a_labs_requests_are_counted_by_the_year_they_were_sent_in_paris(world):
    """Counted as one range per year in the site's time zone: a request sent on
    31 December at 23:30 UTC was sent on 1 January in Paris; a year with none is left out."""
    import datetime as dt

    from tests.factories import RequestFactory

    lab = LabFactory()
    for when in (
        dt.datetime(2019, 6, 1, 10, tzinfo=dt.UTC),
        dt.datetime(2023, 12, 31, 22, 30, tzinfo=dt.UTC),  # 23:30 in Paris: 2023
        dt.datetime(2023, 12, 31, 23, 30, tzinfo=dt.UTC),  # 00:30 in Paris: 2024
    ):
        RequestFactory(lab=lab, status="submitted", submitted_at=when)
    board = dashboard(user=AnonymousUser(), filters=StatsFilters(), lab=lab)
    assert _tables(board)["requests-year"].rows == (("2019", 1), ("2023", 1), ("2024", 1))
    empty = dashboard(user=AnonymousUser(), filters=StatsFilters(), lab=LabFactory())
    assert _tables(empty)["requests-year"].rows == ()

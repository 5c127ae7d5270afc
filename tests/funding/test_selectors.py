"""Totals that always add up, say how many amounts are unknown, and show each reader only
what they may see."""

from decimal import Decimal

import pytest

from labnet.funding.enums import AllocationStatus
from labnet.funding.selectors.allocations import lab_funding, visible_allocations
from labnet.funding.selectors.base import AllocationFilters, Total
from labnet.funding.selectors.envelopes import envelope_tree
from labnet.funding.selectors.totals import GROUPINGS, funding_totals, overall_total
from tests.factories import LabFactory, ProjectFactory, RegionFactory

from .factories import AllocationFactory, EnvelopeFactory, FundingSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(lab, other_lab):
    normandie = RegionFactory(code="28", name="Normandie")
    occitanie = RegionFactory(code="76", name="Occitanie")
    lab.region = normandie
    lab.save()
    other_lab.region = occitanie
    other_lab.save()
    relance = FundingSourceFactory(key="france-relance", name="France Relance")
    ftap = FundingSourceFactory(key="ftap", name="FTAP")
    prefects = EnvelopeFactory(key="prefets", funding_source=relance, amount_eur=Decimal("4e6"))
    laureates = EnvelopeFactory(key="ftap-2020", funding_source=ftap, amount_eur=None)
    rows = [
        AllocationFactory(envelope=prefects, lab=lab, amount_eur=Decimal("250000"), year=2021),
        AllocationFactory(
            envelope=prefects, lab=other_lab, amount_eur=None, amount_unknown=True, year=2021
        ),
        AllocationFactory(
            envelope=prefects,
            lab=None,
            project=ProjectFactory(lead_lab=lab, region=normandie),
            region=normandie,
            amount_eur=Decimal("50000.50"),
            status=AllocationStatus.PAID,
            year=2022,
        ),
        AllocationFactory(
            envelope=laureates,
            lab=None,
            beneficiary_name="CAP 2030",
            region=None,
            amount_eur=None,
            amount_unknown=True,
            fte=Decimal("2.5"),
            year=None,
        ),
        # Internal or hidden: the public never counts them.
        AllocationFactory(
            envelope=prefects, lab=lab, amount_eur=Decimal("1000"), status=AllocationStatus.PLANNED
        ),
        AllocationFactory(
            envelope=prefects,
            lab=other_lab,
            amount_eur=Decimal("7"),
            status=AllocationStatus.CANCELLED,
        ),
    ]
    return rows


@pytest.mark.parametrize("by", GROUPINGS)
def test_every_grouping_adds_up_to_the_same_public_total(network, by):
    totals = funding_totals(user=None, by=by)

    assert totals.overall == Total(
        count=4,
        amount_eur=Decimal("300000.50"),
        unknown_amounts=2,
        fte=Decimal("2.5"),
    )
    assert sum((row.total for row in totals.rows), Total()) == totals.overall
    assert len({row.key for row in totals.rows}) == len(totals.rows)


def test_groupings_name_their_rows_and_put_what_is_missing_last(network):
    by_year = funding_totals(user=None, by="year")
    assert [(r.key, r.label, r.total.count) for r in by_year.rows] == [
        ("2022", "2022", 1),
        ("2021", "2021", 2),
        ("", "non indiqué", 1),
    ]
    by_lab = funding_totals(user=None, by="lab")
    assert [(r.label, r.total.amount_eur, r.total.unknown_amounts) for r in by_lab.rows] == [
        ("Innov'mandie", Decimal("300000.50"), 0),  # itself + the project it leads
        ("Le Lab'O", Decimal("0"), 1),
        ("non indiqué", Decimal("0"), 1),
    ]
    by_source = funding_totals(user=None, by="source")
    assert [(r.label, r.total.count) for r in by_source.rows] == [
        ("France Relance", 3),
        ("FTAP", 1),
    ]
    by_region = funding_totals(user=None, by="region")
    assert [r.label for r in by_region.rows] == ["Normandie", "Occitanie", "non indiqué"]


def test_each_reader_counts_what_they_may_see(network, people):
    counts = {
        role: funding_totals(user=user, by="status").overall.count for role, user in people.items()
    }
    # Public: 4 decided. Lab lead: + their lab's planned one. Other lead: + their lab's
    # cancelled one. Coordinator: all 6.
    assert counts == {
        "anonymous": 4,
        "agent": 4,
        "lab_member": 4,
        "lab_lead": 5,
        "other_lead": 5,
        "coordinator": 6,
    }
    statuses = [r.key for r in funding_totals(user=None, by="status").rows]
    assert statuses == ["committed", "paid"]


def test_filters_narrow_the_totals_and_the_list(network, lab):
    filters = AllocationFilters(lab=lab.key, year=2022)
    assert overall_total(user=None, filters=filters).amount_eur == Decimal("50000.50")
    assert [a.year for a in visible_allocations(user=None, filters=filters)] == [2022]
    assert AllocationFilters.from_query({"annee": "2021", "statut": "bogus", "region": "28"}) == (
        AllocationFilters(year=2021, region="28")
    )


def test_the_envelope_tree_nests_children_and_totals_each_envelope(network, coordinator):
    prefects = network[0].envelope
    child = EnvelopeFactory(
        key="creation-2023",
        name="Création 2023",
        funding_source=prefects.funding_source,
        parent=prefects,
        amount_eur=Decimal("600000"),
    )
    tree = envelope_tree(user=None)
    by_key = {node.source.key: node for node in tree}
    relance = by_key["france-relance"]
    assert [(n.envelope.key, n.depth) for n in relance.envelopes] == [
        ("prefets", 0),
        (child.key, 1),
    ]
    prefects_node = relance.envelopes[0]
    assert prefects_node.children_amount == Decimal("600000")
    assert prefects_node.allocated == Total(
        count=3, amount_eur=Decimal("300000.50"), unknown_amounts=1, fte=Decimal("0")
    )
    assert relance.stated_eur == Decimal("4000000")
    coordinator_tree = envelope_tree(user=coordinator)
    statuses = {s.value for s, _ in coordinator_tree[1].envelopes[0].status_rows}
    assert statuses == {"committed", "paid", "planned", "cancelled"}


def test_a_labs_funding_is_its_own_and_its_projects(network, lab, lab_lead):
    public = lab_funding(user=None, lab=lab)
    assert len(public.allocations) == 2
    assert public.total.amount_eur == Decimal("300000.50")
    own = lab_funding(user=lab_lead, lab=lab)
    assert len(own.allocations) == 3
    assert lab_funding(user=None, lab=LabFactory()).allocations == []


def test_a_labs_page_lists_its_latest_allocations_and_totals_them_all(network, lab, lab_lead):
    everything = lab_funding(user=lab_lead, lab=lab)
    latest = lab_funding(user=lab_lead, lab=lab, shown=1)
    assert [a.key for a in latest.allocations] == [everything.allocations[0].key]
    assert latest.total == everything.total
    assert latest.total.count == 3
    assert (latest.not_listed, everything.not_listed) == (2, 0)


def test_a_long_grouping_keeps_its_largest_rows_and_adds_up_the_rest(network):
    by_lab = funding_totals(user=None, by="lab")
    top = by_lab.top(1)
    assert [r.label for r in top.rows] == ["Innov'mandie", "2 autres"]
    assert sum((r.total for r in top.rows), Total()) == by_lab.overall == top.overall
    assert by_lab.top(5) is by_lab


@pytest.mark.parametrize("reader", ["anonymous", "lab_lead", "coordinator"])
@pytest.mark.parametrize("filtered", ["", "year", "lab"])
def test_several_groupings_at_once_are_the_same_totals(network, people, lab, reader, filtered):
    from labnet.funding.selectors.totals import funding_totals_by

    filters = {"": {}, "year": {"year": 2022}, "lab": {"lab": lab.key}}[filtered]
    user = people.get(reader) if reader != "anonymous" else None
    bys = ("source", "envelope", "status", "year", "region")
    every = funding_totals_by(user=user, bys=bys, filters=AllocationFilters(**filters))
    for by in bys:
        assert every[by] == funding_totals(user=user, by=by, filters=AllocationFilters(**filters))


@pytest.mark.parametrize("reader", ["anonymous", "lab_lead", "coordinator"])
def test_the_top_rows_read_alone_are_those_of_the_whole_grouping(network, people, reader):
    """`top=` labels only the rows it may keep; rows, order, "others" and overall are those
    of the whole grouping's `.top()`, ties at the cut included."""

    user = None if reader == "anonymous" else people[reader]
    for lab in (LabFactory(name="Zèbre"), LabFactory(name="Abeille")):  # tied at 0 €
        AllocationFactory(lab=lab, amount_eur=None)
    whole = funding_totals(user=user, by="lab")
    for count in range(1, len(whole.rows) + 1):
        assert funding_totals(user=user, by="lab", top=count) == whole.top(count), count


def test_a_lab_filter_reads_the_same_rows_whether_or_not_the_reader_leads_the_lab(
    network, people, lab, other_lab
):
    """A lead filtering on their own lab skips the visibility rule (every allocation of
    it is theirs to read); on another lab the rule still hides what is not decided."""
    from labnet.funding.models import Allocation
    from labnet.funding.rules import visible_allocations_filter
    from labnet.funding.selectors.base import readable

    lead = people["lab_lead"]

    def keys(queryset):
        return sorted(queryset.values_list("key", flat=True))

    for filtered in (lab, other_lab):
        filters = AllocationFilters(lab=filtered.key)
        by_rule = filters.apply(Allocation.objects.filter(visible_allocations_filter(lead)))
        assert keys(readable(lead, filters)) == keys(by_rule)
    own = {a.status for a in readable(lead, AllocationFilters(lab=lab.key))}
    assert own == {"committed", "paid", "planned"}
    others = {a.status for a in readable(lead, AllocationFilters(lab=other_lab.key))}
    assert others == {"committed"}  # its cancelled one stays hidden

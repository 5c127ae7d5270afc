"""The funding services: the sums that must hold, the status moves, unknown amounts, the
SIRET check, who may write, and the audit trail."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from labnet.core.models import AuditEntry
from labnet.funding.enums import AllocationStatus
from labnet.funding.models import Allocation, Envelope, Payment
from labnet.funding.money import format_eur
from labnet.funding.services.allocations import (
    allocation_create,
    allocation_update,
    allocation_update_reporting_notes,
)
from labnet.funding.services.envelopes import envelope_create, envelope_update
from labnet.funding.services.payments import payment_record
from labnet.funding.services.sources import funding_source_create, funding_source_update
from labnet.funding.services.transitions import allocation_cancel, allocation_transition
from tests.factories import LabFactory, ProjectFactory

from .factories import AllocationFactory, EnvelopeFactory, PaymentFactory

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
ON = dt.date(2023, 3, 1)


def eur(text: str) -> str:
    """'12 000 000 €' as the site writes it (non-breaking spaces)."""
    return re.sub(r"(?<=\d) (?=\d)| (?=€)", NBSP, text)


def messages_of(exc_info, field):
    return exc_info.value.message_dict[field]


def child(actor, parent, key, amount, **extra):
    return envelope_create(
        actor=actor,
        data={
            "key": key,
            "name": key.replace("-", " ").capitalize(),
            "funding_source": parent.funding_source,
            "parent": parent,
            "amount_eur": None if amount is None else Decimal(amount),
            **extra,
        },
    )


def allocate(actor, envelope, amount, *, lab=None, **extra):
    data = {
        "envelope": envelope,
        "lab": lab or LabFactory(),
        "amount_eur": None if amount is None else Decimal(amount),
        **extra,
    }
    return allocation_create(actor=actor, data=data)


# --- money format -----------------------------------------------------------------------


def test_amounts_read_in_french_and_in_english():
    assert format_eur(Decimal("12000000")) == eur("12 000 000 €")
    assert format_eur(Decimal("1234.5")) == eur("1 234,50 €")
    assert format_eur(None) == ""
    with translation.override("en"):
        assert format_eur(Decimal("12000000")) == "€12,000,000"
        assert format_eur(Decimal("1234.5")) == "€1,234.50"


# --- envelopes ------------------------------------------------------------------------------


def test_the_twelve_millions_split_in_three_parts_and_no_more(coordinator, twelve):
    for key in ("territoriale", "centrale", "collectivites"):
        child(coordinator, twelve, key, "4000000")

    with pytest.raises(ValidationError) as refused:
        child(coordinator, twelve, "de-trop", "1")

    assert messages_of(refused, "amount_eur") == [
        eur(
            "L'enveloppe « Plan de relance – innovation publique » est de 12 000 000 € et "
            "12 000 000 € sont déjà attribués ou répartis : il reste 0 €, moins que les 1 € "
            "de cette enveloppe."
        )
    ]
    assert not Envelope.objects.filter(key="de-trop").exists()
    assert twelve.children.count() == 3


def test_an_envelope_cannot_shrink_below_what_it_holds_nor_a_child_grow_beyond(coordinator, twelve):
    territorial = child(coordinator, twelve, "territoriale", "8000000")
    child(coordinator, twelve, "centrale", "4000000")

    with pytest.raises(ValidationError) as shrink:
        envelope_update(
            actor=coordinator,
            envelope=twelve,
            data={
                "name": twelve.name,
                "funding_source": twelve.funding_source,
                "amount_eur": Decimal("10000000"),
            },
        )
    assert messages_of(shrink, "amount_eur") == [
        eur(
            "L'enveloppe « Plan de relance – innovation publique » a déjà 12 000 000 € "
            "attribués ou répartis : son montant ne peut pas descendre à 10 000 000 €."
        )
    ]
    with pytest.raises(ValidationError) as grow:
        envelope_update(
            actor=coordinator,
            envelope=territorial,
            data={
                "name": "Territoriale",
                "funding_source": twelve.funding_source,
                "parent": twelve,
                "amount_eur": Decimal("8000001"),
            },
        )
    assert "il reste " + eur("8 000 000 €") in messages_of(grow, "amount_eur")[0]
    twelve.refresh_from_db()
    territorial.refresh_from_db()
    assert (twelve.amount_eur, territorial.amount_eur) == (Decimal("12000000"), Decimal("8000000"))


def test_an_envelope_is_not_put_under_itself_nor_under_another_source(coordinator, twelve):
    territorial = child(coordinator, twelve, "territoriale", "8000000")
    with pytest.raises(ValidationError) as loop:
        envelope_update(
            actor=coordinator,
            envelope=twelve,
            data={
                "name": twelve.name,
                "funding_source": twelve.funding_source,
                "parent": territorial,
                "amount_eur": twelve.amount_eur,
            },
        )
    assert messages_of(loop, "parent") == ["Une enveloppe ne peut pas être rangée sous elle-même."]
    other = EnvelopeFactory()
    with pytest.raises(ValidationError) as elsewhere:
        child(coordinator, other, "ailleurs", "1", funding_source=twelve.funding_source)
    assert "relève d'une autre source de financement" in messages_of(elsewhere, "parent")[0]


def test_a_parent_with_an_unknown_amount_sets_no_ceiling(coordinator, relance):
    unknown = EnvelopeFactory(funding_source=relance, amount_eur=None)
    child(coordinator, unknown, "grande", "50000000")
    allocate(coordinator, unknown, "999999999")
    assert unknown.children.count() == 1


# --- allocations ---------------------------------------------------------------------------


def test_allocations_never_sum_beyond_their_envelope(coordinator, twelve, lab):
    prefects = child(coordinator, twelve, "prefets", "4000000")
    allocate(coordinator, prefects, "3000000", lab=lab)
    before = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as refused:
        allocate(coordinator, prefects, "1500000", lab=lab)

    assert messages_of(refused, "amount_eur") == [
        eur(
            "L'enveloppe « Prefets » est de 4 000 000 € et 3 000 000 € sont déjà attribués ou "
            "répartis : il reste 1 000 000 €, moins que les 1 500 000 € demandés pour cette "
            "attribution."
        )
    ]
    assert prefects.allocations.count() == 1
    assert AuditEntry.objects.count() == before


def test_the_envelope_message_is_in_english_format_under_english(coordinator, twelve, lab):
    allocate(coordinator, twelve, "12000000", lab=lab)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        allocate(coordinator, twelve, "2.5", lab=lab)
    assert "€12,000,000" in messages_of(refused, "amount_eur")[0]
    assert "€2.50" in messages_of(refused, "amount_eur")[0]


def test_child_envelopes_and_direct_allocations_share_the_parent(coordinator, twelve, lab):
    child(coordinator, twelve, "territoriale", "8000000")
    allocate(coordinator, twelve, "4000000", lab=lab)
    with pytest.raises(ValidationError):
        allocate(coordinator, twelve, "0.01", lab=lab)
    with pytest.raises(ValidationError):
        child(coordinator, twelve, "encore", "0.01")


def test_planned_committed_and_paid_count_cancelled_frees_its_amount(coordinator, lab):
    envelope = EnvelopeFactory(amount_eur=Decimal("300"))
    for status in (AllocationStatus.PLANNED, AllocationStatus.COMMITTED, AllocationStatus.PAID):
        AllocationFactory(envelope=envelope, amount_eur=Decimal("100"), status=status)
    with pytest.raises(ValidationError):
        allocate(coordinator, envelope, "1", lab=lab)

    planned = envelope.allocations.get(status=AllocationStatus.PLANNED)
    allocation_cancel(actor=coordinator, allocation=planned, reason="Projet abandonné")
    allocate(coordinator, envelope, "100", lab=lab)
    assert envelope.allocations.exclude(status=AllocationStatus.CANCELLED).count() == 3


def test_raising_an_allocation_is_checked_like_a_new_one(coordinator, lab):
    envelope = EnvelopeFactory(amount_eur=Decimal("1000"))
    allocation = allocate(coordinator, envelope, "600", lab=lab)
    allocate(coordinator, envelope, "300", lab=lab)
    data = {"envelope": envelope, "lab": lab, "amount_eur": Decimal("701")}
    with pytest.raises(ValidationError) as refused:
        allocation_update(actor=coordinator, allocation=allocation, data=data)
    assert "il reste " + eur("700 €") in messages_of(refused, "amount_eur")[0]
    data["amount_eur"] = Decimal("700")
    allocation_update(actor=coordinator, allocation=allocation, data=data)
    allocation.refresh_from_db()
    assert allocation.amount_eur == Decimal("700")


def test_unknown_amounts_stay_unknown_never_zero(coordinator, lab):
    envelope = EnvelopeFactory(amount_eur=Decimal("100"))
    with pytest.raises(ValidationError) as nothing:
        allocate(coordinator, envelope, None, lab=lab)
    assert "cochez « montant non indiqué »" in messages_of(nothing, "amount_eur")[0]

    unknown = allocate(coordinator, envelope, None, lab=lab, amount_unknown=True)
    staff = allocate(coordinator, envelope, None, lab=lab, fte=Decimal("1.5"))
    assert (unknown.amount_eur, unknown.amount_unknown) == (None, True)
    assert (staff.amount_eur, staff.amount_unknown, staff.fte) == (None, False, Decimal("1.5"))
    # Neither holds any of the envelope's 100 €.
    allocate(coordinator, envelope, "100", lab=lab)

    with pytest.raises(ValidationError) as both:
        allocate(coordinator, envelope, "1", lab=lab, amount_unknown=True)
    assert "décochez « montant non indiqué »" in messages_of(both, "amount_unknown")[0]


def test_one_beneficiary_exactly_and_its_region(coordinator, lab):
    envelope = EnvelopeFactory(amount_eur=None)
    project = ProjectFactory(lead_lab=lab, region=None)
    by_project = allocation_create(
        actor=coordinator,
        data={"envelope": envelope, "project": project, "amount_eur": Decimal("10")},
    )
    assert by_project.region == lab.region  # the project's lead lab's region

    with pytest.raises(ValidationError) as two:
        allocation_create(
            actor=coordinator,
            data={"envelope": envelope, "lab": lab, "project": project, "amount_eur": Decimal(1)},
        )
    assert messages_of(two, "lab") == [
        "Indiquez un seul bénéficiaire : un laboratoire, un projet, ou un bénéficiaire hors "
        "plateforme (son nom)."
    ]
    with pytest.raises(ValidationError):
        allocation_create(actor=coordinator, data={"envelope": envelope, "amount_eur": Decimal(1)})


def test_an_outside_beneficiary_siret_is_checked(coordinator):
    envelope = EnvelopeFactory(amount_eur=None)
    data = {
        "envelope": envelope,
        "beneficiary_name": "Ville de Paris",
        "beneficiary_siret": "217 500 016 00019",
        "amount_eur": Decimal("5000"),
    }
    allocation = allocation_create(actor=coordinator, data=data)
    assert allocation.beneficiary_siret == "21750001600019"
    assert allocation.beneficiary_label == "Ville de Paris"

    with pytest.raises(ValidationError) as wrong:
        allocation_create(actor=coordinator, data={**data, "beneficiary_siret": "21750001600018"})
    assert messages_of(wrong, "beneficiary_siret") == [
        "« 21750001600018 » n'est pas un numéro SIRET valide : 14 chiffres dont le dernier "
        "est une clé de contrôle (vérifiez-le sur l'annuaire des entreprises)."
    ]
    with pytest.raises(ValidationError) as on_a_lab:
        allocation_create(
            actor=coordinator,
            data={
                "envelope": envelope,
                "lab": LabFactory(),
                "beneficiary_siret": "21750001600019",
                "amount_eur": Decimal(1),
            },
        )
    assert "beneficiary_siret" in on_a_lab.value.message_dict


# --- status moves -----------------------------------------------------------------------


def test_planned_to_committed_needs_the_convention(coordinator, lab):
    allocation = allocate(coordinator, EnvelopeFactory(), "1000", lab=lab)
    assert allocation.status == AllocationStatus.PLANNED
    with pytest.raises(ValidationError) as missing:
        allocation_transition(
            actor=coordinator, allocation=allocation, to=AllocationStatus.COMMITTED
        )
    assert set(missing.value.message_dict) == {"convention_signed_on", "convention_reference"}

    allocation_transition(
        actor=coordinator,
        allocation=allocation,
        to=AllocationStatus.COMMITTED,
        convention_signed_on=dt.date(2021, 11, 24),
        convention_reference="Convention DITP-2021-17",
    )
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.COMMITTED
    assert allocation.convention_reference == "Convention DITP-2021-17"
    entry = AuditEntry.objects.filter(action="funding.allocation_transition").get()
    assert entry.changes["status"] == ["planned", "committed"]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (AllocationStatus.PLANNED, AllocationStatus.PAID),
        (AllocationStatus.PAID, AllocationStatus.CANCELLED),
        (AllocationStatus.PAID, AllocationStatus.COMMITTED),
        (AllocationStatus.CANCELLED, AllocationStatus.PLANNED),
        (AllocationStatus.COMMITTED, AllocationStatus.PLANNED),
    ],
)
def test_moves_the_status_does_not_allow(coordinator, start, to):
    allocation = AllocationFactory(status=start)
    with pytest.raises(ValidationError) as refused:
        allocation_transition(
            actor=coordinator,
            allocation=allocation,
            to=to,
            reason="x",
            convention_signed_on=ON,
            convention_reference="C",
        )
    assert refused.value.message_dict["status"] == [
        f"Une attribution {start.label} ne peut pas passer à « {to.label} »."
    ]
    allocation.refresh_from_db()
    assert allocation.status == start


def test_the_moves_are_defined_on_the_enum():
    assert AllocationStatus.PLANNED.next_statuses == (
        AllocationStatus.COMMITTED,
        AllocationStatus.CANCELLED,
    )
    assert AllocationStatus.COMMITTED.next_statuses == (
        AllocationStatus.PAID,
        AllocationStatus.CANCELLED,
    )
    assert AllocationStatus.PAID.next_statuses == AllocationStatus.CANCELLED.next_statuses == ()
    assert AllocationStatus.decided() == (AllocationStatus.COMMITTED, AllocationStatus.PAID)
    assert AllocationStatus.PAID.badge == "success"


def test_marking_paid_needs_a_payment_and_cancelling_a_reason(coordinator):
    allocation = AllocationFactory(status=AllocationStatus.COMMITTED)
    with pytest.raises(ValidationError) as no_payment:
        allocation_transition(actor=coordinator, allocation=allocation, to=AllocationStatus.PAID)
    assert no_payment.value.message_dict["status"] == [
        "Enregistrez au moins un versement avant de marquer l'attribution versée."
    ]
    with pytest.raises(ValidationError) as no_reason:
        allocation_cancel(actor=coordinator, allocation=allocation, reason=" ")
    assert "reason" in no_reason.value.message_dict

    PaymentFactory(allocation=allocation, amount_eur=Decimal("100"))
    allocation_transition(actor=coordinator, allocation=allocation, to=AllocationStatus.PAID)
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.PAID


# --- payments ---------------------------------------------------------------------------


def test_payments_never_exceed_their_allocation_and_reaching_it_pays(coordinator, lab_lead, lab):
    allocation = AllocationFactory(lab=lab, amount_eur=Decimal("10000"))
    payment_record(actor=lab_lead, allocation=allocation, paid_on=ON, amount_eur=Decimal("6000"))
    with pytest.raises(ValidationError) as refused:
        payment_record(
            actor=coordinator, allocation=allocation, paid_on=ON, amount_eur=Decimal("4000.01")
        )
    assert refused.value.message_dict["amount_eur"] == [
        eur(
            "L'attribution « Innov'mandie » est de 10 000 € et 6 000 € sont déjà versés : il "
            "reste 4 000 €, moins que les 4 000,01 € de ce versement."
        )
    ]
    assert allocation.payments.count() == 1

    payment_record(actor=coordinator, allocation=allocation, paid_on=ON, amount_eur=Decimal("4000"))
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.PAID
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "funding.payment_record",
        "funding.payment_record",
    ]
    assert AuditEntry.objects.order_by("pk").last().changes["status"] == ["committed", "paid"]

    with pytest.raises(ValidationError):
        allocation_update(
            actor=coordinator,
            allocation=allocation,
            data={"envelope": allocation.envelope, "lab": lab, "amount_eur": Decimal("1")},
        )


def test_a_payment_needs_a_committed_allocation_with_a_known_amount(coordinator):
    planned = AllocationFactory(status=AllocationStatus.PLANNED)
    with pytest.raises(ValidationError) as not_committed:
        payment_record(actor=coordinator, allocation=planned, paid_on=ON, amount_eur=Decimal("1"))
    assert not_committed.value.messages == [
        "Seule une attribution engagée reçoit des versements (statut actuel : prévue)."
    ]
    unknown = AllocationFactory(amount_eur=None, amount_unknown=True)
    with pytest.raises(ValidationError) as no_amount:
        payment_record(actor=coordinator, allocation=unknown, paid_on=ON, amount_eur=Decimal("1"))
    assert "n'est pas indiqué" in no_amount.value.message_dict["amount_eur"][0]
    with pytest.raises(ValidationError) as zero:
        payment_record(actor=coordinator, allocation=unknown, paid_on=None, amount_eur=Decimal("0"))
    assert set(zero.value.message_dict) == {"paid_on", "amount_eur"}
    assert Payment.objects.count() == 0


def test_cancelling_is_refused_once_paid_in_part(coordinator):
    allocation = AllocationFactory(amount_eur=Decimal("100"))
    PaymentFactory(allocation=allocation, amount_eur=Decimal("10"))
    with pytest.raises(ValidationError) as refused:
        allocation_cancel(actor=coordinator, allocation=allocation, reason="Erreur")
    assert refused.value.message_dict["status"] == [
        "Des versements sont enregistrés : l'attribution ne peut plus être annulée."
    ]


# --- who may write ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["agent", "lab_member", "lab_lead", "other_lead"])
def test_only_the_coordination_manages_sources_envelopes_and_allocations(people, role, twelve):
    actor = people[role]
    with pytest.raises(PermissionDenied):
        funding_source_create(actor=actor, data={"name": "FTAP", "kind": "other"})
    with pytest.raises(PermissionDenied):
        child(actor, twelve, "enfant", "1")
    with pytest.raises(PermissionDenied):
        allocate(actor, twelve, "1")
    allocation = AllocationFactory(envelope=twelve, status=AllocationStatus.PLANNED)
    with pytest.raises(PermissionDenied):
        allocation_transition(actor=actor, allocation=allocation, to="cancelled")
    assert Allocation.objects.count() == 1
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("agent", False),
        ("lab_member", False),
        ("lab_lead", True),
        ("other_lead", False),
        ("coordinator", True),
    ],
)
def test_the_beneficiary_lab_lead_records_payments_and_reporting_notes(people, role, allowed, lab):
    allocation = AllocationFactory(lab=lab, amount_eur=Decimal("100"))
    actor = people[role]
    if not allowed:
        with pytest.raises(PermissionDenied):
            payment_record(actor=actor, allocation=allocation, paid_on=ON, amount_eur=Decimal("1"))
        with pytest.raises(PermissionDenied):
            allocation_update_reporting_notes(actor=actor, allocation=allocation, notes="Rapport")
        assert AuditEntry.objects.count() == 0
        return
    payment_record(actor=actor, allocation=allocation, paid_on=ON, amount_eur=Decimal(1))
    allocation_update_reporting_notes(
        actor=actor, allocation=allocation, notes="Deux agents recrutés."
    )
    allocation.refresh_from_db()
    assert allocation.reporting_notes == "Deux agents recrutés."
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "funding.payment_record",
        "funding.allocation_update_reporting_notes",
    ]


def test_a_project_allocation_is_its_lead_labs(lab, lab_lead):
    allocation = AllocationFactory(lab=None, project=ProjectFactory(lead_lab=lab))
    payment_record(actor=lab_lead, allocation=allocation, paid_on=ON, amount_eur=Decimal("1"))
    assert allocation.payments.count() == 1


def test_every_write_is_audited(coordinator, relance, lab):
    source = funding_source_create(
        actor=coordinator, data={"name": "Fonds régional Normandie", "kind": "regional_fund"}
    )
    funding_source_update(
        actor=coordinator,
        funding_source=source,
        data={"name": "Fonds régional de Normandie", "kind": "regional_fund"},
    )
    envelope = envelope_create(
        actor=coordinator,
        data={"name": "Appel 2024", "funding_source": source, "amount_eur": Decimal("500000")},
    )
    envelope_update(
        actor=coordinator,
        envelope=envelope,
        data={"name": "Appel 2024", "funding_source": source, "amount_eur": Decimal("600000")},
    )
    allocation = allocate(coordinator, envelope, "1000", lab=lab)
    allocation_update(
        actor=coordinator,
        allocation=allocation,
        data={"envelope": envelope, "lab": lab, "amount_eur": Decimal("2000")},
    )
    assert source.key == "fonds-regional-normandie"
    assert allocation.key == f"appel-2024-{lab.key}"
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "funding.funding_source_create",
        "funding.funding_source_update",
        "funding.envelope_create",
        "funding.envelope_update",
        "funding.allocation_create",
        "funding.allocation_update",
    ]
    assert AuditEntry.objects.get(action="funding.envelope_update").changes == {
        "amount_eur": ["500000.00", "600000"]
    }

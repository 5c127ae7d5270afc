import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.intake.enums import RequestChannel, RequestEventKind, RequestStatus
from labnet.intake.models import BoostSlot, DemarchesConnection, Request
from labnet.intake.rules import visible_requests_filter
from labnet.intake.services.author import request_provide_info, request_withdraw
from labnet.intake.services.boost import boost_slot_book, boost_slot_create, boost_slot_delete
from labnet.intake.services.decisions import request_decide
from labnet.intake.services.drafts import request_add_coauthor, request_save_step
from labnet.intake.services.external import request_receive_external
from labnet.intake.services.submission import request_create, request_submit
from labnet.labs.enums import LabStatus
from labnet.projects.models import Project
from tests.factories import (
    BoostSlotFactory,
    DepartmentFactory,
    LabFactory,
    RegionFactory,
    ThemeFactory,
    UserFactory,
)

from .helpers import draft_for, sent_to

pytestmark = pytest.mark.django_db


def _kinds(request):
    return list(request.events.order_by("created_at", "pk").values_list("kind", flat=True))


# --- drafts ----------------------------------------------------------------------------------


def test_first_step_creates_a_draft_with_history_and_audit(agent):
    request = request_save_step(
        actor=agent, step=1, data={"title": " Accueil ", "problem": "Trop d'attente."}
    )

    assert request.status == RequestStatus.DRAFT
    assert (request.author, request.title, request.problem) == (agent, "Accueil", "Trop d'attente.")
    assert request.current_step == 2
    assert _kinds(request) == [RequestEventKind.CREATED]
    assert AuditEntry.objects.filter(action="intake.request_create", actor=agent).count() == 1


def test_an_empty_required_step_is_refused_in_french_and_nothing_is_written(agent):
    with pytest.raises(ValidationError) as error:
        request_save_step(actor=agent, step=1, data={"title": "", "problem": "  "})

    assert error.value.message_dict == {
        "title": ["Donnez un titre à votre idée, en quelques mots."],
        "problem": ["Décrivez le problème rencontré ou votre idée."],
    }
    assert Request.objects.count() == 0


def test_each_step_saves_the_draft_and_opens_the_next(agent):
    region = RegionFactory()
    department = DepartmentFactory(code="27", region=region)
    theme = ThemeFactory()
    request = request_save_step(actor=agent, step=1, data={"title": "T", "problem": "P"})
    for step, data in [
        (2, {"affected_people": "Les usagers"}),
        (3, {"tried": "Rien"}),
        (4, {"stakeholders": "La mairie"}),
        (
            5,
            {
                "organisation": None,
                "organisation_name": "Mairie de Vernon",
                "region": region,
                "department": department,
                "themes": [theme],
            },
        ),
    ]:
        request = request_save_step(actor=agent, request=request, step=step, data=data)
        assert request.current_step == step + 1

    request.refresh_from_db()
    assert (request.affected_people, request.tried, request.stakeholders) == (
        "Les usagers",
        "Rien",
        "La mairie",
    )
    assert (request.organisation_name, request.department_id) == ("Mairie de Vernon", "27")
    assert list(request.themes.all()) == [theme]
    assert request.version == 5


def test_step_five_requires_an_administration_and_a_region_in_the_right_department(agent):
    request = draft_for(agent, current_step=5)
    other_region = RegionFactory(code="76", name="Occitanie")
    with pytest.raises(ValidationError) as error:
        request_save_step(
            actor=agent,
            request=request,
            step=5,
            data={"organisation": None, "organisation_name": "", "region": None},
        )
    assert error.value.message_dict == {
        "organisation": [
            "Indiquez votre administration : choisissez-la dans la liste ou saisissez son nom."
        ],
        "region": ["Choisissez la région concernée."],
    }

    with pytest.raises(ValidationError) as error:
        request_save_step(
            actor=agent,
            request=request,
            step=5,
            data={
                "organisation_name": "Mairie",
                "region": other_region,
                "department": DepartmentFactory(code="27"),
            },
        )
    assert error.value.message_dict == {
        "department": ["Ce département n'est pas dans la région choisie."]
    }


def test_going_back_keeps_what_was_typed_without_requiring_the_rest(agent):
    request = draft_for(agent, current_step=3, tried="")

    request = request_save_step(
        actor=agent, request=request, step=3, data={"tried": ""}, complete=False
    )
    assert request.current_step == 3

    request = request_save_step(
        actor=agent, request=request, step=2, data={"affected_people": "À moitié"}, complete=False
    )
    request.refresh_from_db()
    assert request.affected_people == "À moitié"
    assert request.current_step == 3


def test_only_authors_edit_a_draft_and_only_while_it_is_a_draft(agent, lab_member, lab):
    request = draft_for(agent)
    with pytest.raises(PermissionDenied):
        request_save_step(actor=lab_member, request=request, step=2, data={"affected_people": "x"})

    sent = sent_to(lab, author=agent)
    with pytest.raises(ValidationError) as error:
        request_save_step(actor=agent, request=sent, step=2, data={"affected_people": "x"})
    assert error.value.messages == [
        "Cette demande a déjà été envoyée : elle ne peut plus être modifiée."
    ]


def test_a_coauthor_is_told_and_may_edit_the_draft(agent, django_capture_on_commit_callbacks):
    colleague = UserFactory(email="camille@eure.gouv.fr", full_name="Camille Collègue")
    request = draft_for(agent, title="Accueil")

    with django_capture_on_commit_callbacks(execute=True):
        added = request_add_coauthor(actor=agent, request=request, email="Camille@Eure.gouv.fr ")

    assert added == colleague
    assert list(request.co_authors.all()) == [colleague]
    assert _kinds(request)[-1] == RequestEventKind.COAUTHOR_ADDED
    assert [m.to for m in mail.outbox] == [["camille@eure.gouv.fr"]]
    assert mail.outbox[0].subject == "LabNet : Agnès Agent vous invite à co-écrire « Accueil »"
    assert str(request.public_id) in mail.outbox[0].body

    request_save_step(actor=colleague, request=request, step=2, data={"affected_people": "Nous"})
    request.refresh_from_db()
    assert request.affected_people == "Nous"


def test_coauthor_errors_are_french_and_change_nothing(agent, lab_member):
    request = draft_for(agent)
    with pytest.raises(ValidationError) as error:
        request_add_coauthor(actor=agent, request=request, email="personne@nulle-part.fr")
    assert error.value.message_dict == {
        "email": [
            "Impossible de partager le brouillon avec cette adresse : vérifiez-la ; votre "
            "collègue doit avoir un compte LabNet."
        ]
    }
    with pytest.raises(ValidationError) as error:
        request_add_coauthor(actor=agent, request=request, email=agent.email)
    assert error.value.message_dict == {"email": ["Cette personne écrit déjà cette demande."]}
    with pytest.raises(PermissionDenied):
        request_add_coauthor(actor=lab_member, request=request, email=lab_member.email)
    assert request.co_authors.count() == 0


# --- sending ----------------------------------------------------------------------------------


def test_sending_to_a_chosen_lab_starts_its_clock_and_tells_everyone(
    agent, lab, lab_member, django_capture_on_commit_callbacks
):
    lab.first_answer_hours = 48
    lab.email = "contact@innovmandie.fr"
    lab.save()
    colleague = UserFactory(email="camille@eure.gouv.fr")
    request = draft_for(agent, title="Accueil")
    request.co_authors.add(colleague)

    with django_capture_on_commit_callbacks(execute=True):
        sent = request_submit(actor=agent, request=request, lab=lab, version=request.version)

    assert sent.status == RequestStatus.SUBMITTED
    assert sent.lab == lab and sent.routed_automatically is False
    assert sent.answer_due_at - sent.submitted_at == datetime.timedelta(hours=48)
    assert _kinds(sent) == [RequestEventKind.SUBMITTED]
    ack, team = mail.outbox
    assert ack.to == [agent.email, "camille@eure.gouv.fr"]
    assert ack.subject == "LabNet : votre demande « Accueil » a été envoyée à Innov'mandie"
    assert "sous 48 heures" in ack.body
    assert team.to == [lab_member.email, "contact@innovmandie.fr"]
    assert team.subject == "LabNet : nouvelle demande pour Innov'mandie : « Accueil »"
    assert "/guichet/laboratoires/innovmandie/" in team.body


def test_letting_the_platform_choose_routes_to_the_best_placed_lab(agent):
    normandie = RegionFactory()
    eure = DepartmentFactory(code="27", region=normandie)
    LabFactory(name="Lab national", ministry=True)
    in_region = LabFactory(name="Lab régional", region=normandie)
    in_department = LabFactory(name="Lab de l'Eure", region=normandie)
    in_department.departments.set([eure])
    request = draft_for(agent, region=normandie, department=eure)

    sent = request_submit(actor=agent, request=request)

    assert sent.lab == in_department
    assert sent.routed_automatically is True
    assert _kinds(sent) == [RequestEventKind.ROUTED, RequestEventKind.SUBMITTED]
    assert in_region != sent.lab


def test_an_incomplete_or_misdirected_request_is_not_sent(agent, lab):
    incomplete = draft_for(agent, tried="", organisation_name="")
    with pytest.raises(ValidationError) as error:
        request_submit(actor=agent, request=incomplete, lab=lab)
    assert error.value.message_dict == {
        "tried": ["Dites ce qui a déjà été essayé, ou « rien pour l'instant »."],
        "organisation": [
            "Indiquez votre administration : choisissez-la dans la liste ou saisissez son nom."
        ],
    }

    closed = LabFactory(name="Lab fermé", status=LabStatus.CLOSED)
    draft = draft_for(agent)
    with pytest.raises(ValidationError) as error:
        request_submit(actor=agent, request=draft, lab=closed)
    assert error.value.message_dict == {
        "lab": [
            "Le laboratoire Lab fermé ne reçoit pas de demandes pour l'instant : "
            "choisissez-en un autre."
        ]
    }
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT and draft.lab is None
    assert draft.events.count() == 0


def test_routing_with_no_lab_anywhere_asks_to_choose(agent):
    far = RegionFactory(code="94", name="Corse")
    request = draft_for(agent, region=far)
    with pytest.raises(ValidationError) as error:
        request_submit(actor=agent, request=request)
    assert error.value.message_dict == {
        "lab": [
            "Aucun laboratoire en activité ne couvre ce territoire ni ces thèmes : choisissez "
            "un laboratoire dans la liste."
        ]
    }


def test_only_authors_send_and_only_once(agent, lab, lab_member):
    request = draft_for(agent)
    with pytest.raises(PermissionDenied):
        request_submit(actor=lab_member, request=request, lab=lab)
    request_submit(actor=agent, request=request, lab=lab)
    with pytest.raises(ValidationError) as error:
        request_submit(actor=agent, request=request, lab=lab)
    assert error.value.messages == ["Cette demande a déjà été envoyée."]


def test_api_creation_is_all_or_nothing(agent, lab):
    with pytest.raises(ValidationError):
        request_create(actor=agent, data={"title": "Idée", "problem": "P"}, submit=True, lab=lab)
    assert Request.objects.count() == 0

    region = RegionFactory()
    sent = request_create(
        actor=agent,
        data={
            "title": "Idée",
            "problem": "P",
            "affected_people": "A",
            "tried": "T",
            "stakeholders": "S",
            "organisation_name": "Mairie",
            "region": region,
        },
        submit=True,
        lab=lab,
    )
    assert (sent.status, sent.channel, sent.lab) == (RequestStatus.SUBMITTED, "api", lab)


# --- the lab's decisions ----------------------------------------------------------------------


def test_accepting_creates_the_project_and_records_the_first_answer(
    agent, lab, lab_member, django_capture_on_commit_callbacks
):
    theme = ThemeFactory()
    request = sent_to(lab, author=agent, title="Accueil", hours_ago=3)
    request.themes.set([theme])

    with django_capture_on_commit_callbacks(execute=True):
        accepted = request_decide(
            actor=lab_member,
            request=request,
            decision="accept",
            version=request.version,
            message="On s'appelle lundi.",
        )

    project = Project.objects.get()
    assert accepted.project == project
    assert (project.title, project.objective, project.lead_lab) == ("Accueil", request.problem, lab)
    assert list(project.themes.all()) == [theme]
    assert accepted.status == RequestStatus.ACCEPTED
    assert accepted.first_answer_lab == lab
    assert accepted.first_answer_commitment_hours == 24
    assert accepted.first_answered_at - accepted.submitted_at >= datetime.timedelta(hours=3)
    assert accepted.version == request.version + 1
    assert _kinds(accepted)[-1] == RequestEventKind.ACCEPTED
    assert AuditEntry.objects.filter(action="intake.request_accept", actor=lab_member).count() == 1
    (email,) = mail.outbox
    assert email.to == [agent.email]
    assert email.subject == "LabNet : votre demande « Accueil » est acceptée"
    assert "On s'appelle lundi." in email.body


def test_a_decision_on_a_stale_version_is_refused_and_changes_nothing(agent, lab, lab_member):
    request = sent_to(lab, author=agent)
    stale = request.version
    request_decide(
        actor=lab_member, request=request, decision="ask_info", version=stale, message="Où ?"
    )

    with pytest.raises(ValidationError) as error:
        request_decide(
            actor=lab_member, request=request, decision="decline", version=stale, reason="Non"
        )

    assert error.value.code == "stale"
    assert error.value.messages == [
        "Cette demande a changé entre-temps (en attente de précisions de l'auteur) : "
        "rechargez la page."
    ]
    request.refresh_from_db()
    assert request.status == RequestStatus.WAITING_AUTHOR
    assert request.decline_reason == ""
    assert _kinds(request) == [RequestEventKind.SUBMITTED, RequestEventKind.INFO_REQUESTED]


@pytest.mark.parametrize("who", ["agent", "other_member", "coordinator"])
def test_only_the_lab_team_decides(request, lab, who):
    actor = request.getfixturevalue(who)
    sent = sent_to(lab, author=request.getfixturevalue("agent"))
    with pytest.raises(PermissionDenied):
        request_decide(actor=actor, request=sent, decision="accept", version=sent.version)
    sent.refresh_from_db()
    assert sent.status == RequestStatus.SUBMITTED and sent.first_answered_at is None


def test_decline_needs_a_reason_and_ask_info_a_question(agent, lab, lab_member):
    request = sent_to(lab, author=agent)
    with pytest.raises(ValidationError) as error:
        request_decide(
            actor=lab_member, request=request, decision="decline", version=1, reason="  "
        )
    assert error.value.message_dict == {
        "reason": ["Indiquez le motif du refus : il sera transmis à l'auteur."]
    }
    with pytest.raises(ValidationError) as error:
        request_decide(actor=lab_member, request=request, decision="ask_info", version=1)
    assert error.value.message_dict == {"message": ["Écrivez la question à poser à l'auteur."]}
    with pytest.raises(ValidationError) as error:
        request_decide(actor=lab_member, request=request, decision="redirect_out", version=1)
    assert error.value.message_dict == {
        "service": ["Indiquez le service vers lequel réorienter l'auteur."]
    }
    with pytest.raises(ValidationError) as error:
        request_decide(actor=lab_member, request=request, decision="teleport", version=1)
    assert error.value.message_dict == {"decision": ["Décision inconnue : « teleport »."]}
    request.refresh_from_db()
    assert (request.status, request.version, request.first_answered_at) == (
        RequestStatus.SUBMITTED,
        1,
        None,
    )


def test_decline_sends_the_reason(agent, lab, lab_member, django_capture_on_commit_callbacks):
    request = sent_to(lab, author=agent, title="Accueil")
    with django_capture_on_commit_callbacks(execute=True):
        declined = request_decide(
            actor=lab_member,
            request=request,
            decision="decline",
            version=1,
            reason="Hors de nos missions.",
        )
    assert (declined.status, declined.decline_reason) == (
        RequestStatus.DECLINED,
        "Hors de nos missions.",
    )
    assert "Hors de nos missions." in mail.outbox[0].body
    assert mail.outbox[0].subject == "LabNet : réponse à votre demande « Accueil »"


def test_an_illegal_move_is_a_clear_error(agent, lab, lab_member):
    request = sent_to(lab, author=agent)
    request_decide(actor=lab_member, request=request, decision="decline", version=1, reason="Non")
    with pytest.raises(ValidationError) as error:
        request_decide(actor=lab_member, request=request, decision="accept", version=2)
    assert error.value.code == "invalid_transition"
    assert error.value.messages == [
        "« accepter en accompagnement » n'est pas possible pour une demande déclinée."
    ]


def test_redirecting_to_another_lab_moves_the_request_with_its_history(
    agent, lab, lab_member, other_lab, other_member, django_capture_on_commit_callbacks
):
    other_lab.first_answer_hours = 72
    other_lab.save()
    request = sent_to(lab, author=agent, hours_ago=5, title="Accueil")

    with django_capture_on_commit_callbacks(execute=True):
        moved = request_decide(
            actor=lab_member,
            request=request,
            decision="redirect_lab",
            version=1,
            lab=other_lab,
            message="Ils ont fait la même chose l'an dernier.",
        )

    assert (moved.lab, moved.status) == (other_lab, RequestStatus.SUBMITTED)
    # The new lab's clock starts now; the first answer is the first lab's.
    assert moved.answer_due_at - moved.first_answered_at == datetime.timedelta(hours=72)
    assert (moved.first_answer_lab, moved.first_answer_commitment_hours) == (lab, 24)
    event = moved.events.get(kind=RequestEventKind.REDIRECTED_LAB)
    assert (event.lab, event.to_lab, event.actor) == (lab, other_lab, lab_member)
    # Both labs see it; only the new one may decide.
    for member in (lab_member, other_member):
        assert Request.objects.filter(visible_requests_filter(member), pk=moved.pk).exists()
    with pytest.raises(PermissionDenied):
        request_decide(actor=lab_member, request=moved, decision="accept", version=moved.version)
    to_author, to_new_lab = mail.outbox
    assert to_author.subject == "LabNet : votre demande « Accueil » a été transmise"
    assert to_new_lab.to == [other_member.email]
    assert "Le laboratoire Innov'mandie vous a transmis la demande" in to_new_lab.body

    # The second lab's decision does not move the first answer.
    answered = request_decide(
        actor=other_member, request=moved, decision="decline", version=moved.version, reason="Non"
    )
    assert answered.first_answer_lab == lab
    assert answered.first_answered_at == moved.first_answered_at


def test_redirecting_needs_another_receiving_lab(agent, lab, lab_member):
    request = sent_to(lab, author=agent)
    with pytest.raises(ValidationError) as error:
        request_decide(actor=lab_member, request=request, decision="redirect_lab", version=1)
    assert error.value.message_dict == {
        "lab": ["Choisissez le laboratoire auquel transmettre la demande."]
    }
    with pytest.raises(ValidationError) as error:
        request_decide(
            actor=lab_member, request=request, decision="redirect_lab", version=1, lab=lab
        )
    assert error.value.message_dict == {"lab": ["La demande est déjà dans ce laboratoire."]}


def test_redirecting_out_closes_the_request(agent, lab, lab_member):
    request = sent_to(lab, author=agent)
    done = request_decide(
        actor=lab_member,
        request=request,
        decision="redirect_out",
        version=1,
        service="France services de Vernon",
    )
    assert (done.status, done.redirect_service) == (
        RequestStatus.REDIRECTED,
        "France services de Vernon",
    )
    assert done.events.last().message == "France services de Vernon"


def test_asking_for_information_and_the_answer(
    agent, lab, lab_member, django_capture_on_commit_callbacks
):
    request = sent_to(lab, author=agent, hours_ago=30)
    asked = request_decide(
        actor=lab_member, request=request, decision="ask_info", version=1, message="Quel site ?"
    )
    assert asked.status == RequestStatus.WAITING_AUTHOR
    assert asked.first_answered_at is not None
    with pytest.raises(ValidationError) as error:
        request_provide_info(actor=agent, request=asked, message=" ", version=asked.version)
    assert error.value.message_dict == {"message": ["Écrivez votre réponse au laboratoire."]}
    with pytest.raises(PermissionDenied):
        request_provide_info(actor=lab_member, request=asked, message="x", version=asked.version)

    with django_capture_on_commit_callbacks(execute=True):
        answered = request_provide_info(
            actor=agent, request=asked, message="Le site d'Évreux.", version=asked.version
        )

    assert answered.status == RequestStatus.SUBMITTED
    # The lab owes its next answer within its commitment from this reply: no longer overdue.
    assert not answered.is_overdue
    assert answered.answer_due_at > timezone.now() + datetime.timedelta(hours=23)
    assert answered.events.last().kind == RequestEventKind.INFO_PROVIDED
    assert answered.events.last().message == "Le site d'Évreux."
    assert mail.outbox[-1].to == [lab_member.email]
    assert "Le site d'Évreux." in mail.outbox[-1].body


def test_the_author_withdraws_a_request_not_yet_settled(agent, lab, lab_member):
    request = sent_to(lab, author=agent)
    with pytest.raises(PermissionDenied):
        request_withdraw(actor=lab_member, request=request, version=1)
    withdrawn = request_withdraw(actor=agent, request=request, version=1, reason="Réglé.")
    assert withdrawn.status == RequestStatus.WITHDRAWN
    assert withdrawn.events.last().kind == RequestEventKind.WITHDRAWN

    accepted = sent_to(lab, author=agent)
    request_decide(actor=lab_member, request=accepted, decision="accept", version=1)
    with pytest.raises(ValidationError) as error:
        request_withdraw(actor=agent, request=accepted, version=2)
    assert error.value.messages == [
        "Cette demande ne peut plus être retirée : le laboratoire y a déjà répondu."
    ]


# --- boost sessions ---------------------------------------------------------------------------


def test_boost_slots_must_end_after_they_start_and_be_ahead(lab, lab_member, agent):
    start = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        boost_slot_create(actor=lab_member, lab=lab, starts_at=start, ends_at=start)
    assert error.value.message_dict == {
        "ends_at": ["L'heure de fin doit être après l'heure de début."]
    }
    past = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        boost_slot_create(
            actor=lab_member, lab=lab, starts_at=past, ends_at=past + datetime.timedelta(hours=1)
        )
    assert error.value.message_dict == {
        "starts_at": ["Ce créneau est déjà passé : choisissez une date à venir."]
    }
    with pytest.raises(PermissionDenied):
        boost_slot_create(
            actor=agent, lab=lab, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
        )
    assert BoostSlot.objects.count() == 0

    slot = boost_slot_create(
        actor=lab_member,
        lab=lab,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        location="Salle 2",
    )
    assert (slot.lab, slot.created_by, slot.location) == (lab, lab_member, "Salle 2")


def test_a_boost_needs_a_free_slot_then_the_author_books_one(
    agent, lab, lab_member, django_capture_on_commit_callbacks
):
    request = sent_to(lab, author=agent)
    with pytest.raises(ValidationError) as error:
        request_decide(actor=lab_member, request=request, decision="boost", version=1)
    assert error.value.message_dict == {
        "decision": [
            "Publiez d'abord au moins un créneau de coup de pouce libre : l'auteur en choisira un."
        ]
    }
    slot = BoostSlotFactory(lab=lab)
    offered = request_decide(actor=lab_member, request=request, decision="boost", version=1)
    assert offered.status == RequestStatus.BOOST_OFFERED

    with django_capture_on_commit_callbacks(execute=True):
        booked = boost_slot_book(actor=agent, request=offered, slot=slot, version=offered.version)

    slot.refresh_from_db()
    assert slot.request == offered
    offered.refresh_from_db()
    assert offered.status == RequestStatus.BOOST_BOOKED
    assert booked == slot
    assert offered.events.last().kind == RequestEventKind.BOOST_BOOKED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agent.email, lab_member.email])


def test_a_taken_slot_cannot_be_booked_twice(agent, lab, lab_member):
    slot = BoostSlotFactory(lab=lab)
    first = sent_to(lab, author=agent)
    second = sent_to(lab, author=agent)
    for request in (first, second):
        request_decide(actor=lab_member, request=request, decision="boost", version=1)
    boost_slot_book(actor=agent, request=first, slot=slot)

    with pytest.raises(ValidationError) as error:
        boost_slot_book(actor=agent, request=second, slot=slot)

    assert error.value.error_dict["slot"][0].code == "slot_taken"
    assert error.value.message_dict == {
        "slot": ["Ce créneau vient d'être réservé : choisissez-en un autre."]
    }
    second.refresh_from_db()
    assert second.status == RequestStatus.BOOST_OFFERED
    slot.refresh_from_db()
    assert slot.request == first
    with pytest.raises(ValidationError):
        boost_slot_delete(actor=lab_member, slot=slot)


def test_only_the_offering_labs_slots_may_be_booked(agent, lab, lab_member, other_lab):
    request = sent_to(lab, author=agent)
    BoostSlotFactory(lab=lab)
    request_decide(actor=lab_member, request=request, decision="boost", version=1)
    with pytest.raises(ValidationError) as error:
        boost_slot_book(actor=agent, request=request, slot=BoostSlotFactory(lab=other_lab))
    assert error.value.message_dict == {
        "slot": ["Ce créneau n'est pas proposé par le laboratoire de votre demande."]
    }
    with pytest.raises(PermissionDenied):
        boost_slot_book(actor=lab_member, request=request, slot=BoostSlotFactory(lab=lab))


# --- from outside -----------------------------------------------------------------------------


def test_an_outside_request_arrives_once_with_clock_history_and_emails(
    lab, lab_member, django_capture_on_commit_callbacks
):
    connection = DemarchesConnection.objects.create(
        lab=lab, procedure_number=1234, webhook_token="secret-token"
    )
    known = UserFactory(email="dominique@eure.gouv.fr")
    kwargs = {
        "lab": lab,
        "channel": RequestChannel.DEMARCHES_SIMPLIFIEES,
        "external_ref": "98765",
        "ds_connection": connection,
        "author_email": "Dominique@eure.gouv.fr",
        "author_name": "Dominique Dossier",
        "title": "Numériser les registres",
        "problem": "Tout est sur papier.",
        "department": DepartmentFactory(code="27"),
    }

    with django_capture_on_commit_callbacks(execute=True):
        request, created = request_receive_external(**kwargs)
    again, created_again = request_receive_external(**kwargs)

    assert created is True and created_again is False
    assert again == request
    assert Request.objects.count() == 1
    assert request.status == RequestStatus.SUBMITTED
    assert request.author == known
    assert request.region_id == "28"
    assert request.answer_due_at - request.submitted_at == datetime.timedelta(hours=24)
    assert _kinds(request) == [RequestEventKind.SUBMITTED]
    assert [m.to for m in mail.outbox] == [["dominique@eure.gouv.fr"], [lab_member.email]]
    assert AuditEntry.objects.filter(action="intake.request_receive_external").count() == 1
    # It is in the lab's inbox and follows the same decisions.
    decided = request_decide(actor=lab_member, request=request, decision="accept", version=1)
    assert decided.status == RequestStatus.ACCEPTED


def test_actions_available_follow_the_rules_and_the_state(agent, lab, lab_member):
    from labnet.intake.enums import RequestDecision
    from labnet.intake.selectors import request_actions_available

    request = request_create(
        actor=agent,
        data={
            "title": "Idée",
            "problem": "Un problème",
            "affected_people": "Des usagers",
            "tried": "Rien",
            "stakeholders": "La mairie",
            "organisation_name": "Mairie",
            "region": lab.region,
        },
        submit=True,
        lab=lab,
    )
    author = request_actions_available(user=agent, obj=request)
    assert author.names == ["withdraw"]
    team = request_actions_available(user=lab_member, obj=request)
    assert team.decisions == tuple(RequestDecision)
    assert not team.is_author
    assert team.names == [str(d) for d in RequestDecision]
    asked = request_decide(
        actor=lab_member,
        request=request,
        decision=RequestDecision.ASK_INFO,
        version=request.version,
        message="Combien d'usagers ?",
    )
    assert request_actions_available(user=agent, obj=asked).names == ["provide_info", "withdraw"]
    assert (
        RequestDecision.ASK_INFO
        not in request_actions_available(user=lab_member, obj=asked).decisions
    )

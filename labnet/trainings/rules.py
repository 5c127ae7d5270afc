"""Who may do what with trainings. Services and selectors call these; templates mirror them.

A programme is managed by the network coordination and by the members of the lab that
organises it. Programmes, cohorts and sessions are public; who is enrolled is not.
"""

from django.utils.translation import gettext as _

from labnet.accounts.rules import is_coordinator, is_lab_member
from labnet.core.refusals import require


def can_manage_programme(user, programme) -> bool:
    if is_coordinator(user):
        return True
    lab = programme.organiser_lab
    return lab is not None and is_lab_member(user, lab)


def can_enrol(user) -> bool:
    """Any signed-in agent may enrol; the cohort's own state is checked by the service."""
    return bool(user and user.is_authenticated)


def is_enrolment_owner(user, enrolment) -> bool:
    return bool(user and user.is_authenticated and enrolment.user_id == user.pk)


def can_read_enrolment(user, enrolment) -> bool:
    """The person, and the programme's managers (attendance, certificates)."""
    return is_enrolment_owner(user, enrolment) or can_manage_programme(
        user, enrolment.cohort.programme
    )


# The refusals (docs/adr/0030-polish-one-way-to-refuse.md): one sentence per thing refused,
# said by the services and selectors and by the pages that only show a form.


def require_can_manage_programme(user, programme) -> None:
    require(
        can_manage_programme(user, programme),
        _("Réservé à la coordination et à l'équipe du laboratoire organisateur."),
    )


def require_can_see_enrolments(user, programme) -> None:
    require(
        can_manage_programme(user, programme),
        _("Liste des inscrits réservée à la coordination et au laboratoire organisateur."),
    )


def require_can_manage_sessions(user, programme) -> None:
    require(
        can_manage_programme(user, programme),
        _("La gestion des séances est réservée à la coordination et au laboratoire organisateur."),
    )


def require_can_mark_attendance(user, programme) -> None:
    require(
        can_manage_programme(user, programme),
        _("Les présences sont notées par la coordination et le laboratoire organisateur."),
    )

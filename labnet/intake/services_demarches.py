"""Writes for the Démarches simplifiées intake: connecting a procedure, importing a dossier."""

import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from labnet.accounts.rules import is_coordinator, is_lab_lead
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes
from labnet.intake.audit import IntakeAction

from .demarches import (
    SUBMITTED_STATES,
    DemarchesClient,
    DemarchesError,
    map_dossier,
    validate_field_map,
)
from .enums import RequestChannel
from .models import DemarchesConnection, Request
from .services.external import request_receive_external

logger = logging.getLogger(__name__)


def can_manage_demarches_connection(user, lab) -> bool:
    """Connecting a procedure routes outside requests into a lab's inbox: its lead decides."""
    return is_coordinator(user) or is_lab_lead(user, lab)


def _clean_procedure_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number <= 0:
        raise ValidationError(
            {"procedure_number": _("Indiquez le numéro de la démarche (un nombre entier positif).")}
        )
    return number


def demarches_connection_create(
    *, actor, lab, procedure_number, field_map, channel: str = AuditEntry.Channel.WEB
) -> DemarchesConnection:
    """Connect a lab's DS procedure: its dossiers will arrive in the lab's inbox."""
    if not can_manage_demarches_connection(actor, lab):
        raise PermissionDenied
    number = _clean_procedure_number(procedure_number)
    try:
        cleaned_map = validate_field_map(field_map)
    except ValidationError as error:
        raise ValidationError({"field_map": error.messages}) from error
    with transaction.atomic():
        if DemarchesConnection.objects.filter(lab=lab, procedure_number=number).exists():
            raise ValidationError(
                {"procedure_number": _("Ce laboratoire est déjà connecté à cette démarche.")}
            )
        connection = DemarchesConnection.objects.create(
            lab=lab,
            procedure_number=number,
            # The URL is the only credential DS sends: 32 random bytes, never shown in the audit.
            webhook_token=secrets.token_urlsafe(32),
            field_map=cleaned_map,
        )
        audit_record(
            actor=actor,
            action=IntakeAction.DEMARCHES_CONNECTION_CREATE,
            target=connection,
            changes={"lab": str(lab.pk), "procedure_number": number, "field_map": cleaned_map},
            channel=channel,
        )
    return connection


def demarches_connection_update(
    *,
    actor,
    connection: DemarchesConnection,
    field_map=None,
    is_active: bool | None = None,
    channel: str = AuditEntry.Channel.WEB,
) -> DemarchesConnection:
    """Change which champs fill which fields, or pause/resume the intake."""
    if not can_manage_demarches_connection(actor, connection.lab):
        raise PermissionDenied
    data = {}
    if field_map is not None:
        try:
            data["field_map"] = validate_field_map(field_map)
        except ValidationError as error:
            raise ValidationError({"field_map": error.messages}) from error
    if is_active is not None:
        data["is_active"] = bool(is_active)
    with transaction.atomic():
        connection = DemarchesConnection.objects.select_for_update().get(pk=connection.pk)
        changes = model_changes(connection, data)
        if not changes:
            return connection
        for name, value in data.items():
            setattr(connection, name, value)
        connection.save(update_fields=list(data))
        audit_record(
            actor=actor,
            action=IntakeAction.DEMARCHES_CONNECTION_UPDATE,
            target=connection,
            changes=changes,
            channel=channel,
        )
    return connection


def demarches_dossier_import(
    *, connection: DemarchesConnection, dossier_number: int, client: DemarchesClient | None = None
) -> tuple[Request | None, bool]:
    """Fetch a submitted dossier from DS and file it in the lab's inbox, once.

    Returns (request, created). A failure (DS unreachable, GraphQL error, unknown dossier,
    empty required champ) writes nothing but an audit entry
    "intake.demarches_dossier_import_failed" and
    returns (None, False): re-sending the webhook retries it.
    """
    existing = Request.objects.filter(
        ds_connection=connection, external_ref=str(dossier_number)
    ).first()
    if existing is not None:
        # DS calls again on every state change (en_construction -> en_instruction ...).
        return existing, False
    try:
        fields = _fetch_and_map(connection=connection, dossier_number=dossier_number, client=client)
        return request_receive_external(
            lab=connection.lab,
            channel=RequestChannel.DEMARCHES_SIMPLIFIEES,
            ds_connection=connection,
            **fields,
        )
    except DemarchesError as error:
        _record_failure(connection, dossier_number, error.code, error.message)
    except ValidationError as error:
        _record_failure(connection, dossier_number, "invalid_content", "; ".join(error.messages))
    except Exception as error:
        # A bug, not DS: leave the trace in the audit for the lab, and fail the task loudly.
        _record_failure(connection, dossier_number, "internal_error", type(error).__name__)
        raise
    return None, False


def _fetch_and_map(*, connection, dossier_number: int, client: DemarchesClient | None) -> dict:
    # No transaction is open here: a slow DS must not hold database locks.
    own_client = client is None
    client = client or DemarchesClient.from_environment()
    try:
        dossier = client.fetch_dossier(dossier_number)
    finally:
        if own_client:
            client.close()
    if dossier.number != dossier_number:
        raise DemarchesError("invalid_response", f"Asked for dossier {dossier_number}")
    if dossier.procedure_number != connection.procedure_number:
        raise DemarchesError(
            "procedure_mismatch",
            f"Dossier {dossier_number} belongs to procedure {dossier.procedure_number}",
        )
    return map_dossier(dossier, connection.field_map)


def _record_failure(connection, dossier_number: int, code: str, message: str) -> None:
    logger.warning(
        "Démarches simplifiées: dossier %s of procedure %s not imported (%s: %s)",
        dossier_number,
        connection.procedure_number,
        code,
        message,
    )
    with transaction.atomic():
        audit_record(
            actor=None,
            action=IntakeAction.DEMARCHES_DOSSIER_IMPORT_FAILED,
            target=connection,
            changes={"dossier": dossier_number, "code": code, "message": message[:300]},
            channel=AuditEntry.Channel.IMPORT,
        )


def demarches_webhook_receive(*, token: str, procedure_id, dossier_id, state) -> bool:
    """Take one DS webhook call; queue the dossier's fetch if it has just been submitted.

    Raises DemarchesConnection.DoesNotExist for an unknown or paused connection and
    ValidationError for parameters that do not belong to it. Returns whether a fetch was
    queued. The fetch runs after commit, in a task: DS waits 10 seconds at most.
    """
    connection = DemarchesConnection.objects.get(webhook_token=token, is_active=True)
    errors = {}
    try:
        procedure_number = int(procedure_id)
    except (TypeError, ValueError):
        procedure_number = None
    if procedure_number is None:
        errors["procedure_id"] = _("Le numéro de la démarche est absent ou invalide.")
    elif procedure_number != connection.procedure_number:
        errors["procedure_id"] = _("Cette adresse ne correspond pas à cette démarche.")
    try:
        dossier_number = int(dossier_id)
    except (TypeError, ValueError):
        dossier_number = 0
    if dossier_number <= 0:
        errors["dossier_id"] = _("Le numéro du dossier est absent ou invalide.")
    if not state:
        errors["state"] = _("L'état du dossier est absent.")
    if errors:
        raise ValidationError(errors)
    if state not in SUBMITTED_STATES:
        return False
    connection_id = connection.pk
    transaction.on_commit(
        lambda: demarches_dossier_fetch.enqueue(
            connection_id=connection_id, dossier_number=dossier_number
        )
    )
    return True


@task()
def demarches_dossier_fetch(*, connection_id: int, dossier_number: int) -> str | None:
    """Fetch one dossier and file it as a request; returns the request's public id.

    Runs off the webhook's request path: DS gives its webhook calls 10 seconds
    (docs/adr/0004). Defined here, beside the service it runs and the one that queues
    it, so that the two modules no longer import each other.
    """
    connection = (
        DemarchesConnection.objects.select_related("lab")
        .filter(pk=connection_id, is_active=True)
        .first()
    )
    if connection is None:
        # Deleted or paused since the webhook arrived: the lab no longer wants its dossiers.
        logger.info("Démarches simplifiées: connection %s gone or inactive", connection_id)
        return None
    request, _created = demarches_dossier_import(
        connection=connection, dossier_number=dossier_number
    )
    return str(request.public_id) if request is not None else None

"""Background work for the Démarches simplifiées intake (docs/adr/0004)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def demarches_dossier_fetch(*, connection_id: int, dossier_number: int) -> str | None:
    """Fetch one dossier and file it as a request; returns the request's public id.

    Runs off the webhook's request path: DS gives its webhook calls 10 seconds.
    """
    from .models import DemarchesConnection
    from .services_demarches import demarches_dossier_import

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

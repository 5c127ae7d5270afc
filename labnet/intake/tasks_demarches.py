"""Background work for the Démarches simplifiées intake (docs/adr/0004).

The task lives in `services_demarches`, beside the services it runs; this module keeps
its old import path for tasks queued before the move.
"""

from .services_demarches import demarches_dossier_fetch

__all__ = ["demarches_dossier_fetch"]

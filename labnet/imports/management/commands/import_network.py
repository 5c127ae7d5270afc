"""`manage.py import_network PATH`: the operators' import of the network dataset.

Thin on purpose: the work is in labnet.imports.services; this only maps options,
prints the report and turns a refused import into a non-zero exit status.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from labnet.imports.report import headline, render_text, write_csv
from labnet.imports.services import network_import
from labnet.labs.models import Lab


class Command(BaseCommand):
    help = (
        "Importe le jeu de données du réseau (dossier de fichiers CSV/JSON, un fichier, "
        "ou un classeur XLSX). Tout ou rien : au moindre défaut, rien n'est enregistré."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="dossier, fichier .csv/.json, ou classeur .xlsx")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="valide et compte ce qui changerait, sans rien enregistrer",
        )
        parser.add_argument(
            "--report",
            metavar="FICHIER",
            help="écrit aussi les erreurs dans ce fichier CSV (file,row,field,value,message)",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="n'affiche pas la progression des gros fichiers"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="n'importe que si aucun laboratoire n'est encore enregistré (premier lancement)",
        )
        parser.add_argument(
            "--actor",
            metavar="COURRIEL",
            help="adresse du compte à qui attribuer l'import dans le journal d'audit",
        )

    def handle(self, *args, path, dry_run, report, quiet, actor, if_empty, **options):
        # `make run` loads the dataset once; later runs must not undo what users edited.
        if if_empty and Lab.objects.exists():
            self.stdout.write(
                "Données du réseau déjà chargées : import ignoré "
                "(lancez import_network sans --if-empty pour mettre à jour)."
            )
            return
        user = self._actor(actor) if actor else None
        progress = None if quiet else self._progress
        try:
            result = network_import(path=path, actor=user, dry_run=dry_run, progress=progress)
        except DatabaseError as exc:
            # Raised while reading keys or while writing: either way the transaction,
            # if any, was rolled back.
            raise CommandError(
                f"La base de données a refusé l'opération ({exc}) : tout a été annulé, "
                "rien n'a été enregistré."
            ) from exc
        if report:
            with Path(report).open("w", encoding="utf-8", newline="") as handle:
                write_csv(result, handle)
        self.stdout.write(render_text(result))
        if result.errors:
            raise CommandError(headline(result))

    def _progress(self, message: str) -> None:
        # Plain text: the default error style would paint progress red on a terminal.
        self.stderr.write(message, style_func=str)

    def _actor(self, email: str):
        try:
            return get_user_model().objects.get(email__iexact=email)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Aucun compte n'a l'adresse « {email} ».") from None

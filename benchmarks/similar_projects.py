"""Time of "similar projects" for a new idea over the generated national-scale database.

    LABNET_VAR_DIR=var/bench .venv/bin/python -m benchmarks.similar_projects

Run `manage.py migrate` and `manage.py search_reindex` on that database first. Each of 30
idea texts, written like what an agent types in the single window, is ranked against all
projects for three kinds of user (visitor, lab member, coordinator) through
labnet.search.selectors.similar_projects, the function the pages call. Prints p50/p95 per
user and overall against the 150 ms p95 target of docs/scale.md, with the query count.
A second table times texts made only of words found in most generated projects (the
generator writes every sheet from the same 34 words), the index's worst case.
"""

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from labnet.accounts.models import Membership, User  # noqa: E402
from labnet.labs.models import Lab  # noqa: E402
from labnet.projects.models import Project  # noqa: E402
from labnet.search.models import ProjectSearchDocument  # noqa: E402
from labnet.search.selectors import similar_projects  # noqa: E402

TARGET_P95_MS = 150
IDEAS = [
    "Réduire les délais de traitement des dossiers de demande de titre de séjour",
    "Améliorer l'accueil des usagers en préfecture et raccourcir l'attente au guichet",
    "Dématérialiser les démarches des entreprises pour simplifier leurs demandes d'aides",
    "Ouvrir les données publiques du département et les rendre réutilisables",
    "Transformer la médiathèque municipale en tiers-lieu ouvert aux habitants",
    "Former les agents au management et à l'innovation managériale",
    "Accompagner les personnes âgées dans leur autonomie à domicile",
    "Faciliter l'accès à la santé dans les territoires ruraux",
    "Numériser et automatiser le traitement du courrier entrant des services de l'État",
    "Associer les citoyens à la décision publique par un budget participatif",
    "Attirer des candidats dans la fonction publique territoriale et fidéliser les agents",
    "Simplifier le parcours des demandeurs d'emploi entre les différents guichets",
    "Accélérer l'implantation d'entreprises industrielles dans la région",
    "Mieux informer les usagers sur l'avancement de leur dossier",
    "Développer la mobilité durable des agents pour la transition écologique",
    "Concevoir avec les usagers un formulaire en ligne plus simple",
    "Inclusion numérique des publics éloignés des démarches en ligne",
    "Piloter les politiques publiques par la donnée et des tableaux de bord",
    "Organiser les ressources humaines d'un hôpital pour réduire le turn-over",
    "Co-construire avec les agents d'accueil un nouveau parcours de l'usager",
    "Expérimenter un guichet unique pour les porteurs de projets économiques",
    "Améliorer la qualité de vie au travail des équipes en administration centrale",
    "Prévenir le non-recours aux droits sociaux des familles",
    "Rendre les courriers administratifs compréhensibles par tous",
    "Créer un laboratoire d'innovation territoriale avec les collectivités",
    "Réduire le temps d'instruction des autorisations d'urbanisme",
    "Faciliter la rénovation énergétique des logements des particuliers",
    "Accueillir les nouveaux arrivants dans les services de la préfecture",
    "Partager les bonnes pratiques entre laboratoires d'innovation publique",
    "Accompagner les petites communes dans la dématérialisation de leurs services",
]
USERS = ("visitor", "lab member", "coordinator")


def _user(kind):
    if kind == "visitor":
        return AnonymousUser()
    if kind == "coordinator":
        return User(email="bench-coordination@example.gouv.fr", is_coordinator=True)
    # A member of two labs: sees published projects and the unpublished ones of their labs.
    user, _ = User.objects.get_or_create(email="bench-membre@example.gouv.fr")
    for lab in Lab.objects.order_by("pk")[:2]:
        Membership.objects.get_or_create(user=user, lab=lab)
    return user


# Texts whose every word is in most generated projects (the generator draws each sheet
# from 34 words): nothing sets a project apart, the worst case for the index.
COMMON_ONLY = [
    "Délais de traitement des dossiers",
    "Accueil des usagers",
    "Données ouvertes",
    "Formation des agents au management",
    "Dématérialisation du courrier",
]


def measure(user, texts, runs):
    times = []
    for text in texts:
        similar_projects(text=text, user=user)  # warm the database's caches
        for _ in range(runs):
            started = time.perf_counter()
            results = similar_projects(text=text, user=user)
            times.append((time.perf_counter() - started) * 1000)
        assert results, text
    return times


def percentiles(times):
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def main(runs: int = 5):
    indexed = ProjectSearchDocument.objects.count()
    projects = Project.objects.count()
    print(f"database: {connection.vendor}; {projects} projects, {indexed} indexed")
    if indexed != projects:
        print("The index is not complete: run `manage.py search_reindex` first.")
        return 1
    print(f"target: p95 ≤ {TARGET_P95_MS} ms")
    failures = 0
    for title, texts in (("idea texts", IDEAS), ("common words only", COMMON_ONLY)):
        print(f"\n{title}: {len(texts)} texts x {runs} runs per user")
        print(f"{'user':<14} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        everything = []
        for kind in USERS:
            user = _user(kind)
            with CaptureQueriesContext(connection) as ctx:
                similar_projects(text=texts[0], user=user)
            times = measure(user, texts, runs)
            everything += times
            p50, p95 = percentiles(times)
            print(f"{kind:<14} {p50:>8.1f} {p95:>8.1f} {len(ctx.captured_queries):>8}")
        p50, p95 = percentiles(everything)
        verdict = "ok" if p95 <= TARGET_P95_MS else "OVER"
        failures += verdict != "ok"
        print(f"{'all':<14} {p50:>8.1f} {p95:>8.1f} {'':>8}  {verdict}")
    return failures


if __name__ == "__main__":
    raise SystemExit(1 if main() else 0)

"""Fill a separate database with a national-scale network (ARCHITECTURE.md figures).

    LABNET_VAR_DIR=var/bench .venv/bin/python -m benchmarks.generate --labs 1000 --projects 100000

The real dataset is imported first (regions, departments, themes), then synthetic labs and
projects are bulk-created with deterministic random values (seeded), so two runs compare.
"""

import argparse
import os
import random
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from labnet.labs.enums import LabKind, LabStatus  # noqa: E402
from labnet.labs.models import Lab, Theme  # noqa: E402
from labnet.organisations.enums import OrganisationKind  # noqa: E402
from labnet.organisations.models import Organisation  # noqa: E402
from labnet.projects.enums import Stage  # noqa: E402
from labnet.projects.models import Project  # noqa: E402
from labnet.territories.models import Region  # noqa: E402

WORDS = [
    "délais",
    "traitement",
    "dossiers",
    "accueil",
    "usagers",
    "titres",
    "séjour",
    "données",
    "ouvertes",
    "numérique",
    "ressources",
    "humaines",
    "tiers-lieu",
    "médiathèque",
    "participation",
    "citoyenne",
    "simplification",
    "démarches",
    "entreprises",
    "emploi",
    "santé",
    "autonomie",
    "grand",
    "âge",
    "formation",
    "agents",
    "management",
    "courrier",
    "dématérialisation",
    "mobilité",
    "transition",
    "écologique",
    "industrie",
    "attractivité",
]


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def generate(labs: int, projects: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    call_command("import_network", "data/network", "--quiet")
    regions = list(Region.objects.values_list("code", flat=True))
    themes = list(Theme.objects.all())
    with transaction.atomic():
        # Start again from the real dataset alone, so a second run does not pile up.
        Project.objects.filter(key__startswith="bench-").delete()
        Lab.objects.filter(key__startswith="bench-").delete()
        Organisation.objects.filter(key__startswith="bench-").delete()
        hosts = Organisation.objects.bulk_create(
            Organisation(
                key=f"bench-org-{i}",
                name=f"Organisation {i}",
                kind=rng.choice(OrganisationKind.values),
                region_id=rng.choice(regions),
            )
            for i in range(labs // 2)
        )
        new_labs = Lab.objects.bulk_create(
            Lab(
                key=f"bench-lab-{i}",
                name=f"Laboratoire {i} {sentence(rng, 2)}",
                kind=rng.choice(LabKind.values),
                status=rng.choice(LabStatus.values),
                region_id=rng.choice(regions),
                host=rng.choice(hosts),
                founded_year=rng.randint(2015, 2026),
                summary=sentence(rng, 25),
            )
            for i in range(labs)
        )
        LabThemes = Lab.themes.through
        LabThemes.objects.bulk_create(
            LabThemes(lab_id=lab.pk, theme_id=theme.pk)
            for lab in new_labs
            for theme in rng.sample(themes, 2)
        )
        batch = 5_000
        for start in range(0, projects, batch):
            Project.objects.bulk_create(
                Project(
                    key=f"bench-project-{i}",
                    title=sentence(rng, 6),
                    lead_lab=rng.choice(new_labs),
                    region_id=rng.choice(regions),
                    stage=rng.choice(Stage.values),
                    is_public=rng.random() < 0.8,
                    objective=sentence(rng, 30),
                    approach=sentence(rng, 30),
                    results=sentence(rng, 15),
                    started_year=rng.randint(2016, 2026),
                )
                for i in range(start, min(start + batch, projects))
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labs", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=100_000)
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.labs, args.projects)
    print(
        f"{Lab.objects.count()} labs, {Project.objects.count()} projects "
        f"in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()

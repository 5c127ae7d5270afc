"""What a project is found by: its title, and its theme names, objective, approach and
results. Built the same way for one project (services) and for a batch (reindex)."""

from labnet.projects.models import Project


def _body(theme_names, objective, approach, results) -> str:
    return "\n".join(
        part for part in (" ; ".join(theme_names), objective, approach, results) if part
    )


def project_document(project: Project) -> tuple[str, str]:
    """(title, text) of one project; uses its prefetched themes when there are some."""
    themes = [theme.name_fr for theme in project.themes.all()]
    return project.title, _body(themes, project.objective, project.approach, project.results)


def project_documents(project_ids) -> list[tuple[int, str, str]]:
    """(id, title, text) of the given projects in two queries, whatever their number."""
    themes: dict[int, list[str]] = {}
    links = Project.themes.through.objects.filter(project_id__in=project_ids)
    for project_id, name in links.values_list("project_id", "theme__name_fr").order_by(
        "project_id", "theme__name_fr"
    ):
        themes.setdefault(project_id, []).append(name)
    rows = (
        Project.objects.filter(pk__in=project_ids)
        .order_by("pk")
        .values_list("pk", "title", "objective", "approach", "results")
    )
    return [
        (pk, title, _body(themes.get(pk, ()), objective, approach, results))
        for pk, title, objective, approach, results in rows
    ]

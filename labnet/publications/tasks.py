from django_tasks import task


@task()
def build_publication(*, publication_id: int) -> int:
    from .services import publication_build

    return publication_build(publication_id=publication_id).pk

import factory
from factory.django import DjangoModelFactory

from labnet.resources.enums import Licence, ResourceKind, ResourceStatus
from labnet.resources.models import Resource, ResourceTag


class ResourceTagFactory(DjangoModelFactory):
    class Meta:
        model = ResourceTag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"mot-clé {n}")


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"ressource-{n}")
    title = factory.Sequence(lambda n: f"Ressource {n}")
    kind = ResourceKind.METHOD
    summary = "Une méthode d'atelier pour associer les usagers."
    url = "https://www.modernisation.gouv.fr/ressource"
    licence = Licence.ETALAB_2
    status = ResourceStatus.PUBLISHED

    class Params:
        proposed = factory.Trait(status=ResourceStatus.PROPOSED)
        refused = factory.Trait(status=ResourceStatus.REFUSED)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set([ResourceTagFactory(name=name) for name in extracted])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def projects(self, create, extracted, **kwargs):
        if create and extracted:
            self.projects.set(extracted)

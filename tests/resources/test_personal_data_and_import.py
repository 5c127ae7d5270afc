import pytest
from django.core.files.base import ContentFile

from labnet.core.models import AuditEntry
from labnet.core.personal_data import sections
from labnet.core.services import audit_record
from labnet.imports.services import network_import
from labnet.resources.enums import ResourceStatus
from labnet.resources.models import Resource
from tests.factories import LabFactory, ProjectFactory, SourceFactory, ThemeFactory

from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def _section():
    return next(s for s in sections if s.key == "resource_proposals")


def test_the_export_lists_ones_own_proposals(lab, lab_member):
    ResourceFactory(key="kit", proposed_by=lab_member, lab=lab, tags=["atelier"])
    ResourceFactory(key="not-mine")
    exported = _section().export(lab_member)
    assert [(r["key"], r["lab"], r["tags"], r["status"]) for r in exported] == [
        ("kit", "innovmandie", ["atelier"], "published")
    ]


def test_erasure_keeps_published_resources_and_deletes_the_rest(
    lab_member, django_capture_on_commit_callbacks
):
    published = ResourceFactory(key="published", proposed_by=lab_member)
    proposal = ResourceFactory(key="proposal", proposed=True, proposed_by=lab_member, url="")
    proposal.file.save("guide.txt", ContentFile(b"texte"), save=True)
    stored = proposal.file.name
    storage = proposal.file.storage
    ResourceFactory(key="refused", refused=True, proposed_by=lab_member)
    with django_capture_on_commit_callbacks(execute=True):
        _section().erase(lab_member)
    assert list(Resource.objects.values_list("key", "proposed_by")) == [("published", None)]
    assert published.status == ResourceStatus.PUBLISHED
    assert not storage.exists(stored)


def test_a_resources_file_loads_published_with_its_tags_and_links(tmp_path):
    SourceFactory(key="doc_1")
    LabFactory(key="lab-o")
    ThemeFactory(key="design")
    ProjectFactory(key="titres")
    (tmp_path / "resources.csv").write_text(
        "key,title,kind,summary,url,licence,tags,themes,lab_key,project_keys,source\n"
        "atelier,Atelier,method,Un atelier.,https://example.gouv.fr/a,etalab-2.0,"
        "Design de service;IMMERSION,design,lab-o,titres,doc_1\n",
        encoding="utf-8",
    )
    result = network_import(path=tmp_path)
    assert result.ok, "\n".join(e.text() for e in result.errors)
    resource = Resource.objects.get(key="atelier")
    assert resource.status == ResourceStatus.PUBLISHED
    assert resource.published_at is not None
    assert sorted(t.name for t in resource.tags.all()) == ["design de service", "immersion"]
    assert [p.key for p in resource.projects.all()] == ["titres"]
    assert resource.lab.key == "lab-o"


def test_bad_rows_are_reported_in_french_and_nothing_is_loaded(tmp_path):
    SourceFactory(key="doc_1")
    (tmp_path / "resources.csv").write_text(
        "key,title,kind,summary,url,licence,tags,themes,lab_key,project_keys,source\n"
        "atelier,Atelier,poem,Un atelier.,ftp://x,etalab-2.0,,,inconnu,,doc_1\n",
        encoding="utf-8",
    )
    result = network_import(path=tmp_path)
    assert not result.ok
    messages = "\n".join(e.text() for e in result.errors)
    assert "« poem » n'est pas une valeur autorisée" in messages
    assert "n'est pas une adresse web valide" in messages
    assert not Resource.objects.exists()


def test_erasure_blanks_the_audit_entries_of_deleted_proposals(lab_member):
    published = ResourceFactory(key="published", title="Guide publié", proposed_by=lab_member)
    proposal = ResourceFactory(
        key="mine", title="Mon guide perso", proposed=True, proposed_by=lab_member
    )
    for resource in (published, proposal):
        audit_record(
            actor=lab_member,
            action="resources.resource_propose",
            target=resource,
            changes={"title": resource.title},
        )
    _section().erase(lab_member)
    rows = AuditEntry.objects.filter(action="resources.resource_propose").order_by("id")
    assert [(e.actor_id, e.target_id, e.target_repr, e.changes) for e in rows] == [
        (lab_member.pk, str(published.pk), str(published), {"title": "Guide publié"}),
        (lab_member.pk, str(proposal.pk), "", {}),
    ]

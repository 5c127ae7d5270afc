"""Uploaded files on S3-compatible object storage (LABNET_S3_BUCKET, docs/adr/0049): a
project document goes to the bucket, comes back through the checked view for the team,
and is refused to a member of another lab. Against moto's S3 server on 127.0.0.1."""

import socket

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from config.settings.base import s3_storage
from labnet.projects.models import ProjectDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% un compte rendu\n%%EOF\n"
BUCKET = "labnet-documents"
KEYS = {"LABNET_S3_ACCESS_KEY_ID": "test-key", "LABNET_S3_SECRET_ACCESS_KEY": "test-secret"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    moto_server = pytest.importorskip("moto.server")
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_settings(s3_server, settings, monkeypatch):
    monkeypatch.setenv("LABNET_S3_ENDPOINT_URL", s3_server)
    monkeypatch.setenv("LABNET_S3_REGION", "eu-west-3")
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    bucket = boto3.resource(
        "s3",
        endpoint_url=s3_server,
        region_name="eu-west-3",
        aws_access_key_id=KEYS["LABNET_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["LABNET_S3_SECRET_ACCESS_KEY"],
    ).Bucket(BUCKET)
    bucket.create(CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(BUCKET)}
    yield bucket
    bucket.objects.all().delete()
    bucket.delete()


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_document_lives_in_the_bucket_and_only_the_team_reads_it(
    s3_settings, project, lab_member, outsider
):
    member = _client_of(lab_member)
    upload = member.post(
        reverse("accompaniment:document_add", kwargs={"key": project.key}),
        {
            "document-kind": "report",
            "document-title": "Compte rendu",
            "document-file": SimpleUploadedFile("cr.pdf", PDF),
        },
    )
    assert upload.status_code == 302
    document = ProjectDocument.objects.get()
    stored = [item.key for item in s3_settings.objects.all()]
    assert stored == [document.file.name]
    assert s3_settings.Object(document.file.name).get()["Body"].read() == PDF

    address = reverse(
        "accompaniment:document_download", kwargs={"key": project.key, "pk": document.pk}
    )
    download = member.get(address)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="Compte rendu.pdf"'
    assert download["Cache-Control"] == "private, no-store"

    refused = _client_of(outsider).get(address)
    assert refused.status_code == 404  # a private project does not exist for outsiders
    assert PDF not in refused.content
    anonymous = Client().get(address)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))

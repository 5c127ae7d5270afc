"""Fills a fresh database for the backup tests, run in its own process (`manage.py shell -c`)
so that the backup is taken of a real file or server database, as an operator would: the
schema, the real network, one of everything people do (tests/network.py) and uploaded files
of every kind, some binary, some with accented names."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command

from labnet.calls.models import Answer, AnswerAttachment
from labnet.intake.models import Request, RequestAttachment
from labnet.resources.models import Resource
from tests.network import populated_network


def seed() -> None:
    call_command("migrate", verbosity=0)
    populated_network(settings)
    request = Request.objects.exclude(submitted_at=None).order_by("pk").first()
    RequestAttachment.objects.create(
        request=request,
        title="Photo du guichet",
        file=ContentFile(bytes(range(256)) * 40, name="guichet été.png"),
        content_type="image/png",
        size=10240,
    )
    answer = Answer.objects.order_by("pk").first()
    AnswerAttachment.objects.create(
        answer=answer,
        file=ContentFile(b"%PDF-1.4\n" + b"\x00\xff" * 500, name="dossier.pdf"),
        name="dossier.pdf",
        content_type="application/pdf",
        size=1009,
    )
    resource = Resource.objects.order_by("pk").first()
    resource.file.save("boîte à outils.txt", ContentFile("Méthodes\n".encode()), save=True)

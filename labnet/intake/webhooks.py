"""The URL Démarches simplifiées calls on each state change of a connected procedure's dossier.

DS POSTs form-encoded `procedure_id`, `dossier_id`, `state` and `updated_at` and gives up after
10 seconds without retrying, so this answers at once and leaves the fetch to a task.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import DemarchesConnection
from .services_demarches import demarches_webhook_receive

PARAMETERS = ("procedure_id", "dossier_id", "state")


def _parameter(request, name: str) -> str | None:
    # DS's documentation shows the parameters both in the body and as a query string.
    return request.POST.get(name) or request.GET.get(name)


@csrf_exempt  # called server to server by DS; the secret token in the URL authenticates it
@require_POST
def demarches_webhook(request, token: str):
    try:
        queued = demarches_webhook_receive(
            token=token, **{name: _parameter(request, name) for name in PARAMETERS}
        )
    except DemarchesConnection.DoesNotExist as error:
        raise Http404 from error
    except ValidationError as error:
        return JsonResponse(
            {
                "errors": [
                    {"field": field, "message": message, "code": "invalid"}
                    for field, messages in error.message_dict.items()
                    for message in messages
                ]
            },
            status=400,
        )
    return JsonResponse(
        {"status": "queued" if queued else "ignored"}, status=202 if queued else 200
    )

"""Démarches simplifiées: the GraphQL API v2 client and the mapping of a dossier to a request.

Nothing here writes to the database; `services_demarches` does, with what this returns.
See docs/demarches-simplifiees.md for the webhook, the API and how a lab connects a procedure.
"""

import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field

import httpx
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://www.demarches-simplifiees.fr/api/v2/graphql"
# DS gives its own webhook calls 10 s; the fetch runs in a background task, so a little more
# is fine, but never an unbounded wait that would hold a worker.
TIMEOUT_SECONDS = 20.0

# States DS sends in its webhook once a dossier has been submitted by the service user
# ("brouillon" never triggers it). Later states (accepte, refuse, sans_suite) are the DS
# instructors' decisions: they do not create anything in LabNet.
SUBMITTED_STATES = frozenset({"en_construction", "en_instruction"})

# `demarche { number }` is not needed to fill the request: it proves the dossier belongs to
# the connection's procedure, since one API token may read the procedures of several labs.
DOSSIER_QUERY = """
query getDossier($number: Int!) {
  dossier(number: $number) {
    id
    number
    state
    dateDepot
    demarche {
      number
    }
    usager {
      email
    }
    demandeur {
      ... on PersonnePhysique {
        nom
        prenom
      }
    }
    champs {
      id
      label
      stringValue
    }
  }
}
""".strip()

# Request fields a connection's field_map may fill, with the length each one accepts.
TEXT_FIELDS = {
    "title": 200,
    "problem": None,
    "affected_people": None,
    "tried": None,
    "stakeholders": None,
}
PLACE_FIELDS = ("department", "region")
MAPPABLE_FIELDS = (*TEXT_FIELDS, *PLACE_FIELDS)
REQUIRED_FIELDS = ("title", "problem")


class DemarchesError(Exception):
    """The dossier could not be fetched or read. `code` is stable, for the audit trail."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Dossier:
    number: int
    state: str
    procedure_number: int | None
    deposited_at: str
    usager_email: str
    first_name: str
    last_name: str
    # (label, stringValue) in the order of the form.
    champs: list[tuple[str, str | None]] = field(default_factory=list)


def http_client_factory() -> httpx.Client:
    """The HTTP client the API client uses. Tests replace it with one on a MockTransport."""
    return httpx.Client(timeout=TIMEOUT_SECONDS)


def api_url() -> str:
    return os.environ.get("LABNET_DS_API_URL") or DEFAULT_API_URL


def api_token() -> str:
    return os.environ.get("LABNET_DS_API_TOKEN", "").strip()


class DemarchesClient:
    """A minimal client of the DS GraphQL API v2: one query, strict error handling."""

    def __init__(self, *, http: httpx.Client, url: str, token: str):
        self.http = http
        self.url = url
        self.token = token

    @classmethod
    def from_environment(cls) -> "DemarchesClient":
        token = api_token()
        if not token:
            raise DemarchesError("not_configured", "LABNET_DS_API_TOKEN is not set")
        return cls(http=http_client_factory(), url=api_url(), token=token)

    def close(self) -> None:
        self.http.close()

    def execute(self, *, query: str, variables: dict, operation_name: str) -> dict:
        """POST one GraphQL operation; return its `data`, or raise DemarchesError."""
        try:
            response = self.http.post(
                self.url,
                json={"query": query, "variables": variables, "operationName": operation_name},
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Accept": "application/json",
                },
            )
        except httpx.HTTPError as error:
            raise DemarchesError("unreachable", f"{type(error).__name__}: {error}") from error
        try:
            payload = response.json()
        except ValueError:
            payload = None
        # DS answers GraphQL errors (not found, permissions) with HTTP 200 and an `errors`
        # list; other statuses come from its front servers (401, 429, 502...).
        if isinstance(payload, dict) and payload.get("errors"):
            first = payload["errors"][0] if isinstance(payload["errors"][0], dict) else {}
            code = (first.get("extensions") or {}).get("code") or "graphql_error"
            raise DemarchesError(str(code), str(first.get("message", "GraphQL error"))[:300])
        if response.status_code != 200:
            raise DemarchesError("http_error", f"HTTP {response.status_code}")
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
            raise DemarchesError("invalid_response", "The answer has no data")
        return payload["data"]

    def fetch_dossier(self, number: int) -> Dossier:
        data = self.execute(
            query=DOSSIER_QUERY, variables={"number": number}, operation_name="getDossier"
        )
        return parse_dossier(data.get("dossier"))


def parse_dossier(raw) -> Dossier:
    if not isinstance(raw, dict) or not isinstance(raw.get("number"), int):
        raise DemarchesError("invalid_response", "The answer has no dossier")
    demandeur = raw.get("demandeur") or {}
    usager = raw.get("usager") or {}
    demarche = raw.get("demarche") or {}
    champs = [
        (str(champ.get("label") or ""), champ.get("stringValue"))
        for champ in raw.get("champs") or []
        if isinstance(champ, dict)
    ]
    return Dossier(
        number=raw["number"],
        state=str(raw.get("state") or ""),
        procedure_number=demarche.get("number"),
        deposited_at=str(raw.get("dateDepot") or ""),
        usager_email=str(usager.get("email") or ""),
        first_name=str(demandeur.get("prenom") or ""),
        last_name=str(demandeur.get("nom") or ""),
        champs=champs,
    )


# --- mapping ------------------------------------------------------------------------------


def normalize_label(label: str) -> str:
    """Labels are typed by people in DS's editor: compare them ignoring case, the kind of
    apostrophe and spacing (« Qu’avez-vous » and « Qu'avez-vous  » are the same label)."""
    text = unicodedata.normalize("NFKC", label or "")
    text = text.replace("\u2019", "'").replace("\u02bc", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def validate_field_map(field_map) -> dict:
    """A clean {request field: DS label} map, or a ValidationError in French."""
    if not isinstance(field_map, dict):
        raise ValidationError(
            _("La correspondance des champs doit associer un champ de la demande à un libellé."),
            code="invalid",
        )
    unknown = sorted(set(field_map) - set(MAPPABLE_FIELDS))
    if unknown:
        raise ValidationError(
            _("Champs de la demande inconnus : %(fields)s. Champs possibles : %(allowed)s.")
            % {"fields": ", ".join(unknown), "allowed": ", ".join(MAPPABLE_FIELDS)},
            code="unknown_field",
        )
    cleaned = {}
    for name, label in field_map.items():
        if not isinstance(label, str) or not label.strip():
            raise ValidationError(
                _("Indiquez le libellé du champ Démarches simplifiées pour « %(field)s ».")
                % {"field": name},
                code="blank_label",
            )
        cleaned[name] = label.strip()
    missing = [name for name in REQUIRED_FIELDS if name not in cleaned]
    if missing:
        raise ValidationError(
            _("La correspondance doit indiquer au moins : %(fields)s.")
            % {"fields": ", ".join(missing)},
            code="required_field",
        )
    return cleaned


_PLACE_CODE = re.compile(r"^\s*(2[AB]|\d{2,3})\b", re.IGNORECASE)


def _place(model, value: str | None):
    """DS writes a department champ as « 27 - Eure » (a region as « 28 - Normandie »):
    the INSEE code first, which is our primary key. A bare name is accepted too."""
    if not value:
        return None
    match = _PLACE_CODE.match(value)
    if match:
        found = model.objects.filter(code=match.group(1).upper()).first()
        if found is not None:
            return found
    name = re.sub(r"^\s*\S+\s+-\s+", "", value).strip()
    return model.objects.filter(name__iexact=name).first() if name else None


def _truncate(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def map_dossier(dossier: Dossier, field_map: dict) -> dict:
    """The keyword arguments of `request_receive_external` that the dossier fills."""
    from labnet.territories.models import Department, Region

    values: dict[str, str] = {}
    for label, value in dossier.champs:
        key = normalize_label(label)
        # The first non-empty champ with the label wins (a label may repeat in sections).
        if value and str(value).strip() and key not in values:
            values[key] = str(value).strip()

    mapped: dict = {}
    for name, label in field_map.items():
        value = values.get(normalize_label(label), "")
        if name in TEXT_FIELDS:
            mapped[name] = _truncate(value, TEXT_FIELDS[name])
    missing = [name for name in REQUIRED_FIELDS if not mapped.get(name)]
    if missing:
        labels = ", ".join(f"« {field_map.get(name, name)} »" for name in missing)
        raise DemarchesError("missing_field", f"Empty or absent champ(s): {labels}")

    def place_value(name: str) -> str | None:
        return values.get(normalize_label(field_map[name])) if name in field_map else None

    department = _place(Department, place_value("department"))
    region = _place(Region, place_value("region"))
    if region is None and department is not None:
        region = department.region
    author_name = " ".join(part for part in (dossier.first_name, dossier.last_name) if part)
    return {
        **mapped,
        "external_ref": str(dossier.number),
        "author_email": dossier.usager_email,
        "author_name": author_name[:200],
        "department": department,
        "region": region,
    }

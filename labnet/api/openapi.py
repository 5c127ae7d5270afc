"""Helpers for the OpenAPI document: bilingual texts and the error responses."""

from drf_spectacular.utils import OpenApiResponse

from .serializers.errors import ErrorSerializer


def bilingual(fr: str, en: str) -> str:
    # Operations are read by agents (French) and by re-users abroad (English).
    return f"**FR** — {fr}\n\n**EN** — {en}"


def error(fr: str, en: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=f"{fr} / {en}")


INVALID_FILTER = error("Filtre ou page invalide.", "Invalid filter or page.")
NOT_FOUND = error("Introuvable (ou non visible).", "Not found (or not visible).")
NOT_AUTHENTICATED = error("Authentification requise.", "Authentication required.")

"""Token sign-in (e-mail and password) and the signed-in caller's identity."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from labnet.accounts.api_tokens import api_token_create, api_token_revoke, api_tokens_of
from labnet.accounts.models import ApiToken
from labnet.core.models import AuditEntry

from .errors import raise_api_error
from .openapi import NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .querysets import user_with_memberships
from .serializers.accounts import (
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    CredentialsSerializer,
    MeSerializer,
    TokenSerializer,
)

TAG = "auth"


def _session_verified(request) -> bool:
    """A signed-in session that entered its second factor's code (django-otp); a call
    authenticated by a token never is, whatever that token's history."""
    if request.auth is not None:
        return False
    return getattr(request._request.user, "is_verified", lambda: False)()


class TokenView(APIView):
    # No authentication here: a browser's session cookie would otherwise make DRF demand
    # a CSRF token from a script that only wants to sign in.
    authentication_classes = []
    permission_classes = [AllowAny]
    # Password guessing is slowed down per client address (rate "token" in settings).
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        operation_id="auth_token_create",
        tags=[TAG],
        summary="Obtenir un jeton / Get a token",
        description=bilingual(
            "Échange une adresse électronique et un mot de passe contre un nouveau jeton, à "
            "envoyer ensuite dans l'en-tête `Authorization: Token <jeton>`. Le jeton n'est "
            "affiché qu'une fois (LabNet n'en garde qu'une empreinte) et expire après 90 jours. "
            "Limité à 10 essais par minute. Refusé (403) à qui a activé la double "
            "authentification ou doit l'avoir : ces personnes créent leurs jetons sur le site.",
            "Exchanges an e-mail address and a password for a new token, then sent in the "
            "`Authorization: Token <token>` header. The token is shown once (LabNet keeps only "
            "its hash) and expires after 90 days. Limited to 10 attempts a minute. Refused "
            "(403) to whoever enabled the second factor or must have it: they create their "
            "tokens on the site.",
        ),
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: error("Identifiants incorrects.", "Wrong credentials."),
            403: error(
                "Double authentification : créer le jeton sur le site.",
                "Second factor: create the token on the site.",
            ),
            429: error("Trop d'essais.", "Too many attempts."),
        },
        auth=[],
    )
    def post(self, request):
        serializer = CredentialsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            new = api_token_create(
                actor=serializer.validated_data["user"],
                name=serializer.validated_data.get("name") or "API",
                channel=AuditEntry.Channel.API,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return Response(TokenSerializer(new).data)


class TokenListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_tokens_list",
        tags=[TAG],
        summary="Mes jetons / My tokens",
        description=bilingual(
            "Les jetons de la personne authentifiée, en service ou non, sans leur clé (seul "
            "le préfixe les désigne).",
            "The caller's tokens, active or not, without their key (only the prefix names them).",
        ),
        responses={200: ApiTokenSerializer(many=True), 401: NOT_AUTHENTICATED},
    )
    def get(self, request):
        return Response(ApiTokenSerializer(api_tokens_of(request.user), many=True).data)

    @extend_schema(
        operation_id="auth_tokens_create",
        tags=[TAG],
        summary="Créer un jeton / Create a token",
        description=bilingual(
            "Crée un jeton nommé pour la personne authentifiée ; sa clé n'est affichée que "
            "dans cette réponse. Qui a la double authentification (ou doit l'avoir) ne le "
            "peut que depuis une session du site où le code a été saisi, jamais avec un jeton.",
            "Creates a named token for the caller; its key is shown in this answer only. "
            "Whoever has the second factor (or must have it) can do so only from a site "
            "session where the code was entered, never with a token.",
        ),
        request=ApiTokenCreateSerializer,
        responses={
            201: TokenSerializer,
            400: error("Nom ou durée invalide.", "Invalid name or duration."),
            401: NOT_AUTHENTICATED,
            403: error(
                "Double authentification : créer le jeton sur le site.",
                "Second factor: create the token on the site.",
            ),
        },
    )
    def post(self, request):
        serializer = ApiTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            new = api_token_create(
                actor=request.user,
                name=serializer.validated_data["name"],
                days=serializer.validated_data.get("days"),
                second_factor_verified=_session_verified(request),
                channel=AuditEntry.Channel.API,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        return Response(TokenSerializer(new).data, status=status.HTTP_201_CREATED)


class TokenDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_tokens_destroy",
        tags=[TAG],
        summary="Révoquer un jeton / Revoke a token",
        description=bilingual(
            "Révoque l'un de ses jetons : il est refusé dès l'appel suivant.",
            "Revokes one of the caller's tokens: it is refused from the next call on.",
        ),
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="Identifiant / id.")
        ],
        responses={204: None, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    )
    def delete(self, request, id):
        # Another person's token is "not found", so ids cannot be probed.
        token = ApiToken.objects.filter(pk=id, user=request.user).first()
        if token is None:
            raise Http404
        api_token_revoke(actor=request.user, token=token, channel=AuditEntry.Channel.API)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_me_retrieve",
        tags=[TAG],
        summary="Mon compte / My account",
        description=bilingual(
            "La personne authentifiée et ses laboratoires.",
            "The authenticated caller and their labs.",
        ),
        responses={200: MeSerializer, 401: NOT_AUTHENTICATED},
    )
    def get(self, request):
        return Response(MeSerializer(user_with_memberships(request.user)).data)

"""Token sign-in (e-mail and password) and the signed-in caller's identity."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .openapi import NOT_AUTHENTICATED, bilingual, error
from .querysets import user_with_memberships
from .serializers.accounts import CredentialsSerializer, MeSerializer, TokenSerializer
from .services import api_token_issue

TAG = "auth"


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
            "Échange une adresse électronique et un mot de passe contre un jeton, à envoyer "
            "ensuite dans l'en-tête `Authorization: Token <jeton>`. Limité à 10 essais par "
            "minute.",
            "Exchanges an e-mail address and a password for a token, then sent in the "
            "`Authorization: Token <token>` header. Limited to 10 attempts a minute.",
        ),
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: error("Identifiants incorrects.", "Wrong credentials."),
            429: error("Trop d'essais.", "Too many attempts."),
        },
        auth=[],
    )
    def post(self, request):
        serializer = CredentialsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = api_token_issue(user=serializer.validated_data["user"])
        return Response(TokenSerializer({"token": token.key}).data)


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

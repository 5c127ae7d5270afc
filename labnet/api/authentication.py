"""`Authorization: Token <key>` against LabNet's hashed, named, expiring tokens."""

from django.core.exceptions import ValidationError
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from labnet.accounts.api_tokens import api_token_authenticate


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's header parsing (and its OpenAPI description), LabNet's token check."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        try:
            token = api_token_authenticate(key)
        except ValidationError as error:
            raise exceptions.AuthenticationFailed(error.messages[0]) from error
        return token.user, token

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from labnet.accounts.models import ApiToken, Membership, User
from labnet.accounts.rules import is_coordinator
from labnet.core.text import model_max_length

from .base import ModelSerializer

# Longer than any password a person types; bounds the work of hashing a pasted text.
PASSWORD_MAX_LENGTH = 1_000


class CredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField(
        max_length=model_max_length(User, "email"), label=_("adresse électronique")
    )
    password = serializers.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        label=_("mot de passe"),
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
    )
    name = serializers.CharField(
        label=_("nom du jeton"),
        max_length=100,
        required=False,
        help_text="Nom donné au nouveau jeton (« API » par défaut) / the new token's name.",
    )

    def validate(self, attrs):
        # Addresses are stored in lower case (accounts.managers); the model backend maps
        # `email` to USERNAME_FIELD and refuses inactive accounts.
        # The HttpRequest under DRF's, so the lockout (django-axes) marks the request its
        # middleware answers (429 with the cool-off) and counts the failure per address.
        request = self.context.get("request")
        user = authenticate(
            request=getattr(request, "_request", request),
            email=attrs["email"].lower(),
            password=attrs["password"],
        )
        if user is None:
            # One message for an unknown address and a wrong password: no account probing.
            raise serializers.ValidationError(
                _("Adresse électronique ou mot de passe incorrect."), code="authorization"
            )
        attrs["user"] = user
        return attrs


class ApiTokenSerializer(ModelSerializer):
    """A token as its owner sees it in lists: never its key, which is not stored."""

    is_active = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "revoked_because",
            "is_active",
        ]
        read_only_fields = fields

    def get_is_active(self, token) -> bool:
        return token.is_active()


class TokenSerializer(ApiTokenSerializer):
    """A token just created: its key is in this answer and nowhere else, ever."""

    token = serializers.CharField(
        read_only=True,
        help_text="À envoyer dans l'en-tête `Authorization: Token <token>` ; affiché une seule "
        "fois.",
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = ["token", *ApiTokenSerializer.Meta.fields]
        read_only_fields = fields

    def to_representation(self, new_token):
        return {"token": new_token.key, **super().to_representation(new_token.token)}


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(label=_("nom"), max_length=100)
    days = serializers.IntegerField(
        label=_("durée en jours"),
        required=False,
        min_value=1,
        help_text="Durée de validité en jours (90 par défaut, 365 au plus) / days of validity.",
    )


class MembershipSerializer(ModelSerializer):
    lab = serializers.SlugRelatedField(read_only=True, slug_field="key")

    class Meta:
        model = Membership
        fields = ["lab", "role"]
        read_only_fields = fields


class MeSerializer(ModelSerializer):
    is_coordinator = serializers.SerializerMethodField(
        help_text="Coordination nationale ou administration : voit tous les projets."
    )
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["email", "full_name", "is_coordinator", "memberships"]
        read_only_fields = fields

    def get_is_coordinator(self, user) -> bool:
        return is_coordinator(user)

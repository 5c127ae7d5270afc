"""Serializers of the calls (API v1). An answer's representation never carries scores or
reviewers' comments, whoever reads it; the committee's list adds the review count and mean
score, blanked on the reader's own answers."""

from rest_framework import serializers

from labnet.calls.models import (
    Answer,
    AnswerAttachment,
    Call,
    CallCriterion,
    CallQuestion,
    Review,
    ReviewScore,
)
from labnet.calls.rules import is_answer_author
from labnet.core.text import model_max_length

from .base import ModelSerializer
from .fields import PageUrlField
from .refs import LabRefSerializer, OrganisationRefSerializer


class CallQuestionSerializer(ModelSerializer):
    class Meta:
        model = CallQuestion
        fields = ["id", "order", "label", "help_text", "required", "kind"]
        read_only_fields = fields


class CallCriterionSerializer(ModelSerializer):
    class Meta:
        model = CallCriterion
        fields = ["id", "order", "label", "weight", "max_score"]
        read_only_fields = fields


class CallSerializer(ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    phase = serializers.CharField(
        read_only=True, help_text="draft, upcoming, open, closed ou decided (selon les dates)."
    )
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    owner_lab = LabRefSerializer(
        read_only=True, allow_null=True, help_text="null : appel national de la coordination."
    )
    challenge_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    questions = CallQuestionSerializer(many=True, read_only=True)
    criteria = CallCriterionSerializer(many=True, read_only=True)
    url = PageUrlField(help_text="Page de l'appel.")

    class Meta:
        model = Call
        fields = [
            "key",
            "title",
            "kind",
            "kind_label",
            "status",
            "phase",
            "phase_label",
            "owner_lab",
            "challenge_organisation",
            "summary",
            "eligibility",
            "opens_at",
            "closes_at",
            "questions",
            "criteria",
            "url",
        ]
        read_only_fields = fields


class AttachmentSerializer(ModelSerializer):
    class Meta:
        model = AnswerAttachment
        fields = ["id", "name", "content_type", "size", "created_at"]
        read_only_fields = fields


class AnswerSerializer(ModelSerializer):
    call = serializers.SlugRelatedField(slug_field="key", read_only=True)
    call_title = serializers.CharField(source="call.title", read_only=True)
    # A plain string: the answer's statuses would otherwise collide, as an enum, with the
    # other "status" choice sets of the document.
    status = serializers.CharField(
        read_only=True, help_text="`draft`, `submitted`, `accepted`, `rejected` ou `withdrawn`."
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    author = serializers.SerializerMethodField(help_text="Nom de l'auteur.")
    co_authors = serializers.SerializerMethodField(help_text="Noms des co-auteurs.")
    responses = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Réponses, par identifiant de question.",
    )
    attachments = AttachmentSerializer(many=True, read_only=True)
    request = serializers.SlugRelatedField(
        slug_field="public_id",
        read_only=True,
        allow_null=True,
        help_text="Demande créée dans la boîte du laboratoire (appel à projets accepté).",
    )
    decision_lab = LabRefSerializer(read_only=True, allow_null=True)
    url = PageUrlField(help_text="Page de la réponse.")

    class Meta:
        model = Answer
        fields = [
            "id",
            "call",
            "call_title",
            "title",
            "status",
            "status_label",
            "author",
            "co_authors",
            "responses",
            "attachments",
            "submitted_at",
            "decided_at",
            "decision_message",
            "decision_lab",
            "request",
            "url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_author(self, answer) -> str:
        return answer.author.full_name or answer.author.email

    def get_co_authors(self, answer) -> list[str]:
        return [user.full_name or user.email for user in answer.co_authors.all()]


class CommitteeAnswerSerializer(AnswerSerializer):
    """For the call's owner side and reviewers: with the reviews' count and mean score."""

    review_count = serializers.IntegerField(read_only=True, allow_null=True)
    average = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="Moyenne des évaluations, sur 20.",
    )

    class Meta(AnswerSerializer.Meta):
        fields = [*AnswerSerializer.Meta.fields, "review_count", "average"]
        read_only_fields = fields

    def to_representation(self, answer):
        data = super().to_representation(answer)
        request = self.context.get("request")
        if request is not None and is_answer_author(request.user, answer):
            # An applicant never reads the scores, not even as a reviewer of the same call.
            data["review_count"], data["average"] = None, None
        return data


class AnswerWriteSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    responses = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Réponses par identifiant de question ; les autres restent inchangées.",
    )


class ReviewWriteSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Note par identifiant de critère, de 0 à sa note maximale.",
    )
    comment = serializers.CharField(
        max_length=model_max_length(Review, "comment"),
        required=False,
        allow_blank=True,
        default="",
        help_text="Commentaire privé.",
    )


class ReviewScoreSerializer(ModelSerializer):
    criterion = serializers.IntegerField(source="criterion_id", read_only=True)
    label = serializers.CharField(source="criterion.label", read_only=True)
    max_score = serializers.IntegerField(source="criterion.max_score", read_only=True)

    class Meta:
        model = ReviewScore
        fields = ["criterion", "label", "score", "max_score"]
        read_only_fields = fields


class ReviewSerializer(ModelSerializer):
    scores = ReviewScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = ["total", "comment", "scores", "created_at", "updated_at"]
        read_only_fields = fields

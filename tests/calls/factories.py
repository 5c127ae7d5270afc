"""Factories of the calls domain (build on tests/factories.py)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from labnet.calls.enums import AnswerStatus, CallKind, CallStatus, QuestionKind
from labnet.calls.models import (
    Answer,
    Call,
    CallCriterion,
    CallQuestion,
    CallReviewer,
    Review,
)
from tests.factories import LabFactory, UserFactory


class CallFactory(DjangoModelFactory):
    """A published call, open for a month, with no question yet (see `with_questions`)."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"appel-{n}")
    title = factory.Sequence(lambda n: f"Appel {n}")
    kind = CallKind.CONTRIBUTORS
    owner_lab = factory.SubFactory(LabFactory)
    summary = "Nous cherchons des agents pour nos ateliers."
    eligibility = "Tout agent public."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    status = CallStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=CallStatus.DRAFT, published_at=None)
        past = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=40)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2)),
        )
        projects = factory.Trait(kind=CallKind.PROJECTS)
        national = factory.Trait(owner_lab=None)

    @factory.post_generation
    def with_questions(self, create, extracted, **kwargs):
        """`with_questions=True`: one required long question, one optional short one, and
        two criteria (coefficient 2 out of 5, coefficient 1 out of 10)."""
        if not (create and extracted):
            return
        CallQuestion.objects.create(call=self, order=0, label="Vos motivations ?")
        CallQuestion.objects.create(
            call=self, order=1, label="Votre service ?", required=False, kind=QuestionKind.TEXT
        )
        CallCriterion.objects.create(call=self, order=0, label="Motivation", weight=2, max_score=5)
        CallCriterion.objects.create(call=self, order=1, label="Expérience", weight=1, max_score=10)

    @factory.post_generation
    def reviewers(self, create, extracted, **kwargs):
        if create and extracted:
            for user in extracted:
                CallReviewer.objects.create(call=self, user=user)


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    call = factory.SubFactory(CallFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Réponse {n}")

    class Params:
        submitted = factory.Trait(
            status=AnswerStatus.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review

    answer = factory.SubFactory(AnswerFactory, submitted=True)
    reviewer = factory.SubFactory(UserFactory)
    comment = "Solide."
    total = 12


def fill_required(answer: Answer) -> Answer:
    """Answer every required question of the answer's call."""
    answer.responses = {
        str(q.pk): "Une réponse complète." for q in answer.call.questions.filter(required=True)
    }
    answer.save()
    return answer

from django.contrib import admin

from .models import (
    Answer,
    AnswerAttachment,
    Call,
    CallCriterion,
    CallQuestion,
    CallReviewer,
    Review,
    ReviewScore,
)


class CallQuestionInline(admin.TabularInline):
    model = CallQuestion
    extra = 0


class CallCriterionInline(admin.TabularInline):
    model = CallCriterion
    extra = 0


class CallReviewerInline(admin.TabularInline):
    model = CallReviewer
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner_lab", "status", "opens_at", "closes_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "key"]
    raw_id_fields = ["owner_lab", "challenge_organisation", "created_by"]
    inlines = [CallQuestionInline, CallCriterionInline, CallReviewerInline]


class AnswerAttachmentInline(admin.TabularInline):
    model = AnswerAttachment
    extra = 0
    fields = ["name", "content_type", "size", "created_at"]
    readonly_fields = fields


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "call", "author", "status", "submitted_at"]
    list_filter = ["status", "call__kind"]
    search_fields = ["title", "author__email", "call__title"]
    raw_id_fields = ["call", "author", "co_authors", "decided_by", "request", "decision_lab"]
    inlines = [AnswerAttachmentInline]


class ReviewScoreInline(admin.TabularInline):
    model = ReviewScore
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["answer", "reviewer", "total", "updated_at"]
    raw_id_fields = ["answer", "reviewer"]
    inlines = [ReviewScoreInline]
